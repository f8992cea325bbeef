import type { ProblemSpec } from '@strongroom/kernel/fastify'
import type { ComplianceErrorCode } from '../core/index.js'

/** Every compliance error code, answered over HTTP. A new code without a row here does not compile. */
export const complianceProblems = {
  'compliance.invalid_list': { status: 422, title: 'Watchlist is not valid' },
  'compliance.list_not_loaded': { status: 409, title: 'No watchlist loaded' },
  'compliance.client_not_found': { status: 404, title: 'Client not found' },
  'compliance.invalid_query': { status: 422, title: 'Screening query is not valid' },
  'compliance.kyc_required': { status: 422, title: 'KYC does not hold for the client' },
  'compliance.invalid_kyc': { status: 422, title: 'KYC change not possible' },
} as const satisfies Record<ComplianceErrorCode, ProblemSpec>

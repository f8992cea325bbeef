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
  'compliance.approval_not_found': { status: 404, title: 'Approval request not found' },
  'compliance.approval_not_pending': { status: 409, title: 'Approval request no longer pending' },
  'compliance.self_approval': { status: 403, title: 'The maker cannot approve their own request' },
  'compliance.not_an_approver': { status: 403, title: 'Your role cannot decide this request' },
  'compliance.approval_required': { status: 422, title: 'This action needs an approval request' },
  'compliance.invalid_policy': { status: 422, title: 'Approval policy is not valid' },
  'compliance.report_not_found': { status: 404, title: 'Report not found' },
  'compliance.report_invalid_transition': { status: 409, title: 'Report step not possible now' },
  'compliance.report_reason_required': { status: 422, title: 'A reason is required' },
  'compliance.report_reference_required': { status: 422, title: 'The regulator’s filing reference is required' },
  'compliance.report_same_person': { status: 403, title: 'Four eyes: this step needs another person' },
  'compliance.screening_blocked': { status: 422, title: 'The counterparty matches a sanctions list entry' },
  'compliance.training_lapsed': { status: 403, title: 'Mandatory training has lapsed' },
  'compliance.invalid_training': { status: 422, title: 'Training record is not valid' },
  'compliance.identity_check_required': { status: 422, title: 'A recent identity verification of the client is required' },
  'compliance.legal_hold_not_found': { status: 404, title: 'Legal hold not found' },
  'compliance.legal_hold_released': { status: 409, title: 'The legal hold is released already' },
  'compliance.invalid_legal_hold': { status: 422, title: 'Legal hold is not valid' },
  'compliance.fx_rate_missing': { status: 409, title: 'An exchange rate the run needs is not loaded' },
} as const satisfies Record<ComplianceErrorCode, ProblemSpec>

import type { CommonErrorCode, KernelErrorCode } from '@strongroom/kernel'
import type { ProblemSpec } from '@strongroom/kernel/fastify'
import { complianceProblems } from '@strongroom/compliance/fastify'
import { depositProblems, ledgerProblems } from '@strongroom/ledger/fastify'
import { relationshipProblems } from '@strongroom/relationship/fastify'
import { riskProblems } from '@strongroom/risk/fastify'

/** Codes the server itself raises: auth, idempotency, requests that never reach a domain. */
export const platformErrorCodes = [
  'auth.unauthenticated',
  'auth.forbidden',
  'idempotency.key_reused',
  'idempotency.in_progress',
  'idempotency.invalid_key',
  'request.invalid',
  'request.not_found',
  'request.unsupported_media_type',
  'request.payload_too_large',
  'request.rate_limited',
  'internal.error',
] as const
export type PlatformErrorCode = (typeof platformErrorCodes)[number]

const platformProblems = {
  'auth.unauthenticated': { status: 401, title: 'A valid bearer token is required' },
  'auth.forbidden': { status: 403, title: 'Your role does not allow this action' },
  'idempotency.key_reused': { status: 409, title: 'Idempotency key reused with a different request' },
  'idempotency.in_progress': { status: 409, title: 'A request with this idempotency key is still in progress' },
  'idempotency.invalid_key': { status: 400, title: 'Idempotency-Key must be 1–255 visible ASCII characters' },
  'request.invalid': { status: 400, title: 'The request is not valid' },
  'request.not_found': { status: 404, title: 'No such resource' },
  'request.unsupported_media_type': { status: 415, title: 'Unsupported media type' },
  'request.payload_too_large': { status: 413, title: 'Request body too large' },
  'request.rate_limited': { status: 429, title: 'Too many requests' },
  'internal.error': { status: 500, title: 'Internal error' },
} as const satisfies Record<PlatformErrorCode, ProblemSpec>

const commonProblems = {
  'common.not_found': { status: 404, title: 'Not found' },
  'common.conflict': { status: 409, title: 'Conflict' },
  'common.invalid_input': { status: 422, title: 'Invalid input' },
  'common.forbidden': { status: 403, title: 'Forbidden' },
} as const satisfies Record<CommonErrorCode, ProblemSpec>

// The kernel's own refusals reach the API when a request's values pass the schema but not the money rules
// (an amount with more decimals than its currency has, given where the schema cannot know the currency).
const kernelProblems = {
  'kernel.invalid_amount': { status: 422, title: 'Amount is not valid for its currency' },
  'kernel.unknown_currency': { status: 422, title: 'Unknown currency' },
  'kernel.currency_mismatch': { status: 422, title: 'Currency mismatch' },
  'kernel.invalid_decimal': { status: 422, title: 'Not a decimal number' },
  'kernel.invalid_ratio': { status: 422, title: 'Ratio is not valid' },
} as const satisfies Record<KernelErrorCode, ProblemSpec>

/** Every stable error code the API can answer with, and how. */
export const problemTable: Readonly<Record<string, ProblemSpec>> = Object.freeze({
  ...commonProblems,
  ...kernelProblems,
  ...platformProblems,
  ...relationshipProblems,
  ...ledgerProblems,
  ...depositProblems,
  ...complianceProblems,
  ...riskProblems,
})

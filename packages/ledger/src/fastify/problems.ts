import type { ProblemSpec } from '@strongroom/kernel/fastify'
import type { LedgerErrorCode } from '../core/index.js'

/** Every ledger error code, answered over HTTP. A new code without a row here does not compile. */
export const ledgerProblems = {
  'ledger.account_not_found': { status: 404, title: 'Account not found' },
  'ledger.invalid_account': { status: 422, title: 'Account definition is not valid' },
  'ledger.invalid_status_change': { status: 422, title: 'Account status change not allowed' },
  'ledger.account_not_empty': { status: 422, title: 'Account still holds money' },
  'ledger.account_closed': { status: 422, title: 'Account is closed' },
  'ledger.account_frozen': { status: 422, title: 'Account is frozen' },
  'ledger.insufficient_funds': { status: 422, title: 'Insufficient funds' },
  'ledger.overdraft_limit_exceeded': { status: 422, title: 'Overdraft limit exceeded' },
  'ledger.currency_mismatch': { status: 422, title: 'Currency mismatch' },
  'ledger.invalid_amount': { status: 422, title: 'Amount is not valid' },
  'ledger.unbalanced_entries': { status: 422, title: 'Debits and credits do not balance' },
  'ledger.too_many_entries': { status: 422, title: 'Too many legs in one transfer' },
  'ledger.same_account': { status: 422, title: 'An account cannot pay itself' },
  'ledger.idempotency_conflict': { status: 409, title: 'Idempotency key reused with another request' },
  'ledger.transfer_not_found': { status: 404, title: 'Transfer not found' },
  'ledger.already_reversed': { status: 409, title: 'Transfer already reversed' },
  'ledger.not_reversible': { status: 422, title: 'Transfer cannot be reversed' },
  'ledger.hold_not_found': { status: 404, title: 'Hold not found' },
  'ledger.invalid_hold': { status: 422, title: 'Hold is not valid' },
  'ledger.hold_not_active': { status: 422, title: 'Hold is no longer active' },
  'ledger.capture_exceeds_hold': { status: 422, title: 'Capture exceeds the held amount' },
  'ledger.invalid_rate': { status: 422, title: 'Rate is not valid' },
} as const satisfies Record<LedgerErrorCode, ProblemSpec>

import { DomainError } from '@strongroom/kernel'

/**
 * Every code the ledger can answer with. The list is closed and stable:
 * clients branch on these strings and the HTTP layer maps each one, so a code
 * is added deliberately and never renamed.
 */
export const ledgerErrorCodes = [
  'ledger.account_not_found',
  'ledger.invalid_account',
  'ledger.invalid_status_change',
  'ledger.account_not_empty',
  'ledger.account_closed',
  'ledger.account_frozen',
  'ledger.insufficient_funds',
  'ledger.overdraft_limit_exceeded',
  'ledger.currency_mismatch',
  'ledger.invalid_amount',
  'ledger.unbalanced_entries',
  'ledger.too_many_entries',
  'ledger.same_account',
  'ledger.idempotency_conflict',
  'ledger.transfer_not_found',
  'ledger.already_reversed',
  'ledger.not_reversible',
  'ledger.hold_not_found',
  'ledger.invalid_hold',
  'ledger.hold_not_active',
  'ledger.capture_exceeds_hold',
  'ledger.invalid_rate',
] as const
export type LedgerErrorCode = (typeof ledgerErrorCodes)[number]

export class LedgerError extends DomainError<LedgerErrorCode> {
  override readonly name = 'LedgerError'
}

/** What every `decide…` function answers when the request cannot be carried out. */
export interface Rejection {
  readonly kind: 'reject'
  readonly code: LedgerErrorCode
  readonly detail: string
}

export function reject(code: LedgerErrorCode, detail: string): Rejection {
  return { kind: 'reject', code, detail }
}

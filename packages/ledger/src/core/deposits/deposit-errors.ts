import { DomainError } from '@strongroom/kernel'

/**
 * Every code the deposit engine answers with: closed and stable, like the
 * ledger's own codes, and mapped exhaustively to HTTP in the Fastify layer.
 */
export const depositErrorCodes = [
  'deposit.invalid_product',
  'deposit.product_not_found',
  'deposit.product_not_open',
  'deposit.invalid_rate_sheet',
  'deposit.no_rate',
  'deposit.amount_out_of_range',
  'deposit.tenor_not_offered',
  'deposit.maturity_instruction_not_offered',
  'deposit.invalid_account',
  'deposit.not_found',
  'deposit.invalid_state',
  'deposit.early_withdrawal_not_allowed',
  'deposit.notice_required',
  'deposit.invalid_withdrawal',
  'deposit.preview_stale',
  'deposit.approval_not_found',
  'deposit.approval_not_pending',
  'deposit.self_approval',
  'deposit.invalid_business_date',
  'deposit.eod_in_progress',
] as const
export type DepositErrorCode = (typeof depositErrorCodes)[number]

export class DepositError extends DomainError<DepositErrorCode> {
  override readonly name = 'DepositError'
}

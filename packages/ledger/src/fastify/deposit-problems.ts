import type { ProblemSpec } from '@strongroom/kernel/fastify'
import type { DepositErrorCode } from '../core/index.js'

/** Every deposit-engine error code, answered over HTTP. A new code without a row here does not compile. */
export const depositProblems = {
  'deposit.invalid_product': { status: 422, title: 'Product definition is not valid' },
  'deposit.product_not_found': { status: 404, title: 'Product not found' },
  'deposit.product_not_open': { status: 422, title: 'Product is not open for new deposits' },
  'deposit.invalid_rate_sheet': { status: 422, title: 'Rates are not valid' },
  'deposit.no_rate': { status: 422, title: 'No rate in force' },
  'deposit.amount_out_of_range': { status: 422, title: 'Amount outside the product’s limits' },
  'deposit.tenor_not_offered': { status: 422, title: 'Tenor not offered' },
  'deposit.maturity_instruction_not_offered': { status: 422, title: 'Maturity instruction not offered' },
  'deposit.invalid_account': { status: 422, title: 'Account cannot be used for this deposit' },
  'deposit.not_found': { status: 404, title: 'Not found' },
  'deposit.invalid_state': { status: 422, title: 'Not possible in the deposit’s current state' },
  'deposit.early_withdrawal_not_allowed': { status: 422, title: 'Early withdrawal not allowed' },
  'deposit.notice_required': { status: 422, title: 'Notice required' },
  'deposit.invalid_withdrawal': { status: 422, title: 'Withdrawal is not valid' },
  'deposit.preview_stale': { status: 409, title: 'The preview no longer holds' },
  'deposit.approval_not_found': { status: 404, title: 'Approval request not found' },
  'deposit.approval_not_pending': { status: 409, title: 'Approval request already decided' },
  'deposit.self_approval': { status: 403, title: 'The maker cannot approve their own request' },
  'deposit.invalid_business_date': { status: 422, title: 'Business date not possible' },
  'deposit.eod_in_progress': { status: 409, title: 'End-of-day run in progress' },
} as const satisfies Record<DepositErrorCode, ProblemSpec>

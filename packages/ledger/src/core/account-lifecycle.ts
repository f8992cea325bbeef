import type { CurrencyCode, Money } from '@strongroom/kernel'
import { emptyBalances, type Account, type AccountKind, type AccountState, type AccountStatus, type InternalPurpose, type NormalBalance } from './account.js'
import { reject, type Rejection } from './errors.js'

export interface NewAccount {
  readonly kind: AccountKind
  /** Required for a client account, absent for an internal one. */
  readonly clientId?: string | null | undefined
  /** Required for an internal account, absent for a client one. */
  readonly internalPurpose?: InternalPurpose | null | undefined
  readonly currency: CurrencyCode
  /** Defaults: credit for client deposits; per purpose for internal accounts (see `defaultNormalBalance`). */
  readonly normalBalance?: NormalBalance | undefined
  /** In the account's currency; absent or zero = no overdraft. */
  readonly overdraftLimit?: Money | undefined
  /** Internal accounts only. */
  readonly unbounded?: boolean | undefined
  readonly name: string
}

/**
 * Assets and expenses grow on the debit side, liabilities and income on the
 * credit side. A currency's FX position account is credited when the bank
 * buys that currency from a client (see `decideConversion`), so credit-normal
 * shows a long position as a positive balance.
 */
export const defaultNormalBalance: Readonly<Record<InternalPurpose, NormalBalance>> = Object.freeze({
  cash_vault: 'debit',
  settlement: 'debit',
  interest_expense: 'debit',
  fx_position: 'credit',
  fees: 'credit',
  suspense: 'credit',
  tax_withheld: 'credit',
})

export type AccountOpeningDecision = { readonly kind: 'open'; readonly state: AccountState } | Rejection

/** Checks a new account and builds it, open, with zero balances. */
export function decideAccountOpening(input: NewAccount, context: { readonly id: string; readonly now: Date }): AccountOpeningDecision {
  const name = input.name.trim()
  if (name === '') return reject('ledger.invalid_account', 'an account needs a name')
  const overdraftLimitMinor = input.overdraftLimit?.amountMinor ?? 0n
  if (input.overdraftLimit !== undefined && input.overdraftLimit.currency !== input.currency) {
    return reject('ledger.currency_mismatch', `the overdraft limit is in ${input.overdraftLimit.currency} but the account is in ${input.currency}`)
  }
  if (overdraftLimitMinor < 0n) return reject('ledger.invalid_account', 'an overdraft limit cannot be negative')

  let clientId: string | null = null
  let internalPurpose: InternalPurpose | null = null
  let normalBalance: NormalBalance
  if (input.kind === 'client') {
    if (!input.clientId) return reject('ledger.invalid_account', 'a client account needs the id of the client who owns it')
    if (input.internalPurpose) return reject('ledger.invalid_account', 'a client account has no internal purpose')
    // A client account that nothing can take below its floor is exactly what
    // the balance check exists to prevent.
    if (input.unbounded) return reject('ledger.invalid_account', 'only internal accounts can be unbounded')
    clientId = input.clientId
    normalBalance = input.normalBalance ?? 'credit'
  } else {
    if (!input.internalPurpose) return reject('ledger.invalid_account', 'an internal account needs a purpose')
    if (input.clientId) return reject('ledger.invalid_account', 'an internal account belongs to no client')
    internalPurpose = input.internalPurpose
    normalBalance = input.normalBalance ?? defaultNormalBalance[internalPurpose]
  }

  const account: Account = {
    id: context.id,
    kind: input.kind,
    clientId,
    internalPurpose,
    currency: input.currency,
    normalBalance,
    status: 'open',
    overdraftLimitMinor,
    unbounded: input.unbounded ?? false,
    name,
    createdAt: context.now,
  }
  return { kind: 'open', state: { account, balances: emptyBalances, entrySequence: 0n, lastPostedAt: null } }
}

const allowedStatusChanges: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = {
  open: ['frozen', 'closed'],
  frozen: ['open', 'closed'],
  closed: [],
}

export type AccountStatusDecision =
  | { readonly kind: 'change'; readonly account: Account }
  | { readonly kind: 'unchanged' }
  | Rejection

/**
 * open ⇄ frozen, and either → closed, which is final. Only an empty account
 * closes: nothing posted and nothing held, so no balance is ever stranded on
 * an account that can no longer move it.
 */
export function decideAccountStatusChange(state: AccountState, to: AccountStatus, reason?: string): AccountStatusDecision {
  const { account, balances } = state
  if (account.status === to) return { kind: 'unchanged' }
  if (!allowedStatusChanges[account.status].includes(to)) {
    return reject('ledger.invalid_status_change', `a ${account.status} account cannot become ${to}`)
  }
  if (to === 'closed') {
    const posted = balances.postedCreditsMinor - balances.postedDebitsMinor
    if (posted !== 0n || balances.pendingDebitsMinor !== 0n || balances.pendingCreditsMinor !== 0n) {
      return reject('ledger.account_not_empty', 'an account closes only with a zero balance and no active holds')
    }
  }
  return { kind: 'change', account: { ...account, status: to, statusReason: reason ?? null } }
}

export type OverdraftLimitDecision =
  | { readonly kind: 'change'; readonly limitMinor: bigint }
  | { readonly kind: 'unchanged' }
  | Rejection

/**
 * A new overdraft limit. Lowering it below what the account already owes is
 * allowed: nothing is taken back, the account simply cannot go further down.
 */
export function decideOverdraftLimit(state: AccountState, limit: Money): OverdraftLimitDecision {
  const { account } = state
  if (limit.currency !== account.currency) return reject('ledger.currency_mismatch', `the overdraft limit is in ${limit.currency} but the account is in ${account.currency}`)
  if (limit.amountMinor < 0n) return reject('ledger.invalid_account', 'an overdraft limit cannot be negative')
  if (account.unbounded) return reject('ledger.invalid_account', 'an unbounded internal account has no overdraft limit')
  if (account.status === 'closed') return reject('ledger.account_closed', `account ${account.id} is closed`)
  return limit.amountMinor === account.overdraftLimitMinor ? { kind: 'unchanged' } : { kind: 'change', limitMinor: limit.amountMinor }
}

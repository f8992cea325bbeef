import { money, type CurrencyCode, type Money } from '@strongroom/kernel'

export const accountKinds = ['client', 'internal'] as const
/** `client`: a deposit account a client owns. `internal`: one of the bank's own books. */
export type AccountKind = (typeof accountKinds)[number]

/** What an internal account is for. Open-ended on purpose: add a purpose when the bank needs a new book. */
export const internalPurposes = [
  'cash_vault',
  'settlement',
  'interest_expense',
  'fx_position',
  'fees',
  'suspense',
  'tax_withheld',
] as const
export type InternalPurpose = (typeof internalPurposes)[number]

export const normalBalances = ['credit', 'debit'] as const
/**
 * The side on which the account's balance grows. A client deposit is a
 * liability of the bank (credit-normal); the cash vault is an asset and
 * interest expense an expense (debit-normal).
 */
export type NormalBalance = (typeof normalBalances)[number]

export const accountStatuses = ['open', 'frozen', 'closed'] as const
/** See `decideTransfer` for what a frozen account may still do. */
export type AccountStatus = (typeof accountStatuses)[number]

export const directions = ['debit', 'credit'] as const
export type Direction = (typeof directions)[number]

export interface Account {
  readonly id: string
  readonly kind: AccountKind
  /** The owning client; null for the bank's internal accounts. */
  readonly clientId: string | null
  /** Null for client accounts. */
  readonly internalPurpose: InternalPurpose | null
  readonly currency: CurrencyCode
  readonly normalBalance: NormalBalance
  readonly status: AccountStatus
  /** How far below zero the available balance may go, in minor units of `currency`. 0 = no overdraft. */
  readonly overdraftLimitMinor: bigint
  /**
   * No balance check at all. Only internal accounts may be unbounded: the cash
   * vault or interest expense legitimately run "negative" against their
   * normal side, and checking them would only serialize every transfer on them.
   */
  readonly unbounded: boolean
  readonly name: string
  readonly createdAt: Date
  /** Why the account last changed status (a freeze order's reference, a closing request). */
  readonly statusReason?: string | null | undefined
}

/**
 * The balance counters of one account. Four monotone counters rather than one
 * signed balance, as TigerBeetle keeps them: each only ever grows (pending
 * counters shrink when a hold ends), the balance is derived, and the totals
 * feed the trial balance directly.
 */
export interface AccountBalances {
  readonly postedDebitsMinor: bigint
  readonly postedCreditsMinor: bigint
  /** Outflows reserved by holds on a credit-normal account. */
  readonly pendingDebitsMinor: bigint
  /** Outflows reserved by holds on a debit-normal account. */
  readonly pendingCreditsMinor: bigint
}

export const emptyBalances: AccountBalances = Object.freeze({
  postedDebitsMinor: 0n,
  postedCreditsMinor: 0n,
  pendingDebitsMinor: 0n,
  pendingCreditsMinor: 0n,
})

/**
 * An account with what changes as money moves: the counters, and the position
 * of its latest entry. Read (and locked) together, written together.
 */
export interface AccountState {
  readonly account: Account
  readonly balances: AccountBalances
  /**
   * How many entries the account has; entry n carries `accountSequence` n.
   * Assigned under the account's lock, so it orders an account's entries in
   * the order their `balanceAfter` values were computed — which ids and
   * timestamps taken by concurrent writers do not guarantee.
   */
  readonly entrySequence: bigint
  /** When the latest entry was posted; null before the first. Keeps `postedAt` monotone per account. */
  readonly lastPostedAt: Date | null
}

/** The direction in which money leaves the account: the side opposite its normal balance. */
export function outflowDirection(account: Pick<Account, 'normalBalance'>): Direction {
  return account.normalBalance === 'credit' ? 'debit' : 'credit'
}

/** `amountMinor` as it moves the account's balance: + on its normal side, − on the other. */
export function signedEffect(account: Pick<Account, 'normalBalance'>, direction: Direction, amountMinor: bigint): bigint {
  return direction === account.normalBalance ? amountMinor : -amountMinor
}

function postedMinor(account: Account, balances: AccountBalances): bigint {
  return account.normalBalance === 'credit'
    ? balances.postedCreditsMinor - balances.postedDebitsMinor
    : balances.postedDebitsMinor - balances.postedCreditsMinor
}

function pendingOutflowMinor(account: Account, balances: AccountBalances): bigint {
  return account.normalBalance === 'credit' ? balances.pendingDebitsMinor : balances.pendingCreditsMinor
}

/** The balance of posted entries, on the account's normal side. */
export function postedBalance(account: Account, balances: AccountBalances): Money {
  return money(postedMinor(account, balances), account.currency)
}

/**
 * What may still leave the account: posted minus what holds reserve. Pending
 * inflows are not counted — money is available once it has arrived, not
 * when it is announced.
 */
export function availableBalance(account: Account, balances: AccountBalances): Money {
  return money(postedMinor(account, balances) - pendingOutflowMinor(account, balances), account.currency)
}

/** What holds currently reserve on the account. */
export function heldBalance(account: Account, balances: AccountBalances): Money {
  return money(pendingOutflowMinor(account, balances), account.currency)
}

/** The lowest available balance a transfer may leave behind, in minor units; null when unbounded. */
export function availableFloorMinor(account: Account): bigint | null {
  return account.unbounded ? null : -account.overdraftLimitMinor
}

/** The balances of one account as a transfer or hold left them: counters and the derived figures. */
export interface BalanceAfter {
  readonly accountId: string
  readonly balances: AccountBalances
  readonly posted: Money
  readonly available: Money
}

export function balanceAfter(state: Pick<AccountState, 'account' | 'balances'>): BalanceAfter {
  return {
    accountId: state.account.id,
    balances: state.balances,
    posted: postedBalance(state.account, state.balances),
    available: availableBalance(state.account, state.balances),
  }
}

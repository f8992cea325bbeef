import { formatMoney, type CurrencyCode, type Money } from '@strongroom/kernel'
import {
  availableBalance,
  availableFloorMinor,
  balanceAfter,
  outflowDirection,
  postedBalance,
  signedEffect,
  type AccountBalances,
  type AccountState,
  type BalanceAfter,
  type Direction,
} from './account.js'
import { reject, type Rejection } from './errors.js'

export const channels = ['cash', 'transfer', 'internal'] as const
/** How the money moved: over the counter in cash, by payment, or between the bank's own books. Compliance reads it. */
export type Channel = (typeof channels)[number]

/** The outside party of a payment, as far as it is known. Compliance screens it; risk monitors it. */
export interface Counterparty {
  readonly name: string
  readonly account?: string | undefined
  readonly bank?: string | undefined
  /** ISO 3166-1 alpha-2. */
  readonly country?: string | undefined
}

/** What describes a transfer besides its legs. */
export interface TransferDetails {
  readonly reference?: string | undefined
  readonly channel: Channel
  readonly counterparty?: Counterparty | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

/** One account debited, another credited, with the same amount: a deposit, a withdrawal, a payment. */
export interface SimpleTransferRequest extends TransferDetails {
  readonly debitAccountId: string
  readonly creditAccountId: string
  readonly amount: Money
}

export interface Leg {
  readonly accountId: string
  readonly direction: Direction
  readonly amount: Money
}

/** Any number of legs that balance per currency: a fee split, an FX conversion, an interest run. */
export interface MultiLegTransferRequest extends TransferDetails {
  readonly entries: readonly Leg[]
}

export type TransferRequest = SimpleTransferRequest | MultiLegTransferRequest

/**
 * The most legs one transfer may carry. A bound keeps the number of rows a
 * transfer locks (and the size of one transaction) predictable; bulk work
 * uses many transfers, not one huge one.
 */
export const maxTransferLegs = 100

/**
 * The largest amount one leg may carry: 10^15 − 1 minor units (just under
 * ten trillion CNY, a quadrillion JPY). Far above any real payment, and far
 * enough below PostgreSQL's `bigint` that an account's counters — which only
 * grow — cannot be driven to overflow by a handful of absurd postings.
 */
export const maxAmountMinor = 10n ** 15n - 1n

/** PostgreSQL `bigint`: no counter may pass it (checked on every posting). */
export const maxCounterMinor = 2n ** 63n - 1n

export function isMultiLeg(request: TransferRequest): request is MultiLegTransferRequest {
  return 'entries' in request
}

/** Both forms as a list of legs; the simple form is its debit leg, then its credit leg. */
export function legsOf(request: TransferRequest): readonly Leg[] {
  if (isMultiLeg(request)) return request.entries
  return [
    { accountId: request.debitAccountId, direction: 'debit', amount: request.amount },
    { accountId: request.creditAccountId, direction: 'credit', amount: request.amount },
  ]
}

/** The accounts a request touches, each once, in id order — the one order in which rows are locked. */
export function accountIdsOf(request: TransferRequest): string[] {
  return [...new Set(legsOf(request).map((leg) => leg.accountId))].sort()
}

/** A leg as it will be posted, before the service gives it an id and a time. */
export interface PlannedEntry {
  readonly accountId: string
  readonly direction: Direction
  readonly amount: Money
  /** The account's posted balance once this entry is applied: statements and point-in-time balances read it as is. */
  readonly balanceAfter: Money
  /** The entry's position among the account's entries (1, 2, 3, …). */
  readonly accountSequence: bigint
}

/** One posted line of the journal. Immutable: a mistake is corrected by a reversal, never by an update. */
export interface Entry extends PlannedEntry {
  readonly id: string
  readonly transferId: string
  readonly postedAt: Date
}

export const transferKinds = ['transfer', 'reversal', 'capture'] as const
/** `transfer`: posted as requested. `reversal`: mirrors an earlier transfer. `capture`: settles a hold. */
export type TransferKind = (typeof transferKinds)[number]

/** The header of a posted transfer; its entries are stored beside it. */
export interface Transfer {
  readonly id: string
  readonly kind: TransferKind
  /** The key the caller posted it under, if any. */
  readonly idempotencyKey: string | null
  readonly reference: string | null
  readonly channel: Channel
  readonly counterparty: Counterparty | null
  readonly metadata: Readonly<Record<string, string>>
  /** For a reversal: the transfer it reverses. */
  readonly reversalOf: string | null
  /** For a capture: the hold it settles. */
  readonly holdId: string | null
  readonly postedAt: Date
}

/** A transfer as it is stored and read back. */
export interface TransferWithEntries {
  readonly transfer: Transfer
  readonly entries: readonly Entry[]
}

/** What posting answers: the transfer, its entries and the balances of every account it touched. */
export interface PostedTransfer extends TransferWithEntries {
  readonly balancesAfter: readonly BalanceAfter[]
}

export type TransferDecision =
  | {
      readonly kind: 'post'
      readonly entries: readonly PlannedEntry[]
      /** Every account touched, once, in the order the legs first mention it. */
      readonly balancesAfter: readonly BalanceAfter[]
    }
  | Rejection

/**
 * May this transfer post, and what does it leave behind? The checks run in
 * the order a person would explain them, the request on its own first, then
 * against the accounts:
 *
 * 1. it has between 2 and `maxTransferLegs` legs;
 * 2. every amount is positive;
 * 3. no account is on both sides (money does not move from an account to itself);
 * 4. debits equal credits in each currency;
 * 5. every account exists, 6. in the leg's currency,
 * 7. and is not closed; a frozen account may receive money but not send it;
 * 8. every bounded account that loses money keeps its available balance
 *    (posted − held) at or above −overdraft limit.
 *
 * Frozen accounts still take credits on purpose: a freeze (a court order, a
 * suspected compromise) stops money leaving, while salary, interest and the
 * return of a rejected payment still have to land somewhere. A reversal that
 * would take money back out of a frozen account is refused like any outflow:
 * unfreeze first, deliberately.
 *
 * Only a net loss is checked against the floor: a transfer that adds to an
 * account already below its floor (its limit was lowered) is still accepted.
 */
export function decideTransfer(accounts: readonly AccountState[], request: TransferRequest): TransferDecision {
  const legs = legsOf(request)

  if (legs.length > maxTransferLegs) {
    return reject('ledger.too_many_entries', `a transfer has at most ${maxTransferLegs} legs, this one has ${legs.length}`)
  }
  if (legs.length < 2) return reject('ledger.unbalanced_entries', 'a transfer needs at least one debit and one credit')

  for (const [index, leg] of legs.entries()) {
    if (leg.amount.amountMinor <= 0n) {
      return reject('ledger.invalid_amount', `leg ${index + 1}: an amount must be positive, got ${formatMoney(leg.amount)} ${leg.amount.currency}`)
    }
    if (leg.amount.amountMinor > maxAmountMinor) return reject('ledger.invalid_amount', `leg ${index + 1}: the amount is too large`)
  }

  const debited = new Set(legs.filter((leg) => leg.direction === 'debit').map((leg) => leg.accountId))
  const both = legs.find((leg) => leg.direction === 'credit' && debited.has(leg.accountId))
  if (both) return reject('ledger.same_account', `account ${both.accountId} is both debited and credited`)

  const net = new Map<CurrencyCode, bigint>()
  for (const leg of legs) {
    const sign = leg.direction === 'debit' ? 1n : -1n
    net.set(leg.amount.currency, (net.get(leg.amount.currency) ?? 0n) + sign * leg.amount.amountMinor)
  }
  const unbalanced = [...net].filter(([, difference]) => difference !== 0n).map(([currency]) => currency)
  if (unbalanced.length > 0) {
    return reject('ledger.unbalanced_entries', `debits and credits differ in ${unbalanced.sort().join(', ')}`)
  }

  const byId = new Map(accounts.map((state) => [state.account.id, state]))
  for (const leg of legs) {
    if (!byId.has(leg.accountId)) return reject('ledger.account_not_found', `no account ${leg.accountId}`)
  }
  for (const leg of legs) {
    const { account } = byId.get(leg.accountId)!
    if (account.currency !== leg.amount.currency) {
      return reject('ledger.currency_mismatch', `account ${account.id} holds ${account.currency}, the leg is in ${leg.amount.currency}`)
    }
  }
  for (const leg of legs) {
    const { account } = byId.get(leg.accountId)!
    if (account.status === 'closed') return reject('ledger.account_closed', `account ${account.id} is closed`)
    if (account.status === 'frozen' && leg.direction === outflowDirection(account)) {
      return reject('ledger.account_frozen', `account ${account.id} is frozen: money may arrive but not leave`)
    }
  }

  // Apply the legs in order, so an account that appears twice gets two
  // entries with two running balances.
  const working = new Map<string, { state: AccountState; balances: AccountBalances; sequence: bigint; netMinor: bigint }>()
  const entries: PlannedEntry[] = []
  for (const leg of legs) {
    const state = byId.get(leg.accountId)!
    const current = working.get(leg.accountId) ?? { state, balances: state.balances, sequence: state.entrySequence, netMinor: 0n }
    const balances: AccountBalances =
      leg.direction === 'debit'
        ? { ...current.balances, postedDebitsMinor: current.balances.postedDebitsMinor + leg.amount.amountMinor }
        : { ...current.balances, postedCreditsMinor: current.balances.postedCreditsMinor + leg.amount.amountMinor }
    const next = {
      state,
      balances,
      sequence: current.sequence + 1n,
      netMinor: current.netMinor + signedEffect(state.account, leg.direction, leg.amount.amountMinor),
    }
    working.set(leg.accountId, next)
    entries.push({
      accountId: leg.accountId,
      direction: leg.direction,
      amount: leg.amount,
      balanceAfter: postedBalance(state.account, balances),
      accountSequence: next.sequence,
    })
  }

  for (const { state, balances } of working.values()) {
    if (Object.values(balances).some((counter) => counter > maxCounterMinor)) {
      return reject('ledger.invalid_amount', `account ${state.account.id}: its counters would pass the largest amount the ledger can store`)
    }
  }

  for (const { state, balances, netMinor } of working.values()) {
    const floor = availableFloorMinor(state.account)
    if (floor === null || netMinor >= 0n) continue
    if (availableBalance(state.account, balances).amountMinor < floor) {
      const outflow = formatMoney({ amountMinor: -netMinor, currency: state.account.currency })
      return state.account.overdraftLimitMinor > 0n
        ? reject('ledger.overdraft_limit_exceeded', `account ${state.account.id}: taking ${outflow} ${state.account.currency} would exceed its overdraft limit`)
        : reject('ledger.insufficient_funds', `account ${state.account.id}: the available balance does not cover ${outflow} ${state.account.currency}`)
    }
  }

  return {
    kind: 'post',
    entries,
    balancesAfter: [...working.values()].map(({ state, balances }) => balanceAfter({ account: state.account, balances })),
  }
}

/**
 * The time to stamp on a posting: now, but never before the latest entry of
 * any account it touches, so `postedAt` never runs backwards within an
 * account even when servers' clocks disagree by a few milliseconds.
 */
export function postingInstant(now: Date, accounts: readonly AccountState[]): Date {
  let latest = now.getTime()
  for (const { lastPostedAt } of accounts) {
    if (lastPostedAt !== null && lastPostedAt.getTime() > latest) latest = lastPostedAt.getTime()
  }
  return new Date(latest)
}

/** The accounts a posted decision touched, as they stand afterwards: what the store writes back. */
export function accountsAfterPosting(
  accounts: readonly AccountState[],
  decision: Extract<TransferDecision, { kind: 'post' }>,
  postedAt: Date,
): AccountState[] {
  const byId = new Map(accounts.map((state) => [state.account.id, state]))
  return decision.balancesAfter.map((after) => {
    const state = byId.get(after.accountId)!
    let entrySequence = state.entrySequence
    for (const entry of decision.entries) if (entry.accountId === after.accountId) entrySequence = entry.accountSequence
    return { account: state.account, balances: after.balances, entrySequence, lastPostedAt: postedAt }
  })
}

import { formatMoney, money, type Money } from '@strongroom/kernel'
import {
  availableBalance,
  availableFloorMinor,
  balanceAfter,
  outflowDirection,
  type Account,
  type AccountBalances,
  type AccountState,
  type BalanceAfter,
} from './account.js'
import { reject, type Rejection } from './errors.js'
import type { Channel, Counterparty, SimpleTransferRequest } from './transfer.js'

export const holdStatuses = ['held', 'captured', 'voided', 'expired'] as const
/** held → captured | voided | expired. The last three are final. */
export type HoldStatus = (typeof holdStatuses)[number]

/**
 * Money reserved on an account: still posted there, no longer available.
 * A pledge for a loan, a payment awaiting approval, a legal claim.
 */
export interface Hold {
  readonly id: string
  readonly accountId: string
  readonly amount: Money
  readonly reason: string
  /** Who placed it and answers for it: a desk, a system, a staff member. */
  readonly owner: string
  /** From this instant the hold is expired, whether or not the sweeper has run. Null: no expiry. */
  readonly expiresAt: Date | null
  readonly status: HoldStatus
  /** Zero until captured; then what was captured, at most `amount`. */
  readonly capturedAmount: Money
  /** The transfer that settled the capture. */
  readonly captureTransferId: string | null
  readonly createdAt: Date
  /** When it reached its final status. */
  readonly closedAt: Date | null
}

export interface HoldRequest {
  readonly accountId: string
  readonly amount: Money
  readonly reason: string
  readonly owner: string
  readonly expiresAt?: Date | null | undefined
}

export interface CaptureRequest {
  /** Where the captured money goes. */
  readonly toAccountId: string
  /** Absent: the whole hold. */
  readonly amount?: Money | undefined
  readonly reference?: string | undefined
  readonly channel?: Channel | undefined
  readonly counterparty?: Counterparty | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

export type HoldDecision = { readonly kind: 'hold'; readonly hold: Hold; readonly balanceAfter: BalanceAfter } | Rejection

/** A voided hold returns what it reserved to the available balance. */
export type VoidDecision = { readonly kind: 'void'; readonly hold: Hold; readonly released: Money } | Rejection

export type CaptureDecision =
  | { readonly kind: 'capture'; readonly hold: Hold; readonly captured: Money; readonly released: Money }
  | Rejection

export type ExpiryDecision =
  | { readonly kind: 'expire'; readonly hold: Hold; readonly released: Money }
  | { readonly kind: 'not_due' }
  | Rejection

/** Held, and its expiry (if any) still ahead. A hold expires AT `expiresAt`, not after it. */
export function isActiveAt(hold: Hold, now: Date): boolean {
  return hold.status === 'held' && (hold.expiresAt === null || now.getTime() < hold.expiresAt.getTime())
}

function notActive(hold: Hold, now: Date): Rejection {
  return hold.status === 'held'
    ? reject('ledger.hold_not_active', `hold ${hold.id} expired at ${hold.expiresAt!.toISOString()} (it is ${now.toISOString()})`)
    : reject('ledger.hold_not_active', `hold ${hold.id} is already ${hold.status}`)
}

/**
 * May this much be reserved on the account? A hold is an outflow in waiting,
 * so it passes the same gates as a debit would: the account is open (a
 * frozen account lets nothing new leave), and a bounded account keeps its
 * available balance — which counts every other hold — at or above its floor.
 */
export function decideHold(state: AccountState, request: HoldRequest, context: { readonly id: string; readonly now: Date }): HoldDecision {
  const { account } = state
  if (request.amount.amountMinor <= 0n) return reject('ledger.invalid_amount', 'a hold must be for a positive amount')
  if (request.reason.trim() === '') return reject('ledger.invalid_hold', 'a hold needs a reason')
  if (request.owner.trim() === '') return reject('ledger.invalid_hold', 'a hold needs an owner')
  const expiresAt = request.expiresAt ?? null
  if (expiresAt !== null && expiresAt.getTime() <= context.now.getTime()) {
    return reject('ledger.invalid_hold', 'a hold cannot expire before it is placed')
  }
  if (account.id !== request.accountId) return reject('ledger.account_not_found', `no account ${request.accountId}`)
  if (account.currency !== request.amount.currency) {
    return reject('ledger.currency_mismatch', `account ${account.id} holds ${account.currency}, the hold is in ${request.amount.currency}`)
  }
  if (account.status === 'closed') return reject('ledger.account_closed', `account ${account.id} is closed`)
  if (account.status === 'frozen') return reject('ledger.account_frozen', `account ${account.id} is frozen: nothing new may be reserved on it`)

  const balances = withPendingOutflow(state, request.amount.amountMinor)
  const floor = availableFloorMinor(account)
  if (floor !== null && availableBalance(account, balances).amountMinor < floor) {
    const amount = `${formatMoney(request.amount)} ${request.amount.currency}`
    return account.overdraftLimitMinor > 0n
      ? reject('ledger.overdraft_limit_exceeded', `account ${account.id}: holding ${amount} would exceed its overdraft limit`)
      : reject('ledger.insufficient_funds', `account ${account.id}: the available balance does not cover a hold of ${amount}`)
  }

  const hold: Hold = {
    id: context.id,
    accountId: account.id,
    amount: request.amount,
    reason: request.reason.trim(),
    owner: request.owner.trim(),
    expiresAt,
    status: 'held',
    capturedAmount: money(0n, request.amount.currency),
    captureTransferId: null,
    createdAt: context.now,
    closedAt: null,
  }
  return { kind: 'hold', hold, balanceAfter: balanceAfter({ account, balances }) }
}

/**
 * Settles part or all of a hold. A partial capture RELEASES the remainder
 * and closes the hold: a card-style authorisation is settled once, and money
 * left reserved by a hold nobody will capture again would sit unavailable
 * until expiry. To take more later, place a new hold.
 *
 * A hold past its expiry cannot be captured even if the sweeper has not yet
 * marked it expired: time, not the sweeper, ends a hold.
 */
export function decideCapture(hold: Hold, amount: Money | undefined, now: Date): CaptureDecision {
  if (!isActiveAt(hold, now)) return notActive(hold, now)
  const captured = amount ?? hold.amount
  if (captured.currency !== hold.amount.currency) {
    return reject('ledger.currency_mismatch', `hold ${hold.id} is in ${hold.amount.currency}, the capture in ${captured.currency}`)
  }
  if (captured.amountMinor <= 0n) return reject('ledger.invalid_amount', 'a capture must be for a positive amount; to release a hold, void it')
  if (captured.amountMinor > hold.amount.amountMinor) {
    return reject(
      'ledger.capture_exceeds_hold',
      `hold ${hold.id} reserves ${formatMoney(hold.amount)} ${hold.amount.currency}; ${formatMoney(captured)} cannot be captured from it`,
    )
  }
  return {
    kind: 'capture',
    hold: { ...hold, status: 'captured', capturedAmount: captured, closedAt: now },
    captured,
    released: money(hold.amount.amountMinor - captured.amountMinor, hold.amount.currency),
  }
}

/** Releases a hold on request. Like capture, it refuses a hold whose time has run out: that one expires instead. */
export function decideVoid(hold: Hold, now: Date): VoidDecision {
  if (!isActiveAt(hold, now)) return notActive(hold, now)
  return { kind: 'void', hold: { ...hold, status: 'voided', closedAt: now }, released: hold.amount }
}

/** What the sweeper does with a hold: expire it if its time has come, else leave it. */
export function decideExpiry(hold: Hold, now: Date): ExpiryDecision {
  if (hold.status !== 'held') return notActive(hold, now)
  if (isActiveAt(hold, now)) return { kind: 'not_due' }
  // closedAt is the expiry instant itself, not when the sweeper got round to it.
  return { kind: 'expire', hold: { ...hold, status: 'expired', closedAt: hold.expiresAt }, released: hold.amount }
}

/** The account with `amountMinor` more (or, negative, less) reserved on its outflow side. */
function withPendingOutflow(state: AccountState, amountMinor: bigint): AccountBalances {
  const { account, balances } = state
  const next =
    account.normalBalance === 'credit'
      ? { ...balances, pendingDebitsMinor: balances.pendingDebitsMinor + amountMinor }
      : { ...balances, pendingCreditsMinor: balances.pendingCreditsMinor + amountMinor }
  if (next.pendingDebitsMinor < 0n || next.pendingCreditsMinor < 0n) {
    // Only a hold that was never counted could release this much: the stored
    // counters and the holds disagree, and posting on top would hide it.
    throw new Error(`ledger invariant broken: account ${account.id} would have negative pending balances`)
  }
  return next
}

/** The account after a hold of `amount` on it ends (captured, voided or expired): the reservation is lifted in full. */
export function releaseHold(state: AccountState, hold: Hold): AccountState {
  if (hold.accountId !== state.account.id) throw new Error(`hold ${hold.id} is not on account ${state.account.id}`)
  return { ...state, balances: withPendingOutflow(state, -hold.amount.amountMinor) }
}

/**
 * The transfer a capture posts: out of the held account into the
 * destination, for the captured amount. "Out of" is a debit for a
 * credit-normal account and a credit for a debit-normal one.
 */
export function captureTransferRequest(held: Account, hold: Hold, request: CaptureRequest, captured: Money): SimpleTransferRequest {
  const out = outflowDirection(held) === 'debit'
  return {
    debitAccountId: out ? hold.accountId : request.toAccountId,
    creditAccountId: out ? request.toAccountId : hold.accountId,
    amount: captured,
    reference: request.reference ?? `capture of hold ${hold.id}`,
    channel: request.channel ?? 'transfer',
    counterparty: request.counterparty,
    metadata: { ...request.metadata, holdId: hold.id },
  }
}

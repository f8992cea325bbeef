import { money, type CurrencyCode, type Money } from '@strongroom/kernel'
import { signedEffect, type Account, type AccountKind, type Direction, type NormalBalance } from './account.js'
import type { Channel, Entry, TransferKind } from './transfer.js'

/** The longest period one statement may cover, in days (a leap year). */
export const maxStatementDays = 366

/**
 * The most entries one statement may hold. Past it the statement is refused
 * rather than built in memory: ask for a shorter period.
 */
export const maxStatementEntries = 100_000

/**
 * A statement's period: whole UTC days, both ends included, as `YYYY-MM-DD`.
 * `{ from: '2026-01-01', to: '2026-01-31' }` runs from 2026-01-01T00:00Z up
 * to, not including, 2026-02-01T00:00Z.
 */
export interface StatementPeriod {
  readonly from: string
  readonly to: string
}

/** A period as instants: `[start, endExclusive)`. */
export interface StatementBounds {
  readonly start: Date
  readonly endExclusive: Date
  /** How many days the period covers, both ends included. */
  readonly days: number
}

const dayMs = 86_400_000
const isoDay = /^\d{4}-\d{2}-\d{2}$/

/** 00:00 UTC of a `YYYY-MM-DD` day that exists, else undefined ('2026-02-30' does not). */
function startOfDay(day: string): Date | undefined {
  if (typeof day !== 'string' || !isoDay.test(day)) return undefined
  const start = new Date(`${day}T00:00:00.000Z`)
  return Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day ? undefined : start
}

/** Why a period cannot be a statement's; undefined when it can. */
export function statementPeriodProblem(period: StatementPeriod): string | undefined {
  const from = startOfDay(period.from)
  const to = startOfDay(period.to)
  if (!from) return '`from` must be a calendar date, YYYY-MM-DD'
  if (!to) return '`to` must be a calendar date, YYYY-MM-DD'
  if (from.getTime() > to.getTime()) return '`from` must not be after `to`'
  const days = (to.getTime() - from.getTime()) / dayMs + 1
  if (days > maxStatementDays) return `a statement covers at most ${maxStatementDays} days; this period has ${days}`
  return undefined
}

/** The instants a period covers. Throws a RangeError for a period `statementPeriodProblem` refuses. */
export function statementBounds(period: StatementPeriod): StatementBounds {
  const problem = statementPeriodProblem(period)
  if (problem !== undefined) throw new RangeError(problem)
  const start = startOfDay(period.from)!
  const endExclusive = new Date(startOfDay(period.to)!.getTime() + dayMs)
  return { start, endExclusive, days: (endExclusive.getTime() - start.getTime()) / dayMs }
}

/**
 * An entry as a statement reads it, with what its transfer says about it.
 * A plain `Entry` is one too (without a description). `balanceAfter` is the
 * stored running balance: null where none is stored (hot accounts).
 */
export interface StatementSourceEntry extends Omit<Entry, 'balanceAfter'> {
  readonly balanceAfter: Money | null
  readonly reference?: string | null | undefined
  readonly counterpartyName?: string | null | undefined
  readonly transferKind?: TransferKind | undefined
  readonly channel?: Channel | undefined
}

/** An entry with its transfer's description, as the store lists them for a statement. */
export interface EntryWithTransfer extends StatementSourceEntry {
  readonly reference: string | null
  readonly counterpartyName: string | null
  readonly transferKind: TransferKind
  readonly channel: Channel
}

export interface StatementLine {
  readonly entryId: string
  readonly transferId: string
  readonly accountSequence: bigint
  readonly postedAt: Date
  readonly direction: Direction
  /**
   * From the account holder's view: + when the entry grows the balance (a
   * credit on a credit-normal account, a debit on a debit-normal one), −
   * when it shrinks it.
   */
  readonly amount: Money
  /** The balance once this line applied, counted from the opening balance. */
  readonly balance: Money
  readonly reference: string | null
  readonly counterpartyName: string | null
  readonly transferKind: TransferKind | null
  readonly channel: Channel | null
}

export interface StatementTotals {
  /** How many lines. */
  readonly count: number
  /** The sum of the credit entries, ≥ 0. */
  readonly credits: Money
  /** The sum of the debit entries, ≥ 0. */
  readonly debits: Money
}

export interface StatementAccount {
  readonly id: string
  readonly name: string
  readonly currency: CurrencyCode
  readonly kind: AccountKind
  /** Which side the balance grows on: how `credits` and `debits` move it. */
  readonly normalBalance: NormalBalance
}

/** What an account statement says: where the period started, every entry in it, where it ended. */
export interface Statement {
  readonly account: StatementAccount
  readonly period: StatementPeriod
  readonly generatedAt: Date
  /** The posted balance just before the period. */
  readonly opening: Money
  /** In account-sequence order. */
  readonly lines: readonly StatementLine[]
  readonly totals: StatementTotals
  /** The posted balance at the end of the period: `opening` plus every line. */
  readonly closing: Money
}

export interface StatementInput {
  readonly account: Account
  readonly opening: Money
  /** The account's entries posted in the period, in account-sequence order. */
  readonly entries: readonly StatementSourceEntry[]
  readonly period: StatementPeriod
  readonly generatedAt: Date
  /**
   * The balance at the end of the period as read on its own, when the caller
   * has one: the statement refuses to disagree with it.
   */
  readonly closing?: Money | undefined
}

/** A broken promise of the stored ledger (or of the caller): never shown to a client as a statement. */
function broken(detail: string): Error {
  return new Error(`ledger invariant broken: statement ${detail}`)
}

/**
 * Builds an account statement and checks it adds up.
 *
 * Running balances are counted from `opening` in account-sequence order, not
 * read from the stored `balanceAfter` (hot accounts store none). Where the
 * account is bounded its entries do store one, and every line must agree
 * with it; `opening` plus every line must equal `closing` when one is given.
 * A disagreement means a corrupted ledger or a torn read, and throws: a
 * wrong statement must never go out.
 */
export function buildStatement(input: StatementInput): Statement {
  const { account, opening, entries, period, generatedAt } = input
  const currency = account.currency
  const { start, endExclusive } = statementBounds(period)
  if (opening.currency !== currency) throw broken(`opening balance in ${opening.currency} for a ${currency} account ${account.id}`)
  if (entries.length > maxStatementEntries) throw new RangeError(`a statement holds at most ${maxStatementEntries} entries`)

  let running = opening.amountMinor
  let credits = 0n
  let debits = 0n
  let previousSequence: bigint | undefined
  const lines: StatementLine[] = []

  for (const entry of entries) {
    const where = `entry ${entry.id} of account ${account.id}`
    if (entry.accountId !== account.id) throw broken(`${where} belongs to account ${entry.accountId}`)
    if (entry.amount.currency !== currency) throw broken(`${where} is in ${entry.amount.currency}, the account in ${currency}`)
    if (entry.amount.amountMinor <= 0n) throw broken(`${where} has a non-positive amount`)
    if (previousSequence !== undefined && entry.accountSequence <= previousSequence) {
      throw broken(`${where}: entries out of account-sequence order (${entry.accountSequence} after ${previousSequence})`)
    }
    const postedAt = entry.postedAt.getTime()
    if (postedAt < start.getTime() || postedAt >= endExclusive.getTime()) {
      throw broken(`${where} was posted at ${entry.postedAt.toISOString()}, outside ${period.from}..${period.to}`)
    }
    previousSequence = entry.accountSequence

    const signed = signedEffect(account, entry.direction, entry.amount.amountMinor)
    running += signed
    if (entry.direction === 'credit') credits += entry.amount.amountMinor
    else debits += entry.amount.amountMinor

    if (!account.unbounded) {
      if (entry.balanceAfter === null) throw broken(`${where} stores no balance, yet the account is bounded`)
      if (entry.balanceAfter.amountMinor !== running || entry.balanceAfter.currency !== currency) {
        throw broken(`${where}: the running balance is ${running} minor units, the entry stores ${entry.balanceAfter.amountMinor}`)
      }
    }

    lines.push({
      entryId: entry.id,
      transferId: entry.transferId,
      accountSequence: entry.accountSequence,
      postedAt: entry.postedAt,
      direction: entry.direction,
      amount: money(signed, currency),
      balance: money(running, currency),
      reference: entry.reference ?? null,
      counterpartyName: entry.counterpartyName ?? null,
      transferKind: entry.transferKind ?? null,
      channel: entry.channel ?? null,
    })
  }

  const closingMinor = running
  if (input.closing !== undefined && (input.closing.amountMinor !== closingMinor || input.closing.currency !== currency)) {
    throw broken(
      `for account ${account.id} does not add up: opening ${opening.amountMinor} plus the period's entries is ${closingMinor}, ` +
        `but the balance at the end of the period is ${input.closing.amountMinor} (minor units)`,
    )
  }

  return {
    account: { id: account.id, name: account.name, currency, kind: account.kind, normalBalance: account.normalBalance },
    period: { from: period.from, to: period.to },
    generatedAt,
    opening: money(opening.amountMinor, currency),
    lines,
    totals: { count: lines.length, credits: money(credits, currency), debits: money(debits, currency) },
    closing: money(closingMinor, currency),
  }
}

/** One line's description for people (PDF): its reference and counterparty, or what kind of transfer it was. */
export function describeStatementLine(line: Pick<StatementLine, 'reference' | 'counterpartyName' | 'transferKind'>): string {
  const parts = [line.reference, line.counterpartyName].filter((part): part is string => part !== null && part !== '')
  const prefix = line.transferKind === 'reversal' ? 'Reversal' : line.transferKind === 'capture' ? 'Hold capture' : undefined
  if (parts.length === 0) return prefix ?? 'Transfer'
  return prefix === undefined ? parts.join(' · ') : `${prefix}: ${parts.join(' · ')}`
}

import { currencyExponent, isDecimalString, type Money } from '@strongroom/kernel'
import type { CalendarDate } from './calendar-date.js'
import { dayShareOfYear, type DayCountConvention } from './day-count.js'
import { addFractions, fraction, fractionFromDecimal, fractionFromMoney, multiplyFractions, zeroFraction, type ExactFraction } from '../exact-fraction.js'

/**
 * How a tiered rate applies to a balance.
 *
 * - `whole-balance`: the tier the balance falls in sets the rate for all of
 *   it. With tiers 0 → 1.00 %, 1,000,000 → 1.50 %, 5,000,000 → 2.00 %, a
 *   balance of 6,000,000 earns 2.00 % on 6,000,000 = 120,000 a year. Simple
 *   to explain; the interest jumps at each threshold.
 * - `marginal`: each slice of the balance earns its own tier's rate, like an
 *   income-tax schedule. The same 6,000,000 earns 1.00 % on the first
 *   1,000,000, 1.50 % on the next 4,000,000 and 2.00 % on the last
 *   1,000,000 = 10,000 + 60,000 + 20,000 = 90,000 a year. No jumps.
 */
export const tierMethods = ['whole-balance', 'marginal'] as const
export type TierMethod = (typeof tierMethods)[number]

/**
 * A tier starts at `fromMinor` (minor units of the balance's currency,
 * included) and runs up to the next tier's start (excluded); the last tier
 * has no top. The rate is per year, as a decimal string ("0.015" is 1.5 %);
 * it may be zero or negative.
 */
export interface RateTier {
  readonly fromMinor: bigint
  readonly annualRate: string
}

/**
 * Why a list of tiers cannot be used; undefined when it can. It must not be
 * empty, must start at 0 (every balance has a tier), must rise strictly, and
 * every rate must be a decimal string.
 */
export function rateTiersProblem(tiers: readonly RateTier[]): string | undefined {
  if (!Array.isArray(tiers) || tiers.length === 0) return 'there must be at least one tier'
  for (const [i, tier] of tiers.entries()) {
    if (typeof tier.fromMinor !== 'bigint') return `tier ${i + 1}: fromMinor must be a bigint count of minor units`
    if (!isDecimalString(tier.annualRate)) return `tier ${i + 1}: annualRate must be a decimal string such as "0.015"`
    if (i === 0 && tier.fromMinor !== 0n) return 'the first tier must start at 0, so that every balance has a rate'
    const previous = tiers[i - 1]
    if (previous !== undefined && tier.fromMinor <= previous.fromMinor) return `tier ${i + 1} must start above tier ${i} (${String(previous.fromMinor)})`
  }
  return undefined
}

function checked(balance: Money, tiers: readonly RateTier[]): bigint {
  const problem = rateTiersProblem(tiers)
  if (problem !== undefined) throw new RangeError(problem)
  if (balance.amountMinor < 0n) throw new RangeError('a tiered rate applies to a balance of zero or more')
  return balance.amountMinor
}

/** The tier a balance falls in: the last one starting at or below it. */
export function tierOf(balanceMinor: bigint, tiers: readonly RateTier[]): RateTier {
  let found = tiers[0]!
  for (const tier of tiers) if (tier.fromMinor <= balanceMinor) found = tier
  return found
}

/**
 * A year's interest on `balance` at the tiered rate, exact, in major units
 * (before any day count: balance × rate, or the sum over the slices).
 *
 * @throws RangeError for tiers `rateTiersProblem` refuses or a negative balance.
 */
export function tieredAnnualInterest(balance: Money, tiers: readonly RateTier[], method: TierMethod): ExactFraction {
  const balanceMinor = checked(balance, tiers)
  const minorUnit = fraction(1n, 10n ** BigInt(currencyExponent(balance.currency))) // in major units
  switch (method) {
    case 'whole-balance':
      return multiplyFractions(fractionFromMoney(balance), fractionFromDecimal(tierOf(balanceMinor, tiers).annualRate))
    case 'marginal': {
      let total = zeroFraction
      for (const [i, tier] of tiers.entries()) {
        const top = tiers[i + 1]?.fromMinor
        const upTo = top === undefined || balanceMinor < top ? balanceMinor : top
        if (upTo <= tier.fromMinor) break
        const slice = multiplyFractions(fraction(upTo - tier.fromMinor), minorUnit)
        total = addFractions(total, multiplyFractions(slice, fractionFromDecimal(tier.annualRate)))
      }
      return total
    }
    default:
      throw new RangeError(`Unknown tier method: ${String(method satisfies never)}`)
  }
}

/**
 * The single rate that would earn the same on the whole balance: what a
 * client sees as "your rate". Under `whole-balance` it is the tier's rate;
 * under `marginal` a blend (90,000 on 6,000,000 is 1.5 %). For a zero
 * balance it is the first tier's rate. Exact; it may not have a finite
 * decimal under `marginal`.
 */
export function effectiveAnnualRate(balance: Money, tiers: readonly RateTier[], method: TierMethod): ExactFraction {
  const balanceMinor = checked(balance, tiers)
  if (balanceMinor === 0n) return fractionFromDecimal(tiers[0]!.annualRate)
  const interest = tieredAnnualInterest(balance, tiers, method)
  const principal = fractionFromMoney(balance)
  return fraction(interest.numerator * principal.denominator, interest.denominator * principal.numerator)
}

export interface TieredAccrualRequest {
  /** The balance that earns for the day (normally the end-of-day balance). */
  readonly balance: Money
  readonly tiers: readonly RateTier[]
  readonly method: TierMethod
  readonly convention: DayCountConvention
  /** The first day of the current posting period (anchors the 30/360 conventions; see `dayShareOfYear`). */
  readonly periodStart: CalendarDate
  /** The day that earns. */
  readonly date: CalendarDate
  readonly maturity?: CalendarDate | null | undefined
}

/**
 * One day's interest on a balance at a tiered rate, exact, in major units:
 * the year's tiered interest × the day's share of a year.
 *
 * @throws RangeError as `tieredAnnualInterest` and `dayShareOfYear` do.
 */
export function tieredDailyAccrual(request: TieredAccrualRequest): ExactFraction {
  const share = dayShareOfYear(request.convention, request.periodStart, request.date, { maturity: request.maturity })
  return multiplyFractions(tieredAnnualInterest(request.balance, request.tiers, request.method), share)
}

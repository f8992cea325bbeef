import { money, type CurrencyCode, type ExactDecimal, type Money, type RoundingMode } from '@strongroom/kernel'
import { compareCalendarDates, epochDay, formatCalendarDate, fromEpochDay, type CalendarDate } from './calendar-date.js'
import { dayShareOfYear, type DayCountConvention } from './day-count.js'
import {
  addFractions,
  fractionFromDecimal,
  fractionFromMoney,
  multiplyFractions,
  roundFractionToMinor,
  sumFractions,
  type ExactFraction,
} from '../exact-fraction.js'

/** What a deposit earns on: its principal, its rate, how it counts days. */
export interface AccrualTerms {
  readonly principal: Money
  /** Per year, as a decimal: "0.0135" is 1.35 %. Never a JavaScript number. */
  readonly annualRate: ExactDecimal | string
  readonly convention: DayCountConvention
  /** Needed by 30E/360 ISDA (see `DayCountOptions.maturity`); `null` for no maturity. */
  readonly maturity?: CalendarDate | null | undefined
}

export interface DailyAccrualRequest extends AccrualTerms {
  /** The first day that earns: it counts. */
  readonly from: CalendarDate
  /** The day after the last day that earns: it does not count. */
  readonly to: CalendarDate
}

/** One day's interest, before any rounding. */
export interface DailyAccrual {
  readonly date: CalendarDate
  /** The day's share of a year under the convention (1/360 for ACT/360). */
  readonly yearFraction: ExactFraction
  /** principal × annual rate × yearFraction, in major units, exact. */
  readonly interest: ExactFraction
}

/** principal × annualRate × yearFraction, in major units, exact: simple interest for a period. */
export function simpleInterest(principal: Money, annualRate: ExactDecimal | string, yearFraction: ExactFraction): ExactFraction {
  return multiplyFractions(multiplyFractions(fractionFromMoney(principal), fractionFromDecimal(annualRate)), yearFraction)
}

/**
 * The interest earned on each day of [from, to): the first day counts, the
 * last does not (a deposit placed on 21 March and settled on 21 June earns
 * for 21 March … 20 June). Nothing is rounded; a day's interest is an exact
 * fraction in major units (CNY 10,000,000.00 at 1.35 % ACT/360 earns
 * exactly 375 a day; at ACT/365 Fixed, 27,000/73 = 369.86301369…).
 *
 * `from` also anchors the 30/360 conventions (see `dayShareOfYear`): the
 * days of one call add up to the convention's year fraction from `from` to
 * `to`, so call it once per posting period, from the period's first day.
 *
 * @throws RangeError when `to` is before `from`, or as `dayCount` does.
 */
export function accrueDaily(request: DailyAccrualRequest): readonly DailyAccrual[] {
  const { from, to } = request
  if (compareCalendarDates(from, to) > 0) throw new RangeError(`accrual runs forward: ${formatCalendarDate(to)} is before ${formatCalendarDate(from)}`)
  const [first, end] = [epochDay(from), epochDay(to)]
  const accruals: DailyAccrual[] = []
  for (let day = first; day < end; day += 1) {
    accruals.push(accrualForDay(request, from, fromEpochDay(day)))
  }
  return accruals
}

/**
 * The interest of one day, `date`, of a period that began on `periodStart`:
 * what the end-of-day batch adds for `date` alone. Equal to the entry for
 * `date` in `accrueDaily({ from: periodStart, to: date + 1 day })`.
 */
export function accrualForDay(terms: AccrualTerms, periodStart: CalendarDate, date: CalendarDate): DailyAccrual {
  const share = dayShareOfYear(terms.convention, periodStart, date, { maturity: terms.maturity })
  return Object.freeze({ date, yearFraction: share, interest: simpleInterest(terms.principal, terms.annualRate, share) })
}

/** The exact total of a run of accruals. */
export function totalAccrued(accruals: readonly DailyAccrual[]): ExactFraction {
  return sumFractions(accruals.map((a) => a.interest))
}

export interface PostedInterest {
  /** What is credited (capitalised or paid out), in minor units. */
  readonly posted: Money
  /** What was accrued but not posted, exact, under one minor unit: carry it into the next posting. */
  readonly remainder: ExactFraction
}

/**
 * Turns accrued interest into money at posting time: `accrued` (this
 * period's interest) plus the `carriedRemainder` of the previous posting is
 * rounded once to the minor unit (banker's rounding unless the product says
 * otherwise), through the kernel's `roundToMinor`, and what rounding cut off
 * is returned to be carried. Nothing is lost: posted + remainder = accrued +
 * carriedRemainder, always.
 *
 * A posting never goes against the interest of its period: when the carried
 * remainder outweighs this period's accrual in the other direction (a month
 * after `up` rounded the previous one up), or nothing accrued at all, nothing
 * is posted and the whole amount is carried. Without that rule the
 * symmetric modes would post −0.01 to a deposit earning a positive rate.
 *
 * So over any run of postings the total posted is the total accrued rounded
 * once: exactly, under `down`, `up` and `half-up`; and under `half-even`
 * exactly unless the running total lands exactly halfway between two minor
 * units, where it may take the other of the two equally near amounts (which
 * one depends on the parity of what was already posted, which a carried
 * remainder does not record; see the accrual tests).
 *
 * Decimal amounts (a remainder stored in a `numeric` column) are accepted
 * and taken exactly.
 */
export function postInterest(
  accrued: ExactFraction | ExactDecimal | string,
  carriedRemainder: ExactFraction | ExactDecimal | string,
  currency: CurrencyCode,
  mode: RoundingMode = 'half-even',
): PostedInterest {
  const period = asFraction(accrued)
  const due = addFractions(period, asFraction(carriedRemainder))
  const direction = signOf(period)
  if (direction === 0 || signOf(due) === -direction) return Object.freeze({ posted: money(0n, currency), remainder: due })
  const { money: posted, remainder } = roundFractionToMinor(due, currency, mode)
  return Object.freeze({ posted, remainder })
}

function signOf(value: ExactFraction): -1 | 0 | 1 {
  return value.numerator < 0n ? -1 : value.numerator > 0n ? 1 : 0
}

function asFraction(value: ExactFraction | ExactDecimal | string): ExactFraction {
  return typeof value === 'object' && value !== null && 'numerator' in value && 'denominator' in value
    ? (value as ExactFraction)
    : fractionFromDecimal(value as ExactDecimal | string)
}


import {
  addDays,
  calendarDate,
  compareCalendarDates,
  daysBetween,
  daysInYear,
  formatCalendarDate,
  isLastDayOfMonth,
  sameCalendarDate,
  type CalendarDate,
} from './calendar-date.js'
import { addFractions, fraction, zeroFraction, type ExactFraction } from '../exact-fraction.js'

/**
 * How a period between two dates becomes a fraction of a year. The ids are
 * stable (they are stored on products and deposits); `dayCountConventionDetails`
 * gives the market name and the ISO 20022 code.
 *
 * | id                  | market name              | days counted                                   | per year |
 * |---------------------|--------------------------|------------------------------------------------|----------|
 * | `act-360`           | ACT/360                  | actual                                         | 360      |
 * | `act-365-fixed`     | ACT/365 Fixed            | actual                                         | 365, leap years too |
 * | `act-act-isda`      | ACT/ACT ISDA             | actual, split at 1 January                     | 366 for days in a leap year, 365 for the others |
 * | `30-360-bond-basis` | 30/360 Bond Basis        | 360(Y2−Y1)+30(M2−M1)+(D2−D1); D1 31→30; D2 31→30 if D1 ≥ 30 | 360 |
 * | `30-360-us`         | 30/360 US (SIA, EOM)     | as Bond Basis, and: D1 last of Feb → 30; D2 last of Feb → 30 if D1 is too | 360 |
 * | `30e-360`           | 30E/360 (Eurobond Basis) | D1 31→30; D2 31→30                              | 360      |
 * | `30e-360-isda`      | 30E/360 ISDA             | D1 last of month → 30; D2 last of month → 30, except a February maturity date | 360 |
 *
 * Sources: 2006 ISDA Definitions §4.16 (b) Actual/Actual (ISDA), (d)
 * Actual/365 (Fixed), (e) Actual/360, (f) 30/360 (Bond Basis), (g) 30E/360
 * (Eurobond Basis), (h) 30E/360 (ISDA). 30/360 US is the SIA Standard
 * Securities Calculation Methods rule with its February end-of-month
 * adjustments always applied (OpenGamma Strata's "30U/360 EOM").
 */
export const dayCountConventions = [
  'act-360',
  'act-365-fixed',
  'act-act-isda',
  '30-360-bond-basis',
  '30-360-us',
  '30e-360',
  '30e-360-isda',
] as const
export type DayCountConvention = (typeof dayCountConventions)[number]

export interface DayCountConventionDetails {
  readonly name: string
  /**
   * ISO 20022 InterestComputationMethod code, where we have confirmed one.
   * The 30E variants have codes in that list too; they are left null until
   * someone checks them against the published code set.
   */
  readonly iso20022: string | null
}

export const dayCountConventionDetails = {
  'act-360': { name: 'ACT/360', iso20022: 'A004' },
  'act-365-fixed': { name: 'ACT/365 Fixed', iso20022: 'A005' },
  'act-act-isda': { name: 'ACT/ACT ISDA', iso20022: 'A008' },
  '30-360-bond-basis': { name: '30/360 Bond Basis', iso20022: 'A001' },
  '30-360-us': { name: '30/360 US', iso20022: null },
  '30e-360': { name: '30E/360 Eurobond Basis', iso20022: null },
  '30e-360-isda': { name: '30E/360 ISDA', iso20022: null },
} as const satisfies Record<DayCountConvention, DayCountConventionDetails>

export function isDayCountConvention(value: unknown): value is DayCountConvention {
  return typeof value === 'string' && (dayCountConventions as readonly string[]).includes(value)
}

export interface DayCountOptions {
  /**
   * The termination (maturity) date of the deposit. 30E/360 ISDA needs it:
   * the last day of February becomes the 30th unless it is this date. Pass
   * `null` for a deposit without one (a demand deposit): then no end date is
   * ever the maturity. Leaving it out is fine for every other convention,
   * and for 30E/360 ISDA whenever the end date is not the last day of
   * February; otherwise it is refused, since guessing would move interest.
   */
  readonly maturity?: CalendarDate | null | undefined
}

/**
 * The days a convention counts from `start` to `end` (the numerator of the
 * year fraction): actual days for the ACT conventions, 30-day months for the
 * 30/360 family. A period of no days counts 0 under every convention.
 *
 * @throws RangeError when `end` is before `start`, for an unknown
 *   convention, or for 30E/360 ISDA without the maturity it needs.
 */
export function dayCount(convention: DayCountConvention, start: CalendarDate, end: CalendarDate, options: DayCountOptions = {}): number {
  checkOrder(start, end)
  if (sameCalendarDate(start, end)) return 0
  switch (convention) {
    case 'act-360':
    case 'act-365-fixed':
    case 'act-act-isda':
      return daysBetween(start, end)
    case '30-360-bond-basis':
    case '30-360-us':
    case '30e-360':
    case '30e-360-isda':
      return thirtyDays(convention, start, end, options)
    default:
      return unknownConvention(convention)
  }
}

/**
 * The share of a year from `start` to `end` under `convention`, exact.
 * ACT/ACT ISDA adds its two kinds of days exactly: 2003-11-01 → 2004-05-01
 * is 61/365 + 121/366 = 66491/133590, not a rounded 0.4977….
 *
 * @throws RangeError as `dayCount` does.
 */
export function yearFraction(convention: DayCountConvention, start: CalendarDate, end: CalendarDate, options: DayCountOptions = {}): ExactFraction {
  const days = dayCount(convention, start, end, options)
  switch (convention) {
    case 'act-360':
      return fraction(BigInt(days), 360n)
    case 'act-365-fixed':
      return fraction(BigInt(days), 365n)
    case 'act-act-isda':
      return actualActualIsda(start, end)
    case '30-360-bond-basis':
    case '30-360-us':
    case '30e-360':
    case '30e-360-isda':
      return fraction(BigInt(days), 360n)
    default:
      return unknownConvention(convention)
  }
}

/** Days in each calendar year over its own length: Σ days_in_year_y / (365 or 366). */
function actualActualIsda(start: CalendarDate, end: CalendarDate): ExactFraction {
  let total = zeroFraction
  for (let year = start.year; year <= end.year; year += 1) {
    const from = year === start.year ? start : calendarDate(year, 1, 1)
    const to = year === end.year ? end : calendarDate(year + 1, 1, 1)
    total = addFractions(total, fraction(BigInt(daysBetween(from, to)), BigInt(daysInYear(year))))
  }
  return total
}

function isLastDayOfFebruary(date: CalendarDate): boolean {
  return date.month === 2 && isLastDayOfMonth(date)
}

/** 360(Y2−Y1) + 30(M2−M1) + (D2−D1), with each convention's adjustment of D1 and D2. */
function thirtyDays(
  convention: '30-360-bond-basis' | '30-360-us' | '30e-360' | '30e-360-isda',
  start: CalendarDate,
  end: CalendarDate,
  options: DayCountOptions,
): number {
  let d1 = start.day
  let d2 = end.day
  switch (convention) {
    case '30-360-bond-basis':
      // ISDA §4.16(f): D1 31 → 30; D2 31 → 30 when D1 is greater than 29.
      if (d1 === 31) d1 = 30
      if (d2 === 31 && d1 > 29) d2 = 30
      break
    case '30-360-us':
      // SIA, in this order: both last of February → D2 = 30; D1 last of
      // February → 30; D2 31 → 30 when D1 is now 30 or 31; D1 31 → 30.
      if (isLastDayOfFebruary(start) && isLastDayOfFebruary(end)) d2 = 30
      if (isLastDayOfFebruary(start)) d1 = 30
      if (d2 === 31 && d1 >= 30) d2 = 30
      if (d1 === 31) d1 = 30
      break
    case '30e-360':
      // ISDA §4.16(g): both 31sts become 30ths.
      if (d1 === 31) d1 = 30
      if (d2 === 31) d2 = 30
      break
    case '30e-360-isda':
      // ISDA §4.16(h): D1 last day of month → 30; D2 last day of month → 30,
      // unless it is the termination date and the month is February.
      if (isLastDayOfMonth(start)) d1 = 30
      if (isLastDayOfMonth(end) && !(end.month === 2 && isMaturity(end, options))) d2 = 30
      break
  }
  return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)
}

function isMaturity(date: CalendarDate, options: DayCountOptions): boolean {
  if (options.maturity === undefined) {
    throw new RangeError(
      `30E/360 ISDA needs the maturity date to count to ${formatCalendarDate(date)}, the last day of February (pass maturity: null for a deposit without one)`,
    )
  }
  return options.maturity !== null && sameCalendarDate(date, options.maturity)
}

function checkOrder(start: CalendarDate, end: CalendarDate): void {
  if (compareCalendarDates(start, end) > 0) {
    throw new RangeError(`a day count runs forward: ${formatCalendarDate(end)} is before ${formatCalendarDate(start)}`)
  }
}

function unknownConvention(convention: never): never {
  throw new RangeError(`Unknown day-count convention: ${String(convention)}`)
}

/**
 * The share of a year that one day, `date` → the next day, adds to a period
 * that began on `periodStart`: yearFraction(periodStart, date + 1) −
 * yearFraction(periodStart, date). Daily accruals built from it add up,
 * over any run of days from `periodStart`, to exactly the convention's
 * year fraction for the whole run.
 *
 * For the ACT conventions that is simply 1/360, 1/365, or 1/365 or 1/366
 * by the day's year, whatever `periodStart` is. The 30/360 family is not
 * additive day by day (under Bond Basis 2023-02-28 → 2023-03-31 counts 33
 * days, yet its days one by one count 32), so its daily share depends on
 * where the period began; counting from the period's start keeps every
 * posting period exactly what the convention says. A 30/360 day can count
 * 0 (the 31st), 1, or up to 3 (the end of February).
 *
 * @throws RangeError when `date` is before `periodStart`, or as `dayCount` does.
 */
export function dayShareOfYear(convention: DayCountConvention, periodStart: CalendarDate, date: CalendarDate, options: DayCountOptions = {}): ExactFraction {
  checkOrder(periodStart, date)
  const next = addDays(date, 1)
  switch (convention) {
    case 'act-360':
    case 'act-365-fixed':
    case 'act-act-isda':
      return yearFraction(convention, date, next, options)
    default: {
      const days = dayCount(convention, periodStart, next, options) - dayCount(convention, periodStart, date, options)
      return fraction(BigInt(days), 360n)
    }
  }
}

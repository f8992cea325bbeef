import type { CalendarDate } from '../interest/calendar-date.js'
import { dayCountConventions, dayShareOfYear, type DayCountConvention } from '../interest/day-count.js'
import type { AccrualKey, AccrualUnits } from './ports.js'

/**
 * The end-of-day batch accrues a million deposits in one SQL statement, so a
 * day's interest must be a product the database can add up exactly:
 *
 *     accrued_scaled += annual_interest × units          (numeric, exact)
 *     interest        = accrued_scaled / denominator     (when it posts)
 *
 * Each convention gets one fixed denominator so that every day's share of a
 * year is a whole number of units over it: ACT/360 and the 30/360 family
 * count in 360ths (a 30/360 day is 0 to 3 of them), ACT/365 Fixed in 365ths,
 * and ACT/ACT ISDA in 133,590ths (365 × 366), where a day of a leap year is
 * 365 units and a day of any other year 366. Nothing is rounded on the way.
 */
export const accrualDenominators: Readonly<Record<DayCountConvention, bigint>> = Object.freeze({
  'act-360': 360n,
  'act-365-fixed': 365n,
  'act-act-isda': 365n * 366n,
  '30-360-bond-basis': 360n,
  '30-360-us': 360n,
  '30e-360': 360n,
  '30e-360-isda': 360n,
})

/** Whether a convention's daily share depends on where the posting period began (the 30/360 family). */
export function dependsOnPeriodStart(convention: DayCountConvention): boolean {
  return accrualDenominators[convention] === 360n && convention !== 'act-360'
}

/** Whether a convention's daily share depends on the maturity date (30E/360 ISDA's February rule). */
export function dependsOnMaturity(convention: DayCountConvention): boolean {
  return convention === '30e-360-isda'
}

/**
 * `date`'s share of a year as a whole number of the convention's units (see
 * `accrualDenominators`), for a posting period that began on `periodStart`.
 *
 * @throws RangeError as `dayShareOfYear` does.
 */
export function dailyAccrualUnits(
  convention: DayCountConvention,
  periodStart: CalendarDate,
  date: CalendarDate,
  maturity: CalendarDate | null,
): bigint {
  const share = dayShareOfYear(convention, periodStart, date, { maturity })
  const denominator = accrualDenominators[convention]
  const scaled = share.numerator * denominator
  if (scaled % share.denominator !== 0n) throw new RangeError(`a ${convention} day is not a whole number of 1/${String(denominator)} years`)
  return scaled / share.denominator
}

/**
 * A day's units for the whole book, as `accrueDay` takes them: one group per
 * actual-day convention (its day is the same for every deposit), and one per
 * 30/360-family group `keys` names (see `DepositStore.accrualKeys`).
 */
export function accrualUnitsFor(date: CalendarDate, keys: readonly AccrualKey[]): AccrualUnits[] {
  const units: AccrualUnits[] = dayCountConventions
    .filter((convention) => !dependsOnPeriodStart(convention) && !dependsOnMaturity(convention))
    .map((convention) => ({ convention, periodStart: null, maturity: null, units: dailyAccrualUnits(convention, date, date, null) }))
  for (const key of keys) units.push({ ...key, units: dailyAccrualUnits(key.convention, key.periodStart ?? date, date, key.maturity) })
  return units
}

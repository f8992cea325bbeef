import { assertCalendarDay, calendarDayOf, dayNumber, isoWeekday } from '@strongroom/kernel'
import type { RulePack } from './rule-pack.js'

/**
 * Working days for filing deadlines: Monday to Friday, less public holidays,
 * plus the weekend days declared working days. China moves working days
 * around its holidays (调休): Sunday 2025-01-26 and Saturday 2025-02-08 were
 * working days around the Spring Festival, so a calendar for China passes
 * both lists. The lists are the caller's, per jurisdiction and year; the
 * core knows no holiday.
 */
interface WorkingCalendar {
  readonly holidays: ReadonlySet<number>
  readonly workingWeekendDays: ReadonlySet<number>
}

function workingCalendar(holidays: readonly string[], workingWeekendDays: readonly string[]): WorkingCalendar {
  for (const day of holidays) assertCalendarDay(day, 'holiday')
  for (const day of workingWeekendDays) assertCalendarDay(day, 'working weekend day')
  const holidaySet = new Set(holidays.map(dayNumber))
  const workingSet = new Set(workingWeekendDays.map(dayNumber))
  for (const day of workingSet) {
    if (holidaySet.has(day)) throw new RangeError(`${calendarDayOf(day)} is listed both as a holiday and as a working day`)
  }
  return { holidays: holidaySet, workingWeekendDays: workingSet }
}

function isWorkingDay(day: number, calendar: WorkingCalendar): boolean {
  if (calendar.holidays.has(day)) return false
  return isoWeekday(day) <= 5 || calendar.workingWeekendDays.has(day)
}

/**
 * The `n`th working day after `date` (YYYY-MM-DD); `date` itself is not
 * counted, whether or not it is a working day, as "within 5 working days of
 * the transaction" reads. `n` = 0 gives `date` back unchanged.
 *
 * @throws RangeError for a date, holiday or working weekend day that is not
 *   YYYY-MM-DD, a day listed as both, or `n` that is not a whole number ≥ 0.
 */
export function addWorkingDays(
  date: string,
  n: number,
  holidays: readonly string[],
  workingWeekendDays: readonly string[] = [],
): string {
  assertCalendarDay(date, 'addWorkingDays date')
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`the number of working days must be a whole number ≥ 0, got ${String(n)}`)
  const calendar = workingCalendar(holidays, workingWeekendDays)
  let day = dayNumber(date)
  // A list of holidays covering every day would never end; no real year has more than a few weeks of them.
  const limit = day + n * 7 + 366
  for (let counted = 0; counted < n; ) {
    day += 1
    if (day > limit) throw new RangeError(`no ${n} working days within a year after ${date}: check the holiday list`)
    if (isWorkingDay(day, calendar)) counted += 1
  }
  return calendarDayOf(day)
}

/**
 * The last day (YYYY-MM-DD) to file a report under `pack` for transactions
 * of `businessDate`: so many working days after it, or so many calendar days.
 *
 * Calendar-day deadlines are not moved off weekends or holidays: FinCEN
 * counts 15 calendar days, and a deadline that falls on a Sunday is met by
 * filing on the Friday before. Holidays do not move a calendar-day deadline,
 * so they are only read for working-day packs.
 *
 * @throws RangeError as `addWorkingDays` does.
 */
export function filingDeadline(
  pack: Pick<RulePack, 'filingDeadline'>,
  businessDate: string,
  holidays: readonly string[],
  workingWeekendDays: readonly string[] = [],
): string {
  const rule = pack.filingDeadline
  if ('workingDays' in rule) return addWorkingDays(businessDate, rule.workingDays, holidays, workingWeekendDays)
  assertCalendarDay(businessDate, 'businessDate')
  if (!Number.isSafeInteger(rule.calendarDays) || rule.calendarDays < 0) {
    throw new RangeError(`the number of calendar days must be a whole number ≥ 0, got ${String(rule.calendarDays)}`)
  }
  return calendarDayOf(dayNumber(businessDate) + rule.calendarDays)
}

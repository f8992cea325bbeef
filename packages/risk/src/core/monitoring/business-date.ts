import { dayNumber, isCalendarDay } from '@strongroom/kernel'

/**
 * Business dates as monitoring reads them: `YYYY-MM-DD` strings that exist,
 * turned into day numbers (days since 1970-01-01) for window arithmetic —
 * the kernel's calendar days, under the names the monitoring code uses.
 */
export function epochDayOf(date: unknown): number | undefined {
  return isCalendarDay(date) ? dayNumber(date) : undefined
}

export function isBusinessDate(date: unknown): date is string {
  return isCalendarDay(date)
}

export function requireEpochDay(date: unknown, what: string): number {
  const day = epochDayOf(date)
  if (day === undefined) throw new RangeError(`${what} must be a date (YYYY-MM-DD), got ${JSON.stringify(date)}`)
  return day
}

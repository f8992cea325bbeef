/**
 * Business dates as YYYY-MM-DD strings and their day numbers. Pure
 * arithmetic on the proleptic Gregorian calendar: no clock, no time zone.
 * Which business date a transfer belongs to (the bank's cut-off) is the
 * caller's decision.
 */

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 for a valid YYYY-MM-DD date; undefined otherwise (2025-02-30 is not a date). */
export function epochDayOf(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined
  const m = datePattern.exec(date)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return daysFromCivil(year, month, day)
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, by plain arithmetic
 * (H. Hinnant's days_from_civil): called for every bucket of every decision,
 * so no Date object.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

export function isBusinessDate(date: unknown): date is string {
  return epochDayOf(date) !== undefined
}

/** The day number of `date`, or a RangeError naming `what`. */
export function requireEpochDay(date: unknown, what: string): number {
  const day = epochDayOf(date)
  if (day === undefined) throw new RangeError(`${what} must be a date (YYYY-MM-DD), got ${JSON.stringify(date)}`)
  return day
}

/**
 * A day on the (proleptic Gregorian) calendar, with no time and no time zone:
 * what a value date, a maturity date or a business date is. Interest is
 * counted in these, never in instants, so that a deposit booked on
 * 2024-02-29 accrues the same days wherever the server runs.
 *
 * The arithmetic goes through a day number (days since 1970-01-01) computed
 * with Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
 * (http://howardhinnant.github.io/date_algorithms.html): integer operations
 * only, no `Date`, no clock, no time zone.
 *
 * Years run from 1 to 9999, the years `YYYY-MM-DD` can write.
 */
export interface CalendarDate {
  readonly year: number
  /** 1 = January … 12 = December. */
  readonly month: number
  /** 1 … the number of days in the month. */
  readonly day: number
}

export const minCalendarYear = 1
export const maxCalendarYear = 9999

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

/** Gregorian: every 4th year, except centuries, except every 4th century (2000 is, 1900 and 2100 are not). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInYear(year: number): 365 | 366 {
  return isLeapYear(year) ? 366 : 365
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1 to 12, got ${String(month)}`)
  return month === 2 && isLeapYear(year) ? 29 : monthLengths[month - 1]!
}

/** True when year, month and day name a day that exists, within years 1 to 9999. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= minCalendarYear &&
    year <= maxCalendarYear &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

/**
 * A date that exists: `calendarDate(2024, 2, 29)`.
 *
 * @throws RangeError for a day that does not exist (2023-02-29, 2024-04-31)
 *   or a year outside 1 to 9999.
 */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  if (!isValidCalendarDate(year, month, day)) {
    throw new RangeError(`${String(year)}-${String(month)}-${String(day)} is not a calendar date`)
  }
  return Object.freeze({ year, month, day })
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** `YYYY-MM-DD` of a day that exists, else undefined: '2024-02-29' parses, '2023-02-29' and '2024-2-9' do not. */
export function tryParseCalendarDate(text: string): CalendarDate | undefined {
  if (typeof text !== 'string') return undefined
  const match = isoDatePattern.exec(text)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return isValidCalendarDate(year, month, day) ? Object.freeze({ year, month, day }) : undefined
}

/**
 * Reads `YYYY-MM-DD`, exactly four, two and two digits, of a day that exists.
 *
 * @throws RangeError for anything else.
 */
export function parseCalendarDate(text: string): CalendarDate {
  const date = tryParseCalendarDate(text)
  if (date === undefined) throw new RangeError(`${JSON.stringify(String(text).slice(0, 40))} is not a calendar date (YYYY-MM-DD)`)
  return date
}

/** `YYYY-MM-DD`: the inverse of `parseCalendarDate`. */
export function formatCalendarDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`
}

/**
 * Days since 1970-01-01 (which is day 0; 1969-12-31 is day −1). Hinnant's
 * `days_from_civil`: the year is taken to start on 1 March, so that the leap
 * day is the last day of the year and month lengths from March follow the
 * pattern ⌊(153·m + 2) / 5⌋.
 */
export function epochDay(date: CalendarDate): number {
  const { month, day } = date
  const y = date.year - (month <= 2 ? 1 : 0)
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400 // 0 … 399
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1 // 0 … 365, from 1 March
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear // 0 … 146096
  return era * 146_097 + dayOfEra - 719_468 // 719468 = days from 0000-03-01 to 1970-01-01
}

/**
 * The date of a day number (Hinnant's `civil_from_days`).
 *
 * @throws RangeError outside years 1 to 9999.
 */
export function fromEpochDay(dayNumber: number): CalendarDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`a day number must be an integer, got ${String(dayNumber)}`)
  const z = dayNumber + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153) // 0 = March … 11 = February
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return calendarDate(year, month, day)
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${String(days)}`)
  return fromEpochDay(epochDay(date) + days)
}

/**
 * What happens when the same day does not exist in the target month.
 *
 * - `clamp` (the default): keep the day of month, or the target month's last
 *   day if it is shorter. 2024-01-31 + 1 month = 2024-02-29; 2024-02-29 +
 *   1 month = 2024-03-29; 2024-02-29 + 12 months = 2025-02-28. This is how a
 *   term deposit's maturity is found from its value date (China practice:
 *   the same day of the month, else the month's last day).
 * - `end-of-month`: as `clamp`, and a date on the last day of its month also
 *   lands on the last day of the target month (the ISDA/bond "EOM" rule).
 *   2024-02-29 + 1 month = 2024-03-31; 2023-04-30 + 1 month = 2023-05-31.
 */
export type MonthEndRule = 'clamp' | 'end-of-month'

/** `date` moved by whole `months` (negative: earlier); see `MonthEndRule` for the end of the month. */
export function addMonths(date: CalendarDate, months: number, rule: MonthEndRule = 'clamp'): CalendarDate {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${String(months)}`)
  if (rule !== 'clamp' && rule !== 'end-of-month') throw new RangeError(`Unknown month-end rule: ${String(rule)}`)
  const index = date.year * 12 + (date.month - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  if (year < minCalendarYear || year > maxCalendarYear) throw new RangeError(`${formatCalendarDate(date)} + ${months} months is outside years 1 to 9999`)
  const last = daysInMonth(year, month)
  const day = rule === 'end-of-month' && isLastDayOfMonth(date) ? last : Math.min(date.day, last)
  return calendarDate(year, month, day)
}

/** Actual days from `start` to `end`: negative when `end` is earlier. 2024-02-28 → 2024-03-01 is 2. */
export function daysBetween(start: CalendarDate, end: CalendarDate): number {
  return epochDay(end) - epochDay(start)
}

/** ISO weekday, 1 = Monday … 7 = Sunday. Day 0 (1970-01-01) was a Thursday. */
export function dayOfWeek(date: CalendarDate): IsoWeekday {
  const fromMonday = (((epochDay(date) + 3) % 7) + 7) % 7 // 0 = Monday
  return (fromMonday + 1) as IsoWeekday
}

export function isLastDayOfMonth(date: CalendarDate): boolean {
  return date.day === daysInMonth(date.year, date.month)
}

export function lastDayOfMonth(date: CalendarDate): CalendarDate {
  return calendarDate(date.year, date.month, daysInMonth(date.year, date.month))
}

/** −1, 0 or 1, for `Array.prototype.sort`. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const d = a.year - b.year || a.month - b.month || a.day - b.day
  return d < 0 ? -1 : d > 0 ? 1 : 0
}

export function sameCalendarDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day
}

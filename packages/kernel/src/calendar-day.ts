/**
 * Calendar days as plain `YYYY-MM-DD` strings, for the domains that store and
 * exchange them that way (compliance reports, retention, KYC reviews; risk
 * profiles and maturities): validation, day numbers (days since 1970-01-01,
 * by Howard Hinnant's `days_from_civil` / `civil_from_days`), moving by days
 * and months, weekdays, and instants that carry their offset. Integers only,
 * no `Date` for days, no clock, no time zone: 2025-03-06 is the same day
 * wherever this runs. (The ledger keeps its richer `CalendarDate` object.)
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** True for `YYYY-MM-DD` naming a day that exists (years 0001–9999): '2024-02-29' yes, '2023-02-29' and '2024-2-9' no. */
export function isCalendarDay(text: unknown): text is string {
  if (typeof text !== 'string') return false
  const match = isoDatePattern.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** @throws RangeError when `text` is not a `YYYY-MM-DD` day that exists; `what` names it in the message. */
export function assertCalendarDay(text: unknown, what: string): asserts text is string {
  if (!isCalendarDay(text)) throw new RangeError(`${what}: ${JSON.stringify(String(text).slice(0, 40))} is not a date (YYYY-MM-DD)`)
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` (check it first). */
export function dayNumber(text: string): number {
  const year = Number(text.slice(0, 4))
  const month = Number(text.slice(5, 7))
  const day = Number(text.slice(8, 10))
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** The `YYYY-MM-DD` of a day number. */
export function calendarDayOf(days: number): string {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Actual days from `start` to `end` (negative when `end` is earlier): 2024-02-28 → 2024-03-01 is 2. */
export function daysFromTo(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start)
}

/** `text` moved by `days` (negative: earlier). */
export function addDaysToDay(text: string, days: number): string {
  return calendarDayOf(dayNumber(text) + days)
}

/**
 * `text` moved by whole `months`, keeping the day of month or, when the
 * target month is shorter, its last day: 2024-01-31 + 1 = 2024-02-29,
 * 2024-02-29 + 12 = 2025-02-28. The ledger's `addMonths` with its default
 * 'clamp' rule.
 */
export function addMonthsToDay(text: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${String(months)}`)
  const index = Number(text.slice(0, 4)) * 12 + (Number(text.slice(5, 7)) - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  if (year < 1 || year > 9999) throw new RangeError(`${text} + ${months} months is outside years 1 to 9999`)
  const day = Math.min(Number(text.slice(8, 10)), daysInMonth(year, month))
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1
}

// An instant with its offset: '2025-03-06T09:15:00+08:00', '2025-03-06T01:15:00.123Z'.
const isoInstantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/**
 * Milliseconds since the epoch of an ISO 8601 instant that carries its
 * offset (`Z` or `±hh:mm`); undefined for anything else, including a local
 * time without an offset, which would be read in the server's time zone.
 */
export function instantMillis(text: unknown): number | undefined {
  if (typeof text !== 'string' || !isoInstantPattern.test(text) || !isCalendarDay(text.slice(0, 10))) return undefined
  const millis = Date.parse(text)
  return Number.isNaN(millis) ? undefined : millis
}

/** True for an ISO 8601 instant that carries its offset (see `instantMillis`). */
export function isInstant(text: unknown): text is string {
  return instantMillis(text) !== undefined
}

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  calendarDate,
  compareCalendarDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  epochDay,
  formatCalendarDate,
  fromEpochDay,
  isLastDayOfMonth,
  isLeapYear,
  lastDayOfMonth,
  parseCalendarDate,
  tryParseCalendarDate,
  type CalendarDate,
} from './calendar-date.js'

const d = parseCalendarDate
const iso = formatCalendarDate

/** The oracle for the tests only: JavaScript's own UTC calendar (the code under test never uses Date). */
const utcDayNumber = (date: CalendarDate): number => {
  const instant = new Date(0)
  instant.setUTCFullYear(date.year, date.month - 1, date.day) // setUTCFullYear, unlike Date.UTC, takes years 0–99 literally
  return instant.getTime() / 86_400_000
}

const anyDate = fc
  .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => calendarDate(year, month, Math.min(day, daysInMonth(year, month))))
/** Dates a deposit will meet, with a generous margin. */
const bankDate = fc.integer({ min: epochDay(d('1990-01-01')), max: epochDay(d('2100-12-31')) }).map(fromEpochDay)

describe('leap years', () => {
  it('follows the Gregorian rule: every 4th year, not centuries, but every 400th', () => {
    expect([2024, 2000, 2400, 1600, 4].map(isLeapYear)).toEqual([true, true, true, true, true])
    expect([2023, 1900, 2100, 2200, 1].map(isLeapYear)).toEqual([false, false, false, false, false])
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2023, 2)).toBe(28)
    expect(daysInMonth(1900, 2)).toBe(28)
    expect(daysInMonth(2000, 2)).toBe(29)
  })
})

describe('parse and format', () => {
  it('reads YYYY-MM-DD of a day that exists and writes it back', () => {
    expect(d('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 })
    expect(d('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 })
    expect(iso(calendarDate(7, 3, 5))).toBe('0007-03-05')
    expect(iso(d('9999-12-31'))).toBe('9999-12-31')
  })

  it('refuses days that do not exist and anything that is not exactly YYYY-MM-DD', () => {
    for (const text of [
      '2023-02-29', // not a leap year
      '1900-02-29', // century, not a leap year
      '2100-02-29',
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '0000-01-01', // year 0 is outside 1–9999
      '2024-1-01',
      '24-01-01',
      ' 2024-01-01',
      '2024-01-01T00:00:00Z',
      '2024/01/01',
      '',
    ]) {
      expect(tryParseCalendarDate(text), text).toBeUndefined()
      expect(() => parseCalendarDate(text), text).toThrow(RangeError)
    }
    expect(() => calendarDate(2023, 2, 29)).toThrow(RangeError)
    expect(() => calendarDate(2024, 1, 1.5)).toThrow(RangeError)
  })

  it('round-trips every date', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(d(iso(date))).toEqual(date)
      }),
    )
  })
})

describe('day numbers', () => {
  it('counts days from 1970-01-01 (values from Python: (date(y,m,d) - date(1970,1,1)).days)', () => {
    expect(epochDay(d('1970-01-01'))).toBe(0)
    expect(epochDay(d('1969-12-31'))).toBe(-1)
    expect(epochDay(d('2000-03-01'))).toBe(11_017)
    expect(epochDay(d('2024-02-29'))).toBe(19_782)
    expect(epochDay(d('0001-01-01'))).toBe(-719_162)
    expect(epochDay(d('9999-12-31'))).toBe(2_932_896)
  })

  it('agrees with the UTC calendar on every date, and inverts', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(epochDay(date)).toBe(utcDayNumber(date))
        expect(fromEpochDay(epochDay(date))).toEqual(date)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses to leave years 1 to 9999', () => {
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(RangeError)
    expect(() => addDays(d('0001-01-01'), -1)).toThrow(RangeError)
    expect(() => addDays(d('2024-01-01'), 0.5)).toThrow(RangeError)
  })
})

describe('adding days and counting them', () => {
  it('crosses month ends, leap days and year ends', () => {
    expect(iso(addDays(d('2024-02-28'), 1))).toBe('2024-02-29')
    expect(iso(addDays(d('2023-02-28'), 1))).toBe('2023-03-01')
    expect(iso(addDays(d('2024-12-31'), 1))).toBe('2025-01-01')
    expect(iso(addDays(d('2024-03-01'), -1))).toBe('2024-02-29')
    expect(iso(addDays(d('2024-03-21'), 92))).toBe('2024-06-21')
    // 2024-03-21 … 2024-06-20 inclusive: 11 (March) + 30 + 31 + 20 (June) = 92
    expect(daysBetween(d('2024-03-21'), d('2024-06-21'))).toBe(92)
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366)
    expect(daysBetween(d('2023-01-01'), d('2024-01-01'))).toBe(365)
    expect(daysBetween(d('2024-06-21'), d('2024-03-21'))).toBe(-92)
  })

  it('is consistent: start + (end − start) = end', () => {
    fc.assert(
      fc.property(bankDate, bankDate, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toEqual(b)
      }),
    )
  })
})

describe('weekdays', () => {
  it('names known days (ISO: Monday 1 … Sunday 7)', () => {
    expect(dayOfWeek(d('1970-01-01'))).toBe(4) // Thursday
    expect(dayOfWeek(d('1969-12-31'))).toBe(3) // Wednesday
    expect(dayOfWeek(d('2000-01-01'))).toBe(6) // Saturday
    expect(dayOfWeek(d('2007-01-01'))).toBe(1) // Monday
    expect(dayOfWeek(d('2024-02-29'))).toBe(4) // Thursday
    expect(dayOfWeek(d('2024-03-31'))).toBe(7) // Sunday
    expect(dayOfWeek(d('0001-01-01'))).toBe(1) // Monday, proleptic Gregorian
  })

  it('agrees with the UTC calendar', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const instant = new Date(utcDayNumber(date) * 86_400_000)
        expect(dayOfWeek(date)).toBe(instant.getUTCDay() === 0 ? 7 : instant.getUTCDay())
      }),
    )
  })
})

describe('month ends', () => {
  it('knows the last day of each month', () => {
    expect(isLastDayOfMonth(d('2024-02-29'))).toBe(true)
    expect(isLastDayOfMonth(d('2024-02-28'))).toBe(false)
    expect(isLastDayOfMonth(d('2023-02-28'))).toBe(true)
    expect(isLastDayOfMonth(d('2024-04-30'))).toBe(true)
    expect(isLastDayOfMonth(d('2024-05-30'))).toBe(false)
    expect(iso(lastDayOfMonth(d('2100-02-03')))).toBe('2100-02-28')
  })
})

describe('adding months', () => {
  it('clamps to the end of a shorter month by default', () => {
    expect(iso(addMonths(d('2024-01-31'), 1))).toBe('2024-02-29')
    expect(iso(addMonths(d('2023-01-31'), 1))).toBe('2023-02-28')
    expect(iso(addMonths(d('2024-02-29'), 1))).toBe('2024-03-29')
    expect(iso(addMonths(d('2024-02-29'), 12))).toBe('2025-02-28')
    expect(iso(addMonths(d('2024-02-29'), 48))).toBe('2028-02-29')
    expect(iso(addMonths(d('2024-03-31'), -1))).toBe('2024-02-29')
    expect(iso(addMonths(d('2024-08-31'), 3))).toBe('2024-11-30')
    expect(iso(addMonths(d('2024-11-15'), 3))).toBe('2025-02-15')
    expect(iso(addMonths(d('2024-01-15'), -13))).toBe('2022-12-15')
    expect(iso(addMonths(d('2024-05-21'), 0))).toBe('2024-05-21')
  })

  it('keeps a month-end date at month end under the end-of-month rule', () => {
    expect(iso(addMonths(d('2024-02-29'), 1, 'end-of-month'))).toBe('2024-03-31')
    expect(iso(addMonths(d('2023-04-30'), 1, 'end-of-month'))).toBe('2023-05-31')
    expect(iso(addMonths(d('2023-02-28'), 12, 'end-of-month'))).toBe('2024-02-29')
    expect(iso(addMonths(d('2024-01-31'), 1, 'end-of-month'))).toBe('2024-02-29')
    // Not a month end: nothing special.
    expect(iso(addMonths(d('2023-04-29'), 1, 'end-of-month'))).toBe('2023-05-29')
    expect(iso(addMonths(d('2024-02-28'), 1, 'end-of-month'))).toBe('2024-03-28')
  })

  it('moves the month index by exactly n and never lands past the original day', () => {
    fc.assert(
      fc.property(bankDate, fc.integer({ min: -240, max: 240 }), (date, n) => {
        const moved = addMonths(date, n)
        expect(moved.year * 12 + moved.month - (date.year * 12 + date.month)).toBe(n)
        expect(moved.day).toBe(Math.min(date.day, daysInMonth(moved.year, moved.month)))
      }),
    )
  })

  it('refuses to leave years 1 to 9999', () => {
    expect(() => addMonths(d('9999-12-01'), 1)).toThrow(RangeError)
    expect(() => addMonths(d('0001-01-31'), -1)).toThrow(RangeError)
  })
})

describe('ordering', () => {
  it('compares by year, month, day, as day numbers do', () => {
    expect(compareCalendarDates(d('2024-02-29'), d('2024-03-01'))).toBe(-1)
    expect(compareCalendarDates(d('2024-03-01'), d('2024-03-01'))).toBe(0)
    expect(compareCalendarDates(d('2025-01-01'), d('2024-12-31'))).toBe(1)
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect(compareCalendarDates(a, b)).toBe(Math.sign(epochDay(a) - epochDay(b)))
      }),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { addDaysToDay, addMonthsToDay, calendarDayOf, dayNumber, daysFromTo, instantMillis, isCalendarDay, isInstant, isoWeekday } from './calendar-day.js'

describe('calendar days', () => {
  it('accept only days that exist, written YYYY-MM-DD', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2023-02-29')).toBe(false)
    expect(isCalendarDay('1900-02-29')).toBe(false) // a century, not a 400th year
    expect(isCalendarDay('2000-02-29')).toBe(true)
    expect(isCalendarDay('2024-2-9')).toBe(false)
    expect(isCalendarDay('2024-04-31')).toBe(false)
    expect(isCalendarDay(20240101)).toBe(false)
  })

  it('count days from 1970-01-01', () => {
    // 1970-01-01 is day 0. 2000-01-01: 30 years of which 7 leap (72, 76, 80, 84, 88, 92, 96)
    // → 30·365 + 7 = 10,957. 2000-03-01 = 10,957 + 31 (Jan) + 29 (Feb 2000) = 11,017.
    expect(dayNumber('1970-01-01')).toBe(0)
    expect(dayNumber('1969-12-31')).toBe(-1)
    expect(dayNumber('2000-01-01')).toBe(10_957)
    expect(dayNumber('2000-03-01')).toBe(11_017)
    expect(calendarDayOf(11_017)).toBe('2000-03-01')
    expect(calendarDayOf(-1)).toBe('1969-12-31')
  })

  it('measure and move by days across month and year ends', () => {
    expect(daysFromTo('2024-02-28', '2024-03-01')).toBe(2) // 28 → 29 → 1
    expect(daysFromTo('2025-06-30', '2025-09-30')).toBe(92) // Jul 31 + Aug 31 + Sep 30
    expect(daysFromTo('2025-07-05', '2025-06-30')).toBe(-5)
    expect(addDaysToDay('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDaysToDay('2024-03-01', -1)).toBe('2024-02-29')
  })

  it('move by months, clamping to the end of a shorter month', () => {
    expect(addMonthsToDay('2025-01-15', 12)).toBe('2026-01-15')
    expect(addMonthsToDay('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonthsToDay('2023-01-31', 1)).toBe('2023-02-28')
    expect(addMonthsToDay('2024-02-29', 12)).toBe('2025-02-28')
    expect(addMonthsToDay('2025-11-30', 3)).toBe('2026-02-28')
    expect(addMonthsToDay('2025-03-31', -1)).toBe('2025-02-28')
  })

  it('accept instants only with an offset', () => {
    expect(isInstant('2025-03-06T09:15:00+08:00')).toBe(true)
    expect(isInstant('2025-03-06T01:15:00.123Z')).toBe(true)
    expect(isInstant('2025-03-06T09:15:00')).toBe(false)
    expect(isInstant('2025-02-30T09:15:00Z')).toBe(false)
    expect(isInstant('')).toBe(false)
  })
})

describe('weekdays and instants', () => {
  it('names ISO weekdays and reads instants only with an offset', () => {
    expect(isoWeekday(0)).toBe(4) // 1970-01-01 was a Thursday
    expect(isoWeekday(dayNumber('2026-11-29'))).toBe(7) // a Sunday
    expect(instantMillis('2025-03-06T09:15:00+08:00')).toBe(Date.UTC(2025, 2, 6, 1, 15))
    expect(instantMillis('2025-03-06T09:15:00')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { calendarDayOf, dayNumber, instantMillis, isCalendarDay, isoWeekday } from './calendar-day.js'

describe('calendar days', () => {
  it('reads only days that exist, written YYYY-MM-DD', () => {
    expect(['2024-02-29', '2025-12-31', '0001-01-01'].every(isCalendarDay)).toBe(true)
    expect(['2023-02-29', '2025-04-31', '2025-3-6', '2025-03-06T00:00:00Z', '', 20250306].some(isCalendarDay)).toBe(false)
  })

  it('counts days from 1970-01-01 and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0)
    expect(dayNumber('2000-03-01')).toBe(11017)
    expect(dayNumber('1969-12-31')).toBe(-1)
    for (const day of ['1900-02-28', '2000-02-29', '2024-02-29', '2025-12-31', '9999-12-31']) expect(calendarDayOf(dayNumber(day))).toBe(day)
  })

  it('knows the weekday: 1970-01-01 a Thursday, 2025-03-08 a Saturday', () => {
    expect(isoWeekday(dayNumber('1970-01-01'))).toBe(4)
    expect(isoWeekday(dayNumber('2025-03-08'))).toBe(6)
    expect(isoWeekday(dayNumber('2025-03-09'))).toBe(7)
    expect(isoWeekday(dayNumber('1969-12-29'))).toBe(1)
  })

  it('reads an instant only with its offset', () => {
    expect(instantMillis('2025-03-06T09:00:00+08:00')).toBe(instantMillis('2025-03-06T01:00:00Z'))
    expect(instantMillis('2025-03-06T09:00:00')).toBeUndefined()
    expect(instantMillis('2025-02-30T09:00:00Z')).toBeUndefined()
  })
})

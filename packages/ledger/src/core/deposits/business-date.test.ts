import { describe, expect, it } from 'vitest'
import { formatCalendarDate, parseCalendarDate } from '../interest/calendar-date.js'
import { businessDateOf, startOfBusinessDay } from './product-catalogue.js'

describe('the business date', () => {
  it('is the calendar date in the bank’s time zone', () => {
    const instant = new Date('2025-03-02T23:30:00Z') // 07:30 on 3 March in Beijing, 18:30 on 2 March in New York
    expect(formatCalendarDate(businessDateOf(instant))).toBe('2025-03-02')
    expect(formatCalendarDate(businessDateOf(instant, 'Asia/Shanghai'))).toBe('2025-03-03')
    expect(formatCalendarDate(businessDateOf(instant, 'America/New_York'))).toBe('2025-03-02')
  })

  it('refuses a time zone that does not exist', () => {
    expect(() => businessDateOf(new Date(0), 'Mars/Olympus')).toThrow(RangeError)
  })
})

describe('startOfBusinessDay', () => {
  it('is the first instant of the business date, across daylight-saving changes', () => {
    // Shanghai is UTC+8 all year: 2025-03-03 begins at 2025-03-02T16:00Z.
    expect(startOfBusinessDay(parseCalendarDate('2025-03-03'), 'Asia/Shanghai').toISOString()).toBe('2025-03-02T16:00:00.000Z')
    // Auckland leaves daylight saving at 03:00 on 2025-04-06: that day begins at +13 (11:00Z the day before) and the
    // next at +12, so 2025-04-06 lasts 25 hours.
    const start = startOfBusinessDay(parseCalendarDate('2025-04-06'), 'Pacific/Auckland')
    const next = startOfBusinessDay(parseCalendarDate('2025-04-07'), 'Pacific/Auckland')
    expect(start.toISOString()).toBe('2025-04-05T11:00:00.000Z')
    expect((next.getTime() - start.getTime()) / 3_600_000).toBe(25)
    expect(formatCalendarDate(businessDateOf(new Date(start.getTime() - 1), 'Pacific/Auckland'))).toBe('2025-04-05')
    expect(startOfBusinessDay(parseCalendarDate('2025-04-06')).toISOString()).toBe('2025-04-06T00:00:00.000Z')
  })
})

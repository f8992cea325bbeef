import { describe, expect, it } from 'vitest'
import { formatCalendarDate } from '../interest/calendar-date.js'
import { businessDateOf } from './product-catalogue.js'

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

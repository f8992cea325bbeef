import { describe, expect, it } from 'vitest'
import { formatCalendarDate, parseCalendarDate, type CalendarDate } from '../interest/calendar-date.js'
import { nextScheduledDate, type ScheduleRule } from './schedule.js'

const d = parseCalendarDate
const next = (rule: ScheduleRule, after: string) => {
  const date: CalendarDate | null = nextScheduledDate(rule, d(after))
  return date === null ? null : formatCalendarDate(date)
}

describe('posting and compounding schedules', () => {
  it('settles China demand deposits on the 20th of each quarter’s last month', () => {
    const rule: ScheduleRule = { frequency: 'quarterly', dayOfMonth: 20, anchor: d('2024-01-05'), maturity: null }
    expect(next(rule, '2024-01-05')).toBe('2024-03-20')
    expect(next(rule, '2024-03-20')).toBe('2024-06-20')
    expect(next(rule, '2024-12-20')).toBe('2025-03-20')
  })

  it('counts anniversaries from the anchor so short months do not drag the schedule', () => {
    const rule: ScheduleRule = { frequency: 'monthly', dayOfMonth: null, anchor: d('2024-01-31'), maturity: null }
    expect(next(rule, '2024-01-31')).toBe('2024-02-29')
    expect(next(rule, '2024-02-29')).toBe('2024-03-31')
    expect(next(rule, '2024-03-31')).toBe('2024-04-30')
  })

  it('stops at maturity, which settles the last period', () => {
    const rule: ScheduleRule = { frequency: 'quarterly', dayOfMonth: null, anchor: d('2024-01-15'), maturity: d('2024-05-15') }
    expect(next(rule, '2024-01-15')).toBe('2024-04-15')
    expect(next(rule, '2024-04-15')).toBe('2024-05-15')
    expect(next(rule, '2024-05-15')).toBeNull()
    expect(next({ ...rule, frequency: 'at-maturity' }, '2024-01-15')).toBe('2024-05-15')
    expect(next({ ...rule, frequency: 'none' }, '2024-01-15')).toBeNull()
  })
})

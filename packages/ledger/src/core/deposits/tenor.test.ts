import { describe, expect, it } from 'vitest'
import { formatCalendarDate, parseCalendarDate } from '../interest/calendar-date.js'
import { longestTenorHeld, maturityOf, parseTenor } from './tenor.js'

const d = parseCalendarDate

describe('tenors', () => {
  it('reads the way banks write them and refuses anything else', () => {
    expect(parseTenor('18M')).toEqual({ count: 18, unit: 'M' })
    expect(parseTenor('7D')).toEqual({ count: 7, unit: 'D' })
    for (const bad of ['', '0M', '1W', 'M3', '1000D', ' 1Y', '1y']) expect(parseTenor(bad)).toBeUndefined()
  })

  it('matures by the calendar, clamping to the end of a shorter month', () => {
    expect(formatCalendarDate(maturityOf(d('2024-01-31'), '1M'))).toBe('2024-02-29')
    expect(formatCalendarDate(maturityOf(d('2023-01-31'), '1M'))).toBe('2023-02-28')
    expect(formatCalendarDate(maturityOf(d('2024-02-29'), '1Y'))).toBe('2025-02-28')
    expect(formatCalendarDate(maturityOf(d('2024-12-25'), '7D'))).toBe('2025-01-01')
    expect(formatCalendarDate(maturityOf(d('2024-03-15'), '18M'))).toBe('2025-09-15')
  })

  it('finds the longest tenor actually held', () => {
    const tenors = ['3M', '6M', '1Y', '2Y']
    expect(longestTenorHeld(tenors, d('2024-01-10'), d('2024-04-09'))).toBeUndefined()
    expect(longestTenorHeld(tenors, d('2024-01-10'), d('2024-04-10'))).toBe('3M')
    expect(longestTenorHeld(tenors, d('2024-01-10'), d('2025-01-09'))).toBe('6M')
    expect(longestTenorHeld(tenors, d('2024-01-10'), d('2025-01-10'))).toBe('1Y')
  })
})

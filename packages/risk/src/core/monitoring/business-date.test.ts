import { describe, expect, it } from 'vitest'
import { epochDayOf, isBusinessDate } from './business-date.js'

describe('epochDayOf', () => {
  it('counts days from 1970-01-01 as Date.UTC does', () => {
    for (const date of ['1970-01-01', '1969-12-31', '2000-02-29', '2024-02-29', '2025-03-10', '2100-03-01', '1600-01-01', '9999-12-31']) {
      expect(epochDayOf(date)).toBe(Date.parse(`${date}T00:00:00Z`) / 86_400_000)
    }
  })

  it('refuses what is not a date', () => {
    expect(['2025-02-29', '2100-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-3-10', '10/03/2025', 20250310, null].map(isBusinessDate)).toEqual(
      Array(9).fill(false),
    )
    expect(isBusinessDate('2000-02-29')).toBe(true)
  })
})

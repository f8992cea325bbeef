import { describe, expect, it } from 'vitest'
import { addDays, parseCalendarDate } from '../interest/calendar-date.js'
import { dayCountConventions, yearFraction } from '../interest/day-count.js'
import { fraction } from '../exact-fraction.js'
import { accrualDenominators, accrualUnitsFor, dailyAccrualUnits } from './accrual-units.js'

const d = parseCalendarDate

describe('daily accrual units', () => {
  it('counts the days of ACT/ACT ISDA by their year', () => {
    expect(dailyAccrualUnits('act-act-isda', d('2024-01-01'), d('2024-02-29'), null)).toBe(365n) // 1/366 = 365/133590
    expect(dailyAccrualUnits('act-act-isda', d('2023-01-01'), d('2023-12-31'), null)).toBe(366n) // 1/365 = 366/133590
  })

  it('lets a 30/360 day count 0 (the 31st) or 3 (the end of February)', () => {
    expect(dailyAccrualUnits('30-360-bond-basis', d('2023-01-15'), d('2023-01-31'), null)).toBe(0n)
    expect(dailyAccrualUnits('30-360-bond-basis', d('2023-02-15'), d('2023-02-28'), null)).toBe(3n)
  })

  // The units of a period's days, over the convention's denominator, must give
  // the convention's own year fraction for the period: for every convention,
  // over a leap-year period that crosses a year end and two month ends.
  it.each(dayCountConventions)('adds up to the year fraction of the period under %s', (convention) => {
    const start = d('2023-11-30')
    const end = d('2024-03-31')
    let units = 0n
    for (let day = start; day.year !== end.year || day.month !== end.month || day.day !== end.day; day = addDays(day, 1)) {
      units += dailyAccrualUnits(convention, start, day, end)
    }
    const expected = yearFraction(convention, start, end, { maturity: end })
    expect(fraction(units, accrualDenominators[convention])).toEqual(expected)
  })
})

describe('a day’s units for the whole book', () => {
  it('gives each actual-day convention its one group, and each 30/360 key its own', () => {
    const date = d('2024-02-29')
    const units = accrualUnitsFor(date, [{ convention: '30-360-bond-basis', periodStart: d('2024-02-15'), maturity: null }])
    expect(units).toEqual([
      { convention: 'act-360', periodStart: null, maturity: null, units: 1n },
      { convention: 'act-365-fixed', periodStart: null, maturity: null, units: 1n },
      { convention: 'act-act-isda', periodStart: null, maturity: null, units: 365n }, // a day of a leap year: 1/366 = 365/133,590
      { convention: '30-360-bond-basis', periodStart: d('2024-02-15'), maturity: null, units: 2n }, // 29 Feb counts up to the 30th
    ])
  })
})

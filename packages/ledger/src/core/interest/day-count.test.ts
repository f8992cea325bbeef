import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, addMonths, daysBetween, epochDay, fromEpochDay, parseCalendarDate, type CalendarDate } from './calendar-date.js'
import {
  dayCount,
  dayCountConventionDetails,
  dayCountConventions,
  dayShareOfYear,
  isDayCountConvention,
  yearFraction,
  type DayCountConvention,
} from './day-count.js'
import { addFractions, compareFractions, fraction, sumFractions, zeroFraction, type ExactFraction } from '../exact-fraction.js'

const d = parseCalendarDate
const thirty = ['30-360-bond-basis', '30-360-us', '30e-360', '30e-360-isda'] as const
const actual = ['act-360', 'act-365-fixed', 'act-act-isda'] as const

/** a/b + c/d … written out, compared by cross-multiplication so the test does not lean on `fraction`'s own reduction. */
const expectFraction = (value: ExactFraction, numerator: bigint, denominator: bigint) => {
  expect(value.numerator * denominator).toBe(numerator * value.denominator)
  expect(value.denominator > 0n).toBe(true)
}

const bankDate = fc.integer({ min: epochDay(d('1995-01-01')), max: epochDay(d('2045-12-31')) }).map(fromEpochDay)
const orderedPair = fc.tuple(bankDate, bankDate).map(([a, b]) => (epochDay(a) <= epochDay(b) ? ([a, b] as const) : ([b, a] as const)))
const orderedTriple = fc
  .tuple(bankDate, bankDate, bankDate)
  .map((dates) => [...dates].sort((a, b) => epochDay(a) - epochDay(b)) as [CalendarDate, CalendarDate, CalendarDate])
const anyConvention = fc.constantFrom(...dayCountConventions)

describe('the 30/360 family on the classic pairs', () => {
  // Bond Basis figures are ISDA's own worked examples for 2006 ISDA §4.16(f)
  // ("30/360" day count examples published by ISDA; reproduced at
  // finance.fyicenter.com/1000400_30_360_-Day_Count_Examples_by_ISDA.html).
  // The other columns are worked by hand from the rules in day-count.ts,
  // DiR = 360(Y2−Y1) + 30(M2−M1) + (D2−D1) with the adjusted D1, D2 shown;
  // 30/360 US and 30E/360 ISDA agree with OpenGamma Strata's DayCountTest
  // (data_30U360 EOM column, data_30E360ISDA) where a pair appears there.
  // `isdaNotMaturity` treats the end as an ordinary date, `isdaMaturity` as
  // the deposit's maturity.
  const cases: readonly {
    start: string
    end: string
    bondBasis: number
    us: number
    eurobond: number
    isdaNotMaturity: number
    isdaMaturity: number
    actual: number
  }[] = [
    // 360·0 + 30·1 = 30. Bond: D1 31→30, D2 28 → 28. US: start not Feb → 28. 30E: 28.
    // 30E ISDA: D1 end of Jan → 30; D2 end of Feb → 30 (28 if it is the maturity). Actual: 28.
    { start: '2007-01-31', end: '2007-02-28', bondBasis: 28, us: 28, eurobond: 28, isdaNotMaturity: 30, isdaMaturity: 28, actual: 28 },
    // 30. Bond: D1 28, D2 31 stays (D1 ≤ 29) → 33. US: D1 end of Feb → 30, then D2 31→30 → 30.
    // 30E: D2 31→30 → 32. 30E ISDA: D1 → 30, D2 end of Mar → 30 → 30. Actual: 31.
    { start: '2007-02-28', end: '2007-03-31', bondBasis: 33, us: 30, eurobond: 32, isdaNotMaturity: 30, isdaMaturity: 30, actual: 31 },
    // 360. Bond/US/30E: 26 → 29 → 363. 30E ISDA: D2 end of Feb 2008 → 30 → 364 (363 at maturity). Actual: 368.
    { start: '2007-02-26', end: '2008-02-29', bondBasis: 363, us: 363, eurobond: 363, isdaNotMaturity: 364, isdaMaturity: 363, actual: 368 },
    // 360. Bond/30E: 29 → 28 → 359. US: both ends of Feb → D2 30, D1 30 → 360.
    // 30E ISDA: D1 → 30, D2 → 30 → 360 (28 at maturity → 358). Actual: 365.
    { start: '2008-02-29', end: '2009-02-28', bondBasis: 359, us: 360, eurobond: 359, isdaNotMaturity: 360, isdaMaturity: 358, actual: 365 },
    // 360 − 180 = 180. Bond/US/30E: D1 31→30, D2 28 → 178. 30E ISDA: D2 → 30 → 180 (178 at maturity). Actual: 181.
    { start: '2006-08-31', end: '2007-02-28', bondBasis: 178, us: 178, eurobond: 178, isdaNotMaturity: 180, isdaMaturity: 178, actual: 181 },
    // 180. Bond: D1 28, D2 31 stays → 183. US: D1 → 30, D2 → 30 → 180. 30E: D2 → 30 → 182.
    // 30E ISDA: 30, 30 → 180. Actual: 184.
    { start: '2007-02-28', end: '2007-08-31', bondBasis: 183, us: 180, eurobond: 182, isdaNotMaturity: 180, isdaMaturity: 180, actual: 184 },
    // Strata data_30U360 (2012-02-29, 2012-03-31): EOM = calc360(2012,2,30, 2012,3,30) = 30.
    // Bond: D1 29, D2 31 stays → 32 (ISDA example 2008-02-29 → 2008-03-31 has the same days: 32).
    // 30E: D2 → 30 → 31. 30E ISDA: D1 → 30, D2 → 30 → 30. Actual: 31.
    { start: '2012-02-29', end: '2012-03-31', bondBasis: 32, us: 30, eurobond: 31, isdaNotMaturity: 30, isdaMaturity: 30, actual: 31 },
    // Strata: (2011-02-28, 2012-02-29) US EOM 360; 30E ISDA 360, at maturity calc360(2011,2,30, 2012,2,29) = 359.
    { start: '2011-02-28', end: '2012-02-29', bondBasis: 361, us: 360, eurobond: 361, isdaNotMaturity: 360, isdaMaturity: 359, actual: 366 },
    // Strata: (2011-02-28, 2012-02-28) US EOM calc360(2011,2,30, 2012,2,28) = 358 (2012-02-28 is not the end of February).
    { start: '2011-02-28', end: '2012-02-28', bondBasis: 360, us: 358, eurobond: 360, isdaNotMaturity: 358, isdaMaturity: 358, actual: 365 },
    // Strata: (2012-05-30, 2013-08-31) → every 30/360 variant calc360(2012,5,30, 2013,8,30) = 450.
    { start: '2012-05-30', end: '2013-08-31', bondBasis: 450, us: 450, eurobond: 450, isdaNotMaturity: 450, isdaMaturity: 450, actual: 458 },
    // Strata: (2012-05-29, 2013-08-31) Bond/US keep D2 31 (D1 29) → 452; 30E/30E ISDA → 30 → 451.
    { start: '2012-05-29', end: '2013-08-31', bondBasis: 452, us: 452, eurobond: 451, isdaNotMaturity: 451, isdaMaturity: 451, actual: 459 },
  ]

  it.each(cases)('$start → $end', (c) => {
    const [start, end] = [d(c.start), d(c.end)]
    expect(dayCount('30-360-bond-basis', start, end)).toBe(c.bondBasis)
    expect(dayCount('30-360-us', start, end)).toBe(c.us)
    expect(dayCount('30e-360', start, end)).toBe(c.eurobond)
    expect(dayCount('30e-360-isda', start, end, { maturity: null })).toBe(c.isdaNotMaturity)
    expect(dayCount('30e-360-isda', start, end, { maturity: d('2099-12-31') })).toBe(c.isdaNotMaturity)
    expect(dayCount('30e-360-isda', start, end, { maturity: end })).toBe(c.isdaMaturity)
    for (const convention of actual) expect(dayCount(convention, start, end)).toBe(c.actual)
    expectFraction(yearFraction('30-360-bond-basis', start, end), BigInt(c.bondBasis), 360n)
    expectFraction(yearFraction('30e-360-isda', start, end, { maturity: end }), BigInt(c.isdaMaturity), 360n)
  })

  it('matches more of ISDA’s Bond Basis examples', () => {
    // [start, end, DiR] from ISDA's 30/360 examples (source above).
    const examples: readonly [string, string, number][] = [
      ['2006-08-20', '2007-02-20', 180],
      ['2007-08-31', '2008-02-29', 179],
      ['2008-02-29', '2008-08-31', 182],
      ['2008-08-31', '2009-02-28', 178],
      ['2009-02-28', '2009-08-31', 183],
      ['2006-01-31', '2006-02-28', 28],
      ['2006-01-30', '2006-02-28', 28],
      ['2006-02-28', '2006-03-03', 5],
      ['2006-09-30', '2006-10-31', 30],
      ['2006-10-31', '2006-11-28', 28],
      ['2008-02-28', '2008-08-31', 183],
      ['2007-02-26', '2008-02-28', 362],
      ['2008-02-28', '2008-03-30', 32],
      ['2008-02-28', '2008-03-31', 33],
      ['2007-01-15', '2007-01-31', 16],
      ['2007-09-30', '2008-03-31', 180],
      ['2007-09-30', '2008-09-30', 360],
      ['2008-02-29', '2008-03-30', 31],
      ['2007-02-28', '2007-03-05', 7],
    ]
    for (const [start, end, days] of examples) expect(dayCount('30-360-bond-basis', d(start), d(end)), `${start} → ${end}`).toBe(days)
  })

  it('counts a 30E/360 ISDA period to the end of February only when it needs to, and then needs the maturity', () => {
    expect(() => dayCount('30e-360-isda', d('2007-01-31'), d('2007-02-28'))).toThrow(/maturity/)
    expect(() => yearFraction('30e-360-isda', d('2007-01-31'), d('2007-02-28'))).toThrow(RangeError)
    // Not the end of February: no maturity needed. D1 31 is the end of January → 30; D2 27 → 27 − 30 + 30 = 27.
    expect(dayCount('30e-360-isda', d('2007-01-31'), d('2007-02-27'))).toBe(27)
    // The end of another month is always made 30, maturity or not: 30E/360 ISDA 2007-03-15 → 2007-04-30 = 30 + 15 = 45.
    expect(dayCount('30e-360-isda', d('2007-03-15'), d('2007-04-30'), { maturity: d('2007-04-30') })).toBe(45)
  })
})

describe('ACT conventions', () => {
  it('ACT/360 and ACT/365 Fixed divide actual days by a fixed year, leap year or not', () => {
    // 2024-01-01 → 2025-01-01 is 366 actual days.
    expectFraction(yearFraction('act-360', d('2024-01-01'), d('2025-01-01')), 366n, 360n)
    expectFraction(yearFraction('act-365-fixed', d('2024-01-01'), d('2025-01-01')), 366n, 365n)
    // Strata DayCountTest: ACT/360 2011-12-28 → 2012-02-28 = 62/360; ACT/365F 2011-12-28 → 2016-03-01 = (64 + 366 + 365·3)/365.
    expectFraction(yearFraction('act-360', d('2011-12-28'), d('2012-02-28')), 62n, 360n)
    expectFraction(yearFraction('act-365-fixed', d('2011-12-28'), d('2016-03-01')), 64n + 366n + 3n * 365n, 365n)
  })

  it('ACT/ACT ISDA splits at 1 January: the ISDA example 2003-11-01 → 2004-05-01 is 61/365 + 121/366', () => {
    // 2003: 1 Nov … 31 Dec = 30 + 31 = 61 days of a 365-day year; 2004: Jan 31 + Feb 29 + Mar 31 + Apr 30 = 121 days of a
    // 366-day year. 61/365 + 121/366 = (61·366 + 121·365)/(365·366) = (22326 + 44165)/133590 = 66491/133590 ≈ 0.497724380567
    // (the 0.497724380567 of ISDA's "EMU and market conventions" paper, 1998, and of QuantLib's day-counter tests).
    const yf = yearFraction('act-act-isda', d('2003-11-01'), d('2004-05-01'))
    expect(yf).toEqual({ numerator: 66491n, denominator: 133590n })
    expectFraction(yf, 61n * 366n + 121n * 365n, 365n * 366n)
  })

  it('ACT/ACT ISDA on the classic pairs and Strata’s examples', () => {
    // 2007-02-26 → 2008-02-29: 309 days in 2007 (26 Feb … 31 Dec) + 59 in 2008 (Jan 31 + 28 days of Feb before the 29th).
    expectFraction(yearFraction('act-act-isda', d('2007-02-26'), d('2008-02-29')), 309n * 366n + 59n * 365n, 365n * 366n)
    // 2008-02-29 → 2009-02-28: 307 days in 2008 (29 Feb … 31 Dec = 366 − 59) + 58 in 2009.
    expectFraction(yearFraction('act-act-isda', d('2008-02-29'), d('2009-02-28')), 307n * 365n + 58n * 366n, 365n * 366n)
    // Strata: 2011-12-28 → 2012-02-28 = 4/365 + 58/366; 2011-12-28 → 2016-03-01 = 4/365 + 60/366 + 4.
    expectFraction(yearFraction('act-act-isda', d('2011-12-28'), d('2012-02-28')), 4n * 366n + 58n * 365n, 365n * 366n)
    expectFraction(yearFraction('act-act-isda', d('2011-12-28'), d('2016-03-01')), 4n * 366n + 60n * 365n + 4n * 365n * 366n, 365n * 366n)
    // A whole calendar year is 1, leap or not.
    expect(yearFraction('act-act-isda', d('2024-01-01'), d('2025-01-01'))).toEqual(fraction(1n))
    expect(yearFraction('act-act-isda', d('2023-01-01'), d('2024-01-01'))).toEqual(fraction(1n))
  })

  it('ACT/365 Fixed is days/365 exactly, and ACT/360 days/360', () => {
    fc.assert(
      fc.property(orderedPair, ([start, end]) => {
        const days = BigInt(daysBetween(start, end))
        expectFraction(yearFraction('act-365-fixed', start, end), days, 365n)
        expectFraction(yearFraction('act-360', start, end), days, 360n)
      }),
    )
  })

  it('ACT/ACT ISDA is the count of leap-year days over 366 plus the rest over 365 (oracle: the UTC calendar, day by day)', () => {
    const isLeapByUtc = (year: number) => new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1
    fc.assert(
      fc.property(
        orderedPair.filter(([a, b]) => daysBetween(a, b) <= 3 * 366),
        ([start, end]) => {
          let leapDays = 0n
          let otherDays = 0n
          for (let t = Date.UTC(start.year, start.month - 1, start.day); t < Date.UTC(end.year, end.month - 1, end.day); t += 86_400_000) {
            if (isLeapByUtc(new Date(t).getUTCFullYear())) leapDays += 1n
            else otherDays += 1n
          }
          expectFraction(yearFraction('act-act-isda', start, end), leapDays * 365n + otherDays * 366n, 365n * 366n)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('is additive: splitting a period anywhere changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...actual), orderedTriple, (convention, [start, middle, end]) => {
        expect(addFractions(yearFraction(convention, start, middle), yearFraction(convention, middle, end))).toEqual(yearFraction(convention, start, end))
      }),
    )
  })
})

describe('every convention', () => {
  it('gives a year fraction of zero or more when the end is not before the start', () => {
    fc.assert(
      fc.property(anyConvention, orderedPair, fc.boolean(), (convention, [start, end], endIsMaturity) => {
        const options = { maturity: endIsMaturity ? end : null }
        expect(dayCount(convention, start, end, options)).toBeGreaterThanOrEqual(0)
        expect(compareFractions(yearFraction(convention, start, end, options), zeroFraction)).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('never counts fewer days to a later end from the same start', () => {
    fc.assert(
      fc.property(anyConvention, orderedTriple, (convention, [start, a, b]) => {
        expect(dayCount(convention, start, a, { maturity: null })).toBeLessThanOrEqual(dayCount(convention, start, b, { maturity: null }))
      }),
    )
  })

  it('counts a period of no days as 0, even on a February maturity under 30E/360 ISDA', () => {
    for (const convention of dayCountConventions) {
      expect(dayCount(convention, d('2023-02-28'), d('2023-02-28'), { maturity: d('2023-02-28') })).toBe(0)
      expect(yearFraction(convention, d('2024-05-21'), d('2024-05-21'))).toEqual(zeroFraction)
    }
  })

  it('refuses an end before the start, and an unknown convention', () => {
    for (const convention of dayCountConventions) {
      expect(() => dayCount(convention, d('2024-01-02'), d('2024-01-01'))).toThrow(RangeError)
      expect(() => yearFraction(convention, d('2024-01-02'), d('2024-01-01'))).toThrow(RangeError)
    }
    expect(() => yearFraction('act/360' as DayCountConvention, d('2024-01-01'), d('2024-01-02'))).toThrow(/Unknown day-count convention/)
    expect(isDayCountConvention('act-360')).toBe(true)
    expect(isDayCountConvention('ACT/360')).toBe(false)
  })

  it('counts 360 days from a day before the 29th to the same day a year later under every 30/360 rule', () => {
    fc.assert(
      fc.property(fc.constantFrom(...thirty), bankDate.filter((date) => date.day <= 28), (convention, start) => {
        expect(dayCount(convention, start, addMonths(start, 12), { maturity: null })).toBe(360)
      }),
    )
  })

  it('names each convention and its ISO 20022 code where confirmed', () => {
    expect(dayCountConventionDetails['act-360']).toEqual({ name: 'ACT/360', iso20022: 'A004' })
    expect(dayCountConventionDetails['act-365-fixed'].iso20022).toBe('A005')
    expect(dayCountConventionDetails['act-act-isda'].iso20022).toBe('A008')
    expect(dayCountConventionDetails['30-360-bond-basis'].iso20022).toBe('A001')
  })
})

describe('a day’s share of a year', () => {
  it('is 1/360, 1/365, or 1/365 or 1/366 by the day’s own year, under the ACT conventions', () => {
    expect(dayShareOfYear('act-360', d('2024-01-01'), d('2024-02-29'))).toEqual(fraction(1n, 360n))
    expect(dayShareOfYear('act-365-fixed', d('2024-01-01'), d('2024-02-29'))).toEqual(fraction(1n, 365n))
    expect(dayShareOfYear('act-act-isda', d('2023-12-01'), d('2023-12-31'))).toEqual(fraction(1n, 365n))
    expect(dayShareOfYear('act-act-isda', d('2023-12-01'), d('2024-01-01'))).toEqual(fraction(1n, 366n))
  })

  it('follows the 30/360 month: the 31st counts 0 and the end of February makes up the month', () => {
    // Bond Basis from 2023-03-01 (D1 = 1): to 30 March counts 29, to 31 March 30 (D2 31 stays, D1 ≤ 29), to 1 April
    // 30·1 + 1 − 1 = 30. So 30 March earns 1 day and 31 March earns 0: March earns 30 days.
    expect(dayShareOfYear('30-360-bond-basis', d('2023-03-01'), d('2023-03-30'))).toEqual(fraction(1n, 360n))
    expect(dayShareOfYear('30-360-bond-basis', d('2023-03-01'), d('2023-03-31'))).toEqual(zeroFraction)
    // From 2023-02-01: 28 February → 1 March counts 3 (30·1 + 1 − 28 = 3), so February earns 30 days.
    expect(dayShareOfYear('30-360-bond-basis', d('2023-02-01'), d('2023-02-28'))).toEqual(fraction(3n, 360n))
    // 30E/360 ISDA from 2023-02-01: 27 → 28 February counts 3 (the 28th is the end of February → 30), then 1 March counts 1.
    expect(dayShareOfYear('30e-360-isda', d('2023-02-01'), d('2023-02-27'), { maturity: null })).toEqual(fraction(3n, 360n))
    expect(dayShareOfYear('30e-360-isda', d('2023-02-01'), d('2023-02-28'), { maturity: null })).toEqual(fraction(1n, 360n))
  })

  it('adds up over any run of days to the convention’s year fraction for the run, and is never negative', () => {
    fc.assert(
      fc.property(
        anyConvention,
        orderedPair.filter(([a, b]) => daysBetween(a, b) <= 400),
        (convention, [start, end]) => {
          const options = { maturity: null }
          const shares: ExactFraction[] = []
          for (let date = start; epochDay(date) < epochDay(end); date = addDays(date, 1)) shares.push(dayShareOfYear(convention, start, date, options))
          for (const share of shares) expect(share.numerator >= 0n).toBe(true)
          expect(sumFractions(shares)).toEqual(yearFraction(convention, start, end, options))
        },
      ),
      { numRuns: 150 },
    )
  })

  it('refuses a day before the period starts', () => {
    expect(() => dayShareOfYear('act-360', d('2024-01-02'), d('2024-01-01'))).toThrow(RangeError)
  })
})

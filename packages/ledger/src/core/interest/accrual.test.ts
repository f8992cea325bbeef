import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { currencyExponent, decimal, formatDecimal, formatMoney, money, parseMoney, roundingModes, type CurrencyCode, type Money, type RoundingMode } from '@strongroom/kernel'
import { accrualForDay, accrueDaily, postInterest, simpleInterest, totalAccrued } from './accrual.js'
import { addMonths, epochDay, formatCalendarDate, fromEpochDay, parseCalendarDate, type CalendarDate } from './calendar-date.js'
import { dayCountConventions, yearFraction, type DayCountConvention } from './day-count.js'
import { addFractions, fraction, fractionFromMoney, sumFractions, zeroFraction, type ExactFraction } from '../exact-fraction.js'

const d = parseCalendarDate
const cny = (amount: string): Money => parseMoney(amount, 'CNY')

/** Independent oracle: an exact fraction (major units) rounded to minor units with integer arithmetic only. */
function oracleMinor(value: ExactFraction, exponent: number, mode: RoundingMode): bigint {
  const num = value.numerator * 10n ** BigInt(exponent)
  const negative = num < 0n
  const magnitude = negative ? -num : num
  const [q, r] = [magnitude / value.denominator, magnitude % value.denominator]
  let result = q
  if (r !== 0n) {
    if (mode === 'up') result = q + 1n
    else if (mode === 'half-up') result = 2n * r >= value.denominator ? q + 1n : q
    else if (mode === 'half-even') result = 2n * r > value.denominator || (2n * r === value.denominator && q % 2n === 1n) ? q + 1n : q
  }
  return negative ? -result : result
}

/** True when the value lies exactly halfway between two minor units. */
function isTie(value: ExactFraction, exponent: number): boolean {
  const twice = value.numerator * 2n * 10n ** BigInt(exponent)
  return twice % value.denominator === 0n && (twice / value.denominator) % 2n !== 0n
}

describe('daily accrual', () => {
  it('CNY 10,000,000.00 at 1.35 % ACT/360 for 92 days earns CNY 34,500.00', () => {
    // 10,000,000 × 0.0135 = 135,000 a year; ÷ 360 = 375.00 a day exactly; × 92 days = 34,500.00.
    // 92 days: 21 March … 20 June 2024 = 11 + 30 + 31 + 20 (China practice: first day counts, last does not).
    const accruals = accrueDaily({ principal: cny('10000000.00'), annualRate: '0.0135', convention: 'act-360', from: d('2024-03-21'), to: d('2024-06-21') })
    expect(accruals).toHaveLength(92)
    expect(formatCalendarDate(accruals[0]!.date)).toBe('2024-03-21')
    expect(formatCalendarDate(accruals.at(-1)!.date)).toBe('2024-06-20')
    for (const day of accruals) {
      expect(day.yearFraction).toEqual(fraction(1n, 360n))
      expect(day.interest).toEqual(fraction(375n))
    }
    expect(totalAccrued(accruals)).toEqual(fraction(34_500n))
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'CNY')).toEqual({ posted: cny('34500.00'), remainder: zeroFraction })
  })

  it('the same deposit at ACT/365 Fixed earns 34,027.40, a remainder of −1/365 yuan carried', () => {
    // 135,000 ÷ 365 = 27,000/73 a day (369.863…); × 92 = 2,484,000/73 = 34,027.3972…→ 34,027.40 (half-even).
    // Remainder: 2,484,000/73 − 34,027.40 = (2,484,000 − 2,484,000.2)/73 = −0.2/73 = −1/365.
    const accruals = accrueDaily({ principal: cny('10000000.00'), annualRate: '0.0135', convention: 'act-365-fixed', from: d('2024-03-21'), to: d('2024-06-21') })
    expect(accruals[0]!.interest).toEqual(fraction(27_000n, 73n))
    expect(totalAccrued(accruals)).toEqual(fraction(2_484_000n, 73n))
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'CNY')).toEqual({ posted: cny('34027.40'), remainder: fraction(-1n, 365n) })
  })

  it('JPY (no minor unit): ¥123,456,789 at 0.25 % ACT/365 Fixed for 90 days is ¥76,104, a hair above the tie', () => {
    // 123,456,789 × 0.0025 = 308,641.9725 a year; × 90/365 = 27,777,777.525/365 = 76,103.50006849…
    // (365 × 76,103 = 27,777,595; 182.525/365 = 0.50006849…). Just above half a yen, so every half mode goes up.
    // Remainder: (27,777,777.525 − 76,104 × 365)/365 = −182.475/365 = −7,299/14,600 yen.
    const principal = money(123_456_789n, 'JPY')
    const accruals = accrueDaily({ principal, annualRate: '0.0025', convention: 'act-365-fixed', from: d('2025-01-01'), to: d('2025-04-01') })
    expect(accruals).toHaveLength(90) // 31 + 28 + 31
    expect(totalAccrued(accruals)).toEqual(fraction(27_777_777_525n, 365_000n))
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'JPY')).toEqual({ posted: money(76_104n, 'JPY'), remainder: fraction(-7_299n, 14_600n) })
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'JPY', 'down').posted).toEqual(money(76_103n, 'JPY'))
  })

  it('KWD (three decimals): 250,000.000 at 4.125 % ACT/ACT ISDA over a new year into a leap February is KWD 2,566.430', () => {
    // 2023-12-01 → 2024-03-01: 31 days of 2023 (/365) + 31 + 29 = 60 days of 2024 (/366).
    // 250,000 × 0.04125 = 10,312.5 = 20,625/2.  × 31/365 = 127,875/146.  × 60/366 = 103,125/61.
    // Sum = (127,875 × 61 + 103,125 × 146)/(146 × 61) = (7,800,375 + 15,056,250)/8,906 = 22,856,625/8,906 = 2,566.42993…
    // → 2,566.430; remainder (22,856,625 − 8,906 × 2,566.430)/8,906 = −0.58/8,906 = −29/445,300.
    const principal = money(250_000_000n, 'KWD')
    const accruals = accrueDaily({ principal, annualRate: '0.04125', convention: 'act-act-isda', from: d('2023-12-01'), to: d('2024-03-01') })
    expect(accruals[0]!.yearFraction).toEqual(fraction(1n, 365n))
    expect(accruals.at(-1)!.yearFraction).toEqual(fraction(1n, 366n))
    expect(totalAccrued(accruals)).toEqual(fraction(22_856_625n, 8_906n))
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'KWD')).toEqual({ posted: money(2_566_430n, 'KWD'), remainder: fraction(-29n, 445_300n) })
  })

  it('a negative rate accrues negative interest, rounded symmetrically', () => {
    // EUR 1,000,000.00 × −0.5 % × 30/360 = −416.666…→ −416.67; remainder −416.666… + 416.67 = +1/300.
    const accruals = accrueDaily({ principal: parseMoney('1000000.00', 'EUR'), annualRate: '-0.005', convention: 'act-360', from: d('2024-06-01'), to: d('2024-07-01') })
    expect(postInterest(totalAccrued(accruals), zeroFraction, 'EUR')).toEqual({ posted: parseMoney('-416.67', 'EUR'), remainder: fraction(1n, 300n) })
  })

  it('returns no days for an empty period and refuses a backward one', () => {
    const terms = { principal: cny('100.00'), annualRate: '0.01', convention: 'act-360' as const }
    expect(accrueDaily({ ...terms, from: d('2024-05-01'), to: d('2024-05-01') })).toEqual([])
    expect(() => accrueDaily({ ...terms, from: d('2024-05-02'), to: d('2024-05-01') })).toThrow(RangeError)
    expect(() => accrueDaily({ ...terms, annualRate: 0.01 as unknown as string, from: d('2024-05-01'), to: d('2024-05-02') })).toThrow(
      expect.objectContaining({ code: 'kernel.invalid_decimal' }),
    )
  })

  it('gives the batch the same figure for one day as the whole run does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...dayCountConventions), fc.integer({ min: 0, max: 120 }), (convention, offset) => {
        const terms = { principal: cny('7654321.09'), annualRate: '0.0213', convention, maturity: d('2025-02-28') }
        const from = d('2024-11-30')
        const date = fromEpochDay(epochDay(from) + offset)
        const run = accrueDaily({ ...terms, from, to: fromEpochDay(epochDay(date) + 1) })
        expect(accrualForDay(terms, from, date)).toEqual(run.at(-1))
      }),
    )
  })
})

describe('posting with the remainder carried', () => {
  it('posts a year with a leap day month by month: CNY 1,234,567.89 at 1.75 % ACT/365 Fixed over 2024', () => {
    // A day earns 1,234,567.89 × 0.0175 / 365 = 21,604.938075/365 = 59.1916111…; the year's 366 days
    // earn 21,604.938075 × 366/365 = 21,604.938075 + 59.1916111… = 21,664.1296862 → 21,664.13.
    // Month by month (31 days: 1,834.9399461; 29: 1,716.5567238; 30: 1,775.7483349), each rounded half-even
    // together with the remainder carried from the month before (worked with Python's fractions module,
    // independently of this code): April posts 1,775.74 but June, September and November 1,775.75, because
    // the fractions of a fen left over from the months before them tip them over.
    const expected = [
      '1834.94', '1716.56', '1834.94', '1775.74', '1834.94', '1775.75',
      '1834.94', '1834.94', '1775.75', '1834.94', '1775.75', '1834.94',
    ]
    const terms = { principal: cny('1234567.89'), annualRate: '0.0175', convention: 'act-365-fixed' as const }
    let remainder: ExactFraction = zeroFraction
    const posted: string[] = []
    let total = 0n
    for (let month = 0; month < 12; month += 1) {
      const from = addMonths(d('2024-01-01'), month)
      const accrued = totalAccrued(accrueDaily({ ...terms, from, to: addMonths(from, 1) }))
      const posting = postInterest(accrued, remainder, 'CNY')
      posted.push(formatMoney(posting.posted))
      total += posting.posted.amountMinor
      remainder = posting.remainder
    }
    expect(posted).toEqual(expected)
    expect(total).toBe(2_166_413n) // CNY 21,664.13
    // What is left: 21,664.1296862 − 21,664.13 = −2,291/7,300,000 yuan.
    expect(remainder).toEqual(fraction(-2_291n, 7_300_000n))
  })

  it('takes decimal amounts, such as a remainder read back from a numeric column', () => {
    // 0.004 + 0.0015 = 0.0055 → 0.01 (half-even), remainder −0.0045.
    expect(postInterest('0.004', '0.0015', 'CNY')).toEqual({ posted: cny('0.01'), remainder: fraction(-45n, 10_000n) })
  })

  it('never posts against the interest of the period: what would go the other way is carried', () => {
    // CNY 0.01 at 1 % ACT/360: 0.0001/360 = 1/3,600,000 yuan a day. Under `up`, January (31 days, 0.0000086…) posts 0.01, leaving
    // −0.0099913…; February's 29 days (0.0000080…) leave the amount due negative, so February posts nothing
    // (symmetric `up` alone would have posted −0.01) and carries it all.
    const terms = { principal: cny('0.01'), annualRate: '0.01', convention: 'act-360' as const }
    const january = postInterest(totalAccrued(accrueDaily({ ...terms, from: d('2024-01-01'), to: d('2024-02-01') })), zeroFraction, 'CNY', 'up')
    expect(january.posted).toEqual(cny('0.01'))
    expect(january.remainder).toEqual(fraction(31n - 36_000n, 3_600_000n)) // 0.01 × 0.01 × 31/360 − 0.01 = (31 − 36,000)/3,600,000
    const februaryAccrued = totalAccrued(accrueDaily({ ...terms, from: d('2024-02-01'), to: d('2024-03-01') }))
    expect(postInterest(februaryAccrued, january.remainder, 'CNY', 'up')).toEqual({
      posted: cny('0.00'),
      remainder: fraction(60n - 36_000n, 3_600_000n), // the 60 days so far less the 0.01 posted
    })
    // A period that accrued nothing posts nothing, even with half a fen carried.
    expect(postInterest(zeroFraction, fraction(-1n, 200n), 'CNY', 'half-up')).toEqual({ posted: cny('0.00'), remainder: fraction(-1n, 200n) })
  })

  it('on an exact tie for the year, may land on the other of the two equally near amounts (a known limit of carrying)', () => {
    // CNY 3.00 at 0.5 % 30/360 Bond Basis: 0.00125 a month, 0.015 for the year — exactly half a fen over 0.01.
    // Rounded once, half-even, the year is 0.02. Carried month by month: months 1–3 post 0; month 4 has 0.005,
    // a tie, and posts 0 (even); month 5 has 0.00625 and posts 0.01, leaving −0.00375; months 6–11 post 0; month
    // 12 has 0.005 again and posts 0 (even). Total 0.01: as near to 0.015 as 0.02 is, but not the once-rounded figure.
    const terms = { principal: cny('3.00'), annualRate: '0.005', convention: '30-360-bond-basis' as const }
    const post = (mode: RoundingMode) => {
      let remainder: ExactFraction = zeroFraction
      const postings: bigint[] = []
      for (let month = 0; month < 12; month += 1) {
        const from = addMonths(d('2023-01-01'), month)
        const posting = postInterest(totalAccrued(accrueDaily({ ...terms, from, to: addMonths(from, 1) })), remainder, 'CNY', mode)
        postings.push(posting.posted.amountMinor)
        remainder = posting.remainder
      }
      return postings
    }
    expect(post('half-even')).toEqual([0n, 0n, 0n, 0n, 1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n])
    expect(post('half-up').reduce((a, b) => a + b)).toBe(2n) // 0.02, the once-rounded figure
  })

  it('posts a year whose total is the year’s exact interest rounded once, for any principal, rate and convention', () => {
    const currencies: CurrencyCode[] = ['CNY', 'JPY', 'KWD', 'USD']
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.integer({ min: -50_000, max: 200_000 }), // rate in millionths: −5 % … 20 %
        fc.constantFrom(...dayCountConventions),
        fc.integer({ min: epochDay(d('2019-01-01')), max: epochDay(d('2032-12-31')) }).map(fromEpochDay),
        fc.constantFrom(...roundingModes),
        (currency, principalMinor, rateMillionths, convention: DayCountConvention, start: CalendarDate, mode) => {
          const principal = money(principalMinor, currency)
          const annualRate = formatDecimal(decimal(BigInt(rateMillionths)).dividedBy(decimal(1_000_000n))) // exact: six places at most
          const periods = Array.from({ length: 13 }, (_, k) => addMonths(start, k))
          const maturity = periods[12]!
          let remainder: ExactFraction = zeroFraction
          let postedMinor = 0n
          const periodTotals: ExactFraction[] = []
          for (let k = 0; k < 12; k += 1) {
            const [from, to] = [periods[k]!, periods[k + 1]!]
            const accrued = totalAccrued(accrueDaily({ principal, annualRate, convention, maturity, from, to }))
            // The days of a period add up to the convention's interest for the whole period.
            expect(accrued).toEqual(simpleInterest(principal, annualRate, yearFraction(convention, from, to, { maturity })))
            periodTotals.push(accrued)
            const posting = postInterest(accrued, remainder, currency, mode)
            postedMinor += posting.posted.amountMinor
            remainder = posting.remainder
          }
          const exponent = currencyExponent(currency)
          const yearTotal = sumFractions(periodTotals)
          // Nothing is lost: posted + what is still carried = the exact interest.
          expect(addFractions(fractionFromMoney(money(postedMinor, currency)), remainder)).toEqual(yearTotal)
          if (mode !== 'half-even' || !isTie(yearTotal, exponent)) {
            expect(postedMinor).toBe(oracleMinor(yearTotal, exponent, mode))
          } else {
            // Exactly halfway: either neighbour is as near.
            const lower = oracleMinor(yearTotal, exponent, 'down')
            expect([lower, lower + 1n]).toContain(postedMinor)
          }
        },
      ),
      { numRuns: 120 },
    )
  })
})

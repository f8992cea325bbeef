import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { currencyExponent, money, parseMoney, type Money } from '@strongroom/kernel'
import { parseCalendarDate } from './calendar-date.js'
import { compareFractions, fraction, fractionFromDecimal, multiplyFractions, subtractFractions, type ExactFraction } from '../exact-fraction.js'
import { effectiveAnnualRate, rateTiersProblem, tieredAnnualInterest, tieredDailyAccrual, type RateTier } from './tiered-rate.js'

const d = parseCalendarDate
const cny = (amount: string): Money => parseMoney(amount, 'CNY')

/** CNY: 1.00 % up to 1,000,000.00; 1.50 % from 1,000,000.00; 2.00 % from 5,000,000.00. */
const tiers: readonly RateTier[] = [
  { fromMinor: 0n, annualRate: '0.0100' },
  { fromMinor: 100_000_000n, annualRate: '0.0150' },
  { fromMinor: 500_000_000n, annualRate: '0.0200' },
]

describe('tiered interest', () => {
  it('whole-balance: the tier the balance falls in applies to all of it', () => {
    // 6,000,000 × 2.00 % = 120,000.
    expect(tieredAnnualInterest(cny('6000000.00'), tiers, 'whole-balance')).toEqual(fraction(120_000n))
    // Exactly at a threshold the higher tier applies ("from" is included): 5,000,000 × 2.00 % = 100,000.
    expect(tieredAnnualInterest(cny('5000000.00'), tiers, 'whole-balance')).toEqual(fraction(100_000n))
    // A fen below it: 4,999,999.99 × 1.50 % = 74,999.99985.
    expect(tieredAnnualInterest(cny('4999999.99'), tiers, 'whole-balance')).toEqual(fraction(7_499_999_985n, 100_000n))
    // In the first tier: 500,000 × 1.00 % = 5,000.
    expect(tieredAnnualInterest(cny('500000.00'), tiers, 'whole-balance')).toEqual(fraction(5_000n))
  })

  it('marginal: each slice earns its own tier’s rate', () => {
    // 6,000,000: 1,000,000 × 1.00 % + 4,000,000 × 1.50 % + 1,000,000 × 2.00 % = 10,000 + 60,000 + 20,000 = 90,000.
    expect(tieredAnnualInterest(cny('6000000.00'), tiers, 'marginal')).toEqual(fraction(90_000n))
    // 5,000,000: 10,000 + 60,000 = 70,000 (nothing yet in the top tier).
    expect(tieredAnnualInterest(cny('5000000.00'), tiers, 'marginal')).toEqual(fraction(70_000n))
    // 4,999,999.99: 10,000 + 3,999,999.99 × 1.50 % = 10,000 + 59,999.99985 = 69,999.99985.
    expect(tieredAnnualInterest(cny('4999999.99'), tiers, 'marginal')).toEqual(fraction(6_999_999_985n, 100_000n))
    // 500,000: all in the first tier, 5,000 — the same as whole-balance.
    expect(tieredAnnualInterest(cny('500000.00'), tiers, 'marginal')).toEqual(fraction(5_000n))
    expect(tieredAnnualInterest(cny('0.00'), tiers, 'marginal')).toEqual(fraction(0n))
  })

  it('works in a currency without a minor unit, with a first tier that earns nothing', () => {
    // JPY: 0 % below ¥10,000,000, 0.1 % from it. ¥12,345,678: whole 12,345,678 × 0.001 = 12,345.678;
    // marginal (12,345,678 − 10,000,000) × 0.001 = 2,345.678.
    const yenTiers: RateTier[] = [
      { fromMinor: 0n, annualRate: '0' },
      { fromMinor: 10_000_000n, annualRate: '0.001' },
    ]
    const balance = money(12_345_678n, 'JPY')
    expect(tieredAnnualInterest(balance, yenTiers, 'whole-balance')).toEqual(fraction(12_345_678n, 1000n))
    expect(tieredAnnualInterest(balance, yenTiers, 'marginal')).toEqual(fraction(2_345_678n, 1000n))
  })

  it('gives the rate a client sees', () => {
    expect(effectiveAnnualRate(cny('6000000.00'), tiers, 'whole-balance')).toEqual(fraction(1n, 50n)) // 2 %
    expect(effectiveAnnualRate(cny('6000000.00'), tiers, 'marginal')).toEqual(fraction(3n, 200n)) // 90,000 / 6,000,000 = 1.5 %
    // 70,000 / 5,000,000 = 1.4 %
    expect(effectiveAnnualRate(cny('5000000.00'), tiers, 'marginal')).toEqual(fraction(7n, 500n))
    expect(effectiveAnnualRate(cny('0.00'), tiers, 'marginal')).toEqual(fraction(1n, 100n))
  })

  it('accrues a day of it under the product’s day count', () => {
    const day = { tiers, periodStart: d('2024-07-01'), date: d('2024-07-15') }
    // Whole-balance ACT/360: 120,000 / 360 = 1,000/3 = 333.33… a day.
    expect(tieredDailyAccrual({ ...day, balance: cny('6000000.00'), method: 'whole-balance', convention: 'act-360' })).toEqual(fraction(1000n, 3n))
    // Marginal ACT/360: 90,000 / 360 = 250.
    expect(tieredDailyAccrual({ ...day, balance: cny('6000000.00'), method: 'marginal', convention: 'act-360' })).toEqual(fraction(250n))
    // Marginal ACT/365 Fixed: 90,000 / 365 = 18,000/73.
    expect(tieredDailyAccrual({ ...day, balance: cny('6000000.00'), method: 'marginal', convention: 'act-365-fixed' })).toEqual(fraction(18_000n, 73n))
    // 30/360 Bond Basis on 31 July from 1 July counts 0 days: no interest that day.
    const lastOfJuly = { ...day, date: d('2024-07-31'), balance: cny('6000000.00'), method: 'marginal' as const, convention: '30-360-bond-basis' as const }
    expect(tieredDailyAccrual(lastOfJuly)).toEqual(fraction(0n))
  })

  it('refuses tiers that leave a balance without a rate or are out of order, and a negative balance', () => {
    expect(rateTiersProblem(tiers)).toBeUndefined()
    expect(rateTiersProblem([])).toMatch(/at least one tier/)
    expect(rateTiersProblem([{ fromMinor: 1n, annualRate: '0.01' }])).toMatch(/start at 0/)
    expect(rateTiersProblem([{ fromMinor: 0n, annualRate: '0.01' }, { fromMinor: 0n, annualRate: '0.02' }])).toMatch(/tier 2 must start above tier 1/)
    expect(rateTiersProblem([{ fromMinor: 0n, annualRate: '1%' }])).toMatch(/decimal string/)
    expect(rateTiersProblem([{ fromMinor: 0 as unknown as bigint, annualRate: '0.01' }])).toMatch(/bigint/)
    expect(() => tieredAnnualInterest(cny('1.00'), [], 'marginal')).toThrow(RangeError)
    expect(() => tieredAnnualInterest(cny('-1.00'), tiers, 'whole-balance')).toThrow(RangeError)
    expect(() => tieredAnnualInterest(cny('1.00'), tiers, 'progressive' as 'marginal')).toThrow(/Unknown tier method/)
  })
})

describe('tiered interest, for any tiers', () => {
  /** 1–4 tiers from 0, with rising starts and rising rates (in hundredths of a basis point). */
  const risingTiers = fc
    .array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 5_000 })), { minLength: 1, maxLength: 4 })
    .map((steps) => {
      let from = 0n
      let rate = 0
      return steps.map(([gap, rise], i) => {
        if (i > 0) from += gap
        rate += rise
        return { fromMinor: from, annualRate: `0.${String(rate).padStart(6, '0')}` }
      })
    })
  const balanceMinor = fc.bigInt({ min: 0n, max: 5n * 10n ** 9n })

  it('marginal: one more minor unit earns exactly the rate of the tier that unit falls in', () => {
    fc.assert(
      fc.property(risingTiers, balanceMinor, (t, b) => {
        const before = tieredAnnualInterest(money(b, 'CNY'), t, 'marginal')
        const after = tieredAnnualInterest(money(b + 1n, 'CNY'), t, 'marginal')
        const tierRate = [...t].reverse().find((tier) => tier.fromMinor <= b)!.annualRate
        const oneFen = fraction(1n, 10n ** BigInt(currencyExponent('CNY')))
        expect(subtractFractions(after, before)).toEqual(multiplyFractions(oneFen, fractionFromDecimal(tierRate)))
      }),
    )
  })

  it('marginal never pays more than whole-balance when rates rise with the balance, and they agree in the first tier', () => {
    fc.assert(
      fc.property(risingTiers, balanceMinor, (t, b) => {
        const balance = money(b, 'CNY')
        const marginal: ExactFraction = tieredAnnualInterest(balance, t, 'marginal')
        const whole: ExactFraction = tieredAnnualInterest(balance, t, 'whole-balance')
        expect(compareFractions(marginal, whole)).toBeLessThanOrEqual(0)
        if (t.length === 1 || b < t[1]!.fromMinor) expect(marginal).toEqual(whole)
      }),
    )
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { allocateMoney, splitEvenly } from './allocation.js'
import { currencyCodes } from './currency.js'
import { formatMoney, money, negateMoney, parseMoney, sumMoney, type Money } from './money.js'

const invalidRatio = expect.objectContaining({ name: 'DomainError', code: 'kernel.invalid_ratio' })
const cny = (amount: string) => parseMoney(amount, 'CNY')
const amounts = (parts: readonly Money[]) => parts.map(formatMoney)

describe('allocateMoney', () => {
  it('gives the leftover unit to the first part when remainders tie', () => {
    expect(amounts(allocateMoney(cny('100.00'), [1n, 1n, 1n]))).toEqual(['33.34', '33.33', '33.33'])
    expect(amounts(allocateMoney(cny('0.02'), [1n, 1n, 1n]))).toEqual(['0.01', '0.01', '0.00'])
    expect(amounts(allocateMoney(cny('0.01'), [1n, 1n, 1n]))).toEqual(['0.01', '0.00', '0.00'])
    expect(amounts(allocateMoney(cny('0.05'), [1n, 1n]))).toEqual(['0.03', '0.02'])
  })

  it('gives leftover units to the largest remainders first', () => {
    // 33.3, 33.3, 33.4 fen: floors 33 + 33 + 33 = 99, the 0.4 is the largest remainder.
    expect(amounts(allocateMoney(cny('1.00'), ['0.333', '0.333', '0.334']))).toEqual(['0.33', '0.33', '0.34'])
    // 333.33…, 0, 666.66… fen: the 0.66 remainder wins the single leftover fen.
    expect(amounts(allocateMoney(cny('10.00'), [1n, 0n, 2n]))).toEqual(['3.33', '0.00', '6.67'])
  })

  it('splits by decimal-string ratios, mixed with bigints', () => {
    expect(amounts(allocateMoney(cny('100.00'), ['0.7', '0.2', '0.1']))).toEqual(['70.00', '20.00', '10.00'])
    expect(amounts(allocateMoney(cny('3.00'), [1n, '0.5']))).toEqual(['2.00', '1.00'])
    expect(amounts(allocateMoney(cny('3.00'), ['070', '0.00', '030.0']))).toEqual(['2.10', '0.00', '0.90'])
  })

  it('splits a negative total as the mirror image of the positive one', () => {
    expect(amounts(allocateMoney(cny('-100.00'), [1n, 1n, 1n]))).toEqual(['-33.34', '-33.33', '-33.33'])
  })

  it('respects the currency exponent', () => {
    expect(allocateMoney(parseMoney('100', 'JPY'), [1n, 1n, 1n])).toEqual([money(34n, 'JPY'), money(33n, 'JPY'), money(33n, 'JPY')])
    expect(amounts(allocateMoney(parseMoney('1.000', 'KWD'), [1n, 2n]))).toEqual(['0.333', '0.667'])
  })

  it('allocates zero as zeros and a single ratio as the whole', () => {
    expect(amounts(allocateMoney(cny('0'), [1n, 2n]))).toEqual(['0.00', '0.00'])
    expect(allocateMoney(cny('123.45'), ['0.01'])).toEqual([cny('123.45')])
  })

  it('refuses empty, all-zero, negative and malformed ratios', () => {
    expect(() => allocateMoney(cny('1.00'), [])).toThrow(invalidRatio)
    expect(() => allocateMoney(cny('1.00'), [0n, '0.000'])).toThrow(invalidRatio)
    for (const bad of [-1n, '-1', '+1', '1e2', '.5', '5.', ' 1', '1,5', '', 'NaN']) {
      expect(() => allocateMoney(cny('1.00'), [1n, bad]), String(bad)).toThrow(invalidRatio)
    }
  })

  it('refuses JavaScript numbers as ratios', () => {
    // @ts-expect-error — 0.1 is already inexact
    expect(() => allocateMoney(cny('1.00'), [0.1, 0.9])).toThrow(invalidRatio)
  })

  // Integer weights k_i, handed over as bigints or as decimal strings k_i / 10^scale,
  // so the test knows each exact share without trusting the code under test.
  const allocationCase = fc
    .record({
      amountMinor: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      currency: fc.constantFrom(...currencyCodes),
      weights: fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: 1, maxLength: 12 }),
      scale: fc.integer({ min: 0, max: 4 }),
      asStrings: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    })
    .filter(({ weights }) => weights.some((w) => w > 0n))
    .map(({ amountMinor, currency, weights, scale, asStrings }) => {
      const ratios = weights.map((w, i) => {
        if (scale === 0 && !asStrings[i]) return w
        const digits = w.toString().padStart(scale + 1, '0')
        return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
      })
      return { total: money(amountMinor, currency), weights, ratios }
    })

  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(allocationCase, ({ total, ratios }) => {
        const parts = allocateMoney(total, ratios)
        expect(parts).toHaveLength(ratios.length)
        expect(sumMoney(parts, total.currency)).toEqual(total)
      }),
    )
  })

  it('keeps each part within one minor unit of its exact share, and zero ratios at zero', () => {
    fc.assert(
      fc.property(allocationCase, ({ total, weights, ratios }) => {
        const weightTotal = weights.reduce((a, b) => a + b, 0n)
        allocateMoney(total, ratios).forEach((part, i) => {
          const w = weights[i] ?? 0n
          // |part − T·w/W| < 1  ⇔  |part·W − T·w| < W
          const gap = part.amountMinor * weightTotal - total.amountMinor * w
          expect(gap < 0n ? -gap : gap).toBeLessThan(weightTotal)
          if (w === 0n) expect(part.amountMinor).toBe(0n)
        })
      }),
    )
  })

  it('allocating −x gives exactly the negated parts of x', () => {
    fc.assert(
      fc.property(allocationCase, ({ total, ratios }) => {
        expect(allocateMoney(negateMoney(total), ratios)).toEqual(allocateMoney(total, ratios).map(negateMoney))
      }),
    )
  })
})

describe('splitEvenly', () => {
  it('splits into n near-equal parts, the first ones larger', () => {
    expect(amounts(splitEvenly(cny('100.00'), 3))).toEqual(['33.34', '33.33', '33.33'])
    expect(amounts(splitEvenly(cny('-0.05'), 2))).toEqual(['-0.03', '-0.02'])
    expect(amounts(splitEvenly(cny('7.00'), 1))).toEqual(['7.00'])
  })

  it('refuses a count that is not a positive integer', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => splitEvenly(cny('1.00'), n), String(n)).toThrow(invalidRatio)
    }
  })

  it('always sums to the total with parts at most one minor unit apart', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 1, max: 50 }), (amountMinor, n) => {
        const total = money(amountMinor, 'CNY')
        const parts = splitEvenly(total, n).map((p) => p.amountMinor)
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(amountMinor)
        const spread = parts.reduce((a, b) => (a > b ? a : b)) - parts.reduce((a, b) => (a < b ? a : b))
        expect(spread <= 1n).toBe(true)
      }),
    )
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { currencyExponent, decimal, formatDecimal, money, roundingModes, type CurrencyCode, type RoundingMode } from '@strongroom/kernel'
import {
  addFractions,
  compareFractions,
  fraction,
  fractionFromDecimal,
  fractionFromMoney,
  fractionToDecimal,
  multiplyFractions,
  negateFraction,
  roundFractionToMinor,
  subtractFractions,
  sumFractions,
  zeroFraction,
} from './exact-fraction.js'

/**
 * The oracle: n/d (major units) rounded to minor units with integer
 * arithmetic only, written independently of the code under test.
 */
function oracleMinor(n: bigint, d: bigint, exponent: number, mode: RoundingMode): bigint {
  let num = n * 10n ** BigInt(exponent)
  let den = d
  if (den < 0n) [num, den] = [-num, -den]
  const negative = num < 0n
  const magnitude = negative ? -num : num
  const q = magnitude / den
  const r = magnitude % den
  let result = q
  if (r !== 0n) {
    if (mode === 'up') result = q + 1n
    else if (mode === 'half-up') result = 2n * r >= den ? q + 1n : q
    else if (mode === 'half-even') result = 2n * r > den || (2n * r === den && q % 2n === 1n) ? q + 1n : q
  }
  return negative ? -result : result
}

describe('fractions', () => {
  it('are kept in lowest terms with a positive denominator', () => {
    expect(fraction(6n, -4n)).toEqual({ numerator: -3n, denominator: 2n })
    expect(fraction(0n, -7n)).toEqual({ numerator: 0n, denominator: 1n })
    expect(fraction(-10n, -15n)).toEqual({ numerator: 2n, denominator: 3n })
    expect(fraction(5n)).toEqual({ numerator: 5n, denominator: 1n })
  })

  it('refuse a zero denominator and JavaScript numbers', () => {
    expect(() => fraction(1n, 0n)).toThrow(RangeError)
    expect(() => fraction(1 as unknown as bigint, 3n)).toThrow(TypeError)
  })

  it('do arithmetic exactly', () => {
    // 61/365 + 121/366 = (61·366 + 121·365) / (365·366) = 66491/133590
    expect(addFractions(fraction(61n, 365n), fraction(121n, 366n))).toEqual({ numerator: 66491n, denominator: 133590n })
    expect(subtractFractions(fraction(1n, 2n), fraction(1n, 3n))).toEqual(fraction(1n, 6n))
    expect(multiplyFractions(fraction(2n, 3n), fraction(9n, 4n))).toEqual(fraction(3n, 2n))
    expect(negateFraction(fraction(1n, 3n))).toEqual(fraction(-1n, 3n))
    // 1/360 taken 360 times is exactly 1: what decimals cannot do (0.00277… × 360).
    expect(sumFractions(Array.from({ length: 360 }, () => fraction(1n, 360n)))).toEqual(fraction(1n))
    expect(sumFractions([])).toEqual(zeroFraction)
    expect(compareFractions(fraction(1n, 3n), fraction(333n, 1000n))).toBe(1)
    expect(compareFractions(fraction(-1n, 3n), fraction(-1n, 3n))).toBe(0)
  })

  it('take decimals and money exactly', () => {
    expect(fractionFromDecimal('0.0135')).toEqual(fraction(27n, 2000n))
    expect(fractionFromDecimal('-12.50')).toEqual(fraction(-25n, 2n))
    expect(fractionFromDecimal(decimal('0.000000000000000000000000000001'))).toEqual(fraction(1n, 10n ** 30n))
    expect(fractionFromDecimal(decimal('1').dividedBy(decimal('4')))).toEqual(fraction(1n, 4n))
    expect(() => fractionFromDecimal('1e3')).toThrow(expect.objectContaining({ code: 'kernel.invalid_decimal' }))
    expect(fractionFromMoney(money(1234n, 'CNY'))).toEqual(fraction(617n, 50n))
    expect(fractionFromMoney(money(1234n, 'JPY'))).toEqual(fraction(1234n))
    expect(fractionFromMoney(money(1234n, 'KWD'))).toEqual(fraction(617n, 500n))
  })

  it('become decimals: exact when the decimal is finite, 40 significant digits when it is not', () => {
    expect(formatDecimal(fractionToDecimal(fraction(27n, 2000n)))).toBe('0.0135')
    expect(formatDecimal(fractionToDecimal(fraction(-7n, 4n)))).toBe('-1.75')
    expect(formatDecimal(fractionToDecimal(fraction(375n)))).toBe('375')
    expect(formatDecimal(fractionToDecimal(fraction(10n ** 45n + 1n, 1024n)))).toBe('976562500000000000000000000000000000000000.0009765625')
    expect(formatDecimal(fractionToDecimal(fraction(1n, 3n)))).toBe(`0.${'3'.repeat(40)}`)
    expect(formatDecimal(fractionToDecimal(fraction(2n, 3n)))).toBe(`0.${'6'.repeat(39)}7`)
  })
})

describe('rounding a fraction to money', () => {
  it('rounds a tie with the mode it is given', () => {
    // 1/200 = 0.005 CNY, half a fen exactly; 3/200 = 0.015.
    const tie = roundingModes.map((mode) => roundFractionToMinor(fraction(1n, 200n), 'CNY', mode).money.amountMinor)
    expect(Object.fromEntries(roundingModes.map((mode, i) => [mode, tie[i]]))).toEqual({ 'half-even': 0n, 'half-up': 1n, down: 0n, up: 1n })
    expect(roundFractionToMinor(fraction(3n, 200n), 'CNY', 'half-even').money).toEqual(money(2n, 'CNY'))
    expect(roundFractionToMinor(fraction(-1n, 200n), 'CNY', 'half-up').money).toEqual(money(-1n, 'CNY'))
  })

  it('is not fooled by a value a hair off a tie or below a 40-digit decimal’s reach', () => {
    // 0.005 + 10^-50: above the tie, so half-even goes up to 0.01 although its first 40 digits read 0.005000….
    const justAbove = addFractions(fraction(1n, 200n), fraction(1n, 10n ** 50n))
    expect(roundFractionToMinor(justAbove, 'CNY', 'half-even').money).toEqual(money(1n, 'CNY'))
    const justBelow = subtractFractions(fraction(1n, 200n), fraction(1n, 10n ** 50n))
    expect(roundFractionToMinor(justBelow, 'CNY', 'half-up').money).toEqual(money(0n, 'CNY'))
    // 2/3 yen → 1, remainder −1/3 exactly.
    expect(roundFractionToMinor(fraction(2n, 3n), 'JPY')).toEqual({ money: money(1n, 'JPY'), remainder: fraction(-1n, 3n) })
  })

  it('agrees with integer rounding in every mode and returns the exact remainder', () => {
    const currencies: CurrencyCode[] = ['CNY', 'JPY', 'KWD', 'USD']
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom(...currencies),
        fc.constantFrom(...roundingModes),
        (n, d, currency, mode) => {
          const value = fraction(n, d)
          const { money: rounded, remainder } = roundFractionToMinor(value, currency, mode)
          expect(rounded.currency).toBe(currency)
          expect(rounded.amountMinor).toBe(oracleMinor(n, d, currencyExponent(currency), mode))
          expect(addFractions(fractionFromMoney(rounded), remainder)).toEqual(value)
          const unit = fraction(1n, 10n ** BigInt(currencyExponent(currency)))
          expect(compareFractions(remainder.numerator < 0n ? negateFraction(remainder) : remainder, unit)).toBe(-1)
        },
      ),
      { numRuns: 500 },
    )
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { currencyCodes, currencyExponent, type CurrencyCode } from './currency.js'
import { decimal, formatDecimal } from './decimal.js'
import { formatMoney, money, toDecimal } from './money.js'
import { roundDecimal, roundToMinor, roundToMinorWithRemainder, roundingModes, type RoundingMode } from './rounding.js'

const cny = (value: string, mode?: RoundingMode) => formatMoney(roundToMinor(decimal(value), 'CNY', mode))

/** `units / 10^scale` as a plain decimal string, built without decimal.js. */
function decimalString(units: bigint, scale: number): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const point = digits.length - scale
  return `${negative ? '-' : ''}${digits.slice(0, point)}${scale > 0 ? `.${digits.slice(point)}` : ''}`
}

describe('roundToMinor', () => {
  it('defaults to half-even (banker’s rounding)', () => {
    expect(cny('2.345')).toBe('2.34')
    expect(cny('2.355')).toBe('2.36')
    expect(cny('2.3450000001')).toBe('2.35')
    expect(cny('-2.345')).toBe('-2.34')
    expect(cny('-2.355')).toBe('-2.36')
    expect(cny('0.005')).toBe('0.00')
    expect(cny('0.015')).toBe('0.02')
  })

  it('half-up sends ties away from zero, for negatives too', () => {
    expect(cny('2.345', 'half-up')).toBe('2.35')
    expect(cny('2.344', 'half-up')).toBe('2.34')
    expect(cny('-2.345', 'half-up')).toBe('-2.35')
  })

  it('down truncates toward zero', () => {
    expect(cny('1.239', 'down')).toBe('1.23')
    expect(cny('-1.239', 'down')).toBe('-1.23')
  })

  it('up rounds away from zero', () => {
    expect(cny('1.231', 'up')).toBe('1.24')
    expect(cny('-1.231', 'up')).toBe('-1.24')
    expect(cny('1.230', 'up')).toBe('1.23')
  })

  it('uses the currency exponent', () => {
    expect(roundToMinor(decimal('100.5'), 'JPY')).toEqual(money(100n, 'JPY'))
    expect(roundToMinor(decimal('101.5'), 'JPY')).toEqual(money(102n, 'JPY'))
    expect(roundToMinor(decimal('1.2345'), 'KWD')).toEqual(money(1234n, 'KWD'))
    expect(roundToMinor(decimal('1.2355'), 'KWD', 'half-up')).toEqual(money(1236n, 'KWD'))
  })

  it('turns a negative value that rounds to zero into plain zero', () => {
    expect(roundToMinor(decimal('-0.001'), 'CNY')).toEqual(money(0n, 'CNY'))
    expect(Object.is(Number(roundToMinor(decimal('-0.001'), 'CNY').amountMinor), -0)).toBe(false)
  })

  it('is exact for amounts far beyond 40 significant digits', () => {
    const value = decimal('123456789012345678901234567890123456789012345678.125')
    expect(roundToMinor(value, 'CNY').amountMinor).toBe(12345678901234567890123456789012345678901234567812n)
  })

  it('refuses an unknown rounding mode from an untyped caller', () => {
    expect(() => roundToMinor(decimal('1'), 'CNY', 'nearest' as RoundingMode)).toThrow(RangeError)
  })

  it('half-even always lands on an even minor amount for n + ½ minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.constantFrom(...currencyCodes), (n, currency) => {
        // (n + ½) minor units = (2n + 1) × 5 / 10^(exponent + 1) major units.
        const exponent = currencyExponent(currency)
        const value = decimal(decimalString((2n * n + 1n) * 5n, exponent + 1))
        const rounded = roundToMinor(value, currency).amountMinor
        expect(rounded % 2n).toBe(0n)
        expect([n, n + 1n]).toContain(rounded)
      }),
    )
  })

  it('every mode is symmetric about zero and stays within one minor unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...currencyCodes),
        fc.constantFrom(...roundingModes),
        (units, extraPlaces, currency: CurrencyCode, mode) => {
          const exponent = currencyExponent(currency)
          const value = decimal(decimalString(units, exponent + extraPlaces))
          const up = roundToMinor(value, currency, mode).amountMinor
          const down = roundToMinor(value.negated(), currency, mode).amountMinor
          expect(down).toBe(-up)
          const exactMinor = units // scaled by 10^extraPlaces
          const diff = up * 10n ** BigInt(extraPlaces) - exactMinor
          expect(diff < 0n ? -diff : diff).toBeLessThan(10n ** BigInt(extraPlaces))
        },
      ),
    )
  })
})

describe('roundToMinorWithRemainder', () => {
  it('returns what was cut off, in major units', () => {
    const { money: m, remainder } = roundToMinorWithRemainder(decimal('12.34567'), 'CNY', 'down')
    expect(formatMoney(m)).toBe('12.34')
    expect(formatDecimal(remainder)).toBe('0.00567')
  })

  it('has a negative remainder when rounding went up', () => {
    const { money: m, remainder } = roundToMinorWithRemainder(decimal('12.34567'), 'CNY')
    expect(formatMoney(m)).toBe('12.35')
    expect(formatDecimal(remainder)).toBe('-0.00433')
  })

  it('keeps every digit of the remainder, even beyond 40 significant digits', () => {
    const value = decimal(`1.23${'4'.repeat(45)}`)
    const { money: m, remainder } = roundToMinorWithRemainder(value, 'CNY')
    expect(formatMoney(m)).toBe('1.23')
    expect(formatDecimal(remainder)).toBe(`0.00${'4'.repeat(45)}`)
  })

  it('money + remainder is the value, exactly, and the remainder is under one minor unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...currencyCodes),
        fc.constantFrom(...roundingModes),
        (units, scale, currency, mode) => {
          const value = decimal(decimalString(units, scale))
          const { money: m, remainder } = roundToMinorWithRemainder(value, currency, mode)
          expect(formatDecimal(toDecimal(m).plus(remainder))).toBe(formatDecimal(value))
          expect(remainder.abs().lessThan(decimal(1n).dividedBy(decimal(10n ** BigInt(currencyExponent(currency)))))).toBe(true)
        },
      ),
    )
  })

  it('carrying the remainder loses nothing over a year of daily accruals', () => {
    // CNY 1,000,000.00 at 1.35 % a year, actual/365: 36.986301369863… a day.
    const daily = decimal('1000000').times('0.0135').dividedBy(365)
    let carried = decimal('0')
    let posted = 0n
    for (let day = 0; day < 365; day++) {
      const { money: m, remainder } = roundToMinorWithRemainder(daily.plus(carried), 'CNY')
      posted += m.amountMinor
      carried = remainder
    }
    expect(posted).toBe(1_350_000n) // exactly CNY 13,500.00
  })
})

describe('roundDecimal', () => {
  it('rounds to any number of places with each mode', () => {
    expect(roundDecimal(decimal('0.0123456'), 4).toString()).toBe('0.0123')
    expect(roundDecimal(decimal('0.01235'), 4).toString()).toBe('0.0124')
    expect(roundDecimal(decimal('0.01225'), 4).toString()).toBe('0.0122')
    expect(roundDecimal(decimal('0.01225'), 4, 'half-up').toString()).toBe('0.0123')
    expect(roundDecimal(decimal('-0.01229'), 4, 'down').toString()).toBe('-0.0122')
    expect(roundDecimal(decimal('-0.01221'), 4, 'up').toString()).toBe('-0.0123')
    expect(roundDecimal(decimal('2.5'), 0).toString()).toBe('2')
  })

  it('refuses negative or fractional places', () => {
    expect(() => roundDecimal(decimal('1'), -1)).toThrow(RangeError)
    expect(() => roundDecimal(decimal('1'), 1.5)).toThrow(RangeError)
  })
})

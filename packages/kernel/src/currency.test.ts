import { describe, it, expect } from 'vitest'
import { currencies, currencyCodes, currencyExponent, isCurrencyCode, parseCurrencyCode, type CurrencyCode } from './currency.js'

const unknownCurrency = expect.objectContaining({ name: 'DomainError', code: 'kernel.unknown_currency' })

describe('currency table', () => {
  it('has the ISO 4217 exponents the bank relies on', () => {
    const expected: Record<string, number> = {
      CNY: 2, USD: 2, EUR: 2, HKD: 2, GBP: 2, JPY: 0, SGD: 2, CHF: 2, KWD: 3, AUD: 2, CAD: 2, NZD: 2,
      SEK: 2, NOK: 2, DKK: 2, KRW: 0, TWD: 2, MOP: 2, BHD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
      CLP: 0, ISK: 0, VND: 0, XOF: 0, XAF: 0,
    }
    for (const [code, exponent] of Object.entries(expected)) {
      expect(isCurrencyCode(code)).toBe(true)
      expect(currencyExponent(code as CurrencyCode)).toBe(exponent)
    }
  })

  it('lists every code once, sorted, all three upper-case letters with a 0, 2 or 3 exponent', () => {
    expect(currencyCodes).toEqual([...new Set(currencyCodes)].sort())
    expect(currencyCodes).toHaveLength(Object.keys(currencies).length)
    for (const code of currencyCodes) {
      expect(code).toMatch(/^[A-Z]{3}$/)
      expect([0, 2, 3]).toContain(currencyExponent(code))
    }
  })

  it('is frozen', () => {
    expect(Object.isFrozen(currencies)).toBe(true)
    expect(Object.isFrozen(currencyCodes)).toBe(true)
  })
})

describe('isCurrencyCode', () => {
  it('refuses lower case, unknown codes, inherited properties and non-strings', () => {
    for (const value of ['cny', 'Cny', 'XXX', 'XAU', 'HRK', '', 'toString', '__proto__', 'constructor', 156, null, undefined, {}]) {
      expect(isCurrencyCode(value)).toBe(false)
    }
  })
})

describe('parseCurrencyCode', () => {
  it('narrows a known code', () => {
    const code: CurrencyCode = parseCurrencyCode('KWD')
    expect(code).toBe('KWD')
  })

  it('throws kernel.unknown_currency for anything else', () => {
    expect(() => parseCurrencyCode('RMB')).toThrow(unknownCurrency)
    expect(() => parseCurrencyCode('hasOwnProperty')).toThrow(unknownCurrency)
  })
})

describe('currencyExponent', () => {
  it('checks at run time what the type promised', () => {
    expect(() => currencyExponent('ABC' as CurrencyCode)).toThrow(unknownCurrency)
  })

  it('rejects a misspelt code at compile time', () => {
    // @ts-expect-error — 'CYN' is not a CurrencyCode
    expect(() => currencyExponent('CYN')).toThrow(unknownCurrency)
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { currencyCodes, currencyExponent, type CurrencyCode } from './currency.js'
import { decimal, formatDecimal } from './decimal.js'
import { isDomainError } from './domain-error.js'
import {
  addMoney,
  compareMoney,
  equalsMoney,
  formatMoney,
  fromMoneyJson,
  isNegative,
  isPositive,
  isZero,
  maxMoney,
  minMoney,
  money,
  convertMoney,
  multiplyMoney,
  negateMoney,
  parseMoney,
  subtractMoney,
  sumMoney,
  toDecimal,
  toMoneyJson,
  zeroMoney,
  type Money,
} from './money.js'

const error = (code: string) => expect.objectContaining({ name: 'DomainError', code })
const cny = (amount: string) => parseMoney(amount, 'CNY')

const anyCurrency = fc.constantFrom(...currencyCodes)
const anyMoney = fc.record({ amountMinor: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), currency: anyCurrency }).map(({ amountMinor, currency }) => money(amountMinor, currency))
const sameCurrencyPair = anyCurrency.chain((currency) =>
  fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })).map(([a, b]) => [money(a, currency), money(b, currency)] as const),
)

/** Canonical amount strings, assembled digit by digit rather than by formatMoney. */
const canonicalAmount = anyCurrency.chain((currency) =>
  fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 10n ** 25n }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: currencyExponent(currency), maxLength: currencyExponent(currency) }),
    )
    .map(([negative, whole, fraction]) => {
      const isZeroAmount = whole === 0n && /^0*$/.test(fraction)
      const sign = negative && !isZeroAmount ? '-' : ''
      return { currency, text: `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}` }
    }),
)

describe('money', () => {
  it('makes a frozen value from minor units', () => {
    const m = money(50_000_000n, 'CNY')
    expect(m).toEqual({ amountMinor: 50_000_000n, currency: 'CNY' })
    expect(Object.isFrozen(m)).toBe(true)
  })

  it('refuses a number for the amount, at compile time and at run time', () => {
    // @ts-expect-error — minor units are a bigint
    expect(() => money(100, 'CNY')).toThrow(error('kernel.invalid_amount'))
  })

  it('refuses an unknown currency', () => {
    expect(() => money(1n, 'RMB' as CurrencyCode)).toThrow(error('kernel.unknown_currency'))
  })

  it('zeroMoney is zero of that currency', () => {
    expect(zeroMoney('JPY')).toEqual(money(0n, 'JPY'))
  })
})

describe('parseMoney', () => {
  it('reads major units into minor units', () => {
    expect(cny('500000.00')).toEqual(money(50_000_000n, 'CNY'))
    expect(cny('10')).toEqual(money(1000n, 'CNY'))
    expect(cny('10.5')).toEqual(money(1050n, 'CNY'))
    expect(cny('-0.50')).toEqual(money(-50n, 'CNY'))
    expect(cny('0')).toEqual(money(0n, 'CNY'))
    expect(cny('-0.00')).toEqual(money(0n, 'CNY'))
    expect(cny('007.50')).toEqual(money(750n, 'CNY'))
    expect(parseMoney('100', 'JPY')).toEqual(money(100n, 'JPY'))
    expect(parseMoney('1.25', 'KWD')).toEqual(money(1250n, 'KWD'))
    expect(parseMoney('1.250', 'KWD')).toEqual(money(1250n, 'KWD'))
    expect(parseMoney('92233720368547758.07', 'USD').amountMinor).toBe(9_223_372_036_854_775_807n)
  })

  it('refuses more decimals than the currency has, instead of rounding', () => {
    expect(() => cny('12.345')).toThrow(error('kernel.invalid_amount'))
    expect(() => cny('0.001')).toThrow(error('kernel.invalid_amount'))
    expect(() => parseMoney('100.0', 'JPY')).toThrow(error('kernel.invalid_amount'))
    expect(() => parseMoney('1.2500', 'KWD')).toThrow(error('kernel.invalid_amount'))
  })

  it('refuses anything that is not plain digits', () => {
    const rejected = ['', ' ', '1 000.00', ' 10.00', '10.00 ', '1,000.00', '10,5', '+10.00', '1e3', '1E3', '1.5e2', '.50', '10.', '-', '-.5', '--1', '1-', 'abc', '10.0a', '0x10', 'Infinity', 'NaN', '١٠', '10\n']
    for (const text of rejected) {
      expect(() => cny(text), JSON.stringify(text)).toThrow(error('kernel.invalid_amount'))
    }
  })

  it('says what was wrong', () => {
    expect(() => cny('12.345')).toThrow('"12.345" has 3 decimal places but CNY allows at most 2')
    expect(() => parseMoney('1.5', 'JPY')).toThrow('"1.5" has decimals but JPY has no minor unit')
    expect(() => cny('1e3')).toThrow(/"1e3" is not a CNY amount/)
    try {
      cny('12.345')
    } catch (e) {
      expect(isDomainError(e) && e.details).toEqual({ currency: 'CNY', exponent: 2 })
    }
  })

  it('refuses an unknown or lower-case currency', () => {
    expect(() => parseMoney('1.00', 'RMB')).toThrow(error('kernel.unknown_currency'))
    expect(() => parseMoney('1.00', 'cny')).toThrow(error('kernel.unknown_currency'))
  })

  it('never accepts a JavaScript number', () => {
    // @ts-expect-error — amounts travel as strings
    expect(() => parseMoney(10, 'CNY')).toThrow(error('kernel.invalid_amount'))
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer()), anyCurrency, (n, currency) => {
        expect(() => parseMoney(n as unknown as string, currency)).toThrow(error('kernel.invalid_amount'))
      }),
    )
  })

  it('reads back whatever formatMoney wrote', () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        expect(parseMoney(formatMoney(m), m.currency)).toEqual(m)
      }),
    )
  })
})

describe('formatMoney', () => {
  it('writes exactly the currency’s decimals', () => {
    expect(formatMoney(money(50_000_000n, 'CNY'))).toBe('500000.00')
    expect(formatMoney(money(100n, 'JPY'))).toBe('100')
    expect(formatMoney(money(1250n, 'KWD'))).toBe('1.250')
    expect(formatMoney(money(-50n, 'CNY'))).toBe('-0.50')
    expect(formatMoney(money(-5n, 'KWD'))).toBe('-0.005')
    expect(formatMoney(money(0n, 'CNY'))).toBe('0.00')
    expect(formatMoney(money(-7n, 'JPY'))).toBe('-7')
    expect(formatMoney(money(10n ** 30n, 'USD'))).toBe('10000000000000000000000000000.00')
  })

  it('writes back canonical strings unchanged', () => {
    fc.assert(
      fc.property(canonicalAmount, ({ currency, text }) => {
        expect(formatMoney(parseMoney(text, currency))).toBe(text)
      }),
    )
  })

  it('never uses exponent notation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 80n), max: 10n ** 80n }), anyCurrency, (amountMinor, currency) => {
        expect(formatMoney(money(amountMinor, currency))).not.toMatch(/e/i)
      }),
    )
  })
})

describe('JSON', () => {
  it('carries the amount as a string in major units', () => {
    const json = toMoneyJson(cny('500000.00'))
    expect(json).toEqual({ amount: '500000.00', currency: 'CNY' })
    expect(JSON.stringify(json)).toBe('{"amount":"500000.00","currency":"CNY"}')
    expect(JSON.stringify({ balance: toMoneyJson(parseMoney('1.250', 'KWD')) })).toBe('{"balance":{"amount":"1.250","currency":"KWD"}}')
  })

  it('reads back what it wrote', () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        expect(fromMoneyJson(JSON.parse(JSON.stringify(toMoneyJson(m))))).toEqual(m)
      }),
    )
  })

  it('refuses a JSON number, extra decimals and an unknown currency', () => {
    expect(() => fromMoneyJson(JSON.parse('{"amount":500000,"currency":"CNY"}'))).toThrow(error('kernel.invalid_amount'))
    expect(() => fromMoneyJson({ amount: '1.001', currency: 'USD' })).toThrow(error('kernel.invalid_amount'))
    expect(() => fromMoneyJson({ amount: '1.00', currency: 'BTC' })).toThrow(error('kernel.unknown_currency'))
  })
})

describe('toDecimal', () => {
  it('gives major units exactly', () => {
    expect(formatDecimal(toDecimal(cny('12.34')))).toBe('12.34')
    expect(formatDecimal(toDecimal(parseMoney('-0.005', 'KWD')))).toBe('-0.005')
    expect(formatDecimal(toDecimal(money(10n ** 50n + 1n, 'CNY')))).toBe(`1${'0'.repeat(48)}.01`)
  })
})

describe('arithmetic', () => {
  it('adds, subtracts and negates', () => {
    expect(addMoney(cny('10.50'), cny('0.75'))).toEqual(cny('11.25'))
    expect(subtractMoney(cny('10.50'), cny('10.75'))).toEqual(cny('-0.25'))
    expect(negateMoney(cny('3.00'))).toEqual(cny('-3.00'))
    expect(negateMoney(cny('0'))).toEqual(cny('0'))
  })

  it('refuses to mix currencies', () => {
    const usd = parseMoney('1.00', 'USD')
    expect(() => addMoney(cny('1.00'), usd)).toThrow(error('kernel.currency_mismatch'))
    expect(() => subtractMoney(cny('1.00'), usd)).toThrow(error('kernel.currency_mismatch'))
    expect(() => compareMoney(cny('1.00'), usd)).toThrow(error('kernel.currency_mismatch'))
    expect(() => minMoney(cny('1.00'), usd)).toThrow(error('kernel.currency_mismatch'))
    expect(() => maxMoney(cny('1.00'), usd)).toThrow(error('kernel.currency_mismatch'))
    expect(() => sumMoney([cny('1.00'), usd], 'CNY')).toThrow(error('kernel.currency_mismatch'))
    expect(() => sumMoney([usd], 'CNY')).toThrow('Cannot combine CNY with USD')
  })

  it('add and subtract are inverse', () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(subtractMoney(addMoney(a, b), b)).toEqual(a)
        expect(addMoney(subtractMoney(a, b), b)).toEqual(a)
        expect(addMoney(a, negateMoney(a))).toEqual(zeroMoney(a.currency))
      }),
    )
  })

  it('sums a list, and an empty list to zero', () => {
    expect(sumMoney([cny('1.10'), cny('2.20'), cny('-0.30')], 'CNY')).toEqual(cny('3.00'))
    expect(sumMoney([], 'KWD')).toEqual(zeroMoney('KWD'))
  })
})

describe('comparisons', () => {
  it('compares, for sorting', () => {
    const list = [cny('2.00'), cny('-1.00'), cny('0.01'), cny('2.00')]
    expect([...list].sort(compareMoney).map(formatMoney)).toEqual(['-1.00', '0.01', '2.00', '2.00'])
    expect(compareMoney(cny('1.00'), cny('1.00'))).toBe(0)
  })

  it('tests the sign', () => {
    expect([isZero(cny('0')), isNegative(cny('0')), isPositive(cny('0'))]).toEqual([true, false, false])
    expect([isZero(cny('-0.01')), isNegative(cny('-0.01')), isPositive(cny('-0.01'))]).toEqual([false, true, false])
    expect([isZero(cny('0.01')), isNegative(cny('0.01')), isPositive(cny('0.01'))]).toEqual([false, false, true])
  })

  it('equality needs the same currency and amount, and does not throw across currencies', () => {
    expect(equalsMoney(cny('1.00'), cny('1'))).toBe(true)
    expect(equalsMoney(cny('1.00'), cny('1.01'))).toBe(false)
    expect(equalsMoney(cny('1.00'), parseMoney('1.00', 'USD'))).toBe(false)
  })

  it('min and max, the first on a tie', () => {
    const a = cny('1.00')
    const b = cny('1.00')
    expect(minMoney(cny('3.00'), cny('-2.00'), cny('1.00'))).toEqual(cny('-2.00'))
    expect(maxMoney(cny('3.00'), cny('-2.00'), cny('1.00'))).toEqual(cny('3.00'))
    expect(minMoney(a, b)).toBe(a)
    expect(maxMoney(a, b)).toBe(a)
    expect(minMoney(a)).toBe(a)
  })
})

describe('multiplyMoney', () => {
  it('rounds the exact product once, half-even by default', () => {
    expect(multiplyMoney(cny('100.00'), '0.02345')).toEqual(cny('2.34'))
    expect(multiplyMoney(cny('100.00'), '0.02355')).toEqual(cny('2.36'))
    expect(multiplyMoney(cny('100.00'), '0.02345', 'half-up')).toEqual(cny('2.35'))
    expect(multiplyMoney(cny('-100.00'), '0.01239', 'down')).toEqual(cny('-1.23'))
    expect(multiplyMoney(cny('100.00'), decimal('0.01231'), 'up')).toEqual(cny('1.24'))
    expect(multiplyMoney(parseMoney('1000', 'JPY'), '0.0035')).toEqual(parseMoney('4', 'JPY'))
  })

  it('converts at an FX rate without losing digits on a large balance', () => {
    const balance = parseMoney('123456789012345678901234567.89', 'USD')
    expect(formatMoney(multiplyMoney(balance, '7.1234567890123456789'))).toBe('879439101839658589058984911.01')
  })

  it('rounds the exact product, not one already cut to 40 digits', () => {
    // 10^36 × (1 + 5·10⁻³⁹ + 10⁻⁶⁰) = 10^36 + 0.005000…0001: just above the tie,
    // so half-even goes up; cut to 40 digits first it would be an exact tie and go down.
    const balance = parseMoney(`1${'0'.repeat(36)}`, 'CNY')
    const factor = `1.${'0'.repeat(38)}5${'0'.repeat(20)}1`
    expect(formatMoney(multiplyMoney(balance, factor))).toBe(`1${'0'.repeat(36)}.01`)
  })

  it('refuses a number factor and a malformed string', () => {
    // @ts-expect-error — a float factor is already wrong
    expect(() => multiplyMoney(cny('1.00'), 1.1)).toThrow(error('kernel.invalid_decimal'))
    expect(() => multiplyMoney(cny('1.00'), '1e2')).toThrow(error('kernel.invalid_decimal'))
  })

  it('by one is identity, by zero is zero', () => {
    fc.assert(
      fc.property(anyMoney, (m: Money) => {
        expect(multiplyMoney(m, '1')).toEqual(m)
        expect(multiplyMoney(m, '0')).toEqual(zeroMoney(m.currency))
      }),
    )
  })
})

describe('convertMoney', () => {
  it('expresses an amount in another currency with its own minor units, rounding once', () => {
    // EUR 12,345.67 at 1.0856 USD = 13,402.459352 → USD 13,402.46
    expect(convertMoney(parseMoney('12345.67', 'EUR'), 'USD', '1.0856')).toEqual(parseMoney('13402.46', 'USD'))
    // JPY 1,000,005 at 0.0067 USD = 6,700.0335 → USD 6,700.03; USD 10.50 at 151.5 JPY = 1,590.75 → JPY 1,591 (half-even rounds .75 up)
    expect(convertMoney(parseMoney('1000005', 'JPY'), 'USD', '0.0067')).toEqual(parseMoney('6700.03', 'USD'))
    expect(convertMoney(parseMoney('10.50', 'USD'), 'JPY', '151.5')).toEqual(parseMoney('1591', 'JPY'))
  })
})

import { describe, it, expect, vi } from 'vitest'
import fc from 'fast-check'
import { Decimal } from 'decimal.js'
import { decimal, exactDifference, exactProduct, formatDecimal, isDecimalString } from './decimal.js'

const invalidDecimal = expect.objectContaining({ name: 'DomainError', code: 'kernel.invalid_decimal' })

describe('decimal', () => {
  it('takes decimal strings and bigints exactly', () => {
    expect(decimal('0.0325').toString()).toBe('0.0325')
    expect(decimal('-12').toString()).toBe('-12')
    expect(decimal('007.50').toString()).toBe('7.5')
    expect(decimal(123456789012345678901234567890n).toString()).toBe('123456789012345678901234567890')
  })

  it('does not round a long input to the 40-digit precision', () => {
    const long = '123456789012345678901234567890.12345678901234567890123456789'
    expect(formatDecimal(decimal(long))).toBe(long)
  })

  it('refuses strings that are not plain decimals', () => {
    for (const value of ['', ' 1', '1 ', '+1', '1e3', '1E-3', '.5', '5.', '1,000', 'NaN', 'Infinity', '-Infinity', '0x1f', '0b1', '1_000', '١٢', '--1', '1.2.3']) {
      expect(() => decimal(value), value).toThrow(invalidDecimal)
      expect(isDecimalString(value), value).toBe(false)
    }
  })

  it('refuses JavaScript numbers at compile time and at run time', () => {
    // @ts-expect-error — a float rate is already wrong
    expect(() => decimal(0.1)).toThrow(invalidDecimal)
    // @ts-expect-error — even an integer number
    expect(() => decimal(1)).toThrow(invalidDecimal)
    expect(() => decimal(Number.NaN as unknown as string)).toThrow(invalidDecimal)
    expect(() => decimal(null as unknown as string)).toThrow(invalidDecimal)
    expect(() => decimal({} as unknown as string)).toThrow(invalidDecimal)
  })

  it('refuses a non-finite decimal.js value', () => {
    expect(() => decimal(new Decimal(Number.POSITIVE_INFINITY))).toThrow(invalidDecimal)
    expect(() => decimal(new Decimal('NaN'))).toThrow(invalidDecimal)
  })

  it('returns its own values unchanged', () => {
    const rate = decimal('0.035')
    expect(decimal(rate)).toBe(rate)
  })

  it('adopts a foreign decimal.js value, so arithmetic on it uses the kernel settings', () => {
    const Foreign = Decimal.clone({ defaults: true, precision: 5, rounding: Decimal.ROUND_DOWN })
    const adopted = decimal(new Foreign('1'))
    expect(new Foreign('1').dividedBy(3).toString()).toBe('0.33333')
    expect(adopted.dividedBy(3).toString()).toBe('0.' + '3'.repeat(40))
  })

  it('divides to 40 significant digits, half-even', () => {
    expect(decimal('2').dividedBy(3).toString()).toBe('0.' + '6'.repeat(39) + '7')
  })

  it('is not affected by the global Decimal configuration, even one set before the kernel loaded', async () => {
    try {
      Decimal.set({ precision: 3, rounding: Decimal.ROUND_UP, toExpNeg: -1, toExpPos: 2, maxE: 5, minE: -5 })
      vi.resetModules()
      const fresh = await import('./decimal.js')
      expect(fresh.decimal('1').dividedBy(3).toString()).toBe('0.' + '3'.repeat(40))
      expect(fresh.decimal('123456789').times('1000000').toString()).toBe('123456789000000')
      expect(fresh.decimal('0.0001').toString()).toBe('0.0001')
      expect(decimal('2').dividedBy(3).toString()).toBe('0.' + '6'.repeat(39) + '7')
    } finally {
      Decimal.set({ defaults: true })
    }
  })
})

describe('formatDecimal', () => {
  it('never uses exponent notation', () => {
    expect(formatDecimal(decimal('0.' + '0'.repeat(60) + '1'))).toBe('0.' + '0'.repeat(60) + '1')
    expect(formatDecimal(decimal('1' + '0'.repeat(80)))).toBe('1' + '0'.repeat(80))
  })

  it('round-trips through decimal()', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.integer({ min: 0, max: 30 }), (units, scale) => {
        const d = decimal(units).dividedBy(decimal(10n ** BigInt(scale)))
        expect(decimal(formatDecimal(d)).equals(d)).toBe(true)
        expect(formatDecimal(d)).not.toMatch(/e/i)
      }),
    )
  })
})

describe('exact arithmetic used inside the kernel', () => {
  it('keeps every digit where 40-digit arithmetic would not', () => {
    const big = decimal('123456789012345678901234567890123456789012345678.125')
    expect(big.minus('0.001').toString()).not.toBe('123456789012345678901234567890123456789012345678.124')
    expect(formatDecimal(exactDifference(big, decimal('0.001')))).toBe('123456789012345678901234567890123456789012345678.124')
    expect(formatDecimal(exactProduct(big, decimal('1.000000001')))).toBe('123456789135802467913580246791358024679135802467.137345678125')
  })

  it('returns kernel values', () => {
    const product = exactProduct(decimal('1'), decimal('1'))
    expect(product.dividedBy(3).toString()).toBe('0.' + '3'.repeat(40))
  })
})

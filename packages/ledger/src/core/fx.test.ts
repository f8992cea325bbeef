import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { currencyExponent, money, roundingModes, type CurrencyCode, type Money, type RoundingMode } from '@strongroom/kernel'
import { convert, crossRate, decideConversion, invertRate, type FxRate } from './fx.js'
import { decideTransfer } from './transfer.js'
import { anAccount, anInternalAccount, cny, eur, jpy, usd } from '../testing/index.js'

const rate = (base: CurrencyCode, quote: CurrencyCode, value: string): FxRate => ({ base, quote, rate: value, source: 'ECB', asOf: '2025-05-09' })
const eurCny = rate('EUR', 'CNY', '8.147')
const eurUsd = rate('EUR', 'USD', '1.1252')
const rejected = (code: string) => ({ kind: 'reject', code, detail: expect.any(String) })

describe('convert', () => {
  it('multiplies from base to quote and divides from quote to base', () => {
    expect(convert(eur('100.00'), eurCny, 'CNY')).toEqual(cny('814.70'))
    expect(convert(cny('1000.00'), eurCny, 'EUR')).toEqual(eur('122.74')) // 122.7445…
    expect(convert(eur('1.01'), rate('EUR', 'JPY', '163.36'), 'JPY')).toEqual(jpy('165')) // 164.9936
    expect(convert(usd('1.00'), rate('USD', 'KWD', '0.30745'), 'KWD')).toEqual(money(307n, 'KWD')) // 0.30745 → 0.307 (tie, even)
  })

  it('rounds a tie with the mode it is given — once, on the exact value', () => {
    // EUR 0.05 × 8.1 = CNY 0.405 exactly
    const tie = rate('EUR', 'CNY', '8.1')
    expect(roundingModes.map((mode) => convert(eur('0.05'), tie, 'CNY', mode))).toEqual([cny('0.40'), cny('0.41'), cny('0.40'), cny('0.41')])
    // CNY 0.20 ÷ 8 = EUR 0.025 exactly, reached by division
    const eight = rate('EUR', 'CNY', '8')
    expect(roundingModes.map((mode) => convert(cny('0.20'), eight, 'EUR', mode))).toEqual([eur('0.02'), eur('0.03'), eur('0.02'), eur('0.03')])
    // …and just off a tie, the tiny remainder decides: CNY 0.200001 is not money, so use a rate instead.
    expect(convert(cny('0.20'), rate('EUR', 'CNY', '7.99999999'), 'EUR', 'half-even')).toEqual(eur('0.03'))
  })

  it('is symmetric about zero', () => {
    expect(convert(cny('-0.20'), rate('EUR', 'CNY', '8'), 'EUR', 'half-up')).toEqual(eur('-0.03'))
  })

  it('refuses a rate that does not join the two currencies', () => {
    expect(() => convert(usd('1.00'), eurCny, 'CNY')).toThrow(expect.objectContaining({ code: 'ledger.currency_mismatch' }))
    expect(() => convert(eur('1.00'), rate('EUR', 'CNY', '0'), 'CNY')).toThrow(expect.objectContaining({ code: 'ledger.invalid_rate' }))
    expect(() => convert(eur('1.00'), rate('EUR', 'CNY', '-8'), 'CNY')).toThrow(expect.objectContaining({ code: 'ledger.invalid_rate' }))
  })

  /** An independent oracle: the exact fraction rounded with integer arithmetic only. */
  function oracle(amount: Money, r: FxRate, to: CurrencyCode, mode: RoundingMode): bigint {
    const [whole = '', fraction = ''] = r.rate.split('.')
    const rn = BigInt(whole + fraction)
    const rd = 10n ** BigInt(fraction.length)
    const fromScale = 10n ** BigInt(currencyExponent(amount.currency))
    const toScale = 10n ** BigInt(currencyExponent(to))
    const forward = amount.currency === r.base
    let n = amount.amountMinor * (forward ? rn : rd) * toScale
    const d = fromScale * (forward ? rd : rn)
    const negative = n < 0n
    if (negative) n = -n
    const q = n / d
    const twice = 2n * (n % d)
    let result = q
    if (n % d !== 0n) {
      if (mode === 'up') result = q + 1n
      else if (mode === 'half-up') result = twice >= d ? q + 1n : q
      else if (mode === 'half-even') result = twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q
    }
    return negative ? -result : result
  }

  it('agrees with exact integer rounding for any amount, rate, direction and mode — property', () => {
    const currencies: CurrencyCode[] = ['CNY', 'USD', 'JPY', 'KWD', 'EUR']
    const aRate = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10 }))
      .map(([digits, places]) => {
        const text = digits.toString().padStart(places + 1, '0')
        return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`
      })
    fc.assert(
      fc.property(
        fc.shuffledSubarray(currencies, { minLength: 2, maxLength: 2 }),
        aRate,
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.boolean(),
        fc.constantFrom(...roundingModes),
        ([base, quote], value, minor, forward, mode) => {
          const r = rate(base!, quote!, value)
          const from = forward ? base! : quote!
          const to = forward ? quote! : base!
          const amount = money(minor, from)
          expect(convert(amount, r, to, mode).amountMinor).toBe(oracle(amount, r, to, mode))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('derived rates', () => {
  it('inverts a rate to stated significant digits, rounded once', () => {
    expect(invertRate(eurCny)).toEqual({ base: 'CNY', quote: 'EUR', rate: '0.1227445686', source: 'ECB', asOf: '2025-05-09' })
    expect(invertRate(rate('EUR', 'IDR', '18606.59')).rate).toBe('0.00005374439916')
    expect(invertRate(eurCny, { significantDigits: 4, mode: 'down' }).rate).toBe('0.1227')
    expect(invertRate(rate('EUR', 'XAF', '0.001')).rate).toBe('1000')
  })

  it('crosses two rates of one base: CNY per EUR ÷ USD per EUR = CNY per USD', () => {
    expect(crossRate(eurCny, eurUsd)).toEqual({ base: 'USD', quote: 'CNY', rate: '7.240490579', source: 'ECB', asOf: '2025-05-09' })
    expect(crossRate(eurCny, { ...eurUsd, asOf: '2025-05-08', source: 'desk' })).toMatchObject({ asOf: '2025-05-08', source: 'ECB / desk' })
    expect(() => crossRate(eurCny, rate('USD', 'JPY', '145'))).toThrow(expect.objectContaining({ code: 'ledger.currency_mismatch' }))
  })
})

describe('decideConversion', () => {
  const usdCny = crossRate(eurCny, eurUsd) // USD→CNY 7.240490579
  const payer = anAccount({ id: 'client-cny', posted: cny('500000.00') })
  const payee = anAccount({ id: 'client-usd', currency: 'USD' })
  const fxCny = anInternalAccount('fx_position', 'CNY')
  const fxUsd = anInternalAccount('fx_position', 'USD')
  const request = {
    fromAccountId: payer.account.id,
    toAccountId: payee.account.id,
    amount: cny('100000.00'),
    rate: usdCny,
    positions: { from: fxCny.account.id, to: fxUsd.account.id },
  }

  it('posts four legs through the FX position accounts, balanced in each currency, the rate on record', () => {
    const decision = decideConversion(request)
    expect(decision).toEqual({
      kind: 'convert',
      converted: usd('13811.22'), // 100000 ÷ 7.240490579 = 13811.2188…
      request: {
        entries: [
          { accountId: 'client-cny', direction: 'debit', amount: cny('100000.00') },
          { accountId: 'fx_position-CNY', direction: 'credit', amount: cny('100000.00') },
          { accountId: 'fx_position-USD', direction: 'debit', amount: usd('13811.22') },
          { accountId: 'client-usd', direction: 'credit', amount: usd('13811.22') },
        ],
        channel: 'internal',
        reference: 'conversion CNY→USD',
        metadata: { 'fx.base': 'USD', 'fx.quote': 'CNY', 'fx.rate': '7.240490579', 'fx.source': 'ECB', 'fx.asOf': '2025-05-09', 'fx.rounding': 'half-even' },
      },
    })
    if (decision.kind !== 'convert') return
    const states = [payer, payee, fxCny, fxUsd]
    const posting = decideTransfer(states, decision.request)
    if (posting.kind !== 'post') throw new Error(posting.detail)
    const totals = new Map<string, { debits: bigint; credits: bigint }>()
    for (const e of posting.entries) {
      const t = totals.get(e.amount.currency) ?? { debits: 0n, credits: 0n }
      totals.set(e.amount.currency, e.direction === 'debit' ? { ...t, debits: t.debits + e.amount.amountMinor } : { ...t, credits: t.credits + e.amount.amountMinor })
    }
    expect(Object.fromEntries(totals)).toEqual({
      CNY: { debits: 10_000_000n, credits: 10_000_000n },
      USD: { debits: 1_381_122n, credits: 1_381_122n },
    })
  })

  it('is checked like any transfer afterwards: the payer needs the funds', () => {
    const decision = decideConversion({ ...request, amount: cny('500000.01') })
    if (decision.kind !== 'convert') throw new Error('expected a conversion')
    expect(decideTransfer([payer, payee, fxCny, fxUsd], decision.request)).toEqual(rejected('ledger.insufficient_funds'))
  })

  it.each<[string, Partial<typeof request> & { mode?: RoundingMode }, string]>([
    ['a rate that does not involve the amount’s currency', { rate: eurUsd }, 'ledger.currency_mismatch'],
    ['a zero rate', { rate: { ...usdCny, rate: '0.000' } }, 'ledger.invalid_rate'],
    ['a malformed rate', { rate: { ...usdCny, rate: '7,24' } }, 'ledger.invalid_rate'],
    ['a rate from a currency to itself', { rate: rate('CNY', 'CNY', '1') }, 'ledger.invalid_rate'],
    ['a zero amount', { amount: cny('0.00') }, 'ledger.invalid_amount'],
    ['an amount worth less than one cent', { amount: cny('0.07'), mode: 'down' }, 'ledger.invalid_amount'],
  ])('refuses %s', (_, overrides, code) => {
    expect(decideConversion({ ...request, ...overrides })).toEqual(rejected(code))
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { money, parseMoney, roundingModes, type CurrencyCode, type Money } from '@strongroom/kernel'
import {
  defaultInsuranceSchemes,
  depositInsuranceCoverage,
  insuranceSchemeInForce,
  insuranceSchemeProblem,
  type CoverageResult,
  type InsurableHolding,
  type InsuranceScheme,
} from './deposit-insurance.js'

const cny = (amount: string): Money => parseMoney(amount, 'CNY')
const usd = (amount: string): Money => parseMoney(amount, 'USD')
const hkd = (amount: string): Money => parseMoney(amount, 'HKD')

function scheme(id: string, on = '2025-01-01'): InsuranceScheme {
  const found = insuranceSchemeInForce(id, on)
  if (found === undefined) throw new Error(`no ${id} on ${on}`)
  return found
}

function aHolding(accountId: string, principal: Money, accruedInterest?: Money, ownershipCategory = 'single'): InsurableHolding {
  return { accountId, principal, accruedInterest: accruedInterest ?? money(0n, principal.currency), ownershipCategory }
}

/** [accountId, insured, uninsured] of every holding, in order, in minor units of the scheme currency. */
function splitOf(result: CoverageResult): [string, bigint, bigint][] {
  return result.categories.flatMap((c) => c.holdings.map((h): [string, bigint, bigint] => [h.accountId, h.insured.amountMinor, h.uninsured.amountMinor]))
}

describe('defaultInsuranceSchemes', () => {
  it('are all valid and frozen', () => {
    for (const s of defaultInsuranceSchemes) {
      expect(insuranceSchemeProblem(s)).toBeUndefined()
      expect(Object.isFrozen(s)).toBe(true)
    }
    expect(Object.isFrozen(defaultInsuranceSchemes)).toBe(true)
  })

  it('hold the published limits', () => {
    expect(scheme('CN-DIS')).toMatchObject({ currency: 'CNY', limitMinor: 50_000_000n, basis: 'per-depositor', includesInterest: true, effectiveFrom: '2015-05-01' })
    expect(scheme('US-FDIC')).toMatchObject({ currency: 'USD', limitMinor: 25_000_000n, basis: 'per-ownership-category', includesInterest: true })
    expect(scheme('HK-DPS', '2016-06-30')).toMatchObject({ currency: 'HKD', limitMinor: 50_000_000n, basis: 'per-depositor' })
    expect(scheme('HK-DPS', '2024-10-01')).toMatchObject({ currency: 'HKD', limitMinor: 80_000_000n, basis: 'per-depositor' })
  })
})

describe('insuranceSchemeInForce', () => {
  it('picks the latest version in force on the date', () => {
    expect(insuranceSchemeInForce('HK-DPS', '2024-09-30')?.limitMinor).toBe(50_000_000n)
    expect(insuranceSchemeInForce('HK-DPS', '2024-10-01')?.limitMinor).toBe(80_000_000n)
  })

  it('has nothing before a scheme began or for an unknown id', () => {
    expect(insuranceSchemeInForce('CN-DIS', '2015-04-30')).toBeUndefined()
    expect(insuranceSchemeInForce('SG-DIS', '2025-01-01')).toBeUndefined()
  })

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => insuranceSchemeInForce('CN-DIS', '2025-1-1')).toThrow(RangeError)
  })
})

describe('insuranceSchemeProblem', () => {
  const valid = scheme('CN-DIS')
  it.each([
    ['not an object', null, 'object'],
    ['an empty id', { ...valid, id: '' }, 'id'],
    ['an empty name', { ...valid, name: ' ' }, 'name'],
    ['a three-letter jurisdiction', { ...valid, jurisdiction: 'CHN' }, 'jurisdiction'],
    ['a lower-case jurisdiction', { ...valid, jurisdiction: 'cn' }, 'jurisdiction'],
    ['an unknown currency', { ...valid, currency: 'RMB' }, 'currency'],
    ['a limit as a number', { ...valid, limitMinor: 50_000_000 }, 'bigint'],
    ['a zero limit', { ...valid, limitMinor: 0n }, 'positive'],
    ['an unknown basis', { ...valid, basis: 'per-account' }, 'basis'],
    ['includesInterest as a string', { ...valid, includesInterest: 'yes' }, 'includesInterest'],
    ['a date that does not exist', { ...valid, effectiveFrom: '2015-02-29' }, 'effectiveFrom'],
  ])('refuses %s', (_, value, mentions) => {
    expect(insuranceSchemeProblem(value)).toContain(mentions)
  })
})

describe('depositInsuranceCoverage', () => {
  it('CN: splits a client with CNY and USD deposits over the CNY 500,000 limit, per holding by largest remainder', () => {
    // Counted (principal + interest, Art. 5 of 存款保险条例):
    //   cny-demand  CNY 300,000.00 + 1,234.56               = CNY 301,234.56 = 30,123,456 fen
    //   usd-time    USD  50,000.00 +   100.00 = USD 50,100.00
    //               × 7.1000 CNY/USD                        = CNY 355,710.00 = 35,571,000 fen (exact)
    //   total                                               = CNY 656,944.56 = 65,694,456 fen
    //   insured  = min(656,944.56, 500,000.00)              = CNY 500,000.00
    //   uninsured = 656,944.56 − 500,000.00                 = CNY 156,944.56
    // Insured shared in proportion to 30,123,456 : 35,571,000 (of 65,694,456):
    //   cny-demand 50,000,000 × 30,123,456 / 65,694,456 = 22,926,939 remainder 14,649,816
    //   usd-time   50,000,000 × 35,571,000 / 65,694,456 = 27,073,060 remainder 51,044,640
    //   whole parts 22,926,939 + 27,073,060 = 49,999,999: one fen left over, to the larger remainder (usd-time)
    //   → cny-demand insured 229,269.39, uninsured 301,234.56 − 229,269.39 = 71,965.17
    //   → usd-time   insured 270,730.61, uninsured 355,710.00 − 270,730.61 = 84,979.39
    //   check: 71,965.17 + 84,979.39 = 156,944.56
    const result = depositInsuranceCoverage({
      scheme: scheme('CN-DIS'),
      holdings: [aHolding('cny-demand', cny('300000.00'), cny('1234.56')), aHolding('usd-time', usd('50000.00'), usd('100.00'))],
      rates: { USD: '7.1000' },
    })
    expect(result.total).toEqual(cny('656944.56'))
    expect(result.insured).toEqual(cny('500000.00'))
    expect(result.uninsured).toEqual(cny('156944.56'))
    expect(result.missingRates).toEqual([])
    expect(result.categories).toHaveLength(1)
    const [all] = result.categories
    expect(all).toMatchObject({ category: 'all', total: cny('656944.56'), insured: cny('500000.00'), uninsured: cny('156944.56') })
    expect(all?.holdings).toEqual([
      {
        accountId: 'cny-demand',
        currency: 'CNY',
        principal: cny('300000.00'),
        accruedInterest: cny('1234.56'),
        counted: cny('301234.56'),
        rate: null,
        countedInSchemeCurrency: cny('301234.56'),
        insured: cny('229269.39'),
        uninsured: cny('71965.17'),
      },
      {
        accountId: 'usd-time',
        currency: 'USD',
        principal: usd('50000.00'),
        accruedInterest: usd('100.00'),
        counted: usd('50100.00'),
        rate: '7.1000',
        countedInSchemeCurrency: cny('355710.00'),
        insured: cny('270730.61'),
        uninsured: cny('84979.39'),
      },
    ])
  })

  it('CN: insures a client wholly under the limit in full', () => {
    //   cny  CNY 120,000.00 + 345.67                          = CNY 120,345.67
    //   eur  EUR  10,000.00 +  12.34 = EUR 10,012.34
    //        × 7.8125 = 78,221.40625 → nearest fen (0.625 fen > half) = CNY  78,221.41
    //   total = 120,345.67 + 78,221.41                        = CNY 198,567.08 < 500,000.00
    const result = depositInsuranceCoverage({
      scheme: scheme('CN-DIS'),
      holdings: [aHolding('cny', cny('120000.00'), cny('345.67')), aHolding('eur', parseMoney('10000.00', 'EUR'), parseMoney('12.34', 'EUR'))],
      rates: { EUR: '7.8125' },
    })
    expect(result).toMatchObject({ total: cny('198567.08'), insured: cny('198567.08'), uninsured: cny('0.00'), missingRates: [] })
    expect(splitOf(result)).toEqual([
      ['cny', 12_034_567n, 0n],
      ['eur', 7_822_141n, 0n],
    ])
  })

  it('US FDIC: caps each ownership category separately', () => {
    // single:  a  USD 200,000.00 + 500.00 = 200,500.00 = 20,050,000 cents
    //          b  USD 100,000.00          = 100,000.00 = 10,000,000 cents
    //          total 300,500.00 → insured 250,000.00, uninsured 50,500.00
    //          a: 25,000,000 × 20,050,000 / 30,050,000 = 16,680,532 remainder 13,400,000
    //          b: 25,000,000 × 10,000,000 / 30,050,000 =  8,319,467 remainder 16,650,000
    //          16,680,532 + 8,319,467 = 24,999,999: the last cent to b (larger remainder)
    //          → a insured 166,805.32, uninsured 200,500.00 − 166,805.32 = 33,694.68
    //          → b insured  83,194.68, uninsured 100,000.00 −  83,194.68 = 16,805.32
    // joint:   c  USD 180,000.00 → all insured (its own 250,000 limit)
    // client:  total 480,500.00, insured 250,000.00 + 180,000.00 = 430,000.00, uninsured 50,500.00
    // (per depositor alone it would be 250,000.00 insured.)
    const result = depositInsuranceCoverage({
      scheme: scheme('US-FDIC'),
      holdings: [
        aHolding('a', usd('200000.00'), usd('500.00'), 'single'),
        aHolding('c', usd('180000.00'), usd('0.00'), 'joint'),
        aHolding('b', usd('100000.00'), usd('0.00'), 'single'),
      ],
      rates: {},
    })
    expect(result).toMatchObject({ total: usd('480500.00'), insured: usd('430000.00'), uninsured: usd('50500.00'), missingRates: [] })
    expect(result.categories.map((c) => [c.category, c.total, c.insured, c.uninsured])).toEqual([
      ['single', usd('300500.00'), usd('250000.00'), usd('50500.00')],
      ['joint', usd('180000.00'), usd('180000.00'), usd('0.00')],
    ])
    expect(splitOf(result)).toEqual([
      ['a', 16_680_532n, 3_369_468n],
      ['b', 8_319_468n, 1_680_532n],
      ['c', 18_000_000n, 0n],
    ])
  })

  it('HK: HKD and CNY deposits against the HKD 500,000 limit, then HKD 800,000 from 2024-10-01', () => {
    //   hkd  HKD 600,000.00
    //   cny  CNY 100,000.00 × 1.0869 HKD/CNY = HKD 108,690.00
    //   total HKD 708,690.00
    //   on 2024-09-30 (limit 500,000): insured 500,000.00, uninsured 208,690.00
    //   on 2024-10-01 (limit 800,000): all 708,690.00 insured
    const holdings = [aHolding('hkd', hkd('600000.00')), aHolding('cny', cny('100000.00'))]
    const before = depositInsuranceCoverage({ scheme: scheme('HK-DPS', '2024-09-30'), holdings, rates: { CNY: '1.0869' } })
    expect(before).toMatchObject({ total: hkd('708690.00'), insured: hkd('500000.00'), uninsured: hkd('208690.00') })
    // Insured shared 60,000,000 : 10,869,000 (of 70,869,000 cents):
    //   hkd 50,000,000 × 60,000,000 = 3,000,000,000,000,000 ÷ 70,869,000 = 42,331,625 r 67,875,000
    //       (42,331,625 × 70,869,000 = 2,999,999,932,125,000)
    //   cny 50,000,000 × 10,869,000 =   543,450,000,000,000 ÷ 70,869,000 =  7,668,374 r  2,994,000
    //       ( 7,668,374 × 70,869,000 =   543,449,997,006,000)
    //   42,331,625 + 7,668,374 = 49,999,999: the last cent to hkd (67,875,000 > 2,994,000)
    //   → hkd insured 423,316.26, uninsured 600,000.00 − 423,316.26 = 176,683.74
    //   → cny insured  76,683.74, uninsured 108,690.00 −  76,683.74 =  32,006.26   (sum 208,690.00)
    expect(splitOf(before)).toEqual([
      ['hkd', 42_331_626n, 17_668_374n],
      ['cny', 7_668_374n, 3_200_626n],
    ])
    const after = depositInsuranceCoverage({ scheme: scheme('HK-DPS', '2024-10-01'), holdings, rates: { CNY: '1.0869' } })
    expect(after).toMatchObject({ total: hkd('708690.00'), insured: hkd('708690.00'), uninsured: hkd('0.00') })
  })

  it('reports a currency without a rate and leaves its holdings out of the figures', () => {
    //   cny  CNY 400,000.00
    //   gbp  GBP  10,000.00 × 9.2500 = CNY 92,500.00
    //   usd, eur: no rate → listed, not counted
    //   total 492,500.00 → all insured (as far as can be told)
    const holdings = [
      aHolding('usd', usd('20000.00')),
      aHolding('cny', cny('400000.00')),
      aHolding('eur', parseMoney('1000.00', 'EUR')),
      aHolding('gbp', parseMoney('10000.00', 'GBP')),
      aHolding('usd-2', usd('5.00')),
    ]
    const result = depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings, rates: { GBP: '9.2500' } })
    expect(result.missingRates).toEqual(['EUR', 'USD'])
    expect(result).toMatchObject({ total: cny('492500.00'), insured: cny('492500.00'), uninsured: cny('0.00') })
    expect(splitOf(result).map(([id]) => id)).toEqual(['cny', 'gbp'])

    // With the USD rate the same client is over the limit:
    //   usd 20,005.00 × 7.1000 = 142,035.50 → total 634,535.50, uninsured 134,535.50
    const priced = depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings, rates: { GBP: '9.2500', USD: '7.1000' } })
    expect(priced.missingRates).toEqual(['EUR'])
    expect(priced).toMatchObject({ total: cny('634535.50'), insured: cny('500000.00'), uninsured: cny('134535.50') })
  })

  it('counts an overdrawn holding as zero, without setting it off against the deposits', () => {
    //   overdrawn  CNY −5,000.00 + accrued debit interest −12.34 = −5,012.34 → counts 0.00
    //   savings    CNY 600,000.00                                          → counts 600,000.00
    //   total 600,000.00, insured 500,000.00 (all to savings), uninsured 100,000.00
    const result = depositInsuranceCoverage({
      scheme: scheme('CN-DIS'),
      holdings: [aHolding('overdrawn', cny('-5000.00'), cny('-12.34')), aHolding('savings', cny('600000.00'))],
      rates: {},
    })
    expect(result).toMatchObject({ total: cny('600000.00'), insured: cny('500000.00'), uninsured: cny('100000.00') })
    const [overdrawn] = result.categories[0]?.holdings ?? []
    expect(overdrawn).toMatchObject({ counted: cny('0.00'), countedInSchemeCurrency: cny('0.00'), insured: cny('0.00'), uninsured: cny('0.00') })
    expect(splitOf(result)).toEqual([
      ['overdrawn', 0n, 0n],
      ['savings', 50_000_000n, 10_000_000n],
    ])
  })

  it('nets principal and interest before the floor: CNY −100.00 with 150.00 accrued counts 50.00', () => {
    const result = depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings: [aHolding('x', cny('-100.00'), cny('150.00'))], rates: {} })
    expect(result.categories[0]?.holdings[0]?.counted).toEqual(cny('50.00'))
  })

  it('leaves accrued interest out under a scheme that insures principal only', () => {
    //   CNY 499,999.00 + 5.00 interest: principal only → 499,999.00, all insured
    const principalOnly: InsuranceScheme = { ...scheme('CN-DIS'), id: 'CN-TEST', includesInterest: false }
    const result = depositInsuranceCoverage({ scheme: principalOnly, holdings: [aHolding('x', cny('499999.00'), cny('5.00'))], rates: {} })
    expect(result).toMatchObject({ total: cny('499999.00'), insured: cny('499999.00'), uninsured: cny('0.00') })
    // Counting interest it would be 500,004.00, 4.00 over.
    expect(depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings: [aHolding('x', cny('499999.00'), cny('5.00'))], rates: {} }).uninsured).toEqual(cny('4.00'))
  })

  it('converts across exponents and rounds once, with the mode asked for', () => {
    //   JPY 12,345 (no minor unit) × 0.0490 CNY/JPY = CNY 604.905 exactly: a tie
    //   half-even → 604.90 (0 is even); half-up → 604.91
    const holdings = [aHolding('jpy', money(12_345n, 'JPY'))]
    expect(depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings, rates: { JPY: '0.0490' } }).total).toEqual(cny('604.90'))
    expect(depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings, rates: { JPY: '0.0490' }, rounding: 'half-up' }).total).toEqual(cny('604.91'))
  })

  it('answers a client with nothing to count with zeros', () => {
    expect(depositInsuranceCoverage({ scheme: scheme('US-FDIC'), holdings: [], rates: {} })).toMatchObject({
      total: usd('0.00'),
      insured: usd('0.00'),
      uninsured: usd('0.00'),
      categories: [],
      missingRates: [],
    })
    const zero = depositInsuranceCoverage({ scheme: scheme('CN-DIS'), holdings: [aHolding('x', cny('0.00')), aHolding('y', cny('-1.00'))], rates: {} })
    expect(splitOf(zero)).toEqual([
      ['x', 0n, 0n],
      ['y', 0n, 0n],
    ])
  })

  it('refuses input that is a mistake rather than an outcome', () => {
    const cn = scheme('CN-DIS')
    const x = aHolding('x', usd('1.00'))
    expect(() => depositInsuranceCoverage({ scheme: { ...cn, limitMinor: -1n }, holdings: [], rates: {} })).toThrow(/limitMinor/)
    expect(() => depositInsuranceCoverage({ scheme: cn, holdings: [x, x], rates: { USD: '7.1' } })).toThrow(/twice/)
    expect(() => depositInsuranceCoverage({ scheme: cn, holdings: [aHolding('x', usd('1.00'), cny('1.00'))], rates: { USD: '7.1' } })).toThrow(/accrued interest/)
    for (const bad of ['0', '-7.1', '7,1', 'abc', '0.000']) {
      expect(() => depositInsuranceCoverage({ scheme: cn, holdings: [x], rates: { USD: bad } })).toThrow(/USD rate/)
    }
    const uncategorised = aHolding('x', usd('1.00'), undefined, '')
    expect(() => depositInsuranceCoverage({ scheme: scheme('US-FDIC'), holdings: [uncategorised], rates: {} })).toThrow(/ownership category/)
  })

  describe('invariants (property)', () => {
    const currencies: CurrencyCode[] = ['CNY', 'USD', 'HKD', 'JPY', 'KWD']
    const arbScheme = fc.record({
      currency: fc.constantFrom(...currencies),
      limitMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      basis: fc.constantFrom('per-depositor' as const, 'per-ownership-category' as const),
      includesInterest: fc.boolean(),
    })
    const arbHolding = fc.record({
      currency: fc.constantFrom(...currencies),
      principal: fc.bigInt({ min: -(10n ** 10n), max: 10n ** 13n }),
      interest: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 8n }),
      category: fc.constantFrom('single', 'joint', 'corporation'),
    })
    // Positive decimal rates with 0–6 decimals, e.g. "7.1234", "0.049", "150".
    const arbRate = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, places]) => {
        const digits = units.toString().padStart(places + 1, '0')
        return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`
      })
    const arbRates = fc.dictionary(fc.constantFrom(...currencies), arbRate)
    const arbRounding = fc.constantFrom(...roundingModes)

    it('insured ≤ limit, insured + uninsured = total, holdings add up exactly, nothing dropped unreported', () => {
      fc.assert(
        fc.property(arbScheme, fc.array(arbHolding, { maxLength: 10 }), arbRates, arbRounding, (s, hs, rates, rounding) => {
          const theScheme: InsuranceScheme = { id: 'PROP', name: 'property', jurisdiction: 'ZZ', effectiveFrom: '2020-01-01', ...s }
          const holdings = hs.map((h, i) => aHolding(`acc-${i}`, money(h.principal, h.currency), money(h.interest, h.currency), h.category))
          const result = depositInsuranceCoverage({ scheme: theScheme, holdings, rates: rates as Partial<Record<CurrencyCode, string>>, rounding })
          const c = theScheme.currency

          // Every holding is either in exactly one category or its currency is reported missing.
          const missingExpected = [...new Set(hs.filter((h) => h.currency !== c && rates[h.currency] === undefined).map((h) => h.currency))].sort()
          expect(result.missingRates).toEqual(missingExpected)
          const reported = result.categories.flatMap((cat) => cat.holdings.map((h) => h.accountId))
          const expectedIds = holdings.filter((h) => !missingExpected.includes(h.principal.currency)).map((h) => h.accountId)
          expect([...reported].sort()).toEqual([...expectedIds].sort())

          if (theScheme.basis === 'per-depositor') expect(result.categories.map((cat) => cat.category)).toEqual(result.categories.length === 0 ? [] : ['all'])

          let total = 0n
          let insured = 0n
          for (const cat of result.categories) {
            expect(cat.total.currency).toBe(c)
            expect(cat.insured.amountMinor).toBeGreaterThanOrEqual(0n)
            expect(cat.insured.amountMinor).toBeLessThanOrEqual(theScheme.limitMinor)
            expect(cat.insured.amountMinor).toBe(cat.total.amountMinor < theScheme.limitMinor ? cat.total.amountMinor : theScheme.limitMinor)
            expect(cat.insured.amountMinor + cat.uninsured.amountMinor).toBe(cat.total.amountMinor)
            let sumCounted = 0n
            let sumInsured = 0n
            let sumUninsured = 0n
            for (const h of cat.holdings) {
              expect(h.counted.amountMinor).toBeGreaterThanOrEqual(0n)
              expect(h.insured.amountMinor).toBeGreaterThanOrEqual(0n)
              expect(h.uninsured.amountMinor).toBeGreaterThanOrEqual(0n)
              expect(h.insured.amountMinor + h.uninsured.amountMinor).toBe(h.countedInSchemeCurrency.amountMinor)
              expect(h.rate === null).toBe(h.currency === c)
              // Within one minor unit of the exact proportional share: |insured_i·T − I·c_i| < T.
              if (cat.total.amountMinor > 0n) {
                const gap = h.insured.amountMinor * cat.total.amountMinor - cat.insured.amountMinor * h.countedInSchemeCurrency.amountMinor
                expect(gap < 0n ? -gap : gap).toBeLessThan(cat.total.amountMinor)
              }
              sumCounted += h.countedInSchemeCurrency.amountMinor
              sumInsured += h.insured.amountMinor
              sumUninsured += h.uninsured.amountMinor
            }
            expect(sumCounted).toBe(cat.total.amountMinor)
            expect(sumInsured).toBe(cat.insured.amountMinor)
            expect(sumUninsured).toBe(cat.uninsured.amountMinor)
            total += cat.total.amountMinor
            insured += cat.insured.amountMinor
          }
          expect(result.total).toEqual(money(total, c))
          expect(result.insured).toEqual(money(insured, c))
          expect(result.insured.amountMinor + result.uninsured.amountMinor).toBe(result.total.amountMinor)
        }),
        { numRuns: 300 },
      )
    })

    it('a per-depositor scheme never insures more than a per-category scheme with the same limit', () => {
      fc.assert(
        fc.property(arbScheme, fc.array(arbHolding, { maxLength: 8 }), arbRates, (s, hs, rates) => {
          const holdings = hs.map((h, i) => aHolding(`acc-${i}`, money(h.principal, h.currency), money(h.interest, h.currency), h.category))
          const base = { id: 'PROP', name: 'property', jurisdiction: 'ZZ', effectiveFrom: '2020-01-01', ...s }
          const r = rates as Partial<Record<CurrencyCode, string>>
          const perDepositor = depositInsuranceCoverage({ scheme: { ...base, basis: 'per-depositor' }, holdings, rates: r })
          const perCategory = depositInsuranceCoverage({ scheme: { ...base, basis: 'per-ownership-category' }, holdings, rates: r })
          expect(perDepositor.total).toEqual(perCategory.total)
          expect(perDepositor.insured.amountMinor).toBeLessThanOrEqual(perCategory.insured.amountMinor)
        }),
        { numRuns: 200 },
      )
    })
  })
})

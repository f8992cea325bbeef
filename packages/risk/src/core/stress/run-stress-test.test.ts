import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import { chartSeries } from './chart-series.js'
import type { DepositPosition, StressBook } from './deposit-position.js'
import { runStressTest } from './run-stress-test.js'
import { defaultScenario, type StressScenario } from './stress-scenario.js'

const asOf = '2025-06-30'

/**
 * A small mixed book in CNY, with one USD deposit. Days to maturity from
 * 2025-06-30: 07-05 → 5 (2-7d), 07-20 → 20 (8-30d), 07-30 → 30 (8-30d, the
 * horizon's last day), 09-30 → 92 (91-180d, beyond the horizon), 06-20 → −10
 * (matured, so on demand).
 */
const positions: DepositPosition[] = [
  { clientId: 'c1', depositId: 'A', category: 'stable_retail', balance: '800000.00', insuredAmount: '500000.00', maturityDate: null },
  { clientId: 'c2', depositId: 'B', category: 'less_stable_retail', balance: '200000.00', insuredAmount: '200000.00', maturityDate: '2025-07-05' },
  { clientId: 'c3', depositId: 'C', category: 'non_financial_corporate', balance: '1000000.00', insuredAmount: '500000.00', maturityDate: null },
  { clientId: 'c4', depositId: 'D', category: 'operational_wholesale', balance: '400000.00', insuredAmount: '0.00', maturityDate: '2025-07-20' },
  { clientId: 'c5', depositId: 'E', category: 'financial', balance: '300000.00', insuredAmount: '0.00', maturityDate: '2025-09-30' },
  { clientId: 'c3', depositId: 'F', category: 'non_financial_corporate', balance: '100000.00', currency: 'USD', insuredAmount: '0.00', maturityDate: null },
  { clientId: 'c1', depositId: 'G', category: 'stable_retail', balance: '100000.00', insuredAmount: '0.00', maturityDate: '2025-07-30' },
  { clientId: 'c6', depositId: 'H', category: 'stable_retail', balance: '50000.00', insuredAmount: '50000.00', maturityDate: '2025-06-20' },
]
const book: StressBook = { reportingCurrency: 'CNY', fxRates: { USD: '7.1' }, positions }
/** USD up 10% against CNY: F is 100,000 × 7.1 × 1.10 = CNY 781,000.00. */
const scenario: StressScenario = { ...defaultScenario, fxShocks: { USD: '0.10' } }

function caught(run: () => unknown): Error & { code?: string; details?: Record<string, unknown> } {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('runStressTest on a mixed book', () => {
  const result = runStressTest(book, scenario, '800000.00', asOf)

  it('runs deposits off per category, bucket and insurance', () => {
    // overnight: A 500,000 × 5% + 300,000 × 10% (uninsured part, less stable) = 25,000 + 30,000 = 55,000
    //            C 1,000,000 × 40% = 400,000;  F 781,000 × 40% = 312,400;  H (matured) 50,000 × 5% = 2,500
    //            → 769,900.00
    // 2-7d:      B 200,000 × 10% = 20,000.00
    // 8-30d:     D 400,000 × 25% = 100,000;  G (all uninsured) 100,000 × 10% = 10,000 → 110,000.00
    // E matures after the horizon and adds nothing.
    expect(result.buckets.map((b) => [b.label, b.outflow])).toEqual([
      ['overnight', '769900.00'],
      ['2-7d', '20000.00'],
      ['8-30d', '110000.00'],
      ['31-90d', '0.00'],
      ['91-180d', '0.00'],
      ['181-365d', '0.00'],
      ['>1y', '0.00'],
    ])
    expect(result.totalOutflow).toBe('899900.00') // 769,900 + 20,000 + 110,000
  })

  it('builds the contractual maturity ladder', () => {
    // overnight: A 800,000 + C 1,000,000 + F 781,000 + H 50,000 = 2,631,000; 2-7d: B 200,000;
    // 8-30d: D 400,000 + G 100,000 = 500,000; 91-180d: E 300,000.
    expect(result.buckets.map((b) => b.contractual)).toEqual(['2631000.00', '200000.00', '500000.00', '0.00', '300000.00', '0.00', '0.00'])
    expect(result.buckets.map((b) => [b.fromDay, b.toDay])).toEqual([[0, 1], [2, 7], [8, 30], [31, 90], [91, 180], [181, 365], [366, null]])
    expect(result.totalBalance).toBe('3631000.00') // 2,631,000 + 200,000 + 500,000 + 300,000
  })

  it('splits insured from uninsured', () => {
    // Insured: A 500,000 + B 200,000 + C 500,000 + H 50,000 = 1,250,000; uninsured 3,631,000 − 1,250,000.
    expect([result.insuredTotal, result.uninsuredTotal]).toEqual(['1250000.00', '2381000.00'])
  })

  it('measures the liquidity gap and how long the liquid assets last', () => {
    // Cumulative 769,900 → 789,900 → 899,900; gap from 800,000: 30,100 → 10,100 → −99,900.
    expect(result.buckets.map((b) => b.cumulativeOutflow)).toEqual(['769900.00', '789900.00', '899900.00', '899900.00', '899900.00', '899900.00', '899900.00'])
    expect(result.buckets.map((b) => b.gap)).toEqual(['30100.00', '10100.00', '-99900.00', '-99900.00', '-99900.00', '-99900.00', '-99900.00'])
    // Short in 8-30d, so the assets last to the end of 2-7d: 7 days.
    expect(result.survival).toEqual({ shortfall: true, firstShortfallBucket: '8-30d', survivalDays: 7 })
    // 800,000 ÷ 899,900 = 0.888987665… → 0.888988
    expect(result.coverageRatio).toBe('0.888988')
  })

  it('reports by category', () => {
    expect(result.byCategory).toEqual([
      // A 800,000 + G 100,000 + H 50,000; 55,000 + 10,000 + 2,500
      { category: 'stable_retail', balance: '950000.00', outflow: '67500.00', runOffFactor: '0.050000' },
      { category: 'less_stable_retail', balance: '200000.00', outflow: '20000.00', runOffFactor: '0.100000' },
      { category: 'operational_wholesale', balance: '400000.00', outflow: '100000.00', runOffFactor: '0.250000' },
      // C 1,000,000 + F 781,000; 400,000 + 312,400
      { category: 'non_financial_corporate', balance: '1781000.00', outflow: '712400.00', runOffFactor: '0.400000' },
      { category: 'financial', balance: '300000.00', outflow: '0.00', runOffFactor: '1.000000' },
    ])
  })

  it('measures concentration on client totals', () => {
    // Clients: c3 1,781,000 (C + F), c1 900,000 (A + G), c4 400,000, c5 300,000, c2 200,000, c6 50,000; T = 3,631,000.
    // HHI = (1.781² + 0.9² + 0.4² + 0.3² + 0.2² + 0.05²) / 3.631² (in millions)
    //     = (3.171961 + 0.81 + 0.16 + 0.09 + 0.04 + 0.0025) / 13.184161 = 4.274461 / 13.184161 = 0.3242118326…
    expect(result.concentration).toMatchObject({ depositorCount: 6, top10Share: '1.000000', top20Share: '1.000000', hhi: '0.324212', hhiPoints: '3242.12' })
    expect(result.concentration.topDepositors.map((d) => [d.clientId, d.balance, d.share])).toEqual([
      ['c3', '1781000.00', '0.490498'], // 1,781 / 3,631 = 0.4904984…
      ['c1', '900000.00', '0.247866'], // 900 / 3,631 = 0.2478656…
      ['c4', '400000.00', '0.110162'],
      ['c5', '300000.00', '0.082622'], // 0.0826218…
      ['c2', '200000.00', '0.055081'],
      ['c6', '50000.00', '0.013770'],
    ])
  })

  it('gives a chart its series', () => {
    expect(chartSeries(result)).toEqual({
      currency: 'CNY',
      labels: ['overnight', '2-7d', '8-30d', '31-90d', '91-180d', '181-365d', '>1y'],
      contractual: ['2631000.00', '200000.00', '500000.00', '0.00', '300000.00', '0.00', '0.00'],
      outflow: ['769900.00', '20000.00', '110000.00', '0.00', '0.00', '0.00', '0.00'],
      cumulativeOutflow: ['769900.00', '789900.00', '899900.00', '899900.00', '899900.00', '899900.00', '899900.00'],
      gap: ['30100.00', '10100.00', '-99900.00', '-99900.00', '-99900.00', '-99900.00', '-99900.00'],
      liquidAssets: '800000.00',
      firstShortfallIndex: 2,
    })
  })
})

describe('runStressTest scenario levers', () => {
  const outflows = (s: StressScenario, liquid = '800000.00') => runStressTest(book, s, liquid, asOf)

  it('raises run-off with a rate shock, by each category’s sensitivity', () => {
    // +200 bp = 2 × 100 bp. Factors: stable 5% + 2 × 1% = 7%; less stable 10% + 2 × 2% = 14%;
    // operational 25% + 2 × 2% = 29%; corporate 40% + 2 × 5% = 50%; financial 100% (+0).
    // overnight: A 500,000 × 7% + 300,000 × 14% = 35,000 + 42,000 = 77,000; C 500,000; F 390,500; H 3,500 → 971,000
    // 2-7d: B 28,000. 8-30d: D 116,000 + G 14,000 = 130,000. Total 1,129,000.
    const r = outflows({ ...scenario, rateShockBps: 200 })
    expect(r.buckets.slice(0, 3).map((b) => b.outflow)).toEqual(['971000.00', '28000.00', '130000.00'])
    expect(r.totalOutflow).toBe('1129000.00')
    expect(r.byCategory.map((c) => c.runOffFactor)).toEqual(['0.070000', '0.140000', '0.290000', '0.500000', '1.000000'])
    // 800,000 ÷ 1,129,000 = 0.7085916… ; short from the first bucket: 800,000 − 971,000 < 0.
    expect(r.coverageRatio).toBe('0.708592')
    expect(r.survival).toEqual({ shortfall: true, firstShortfallBucket: 'overnight', survivalDays: 0 })
  })

  it('never lowers a factor for a falling rate, and caps at 100%', () => {
    expect(outflows({ ...scenario, rateShockBps: -200 }).totalOutflow).toBe('899900.00')
    // Corporate: 40% + 13 × 5% = 105% → capped at 100%.
    const capped = outflows({ ...scenario, rateShockBps: 1300 })
    expect(capped.byCategory.find((c) => c.category === 'non_financial_corporate')!.runOffFactor).toBe('1.000000')
  })

  it('adds early withdrawal of term deposits beyond the horizon to the first bucket', () => {
    // E 300,000 × 20% = 60,000 overnight: 769,900 + 60,000 = 829,900; total 959,900.
    const r = outflows({ ...scenario, earlyWithdrawalRate: '0.2' })
    expect(r.buckets[0]!.outflow).toBe('829900.00')
    expect(r.totalOutflow).toBe('959900.00')
    expect(r.byCategory.find((c) => c.category === 'financial')!.outflow).toBe('60000.00')
  })

  it('can treat stable retail as stable whatever the insurance', () => {
    // A 800,000 × 5% = 40,000 (not 55,000); G 100,000 × 5% = 5,000 (not 10,000): 899,900 − 15,000 − 5,000.
    expect(outflows({ ...scenario, uninsuredTreatment: 'as_category' }).totalOutflow).toBe('879900.00')
  })

  it('counts a maturity on the horizon’s last day but not the day after', () => {
    // G moves from 2025-07-30 (day 30) to 2025-07-31 (day 31): its 10,000 leaves the 8-30d outflow
    // and its 100,000 moves to the 31-90d rung of the ladder.
    const later: StressBook = { ...book, positions: positions.map((p) => (p.depositId === 'G' ? { ...p, maturityDate: '2025-07-31' } : p)) }
    const r = runStressTest(later, scenario, '800000.00', asOf)
    expect(r.buckets[2]!.outflow).toBe('100000.00')
    expect(r.buckets[3]!.contractual).toBe('100000.00')
  })

  it('survives when the liquid assets cover everything', () => {
    expect(outflows(scenario, '899900.00').survival).toEqual({ shortfall: false, firstShortfallBucket: null, survivalDays: null })
    expect(chartSeries(outflows(scenario, '900000.00')).firstShortfallIndex).toBeNull()
  })

  it('keeps amounts exact until the output', () => {
    // USD 1,000.00 at 7.123456 = CNY 7,123.456 exactly; ×40% = 2,849.3824. Rounded only at output (half-even).
    const r = runStressTest(
      { reportingCurrency: 'CNY', fxRates: { USD: '7.123456' }, positions: [{ clientId: 'x', depositId: 'x1', category: 'non_financial_corporate', balance: '1000.00', currency: 'USD', insuredAmount: '0', maturityDate: null }] },
      defaultScenario,
      '0',
      asOf,
    )
    expect([r.totalBalance, r.totalOutflow, r.buckets[0]!.gap]).toEqual(['7123.46', '2849.38', '-2849.38'])
  })

  it('has nothing to say about an empty book', () => {
    const r = runStressTest({ reportingCurrency: 'CNY', positions: [] }, defaultScenario, '100.00', asOf)
    expect([r.totalOutflow, r.coverageRatio, r.concentration.hhi, r.concentration.depositorCount]).toEqual(['0.00', null, '0.000000', 0])
  })
})

describe('runStressTest concentration on a seeded book', () => {
  // 22 clients, client i holding i × 10,000.00 (c22 in two deposits of 120,000 and 100,000).
  // T = 10,000 × (1 + … + 22) = 10,000 × 253 = 2,530,000.
  const seeded: DepositPosition[] = Array.from({ length: 21 }, (_, k) => ({
    clientId: `c${k + 1}`,
    depositId: `d${k + 1}`,
    category: 'stable_retail' as const,
    balance: `${(k + 1) * 10_000}.00`,
    insuredAmount: '0.00',
    maturityDate: null,
  }))
  seeded.push(
    { clientId: 'c22', depositId: 'd22a', category: 'stable_retail', balance: '120000.00', insuredAmount: '0.00', maturityDate: null },
    { clientId: 'c22', depositId: 'd22b', category: 'stable_retail', balance: '100000.00', insuredAmount: '0.00', maturityDate: '2027-01-01' },
  )
  const r = runStressTest({ reportingCurrency: 'CNY', positions: seeded }, defaultScenario, '1000000.00', asOf)

  it('aggregates per client and computes top-N shares and the HHI', () => {
    // Top 10 = clients 13 … 22: (13 + 22) × 10 / 2 = 175 → 175 / 253 = 0.6916996… → 0.691700
    // Top 20 = clients 3 … 22: 253 − 1 − 2 = 250 → 250 / 253 = 0.9881422… → 0.988142
    // HHI = Σ i² / 253² = (22 · 23 · 45 / 6) / 64,009 = 3,795 / 64,009 = 0.0592885375… → 0.059289; ×10,000 = 592.885… → 592.89
    expect(r.concentration).toMatchObject({ depositorCount: 22, top10Share: '0.691700', top20Share: '0.988142', hhi: '0.059289', hhiPoints: '592.89' })
    expect(r.concentration.topDepositors).toHaveLength(20)
    // 220,000 / 2,530,000 = 22 / 253 = 0.0869565… ; 21 / 253 = 0.0830039…
    expect(r.concentration.topDepositors.slice(0, 2)).toEqual([
      { clientId: 'c22', balance: '220000.00', share: '0.086957' },
      { clientId: 'c21', balance: '210000.00', share: '0.083004' },
    ])
  })

  it('runs the uninsured stable retail off at the less-stable factor', () => {
    // All uninsured, so 10% of the on-demand part: 2,530,000 − 100,000 (d22b, beyond the horizon) = 2,430,000 → 243,000.
    expect(r.totalOutflow).toBe('243000.00')
    expect(r.buckets.at(-1)!.contractual).toBe('100000.00') // 2027-01-01 is more than a year away
  })
})

describe('runStressTest refuses unsound input', () => {
  it('refuses an unsound scenario with risk.invalid_scenario', () => {
    const error = caught(() => runStressTest(book, { ...scenario, runOffFactors: { ...scenario.runOffFactors, financial: '1.5' } }, '0', asOf))
    expect(error).toBeInstanceOf(RiskError)
    expect(error.code).toBe('risk.invalid_scenario')
    expect(error.details).toEqual({ errors: [{ path: 'runOffFactors.financial', message: expect.any(String) }] })
  })

  it('refuses an unsound book with common.invalid_input naming the field', () => {
    const withPosition = (p: Partial<DepositPosition>): StressBook => ({ ...book, positions: [{ ...positions[0]!, ...p }] })
    const cases: [StressBook, string][] = [
      [withPosition({ balance: '-1.00', insuredAmount: '0' }), 'positions[0].balance'],
      [withPosition({ insuredAmount: '800000.01' }), 'positions[0].insuredAmount'],
      [withPosition({ currency: 'EUR' }), 'fxRates.EUR'],
      [withPosition({ maturityDate: '2025-02-30' }), 'positions[0].maturityDate'],
      [withPosition({ balance: '1.005' }), 'positions[0].balance'],
      [{ ...book, reportingCurrency: 'XXX' }, 'reportingCurrency'],
    ]
    for (const [b, path] of cases) {
      const error = caught(() => runStressTest(b, scenario, '0', asOf))
      expect([error.code, error.details?.path]).toEqual(['common.invalid_input', path])
    }
    expect(caught(() => runStressTest(book, scenario, '-5', asOf)).details?.path).toBe('liquidAssets')
    expect(caught(() => runStressTest(book, scenario, '0', '30/06/2025')).details?.path).toBe('asOf')
  })
})

import { describe, expect, it } from 'vitest'
import { assessAttrition, type AttritionInput } from './assess-attrition.js'
import { atRiskList, groupByRm } from './at-risk-list.js'
import { defaultAttritionConfig, type AttritionConfig } from './attrition-config.js'

const asOf = '2025-06-30'
const s = (...thousands: number[]) => thousands.map((t) => `${t}000.00`)

function aClient(overrides: Partial<AttritionInput> = {}): AttritionInput {
  return {
    clientId: 'quiet',
    rmId: 'rm2',
    asOf,
    monthEndBalances: s(100, 100, 100, 100, 100, 100),
    maturities: [],
    monthlyActivity: [5, 5, 5, 5, 5, 5, 5],
    complaintsLast90Days: 0,
    ...overrides,
  }
}

/**
 * Everything at once. The 90-day window from 2025-06-30 is 2025-04-02 (89 days
 * before: 28 + 31 + 30) to 2025-06-30 itself.
 */
const leaving = aClient({
  clientId: 'leaving',
  rmId: 'rm1',
  monthEndBalances: s(100, 90, 80, 70, 60, 50),
  maturities: [
    { depositId: 'm1', maturedOn: '2025-06-30', renewed: false }, // 0 days ago: in
    { depositId: 'm2', maturedOn: '2025-05-15', renewed: true }, // in
    { depositId: 'm3', maturedOn: '2025-04-02', renewed: false }, // 89 days: in
    { depositId: 'm4', maturedOn: '2025-04-01', renewed: false }, // 90 days: out
    { depositId: 'm5', maturedOn: '2025-07-05', renewed: false }, // future: out
  ],
  monthlyActivity: [10, 12, 8, 10, 11, 9, 3],
  complaintsLast90Days: 3,
})

describe('assessAttrition', () => {
  it('scores every signal with its explanation and caps the total', () => {
    const a = assessAttrition(leaving, defaultAttritionConfig)
    expect(a.signals.map((x) => [x.code, x.points])).toEqual([
      ['balance_trend', 20], // slope −10,000 / mean 75,000 = −13.3% a month ≤ −5%
      ['drop_from_peak', 25], // (100,000 − 50,000) / 100,000 = 50% ≥ 30%
      ['maturities_not_renewed', 30], // m1 and m3 of m1, m2, m3: 2/3 ≥ 50%
      ['activity_drop', 15], // last month 3 vs (10+12+8+10+11+9)/6 = 10 → 1 − 3/10 = 70% ≥ 50%
      ['complaints', 20], // 3 × 10 = 30, capped at 20
    ])
    // 20 + 25 + 30 + 15 + 20 = 110 → 100
    expect([a.score, a.level, a.clientId, a.rmId]).toEqual([100, 'critical', 'leaving', 'rm1'])
    expect(a.signals.map((x) => x.explanation)).toEqual([
      'month-end balances have been falling by 13.3% of their average a month over 6 months',
      'the latest month-end balance is 50.0% below its peak of the last 6 months',
      '2 of 3 deposits maturing in the last 90 days were not renewed',
      'activity in the last month is 70.0% below the average of the 6 months before',
      '3 complaints in the last 90 days',
    ])
    expect(a.signals[2]!.figures).toEqual({ matured: '3', notRenewed: '2', share: '0.666667' })
    expect(a.signals[0]!.figures).toEqual({ slopePerMonth: '-10000.00', mean: '75000.00', relativeSlope: '-0.133333' })
  })

  it('stays quiet for a steady client', () => {
    expect(assessAttrition(aClient(), defaultAttritionConfig)).toMatchObject({ score: 0, level: 'none', signals: [] })
  })

  it('does not call a noisy but level series a decline', () => {
    // Relative slope −2.857 / 100 = −2.9% a month (> −5%); 20/120 = 16.7% off the peak (< 30%).
    expect(assessAttrition(aClient({ monthEndBalances: s(100, 120, 90, 110, 80, 100) }), defaultAttritionConfig).signals).toEqual([])
  })

  it('can see a drop from the peak without a falling trend', () => {
    // 100 ×5 then 68: Σ(2i − 5)·y = 100·(−5 −3 −1 +1 +3) + 68·5 = −160 → slope 6·(−160)/(6·35) = −4.571;
    // mean 568/6 = 94.667 → relative −0.0483 (> −0.05, no trend); drop 32/100 = 0.32 ≥ 0.30.
    const a = assessAttrition(aClient({ monthEndBalances: s(100, 100, 100, 100, 100, 68) }), defaultAttritionConfig)
    expect(a.signals.map((x) => x.code)).toEqual(['drop_from_peak'])
    expect([a.score, a.level]).toEqual([25, 'watch'])
  })

  it('fires the trend at exactly the threshold, and needs enough points', () => {
    // 105, 100, 95: slope −5, mean 100 → exactly −0.05.
    expect(assessAttrition(aClient({ monthEndBalances: s(105, 100, 95) }), defaultAttritionConfig).signals.map((x) => x.code)).toEqual(['balance_trend'])
    // 104, 100, 96: −0.04.
    expect(assessAttrition(aClient({ monthEndBalances: s(104, 100, 96) }), defaultAttritionConfig).signals).toEqual([])
    // Two points are below minPoints 3: only the drop (50%) fires.
    expect(assessAttrition(aClient({ monthEndBalances: s(100, 50) }), defaultAttritionConfig).signals.map((x) => x.code)).toEqual(['drop_from_peak'])
  })

  it('counts maturities at the share threshold, not below', () => {
    const half = aClient({
      maturities: [
        { depositId: 'a', maturedOn: '2025-06-01', renewed: true },
        { depositId: 'b', maturedOn: '2025-06-02', renewed: false },
      ],
    })
    expect(assessAttrition(half, defaultAttritionConfig).signals.map((x) => [x.code, x.explanation])).toEqual([
      ['maturities_not_renewed', '1 of 2 deposits maturing in the last 90 days was not renewed'],
    ])
    const third = aClient({ maturities: [...half.maturities, { depositId: 'c', maturedOn: '2025-06-03', renewed: true }] })
    expect(assessAttrition(third, defaultAttritionConfig).signals).toEqual([]) // 1/3 < 50%
  })

  it('needs a baseline to judge activity, and can compare 90 days', () => {
    // Only 2 months before the latest: below minBaselineMonths 3.
    expect(assessAttrition(aClient({ monthlyActivity: [4, 4, 1] }), defaultAttritionConfig).signals).toEqual([])
    // Nothing to lose.
    expect(assessAttrition(aClient({ monthlyActivity: [0, 0, 0, 0] }), defaultAttritionConfig).signals).toEqual([])
    // Last 3 months [4, 5, 6] → mean 5; the 6 before all 10 → 1 − 5/10 = 0.5, exactly the threshold.
    const ninetyDays: AttritionConfig = { ...defaultAttritionConfig, activity: { ...defaultAttritionConfig.activity, recentMonths: 3 } }
    const a = assessAttrition(aClient({ monthlyActivity: [99, 10, 10, 10, 10, 10, 10, 4, 5, 6] }), ninetyDays)
    expect(a.signals).toEqual([
      {
        code: 'activity_drop',
        points: 15,
        explanation: 'activity in the last 3 months is 50.0% below the average of the 6 months before',
        figures: { recentMonthlyMean: '5.00', baselineMonthlyMean: '10.00', drop: '0.500000' },
      },
    ])
  })

  it('refuses malformed input, naming the field', () => {
    const pathOf = (input: AttritionInput) => {
      try {
        assessAttrition(input, defaultAttritionConfig)
      } catch (error) {
        return (error as { code: string; details: { path: string } }).code + ' ' + (error as { details: { path: string } }).details.path
      }
      return 'no error'
    }
    expect(pathOf(aClient({ monthEndBalances: ['1e5'] }))).toBe('common.invalid_input monthEndBalances[0]')
    expect(pathOf(aClient({ monthlyActivity: [1, -1] }))).toBe('common.invalid_input monthlyActivity[1]')
    expect(pathOf(aClient({ complaintsLast90Days: 0.5 }))).toBe('common.invalid_input complaintsLast90Days')
    expect(pathOf(aClient({ maturities: [{ depositId: 'x', maturedOn: '2025-13-01', renewed: true }] }))).toBe('common.invalid_input maturities[0].maturedOn')
    expect(pathOf(aClient({ asOf: 'today' }))).toBe('common.invalid_input asOf')
  })
})

describe('atRiskList', () => {
  const clients: AttritionInput[] = [
    leaving, // rm1, 100
    aClient({ clientId: 'grumpy', rmId: 'rm2', complaintsLast90Days: 2 }), // 20: watch
    aClient({ clientId: 'sliding', rmId: 'rm1', monthEndBalances: s(100, 100, 100, 100, 100, 68) }), // 25: watch
    aClient({ clientId: 'quiet', rmId: 'rm2' }), // 0: none
    aClient({
      clientId: 'orphan',
      rmId: null,
      complaintsLast90Days: 1,
      maturities: [
        { depositId: 'a', maturedOn: '2025-06-01', renewed: true },
        { depositId: 'b', maturedOn: '2025-06-02', renewed: false },
      ],
    }), // 30 + 10 = 40: at_risk
  ]

  it('lists clients at watch or above, highest score first', () => {
    expect(atRiskList(clients, defaultAttritionConfig).map((a) => [a.clientId, a.score, a.level])).toEqual([
      ['leaving', 100, 'critical'],
      ['orphan', 40, 'at_risk'],
      ['sliding', 25, 'watch'],
      ['grumpy', 20, 'watch'],
    ])
  })

  it('filters by RM and by level', () => {
    expect(atRiskList(clients, defaultAttritionConfig, { rmId: 'rm1' }).map((a) => a.clientId)).toEqual(['leaving', 'sliding'])
    expect(atRiskList(clients, defaultAttritionConfig, { rmId: null }).map((a) => a.clientId)).toEqual(['orphan'])
    expect(atRiskList(clients, defaultAttritionConfig, { minLevel: 'at_risk' }).map((a) => a.clientId)).toEqual(['leaving', 'orphan'])
    expect(atRiskList(clients, defaultAttritionConfig, { minLevel: 'none' }).map((a) => a.clientId)).toEqual(['leaving', 'orphan', 'sliding', 'grumpy', 'quiet'])
  })

  it('orders equal scores by client id', () => {
    const twins = [aClient({ clientId: 'b', complaintsLast90Days: 2 }), aClient({ clientId: 'a', complaintsLast90Days: 2 })]
    expect(atRiskList(twins, defaultAttritionConfig).map((a) => a.clientId)).toEqual(['a', 'b'])
  })

  it('groups by RM, most urgent RM first, unassigned last', () => {
    const groups = groupByRm(atRiskList(clients, defaultAttritionConfig))
    expect(groups.map((g) => [g.rmId, g.topScore, g.clients.map((c) => c.clientId)])).toEqual([
      ['rm1', 100, ['leaving', 'sliding']],
      ['rm2', 20, ['grumpy']],
      [null, 40, ['orphan']],
    ])
  })
})

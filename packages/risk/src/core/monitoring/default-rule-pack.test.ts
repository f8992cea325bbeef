import { describe, expect, it } from 'vitest'
import { defaultMonitoringRulePack } from './default-rule-pack.js'
import { evaluateRules, type MonitoringDecision } from './evaluate.js'
import type { MonitoringFactPath, MonitoringFacts } from './facts.js'
import { defaultMonitoringConfig } from './monitoring-config.js'
import { buildMonitoringFacts, type MonitoredTransfer } from './monitoring-facts.js'
import { parseMonitoringRulePack } from './parse-rule.js'
import { aggregateFromDailyBuckets, type DailyActivityBucket } from './window-aggregates.js'

const today = '2025-03-10'

/** An ordinary incoming payment of an established client; `values` set facts by path. */
function facts(values: Partial<Record<MonitoringFactPath, unknown>> = {}): MonitoringFacts {
  const base = structuredClone({
    transfer: {
      amount: '1000.00',
      currency: 'CNY',
      direction: 'in',
      channel: 'transfer',
      counterpartyCountry: 'CN',
      counterpartyName: 'Zhang Wei',
      isRoundAmount: false,
      isNearThreshold: false,
    },
    client: { riskRating: 'low', country: 'CN', type: 'individual', sourceOfFundsDocumented: true, idleDays: 3, ageDays: 900 },
    config: defaultMonitoringConfig,
    agg: aggregateFromDailyBuckets([], today),
  }) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.')
    let target = base
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>
    target[keys.at(-1)!] = value
  }
  return base as unknown as MonitoringFacts
}

const evaluate = (on: MonitoringFacts) => evaluateRules(defaultMonitoringRulePack, on)
const hits = (decision: MonitoringDecision) => decision.results.filter((r) => r.hit).map((r) => r.ruleId)
const resultOf = (decision: MonitoringDecision, ruleId: string) => decision.results.find((r) => r.ruleId === ruleId)!

function cashDeposit(amount: string): MonitoredTransfer {
  return { amount, currency: 'CNY', direction: 'in', channel: 'cash', counterpartyKey: null, counterpartyCountry: null, counterpartyName: null }
}

function cashBucket(date: string, amounts: string[]): DailyActivityBucket {
  const near = amounts.filter((a) => Number(a) >= 45000 && Number(a) < 50000).length
  const sum = amounts.reduce((s, a) => s + Math.round(Number(a) * 100), 0)
  return { date, direction: 'in', channel: 'cash', count: amounts.length, sum: (sum / 100).toFixed(2), nearThresholdCount: near, roundAmountCount: 0, counterparties: [] }
}

const client = facts().client

function withHistory(history: DailyActivityBucket[], transfer: MonitoredTransfer, clientChanges: Partial<MonitoringFacts['client']> = {}) {
  return buildMonitoringFacts({ transfer, client: { ...client, ...clientChanges }, config: defaultMonitoringConfig, businessDate: today, history })
}

describe('the default monitoring pack', () => {
  it('is valid as data, frozen, and has the typologies of the domain notes', () => {
    expect(parseMonitoringRulePack(JSON.parse(JSON.stringify(defaultMonitoringRulePack)))).toEqual({ ok: true, value: defaultMonitoringRulePack })
    expect(Object.isFrozen(defaultMonitoringRulePack.rules[0]!.expression)).toBe(true)
    expect(defaultMonitoringRulePack.thresholds).toEqual({ review: 40, block: 100 })
    expect(defaultMonitoringRulePack.rules.map((r) => r.id)).toEqual([
      'high-risk-jurisdiction',
      'monitored-jurisdiction',
      'structuring',
      'pass-through',
      'dormant-reactivation',
      'round-amounts',
      'activity-spike-in',
      'activity-spike-out',
      'undocumented-source-of-funds',
    ])
  })

  it('lets an ordinary payment through with no rule hit, and still records every rule', () => {
    const decision = evaluate(facts())
    expect(decision).toMatchObject({ outcome: 'allow', score: 0, blockedBy: [], packId: 'default-monitoring', packVersion: 1 })
    expect(decision.results).toHaveLength(defaultMonitoringRulePack.rules.length)
    expect(decision.results.every((r) => !r.hit && r.explanation.startsWith('Not met'))).toBe(true)
  })
})

describe('structuring', () => {
  it('hits on the third cash deposit of 48,000.00 in a day under a 50,000 threshold, and says how many', () => {
    const on = withHistory([cashBucket(today, ['48000.00', '48000.00'])], cashDeposit('48000.00'))
    const decision = evaluate(on)
    expect(hits(decision)).toEqual(['structuring'])
    expect(decision.outcome).toBe('review')
    expect(decision.score).toBe(60)
    const result = resultOf(decision, 'structuring')
    expect(result.explanation).toBe('3 cash deposits just below the 50000.00 reporting threshold today, 3 in the last 7 days (this one 48000.00)')
    expect(result.observed).toMatchObject({ 'agg.in.cash.nearThresholdCount.P1D': 3, 'transfer.isNearThreshold': true })
  })

  it('does not hit on the second', () => {
    const decision = evaluate(withHistory([cashBucket(today, ['48000.00'])], cashDeposit('48000.00')))
    expect(hits(decision)).toEqual([])
    expect(resultOf(decision, 'structuring').explanation).toContain('agg.in.cash.nearThresholdCount.P1D = 2')
  })

  it('hits on three within a rolling 7 days, and not when the first is 8 days back', () => {
    const within = evaluate(withHistory([cashBucket('2025-03-04', ['46000.00']), cashBucket('2025-03-08', ['49000.00'])], cashDeposit('47500.00')))
    expect(hits(within)).toEqual(['structuring'])
    expect(resultOf(within, 'structuring').explanation).toMatch(/^1 cash deposits .* today, 3 in the last 7 days/)
    const outside = evaluate(withHistory([cashBucket('2025-03-03', ['46000.00']), cashBucket('2025-03-08', ['49000.00'])], cashDeposit('47500.00')))
    expect(hits(outside)).toEqual([])
  })

  it('counts only deposits from 90% of the threshold up to, not including, it', () => {
    const history = [cashBucket(today, ['48000.00', '48000.00'])]
    expect(hits(evaluate(withHistory(history, cashDeposit('50000.00'))))).toEqual([])
    expect(hits(evaluate(withHistory(history, cashDeposit('44999.99'))))).toEqual([])
    expect(hits(evaluate(withHistory(history, cashDeposit('45000.00'))))).toEqual(['structuring'])
  })

  it('looks at cash deposits only', () => {
    const history = [cashBucket(today, ['48000.00', '48000.00'])]
    expect(hits(evaluate(withHistory(history, { ...cashDeposit('48000.00'), channel: 'transfer' })))).toEqual([])
    expect(hits(evaluate(withHistory(history, { ...cashDeposit('48000.00'), direction: 'out' })))).toEqual([])
  })
})

describe('pass-through', () => {
  const outflow = (inSum: string, outSum: string, more: Partial<Record<MonitoringFactPath, unknown>> = {}) =>
    facts({ 'transfer.direction': 'out', 'transfer.amount': outSum, 'agg.in.all.sum.P2D': inSum, 'agg.out.all.sum.P2D': outSum, ...more })

  it('hits when what left within 48 hours reaches 80% of what came in', () => {
    const decision = evaluate(outflow('100000.00', '80000.00'))
    expect(hits(decision)).toEqual(['pass-through'])
    expect(decision.outcome).toBe('review')
    expect(resultOf(decision, 'pass-through').explanation).toBe('80000.00 paid out within 48 hours of receiving 100000.00: 80% or more passed straight through')
  })

  it('does not hit just below 80%, without inflows, on an inflow, or on an internal booking', () => {
    expect(hits(evaluate(outflow('100000.00', '79999.99')))).toEqual([])
    expect(hits(evaluate(outflow('0', '5000.00')))).toEqual([])
    expect(hits(evaluate(outflow('100000.00', '90000.00', { 'transfer.direction': 'in' })))).toEqual([])
    expect(hits(evaluate(outflow('100000.00', '90000.00', { 'transfer.channel': 'internal' })))).toEqual([])
  })
})

describe('dormant reactivation', () => {
  it('hits after 365 idle days, not after 364, not for a first transfer, not on interest', () => {
    const decision = evaluate(facts({ 'client.idleDays': 365 }))
    expect(hits(decision)).toEqual(['dormant-reactivation'])
    expect(resultOf(decision, 'dormant-reactivation').explanation).toBe('Activity after 365 days without any')
    expect(hits(evaluate(facts({ 'client.idleDays': 364 })))).toEqual([])
    expect(hits(evaluate(facts({ 'client.idleDays': null })))).toEqual([])
    expect(hits(evaluate(facts({ 'client.idleDays': 800, 'transfer.channel': 'internal' })))).toEqual([])
  })
})

describe('round amounts', () => {
  it('adds a corroborating score on the third round amount in 30 days, in and out together', () => {
    const on = facts({ 'transfer.amount': '30000.00', 'transfer.isRoundAmount': true, 'agg.in.all.roundAmountCount.P30D': 2, 'agg.out.all.roundAmountCount.P30D': 1 })
    const decision = evaluate(on)
    expect(hits(decision)).toEqual(['round-amounts'])
    expect(decision).toMatchObject({ score: 20, outcome: 'allow' })
    expect(resultOf(decision, 'round-amounts').explanation).toBe('2 incoming and 1 outgoing multiples of 10000 in 30 days')
  })

  it('does not hit on the second, or on a transfer that is not round', () => {
    expect(hits(evaluate(facts({ 'transfer.isRoundAmount': true, 'agg.in.all.roundAmountCount.P30D': 2 })))).toEqual([])
    expect(hits(evaluate(facts({ 'transfer.isRoundAmount': false, 'agg.in.all.roundAmountCount.P30D': 5 })))).toEqual([])
  })
})

describe('activity spike', () => {
  // Monthly baseline = (180-day sum − 30-day sum) / 5 months.
  const monthly = (sum30: string, sum180: string, more: Partial<Record<MonitoringFactPath, unknown>> = {}) =>
    facts({ 'agg.in.all.sum.P30D': sum30, 'agg.in.all.sum.P180D': sum180, ...more })

  it('hits when 30 days bring more than 3× the monthly baseline', () => {
    // baseline (810,000 − 310,000) / 5 = 100,000; 310,000 > 300,000
    expect(hits(evaluate(monthly('310000.00', '810000.00')))).toEqual(['activity-spike-in'])
    // baseline (800,000 − 300,000) / 5 = 100,000; 300,000 is not more than 300,000
    expect(hits(evaluate(monthly('300000.00', '800000.00')))).toEqual([])
  })

  it('needs six months of history and a baseline', () => {
    expect(hits(evaluate(monthly('310000.00', '810000.00', { 'client.ageDays': 179 })))).toEqual([])
    expect(hits(evaluate(monthly('310000.00', '310000.00')))).toEqual([])
  })

  it('hits on a day more than 3 standard deviations above the daily mean, from the reporting threshold', () => {
    const steady = Array.from({ length: 179 }, (_, i): DailyActivityBucket => {
      const date = new Date(Date.UTC(2025, 2, 10 - (i + 1))).toISOString().slice(0, 10)
      return { date, direction: 'in', channel: 'transfer', count: 1, sum: '1000.00', nearThresholdCount: 0, roundAmountCount: 0, counterparties: ['payroll'] }
    })
    const payment = (amount: string): MonitoredTransfer => ({ ...cashDeposit(amount), channel: 'transfer', counterpartyKey: 'acct-9', counterpartyCountry: 'CN' })
    // 179 days of 1,000 and today 60,000: Σd = 239,000, Σd² = 179 × 1,000² + 60,000² = 3,779,000,000
    // mean = 239,000 / 180 = 1327.7778; σ = √((180 × 3,779,000,000 − 239,000²) / 180²) = √19,231,450.6… = 4385.3678
    // mean + 3σ = 14,483.88 < 60,000, and 60,000 ≥ 50,000. The monthly test does not hit: 89,000 ≤ 3 × 30,000.
    const spike = evaluate(withHistory(steady, payment('60000.00')))
    expect(hits(spike)).toEqual(['activity-spike-in'])
    expect(resultOf(spike, 'activity-spike-in').observed).toMatchObject({
      'agg.in.all.sum.P1D': '60000.00',
      'agg.in.all.dailyMean.P180D': '1327.7778',
      'agg.in.all.dailyStdDev.P180D': '4385.3678',
    })
    // 40,000 is as far above the mean, but below the reporting threshold: not a spike worth an alert.
    expect(hits(evaluate(withHistory(steady, payment('40000.00'))))).toEqual([])
    // Without earlier activity in the window there is no baseline: a first large payment is not a spike.
    expect(hits(evaluate(withHistory([], payment('200000.00'))))).toEqual([])
  })

  it('watches outflows with their own rule', () => {
    const on = facts({ 'transfer.direction': 'out', 'agg.out.all.sum.P30D': '400000', 'agg.out.all.sum.P180D': '900000' })
    const decision = evaluate(on)
    expect(hits(decision)).toEqual(['activity-spike-out'])
    expect(resultOf(decision, 'activity-spike-out').explanation).toMatch(/^Outflows of 400000 in 30 days against 900000 in 180/)
  })
})

describe('jurisdictions', () => {
  it('blocks a transfer to a FATF call-for-action country, however small, naming the rule', () => {
    for (const country of ['KP', 'IR', 'MM']) {
      const decision = evaluate(facts({ 'transfer.direction': 'out', 'transfer.amount': '10.00', 'transfer.counterpartyCountry': country }))
      expect(decision.outcome).toBe('block')
      expect(decision.blockedBy).toEqual(['high-risk-jurisdiction'])
      expect(resultOf(decision, 'high-risk-jurisdiction').explanation).toBe(`Counterparty in ${country}, a FATF call-for-action jurisdiction`)
    }
  })

  it('reviews a transfer to a country under increased monitoring', () => {
    const decision = evaluate(facts({ 'transfer.counterpartyCountry': 'VN' }))
    expect(hits(decision)).toEqual(['monitored-jurisdiction'])
    expect(decision).toMatchObject({ outcome: 'review', score: 40, blockedBy: [] })
  })

  it('follows the lists in the configuration, not literals in the rules', () => {
    const config = { ...defaultMonitoringConfig, highRiskCountries: ['RU'], monitoredCountries: [] }
    expect(evaluate(facts({ 'transfer.counterpartyCountry': 'KP', config } as never)).outcome).toBe('allow')
    expect(evaluate(facts({ 'transfer.counterpartyCountry': 'RU', config } as never)).outcome).toBe('block')
  })

  it('does nothing for an unknown or ordinary country', () => {
    expect(evaluate(facts({ 'transfer.counterpartyCountry': null })).outcome).toBe('allow')
    expect(evaluate(facts({ 'transfer.counterpartyCountry': 'FR' })).outcome).toBe('allow')
  })
})

describe('large deposit without a documented source of funds', () => {
  const deposit = (amount: string, documented: boolean, direction = 'in') =>
    facts({ 'transfer.amount': amount, 'client.sourceOfFundsDocumented': documented, 'transfer.direction': direction })

  it('hits from the large-deposit amount when the source of funds is not on file', () => {
    const decision = evaluate(deposit('500000.00', false))
    expect(hits(decision)).toEqual(['undocumented-source-of-funds'])
    expect(resultOf(decision, 'undocumented-source-of-funds').explanation).toBe(
      'Deposit of 500000.00 CNY (from 500000.00) with no documented source of funds',
    )
  })

  it('does not hit below it, when documented, or on an outflow', () => {
    expect(hits(evaluate(deposit('499999.99', false)))).toEqual([])
    expect(hits(evaluate(deposit('900000.00', true)))).toEqual([])
    expect(hits(evaluate(deposit('900000.00', false, 'out')))).toEqual([])
  })
})

describe('scores together', () => {
  it('blocks structuring on a dormant account reactivated (60 + 40 = 100)', () => {
    const on = withHistory([cashBucket(today, ['48000.00', '48000.00'])], cashDeposit('48000.00'), { idleDays: 400 })
    const decision = evaluate(on)
    expect(hits(decision)).toEqual(['structuring', 'dormant-reactivation'])
    expect(decision).toMatchObject({ score: 100, outcome: 'block', blockedBy: [] })
  })

  it('reviews a round amount to a monitored country (40 + 20 = 60)', () => {
    const on = facts({ 'transfer.counterpartyCountry': 'NG', 'transfer.isRoundAmount': true, 'agg.in.all.roundAmountCount.P30D': 3 })
    expect(evaluate(on)).toMatchObject({ score: 60, outcome: 'review' })
  })
})

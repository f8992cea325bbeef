import { isDomainError } from '@strongroom/kernel'
import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import { compileRulePack, evaluateRules } from './evaluate.js'
import { ruleExpr } from './expression-builders.js'
import type { MonitoringFactPath, MonitoringFacts } from './facts.js'
import { defaultMonitoringConfig } from './monitoring-config.js'
import type { MonitoringRule } from './rule.js'
import { monitoringPackInForce, outcomeForScore, type MonitoringRulePack } from './rule-pack.js'
import { aggregateFromDailyBuckets } from './window-aggregates.js'

const { fact, gte, eq } = ruleExpr

function facts(values: Partial<Record<MonitoringFactPath, unknown>> = {}): MonitoringFacts {
  const base = structuredClone({
    transfer: {
      amount: '1000.00',
      currency: 'CNY',
      direction: 'in',
      channel: 'transfer',
      counterpartyCountry: null,
      counterpartyName: null,
      isRoundAmount: false,
      isNearThreshold: false,
    },
    client: { riskRating: 'low', country: 'CN', type: 'individual', sourceOfFundsDocumented: true, idleDays: 3, ageDays: 900 },
    config: defaultMonitoringConfig,
    agg: aggregateFromDailyBuckets([], '2025-03-10'),
  }) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.')
    let target = base
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>
    target[keys.at(-1)!] = value
  }
  return base as unknown as MonitoringFacts
}

/** A rule that hits when the transfer amount reaches `from`. */
function amountRule(id: string, from: string, score: number, extra: Partial<MonitoringRule> = {}): MonitoringRule {
  return {
    id,
    version: 1,
    name: id,
    description: '',
    typology: 'test',
    expression: gte(fact('transfer.amount'), ruleExpr.dec(from)),
    score,
    explanation: `{{transfer.amount}} {{config.currency}} reaches ${from}`,
    ...extra,
  }
}

const pack: MonitoringRulePack = {
  id: 'test-pack',
  version: 3,
  effectiveFrom: '2025-01-01',
  name: 'Test pack',
  rules: [amountRule('from-100', '100', 30), amountRule('from-1000', '1000', 30), amountRule('from-5000', '5000', 50)],
  thresholds: { review: 40, block: 100 },
}

describe('outcomeForScore', () => {
  it('allows below review, reviews from review, blocks from block', () => {
    const thresholds = { review: 40, block: 100 }
    expect([0, 39, 40, 99, 100, 250].map((s) => outcomeForScore(thresholds, s))).toEqual(['allow', 'allow', 'review', 'review', 'block', 'block'])
  })
})

describe('evaluateRules', () => {
  it('adds the scores of the rules that hit and maps the total to an outcome', () => {
    const at = (amount: string) => evaluateRules(pack, facts({ 'transfer.amount': amount }))
    expect([at('50'), at('100'), at('1000'), at('5000')].map((d) => [d.score, d.outcome])).toEqual([
      [0, 'allow'],
      [30, 'allow'],
      [60, 'review'],
      [110, 'block'],
    ])
  })

  it('keeps every rule’s result, hit or not, with what it saw', () => {
    const decision = evaluateRules(pack, facts({ 'transfer.amount': '1000.00' }))
    expect(decision).toMatchObject({ packId: 'test-pack', packVersion: 3, blockedBy: [] })
    expect(decision.results).toEqual([
      {
        ruleId: 'from-100',
        version: 1,
        typology: 'test',
        mode: 'live',
        hit: true,
        score: 30,
        action: null,
        explanation: '1000.00 CNY reaches 100',
        observed: { 'transfer.amount': '1000.00', 'config.currency': 'CNY' },
      },
      expect.objectContaining({ ruleId: 'from-1000', hit: true, score: 30 }),
      {
        ruleId: 'from-5000',
        version: 1,
        typology: 'test',
        mode: 'live',
        hit: false,
        score: 0,
        action: null,
        explanation: 'Not met: transfer.amount = 1000.00, config.currency = CNY.',
        observed: { 'transfer.amount': '1000.00', 'config.currency': 'CNY' },
      },
    ])
  })

  it('blocks on a hit of a rule with action block, whatever the score', () => {
    const withBlock: MonitoringRulePack = {
      ...pack,
      rules: [
        ...pack.rules,
        {
          ...amountRule('sanctioned-country', '0', 1),
          expression: ruleExpr.in(fact('transfer.counterpartyCountry'), ['KP']),
          action: 'block',
          explanation: 'Counterparty in {{transfer.counterpartyCountry}}',
        },
      ],
    }
    const decision = evaluateRules(withBlock, facts({ 'transfer.amount': '10', 'transfer.counterpartyCountry': 'KP' }))
    expect(decision).toMatchObject({ outcome: 'block', score: 1, blockedBy: ['sanctioned-country'] })
    expect(decision.results.at(-1)).toMatchObject({ hit: true, action: 'block', explanation: 'Counterparty in KP' })
    expect(evaluateRules(withBlock, facts({ 'transfer.amount': '10', 'transfer.counterpartyCountry': 'KR' })).outcome).toBe('allow')
  })

  it('records a shadow rule beside the live one without letting it count', () => {
    const trial: MonitoringRulePack = {
      ...pack,
      rules: [...pack.rules, { ...amountRule('from-5000', '500', 50), version: 2, mode: 'shadow' }, { ...amountRule('shadow-block', '0', 0), mode: 'shadow', action: 'block' }],
    }
    const decision = evaluateRules(trial, facts({ 'transfer.amount': '1000' }))
    expect(decision.score).toBe(60)
    expect(decision.outcome).toBe('review')
    expect(decision.blockedBy).toEqual([])
    expect(decision.results.filter((r) => r.ruleId === 'from-5000').map((r) => [r.version, r.mode, r.hit, r.score])).toEqual([
      [1, 'live', false, 0],
      [2, 'shadow', true, 50],
    ])
  })

  it('shows "unknown" for a null fact in an explanation', () => {
    const rule = { ...amountRule('any', '0', 10), explanation: 'idle for {{client.idleDays}} days' }
    const decision = evaluateRules({ ...pack, rules: [rule] }, facts({ 'client.idleDays': null }))
    expect(decision.results[0]).toMatchObject({ explanation: 'idle for unknown days', observed: { 'client.idleDays': null, 'transfer.amount': '1000.00' } })
  })

  it('refuses an invalid pack with every problem in the error details', () => {
    const broken = { ...pack, rules: [{ ...pack.rules[0]!, expression: eq(fact('transfer.direction'), 'sideways') }] }
    try {
      evaluateRules(broken, facts())
      expect.unreachable('an invalid pack must not evaluate')
    } catch (error) {
      expect(error).toBeInstanceOf(RiskError)
      expect(isDomainError(error) && error.code).toBe('risk.invalid_rule')
      expect((error as RiskError).details).toEqual({
        errors: [{ path: 'rules[0].expression.right.value', message: '"sideways" can never match: the fact is one of in, out' }],
      })
    }
  })

  it('compiles a pack once and evaluates the compiled pack the same way', () => {
    const compiled = compileRulePack(pack)
    expect(compiled.pack).toEqual(pack)
    expect(Object.isFrozen(compiled.pack)).toBe(true)
    const on = facts({ 'transfer.amount': '1000' })
    expect(evaluateRules(compiled, on)).toEqual(evaluateRules(pack, on))
  })
})

describe('monitoringPackInForce', () => {
  const v1 = { ...pack, version: 1, effectiveFrom: '2025-01-01' }
  const v2 = { ...pack, version: 2, effectiveFrom: '2025-06-01' }

  it('picks the highest version in force on the date', () => {
    expect(monitoringPackInForce([v2, v1], 'test-pack', '2024-12-31')).toBeUndefined()
    expect(monitoringPackInForce([v2, v1], 'test-pack', '2025-05-31')).toBe(v1)
    expect(monitoringPackInForce([v2, v1], 'test-pack', '2025-06-01')).toBe(v2)
    expect(monitoringPackInForce([v2, v1], 'other', '2025-06-01')).toBeUndefined()
  })

  it('refuses two packs with the same id and version', () => {
    expect(() => monitoringPackInForce([v1, v1], 'test-pack', '2025-06-01')).toThrow(RangeError)
  })
})

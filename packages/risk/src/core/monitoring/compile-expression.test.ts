import { describe, expect, it } from 'vitest'
import { compileCondition, compileExpression } from './compile-expression.js'
import { explainExpression, formatExpression } from './explain-expression.js'
import { ruleExpr } from './expression-builders.js'
import type { Expression } from './expression.js'
import type { MonitoringFactPath, MonitoringFacts } from './facts.js'
import { defaultMonitoringConfig } from './monitoring-config.js'
import { aggregateFromDailyBuckets } from './window-aggregates.js'

const { fact, dec, and, or, not, eq, neq, gt, gte, lt, lte, add, sub, mul, div, between } = ruleExpr

/** Plain facts with the values given by path set on them. */
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

const holds = (expression: Expression, on: MonitoringFacts) => compileCondition(expression)(on)

describe('comparing amounts exactly', () => {
  it('sees 49,999.99 below a 50,000.00 threshold and 50,000 equal to it', () => {
    const below = lt(fact('transfer.amount'), fact('config.reportingThreshold'))
    expect(holds(below, facts({ 'transfer.amount': '49999.99' }))).toBe(true)
    expect(holds(below, facts({ 'transfer.amount': '50000' }))).toBe(false)
    expect(holds(eq(fact('transfer.amount'), fact('config.reportingThreshold')), facts({ 'transfer.amount': '50000' }))).toBe(true)
  })

  it('adds 0.1 and 0.2 to exactly 0.3, where floats give 0.30000000000000004', () => {
    expect(0.1 + 0.2 === 0.3).toBe(false)
    expect(holds(eq(add(dec('0.1'), dec('0.2')), dec('0.3')), facts())).toBe(true)
  })

  it('tells apart amounts that are the same double', () => {
    expect(10000000000000000.01 > 10000000000000000.0).toBe(false)
    const more = gt(fact('transfer.amount'), fact('config.largeDepositAmount'))
    const on = facts({ 'transfer.amount': '10000000000000000.01', 'config.largeDepositAmount': '10000000000000000.00' })
    expect(holds(more, on)).toBe(true)
  })

  it('computes 90% of the threshold exactly', () => {
    const band = mul(fact('config.reportingThreshold'), dec('0.9'))
    expect(holds(eq(band, dec('45000')), facts())).toBe(true)
    expect(holds(gte(fact('transfer.amount'), band), facts({ 'transfer.amount': '44999.99' }))).toBe(false)
    expect(holds(gte(fact('transfer.amount'), band), facts({ 'transfer.amount': '45000.00' }))).toBe(true)
  })

  it('reads counts given as whole numbers', () => {
    const three = gte(fact('agg.in.cash.nearThresholdCount.P1D'), 3)
    expect(holds(three, facts({ 'agg.in.cash.nearThresholdCount.P1D': 2 }))).toBe(false)
    expect(holds(three, facts({ 'agg.in.cash.nearThresholdCount.P1D': 3 }))).toBe(true)
  })
})

describe('operators', () => {
  const amount = (value: string) => facts({ 'transfer.amount': value })

  it.each([
    ['gt', gt, [false, false, true]],
    ['gte', gte, [false, true, true]],
    ['lt', lt, [true, false, false]],
    ['lte', lte, [true, true, false]],
    ['eq', eq, [false, true, false]],
    ['neq', neq, [true, false, true]],
  ] as const)('%s compares 99.99, 100.00 and 100.01 with 100', (_, op, expected) => {
    const test = op(fact('transfer.amount'), 100)
    expect(['99.99', '100.00', '100.01'].map((a) => holds(test, amount(a)))).toEqual(expected)
  })

  it('compares strings and booleans with eq and neq', () => {
    expect(holds(eq(fact('transfer.direction'), 'in'), facts())).toBe(true)
    expect(holds(neq(fact('transfer.direction'), 'in'), facts())).toBe(false)
    expect(holds(eq(fact('client.sourceOfFundsDocumented'), false), facts({ 'client.sourceOfFundsDocumented': false }))).toBe(true)
  })

  it('combines with and, or, not', () => {
    const t = eq(1, 1)
    const f = eq(1, 2)
    expect([holds(and(t, t), facts()), holds(and(t, f), facts()), holds(or(f, t), facts()), holds(or(f, f), facts()), holds(not(f), facts())]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ])
  })

  it('tests membership of a literal list or a list fact', () => {
    expect(holds(ruleExpr.in(fact('transfer.counterpartyCountry'), ['KP', 'IR']), facts({ 'transfer.counterpartyCountry': 'IR' }))).toBe(true)
    expect(holds(ruleExpr.in(fact('transfer.counterpartyCountry'), ['KP', 'IR']), facts({ 'transfer.counterpartyCountry': 'ir' }))).toBe(false)
    expect(holds(ruleExpr.in(fact('transfer.counterpartyCountry'), fact('config.highRiskCountries')), facts({ 'transfer.counterpartyCountry': 'KP' }))).toBe(true)
    expect(holds(ruleExpr.in(fact('transfer.counterpartyCountry'), fact('config.highRiskCountries')), facts({ 'transfer.counterpartyCountry': 'FR' }))).toBe(false)
  })

  it('takes between as inclusive at both ends', () => {
    const band = between(fact('transfer.amount'), dec('45000.00'), dec('49999.99'))
    expect(['44999.99', '45000.00', '49999.99', '50000.00'].map((a) => holds(band, amount(a)))).toEqual([false, true, true, false])
  })

  it('does arithmetic exactly, to 40 significant digits for division', () => {
    const value = compileExpression(div(sub(dec('100'), dec('1')), 3))(facts())
    expect(String(value)).toBe('33')
    const third = compileExpression(div(1, 3))(facts())
    expect(String(third)).toBe(`0.${'3'.repeat(40)}`)
  })
})

describe('unknown values', () => {
  const noCountry = facts({ 'transfer.counterpartyCountry': null })

  it('make every comparison false, neq included', () => {
    expect(holds(eq(fact('transfer.counterpartyCountry'), 'KP'), noCountry)).toBe(false)
    expect(holds(neq(fact('transfer.counterpartyCountry'), 'KP'), noCountry)).toBe(false)
    expect(holds(ruleExpr.in(fact('transfer.counterpartyCountry'), fact('config.highRiskCountries')), noCountry)).toBe(false)
    expect(holds(gte(fact('client.idleDays'), 0), facts({ 'client.idleDays': null }))).toBe(false)
    expect(holds(between(fact('agg.in.all.average.P1D'), 0, 100), facts())).toBe(false)
  })

  it('propagate through arithmetic, and division by zero is unknown', () => {
    expect(compileExpression(add(fact('client.idleDays'), 1))(facts({ 'client.idleDays': null }))).toBeNull()
    expect(compileExpression(div(fact('transfer.amount'), fact('agg.in.all.sum.P1D')))(facts())).toBeNull()
    expect(holds(gt(div(1, 0), 0), facts())).toBe(false)
    expect(holds(lte(div(1, 0), 0), facts())).toBe(false)
  })
})

describe('facts the caller got wrong', () => {
  it('throws a TypeError naming the fact when it is missing or of the wrong type', () => {
    const broken = facts() as unknown as { agg: Record<string, unknown> }
    delete broken.agg.in
    expect(() => holds(gte(fact('agg.in.cash.count.P1D'), 3), broken as unknown as MonitoringFacts)).toThrow(/agg\.in\.cash\.count\.P1D is missing/)
    expect(() => holds(gte(fact('transfer.amount'), 3), facts({ 'transfer.amount': 12.5 }))).toThrow(/transfer\.amount must be a decimal string/)
    expect(() => holds(gte(fact('transfer.amount'), 3), facts({ 'transfer.amount': '1e3' }))).toThrow(TypeError)
    expect(() => holds(eq(fact('transfer.direction'), 'in'), facts({ 'transfer.direction': 1 }))).toThrow(/must be a string/)
  })

  it('does not read what a short-circuit skips', () => {
    const broken = facts({ 'transfer.amount': 'not a number' })
    expect(holds(or(eq(1, 1), gt(fact('transfer.amount'), 0)), broken)).toBe(true)
    expect(() => holds(and(eq(1, 1), gt(fact('transfer.amount'), 0)), broken)).toThrow(TypeError)
  })

  it('refuses to compile an invalid expression, or a non-boolean one as a condition', () => {
    expect(() => compileCondition(add(1, 2))).toThrow(expect.objectContaining({ code: 'risk.invalid_rule' }))
    expect(() => compileExpression(gt(fact('client.country'), 1))).toThrow(expect.objectContaining({ code: 'risk.invalid_rule' }))
    expect(() => explainExpression(eq(fact('transfer.direction'), 'up'), facts())).toThrow(expect.objectContaining({ code: 'risk.invalid_rule' }))
  })
})

describe('explaining an expression', () => {
  const expression = and(eq(fact('transfer.channel'), 'cash'), or(gte(fact('agg.in.cash.nearThresholdCount.P1D'), 3), gte(fact('agg.in.cash.nearThresholdCount.P7D'), 3)))

  it('reports the value every node produced, and which ones were not needed', () => {
    const trace = explainExpression(expression, facts({ 'transfer.channel': 'cash', 'agg.in.cash.nearThresholdCount.P1D': 3, 'agg.in.cash.nearThresholdCount.P7D': 1 }))
    expect(trace.value).toBe(true)
    const [channelTest, either] = trace.children
    expect(channelTest?.children.map((c) => [c.label, c.value])).toEqual([
      ['transfer.channel', 'cash'],
      ["'cash'", 'cash'],
    ])
    expect(either?.children.map((c) => [c.label, c.evaluated, c.value])).toEqual([
      ['≥', true, true],
      ['≥', false, null], // the 7-day test was not needed
    ])
    expect(either?.children[0]?.children.map((c) => c.value)).toEqual(['3', '3'])
  })

  it('stops at the first false operand of and', () => {
    const trace = explainExpression(expression, facts({ 'transfer.channel': 'transfer' }))
    expect(trace.value).toBe(false)
    expect(trace.children.map((c) => c.evaluated)).toEqual([true, false])
  })

  it('reads as one line', () => {
    expect(formatExpression(expression)).toBe(
      "(transfer.channel = 'cash') and ((agg.in.cash.nearThresholdCount.P1D ≥ 3) or (agg.in.cash.nearThresholdCount.P7D ≥ 3))",
    )
    expect(formatExpression(not(ruleExpr.in(fact('transfer.counterpartyCountry'), ['KP', 'IR'])))).toBe('not (transfer.counterpartyCountry in [KP, IR])')
  })
})

import { describe, expect, it } from 'vitest'
import { defaultMonitoringRulePack } from './default-rule-pack.js'
import { parseMonitoringRule, parseMonitoringRulePack } from './parse-rule.js'

const asJson = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value))

const structuring = defaultMonitoringRulePack.rules.find((r) => r.id === 'structuring')!

function ruleErrors(changes: Record<string, unknown>): { path: string; message: string }[] {
  const result = parseMonitoringRule({ ...asJson(structuring), ...changes })
  if (result.ok) throw new Error('expected the rule to be refused')
  return [...result.errors]
}

function packErrors(changes: Record<string, unknown>): { path: string; message: string }[] {
  const result = parseMonitoringRulePack({ ...asJson(defaultMonitoringRulePack), ...changes })
  if (result.ok) throw new Error('expected the pack to be refused')
  return [...result.errors]
}

describe('parseMonitoringRule', () => {
  it('reads a rule stored as JSON back to the same rule, frozen', () => {
    const result = parseMonitoringRule(asJson(structuring))
    expect(result).toEqual({ ok: true, value: structuring })
    if (result.ok) expect(Object.isFrozen(result.value.expression)).toBe(true)
  })

  it('reports each bad field with its path', () => {
    const errors = ruleErrors({ id: 'Structuring Rule', version: 0, score: 12.5, typology: '', severity: 'urgent', action: 'freeze', mode: 'dry-run', owner: 'x' })
    expect(errors.map((e) => e.path).sort()).toEqual(['action', 'id', 'mode', 'owner', 'score', 'severity', 'typology', 'version'])
    expect(errors.find((e) => e.path === 'id')?.message).toMatch(/kebab-case/)
    expect(errors.find((e) => e.path === 'owner')?.message).toMatch(/unexpected field/)
  })

  it('bounds the score to whole numbers from 0 to 1000', () => {
    expect(ruleErrors({ score: -1 })).toEqual([{ path: 'score', message: 'must be a whole number from 0 to 1000' }])
    expect(ruleErrors({ score: 1001 })).toHaveLength(1)
    expect(parseMonitoringRule({ ...asJson(structuring), score: 0 }).ok).toBe(true)
  })

  it('checks the facts an explanation names', () => {
    expect(ruleErrors({ explanation: '{{agg.in.cash.nearThresholdCount.P5D}} deposits' })).toEqual([
      { path: 'explanation', message: 'unknown fact "agg.in.cash.nearThresholdCount.P5D" in {{agg.in.cash.nearThresholdCount.P5D}}' },
    ])
    expect(ruleErrors({ explanation: '{{transfer.amount} deposited' })).toEqual([{ path: 'explanation', message: 'has an unclosed or empty {{placeholder}}' }])
    expect(ruleErrors({ explanation: '' })[0]?.path).toBe('explanation')
  })

  it('wants a boolean condition, and reports inside it', () => {
    expect(ruleErrors({ expression: { op: 'fact', path: 'transfer.amount' } })).toEqual([
      { path: 'expression', message: 'must be a boolean expression, but this one gives a number' },
    ])
    expect(ruleErrors({ expression: { op: 'not', arg: { op: 'fact', path: 'client.kyc' } } })).toEqual([{ path: 'expression.arg.path', message: 'unknown fact "client.kyc"' }])
  })

  it('refuses what is not an object', () => {
    expect(parseMonitoringRule('structuring')).toEqual({ ok: false, errors: [{ path: '$', message: 'a rule must be an object' }] })
  })
})

describe('parseMonitoringRulePack', () => {
  it('reads the default pack stored as JSON back to the same pack', () => {
    expect(parseMonitoringRulePack(asJson(defaultMonitoringRulePack))).toEqual({ ok: true, value: defaultMonitoringRulePack })
  })

  it('prefixes rule problems with the rule’s place in the pack', () => {
    const rules = asJson(defaultMonitoringRulePack).rules as Record<string, unknown>[]
    rules[2] = { ...rules[2], version: 'two' }
    expect(packErrors({ rules })).toEqual([{ path: 'rules[2].version', message: 'must be a whole number from 1' }])
  })

  it('wants thresholds with review ≤ block', () => {
    expect(packErrors({ thresholds: { review: 100, block: 40 } })).toEqual([{ path: 'thresholds.block', message: 'must be at least thresholds.review (100)' }])
    expect(packErrors({ thresholds: { review: 0, block: 40 } })).toEqual([{ path: 'thresholds.review', message: 'must be a whole number from 1' }])
    expect(packErrors({ thresholds: [40, 100] })[0]?.path).toBe('thresholds')
  })

  it('allows one live version of a rule, and a new version beside it in shadow', () => {
    const rules = asJson(defaultMonitoringRulePack).rules as Record<string, unknown>[]
    const next = { ...asJson(structuring), version: 2 }
    expect(packErrors({ rules: [...rules, next] })).toEqual([
      { path: `rules[${rules.length}].mode`, message: "rule structuring has another live version in this pack; run the new one as 'shadow'" },
    ])
    expect(parseMonitoringRulePack({ ...asJson(defaultMonitoringRulePack), rules: [...rules, { ...next, mode: 'shadow' }] }).ok).toBe(true)
    expect(packErrors({ rules: [...rules, { ...asJson(structuring), mode: 'shadow' }] })).toEqual([
      { path: `rules[${rules.length}]`, message: 'rule structuring v1 appears twice' },
    ])
  })

  it('checks the pack’s own fields', () => {
    expect(packErrors({ id: 'Default', version: 1.5, effectiveFrom: '2025-13-01', name: ' ', rules: [] }).map((e) => e.path)).toEqual([
      'id',
      'version',
      'effectiveFrom',
      'name',
      'rules',
    ])
    expect(parseMonitoringRulePack(null)).toEqual({ ok: false, errors: [{ path: '$', message: 'a rule pack must be an object' }] })
  })
})

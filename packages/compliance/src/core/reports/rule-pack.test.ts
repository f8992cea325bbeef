import { parseMoney } from '@strongroom/kernel'
import { describe, expect, it } from 'vitest'
import { defaultRulePacks, packInForce, rulePackProblem, type RulePack } from './rule-pack.js'

const pboc = defaultRulePacks.find((p) => p.id === 'CN-PBOC-LVT')!

function withChanges(changes: Record<string, unknown>, pack: RulePack = pboc): unknown {
  return { ...pack, ...changes }
}

function withRule(changes: Record<string, unknown>): unknown {
  return withChanges({ rules: [{ ...pboc.rules[0], ...changes }] })
}

describe('the default rule packs', () => {
  it('are valid, frozen and one version each', () => {
    expect(defaultRulePacks.map((p) => [p.id, p.version, rulePackProblem(p)])).toEqual([
      ['CN-PBOC-LVT', 1, undefined],
      ['US-FINCEN-CTR', 1, undefined],
      ['EU-AMLD-OCCASIONAL', 1, undefined],
    ])
    expect(Object.isFrozen(defaultRulePacks)).toBe(true)
    expect(Object.isFrozen(pboc.rules[0]!.thresholds[0])).toBe(true)
    expect(Object.isFrozen(pboc.rules[0]!.appliesTo)).toBe(true)
  })

  it('hold the PBoC Order 2016 No. 3 thresholds, at least, filed within 5 working days', () => {
    const thresholds = Object.fromEntries(pboc.rules.map((r) => [r.id, r.thresholds.map((t) => `${t.currency} ${t.amountMinor}`)]))
    expect(thresholds).toEqual({
      'cn-cash': ['CNY 5000000', 'USD 1000000'],
      'cn-institution-transfer': ['CNY 200000000', 'USD 20000000'],
      'cn-individual-domestic-transfer': ['CNY 50000000', 'USD 10000000'],
      'cn-individual-cross-border-transfer': ['CNY 20000000', 'USD 1000000'],
    })
    expect(pboc.rules.every((r) => r.comparison === 'at-least' && r.basis === 'single-or-daily-cumulative')).toBe(true)
    expect(pboc.filingDeadline).toEqual({ workingDays: 5 })
  })

  it('hold the CTR as more than USD 10,000 aggregated per day within 15 calendar days, and the EU check from EUR 15,000', () => {
    const ctr = defaultRulePacks.find((p) => p.id === 'US-FINCEN-CTR')!
    expect(ctr.rules).toEqual([
      expect.objectContaining({ thresholds: [parseMoney('10000.00', 'USD')], basis: 'daily-aggregate', comparison: 'more-than' }),
    ])
    expect(ctr.filingDeadline).toEqual({ calendarDays: 15 })
    const eu = defaultRulePacks.find((p) => p.id === 'EU-AMLD-OCCASIONAL')!
    expect(eu.rules).toEqual([expect.objectContaining({ thresholds: [parseMoney('15000.00', 'EUR')], comparison: 'at-least' })])
  })
})

describe('rulePackProblem', () => {
  it('accepts a changed pack loaded as data', () => {
    const changed = withChanges({ version: 2, effectiveFrom: '2026-01-01', rules: [{ ...pboc.rules[0], thresholds: [parseMoney('30000.00', 'CNY')] }] })
    expect(rulePackProblem(changed)).toBeUndefined()
  })

  it.each([
    ['not an object', null, /object/],
    ['no id', withChanges({ id: ' ' }), /id/],
    ['version 0', withChanges({ version: 0 }), /version/],
    ['version 1.5', withChanges({ version: 1.5 }), /version/],
    ['a date that does not exist', withChanges({ effectiveFrom: '2023-02-29' }), /effectiveFrom/],
    ['a lower-case jurisdiction', withChanges({ jurisdiction: 'cn' }), /jurisdiction/],
    ['no rules', withChanges({ rules: [] }), /rules/],
    ['a rule id twice', withChanges({ rules: [pboc.rules[0], pboc.rules[0]] }), /cn-cash appears twice/],
    ['an unknown channel', withRule({ appliesTo: { channel: 'cheque', clientKind: 'any' } }), /channel/],
    ['an unknown client kind', withRule({ appliesTo: { channel: 'cash', clientKind: 'company' } }), /clientKind/],
    ['crossBorder not a boolean', withRule({ appliesTo: { channel: 'cash', clientKind: 'any', crossBorder: 'yes' } }), /crossBorder/],
    ['no thresholds', withRule({ thresholds: [] }), /thresholds/],
    ['a float threshold', withRule({ thresholds: [{ amountMinor: 50000, currency: 'CNY' }] }), /bigint/],
    ['an unknown currency', withRule({ thresholds: [{ amountMinor: 1n, currency: 'XYZ' }] }), /currency/],
    ['a zero threshold', withRule({ thresholds: [parseMoney('0', 'CNY')] }), /positive/],
    ['two CNY thresholds', withRule({ thresholds: [parseMoney('1', 'CNY'), parseMoney('2', 'CNY')] }), /more than one CNY/],
    ['an unknown basis', withRule({ basis: 'weekly' }), /basis/],
    ['an unknown comparison', withRule({ comparison: 'at-most' }), /comparison/],
    ['two deadlines', withChanges({ filingDeadline: { workingDays: 5, calendarDays: 15 } }), /filingDeadline/],
    ['a negative deadline', withChanges({ filingDeadline: { calendarDays: -1 } }), /filingDeadline/],
  ])('refuses %s', (_, value, message) => {
    expect(rulePackProblem(value)).toMatch(message)
  })
})

describe('packInForce', () => {
  const v1 = withChanges({ version: 1, effectiveFrom: '2017-07-01' }) as RulePack
  const v2 = withChanges({ version: 2, effectiveFrom: '2026-01-01' }) as RulePack
  const packs = [v2, v1, ...defaultRulePacks.filter((p) => p.id !== 'CN-PBOC-LVT')]

  it('picks the version in force on the date', () => {
    expect(packInForce(packs, 'CN-PBOC-LVT', '2025-12-31')?.version).toBe(1)
    expect(packInForce(packs, 'CN-PBOC-LVT', '2026-01-01')?.version).toBe(2)
    expect(packInForce(packs, 'US-FINCEN-CTR', '2026-01-01')?.id).toBe('US-FINCEN-CTR')
  })

  it('finds none before the first version, or for an unknown id', () => {
    expect(packInForce(packs, 'CN-PBOC-LVT', '2017-06-30')).toBeUndefined()
    expect(packInForce(packs, 'HK-JFIU', '2026-01-01')).toBeUndefined()
  })

  it('lets a later version correct an earlier one from a date before it', () => {
    const correction = withChanges({ version: 3, effectiveFrom: '2025-01-01' }) as RulePack
    expect(packInForce([...packs, correction], 'CN-PBOC-LVT', '2026-06-01')?.version).toBe(3)
    expect(packInForce([...packs, correction], 'CN-PBOC-LVT', '2024-06-01')?.version).toBe(1)
  })

  it('refuses a date that is not one, and a version given twice', () => {
    expect(() => packInForce(packs, 'CN-PBOC-LVT', '2026-1-1')).toThrow(RangeError)
    expect(() => packInForce([v1, v1], 'CN-PBOC-LVT', '2026-01-01')).toThrow(/v1 appears twice/)
  })
})

import { parseMoney } from '@strongroom/kernel'
import { describe, expect, it } from 'vitest'
import { detectLargeValue, type LargeValueFinding } from './large-value.js'
import { decideReportTransition, draftLargeValueReport, type LargeValueReport, type ReportAction } from './report-lifecycle.js'
import { defaultRulePacks } from './rule-pack.js'

const pboc = defaultRulePacks.find((p) => p.id === 'CN-PBOC-LVT')!

function findingsOf(amount: string, metadata?: Record<string, string>): LargeValueFinding[] {
  return detectLargeValue({
    pack: pboc,
    businessDate: '2025-03-06',
    client: { id: 'client-1', kind: 'individual' },
    transactions: [
      { transferId: 't1', postedAt: '2025-03-06T10:00:00+08:00', direction: 'out', amount: parseMoney(amount, 'CNY'), channel: 'transfer', crossBorder: false, counterparty: null, ...(metadata ? { metadata } : {}) },
    ],
    exemptions: [{ kind: 'deposit-rollover' }],
  })
}

function aDraft(by = 'lvt-nightly', byKind: 'person' | 'system' = 'system'): LargeValueReport {
  return draftLargeValueReport({ id: 'r-1', findings: findingsOf('600000.00'), deadline: '2025-03-13', by, byKind, at: '2025-03-06T23:00:00+08:00' })
}

function act(report: LargeValueReport, kind: ReportAction['kind'], by: string, extra: Partial<ReportAction> = {}) {
  return decideReportTransition(report, { kind, by, at: '2025-03-07T10:00:00+08:00', ...extra })
}

function ok(decision: ReturnType<typeof act>): LargeValueReport {
  if (decision.kind !== 'ok') throw new Error(`refused: ${decision.code} ${decision.detail}`)
  return decision.report
}

describe('drafting a large-value report', () => {
  it('takes the client, day and pack from its findings', () => {
    expect(aDraft()).toMatchObject({
      id: 'r-1', clientId: 'client-1', businessDate: '2025-03-06', packId: 'CN-PBOC-LVT', packVersion: 1, deadline: '2025-03-13',
      status: 'draft', drafted: { by: 'lvt-nightly', byKind: 'system', at: '2025-03-06T23:00:00+08:00' },
    })
  })

  it('refuses no finding, an exempted finding, or a deadline before the day', () => {
    const base = { id: 'r-1', deadline: '2025-03-13', by: 'lvt-nightly', byKind: 'system', at: '2025-03-06T23:00:00Z' } as const
    expect(() => draftLargeValueReport({ ...base, findings: [] })).toThrow(RangeError)
    expect(() => draftLargeValueReport({ ...base, findings: findingsOf('600000.00', { 'deposit.event': 'maturity' }) })).toThrow(/not reportable/)
    expect(() => draftLargeValueReport({ ...base, findings: findingsOf('600000.00'), deadline: '2025-03-05' })).toThrow(/before/)
  })
})

describe('the report lifecycle', () => {
  it('goes draft → reviewed → filed, recording who, when and the regulator’s reference', () => {
    const reviewed = ok(act(aDraft(), 'review', 'alice'))
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewed: { by: 'alice', at: '2025-03-07T10:00:00+08:00' } })
    const filed = ok(act(reviewed, 'file', 'bob', { reference: ' PBOC-2025-000123 ' }))
    expect(filed).toMatchObject({ status: 'filed', reviewed: { by: 'alice' }, filed: { by: 'bob', reference: 'PBOC-2025-000123' } })
    expect(Object.isFrozen(filed)).toBe(true)
  })

  it('dismisses a draft or a reviewed report with a reason', () => {
    expect(ok(act(aDraft(), 'dismiss', 'alice', { reason: 'duplicate of r-0' }))).toMatchObject({ status: 'dismissed', dismissed: { by: 'alice', reason: 'duplicate of r-0' } })
    const reviewed = ok(act(aDraft(), 'review', 'alice'))
    expect(ok(act(reviewed, 'dismiss', 'bob', { reason: 'client reclassified' }))).toMatchObject({ status: 'dismissed', reviewed: { by: 'alice' } })
  })

  it('refuses a dismissal without a reason, and a filing without a reference', () => {
    expect(act(aDraft(), 'dismiss', 'alice', { reason: '  ' })).toEqual({ kind: 'refused', code: 'reason_required', detail: expect.any(String) })
    expect(act(aDraft(), 'dismiss', 'alice')).toMatchObject({ code: 'reason_required' })
    const reviewed = ok(act(aDraft(), 'review', 'alice'))
    expect(act(reviewed, 'file', 'bob')).toEqual({ kind: 'refused', code: 'reference_required', detail: expect.any(String) })
  })

  it('refuses steps out of order', () => {
    const draft = aDraft()
    expect(act(draft, 'file', 'bob', { reference: 'X' })).toEqual({ kind: 'refused', code: 'invalid_transition', detail: expect.stringContaining('draft') })
    const reviewed = ok(act(draft, 'review', 'alice'))
    expect(act(reviewed, 'review', 'carol')).toMatchObject({ code: 'invalid_transition' })
    const filed = ok(act(reviewed, 'file', 'bob', { reference: 'X' }))
    expect(act(filed, 'dismiss', 'carol', { reason: 'late' })).toMatchObject({ code: 'invalid_transition' })
    expect(act(filed, 'file', 'carol', { reference: 'Y' })).toMatchObject({ code: 'invalid_transition' })
    const dismissed = ok(act(draft, 'dismiss', 'alice', { reason: 'duplicate' }))
    expect(act(dismissed, 'review', 'bob')).toMatchObject({ code: 'invalid_transition' })
  })

  it('keeps four eyes: a person cannot review their own draft, nor file what they reviewed', () => {
    const byAlice = aDraft('alice', 'person')
    expect(act(byAlice, 'review', 'alice')).toEqual({ kind: 'refused', code: 'same_person', detail: expect.stringContaining('alice') })
    const reviewed = ok(act(byAlice, 'review', 'bob'))
    expect(act(reviewed, 'file', 'bob', { reference: 'X' })).toMatchObject({ kind: 'refused', code: 'same_person' })
    // The drafter may file what someone else reviewed: two people still saw it.
    expect(ok(act(reviewed, 'file', 'alice', { reference: 'X' })).status).toBe('filed')
  })

  it('lets anyone review a system draft, even one named like a person', () => {
    expect(ok(act(aDraft('alice', 'system'), 'review', 'alice')).status).toBe('reviewed')
  })

  it('checks the transition before the reason, and the reference before four eyes', () => {
    const reviewed = ok(act(aDraft(), 'review', 'alice'))
    const filed = ok(act(reviewed, 'file', 'bob', { reference: 'X' }))
    expect(act(filed, 'dismiss', 'carol')).toMatchObject({ code: 'invalid_transition' })
    expect(act(reviewed, 'file', 'alice')).toMatchObject({ code: 'reference_required' })
  })

  it('throws for a step without a person or an instant', () => {
    expect(() => act(aDraft(), 'review', ' ')).toThrow(RangeError)
    expect(() => decideReportTransition(aDraft(), { kind: 'review', by: 'alice', at: '2025-03-07 10:00' })).toThrow(RangeError)
  })
})

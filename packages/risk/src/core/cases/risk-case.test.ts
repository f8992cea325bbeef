import { describe, expect, it } from 'vitest'
import { decideCaseOutcome, slaDueAt, snoozeProblem, unsnoozedRules, type RiskCase, type Snooze } from './risk-case.js'

const open: RiskCase = {
  id: 'case-1', clientId: 'c1', status: 'open', assignee: null, slaDueAt: '2026-03-04T09:00:00.000Z', outcome: null, outcomeNote: null,
  outcomeBy: null, outcomeAt: null, suspiciousReportId: null, openedAt: '2026-03-01T09:00:00.000Z', closedAt: null, version: 1,
}
const at = new Date('2026-03-02T10:00:00.000Z')

describe('case outcomes', () => {
  it('closes a case on a true or false positive and keeps it open while information is needed', () => {
    const asked = decideCaseOutcome(open, 'needs_information', 'asked the RM for the sale contract', 'analyst', at)
    expect(asked).toMatchObject({ kind: 'record', next: { status: 'open', outcome: 'needs_information', version: 2 } })
    const closed = decideCaseOutcome(open, 'false_positive', 'salary and bonus, documented', 'analyst', at)
    expect(closed).toMatchObject({ kind: 'record', next: { status: 'closed', closedAt: '2026-03-02T10:00:00.000Z' } })
  })

  it('refuses an outcome without reasons, or on a closed case', () => {
    expect(decideCaseOutcome(open, 'true_positive', '  ', 'analyst', at).kind).toBe('refuse')
    const closed = { ...open, status: 'closed' as const, outcome: 'false_positive' as const }
    expect(decideCaseOutcome(closed, 'true_positive', 'new facts', 'analyst', at).kind).toBe('refuse')
  })
})

describe('SLA and snoozes', () => {
  it('gives a block 24 hours and a review 72 by default', () => {
    const opened = new Date('2026-03-01T09:00:00.000Z')
    expect(slaDueAt(opened, 'block').toISOString()).toBe('2026-03-02T09:00:00.000Z')
    expect(slaDueAt(opened, 'review').toISOString()).toBe('2026-03-04T09:00:00.000Z')
  })

  it('silences only the snoozed rule, only until its end, and wants a reason and a near end', () => {
    const snooze: Snooze = { id: 's', clientId: 'c1', ruleId: 'round-amounts', until: '2026-03-10T00:00:00.000Z', reason: 'rent', by: 'a', at: '2026-03-01T00:00:00.000Z' }
    expect(unsnoozedRules(['round-amounts', 'structuring'], [snooze], at)).toEqual(['structuring'])
    expect(unsnoozedRules(['round-amounts'], [snooze], new Date('2026-03-10T00:00:00.000Z'))).toEqual(['round-amounts'])
    expect(snoozeProblem({ until: new Date('2026-03-05T00:00:00Z'), reason: '' }, at)).toMatch(/reason/)
    expect(snoozeProblem({ until: new Date('2026-09-05T00:00:00Z'), reason: 'rent' }, at)).toMatch(/90 days/)
    expect(snoozeProblem({ until: new Date('2026-03-05T00:00:00Z'), reason: 'rent' }, at)).toBeUndefined()
  })
})

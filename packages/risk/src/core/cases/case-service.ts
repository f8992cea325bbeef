import type { Clock, IdGenerator } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import type { CaseStore } from '../ports.js'
import { decideCaseOutcome, defaultCaseSla, slaDueAt, snoozeProblem, unsnoozedRules, type CaseOutcome, type CaseSla, type RiskAlert, type RiskCase, type Snooze } from './risk-case.js'

export interface CaseServiceDeps {
  readonly store: CaseStore
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly sla?: CaseSla | undefined
}

export interface NewAlert {
  readonly clientId: string
  readonly decisionId: string
  readonly transferId: string | null
  readonly outcome: 'review' | 'block'
  readonly score: number
  readonly ruleIds: readonly string[]
}

/**
 * Alerts and cases: an alert joins its client's one open case (opening it
 * when there is none); analysts assign, annotate and decide cases; the
 * outcome is kept per rule for tuning; a rule can be snoozed for a client.
 */
export function createCaseService(deps: CaseServiceDeps) {
  const { store, clock, ids } = deps
  const sla = deps.sla ?? defaultCaseSla

  async function getCase(id: string): Promise<RiskCase> {
    const found = await store.findCase(id)
    if (!found) throw new RiskError('risk.case_not_found', `no case ${id}`)
    return found
  }

  return {
    /** Raises an alert unless every rule that fired is snoozed for the client; undefined then. */
    async raiseAlert(input: NewAlert): Promise<{ alert: RiskAlert; riskCase: RiskCase; opened: boolean } | undefined> {
      const now = clock.now()
      const ruleIds = input.ruleIds.length === 0 ? [] : unsnoozedRules(input.ruleIds, await store.snoozesOf(input.clientId, now.toISOString()), now)
      if (input.ruleIds.length > 0 && ruleIds.length === 0) return undefined
      const newCase: RiskCase = {
        id: ids.next(), clientId: input.clientId, status: 'open', assignee: null, slaDueAt: slaDueAt(now, input.outcome, sla).toISOString(),
        outcome: null, outcomeNote: null, outcomeBy: null, outcomeAt: null, suspiciousReportId: null, openedAt: now.toISOString(), closedAt: null, version: 1,
      }
      return store.raiseAlert({ id: ids.next(), clientId: input.clientId, decisionId: input.decisionId, transferId: input.transferId, outcome: input.outcome,
        score: input.score, ruleIds, createdAt: now.toISOString() }, newCase)
    },

    getCase,
    listCases: store.listCases,
    listAlerts: store.listAlerts,
    notesOf: store.notesOf,

    async updateCase(id: string, changes: { assignee?: string | null | undefined; slaDueAt?: string | undefined }, expectedVersion?: number): Promise<RiskCase> {
      const current = await getCase(id)
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new RiskError('risk.invalid_case_transition', `case ${id} is at version ${current.version}, not ${expectedVersion}: reload it`)
      }
      if (current.status === 'closed') throw new RiskError('risk.invalid_case_transition', `case ${id} is closed`)
      const next: RiskCase = {
        ...current,
        assignee: changes.assignee === undefined ? current.assignee : changes.assignee,
        slaDueAt: changes.slaDueAt ?? current.slaDueAt,
        version: current.version + 1,
      }
      if (!(await store.saveCase(next, current.version))) throw new RiskError('risk.invalid_case_transition', `case ${id} changed meanwhile: reload it`)
      return next
    },

    async addNote(caseId: string, text: string, by: string) {
      await getCase(caseId)
      if (text.trim() === '') throw new RiskError('risk.invalid_case_transition', 'a note has text')
      const note = { id: ids.next(), caseId, by, text: text.trim(), at: clock.now().toISOString() }
      await store.insertNote(note)
      return note
    },

    /** Records the outcome and, per rule behind the case's alerts, the same outcome for tuning. */
    async recordOutcome(caseId: string, outcome: CaseOutcome, note: string, by: string): Promise<RiskCase> {
      const current = await getCase(caseId)
      const decision = decideCaseOutcome(current, outcome, note, by, clock.now())
      if (decision.kind === 'refuse') throw new RiskError('risk.invalid_case_transition', decision.detail)
      if (!(await store.saveCase(decision.next, current.version))) throw new RiskError('risk.invalid_case_transition', `case ${caseId} changed meanwhile: reload it`)
      const alerts = await store.listAlerts({ caseId }, 10_000)
      await store.recordRuleOutcomes(caseId, alerts.flatMap((a) => a.ruleIds), outcome, clock.now().toISOString())
      return decision.next
    },

    /** Links the suspicious report compliance opened from a true positive. */
    async linkSuspiciousReport(caseId: string, reportId: string): Promise<RiskCase> {
      const current = await getCase(caseId)
      const next = { ...current, suspiciousReportId: reportId, version: current.version + 1 }
      if (!(await store.saveCase(next, current.version))) throw new RiskError('risk.invalid_case_transition', `case ${caseId} changed meanwhile`)
      return next
    },

    async snooze(input: { clientId: string; ruleId: string; until: string; reason: string }, by: string): Promise<Snooze> {
      const now = clock.now()
      const problem = snoozeProblem({ until: new Date(input.until), reason: input.reason }, now)
      if (problem) throw new RiskError('risk.invalid_snooze', problem)
      const snooze: Snooze = { id: ids.next(), ...input, until: new Date(input.until).toISOString(), reason: input.reason.trim(), by, at: now.toISOString() }
      await store.insertSnooze(snooze)
      return snooze
    },
    snoozesOf: (clientId: string) => store.snoozesOf(clientId, clock.now().toISOString()),
    tuning: () => store.ruleOutcomeCounts(),
  }
}

export type CaseService = ReturnType<typeof createCaseService>

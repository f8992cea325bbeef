import { assertCalendarDay, instantMillis } from '@strongroom/kernel'
import type { LargeValueFinding } from './large-value.js'

/**
 * A regulatory report's life: drafted (by the system from a finding, or by
 * a person), reviewed by a person, filed by a person with the regulator's
 * reference — or dismissed, from draft or reviewed, with a reason.
 *
 *     draft ──review──▶ reviewed ──file──▶ filed
 *       │                  │
 *       └────dismiss───────┴──────▶ dismissed
 *
 * Four eyes: the reviewer is not the person who drafted the report (a
 * system draft has no person to conflict with), and the filer is not the
 * reviewer. The drafter may file once someone else has reviewed: that is
 * still two people. Each step records who and when; `by` is a staff id,
 * compared exactly.
 *
 * Dismissal takes one named person and a reason, as the state machine has
 * no step for a second person to approve it; a bank that wants four eyes on
 * a decision not to report needs a 'dismissal requested' state in front of
 * it. Timestamps are recorded as given, not checked for order: clocks on two
 * servers may disagree by a little, and a refusal over that would help nobody.
 */

export const reportStatuses = ['draft', 'reviewed', 'filed', 'dismissed'] as const
export type ReportStatus = (typeof reportStatuses)[number]

export interface ReportStep {
  /** A staff id, or the system job's name for a system draft. */
  readonly by: string
  /** ISO 8601 instant with its offset. */
  readonly at: string
}

/** What the lifecycle reads and writes; any kind of report can carry it. */
export interface ReportState {
  readonly status: ReportStatus
  readonly drafted: ReportStep & { readonly byKind: 'person' | 'system' }
  readonly reviewed?: ReportStep
  readonly filed?: ReportStep & { readonly reference: string }
  readonly dismissed?: ReportStep & { readonly reason: string }
}

/** One client's large-value report for one business day under one rule pack. */
export interface LargeValueReport extends ReportState {
  readonly id: string
  readonly clientId: string
  readonly businessDate: string
  readonly packId: string
  readonly packVersion: number
  /** YYYY-MM-DD: the last day to file (see `filingDeadline`). */
  readonly deadline: string
  readonly findings: readonly LargeValueFinding[]
}

export interface ReportAction {
  readonly kind: 'review' | 'file' | 'dismiss'
  readonly by: string
  readonly at: string
  /** Why the report is dismissed: required to dismiss. */
  readonly reason?: string
  /** The regulator's filing reference: required to file. */
  readonly reference?: string
}

export const reportRefusalCodes = ['invalid_transition', 'reason_required', 'reference_required', 'same_person'] as const
export type ReportRefusalCode = (typeof reportRefusalCodes)[number]

export type ReportTransition<R extends ReportState> =
  | { readonly kind: 'ok'; readonly report: R }
  | { readonly kind: 'refused'; readonly code: ReportRefusalCode; readonly detail: string }

function assertStep(by: unknown, at: unknown, what: string): void {
  if (typeof by !== 'string' || by.trim() === '') throw new RangeError(`${what}: by must name who acts`)
  if (instantMillis(at) === undefined) throw new RangeError(`${what}: at ${JSON.stringify(at)} is not an ISO instant with an offset`)
}

export interface DraftLargeValueReport {
  readonly id: string
  /** The client's reportable findings of one business day under one pack version (from `detectLargeValue`). */
  readonly findings: readonly LargeValueFinding[]
  readonly deadline: string
  readonly by: string
  readonly byKind: 'person' | 'system'
  readonly at: string
}

/**
 * A draft report of the given findings.
 *
 * @throws RangeError when there is no finding, a finding is not reportable
 *   (those are recorded, not filed), the findings are of different clients,
 *   days or pack versions, or the deadline falls before the business date.
 */
export function draftLargeValueReport(input: DraftLargeValueReport): LargeValueReport {
  assertStep(input.by, input.at, 'draft')
  if (input.byKind !== 'person' && input.byKind !== 'system') throw new RangeError(`draft: byKind must be 'person' or 'system'`)
  if (typeof input.id !== 'string' || input.id === '') throw new RangeError('draft: the report needs an id')
  const [first] = input.findings
  if (first === undefined) throw new RangeError('draft: a report needs at least one finding')
  for (const f of input.findings) {
    if (!f.reportable) throw new RangeError(`draft: the ${f.ruleId} finding is exempted, not reportable`)
    if (f.clientId !== first.clientId || f.businessDate !== first.businessDate || f.packId !== first.packId || f.packVersion !== first.packVersion) {
      throw new RangeError('draft: all findings of one report are of one client, one business day and one pack version')
    }
  }
  assertCalendarDay(input.deadline, 'draft deadline')
  if (input.deadline < first.businessDate) throw new RangeError(`draft: the deadline ${input.deadline} is before the business date ${first.businessDate}`)
  return Object.freeze({
    id: input.id,
    clientId: first.clientId,
    businessDate: first.businessDate,
    packId: first.packId,
    packVersion: first.packVersion,
    deadline: input.deadline,
    findings: Object.freeze([...input.findings]),
    status: 'draft',
    drafted: Object.freeze({ by: input.by, byKind: input.byKind, at: input.at }),
  })
}

function refused(code: ReportRefusalCode, detail: string) {
  return { kind: 'refused', code, detail } as const
}

/**
 * The report after `action`, or why it cannot be taken, checked in this
 * order: the transition exists from the current status; a dismissal has a
 * reason and a filing a reference; four eyes.
 *
 * @throws RangeError when `by` is empty or `at` is not an ISO instant with
 *   an offset: the caller's mistake, not a decision.
 */
export function decideReportTransition<R extends ReportState>(report: R, action: ReportAction): ReportTransition<R> {
  assertStep(action.by, action.at, action.kind)
  const step = { by: action.by, at: action.at }
  switch (action.kind) {
    case 'review': {
      if (report.status !== 'draft') return refused('invalid_transition', `only a draft can be reviewed; this report is ${report.status}`)
      if (report.drafted.byKind === 'person' && report.drafted.by === action.by) {
        return refused('same_person', `${action.by} drafted this report and cannot also review it`)
      }
      return { kind: 'ok', report: Object.freeze({ ...report, status: 'reviewed', reviewed: Object.freeze(step) }) }
    }
    case 'file': {
      if (report.status !== 'reviewed') return refused('invalid_transition', `only a reviewed report can be filed; this report is ${report.status}`)
      const reference = action.reference?.trim() ?? ''
      if (reference === '') return refused('reference_required', 'filing records the regulator’s reference for the report')
      if (report.reviewed?.by === action.by) return refused('same_person', `${action.by} reviewed this report and cannot also file it`)
      return { kind: 'ok', report: Object.freeze({ ...report, status: 'filed', filed: Object.freeze({ ...step, reference }) }) }
    }
    case 'dismiss': {
      if (report.status !== 'draft' && report.status !== 'reviewed') {
        return refused('invalid_transition', `only a draft or reviewed report can be dismissed; this report is ${report.status}`)
      }
      const reason = action.reason?.trim() ?? ''
      if (reason === '') return refused('reason_required', 'dismissing a report records why it is not filed')
      return { kind: 'ok', report: Object.freeze({ ...report, status: 'dismissed', dismissed: Object.freeze({ ...step, reason }) }) }
    }
    default: {
      const unknown: never = action.kind
      throw new RangeError(`unknown report action ${JSON.stringify(unknown)}`)
    }
  }
}

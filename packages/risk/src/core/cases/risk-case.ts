/**
 * Alerts and cases. Every review (or block) decision raises an alert; a
 * client's alerts gather in that client's one open case, which an analyst
 * works to an outcome within its SLA. The outcome is also recorded against
 * every rule that raised one of the case's alerts: how rules are tuned.
 */
export const caseOutcomes = ['true_positive', 'false_positive', 'needs_information'] as const
/**
 * - true_positive: suspicious; handed to compliance for a suspicious report;
 * - false_positive: nothing wrong; the rules that fired are noted as noisy;
 * - needs_information: the case stays open while the RM asks the client.
 */
export type CaseOutcome = (typeof caseOutcomes)[number]

export interface RiskCase {
  readonly id: string
  readonly clientId: string
  readonly status: 'open' | 'closed'
  readonly assignee: string | null
  readonly slaDueAt: string
  readonly outcome: CaseOutcome | null
  readonly outcomeNote: string | null
  readonly outcomeBy: string | null
  readonly outcomeAt: string | null
  /** The suspicious report compliance opened from a true positive. */
  readonly suspiciousReportId: string | null
  readonly openedAt: string
  readonly closedAt: string | null
  readonly version: number
}

export interface RiskAlert {
  readonly id: string
  readonly clientId: string
  readonly caseId: string
  readonly decisionId: string
  readonly transferId: string | null
  readonly outcome: 'review' | 'block'
  readonly score: number
  readonly ruleIds: readonly string[]
  readonly createdAt: string
}

export interface CaseNote {
  readonly id: string
  readonly caseId: string
  readonly by: string
  readonly text: string
  readonly at: string
}

export interface Snooze {
  readonly id: string
  readonly clientId: string
  readonly ruleId: string
  readonly until: string
  readonly reason: string
  readonly by: string
  readonly at: string
}

/** Hours a new case has before it is overdue, by the worst outcome that opened it (configurable). */
export interface CaseSla {
  readonly reviewHours: number
  readonly blockHours: number
}
export const defaultCaseSla: CaseSla = Object.freeze({ reviewHours: 72, blockHours: 24 })

export function slaDueAt(openedAt: Date, outcome: 'review' | 'block', sla: CaseSla = defaultCaseSla): Date {
  return new Date(openedAt.getTime() + (outcome === 'block' ? sla.blockHours : sla.reviewHours) * 3_600_000)
}

export type CaseOutcomeDecision =
  | { readonly kind: 'record'; readonly next: RiskCase }
  | { readonly kind: 'refuse'; readonly detail: string }

/**
 * An outcome on a case. A true or false positive closes it; needs
 * information keeps it open (and may be followed by a final outcome). A
 * closed case takes no further outcome: a new alert opens a new case.
 */
export function decideCaseOutcome(current: RiskCase, outcome: CaseOutcome, note: string, by: string, at: Date): CaseOutcomeDecision {
  if (current.status === 'closed') return { kind: 'refuse', detail: `case ${current.id} is closed (${current.outcome})` }
  if (note.trim() === '') return { kind: 'refuse', detail: 'an outcome states its reasons' }
  const closes = outcome !== 'needs_information'
  return {
    kind: 'record',
    next: {
      ...current, outcome, outcomeNote: note.trim(), outcomeBy: by, outcomeAt: at.toISOString(),
      status: closes ? 'closed' : 'open', closedAt: closes ? at.toISOString() : null, version: current.version + 1,
    },
  }
}

/** A snooze silences one rule for one client until a time, with a reason; at most 90 days. */
export function snoozeProblem(input: { until: Date; reason: string }, now: Date, maxDays = 90): string | undefined {
  if (input.reason.trim() === '') return 'a snooze states its reason'
  if (input.until.getTime() <= now.getTime()) return 'a snooze ends in the future'
  if (input.until.getTime() - now.getTime() > maxDays * 86_400_000) return `a snooze lasts at most ${maxDays} days`
  return undefined
}

/** The rules of a decision that still raise an alert for the client: those not snoozed now. */
export function unsnoozedRules(ruleIds: readonly string[], snoozes: readonly Snooze[], now: Date): string[] {
  const silenced = new Set(snoozes.filter((s) => Date.parse(s.until) > now.getTime()).map((s) => s.ruleId))
  return ruleIds.filter((id) => !silenced.has(id))
}

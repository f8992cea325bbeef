import { compareMoney, parseMoney, type CurrencyCode, type Money, type StaffRole } from '@strongroom/kernel'

/**
 * Maker-checker. A policy (data) says which action, under which condition,
 * needs how many approvals from which roles; a request carries the exact
 * thing to execute and waits for them. The maker never approves their own
 * request, each checker counts once, a request expires, and an approved
 * request executes exactly once.
 */
export const approvalActions = [
  'transfer.outgoing',
  'deposit.withdrawal',
  'deposit.negotiated-rate',
  'account.overdraft-limit',
  'screening.whitelist',
  'compliance.rule-pack',
  'data.export',
  'data.erasure',
  'risk.suitability-override',
] as const
export type ApprovalAction = (typeof approvalActions)[number]

export interface ApprovalPolicy {
  readonly id: string
  readonly action: ApprovalAction
  /** The policy applies when the amount is at least this (in the same currency); null: always. */
  readonly amountAtLeast: readonly Money[] | null
  readonly approverRoles: readonly StaffRole[]
  /** How many different checkers must approve. */
  readonly approvals: number
  readonly expiresAfterHours: number
  readonly description: string
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed'

export interface ApprovalDecision {
  readonly by: string
  readonly decision: 'approve' | 'reject'
  readonly note: string | null
  readonly at: string
}

export interface ApprovalRequest {
  readonly id: string
  readonly policyId: string
  readonly action: ApprovalAction
  /** What it will change: shown as pending on that entity. */
  readonly entityType: string
  readonly entityId: string
  readonly summary: string
  readonly amount: Money | null
  /** The exact request to execute once approved (JSON). */
  readonly payload: Readonly<Record<string, unknown>>
  readonly status: ApprovalStatus
  readonly requestedBy: string
  readonly requestedAt: string
  readonly expiresAt: string
  readonly approvalsNeeded: number
  readonly approverRoles: readonly StaffRole[]
  readonly decisions: readonly ApprovalDecision[]
  readonly executedAt: string | null
  readonly result: Readonly<Record<string, unknown>> | null
  readonly version: number
}

/**
 * The policy covering an action for an amount: the strictest (most approvals) of those that apply.
 *
 * An amount in a currency a policy's thresholds do not name is compared at its
 * equivalent in each threshold currency (`equivalents`, at the rate in force);
 * where no equivalent is known the policy applies — a missing rate asks for a
 * checker rather than wave a large GBP transfer through.
 */
export function policyFor(
  policies: readonly ApprovalPolicy[], action: ApprovalAction, amount: Money | null,
  equivalents: ReadonlyMap<CurrencyCode, Money | null> = new Map(),
): ApprovalPolicy | undefined {
  const meets = (thresholds: readonly Money[]) => {
    if (amount === null) return false
    const same = thresholds.find((t) => t.currency === amount.currency)
    if (same) return compareMoney(amount, same) >= 0
    return thresholds.some((t) => {
      const equivalent = equivalents.get(t.currency)
      return equivalent === undefined || equivalent === null || compareMoney(equivalent, t) >= 0
    })
  }
  const applies = (p: ApprovalPolicy) => p.action === action && (p.amountAtLeast === null || meets(p.amountAtLeast))
  return policies.filter(applies).sort((a, b) => b.approvals - a.approvals)[0]
}

/** The currencies an amount must be expressed in to decide `policyFor` for an action: those of thresholds not naming its own. */
export function equivalentsNeeded(policies: readonly ApprovalPolicy[], action: ApprovalAction, amount: Money | null): CurrencyCode[] {
  if (amount === null) return []
  const needed = new Set<CurrencyCode>()
  for (const p of policies) {
    if (p.action !== action || p.amountAtLeast === null || p.amountAtLeast.some((t) => t.currency === amount.currency)) continue
    for (const t of p.amountAtLeast) needed.add(t.currency)
  }
  return [...needed]
}

export function approvalPolicyProblem(policy: ApprovalPolicy): string | undefined {
  if (!approvalActions.includes(policy.action)) return `unknown action ${String(policy.action)}`
  if (!Number.isInteger(policy.approvals) || policy.approvals < 1 || policy.approvals > 5) return 'approvals must be 1 to 5'
  if (policy.approverRoles.length === 0) return 'at least one approver role'
  if (!Number.isInteger(policy.expiresAfterHours) || policy.expiresAfterHours < 1 || policy.expiresAfterHours > 24 * 90) return 'expiresAfterHours must be 1 to 2160'
  return undefined
}

export type DecisionOutcome =
  | { readonly kind: 'decided'; readonly request: ApprovalRequest; readonly ready: boolean }
  | { readonly kind: 'refused'; readonly code: 'approval_not_pending' | 'self_approval' | 'not_an_approver'; readonly detail: string }

/**
 * A checker's decision on a request, at `at` (ISO). `ready`: the request has
 * all its approvals and may be executed now (exactly once, by the caller).
 */
export function decideApproval(request: ApprovalRequest, decision: { by: string; roles: readonly StaffRole[]; decision: 'approve' | 'reject'; note: string | null; at: string }): DecisionOutcome {
  if (request.status === 'pending' && decision.at >= request.expiresAt) return { kind: 'refused', code: 'approval_not_pending', detail: `the request expired at ${request.expiresAt}` }
  if (request.status !== 'pending') return { kind: 'refused', code: 'approval_not_pending', detail: `the request is ${request.status}` }
  if (decision.by === request.requestedBy) return { kind: 'refused', code: 'self_approval', detail: 'the maker of a request can never decide it' }
  if (!decision.roles.some((r) => request.approverRoles.includes(r))) return { kind: 'refused', code: 'not_an_approver', detail: `only ${request.approverRoles.join(', ')} may decide this request` }
  if (request.decisions.some((d) => d.by === decision.by)) return { kind: 'refused', code: 'not_an_approver', detail: 'each checker decides once' }
  const decisions = [...request.decisions, { by: decision.by, decision: decision.decision, note: decision.note, at: decision.at }]
  if (decision.decision === 'reject') return { kind: 'decided', request: { ...request, decisions, status: 'rejected' }, ready: false }
  const approvals = decisions.filter((d) => d.decision === 'approve').length
  const ready = approvals >= request.approvalsNeeded
  return { kind: 'decided', request: { ...request, decisions, status: ready ? 'approved' : 'pending' }, ready }
}

/** What "large" means for money leaving a client, per currency: the amount from which a checker is needed. */
const largeAmounts: readonly Money[] = Object.freeze([
  parseMoney('1000000.00', 'CNY'), parseMoney('150000.00', 'USD'), parseMoney('1200000.00', 'HKD'), parseMoney('130000.00', 'EUR'),
])
const controlFunctions = Object.freeze(['admin', 'compliance_officer', 'risk_officer'] as StaffRole[])
const compliance = Object.freeze(['admin', 'compliance_officer'] as StaffRole[])

/**
 * A bank's starting policies (data: a compliance officer replaces them): money
 * leaving a client — a transfer or a deposit withdrawal — from 1,000,000 CNY,
 * 150,000 USD, 1,200,000 HKD or 130,000 EUR needs one approval from a control
 * function and waits a day; a subject-access export and a whitelisting need a
 * compliance checker and wait three days.
 */
export const defaultApprovalPolicies: readonly ApprovalPolicy[] = Object.freeze([
  { id: 'large-outgoing-transfer', action: 'transfer.outgoing', amountAtLeast: largeAmounts, approverRoles: controlFunctions, approvals: 1, expiresAfterHours: 24,
    description: 'A large outgoing transfer from a client account needs a checker before it posts' },
  { id: 'large-deposit-withdrawal', action: 'deposit.withdrawal', amountAtLeast: largeAmounts, approverRoles: controlFunctions, approvals: 1, expiresAfterHours: 24,
    description: 'A large withdrawal from a deposit needs a checker (and a recorded identity check) before it pays out' },
  { id: 'subject-access-export', action: 'data.export', amountAtLeast: null, approverRoles: compliance, approvals: 1, expiresAfterHours: 72,
    description: 'Everything held about a client leaves the bank only with a compliance checker' },
  { id: 'screening-whitelist', action: 'screening.whitelist', amountAtLeast: null, approverRoles: compliance, approvals: 1, expiresAfterHours: 72,
    description: 'A false positive is cleared for a client only with a second compliance officer' },
  { id: 'overdraft-limit', action: 'account.overdraft-limit', amountAtLeast: null, approverRoles: controlFunctions, approvals: 1, expiresAfterHours: 24,
    description: 'Credit on a client account: any overdraft limit is set only with a checker from a control function' },
  { id: 'negotiated-rate', action: 'deposit.negotiated-rate', amountAtLeast: null, approverRoles: Object.freeze(['admin', 'operations', 'risk_officer'] as StaffRole[]), approvals: 1, expiresAfterHours: 14 * 24,
    description: 'A rate negotiated for one client applies only when a second person from the product desk or risk approves it' },
  { id: 'rule-change', action: 'compliance.rule-pack', amountAtLeast: null, approverRoles: controlFunctions, approvals: 1, expiresAfterHours: 72,
    description: 'A monitoring rule (or rule pack) goes live only with a second person from a control function' },
  { id: 'suitability-override', action: 'risk.suitability-override', amountAtLeast: null, approverRoles: controlFunctions, approvals: 1, expiresAfterHours: 72,
    description: 'A product above the client’s risk profile is sold only with an approved override and the client’s acknowledgement' },
  { id: 'erasure-request', action: 'data.erasure', amountAtLeast: null, approverRoles: compliance, approvals: 1, expiresAfterHours: 72,
    description: 'Personal data is pseudonymised or deleted on a client’s request only with a compliance checker' },
].map((policy) => Object.freeze(policy as ApprovalPolicy)))

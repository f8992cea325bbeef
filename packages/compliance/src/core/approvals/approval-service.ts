import type { Actor, Clock, CurrencyCode, IdGenerator, Money, Page, PageRequest } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { approvalPolicyProblem, decideApproval, equivalentsNeeded, policyFor, type ApprovalAction, type ApprovalPolicy, type ApprovalRequest, type ApprovalStatus } from './approval.js'

export interface ApprovalFilter {
  readonly status?: ApprovalStatus | undefined
  readonly entityType?: string | undefined
  readonly entityId?: string | undefined
}

export interface ApprovalStore {
  insertRequest(request: ApprovalRequest): Promise<void>
  findRequest(id: string): Promise<ApprovalRequest | undefined>
  /** Writes the request if it is still at `expectedVersion`; false otherwise. */
  updateRequest(request: ApprovalRequest, expectedVersion: number): Promise<boolean>
  /** Requests by filter; a status filter reads expiry as of `now` (a pending request past its time is expired). */
  listRequests(filter: ApprovalFilter, page: PageRequest, now: string): Promise<Page<ApprovalRequest>>
}

/** A pending request whose time ran out is expired: derived when read, never a write on the read path. */
export function asOf(request: ApprovalRequest, now: string): ApprovalRequest {
  return request.status === 'pending' && request.expiresAt <= now ? { ...request, status: 'expired' } : request
}

/** Carries out an approved request: the same thing the maker asked for, exactly once. */
export type ApprovalExecutor = (payload: Readonly<Record<string, unknown>>, request: ApprovalRequest) => Promise<Record<string, unknown>>

export interface ApprovalServiceDeps {
  readonly store: ApprovalStore
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly policies: readonly ApprovalPolicy[]
  readonly executors: Partial<Record<ApprovalAction, ApprovalExecutor>>
  /**
   * An amount in another currency at the rate in force, for thresholds that do not name the amount's currency;
   * undefined when no rate is known (the policy then applies). Absent: no conversion, every such policy applies.
   */
  readonly equivalent?: ((amount: Money, currency: CurrencyCode) => Promise<Money | undefined>) | undefined
  /** Why the actor may not decide anything now (e.g. lapsed mandatory training); undefined when they may. */
  readonly mayDecide?: ((actor: Actor) => Promise<string | undefined>) | undefined
}

export interface NewApprovalRequest {
  readonly action: ApprovalAction
  readonly entityType: string
  readonly entityId: string
  readonly summary: string
  readonly amount: Money | null
  readonly payload: Readonly<Record<string, unknown>>
}

export function createApprovalService(deps: ApprovalServiceDeps) {
  const { store, clock, ids } = deps
  for (const policy of deps.policies) {
    const problem = approvalPolicyProblem(policy)
    if (problem) throw new ComplianceError('compliance.invalid_policy', `policy ${policy.id}: ${problem}`)
  }

  async function getRequest(id: string): Promise<ApprovalRequest> {
    const request = await store.findRequest(id)
    if (!request) throw new ComplianceError('compliance.approval_not_found', `no approval request ${id}`)
    return asOf(request, clock.now().toISOString())
  }

  async function coveringPolicy(action: ApprovalAction, amount: Money | null): Promise<ApprovalPolicy | undefined> {
    const equivalents = new Map<CurrencyCode, Money | null>()
    for (const currency of equivalentsNeeded(deps.policies, action, amount)) {
      equivalents.set(currency, (deps.equivalent ? await deps.equivalent(amount!, currency) : undefined) ?? null)
    }
    return policyFor(deps.policies, action, amount, equivalents)
  }

  async function write(next: ApprovalRequest, previous: ApprovalRequest): Promise<ApprovalRequest> {
    const written = { ...next, version: previous.version + 1 }
    if (!(await store.updateRequest(written, previous.version))) throw new ComplianceError('compliance.approval_not_pending', 'the request was decided by someone else meanwhile')
    return written
  }

  return {
    policies: deps.policies,

    /** The policy that covers an action for an amount, if any: a route that finds one must not carry the action out directly. */
    policyFor: coveringPolicy,

    /** Files a request under the policy that covers it; it waits, pending, on the entity it will change. */
    async submit(input: NewApprovalRequest, actor: Actor): Promise<ApprovalRequest> {
      const policy = await coveringPolicy(input.action, input.amount)
      if (!policy) throw new ComplianceError('compliance.invalid_policy', `no approval policy covers ${input.action}`)
      const now = clock.now()
      const request: ApprovalRequest = {
        id: ids.next(), policyId: policy.id, action: input.action, entityType: input.entityType, entityId: input.entityId, summary: input.summary,
        amount: input.amount, payload: input.payload, status: 'pending', requestedBy: actor.staffId, requestedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000).toISOString(), approvalsNeeded: policy.approvals,
        approverRoles: policy.approverRoles, decisions: [], executedAt: null, result: null, version: 1,
      }
      await store.insertRequest(request)
      return request
    },

    /**
     * A checker approves or rejects. The approval that completes the request
     * executes it, once: only the decision that moved it from pending to
     * approved (under a version check) runs the executor.
     */
    async decide(id: string, decision: 'approve' | 'reject', note: string | null, actor: Actor): Promise<ApprovalRequest> {
      const request = await getRequest(id)
      const barred = await deps.mayDecide?.(actor)
      if (barred) throw new ComplianceError('compliance.training_lapsed', barred, { approvalId: id })
      const outcome = decideApproval(request, { by: actor.staffId, roles: actor.roles, decision, note, at: clock.now().toISOString() })
      if (outcome.kind === 'refused') throw new ComplianceError(`compliance.${outcome.code}`, outcome.detail, { approvalId: id })
      const decided = await write(outcome.request, request)
      if (!outcome.ready) return decided
      const executor = deps.executors[decided.action]
      if (!executor) throw new ComplianceError('compliance.invalid_policy', `nothing executes ${decided.action}`)
      try {
        const result = await executor(decided.payload, decided)
        return await write({ ...decided, status: 'executed', executedAt: clock.now().toISOString(), result }, decided)
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        const code = (error as { code?: unknown }).code
        return write({ ...decided, status: 'failed', executedAt: clock.now().toISOString(), result: { error: detail, ...(typeof code === 'string' ? { code } : {}) } }, decided)
      }
    },

    getRequest,

    async listRequests(filter: ApprovalFilter, page: PageRequest): Promise<Page<ApprovalRequest>> {
      const now = clock.now().toISOString()
      const found = await store.listRequests(filter, page, now)
      return { ...found, items: found.items.map((r) => asOf(r, now)) }
    },
  }
}

export type ApprovalService = ReturnType<typeof createApprovalService>

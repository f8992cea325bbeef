import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffRoles, toMoneyJson, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, pageQuerySchema, pageSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { approvalActions, type ApprovalRequest, type ApprovalService } from '../core/index.js'

export interface ApprovalRoutesOptions {
  readonly approvals: ApprovalService
}

const everyone: readonly StaffRole[] = staffRoles
// Anyone may try to decide: whether their role may decide this request is the request's policy's answer (403 otherwise).
const deciders: readonly StaffRole[] = ['admin', 'compliance_officer', 'risk_officer', 'operations', 'relationship_manager']
const tags = ['approvals']
const statuses = ['pending', 'approved', 'rejected', 'expired', 'executed', 'failed'] as const

export const approvalRequestSchema = z.object({
  id: z.string(), policyId: z.string(), action: z.enum(approvalActions), entityType: z.string(), entityId: z.string(), summary: z.string(),
  amount: z.object({ amount: z.string(), currency: z.string() }).nullable(), status: z.enum(statuses), requestedBy: z.string(), requestedAt: z.string(),
  expiresAt: z.string(), approvalsNeeded: z.number().int(), approverRoles: z.array(z.string()),
  decisions: z.array(z.object({ by: z.string(), decision: z.enum(['approve', 'reject']), note: z.string().nullable(), at: z.string() })),
  executedAt: z.string().nullable(), result: z.record(z.string(), z.unknown()).nullable(),
}).meta({ id: 'ApprovalRequest' })

export function toApprovalDto(r: ApprovalRequest): z.output<typeof approvalRequestSchema> {
  return {
    id: r.id, policyId: r.policyId, action: r.action, entityType: r.entityType, entityId: r.entityId, summary: r.summary,
    amount: r.amount ? toMoneyJson(r.amount) : null, status: r.status, requestedBy: r.requestedBy, requestedAt: r.requestedAt, expiresAt: r.expiresAt,
    approvalsNeeded: r.approvalsNeeded, approverRoles: [...r.approverRoles], decisions: r.decisions.map((d) => ({ ...d })),
    executedAt: r.executedAt, result: r.result ? { ...r.result } : null,
  }
}

export const approvalRoutes: FastifyPluginAsyncZod<ApprovalRoutesOptions> = async (app, { approvals }) => {
  app.get('/approvals', {
    config: { access: everyone },
    schema: {
      operationId: 'listApprovals', tags, summary: 'Approval requests: a checker’s inbox with status=pending; what waits on an entity with entityType and entityId',
      querystring: pageQuerySchema.extend({ status: z.enum(statuses).optional(), entityType: textSchema(64).optional(), entityId: textSchema(64).optional() }),
      response: { 200: pageSchema(approvalRequestSchema).meta({ id: 'ApprovalRequestPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await approvals.listRequests(filter, { limit, cursor })
    return { items: page.items.map(toApprovalDto), nextCursor: page.nextCursor }
  })

  app.get('/approvals/:id', {
    config: { access: everyone },
    schema: { operationId: 'getApproval', tags, summary: 'One approval request', params: idParams, response: { 200: approvalRequestSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => toApprovalDto(await approvals.getRequest(req.params.id)))

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/approvals/:id/${decision}`, {
      config: { access: deciders, audit: { entity: 'approval', idParam: 'id' } },
      schema: {
        operationId: decision === 'approve' ? 'approveRequest' : 'rejectRequest', tags,
        summary: decision === 'approve' ? 'Approve (never the maker); the approval that completes a request executes it, once' : 'Reject a request',
        params: idParams, body: z.object({ note: textSchema(1000).nullable().optional() }).strict().meta({ id: 'ApprovalDecisionBody' }),
        response: { 200: approvalRequestSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    }, async (req) => toApprovalDto(await approvals.decide(req.params.id, decision, req.body.note ?? null, actorOf(req))))
  }
}

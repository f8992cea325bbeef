import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { parseMoney, toMoneyJson, type Actor, type Money, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { identityCheckMethods } from '@strongroom/compliance'
import { DepositError, type Deposit } from '@strongroom/ledger'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'deposits' | 'identityChecks' | 'relationship'>

/**
 * Large withdrawals from deposits (issue 5): one the `deposit.withdrawal`
 * policy covers needs a recorded identity verification of the client — when
 * it is asked for and again when it executes — and a checker. It waits as an
 * approval request on the deposit and executes exactly the previewed quote
 * when approved (if anything changed meanwhile, the approval fails with
 * `deposit.preview_stale` and nothing moves).
 */
export function createWithdrawalGate(services: Deps) {
  services.approvals.executors['deposit.withdrawal'] = async (payload, approval) => {
    const clientId = String(payload.clientId)
    await services.identityChecks.requireRecent(clientId)
    const amount = payload.amount as { amount: string; currency: string }
    const result = await services.deposits.executeWithdrawal(String(payload.depositId), parseMoney(amount.amount, amount.currency), String(payload.quoteToken), approval.requestedBy)
    return { transferId: result.transfer.transfer.id, payout: toMoneyJson(result.quote.payout).amount }
  }

  return async function withdrawalGate(input: { deposit: Deposit; amount: Money; quoteToken: string; actor: Actor }) {
    if (!(await services.approvals.policyFor('deposit.withdrawal', input.amount))) return { kind: 'proceed' as const }
    await services.identityChecks.requireRecent(input.deposit.clientId)
    // File only a request that would execute as things stand: the same quote as the preview.
    const quote = await services.deposits.previewWithdrawal(input.deposit.id, input.amount)
    if (quote.quoteToken !== input.quoteToken) throw new DepositError('deposit.preview_stale', 'the figures have changed since the preview: preview again')
    const request = await services.approvals.submit({
      action: 'deposit.withdrawal', entityType: 'deposit', entityId: input.deposit.id, amount: input.amount,
      summary: `Withdraw ${toMoneyJson(input.amount).currency} ${toMoneyJson(input.amount).amount} from deposit ${input.deposit.id}`,
      payload: { depositId: input.deposit.id, clientId: input.deposit.clientId, amount: toMoneyJson(input.amount), quoteToken: input.quoteToken },
    }, input.actor)
    return { kind: 'pending' as const, approvalId: request.id, summary: request.summary, expiresAt: request.expiresAt }
  }
}

const checkers: readonly StaffRole[] = ['admin', 'operations', 'relationship_manager', 'compliance_officer']

export const identityCheckRoutes: FastifyPluginAsyncZod<{ services: Deps }> = async (app, { services }) => {
  app.post('/clients/:id/identity-checks', {
    config: { access: checkers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'recordIdentityCheck', tags: ['kyc'], summary: 'Record that the client’s identity was verified now, how and by whom (needed before a large withdrawal)',
      params: idParams, body: z.object({ method: z.enum(identityCheckMethods), purpose: textSchema(300) }).strict().meta({ id: 'IdentityCheckRequest' }),
      response: { 201: z.object({ id: z.string(), clientId: z.string(), method: z.string(), purpose: z.string(), verifiedBy: z.string(), verifiedAt: z.string() }).meta({ id: 'IdentityCheck' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await services.relationship.getClient(actor, req.params.id)
    const check = await services.identityChecks.record({ clientId: req.params.id, ...req.body }, actor.staffId)
    return reply.code(201).send({ ...check, verifiedAt: check.verifiedAt.toISOString() })
  })
}

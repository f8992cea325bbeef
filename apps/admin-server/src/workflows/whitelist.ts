import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, isoDateSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { ComplianceError } from '@strongroom/compliance'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'watchlists' | 'relationship'>

/**
 * Whitelisting a screening false positive, only through maker-checker
 * (`screening.whitelist`): one compliance officer asks, with the reason and an
 * expiry; another approves; then screening of that client ignores that list
 * entry until the expiry, and the open alert on it closes.
 */
export function registerWhitelist(services: Deps): void {
  services.approvals.executors['screening.whitelist'] = async (payload, approval) => {
    const approvedBy = approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by).join(', ')
    const entry = await services.watchlists.whitelist({
      clientId: String(payload.clientId), listName: String(payload.listName), entryId: String(payload.entryId), reason: String(payload.reason),
      expiresOn: String(payload.expiresOn), requestedBy: approval.requestedBy, approvedBy, approvalId: approval.id,
    })
    return { whitelistId: entry.id }
  }
}

const askers: readonly StaffRole[] = ['admin', 'compliance_officer']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'auditor']

const whitelistSchema = z.object({
  id: z.string(), clientId: z.string(), listName: z.string(), entryId: z.string(), reason: z.string(), requestedBy: z.string(), approvedBy: z.string(),
  approvalId: z.string(), createdAt: z.string(), expiresOn: z.string(),
}).meta({ id: 'WhitelistEntry' })

export const whitelistRoutes: FastifyPluginAsyncZod<{ services: Deps }> = async (app, { services }) => {
  app.post('/screening/whitelist', {
    config: { access: askers, audit: { entity: 'screening-whitelist' } },
    schema: {
      operationId: 'requestWhitelist', tags: ['screening'], summary: 'Ask to clear a false positive for one client and list entry until a date; it applies when a second officer approves',
      body: z.object({ clientId: z.uuid(), listName: textSchema(64), entryId: textSchema(64), reason: textSchema(2000), expiresOn: isoDateSchema }).strict().meta({ id: 'WhitelistRequest' }),
      response: { 202: z.object({ approvalId: z.string(), status: z.string(), expiresAt: z.string() }).meta({ id: 'WhitelistPending' }), ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await services.relationship.getClient(actor, req.body.clientId)
    if (req.body.expiresOn <= new Date().toISOString().slice(0, 10)) throw new ComplianceError('compliance.invalid_query', 'a whitelist entry expires in the future')
    const request = await services.approvals.submit({
      action: 'screening.whitelist', entityType: 'client', entityId: req.body.clientId, amount: null,
      summary: `Clear ${req.body.listName} ${req.body.entryId} for client ${req.body.clientId} until ${req.body.expiresOn}`, payload: { ...req.body },
    }, actor)
    return reply.code(202).send({ approvalId: request.id, status: request.status, expiresAt: request.expiresAt })
  })

  app.get('/clients/:id/screening/whitelist', {
    config: { access: readers },
    schema: {
      operationId: 'getClientWhitelist', tags: ['screening'], summary: 'The false positives cleared for the client, in force today', params: idParams,
      response: { 200: z.object({ items: z.array(whitelistSchema) }).meta({ id: 'ClientWhitelist' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: (await services.watchlists.whitelistOf(req.params.id)).map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })) }))
}

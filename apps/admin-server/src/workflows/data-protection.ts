import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { personalRecordTypes, type ErasurePlanItem, type PurgeRun, type RelationshipFacts } from '@strongroom/compliance'
import { pseudonymFor } from '@strongroom/relationship'
import { businessDateOf, formatCalendarDate } from '@strongroom/ledger'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'relationship' | 'dataProtection' | 'clock' | 'ids'>

const bankWide = { staffId: 'data-protection', roles: ['admin'] as const }

/**
 * Data protection across domains: retention and erasure are decided by
 * compliance (`planErasure`), but the data lives in relationship (the client
 * profile), compliance (the KYC file, export copies) and the ledger (which
 * names clients only by id, and is append-only). This workflow reads the
 * relationship facts, asks compliance what may go, and applies it.
 */
export function createDataProtection(services: Deps, options: { readonly timeZone: string }) {
  async function factsOf(clientId: string): Promise<RelationshipFacts> {
    const client = await services.relationship.getClient(bankWide, clientId)
    const closing = client.status === 'closed'
      ? (await services.relationship.statusHistory(bankWide, clientId)).filter((c) => c.to === 'closed').at(-1)
      : undefined
    return { clientId, status: client.status, closedOn: closing ? formatCalendarDate(businessDateOf(closing.changedAt, options.timeZone)) : null }
  }

  /** Applies the items that remove something; returns the record types that actually changed. */
  async function apply(clientId: string, items: readonly ErasurePlanItem[]): Promise<string[]> {
    const acts = (type: string) => items.some((i) => i.recordType === type && i.action !== 'retain')
    const changed: string[] = []
    const client = await services.relationship.getClient(bankWide, clientId)
    const identity = acts('client_profile') && client.legalName !== pseudonymFor(clientId)
    const contactDetails = acts('contact_details') && client.contactPoints.length > 0
    if (identity || contactDetails) await services.relationship.pseudonymiseClient(bankWide, clientId, { identity, contactDetails })
    if (identity) changed.push('client_profile')
    if (contactDetails) changed.push('contact_details')
    if (acts('kyc_record') && (await services.dataProtection.deleteKycFile(clientId)) > 0) changed.push('kyc_record')
    if (acts('data_exports') && (await services.dataProtection.deleteExports({ clientId })) > 0) changed.push('data_exports')
    return changed
  }

  return {
    factsOf,
    async plan(clientId: string) {
      return services.dataProtection.plan(await factsOf(clientId))
    },

    /** The executor of an approved erasure: the plan is made again now, so a hold placed meanwhile still wins. */
    register(): void {
      services.approvals.executors['data.erasure'] = async (payload, approval) => {
        const clientId = String(payload.clientId)
        const plan = await services.dataProtection.plan(await factsOf(clientId))
        await apply(clientId, plan)
        await services.dataProtection.completeErasure(approval.id, plan)
        return {
          erasureId: approval.id,
          pseudonymised: plan.filter((i) => i.action === 'pseudonymise').map((i) => i.recordType),
          deleted: plan.filter((i) => i.action === 'delete').map((i) => i.recordType),
          retained: plan.filter((i) => i.action === 'retain').map((i) => i.recordType),
        }
      }
    },

    /**
     * The retention purge: for every closed client not under a legal hold,
     * removes what retention no longer requires; and every export copy past
     * its period. Safe to run again: what is gone is not counted twice.
     */
    async purge(runBy: string): Promise<PurgeRun> {
      const startedAt = services.clock.now()
      const applied: Record<string, number> = {}
      let clientsConsidered = 0
      let clientsOnHold = 0
      let cursor: string | undefined
      do {
        const page = await services.relationship.listClients(bankWide, { status: 'closed' }, { limit: 200, cursor })
        for (const client of page.items) {
          clientsConsidered += 1
          const plan = await services.dataProtection.purgePlan(await factsOf(client.id))
          if (plan === 'on_hold') { clientsOnHold += 1; continue }
          for (const type of await apply(client.id, plan)) applied[type] = (applied[type] ?? 0) + 1
        }
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      const exportPolicy = services.dataProtection.policies.find((p) => p.recordType === 'data_exports')
      const exportDays = exportPolicy?.retainFor.unit === 'days' ? exportPolicy.retainFor.count : 30
      const exportsDeleted = await services.dataProtection.deleteExports({ createdBefore: new Date(startedAt.getTime() - exportDays * 86_400_000) })
      const run: PurgeRun = {
        id: services.ids.next(), onDate: formatCalendarDate(businessDateOf(startedAt, options.timeZone)), runBy,
        startedAt: startedAt.toISOString(), finishedAt: services.clock.now().toISOString(),
        result: { clientsConsidered, clientsOnHold, applied, exportsDeleted },
      }
      await services.dataProtection.recordPurge(run)
      return run
    },
  }
}

export type DataProtection = ReturnType<typeof createDataProtection>

const holders: readonly StaffRole[] = ['admin', 'compliance_officer']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'auditor']
const erasureMakers: readonly StaffRole[] = ['admin', 'compliance_officer', 'relationship_manager', 'operations']

const planItemSchema = z.object({
  recordType: z.enum(personalRecordTypes), action: z.enum(['pseudonymise', 'delete', 'retain']), reason: z.string(), retainUntil: z.string().nullable(),
}).meta({ id: 'ErasurePlanItem' })
const holdSchema = z.object({
  id: z.string(), clientId: z.string(), reference: z.string(), reason: z.string(), placedBy: z.string(), placedAt: z.string(),
  releasedBy: z.string().nullable(), releasedAt: z.string().nullable(), releaseNote: z.string().nullable(),
}).meta({ id: 'LegalHold' })
const erasureSchema = z.object({
  id: z.string(), clientId: z.string(), plan: z.array(planItemSchema), requestedBy: z.string(), requestedAt: z.string(),
  executedAt: z.string().nullable(), result: z.array(planItemSchema).nullable(),
}).meta({ id: 'ErasureRequest' })
const purgeRunSchema = z.object({
  id: z.string(), onDate: z.string(), runBy: z.string(), startedAt: z.string(), finishedAt: z.string(),
  result: z.object({ clientsConsidered: z.number().int(), clientsOnHold: z.number().int(), applied: z.record(z.string(), z.number().int()), exportsDeleted: z.number().int() }),
}).meta({ id: 'PurgeRun' })
const retentionPolicySchema = z.object({
  recordType: z.enum(personalRecordTypes), retainFor: z.object({ unit: z.enum(['years', 'days']), count: z.number().int() }),
  from: z.enum(['relationship_end', 'record_date']), basis: z.string(), onExpiry: z.enum(['pseudonymise', 'delete']),
}).meta({ id: 'RetentionPolicy' })

export const dataProtectionRoutes: FastifyPluginAsyncZod<{ services: Deps; dataProtection: DataProtection }> = async (app, { services, dataProtection }) => {
  app.get('/compliance/retention-policies', {
    config: { access: readers },
    schema: {
      operationId: 'listRetentionPolicies', tags: ['data-protection'], summary: 'How long each kind of personal record is kept, from when, under which law',
      response: { 200: z.object({ items: z.array(retentionPolicySchema) }).meta({ id: 'RetentionPolicies' }), ...problemResponses(401, 403) },
    },
  }, async () => ({ items: [...services.dataProtection.policies] }))

  app.post('/clients/:id/legal-holds', {
    config: { access: holders, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'placeLegalHold', tags: ['data-protection'], summary: 'Freeze everything held about the client: nothing is erased or purged while the hold stands',
      params: idParams, body: z.object({ reference: textSchema(200), reason: textSchema(2000) }).strict().meta({ id: 'LegalHoldRequest' }),
      response: { 201: holdSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    await services.relationship.getClient(actorOf(req), req.params.id)
    return reply.code(201).send(await services.dataProtection.placeHold({ clientId: req.params.id, ...req.body }, actorOf(req).staffId))
  })

  app.get('/compliance/legal-holds', {
    config: { access: readers },
    schema: {
      operationId: 'listLegalHolds', tags: ['data-protection'], summary: 'Legal holds, for a client and/or only those in force',
      querystring: z.object({ clientId: z.uuid().optional(), active: z.enum(['true', 'false']).optional() }).strict(),
      response: { 200: z.object({ items: z.array(holdSchema) }).meta({ id: 'LegalHolds' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => ({
    items: await services.dataProtection.listHolds({ clientId: req.query.clientId, active: req.query.active === undefined ? undefined : req.query.active === 'true' }),
  }))

  app.post('/compliance/legal-holds/:id/release', {
    config: { access: holders, audit: { entity: 'legal-hold', idParam: 'id' } },
    schema: {
      operationId: 'releaseLegalHold', tags: ['data-protection'], summary: 'Lift a legal hold, saying why',
      params: idParams, body: z.object({ note: textSchema(2000) }).strict().meta({ id: 'LegalHoldRelease' }),
      response: { 200: holdSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => services.dataProtection.releaseHold(req.params.id, req.body.note, actorOf(req).staffId))

  app.get('/clients/:id/erasure-plan', {
    config: { access: erasureMakers },
    schema: {
      operationId: 'getErasurePlan', tags: ['data-protection'],
      summary: 'What an erasure request would pseudonymise or delete today, and what the law keeps, until when and why',
      params: idParams, response: { 200: z.object({ clientId: z.string(), items: z.array(planItemSchema) }).meta({ id: 'ErasurePlan' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    await services.relationship.getClient(actorOf(req), req.params.id)
    return { clientId: req.params.id, items: [...await dataProtection.plan(req.params.id)] }
  })

  app.post('/clients/:id/erasure-requests', {
    config: { access: erasureMakers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'requestErasure', tags: ['data-protection'],
      summary: 'Record the client’s erasure request; it executes (planned again at that moment) when a compliance checker approves',
      params: idParams, body: z.object({}).strict().meta({ id: 'ErasureRequestBody' }),
      response: {
        202: z.object({ approvalId: z.string(), status: z.string(), expiresAt: z.string(), plan: z.array(planItemSchema) }).meta({ id: 'ErasurePending' }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await services.relationship.getClient(actor, req.params.id)
    const plan = await dataProtection.plan(req.params.id)
    const request = await services.approvals.submit({
      action: 'data.erasure', entityType: 'client', entityId: req.params.id, amount: null, summary: `Erasure request for client ${req.params.id}`, payload: { clientId: req.params.id },
    }, actor)
    await services.dataProtection.recordRequest(request.id, req.params.id, plan, actor.staffId)
    return reply.code(202).send({ approvalId: request.id, status: request.status, expiresAt: request.expiresAt, plan: [...plan] })
  })

  app.get('/clients/:id/erasure-requests', {
    config: { access: erasureMakers },
    schema: {
      operationId: 'listErasureRequests', tags: ['data-protection'], summary: 'The client’s erasure requests: the plan when asked and what was done',
      params: idParams, response: { 200: z.object({ items: z.array(erasureSchema) }).meta({ id: 'ErasureRequests' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    await services.relationship.getClient(actorOf(req), req.params.id)
    return { items: (await services.dataProtection.listErasures(req.params.id)).map((e) => ({ ...e, plan: [...e.plan], result: e.result ? [...e.result] : null })) }
  })

  app.post('/compliance/retention/purge-runs', {
    config: { access: holders, audit: { entity: 'retention-purge' } },
    schema: {
      operationId: 'runRetentionPurge', tags: ['data-protection'],
      summary: 'Remove what retention no longer requires, for every closed client not under a legal hold, and export copies past their period',
      body: z.object({}).strict().meta({ id: 'PurgeRunRequest' }), response: { 201: purgeRunSchema, ...problemResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await dataProtection.purge(actorOf(req).staffId)))

  app.get('/compliance/retention/purge-runs', {
    config: { access: readers },
    schema: {
      operationId: 'listRetentionPurgeRuns', tags: ['data-protection'], summary: 'The latest purge runs and what each removed',
      response: { 200: z.object({ items: z.array(purgeRunSchema) }).meta({ id: 'PurgeRuns' }), ...problemResponses(401, 403) },
    },
  }, async () => ({ items: await services.dataProtection.listPurgeRuns(50) }))
}

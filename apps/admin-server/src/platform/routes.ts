import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

import { DomainError } from '@strongroom/kernel'
import { actorOf, idParams, pageQuerySchema, pageSchema, plainTextSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import type { RelationshipService } from '@strongroom/relationship'
import { staffSchema, toStaffDto } from '@strongroom/relationship/fastify'
import type { ApiTokens, TokenRecord } from './api-tokens.js'
import type { AuditLog } from './audit-log.js'

export interface PlatformRoutesOptions {
  readonly relationship: RelationshipService
  readonly tokens: ApiTokens
  readonly audit: AuditLog
}

const instant = z.iso.datetime({ offset: true })

const newTokenBody = z
  .object({
    label: textSchema(100).describe('What the token is for, e.g. "RM desk app"'),
    expiresAt: instant.optional().describe('When the token stops working; none → until revoked'),
  })
  .strict()
  .meta({ id: 'NewApiToken' })

const issuedTokenSchema = z
  .object({
    id: z.uuid(),
    staffId: z.uuid(),
    label: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it later'),
    createdAt: instant,
    expiresAt: instant.nullable(),
    token: z.string().optional().describe('The bearer token. Returned once, in the first response only; never stored.'),
  })
  .meta({ id: 'IssuedApiToken' })

const tokenRecordSchema = z
  .object({
    id: z.uuid(),
    staffId: z.uuid(),
    label: z.string(),
    prefix: z.string(),
    createdAt: instant,
    expiresAt: instant.nullable(),
    revokedAt: instant.nullable(),
    revocationReason: z.string().nullable(),
  })
  .meta({ id: 'ApiTokenRecord' })

const revocationBody = z
  .object({ reason: textSchema(500).describe('Why the token is revoked (lost device, staff left, …)') })
  .strict()
  .meta({ id: 'ApiTokenRevocation' })

const tokenParams = z.object({ id: z.uuid(), tokenId: z.uuid() })

const iso = (d: Date | null) => d?.toISOString() ?? null
const toTokenRecordDto = (t: TokenRecord) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt) })

const meSchema = z.object({ staff: staffSchema }).meta({ id: 'Me' })

const auditEventSchema = z
  .object({
    id: z.uuid(),
    occurredAt: instant,
    actorId: z.uuid().nullable(),
    action: z.string(),
    method: z.string(),
    path: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    requestId: z.string(),
    outcome: z.enum(['succeeded', 'rejected', 'failed', 'replayed']),
    statusCode: z.number().int(),
    errorCode: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' })

const auditQuery = pageQuerySchema.extend({
  actorId: z.uuid().optional(),
  entityType: plainTextSchema(60).optional(),
  entityId: plainTextSchema(100).optional(),
  action: plainTextSchema(100).optional(),
})

/** The server's own routes: who am I, API tokens, the audit log. */
export const platformRoutes: FastifyPluginAsyncZod<PlatformRoutesOptions> = async (app, { relationship, tokens, audit }) => {
  app.get('/me', {
    config: { access: 'authenticated' },
    schema: {
      operationId: 'getMe', tags: ['staff'], summary: 'The staff member the token belongs to',
      response: { 200: meSchema, ...problemResponses(401) },
    },
  }, async (req) => ({ staff: toStaffDto(await relationship.getStaffMember(actorOf(req).staffId)) }))

  app.post('/staff/:id/tokens', {
    config: { access: ['admin'], audit: { entity: 'staff', idParam: 'id' }, idempotencyRedact: ['token'] },
    schema: {
      operationId: 'issueApiToken', tags: ['staff'], summary: 'Issue an API token for a staff member (shown once)',
      params: idParams,
      body: newTokenBody,
      response: { 201: issuedTokenSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const staff = await relationship.getStaffMember(req.params.id)
    const issued = await tokens.issue({
      staffId: staff.id,
      label: req.body.label,
      createdBy: actorOf(req).staffId,
      expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null,
    })
    return reply.code(201).send({
      ...issued,
      createdAt: issued.createdAt.toISOString(),
      expiresAt: issued.expiresAt?.toISOString() ?? null,
    })
  })

  app.get('/staff/:id/tokens', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'listApiTokens', tags: ['staff'], summary: "A staff member's API tokens (never the secrets)",
      params: idParams,
      response: { 200: z.object({ items: z.array(tokenRecordSchema) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const staff = await relationship.getStaffMember(req.params.id)
    return { items: (await tokens.listFor(staff.id)).map(toTokenRecordDto) }
  })

  app.post('/staff/:id/tokens/:tokenId/revocation', {
    config: { access: ['admin'], audit: { entity: 'api_token', idParam: 'tokenId' } },
    schema: {
      operationId: 'revokeApiToken', tags: ['staff'], summary: 'Revoke an API token at once',
      params: tokenParams,
      body: revocationBody,
      response: { 200: tokenRecordSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const revoked = await tokens.revoke(req.params.id, req.params.tokenId, req.body.reason)
    if (!revoked) throw new DomainError('common.not_found', `staff member ${req.params.id} has no token ${req.params.tokenId}`)
    return toTokenRecordDto(revoked)
  })

  app.get('/audit-events', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      operationId: 'listAuditEvents', tags: ['audit'], summary: 'The append-only audit log, newest first',
      querystring: auditQuery,
      response: { 200: pageSchema(auditEventSchema).meta({ id: 'AuditEventPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await audit.list(filter, { limit, cursor })
    return {
      items: page.items.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
      nextCursor: page.nextCursor,
    }
  })
}


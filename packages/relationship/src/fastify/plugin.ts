import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffRoles, type Actor, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, pageQuerySchema, problemResponses } from '@strongroom/kernel/fastify'
import type { Client, RelationshipService } from '../core/index.js'
import {
  assignmentBody, assignmentSchema, clientListQuery, clientPage, clientPatchBody, clientSchema, newClientBody, newStaffBody, staffPatchBody,
  staffPage, staffSchema, statusChangeSchema, toAssignmentDto, toClientDto, toStaffDto, toStatusChangeDto,
} from './schemas.js'

/** What changed about a client, for the domains that act on it (compliance screens a new client and a new name). */
export type ClientChange = 'created' | 'renamed'

export interface RelationshipRoutesOptions {
  readonly relationship: RelationshipService
  /**
   * Called after a client is created, or renamed, and before the answer goes
   * out. It should not throw: the client change has happened.
   */
  readonly onClientChanged?: ((client: Client, change: ClientChange, actor: Actor) => Promise<void>) | undefined
}

// Who may do what. Reads are open to every role (an RM is narrowed to their
// book by the service); changes to client data belong to the front office
// and operations; the directory belongs to admins.
const everyone: readonly StaffRole[] = staffRoles
const clientEditors: readonly StaffRole[] = ['admin', 'relationship_manager', 'operations']
const bookManagers: readonly StaffRole[] = ['admin', 'operations']
const staffReaders: readonly StaffRole[] = ['admin', 'operations', 'compliance_officer', 'risk_officer', 'auditor']

const tags = ['relationship']

export const relationshipRoutes: FastifyPluginAsyncZod<RelationshipRoutesOptions> = async (app, { relationship, onClientChanged }) => {
  app.post('/clients', {
    config: { access: clientEditors, audit: { entity: 'client' } },
    schema: {
      operationId: 'createClient', tags, summary: 'Open a client record (an RM opens it into their own book)',
      body: newClientBody,
      response: { 201: clientSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    const client = await relationship.createClient(actor, req.body)
    await onClientChanged?.(client, 'created', actor)
    return reply.code(201).send(toClientDto(client))
  })

  app.get('/clients', {
    config: { access: everyone },
    schema: {
      operationId: 'listClients', tags, summary: 'List clients (an RM sees only their own book)',
      querystring: clientListQuery,
      response: { 200: clientPage, ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, q, ...filter } = req.query
    const page = await relationship.listClients(actorOf(req), { ...filter, nameContains: q }, { limit, cursor })
    return { items: page.items.map(toClientDto), nextCursor: page.nextCursor }
  })

  app.get('/clients/:id', {
    config: { access: everyone },
    schema: {
      operationId: 'getClient', tags, summary: 'Read one client',
      params: idParams,
      response: { 200: clientSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => toClientDto(await relationship.getClient(actorOf(req), req.params.id)))

  app.patch('/clients/:id', {
    config: { access: clientEditors, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'updateClient', tags, summary: 'Change client data or move its lifecycle status',
      params: idParams,
      body: clientPatchBody,
      response: { 200: clientSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    const client = await relationship.updateClient(actor, req.params.id, req.body)
    if (req.body.legalName !== undefined || req.body.nativeName !== undefined) await onClientChanged?.(client, 'renamed', actor)
    return toClientDto(client)
  })

  app.get('/clients/:id/status-history', {
    config: { access: everyone },
    schema: {
      operationId: 'getClientStatusHistory', tags, summary: 'Every lifecycle status the client has had',
      params: idParams,
      response: { 200: z.object({ items: z.array(statusChangeSchema) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: (await relationship.statusHistory(actorOf(req), req.params.id)).map(toStatusChangeDto) }))

  app.post('/clients/:id/relationship-manager', {
    config: { access: bookManagers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'assignRelationshipManager', tags, summary: 'Assign the primary RM, or hand the client over to another',
      params: idParams,
      body: assignmentBody,
      response: { 201: assignmentSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const assignment = await relationship.assignRelationshipManager(actorOf(req), req.params.id, req.body)
    return reply.code(201).send(toAssignmentDto(assignment))
  })

  app.get('/clients/:id/relationship-history', {
    config: { access: everyone },
    schema: {
      operationId: 'getRelationshipHistory', tags, summary: 'Every RM the client has had: who, when, from, to, why',
      params: idParams,
      response: { 200: z.object({ items: z.array(assignmentSchema) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: (await relationship.relationshipHistory(actorOf(req), req.params.id)).map(toAssignmentDto) }))

  app.post('/staff', {
    config: { access: ['admin'], audit: { entity: 'staff' } },
    schema: {
      operationId: 'createStaffMember', tags: ['staff'], summary: 'Add a member of staff with their roles',
      body: newStaffBody,
      response: { 201: staffSchema, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(toStaffDto(await relationship.createStaffMember(req.body))))

  app.get('/staff', {
    config: { access: staffReaders },
    schema: {
      operationId: 'listStaff', tags: ['staff'], summary: 'The staff directory',
      querystring: pageQuerySchema,
      response: { 200: staffPage, ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const page = await relationship.listStaff(req.query)
    return { items: page.items.map(toStaffDto), nextCursor: page.nextCursor }
  })

  app.get('/staff/:id', {
    config: { access: staffReaders },
    schema: {
      operationId: 'getStaffMember', tags: ['staff'], summary: 'One member of staff',
      params: idParams,
      response: { 200: staffSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => toStaffDto(await relationship.getStaffMember(req.params.id)))

  app.patch('/staff/:id', {
    config: { access: ['admin'], audit: { entity: 'staff', idParam: 'id' } },
    schema: {
      operationId: 'updateStaffMember', tags: ['staff'], summary: 'Change roles or name, or disable a member of staff (locks out every token)',
      params: idParams,
      body: staffPatchBody,
      response: { 200: staffSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => toStaffDto(await relationship.updateStaffMember(actorOf(req), req.params.id, req.body)))
}

import { z } from 'zod'
import { staffRoles } from '@strongroom/kernel'
import { countrySchema, isoDateSchema, pageQuerySchema, pageSchema, textSchema } from '@strongroom/kernel/fastify'
import {
  clientKinds, clientSegments, clientStatuses, contactPointKinds,
  type Client, type RmAssignment, type StaffMember, type StatusChange,
} from '../core/index.js'

const instant = z.iso.datetime({ offset: true })

export const contactPointSchema = z
  .object({
    kind: z.enum(contactPointKinds),
    value: textSchema(320),
    label: textSchema(60).optional(),
    preferred: z.boolean().optional(),
  })
  .meta({ id: 'ContactPoint' })

export const clientSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(clientKinds),
    legalName: z.string(),
    nativeName: z.string().nullable(),
    birthOrRegistrationDate: z.string().nullable().describe('Date of birth (individual) or registration (institution)'),
    country: z.string().describe('Nationality or jurisdiction, ISO 3166-1 alpha-2'),
    segment: z.enum(clientSegments),
    status: z.enum(clientStatuses),
    contactPoints: z.array(contactPointSchema),
    relationshipManagerId: z.uuid().nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Client' })

export const newClientBody = z
  .object({
    kind: z.enum(clientKinds),
    legalName: textSchema(200).describe('Name on the identity document, Latin script'),
    nativeName: textSchema(200).nullable().optional().describe('The name in its native script, e.g. 王小明'),
    birthOrRegistrationDate: isoDateSchema.nullable().optional(),
    country: countrySchema,
    segment: z.enum(clientSegments),
    contactPoints: z.array(contactPointSchema).max(20).optional(),
    relationshipManagerId: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: 'NewClient' })

export const clientPatchBody = z
  .object({
    legalName: textSchema(200).optional(),
    nativeName: textSchema(200).nullable().optional(),
    birthOrRegistrationDate: isoDateSchema.nullable().optional(),
    country: countrySchema.optional(),
    segment: z.enum(clientSegments).optional(),
    contactPoints: z.array(contactPointSchema).max(20).optional(),
    status: z.enum(clientStatuses).optional(),
    statusReason: textSchema(500).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change')
  .meta({ id: 'ClientPatch' })

export const clientListQuery = pageQuerySchema.extend({
  status: z.enum(clientStatuses).optional(),
  segment: z.enum(clientSegments).optional(),
  relationshipManagerId: z.uuid().optional(),
  q: textSchema(100).optional().describe('Part of the legal or native name'),
})

export const clientPage = pageSchema(clientSchema).meta({ id: 'ClientPage' })

export const assignmentBody = z
  .object({
    relationshipManagerId: z.uuid(),
    reason: textSchema(500),
  })
  .strict()
  .meta({ id: 'RelationshipManagerAssignmentRequest' })

export const assignmentSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    fromRelationshipManagerId: z.uuid().nullable(),
    toRelationshipManagerId: z.uuid(),
    reason: z.string(),
    assignedBy: z.uuid(),
    assignedAt: instant,
  })
  .meta({ id: 'RelationshipManagerAssignment' })

export const statusChangeSchema = z
  .object({
    id: z.uuid(),
    from: z.enum(clientStatuses).nullable(),
    to: z.enum(clientStatuses),
    reason: z.string().nullable(),
    changedBy: z.uuid(),
    changedAt: instant,
  })
  .meta({ id: 'ClientStatusChange' })

export const staffSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(staffRoles)),
    status: z.enum(['active', 'disabled']),
    createdAt: instant,
  })
  .meta({ id: 'StaffMember' })

export const newStaffBody = z
  .object({
    email: z.email().max(320),
    displayName: textSchema(120),
    roles: z.array(z.enum(staffRoles)).min(1).max(staffRoles.length),
  })
  .strict()
  .meta({ id: 'NewStaffMember' })

export const staffPatchBody = z
  .object({
    displayName: textSchema(120).optional(),
    roles: z.array(z.enum(staffRoles)).min(1).max(staffRoles.length).optional(),
    status: z.enum(['active', 'disabled']).optional().describe('`disabled` locks the member out at once'),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change')
  .meta({ id: 'StaffPatch' })

export const staffPage = pageSchema(staffSchema).meta({ id: 'StaffPage' })

export function toClientDto(client: Client): z.output<typeof clientSchema> {
  return {
    ...client,
    contactPoints: [...client.contactPoints],
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  }
}

export function toAssignmentDto(a: RmAssignment): z.output<typeof assignmentSchema> {
  return { ...a, assignedAt: a.assignedAt.toISOString() }
}

export function toStatusChangeDto(c: StatusChange): z.output<typeof statusChangeSchema> {
  return { id: c.id, from: c.from, to: c.to, reason: c.reason, changedBy: c.changedBy, changedAt: c.changedAt.toISOString() }
}

export function toStaffDto(s: StaffMember): z.output<typeof staffSchema> {
  return { ...s, roles: [...s.roles], createdAt: s.createdAt.toISOString() }
}

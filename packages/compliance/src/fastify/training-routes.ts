import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffRoles, type StaffRole } from '@strongroom/kernel'
import { actorOf, isoDateSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import type { TrainingService } from '../core/index.js'

export interface TrainingRoutesOptions {
  readonly training: TrainingService
}

const keepers: readonly StaffRole[] = ['admin', 'compliance_officer']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'auditor']
const tags = ['training']

const courseSchema = z.object({ id: z.string(), code: z.string(), title: z.string(), mandatory: z.boolean(), roles: z.array(z.string()), validityMonths: z.number().int() }).meta({ id: 'TrainingCourse' })
const completionSchema = z.object({
  id: z.string(), staffId: z.string(), courseId: z.string(), completedOn: z.string(), expiresOn: z.string(), recordedBy: z.string(), recordedAt: z.string(),
}).meta({ id: 'TrainingCompletion' })

export const trainingRoutes: FastifyPluginAsyncZod<TrainingRoutesOptions> = async (app, { training }) => {
  app.post('/compliance/training/courses', {
    config: { access: keepers, audit: { entity: 'training-course' } },
    schema: {
      operationId: 'createTrainingCourse', tags, summary: 'A course staff must keep current (mandatory ones stop a lapsed checker from approving)',
      body: z.object({
        code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/), title: textSchema(200), mandatory: z.boolean(),
        roles: z.array(z.enum(staffRoles)).max(staffRoles.length), validityMonths: z.number().int().min(1).max(120),
      }).strict().meta({ id: 'NewTrainingCourse' }),
      response: { 201: courseSchema, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send({ ...(await training.createCourse(req.body)), roles: [...req.body.roles] }))

  app.get('/compliance/training/courses', {
    config: { access: readers },
    schema: { operationId: 'listTrainingCourses', tags, summary: 'Every course', response: { 200: z.object({ items: z.array(courseSchema) }).meta({ id: 'TrainingCourses' }), ...problemResponses(401, 403) } },
  }, async () => ({ items: (await training.listCourses()).map((c) => ({ ...c, roles: [...c.roles] })) }))

  app.post('/compliance/training/completions', {
    config: { access: keepers, audit: { entity: 'training-completion' } },
    schema: {
      operationId: 'recordTrainingCompletion', tags, summary: 'Record that a staff member completed a course (it expires after the course’s validity)',
      body: z.object({ staffId: z.uuid(), courseId: z.uuid(), completedOn: isoDateSchema }).strict().meta({ id: 'NewTrainingCompletion' }),
      response: { 201: completionSchema, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await training.recordCompletion(req.body, actorOf(req).staffId)))

  app.get('/compliance/training/overdue', {
    config: { access: readers },
    schema: {
      operationId: 'listTrainingOverdue', tags, summary: 'Active staff whose mandatory training has lapsed (they cannot approve anything)',
      response: { 200: z.object({ items: z.array(z.object({ staffId: z.string(), displayName: z.string(), lapsed: z.array(courseSchema) })) }).meta({ id: 'TrainingOverdue' }), ...problemResponses(401, 403) },
    },
  }, async () => ({ items: (await training.overdue()).map((o) => ({ ...o, lapsed: o.lapsed.map((c) => ({ ...c, roles: [...c.roles] })) })) }))
}

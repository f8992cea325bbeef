import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, isoDateSchema, pageQuerySchema, pageSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { reportDocument, reportStatuses, type LargeValueReport, type LargeValueReporting, type SuspiciousReporting } from '../core/index.js'

export interface ReportRoutesOptions {
  readonly reporting: LargeValueReporting
  readonly suspicious: SuspiciousReporting
  /** Builds the day's per-client movements and runs the reporting over them (a server workflow: it reads the ledger and the clients). */
  readonly runDay: (businessDate: string) => Promise<{ drafted: LargeValueReport[]; existing: LargeValueReport[] }>
}

// Regulatory reports are compliance's own: never shown to relationship managers or operations (no tipping off).
const officers: readonly StaffRole[] = ['admin', 'compliance_officer']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'auditor']
const tags = ['reports']

const reportSchema = z.record(z.string(), z.unknown()).meta({ id: 'LargeValueReport' })

const suspiciousSchema = z.record(z.string(), z.unknown()).meta({ id: 'SuspiciousReport' })

export const reportRoutes: FastifyPluginAsyncZod<ReportRoutesOptions> = async (app, { reporting, suspicious, runDay }) => {
  app.post('/compliance/reports/suspicious', {
    config: { access: officers, audit: { entity: 'suspicious-report' } },
    schema: {
      operationId: 'openSuspiciousReport', tags, summary: 'Open a suspicious transaction report (by hand, or from a risk case); never visible to the client',
      body: z.object({
        clientId: z.uuid(), narrative: textSchema(10_000), transferIds: z.array(z.uuid()).max(500).default([]),
        source: z.enum(['manual', 'risk-case']).default('manual'), caseRef: textSchema(100).nullable().optional(),
      }).strict().meta({ id: 'NewSuspiciousReport' }),
      response: { 201: suspiciousSchema, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send({ ...(await suspicious.open({ ...req.body, caseRef: req.body.caseRef ?? null }, actorOf(req).staffId)) }))

  app.get('/compliance/reports/suspicious', {
    config: { access: readers },
    schema: {
      operationId: 'listSuspiciousReports', tags, summary: 'Suspicious transaction reports',
      querystring: pageQuerySchema.extend({ status: z.enum(reportStatuses).optional(), clientId: z.uuid().optional() }),
      response: { 200: pageSchema(suspiciousSchema).meta({ id: 'SuspiciousReportPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await suspicious.list(filter, { limit, cursor })
    return { items: page.items.map((r) => ({ ...r })), nextCursor: page.nextCursor }
  })

  for (const kind of ['review', 'file', 'dismiss'] as const) {
    app.post(`/compliance/reports/suspicious/:id/${kind}`, {
      config: { access: officers, audit: { entity: 'suspicious-report', idParam: 'id' } },
      schema: {
        operationId: `${kind}SuspiciousReport`, tags,
        summary: kind === 'dismiss' ? 'Record the decision not to report, with its reasons' : kind === 'file' ? 'Record the filing (not its reviewer)' : 'Review (not its author)',
        params: idParams,
        body: z.object({ reason: textSchema(2000).optional(), reference: textSchema(200).optional() }).strict().meta({ id: 'SuspiciousReportStep' }),
        response: { 200: suspiciousSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => ({ ...(await suspicious.transition(req.params.id, { kind, by: actorOf(req).staffId, ...req.body })) }))
  }

  app.post('/compliance/reports/large-value/runs', {
    config: { access: officers, audit: { entity: 'large-value-run' } },
    schema: {
      operationId: 'runLargeValueReports', tags, summary: 'Draft the large-value reports of a business day from the posted transfers (running a day again drafts nothing new)',
      body: z.object({ businessDate: isoDateSchema }).strict().meta({ id: 'LargeValueRunRequest' }),
      response: { 200: z.object({ drafted: z.array(reportSchema), existing: z.array(reportSchema) }).meta({ id: 'LargeValueRunResult' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { drafted, existing } = await runDay(req.body.businessDate)
    return { drafted: drafted.map(reportDocument), existing: existing.map(reportDocument) }
  })

  app.get('/compliance/reports', {
    config: { access: readers },
    schema: {
      operationId: 'listReports', tags, summary: 'Regulatory reports, by status, client and day',
      querystring: pageQuerySchema.extend({ status: z.enum(reportStatuses).optional(), clientId: z.uuid().optional(), businessDate: isoDateSchema.optional() }),
      response: { 200: pageSchema(reportSchema).meta({ id: 'LargeValueReportPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await reporting.listReports(filter, { limit, cursor })
    return { items: page.items.map(reportDocument), nextCursor: page.nextCursor }
  })

  app.get('/compliance/reports/:id', {
    config: { access: readers },
    schema: { operationId: 'getReport', tags, summary: 'One report with its findings and who did what', params: idParams, response: { 200: reportSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => reportDocument(await reporting.getReport(req.params.id)))

  for (const kind of ['review', 'file', 'dismiss'] as const) {
    app.post(`/compliance/reports/:id/${kind}`, {
      config: { access: officers, audit: { entity: 'report', idParam: 'id' } },
      schema: {
        operationId: `${kind}Report`, tags,
        summary: kind === 'review' ? 'Review a draft (not its drafter)' : kind === 'file' ? 'Record the filing with the regulator’s reference (not its reviewer)' : 'Dismiss with a reason',
        params: idParams,
        body: z.object({ reason: textSchema(2000).optional(), reference: textSchema(200).optional() }).strict().meta({ id: 'ReportStep' }),
        response: { 200: reportSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => reportDocument(await reporting.transition(req.params.id, { kind, by: actorOf(req).staffId, ...req.body })))
  }

  app.get('/compliance/reports/:id/export', {
    config: { access: officers },
    schema: {
      operationId: 'exportReport', tags, summary: 'The report as a structured file (JSON or CSV)', params: idParams,
      querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }).strict(),
      response: { 200: z.string().describe('The file'), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const file = await reporting.exportReport(req.params.id, req.query.format)
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="report-${req.params.id}.${req.query.format}"`).send(file.body)
  })
}

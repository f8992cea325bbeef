import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffRole } from '@strongroom/kernel'
import { actorOf, countrySchema, idParams, isoDateSchema, pageQuerySchema, pageSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { parseOfacSdn, type ClientScreening, type ImportReport, type ScreeningAlert, type ScreeningHit, type WatchlistService, type WatchlistVersion } from '../core/index.js'

export interface ScreeningRoutesOptions {
  readonly watchlists: WatchlistService
}

// Who screens and who loads lists: the control functions. Everyone may read a client's screening record except
// through the routes that change something (the auditor reads, never changes).
const screeners: readonly StaffRole[] = ['admin', 'compliance_officer', 'risk_officer']
const listKeepers: readonly StaffRole[] = ['admin', 'compliance_officer']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'risk_officer', 'auditor']
const tags = ['screening']

/** The OFAC files are ~3.5 MB together; the body is JSON, so the route raises Fastify's limit for itself. */
export const sdnUploadMaxLength = 16 * 1024 * 1024

const explanationSchema = z.array(z.object({ feature: z.string(), effect: z.number(), detail: z.string() }))
const bandSchema = z.enum(['clear', 'review', 'block'])

const versionSchema = z.object({
  id: z.string(), listName: z.string(), version: z.number().int(), checksum: z.string(), source: z.string(),
  entryCount: z.number().int(), aliasCount: z.number().int(), importedBy: z.string(), importedAt: z.string(),
}).meta({ id: 'WatchlistVersion' })

const hitSchema = z.object({
  listName: z.string(), entryId: z.string(), entryName: z.string(), entryKind: z.string(), programs: z.array(z.string()),
  matchedName: z.string(), matchedOn: z.string(), score: z.number().min(0).max(1), band: bandSchema, explanation: explanationSchema,
}).meta({ id: 'ScreeningHit' })

const screeningSchema = z.object({
  id: z.string(), clientId: z.string(), listName: z.string(), version: z.number().int(), reason: z.string(), screenedName: z.string(),
  topBand: bandSchema, screenedBy: z.string(), screenedAt: z.string(),
  hits: z.array(z.object({ entryId: z.string(), entryName: z.string(), matchedName: z.string(), matchedOn: z.string(), score: z.number(), band: bandSchema, explanation: explanationSchema })),
}).meta({ id: 'ClientScreening' })

const hitChangeSchema = z.object({ clientId: z.string(), entryId: z.string(), entryName: z.string(), band: z.enum(['review', 'block']), score: z.number() })

const alertSchema = z.object({
  id: z.string(), clientId: z.string(), listName: z.string(), entryId: z.string(), versionId: z.string(), band: z.enum(['review', 'block']),
  score: z.number(), status: z.enum(['open', 'cleared']), openedAt: z.string(), closedAt: z.string().nullable(), closedReason: z.string().nullable(),
}).meta({ id: 'ScreeningAlert' })

const toVersionDto = (v: WatchlistVersion) => ({ ...v, importedAt: v.importedAt.toISOString() })
const toScreeningDto = (s: ClientScreening) => ({
  id: s.id, clientId: s.clientId, listName: s.listName, version: s.version, reason: s.reason, screenedName: s.screenedName, topBand: s.topBand,
  screenedBy: s.screenedBy, screenedAt: s.screenedAt.toISOString(), hits: s.hits.map((h) => ({ ...h, explanation: h.explanation.map((e) => ({ ...e })) })),
})
const toAlertDto = (a: ScreeningAlert) => ({ ...a, openedAt: a.openedAt.toISOString(), closedAt: a.closedAt ? a.closedAt.toISOString() : null })
const toReportDto = (r: ImportReport) => ({
  version: toVersionDto(r.version), created: r.created, rescreened: r.rescreened, newHits: r.newHits.map((h) => ({ ...h })), clearedHits: r.clearedHits.map((h) => ({ ...h })),
})
function toHitDto(hit: ScreeningHit, listName: string) {
  return {
    listName, entryId: hit.entry.id, entryName: hit.entry.primaryName, entryKind: hit.entry.kind, programs: [...hit.entry.programs],
    matchedName: hit.matchedName, matchedOn: hit.matchedOn, score: hit.score, band: hit.band, explanation: hit.explanation.map((e) => ({ ...e })),
  }
}

export const screeningRoutes: FastifyPluginAsyncZod<ScreeningRoutesOptions> = async (app, { watchlists }) => {
  app.post('/screening/search', {
    config: { access: screeners },
    schema: {
      operationId: 'searchWatchlists', tags, summary: 'Screen a name against every loaded list: hits with a score, a band and why',
      body: z.object({
        name: textSchema(300),
        dateOfBirth: z.union([isoDateSchema, z.string().regex(/^\d{4}$/, 'YYYY-MM-DD or a year')]).optional(),
        country: countrySchema.optional(),
        entityType: z.enum(['individual', 'entity']).optional(),
      }).strict().meta({ id: 'ScreeningQuery' }),
      response: {
        200: z.object({ versions: z.array(versionSchema), hits: z.array(hitSchema) }).meta({ id: 'ScreeningResult' }),
        ...problemResponses(400, 401, 403, 409),
      },
    },
  }, async (req) => {
    const { versions, hits } = await watchlists.search(req.body)
    const listOf = (hit: ScreeningHit) => versions.find((v) => v.listName === hit.entry.listName)?.listName ?? hit.entry.listName
    return { versions: versions.map(toVersionDto), hits: hits.map((h) => toHitDto(h, listOf(h))) }
  })

  app.post('/screening/lists/ofac-sdn', {
    bodyLimit: sdnUploadMaxLength + 1024 * 1024,
    config: { access: listKeepers, audit: { entity: 'watchlist' } },
    schema: {
      operationId: 'importOfacSdn', tags,
      summary: 'Import the OFAC SDN list (sdn.csv, alt.csv, add.csv as text); a new version re-screens every client and reports new and cleared hits',
      body: z.object({
        sdnCsv: z.string().min(1).max(sdnUploadMaxLength),
        altCsv: z.string().max(sdnUploadMaxLength).default(''),
        addCsv: z.string().max(sdnUploadMaxLength).default(''),
        source: textSchema(300).optional(),
      }).strict().meta({ id: 'OfacSdnImport' }),
      response: {
        200: z.object({ version: versionSchema, created: z.boolean(), rescreened: z.number().int(), newHits: z.array(hitChangeSchema), clearedHits: z.array(hitChangeSchema) }).meta({ id: 'WatchlistImportReport' }),
        ...problemResponses(400, 401, 403, 413, 422),
      },
    },
  }, async (req) => {
    const { sdnCsv, altCsv, addCsv, source } = req.body
    const entries = parseOfacSdn({ sdn: sdnCsv, alt: altCsv, add: addCsv })
    return toReportDto(await watchlists.importList({ listName: 'OFAC-SDN', source: source ?? 'OFAC SDN CSV (upload)', files: [sdnCsv, altCsv, addCsv], entries }, actorOf(req).staffId))
  })

  app.get('/screening/lists', {
    config: { access: readers },
    schema: { operationId: 'listWatchlistVersions', tags, summary: 'Every imported list version, newest first per list', response: { 200: z.object({ items: z.array(versionSchema) }).meta({ id: 'WatchlistVersions' }), ...problemResponses(401, 403) } },
  }, async () => ({ items: (await watchlists.listVersions()).map(toVersionDto) }))

  app.get('/screening/alerts', {
    config: { access: readers },
    schema: {
      operationId: 'listScreeningAlerts', tags, summary: 'Screening alerts: a hit in the review or block band, one open per client and list entry',
      querystring: pageQuerySchema.extend({ status: z.enum(['open', 'cleared']).optional(), clientId: z.uuid().optional() }),
      response: { 200: pageSchema(alertSchema).meta({ id: 'ScreeningAlertPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await watchlists.listAlerts(filter, { limit, cursor })
    return { items: page.items.map(toAlertDto), nextCursor: page.nextCursor }
  })

  app.post('/clients/:id/screening', {
    config: { access: screeners, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'screenClient', tags, summary: 'Screen a client against every loaded list now and keep the result', params: idParams,
      body: z.object({}).strict().meta({ id: 'ScreenClientRequest' }),
      response: { 201: z.object({ items: z.array(screeningSchema) }).meta({ id: 'ClientScreenings' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send({ items: (await watchlists.screenClient(req.params.id, 'manual', actorOf(req).staffId)).map(toScreeningDto) }))

  app.get('/clients/:id/screening', {
    config: { access: readers },
    schema: {
      operationId: 'getClientScreening', tags, summary: 'The client’s latest screening against each list, with the hits and why', params: idParams,
      response: { 200: z.object({ items: z.array(screeningSchema) }).meta({ id: 'ClientScreeningRecord' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: (await watchlists.latestScreenings(req.params.id)).map(toScreeningDto) }))
}


import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Actor, StaffRole } from '@strongroom/kernel'
import { actorOf, countrySchema, idParams, isoDateSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import {
  ComplianceError, identityDocumentTypes, kycStandingOn, maskDocumentNumber, riskRatings, verificationMethods,
  type KycRecord, type KycService,
} from '../core/index.js'

export interface KycRoutesOptions {
  readonly kyc: KycService
  /** Book scoping: whether the actor may see the client (an RM only their book). Default: everyone sees everyone. */
  readonly canSeeClient?: ((actor: Actor, clientId: string) => Promise<boolean>) | undefined
  /** The business date now, `YYYY-MM-DD`. */
  readonly today: () => string
}

const readers: readonly StaffRole[] = ['admin', 'compliance_officer', 'risk_officer', 'relationship_manager', 'operations', 'auditor']
// RMs collect documents and declarations; only compliance verifies.
const collectors: readonly StaffRole[] = ['admin', 'compliance_officer', 'relationship_manager']
const verifiers: readonly StaffRole[] = ['admin', 'compliance_officer']
// Roles that need document numbers in clear; everyone else sees them masked.
const seeDocumentNumbers: readonly StaffRole[] = ['admin', 'compliance_officer', 'auditor']
const tags = ['kyc']

const originSchema = z.object({ declaration: textSchema(2000), evidenceRefs: z.array(textSchema(300)).max(50) }).strict()

const kycSchema = z.object({
  clientId: z.string(),
  status: z.enum(['unverified', 'verified']),
  standing: z.enum(['verified', 'unverified', 'expired', 'review-overdue']).describe('Whether KYC holds today (the gate on accounts and outgoing transfers)'),
  standingDetail: z.string().nullable(),
  riskRating: z.enum(riskRatings).nullable(),
  ratingReasons: z.array(z.string()),
  sourceOfWealth: originSchema.nullable(),
  sourceOfFunds: originSchema.nullable(),
  documents: z.array(z.object({
    id: z.string(), type: z.enum(identityDocumentTypes), number: z.string().describe('Masked unless the role needs it'), issuingCountry: z.string(),
    expiresOn: z.string().nullable(), addedBy: z.string(), addedAt: z.string(),
  })),
  verification: z.object({ method: z.enum(verificationMethods), verifiedBy: z.string(), verifiedOn: z.string() }).nullable(),
  nextReviewOn: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
}).meta({ id: 'Kyc' })

export const kycRoutes: FastifyPluginAsyncZod<KycRoutesOptions> = async (app, options) => {
  const { kyc } = options
  const canSee = options.canSeeClient ?? (async () => true)

  async function visible(actor: Actor, clientId: string): Promise<void> {
    if (!(await canSee(actor, clientId))) throw new ComplianceError('compliance.client_not_found', `no client ${clientId}`)
  }

  function toDto(record: KycRecord, actor: Actor): z.output<typeof kycSchema> {
    const clear = actor.roles.some((r) => seeDocumentNumbers.includes(r))
    const standing = kycStandingOn(record, options.today())
    return {
      ...record, ratingReasons: [...record.ratingReasons],
      sourceOfWealth: record.sourceOfWealth ? { ...record.sourceOfWealth, evidenceRefs: [...record.sourceOfWealth.evidenceRefs] } : null,
      sourceOfFunds: record.sourceOfFunds ? { ...record.sourceOfFunds, evidenceRefs: [...record.sourceOfFunds.evidenceRefs] } : null,
      standing: standing.kind, standingDetail: standing.kind === 'verified' ? null : standing.detail,
      documents: record.documents.map((d) => ({ ...d, number: clear ? d.number : maskDocumentNumber(d.number) })),
    }
  }

  app.get('/clients/:id/kyc', {
    config: { access: readers },
    schema: { operationId: 'getKyc', tags, summary: 'The client’s KYC record and whether it holds today', params: idParams, response: { 200: kycSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const actor = actorOf(req)
    await visible(actor, req.params.id)
    return toDto(await kyc.getKyc(req.params.id), actor)
  })

  app.put('/clients/:id/kyc', {
    config: { access: collectors, audit: { entity: 'kyc', idParam: 'id' } },
    schema: {
      operationId: 'updateKyc', tags, summary: 'Set the risk rating and the declared source of wealth and of funds (a change needs verifying again)', params: idParams,
      body: z.object({
        riskRating: z.enum(riskRatings), ratingReasons: z.array(textSchema(500)).min(1).max(20),
        sourceOfWealth: originSchema.nullable(), sourceOfFunds: originSchema.nullable(),
      }).strict().meta({ id: 'KycProfile' }),
      response: { 200: kycSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    await visible(actor, req.params.id)
    return toDto(await kyc.updateProfile(req.params.id, req.body, actor.staffId), actor)
  })

  app.post('/clients/:id/kyc/documents', {
    config: { access: collectors, audit: { entity: 'kyc', idParam: 'id' } },
    schema: {
      operationId: 'addKycDocument', tags, summary: 'Add an identity document', params: idParams,
      body: z.object({
        type: z.enum(identityDocumentTypes), number: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and hyphens'),
        issuingCountry: countrySchema, expiresOn: isoDateSchema.nullable(),
      }).strict().meta({ id: 'NewKycDocument' }),
      response: { 201: kycSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await visible(actor, req.params.id)
    return reply.code(201).send(toDto(await kyc.addDocument(req.params.id, req.body, actor.staffId), actor))
  })

  app.post('/clients/:id/kyc/verify', {
    config: { access: verifiers, audit: { entity: 'kyc', idParam: 'id' } },
    schema: {
      operationId: 'verifyKyc', tags, summary: 'Record that the client’s identity was verified, how and by whom; sets the next review by the rating', params: idParams,
      body: z.object({ method: z.enum(verificationMethods) }).strict().meta({ id: 'KycVerification' }),
      response: { 200: kycSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    return toDto(await kyc.verify(req.params.id, req.body.method, actor.staffId), actor)
  })

  app.get('/compliance/kyc/due', {
    config: { access: ['admin', 'compliance_officer', 'auditor'] },
    schema: {
      operationId: 'listKycDue', tags, summary: 'Reviews and identity documents falling due (or overdue)',
      querystring: z.object({ withinDays: z.coerce.number().int().min(0).max(366).default(30) }).strict(),
      response: {
        200: z.object({ items: z.array(z.object({ clientId: z.string(), reviewDue: z.string().nullable(), documentsExpiring: z.array(z.object({ id: z.string(), type: z.string(), expiresOn: z.string().nullable() })) })) }).meta({ id: 'KycDueList' }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (req) => ({
    items: (await kyc.due(req.query.withinDays)).map((d) => ({
      clientId: d.record.clientId, reviewDue: d.reviewDue, documentsExpiring: d.documentsExpiring.map((doc) => ({ id: doc.id, type: doc.type, expiresOn: doc.expiresOn })),
    })),
  }))
}

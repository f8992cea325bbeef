import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Actor, StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import {
  caseOutcomes, RiskError,
  type ActivityStore, type CaseService, type RiskCase, type RuleCatalogue, type StoredRule, type StoredRuleVersion, type SuitabilityService,
} from '../core/index.js'

/** What activating a version asks of the server: apply it now, or the approval request that will. */
export type ActivationGate = (request: { readonly ruleId: string; readonly version: number; readonly mode: 'live' | 'shadow' }, actor: Actor) =>
  Promise<{ readonly kind: 'proceed' } | { readonly kind: 'pending-approval'; readonly approvalId: string; readonly summary: string; readonly expiresAt: string }>

export interface RiskRoutesOptions {
  readonly rules: RuleCatalogue
  readonly cases: CaseService
  readonly decisions: Pick<ActivityStore, 'listDecisions' | 'decisionsBetween'>
  readonly suitability: SuitabilityService
  /** Maker-checker for rule activation. Default: applied at once. */
  readonly activationGate?: ActivationGate | undefined
  /** Called after an outcome is recorded: the server hands a true positive to compliance for a suspicious report. */
  readonly onOutcome?: ((riskCase: RiskCase, note: string, by: string) => Promise<RiskCase>) | undefined
}

// Who works monitoring: risk officers run it; compliance reads it (alerts feed suspicious reports); audit reads.
const analysts: readonly StaffRole[] = ['admin', 'risk_officer']
const readers: readonly StaffRole[] = ['admin', 'risk_officer', 'compliance_officer', 'auditor']
const caseWorkers: readonly StaffRole[] = ['admin', 'risk_officer', 'compliance_officer']
const tags = ['risk']

const jsonObject = z.record(z.string(), z.unknown())
const versionSchema = z.object({
  ruleId: z.string(), version: z.number().int(), definition: jsonObject, state: z.enum(['draft', 'live', 'shadow', 'retired']),
  createdBy: z.string(), createdAt: z.string(), activatedBy: z.string().nullable(), activatedAt: z.string().nullable(), approvalId: z.string().nullable(),
}).meta({ id: 'RiskRuleVersion' })
const ruleSchema = z.object({
  id: z.string(), name: z.string(), typology: z.string(), createdBy: z.string(), createdAt: z.string(), versions: z.array(versionSchema),
}).meta({ id: 'RiskRule' })
const caseSchema = z.object({
  id: z.string(), clientId: z.string(), status: z.enum(['open', 'closed']), assignee: z.string().nullable(), slaDueAt: z.string(),
  outcome: z.enum(caseOutcomes).nullable(), outcomeNote: z.string().nullable(), outcomeBy: z.string().nullable(), outcomeAt: z.string().nullable(),
  suspiciousReportId: z.string().nullable(), openedAt: z.string(), closedAt: z.string().nullable(), version: z.number().int(),
}).meta({ id: 'RiskCase' })
const alertSchema = z.object({
  id: z.string(), clientId: z.string(), caseId: z.string(), decisionId: z.string(), transferId: z.string().nullable(), outcome: z.enum(['review', 'block']),
  score: z.number().int(), ruleIds: z.array(z.string()), createdAt: z.string(),
}).meta({ id: 'RiskAlert' })
const noteSchema = z.object({ id: z.string(), caseId: z.string(), by: z.string(), text: z.string(), at: z.string() }).meta({ id: 'RiskCaseNote' })
const decisionSchema = z.object({
  id: z.string(), transferId: z.string().nullable(), clientId: z.string(), mode: z.enum(['live', 'shadow']), outcome: z.enum(['allow', 'review', 'block']),
  score: z.number().int(), ruleVersions: z.record(z.string(), z.number().int()), results: z.array(z.unknown()), facts: z.unknown(), decidedAt: z.string(),
}).meta({ id: 'RiskDecision' })
const pendingSchema = z.object({ status: z.literal('pending-approval'), approvalId: z.string(), summary: z.string(), expiresAt: z.string() }).meta({ id: 'RuleActivationPending' })

const toRuleDto = (r: StoredRule) => ({ ...r, versions: r.versions.map(toVersionDto) })
const toVersionDto = (v: StoredRuleVersion) => ({ ...v, definition: { ...v.definition } as Record<string, unknown> })
const toCaseDto = (c: RiskCase) => ({ ...c })

export const riskRoutes: FastifyPluginAsyncZod<RiskRoutesOptions> = async (app, options) => {
  const { rules, cases, decisions, suitability } = options

  app.get('/risk/rules', {
    config: { access: readers },
    schema: { operationId: 'listRiskRules', tags, summary: 'Monitoring rules with every version and which is live or in shadow', response: { 200: z.object({ items: z.array(ruleSchema) }).meta({ id: 'RiskRules' }), ...problemResponses(401, 403) } },
  }, async () => ({ items: (await rules.listRules()).map(toRuleDto) }))

  app.post('/risk/rules', {
    config: { access: analysts, audit: { entity: 'risk-rule' } },
    schema: {
      operationId: 'createRiskRule', tags, summary: 'A new rule (version 1, a draft until activated): an expression over the transfer, the client and window aggregates',
      body: jsonObject.meta({ id: 'RiskRuleDefinition' }), response: { 201: ruleSchema, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toRuleDto(await rules.createRule(req.body, actorOf(req).staffId))))

  app.get('/risk/rules/:id', {
    config: { access: readers },
    schema: { operationId: 'getRiskRule', tags, summary: 'One rule with its versions', params: z.object({ id: textSchema(64) }), response: { 200: ruleSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => toRuleDto(await rules.getRule(req.params.id)))

  app.post('/risk/rules/:id/versions', {
    config: { access: analysts, audit: { entity: 'risk-rule', idParam: 'id' } },
    schema: {
      operationId: 'addRiskRuleVersion', tags, summary: 'A new version of the rule (the next number), a draft until activated live or in shadow',
      params: z.object({ id: textSchema(64) }), body: jsonObject.meta({ id: 'RiskRuleVersionDefinition' }), response: { 201: versionSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toVersionDto(await rules.addVersion(req.params.id, req.body, actorOf(req).staffId))))

  app.post('/risk/rules/:id/activate', {
    config: { access: analysts, audit: { entity: 'risk-rule', idParam: 'id' } },
    schema: {
      operationId: 'activateRiskRule', tags,
      summary: 'Put a version live (through maker-checker: 202 with the approval request) or run it in shadow beside the live one',
      params: z.object({ id: textSchema(64) }), body: z.object({ version: z.number().int().positive(), mode: z.enum(['live', 'shadow']).default('live') }).strict().meta({ id: 'RiskRuleActivation' }),
      response: { 200: versionSchema, 202: pendingSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await rules.versionToActivate(req.params.id, req.body.version)
    const gate = options.activationGate ? await options.activationGate({ ruleId: req.params.id, ...req.body }, actor) : { kind: 'proceed' as const }
    if (gate.kind === 'pending-approval') return reply.code(202).send({ status: 'pending-approval' as const, approvalId: gate.approvalId, summary: gate.summary, expiresAt: gate.expiresAt })
    return toVersionDto(await rules.activate(req.params.id, req.body.version, req.body.mode, actor.staffId, null))
  })

  app.post('/risk/rules/:id/backtest', {
    config: { access: analysts },
    schema: {
      operationId: 'backtestRiskRule', tags, summary: 'Replay the live decisions of a period through a version (the facts each saw) and report what it would have flagged; nothing changes',
      params: z.object({ id: textSchema(64) }),
      body: z.object({ version: z.number().int().positive(), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict().meta({ id: 'RiskBacktestRequest' }),
      response: {
        200: z.object({
          ruleId: z.string(), version: z.number().int(), from: z.string(), to: z.string(), decisionsReplayed: z.number().int(), hits: z.number().int(),
          outcomes: z.object({ actual: z.record(z.string(), z.number().int()), wouldBe: z.record(z.string(), z.number().int()) }),
          flagged: z.array(z.object({ decisionId: z.string(), transferId: z.string().nullable(), clientId: z.string(), decidedAt: z.string(), actual: z.string(), wouldBe: z.string(), hit: z.boolean(), explanation: z.string() })),
        }).meta({ id: 'RiskBacktest' }),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    },
  }, async (req) => {
    if (req.body.from >= req.body.to) throw new RiskError('risk.invalid_rule', 'the period ends after it starts')
    const replayed = await decisions.decisionsBetween(req.body.from, req.body.to, 20_000)
    const result = await rules.backtest(req.params.id, req.body.version, req.body.from, req.body.to, replayed)
    return { ...result, outcomes: { actual: { ...result.outcomes.actual }, wouldBe: { ...result.outcomes.wouldBe } }, flagged: [...result.flagged] }
  })

  app.get('/risk/decisions', {
    config: { access: readers },
    schema: {
      operationId: 'listRiskDecisions', tags, summary: 'Monitoring decisions with every rule’s result and the facts it saw: by transfer or by client; mode=shadow for would-be decisions',
      querystring: z.object({ transferId: z.uuid().optional(), clientId: z.uuid().optional(), mode: z.enum(['live', 'shadow']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict()
        .refine((q) => q.transferId !== undefined || q.clientId !== undefined, { message: 'pass transferId or clientId' }),
      response: { 200: z.object({ items: z.array(decisionSchema) }).meta({ id: 'RiskDecisions' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: (await decisions.listDecisions(req.query, req.query.limit)).map((d) => ({ ...d, results: [...d.results], ruleVersions: { ...d.ruleVersions } })) }))

  app.get('/risk/alerts', {
    config: { access: readers },
    schema: {
      operationId: 'listRiskAlerts', tags, summary: 'Alerts, newest first, for a client or a case',
      querystring: z.object({ clientId: z.uuid().optional(), caseId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      response: { 200: z.object({ items: z.array(alertSchema) }).meta({ id: 'RiskAlerts' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: (await cases.listAlerts(req.query, req.query.limit)).map((a) => ({ ...a, ruleIds: [...a.ruleIds] })) }))

  app.get('/risk/cases', {
    config: { access: readers },
    schema: {
      operationId: 'listRiskCases', tags, summary: 'Cases by SLA deadline: the queue with status=open, one analyst’s with assignee',
      querystring: z.object({ status: z.enum(['open', 'closed']).optional(), assignee: textSchema(64).optional(), clientId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      response: { 200: z.object({ items: z.array(caseSchema) }).meta({ id: 'RiskCases' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: (await cases.listCases(req.query, req.query.limit)).map(toCaseDto) }))

  app.get('/risk/cases/:id', {
    config: { access: readers },
    schema: {
      operationId: 'getRiskCase', tags, summary: 'A case with its alerts and notes', params: idParams,
      response: { 200: caseSchema.extend({ alerts: z.array(alertSchema), notes: z.array(noteSchema) }).meta({ id: 'RiskCaseDetail' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const found = await cases.getCase(req.params.id)
    const [alerts, notes] = await Promise.all([cases.listAlerts({ caseId: found.id }, 500), cases.notesOf(found.id)])
    return { ...toCaseDto(found), alerts: alerts.map((a) => ({ ...a, ruleIds: [...a.ruleIds] })), notes }
  })

  app.patch('/risk/cases/:id', {
    config: { access: caseWorkers, audit: { entity: 'risk-case', idParam: 'id' } },
    schema: {
      operationId: 'updateRiskCase', tags, summary: 'Assign a case or move its SLA deadline; pass the version you read to refuse a lost update',
      params: idParams,
      body: z.object({ assignee: z.string().min(1).max(64).nullable().optional(), slaDueAt: z.iso.datetime({ offset: true }).optional(), version: z.number().int().positive().optional() }).strict().meta({ id: 'RiskCaseChange' }),
      response: { 200: caseSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => toCaseDto(await cases.updateCase(req.params.id, { assignee: req.body.assignee, slaDueAt: req.body.slaDueAt ? new Date(req.body.slaDueAt).toISOString() : undefined }, req.body.version)))

  app.post('/risk/cases/:id/notes', {
    config: { access: caseWorkers, audit: { entity: 'risk-case', idParam: 'id' } },
    schema: {
      operationId: 'addRiskCaseNote', tags, summary: 'Add a note to a case', params: idParams,
      body: z.object({ text: textSchema(4000) }).strict().meta({ id: 'RiskCaseNoteRequest' }), response: { 201: noteSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await cases.addNote(req.params.id, req.body.text, actorOf(req).staffId)))

  app.post('/risk/cases/:id/outcome', {
    config: { access: caseWorkers, audit: { entity: 'risk-case', idParam: 'id' } },
    schema: {
      operationId: 'recordRiskCaseOutcome', tags,
      summary: 'Decide a case: true positive (closes it; compliance opens a suspicious report), false positive (closes it), needs information (stays open); kept per rule for tuning',
      params: idParams, body: z.object({ outcome: z.enum(caseOutcomes), note: textSchema(4000) }).strict().meta({ id: 'RiskCaseOutcome' }),
      response: { 200: caseSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const decided = await cases.recordOutcome(req.params.id, req.body.outcome, req.body.note, actorOf(req).staffId)
    return toCaseDto(options.onOutcome ? await options.onOutcome(decided, req.body.note, actorOf(req).staffId) : decided)
  })

  app.post('/risk/snoozes', {
    config: { access: caseWorkers, audit: { entity: 'risk-snooze' } },
    schema: {
      operationId: 'snoozeRiskRule', tags, summary: 'Silence one rule’s alerts for one client until a time (at most 90 days), with a reason; decisions are still stored',
      body: z.object({ clientId: z.uuid(), ruleId: textSchema(64), until: z.iso.datetime({ offset: true }), reason: textSchema(2000) }).strict().meta({ id: 'RiskSnoozeRequest' }),
      response: { 201: z.object({ id: z.string(), clientId: z.string(), ruleId: z.string(), until: z.string(), reason: z.string(), by: z.string(), at: z.string() }).meta({ id: 'RiskSnooze' }), ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    await rules.getRule(req.body.ruleId)
    return reply.code(201).send(await cases.snooze(req.body, actorOf(req).staffId))
  })

  app.get('/risk/tuning', {
    config: { access: readers },
    schema: {
      operationId: 'getRiskTuning', tags, summary: 'Case outcomes per rule: how often each rule’s alerts were true or false positives',
      response: { 200: z.object({ items: z.array(z.object({ ruleId: z.string(), outcome: z.enum(caseOutcomes), count: z.number().int() })) }).meta({ id: 'RiskTuning' }), ...problemResponses(401, 403) },
    },
  }, async () => ({ items: await cases.tuning() }))

  app.get('/risk/questionnaires', {
    config: { access: ['admin', 'risk_officer', 'compliance_officer', 'relationship_manager', 'operations', 'auditor'] },
    schema: { operationId: 'listRiskQuestionnaires', tags, summary: 'Risk-tolerance questionnaires, every version', response: { 200: z.object({ items: z.array(jsonObject) }).meta({ id: 'RiskQuestionnaires' }), ...problemResponses(401, 403) } },
  }, async () => ({ items: (await suitability.listQuestionnaires()).map((q) => ({ ...q }) as Record<string, unknown>) }))

  app.post('/risk/questionnaires', {
    config: { access: analysts, audit: { entity: 'risk-questionnaire' } },
    schema: {
      operationId: 'createRiskQuestionnaire', tags, summary: 'A questionnaire or a new version of one: questions with scored answers, score bands to profiles C1–C5, validity in months',
      body: jsonObject.meta({ id: 'RiskQuestionnaireDefinition' }), response: { 201: jsonObject, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send({ ...(await suitability.addQuestionnaire(req.body, actorOf(req).staffId)) } as Record<string, unknown>))
}

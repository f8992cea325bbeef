import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { addDaysToDay, formatMoney, money, type Actor, type CurrencyCode, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import { formatCalendarDate, type InsuranceScheme } from '@strongroom/ledger'
import {
  atRiskList, attritionLevels, chartSeries, defaultAttritionConfig, defaultScenario, productRiskLevels, requireScenario, RiskError, runStressTest,
  type AttritionInput, type DepositPosition, type MaturityOutcome, type RiskCase,
} from '@strongroom/risk'
import type { ActivationGate } from '@strongroom/risk/fastify'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'relationship' | 'ledger' | 'deposits' | 'catalogue' | 'clock' | 'ids' | 'riskStore' | 'riskRules' | 'riskCases' | 'suitability' | 'suspicious'>

const bankWide = { staffId: 'risk-desk', roles: ['admin'] as const }

/**
 * Risk's flows that reach into other domains: rule activation and
 * suitability overrides through maker-checker (compliance), the suitability
 * gate on a deposit sale (ledger), and the stress test and early warnings,
 * which read the live book (ledger, relationship) and hand it to risk's
 * pure calculations.
 */
export function createRiskDesk(services: Deps, options: { readonly insuranceScheme: InsuranceScheme | undefined; readonly reportingCurrency: string; readonly overrideDays: number }) {
  services.approvals.executors['compliance.rule-pack'] = async (payload, approval) => {
    const approvedBy = approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by).join(', ')
    const version = await services.riskRules.activate(String(payload.ruleId), Number(payload.version), payload.mode === 'shadow' ? 'shadow' : 'live', approvedBy, approval.id)
    return { ruleId: version.ruleId, version: version.version, state: version.state }
  }
  services.approvals.executors['risk.suitability-override'] = async (payload, approval) => {
    const approvedBy = approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by).join(', ')
    const acknowledgement = payload.acknowledgement as { text: string; acknowledgedAt: string }
    const override = await services.suitability.recordOverride({
      clientId: String(payload.clientId), productId: String(payload.productId), reason: String(payload.reason), acknowledgement: acknowledgement.text,
      acknowledgedAt: acknowledgement.acknowledgedAt, requestedBy: approval.requestedBy, approvedBy, approvedAt: services.clock.now().toISOString(),
      expiresOn: addDaysToDay(formatCalendarDate(services.catalogue.today()), options.overrideDays),
    })
    return { overrideId: override.id }
  }

  /** Going live waits for a checker; a shadow run changes no transfer's fate and starts at once. */
  const activationGate: ActivationGate = async (request, actor) => {
    if (request.mode === 'shadow' || !(await services.approvals.policyFor('compliance.rule-pack', null))) return { kind: 'proceed' }
    const submitted = await services.approvals.submit({
      action: 'compliance.rule-pack', entityType: 'risk-rule', entityId: request.ruleId, amount: null,
      summary: `Put version ${request.version} of monitoring rule ${request.ruleId} live`, payload: { ...request },
    }, actor)
    return { kind: 'pending-approval', approvalId: submitted.id, summary: submitted.summary, expiresAt: submitted.expiresAt }
  }

  /** A classified product (one with a risk level on file) is sold only within the client's profile, or with an approved override. */
  async function guardDepositSale(sale: { clientId: string; productId: string }): Promise<void> {
    await services.suitability.assertMayProceed(sale.clientId, sale.productId)
  }

  async function everyClient() {
    const clients = []
    let cursor: string | undefined
    do {
      const page = await services.relationship.listClients(bankWide, {}, { limit: 200, cursor })
      clients.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    return clients
  }

  async function depositsOf(clientId: string) {
    const all = []
    let cursor: string | undefined
    do {
      const page = await services.deposits.listDeposits({ clientId }, { limit: 200, cursor })
      all.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    return all
  }

  /** The live book as stress positions: every client holding, in the scheme currency, with its insured part and maturity. */
  async function stressBook() {
    const scheme = options.insuranceScheme
    if (!scheme) throw new RiskError('risk.invalid_scenario', 'no deposit-insurance scheme is configured (STRONGROOM_INSURANCE_SCHEMES)')
    const positions: DepositPosition[] = []
    for (const client of await everyClient()) {
      const coverage = await services.deposits.insuranceCoverage(client.id, { schemes: [scheme] })
      const maturities = new Map((await depositsOf(client.id)).filter((d) => d.status === 'active' && d.maturity).map((d) => [d.accountId, formatCalendarDate(d.maturity!)]))
      // Basel run-off classes from what the bank knows of the client: individuals are retail (their uninsured part less
      // stable, per the scenario), institutional clients financial, other companies non-financial corporates.
      const category = client.kind === 'individual' ? 'stable_retail' as const : client.segment === 'institutional' ? 'financial' as const : 'non_financial_corporate' as const
      for (const holding of coverage.schemes[0]?.categories.flatMap((c) => c.holdings) ?? []) {
        if (holding.countedInSchemeCurrency.amountMinor <= 0n) continue
        positions.push({
          clientId: client.id, depositId: holding.accountId, category, balance: formatMoney(holding.countedInSchemeCurrency),
          insuredAmount: formatMoney(holding.insured), maturityDate: maturities.get(holding.accountId) ?? null,
        })
      }
    }
    return { reportingCurrency: scheme.currency, positions }
  }

  /**
   * Attrition inputs per client: month-end balances over six months (the
   * ledger's balance at each month end, summed over the client's accounts in
   * the reporting currency), maturities of the last 90 days and whether they
   * rolled over, and monthly activity counts from the monitoring buckets.
   * Complaints are not recorded anywhere yet: counted as none.
   */
  async function attritionInputs(rmId: string | undefined): Promise<AttritionInput[]> {
    const today = formatCalendarDate(services.catalogue.today())
    const monthEnds = Array.from({ length: 6 }, (_, i) => lastDayOfMonthsAgo(today, 5 - i))
    const inputs: AttritionInput[] = []
    for (const client of await everyClient()) {
      if (rmId && client.relationshipManagerId !== rmId) continue
      if (client.status === 'closed' || client.status === 'prospect') continue
      const accounts = []
      let accountCursor: string | undefined
      do {
        const page = await services.ledger.listAccounts({ clientId: client.id, currency: options.reportingCurrency as CurrencyCode }, { limit: 200, cursor: accountCursor })
        accounts.push(...page.items)
        accountCursor = page.nextCursor ?? undefined
      } while (accountCursor !== undefined)
      const balances: string[] = []
      for (const end of monthEnds) {
        let total = 0n
        for (const state of accounts) total += (await services.ledger.balanceAt(state.account.id, new Date(`${end}T23:59:59.999Z`))).amountMinor
        balances.push(formatMoney(money(total, options.reportingCurrency as CurrencyCode)))
      }
      const maturities: MaturityOutcome[] = (await depositsOf(client.id))
        .filter((d) => d.maturity && formatCalendarDate(d.maturity) <= today && formatCalendarDate(d.maturity) >= addDaysToDay(today, -90))
        .map((d) => ({ depositId: d.id, maturedOn: formatCalendarDate(d.maturity!), renewed: d.status === 'active' || d.maturityInstruction?.startsWith('rollover') === true }))
      const history = await services.riskStore.historyOf(client.id, addDaysToDay(today, -179))
      const monthlyActivity = monthEnds.map((end, i) => {
        const start = i === 0 ? addDaysToDay(today, -179) : addDaysToDay(monthEnds[i - 1]!, 1)
        return history.buckets.filter((b) => b.date >= start && b.date <= end).reduce((n, b) => n + b.count, 0)
      })
      inputs.push({ clientId: client.id, rmId: client.relationshipManagerId ?? null, asOf: today, monthEndBalances: balances, maturities, monthlyActivity, complaintsLast90Days: 0 })
    }
    return inputs
  }

  /**
   * A true positive goes to compliance: a suspicious report opens as a draft
   * with the case's transfers and the analyst's reasons, linked both ways.
   * The client never sees either (no tipping off).
   */
  async function onOutcome(riskCase: RiskCase, note: string, by: string): Promise<RiskCase> {
    if (riskCase.outcome !== 'true_positive' || riskCase.suspiciousReportId) return riskCase
    const alerts = await services.riskCases.listAlerts({ caseId: riskCase.id }, 10_000)
    const report = await services.suspicious.open({
      clientId: riskCase.clientId, source: 'risk-case', caseRef: riskCase.id,
      transferIds: [...new Set(alerts.flatMap((a) => (a.transferId ? [a.transferId] : [])))],
      narrative: `Risk case ${riskCase.id}: ${[...new Set(alerts.flatMap((a) => a.ruleIds))].join(', ')}. ${note}`,
    }, by)
    return services.riskCases.linkSuspiciousReport(riskCase.id, report.id)
  }

  return { activationGate, guardDepositSale, stressBook, attritionInputs, onOutcome }
}

export type RiskDesk = ReturnType<typeof createRiskDesk>


/** The last day of the month `monthsAgo` months before `today`'s month (0: this month, up to today). */
function lastDayOfMonthsAgo(today: string, monthsAgo: number): string {
  if (monthsAgo === 0) return today
  const [y, m] = today.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) - monthsAgo + 1
  const firstOfNext = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`
  return addDaysToDay(firstOfNext, -1)
}

const profileTakers: readonly StaffRole[] = ['admin', 'relationship_manager', 'operations', 'risk_officer']
const riskDeskRoles: readonly StaffRole[] = ['admin', 'risk_officer']
const riskReaders: readonly StaffRole[] = ['admin', 'risk_officer', 'compliance_officer', 'auditor']

const profileSchema = z.object({
  id: z.string(), clientId: z.string(), questionnaireId: z.string(), questionnaireVersion: z.number().int(), score: z.number().int(),
  profile: z.string(), takenOn: z.string(), validUntil: z.string(), answers: z.record(z.string(), z.string()), recordedBy: z.string(), recordedAt: z.string(),
}).meta({ id: 'RiskProfile' })
const suitabilitySchema = z.object({
  clientId: z.string(), productId: z.string(), suitable: z.boolean(), mayProceed: z.boolean(), reason: z.string(), requiresOverride: z.boolean(),
  profile: z.string().nullable(), productRiskLevel: z.string().nullable().describe('null: the product is not classified, so suitability does not apply'), overrideId: z.string().nullable(),
}).meta({ id: 'Suitability' })

export const riskDeskRoutes: FastifyPluginAsyncZod<{ services: Deps; desk: RiskDesk }> = async (app, { services, desk }) => {
  const visibleClient = (actor: Actor, clientId: string) => services.relationship.getClient(actor, clientId)

  app.post('/clients/:id/risk-profile', {
    config: { access: profileTakers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'recordRiskProfile', tags: ['risk'], summary: 'Score the client’s answers to a risk-tolerance questionnaire into a profile (C1–C5) with its validity',
      params: idParams,
      body: z.object({ questionnaireId: textSchema(64), questionnaireVersion: z.number().int().positive().optional(), answers: z.record(z.string().max(64), z.string().max(64)), takenOn: z.iso.date().optional() }).strict().meta({ id: 'RiskProfileRequest' }),
      response: { 201: profileSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    await visibleClient(actorOf(req), req.params.id)
    const profile = await services.suitability.recordProfile(req.params.id, req.body, actorOf(req).staffId)
    return reply.code(201).send({ ...profile, answers: { ...profile.answers } })
  })

  app.get('/clients/:id/risk-profile', {
    config: { access: [...profileTakers, 'compliance_officer', 'auditor'] },
    schema: { operationId: 'getRiskProfile', tags: ['risk'], summary: 'The client’s latest risk profile', params: idParams, response: { 200: profileSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    await visibleClient(actorOf(req), req.params.id)
    const profile = await services.suitability.latestProfile(req.params.id)
    if (!profile) throw new RiskError('risk.profile_required', `client ${req.params.id} has no risk profile`)
    return { ...profile, answers: { ...profile.answers } }
  })

  app.put('/risk/products/:id/risk-level', {
    config: { access: riskDeskRoles, audit: { entity: 'product', idParam: 'id' } },
    schema: {
      operationId: 'setProductRiskLevel', tags: ['risk'], summary: 'Classify a product R1–R5; a classified product is sold only within the buyer’s risk profile',
      params: idParams, body: z.object({ level: z.enum(productRiskLevels) }).strict().meta({ id: 'ProductRiskLevelRequest' }),
      response: { 200: z.object({ productId: z.string(), level: z.enum(productRiskLevels) }).meta({ id: 'ProductRiskLevel' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    await services.catalogue.getProduct(req.params.id)
    await services.suitability.setProductRisk(req.params.id, req.body.level, actorOf(req).staffId)
    return { productId: req.params.id, level: req.body.level }
  })

  app.get('/clients/:id/suitability', {
    config: { access: [...profileTakers, 'compliance_officer', 'auditor'] },
    schema: {
      operationId: 'getSuitability', tags: ['risk'], summary: 'May this product be sold to the client today, and why',
      params: idParams, querystring: z.object({ productId: z.uuid() }).strict(), response: { 200: suitabilitySchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    await visibleClient(actorOf(req), req.params.id)
    await services.catalogue.getProduct(req.query.productId)
    const decision = await services.suitability.check(req.params.id, req.query.productId)
    return { clientId: req.params.id, productId: req.query.productId, suitable: decision.suitable, mayProceed: decision.mayProceed, reason: decision.reason,
      requiresOverride: decision.requiresOverride, profile: decision.profile, productRiskLevel: decision.productRiskLevel, overrideId: decision.overrideId }
  })

  app.post('/clients/:id/suitability-overrides', {
    config: { access: profileTakers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'requestSuitabilityOverride', tags: ['risk'],
      summary: 'Ask to sell a product above the client’s profile, with the client’s recorded acknowledgement; it holds for a configured period (STRONGROOM_SUITABILITY_OVERRIDE_DAYS) once a checker approves',
      params: idParams,
      body: z.object({
        productId: z.uuid(), reason: textSchema(2000),
        acknowledgement: z.object({ text: textSchema(4000), acknowledgedAt: z.iso.datetime({ offset: true }) }).strict(),
      }).strict().meta({ id: 'SuitabilityOverrideRequest' }),
      response: { 202: z.object({ approvalId: z.string(), status: z.string(), expiresAt: z.string() }).meta({ id: 'SuitabilityOverridePending' }), ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await visibleClient(actor, req.params.id)
    await services.catalogue.getProduct(req.body.productId)
    const decision = await services.suitability.check(req.params.id, req.body.productId)
    if (decision.suitable) throw new RiskError('risk.override_required', 'the product is within the client’s profile: no override is needed')
    if (!decision.requiresOverride) throw new RiskError(decision.reason === 'profile_expired' ? 'risk.profile_expired' : 'risk.profile_required', 'the client must take the questionnaire first: a missing or expired profile cannot be overridden')
    const request = await services.approvals.submit({
      action: 'risk.suitability-override', entityType: 'client', entityId: req.params.id, amount: null,
      summary: `Sell ${decision.productRiskLevel} product ${req.body.productId} to a ${decision.profile} client: ${req.body.reason}`,
      payload: { clientId: req.params.id, ...req.body },
    }, actor)
    return reply.code(202).send({ approvalId: request.id, status: request.status, expiresAt: request.expiresAt })
  })

  app.get('/risk/assessments', {
    config: { access: [...riskReaders, 'relationship_manager'] },
    schema: {
      operationId: 'listRiskAssessments', tags: ['risk'], summary: 'Risk assessments of the client’s large incoming amounts: score, level, factors and required actions',
      querystring: z.object({ clientId: z.uuid(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'RiskAssessments' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    await visibleClient(actorOf(req), req.query.clientId)
    return { items: (await services.riskStore.listAssessments(req.query.clientId, req.query.limit)).map((a) => ({ ...a }) as Record<string, unknown>) }
  })

  app.post('/risk/stress-tests', {
    config: { access: riskDeskRoles, audit: { entity: 'stress-test' } },
    schema: {
      operationId: 'runStressTest', tags: ['risk'],
      summary: 'Run a deposit stress test over the live book: outflows per time bucket, maturity ladder, liquidity gap, concentration; stored for comparison',
      body: z.object({ name: textSchema(200).optional(), scenario: z.record(z.string(), z.unknown()).optional(), liquidAssets: z.string().regex(/^\d+(\.\d+)?$/) }).strict().meta({ id: 'StressTestRequest' }),
      response: { 201: z.record(z.string(), z.unknown()).meta({ id: 'StressTest' }), ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const scenario = req.body.scenario ? requireScenario({ id: 'custom', ...req.body.scenario }) : defaultScenario
    const asOf = formatCalendarDate(services.catalogue.today())
    const result = runStressTest(await desk.stressBook(), scenario, req.body.liquidAssets, asOf)
    const stored = { id: services.ids.next(), name: req.body.name ?? scenario.name, asOf, scenario, result, runBy: actorOf(req).staffId, runAt: services.clock.now().toISOString() }
    await services.riskStore.insertStressTest(stored)
    return reply.code(201).send({ ...stored, chart: chartSeries(result) } as Record<string, unknown>)
  })

  app.get('/risk/stress-tests', {
    config: { access: riskReaders },
    schema: { operationId: 'listStressTests', tags: ['risk'], summary: 'Stored stress tests, newest first', response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'StressTests' }), ...problemResponses(401, 403) } },
  }, async () => ({ items: (await services.riskStore.listStressTests(100)).map((t) => ({ ...t }) as Record<string, unknown>) }))

  app.get('/risk/stress-tests/:id', {
    config: { access: riskReaders },
    schema: { operationId: 'getStressTest', tags: ['risk'], summary: 'A stored stress test with its results and chart series', params: idParams, response: { 200: z.record(z.string(), z.unknown()), ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const found = await services.riskStore.findStressTest(req.params.id)
    if (!found) throw new RiskError('risk.stress_test_not_found', `no stress test ${req.params.id}`)
    return { ...found, chart: chartSeries(found.result) } as Record<string, unknown>
  })

  app.get('/risk/early-warnings', {
    config: { access: ['admin', 'risk_officer', 'relationship_manager'] },
    schema: {
      operationId: 'listEarlyWarnings', tags: ['risk'], summary: 'Clients at risk of leaving, by score, with the signals behind each (an RM sees their own book)',
      querystring: z.object({ rmId: z.uuid().optional(), minLevel: z.enum(attritionLevels).default('watch') }).strict(),
      response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'EarlyWarnings' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    const scopedToBook = actor.roles.includes('relationship_manager') && !actor.roles.some((r) => r === 'admin' || r === 'risk_officer')
    const rmId = scopedToBook ? actor.staffId : req.query.rmId
    return { items: atRiskList(await desk.attritionInputs(rmId), defaultAttritionConfig, { rmId, minLevel: req.query.minLevel }).map((a) => ({ ...a }) as Record<string, unknown>) }
  })
}

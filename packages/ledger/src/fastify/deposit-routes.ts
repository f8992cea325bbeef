import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { money, staffRoles, toMoneyJson, type Actor, type Money, type StaffRole } from '@strongroom/kernel'
import { actorOf, currencySchema, idParams, isoDateSchema, pageQuerySchema, pageSchema, positiveMoneySchema, moneyFromJson, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import {
  DepositError, depositKinds, formatCalendarDate, maturityInstructions, parseCalendarDate, sheetInForce,
  type ClientType, type Deposit, type DepositService, type EndOfDay, type InsuranceScheme, type LedgerService, type NegotiatedRate, type ProductCatalogue,
} from '../core/index.js'
import {
  annualRateSchema, competitorRateBody, competitorRateSchema, depositEventSchema, depositSchema, eodRunSchema, negotiatedRateSchema, productSchema,
  productTermsSchema, rateSheetBody, rateSheetSchema, tenorSchema, termsFromJson, tiersFromJson, toCompetitorRateDto, toDepositDto, toDepositEventDto,
  toEodRunDto, toNegotiatedRateDto, toProductDto, toQuoteDto, toRateSheetDto, withdrawalQuoteSchema,
} from './deposit-schemas.js'
import type { GuardAccountOpening } from './transfer-routes.js'
import { canSeeAccount, everyoneSeesEverything, type LedgerVisibility } from './visibility.js'

export interface DepositRoutesOptions {
  readonly ledger: LedgerService
  readonly catalogue: ProductCatalogue
  readonly deposits: DepositService
  readonly endOfDay: EndOfDay
  /** Whether a client exists and what kind it is (individual or institution); undefined when there is no such client. */
  readonly clientTypeOf: (clientId: string) => Promise<ClientType | undefined>
  /** The deposit-insurance schemes the bank belongs to. */
  readonly insuranceSchemes: readonly InsuranceScheme[]
  readonly visibility?: LedgerVisibility | undefined
  /**
   * The withdrawal workflow's say before a withdrawal executes (maker-checker, identity checks): `proceed`, or
   * `pending` with the approval request that will execute it. Default: always proceed.
   */
  readonly withdrawalGate?: ((input: { deposit: Deposit; amount: Money; quoteToken: string; actor: Actor }) => Promise<
    { readonly kind: 'proceed' } | { readonly kind: 'pending'; readonly approvalId: string; readonly summary: string; readonly expiresAt: string }
  >) | undefined
  /** The gate a client passes before a deposit (and its account) opens (KYC). */
  readonly guardAccountOpening?: GuardAccountOpening | undefined
  /**
   * Maker-checker for negotiated rates run by the server's approval service:
   * a request files an approval request beside the rate's own record, and a
   * decision on `/negotiated-rates/{id}/decision` is taken through it (its
   * policy's roles, no self-approval, training), so neither road bypasses the
   * other. Default: the catalogue's own four-eyes check alone.
   */
  readonly negotiatedRateApprovals?: {
    readonly requested: (rate: NegotiatedRate, actor: Actor) => Promise<void>
    readonly decide: (rateId: string, decision: 'approve' | 'reject', note: string | null, actor: Actor) => Promise<NegotiatedRate>
  } | undefined
  /** The gate a sale of a product to a client passes (risk's suitability check), after the account-opening gate. */
  readonly guardDepositSale?: ((sale: { readonly clientId: string; readonly productId: string }, actor: Actor) => Promise<void>) | undefined
  /** An end-of-day run that fails in the background is reported here (the run itself records the error). */
  readonly onBackgroundError?: ((error: unknown) => void) | undefined
}

const everyone: readonly StaffRole[] = staffRoles
// The product desk: who defines products and sets their rates.
const productDesk: readonly StaffRole[] = ['admin', 'operations']
// Who opens deposits and moves money out of them: the back office, and RMs within their book.
const depositDesk: readonly StaffRole[] = ['admin', 'operations', 'relationship_manager']
// Who may ask for a negotiated rate, and who may approve one (never the same person: see decideNegotiatedRate).
const rateMakers: readonly StaffRole[] = ['admin', 'operations', 'relationship_manager']
const rateCheckers: readonly StaffRole[] = ['admin', 'operations', 'risk_officer']
const eodOperators: readonly StaffRole[] = ['admin', 'operations']

const productTags = ['products']
const depositTags = ['deposits']
const eodTags = ['end-of-day']

const newProductBody = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, 'capitals, digits, - and _, e.g. TD-CNY'),
  name: textSchema(200),
  riskLevel: z.enum(['R1', 'R2', 'R3', 'R4', 'R5']).optional(),
  terms: productTermsSchema,
  rates: rateSheetBody.optional().describe('The first rate sheet'),
}).strict().meta({ id: 'NewDepositProduct' })

const productPatchBody = z.object({
  name: textSchema(200).optional(),
  status: z.enum(['draft', 'open', 'closed']).optional(),
  riskLevel: z.enum(['R1', 'R2', 'R3', 'R4', 'R5']).optional(),
  terms: productTermsSchema.optional().describe('Apply to deposits opened from now on; open deposits keep their copy'),
}).strict().refine((b) => Object.keys(b).length > 0, 'nothing to change').meta({ id: 'DepositProductPatch' })

const openDepositBody = z.object({
  clientId: z.uuid(),
  productId: z.uuid(),
  amount: positiveMoneySchema,
  tenor: tenorSchema.nullable().optional(),
  fundingAccountId: z.uuid(),
  payoutAccountId: z.uuid().optional(),
  maturityInstruction: z.enum(maturityInstructions).optional(),
}).strict().meta({ id: 'NewDeposit' })

const withdrawalBody = z.object({ amount: positiveMoneySchema }).strict().meta({ id: 'WithdrawalPreviewRequest' })
const executeBody = z.object({
  amount: positiveMoneySchema,
  quoteToken: z.string().min(1).max(300).describe('From the preview: the withdrawal pays exactly what it showed, or is refused with 409'),
}).strict().meta({ id: 'WithdrawalRequest' })

const coverageSchema = z.object({
  clientId: z.string(), asOf: z.string(),
  schemes: z.array(z.object({
    scheme: z.object({ id: z.string(), name: z.string(), jurisdiction: z.string(), limit: z.object({ amount: z.string(), currency: z.string() }), basis: z.string(), includesInterest: z.boolean() }),
    total: z.object({ amount: z.string(), currency: z.string() }), insured: z.object({ amount: z.string(), currency: z.string() }), uninsured: z.object({ amount: z.string(), currency: z.string() }),
    missingRates: z.array(z.string()).describe('Currencies held with no rate: their accounts are left out, so the answer is incomplete while this is not empty'),
    categories: z.array(z.object({
      category: z.string(), total: z.object({ amount: z.string(), currency: z.string() }), insured: z.object({ amount: z.string(), currency: z.string() }), uninsured: z.object({ amount: z.string(), currency: z.string() }),
      holdings: z.array(z.object({
        accountId: z.string(), currency: z.string(), principal: z.object({ amount: z.string(), currency: z.string() }), accruedInterest: z.object({ amount: z.string(), currency: z.string() }),
        rate: z.string().nullable(), counted: z.object({ amount: z.string(), currency: z.string() }), countedInSchemeCurrency: z.object({ amount: z.string(), currency: z.string() }),
        insured: z.object({ amount: z.string(), currency: z.string() }), uninsured: z.object({ amount: z.string(), currency: z.string() }),
      })),
    })),
  })),
}).meta({ id: 'InsuranceCoverage' })

const benchmarkSchema = z.object({
  productId: z.string(), asOf: z.string(),
  rows: z.array(z.object({
    tenor: z.string().nullable(),
    ours: z.object({ lowestTier: z.string(), highestTier: z.string() }).nullable(),
    marketLow: z.string().nullable(), marketMedian: z.string().nullable(), marketHigh: z.string().nullable(),
    institutionsAbove: z.number().int().describe('Institutions paying more than our lowest tier'),
    market: z.array(competitorRateSchema),
  })),
}).meta({ id: 'RateBenchmark' })

export const depositRoutes: FastifyPluginAsyncZod<DepositRoutesOptions> = async (app, options) => {
  const { ledger, catalogue, deposits, endOfDay } = options
  const visibility = options.visibility ?? everyoneSeesEverything
  // Runs started over HTTP carry on after the answer; the server waits for them before it closes the database.
  const running = new Set<Promise<unknown>>()
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running])
  })

  async function productDto(id: string) {
    const product = await catalogue.getProduct(id)
    const sheet = sheetInForce(await catalogue.rateHistory(id), catalogue.today())
    return toProductDto(product, sheet)
  }

  /** A deposit the caller may see: an RM only within their book, and 404 (not 403) otherwise, as for accounts. */
  async function visibleDeposit(actor: Actor, id: string): Promise<Deposit> {
    const deposit = await deposits.getDeposit(id)
    const { account } = await ledger.getAccount(deposit.accountId)
    if (!(await canSeeAccount(visibility, actor, account))) throw new DepositError('deposit.not_found', `no deposit ${id}`)
    return deposit
  }

  // ── Products ────────────────────────────────────────────────────────────────
  app.post('/products', {
    config: { access: productDesk, audit: { entity: 'deposit-product' } },
    schema: { operationId: 'createProduct', tags: productTags, summary: 'Define a deposit product (it starts as a draft)', body: newProductBody, response: { 201: productSchema, ...problemResponses(400, 401, 403, 409, 422) } },
  }, async (req, reply) => {
    const { rates, terms, ...rest } = req.body
    const coreTerms = termsFromJson(terms)
    const { product } = await catalogue.createProduct({
      ...rest, terms: coreTerms,
      rates: rates ? { effectiveFrom: parseCalendarDate(rates.effectiveFrom), tiers: tiersFromJson(rates.tiers, coreTerms.currency), note: rates.note ?? null } : undefined,
    }, actorOf(req).staffId)
    return reply.code(201).send(await productDto(product.id))
  })

  app.get('/products', {
    config: { access: everyone },
    schema: {
      operationId: 'listProducts', tags: productTags, summary: 'The product catalogue',
      querystring: pageQuerySchema.extend({ kind: z.enum(depositKinds).optional(), currency: currencySchema.optional() }),
      response: { 200: pageSchema(productSchema).meta({ id: 'DepositProductPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, kind, currency } = req.query
    const page = await catalogue.listProducts({ limit, cursor }, { kind, currency })
    return { items: await Promise.all(page.items.map((p) => productDto(p.id))), nextCursor: page.nextCursor }
  })

  app.get('/products/:id', {
    config: { access: everyone },
    schema: { operationId: 'getProduct', tags: productTags, summary: 'One product with the rates in force today', params: idParams, response: { 200: productSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => productDto(req.params.id))

  app.patch('/products/:id', {
    config: { access: productDesk, audit: { entity: 'deposit-product', idParam: 'id' } },
    schema: { operationId: 'updateProduct', tags: productTags, summary: 'Rename, open, close or change the terms of a product (open deposits keep theirs)', params: idParams, body: productPatchBody, response: { 200: productSchema, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (req) => {
    const { terms, ...rest } = req.body
    await catalogue.updateProduct(req.params.id, { ...rest, ...(terms ? { terms: termsFromJson(terms) } : {}) })
    return productDto(req.params.id)
  })

  app.post('/products/:id/rates', {
    config: { access: productDesk, audit: { entity: 'deposit-product', idParam: 'id' } },
    schema: { operationId: 'addProductRates', tags: productTags, summary: 'A new rate sheet from a date: new deposits take it; open fixed-rate deposits keep their rate', params: idParams, body: rateSheetBody, response: { 201: rateSheetSchema, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (req, reply) => {
    const product = await catalogue.getProduct(req.params.id)
    const sheet = await catalogue.addRates(product.id, {
      effectiveFrom: parseCalendarDate(req.body.effectiveFrom), tiers: tiersFromJson(req.body.tiers, product.terms.currency), note: req.body.note ?? null,
    }, actorOf(req).staffId)
    return reply.code(201).send(toRateSheetDto(sheet, product.terms.currency))
  })

  app.get('/products/:id/rates', {
    config: { access: everyone },
    schema: { operationId: 'listProductRates', tags: productTags, summary: 'The product’s rate history, oldest first', params: idParams, response: { 200: z.object({ items: z.array(rateSheetSchema) }).meta({ id: 'RateHistory' }), ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const product = await catalogue.getProduct(req.params.id)
    return { items: (await catalogue.rateHistory(product.id)).map((s) => toRateSheetDto(s, product.terms.currency)) }
  })

  app.get('/products/:id/rate-benchmark', {
    config: { access: everyone },
    schema: { operationId: 'getRateBenchmark', tags: productTags, summary: 'Our rates beside the market’s, tenor by tenor', params: idParams, querystring: z.object({ asOf: isoDateSchema.optional() }).strict(), response: { 200: benchmarkSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const result = await catalogue.rateBenchmark(req.params.id, req.query.asOf ? parseCalendarDate(req.query.asOf) : undefined)
    return {
      productId: result.product.id, asOf: formatCalendarDate(result.asOf),
      rows: result.rows.map((r) => ({ ...r, market: r.market.map(toCompetitorRateDto) })),
    }
  })

  app.post('/products/:id/negotiated-rates', {
    config: { access: rateMakers, audit: { entity: 'negotiated-rate' } },
    schema: {
      operationId: 'requestNegotiatedRate', tags: productTags, summary: 'Ask for a client’s negotiated rate; it applies once a second person approves it', params: idParams,
      body: z.object({ clientId: z.uuid(), tenor: tenorSchema.nullable(), annualRate: annualRateSchema, validFrom: isoDateSchema, validUntil: isoDateSchema, reason: textSchema(1000) }).strict().meta({ id: 'NegotiatedRateRequest' }),
      response: { 201: negotiatedRateSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    // An RM asks only for the clients in their book; any other client is as unknown as one that does not exist.
    if ((await options.clientTypeOf(req.body.clientId)) === undefined || !(await canSeeAccount(visibility, actorOf(req), { clientId: req.body.clientId }))) {
      throw new DepositError('deposit.not_found', `no client ${req.body.clientId}`)
    }
    const rate = await catalogue.requestNegotiatedRate(req.params.id, {
      ...req.body, validFrom: parseCalendarDate(req.body.validFrom), validUntil: parseCalendarDate(req.body.validUntil),
    }, actorOf(req).staffId)
    await options.negotiatedRateApprovals?.requested(rate, actorOf(req))
    return reply.code(201).send(toNegotiatedRateDto(rate))
  })

  app.get('/negotiated-rates', {
    config: { access: everyone },
    schema: {
      operationId: 'listNegotiatedRates', tags: productTags, summary: 'Negotiated-rate requests: a checker’s inbox with status=pending',
      querystring: pageQuerySchema.extend({ status: z.enum(['pending', 'approved', 'rejected']).optional(), clientId: z.uuid().optional() }),
      response: { 200: pageSchema(negotiatedRateSchema).meta({ id: 'NegotiatedRatePage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, status, clientId } = req.query
    const actor = actorOf(req)
    const page = await catalogue.listNegotiatedRates({ status, clientId }, { limit, cursor })
    const visible = []
    for (const rate of page.items) if (await canSeeAccount(visibility, actor, { clientId: rate.clientId })) visible.push(rate)
    return { items: visible.map(toNegotiatedRateDto), nextCursor: page.nextCursor }
  })

  app.post('/negotiated-rates/:id/decision', {
    config: { access: rateCheckers, audit: { entity: 'negotiated-rate', idParam: 'id' } },
    schema: {
      operationId: 'decideNegotiatedRate', tags: productTags, summary: 'Approve or reject a negotiated rate (never by the person who asked for it)', params: idParams,
      body: z.object({ decision: z.enum(['approve', 'reject']), note: textSchema(1000).nullable().optional() }).strict().meta({ id: 'NegotiatedRateDecision' }),
      response: { 200: negotiatedRateSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => toNegotiatedRateDto(options.negotiatedRateApprovals
    ? await options.negotiatedRateApprovals.decide(req.params.id, req.body.decision, req.body.note ?? null, actorOf(req))
    : await catalogue.decideNegotiatedRate(req.params.id, req.body.decision, req.body.note ?? null, actorOf(req).staffId)))

  app.post('/market/competitor-rates', {
    config: { access: productDesk, audit: { entity: 'competitor-rate' } },
    schema: {
      operationId: 'recordCompetitorRates', tags: productTags, summary: 'Record other banks’ published rates',
      body: z.object({ rates: z.array(competitorRateBody).min(1).max(500) }).strict().meta({ id: 'RecordCompetitorRates' }),
      response: { 201: z.object({ items: z.array(competitorRateSchema) }).meta({ id: 'RecordedCompetitorRates' }), ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const rates = await catalogue.recordCompetitorRates(req.body.rates.map((r) => ({ ...r, observedOn: parseCalendarDate(r.observedOn), source: r.source ?? null })), actorOf(req).staffId)
    return reply.code(201).send({ items: rates.map(toCompetitorRateDto) })
  })

  app.get('/market/competitor-rates', {
    config: { access: everyone },
    schema: {
      operationId: 'listCompetitorRates', tags: productTags, summary: 'Recorded competitor rates, newest first',
      querystring: pageQuerySchema.extend({ kind: z.enum(depositKinds).optional(), currency: currencySchema.optional(), tenor: tenorSchema.optional() }),
      response: { 200: pageSchema(competitorRateSchema).meta({ id: 'CompetitorRatePage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query
    const page = await catalogue.listCompetitorRates(filter, { limit, cursor })
    return { items: page.items.map(toCompetitorRateDto), nextCursor: page.nextCursor }
  })

  // ── Deposits ────────────────────────────────────────────────────────────────
  app.post('/deposits', {
    config: { access: depositDesk, audit: { entity: 'deposit' } },
    schema: { operationId: 'openDeposit', tags: depositTags, summary: 'Open a deposit: the principal moves from the funding account into the deposit’s own account', body: openDepositBody, response: { 201: depositSchema, ...problemResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => {
    const actor = actorOf(req)
    await options.guardAccountOpening?.(req.body.clientId, actor)
    const clientType = await options.clientTypeOf(req.body.clientId)
    if (clientType === undefined) throw new DepositError('deposit.not_found', `no client ${req.body.clientId}`)
    const funding = await ledger.getAccount(req.body.fundingAccountId)
    if (!(await canSeeAccount(visibility, actor, funding.account))) throw new DepositError('deposit.not_found', `no account ${req.body.fundingAccountId}`)
    await options.guardDepositSale?.({ clientId: req.body.clientId, productId: req.body.productId }, actor)
    const { amount, ...rest } = req.body
    const view = await deposits.openDeposit({ ...rest, clientType, amount: moneyFromJson(amount) }, actor.staffId)
    return reply.code(201).send(toDepositDto(view))
  })

  app.get('/deposits', {
    config: { access: everyone },
    schema: {
      operationId: 'listDeposits', tags: depositTags, summary: 'Deposits, by client and status',
      querystring: pageQuerySchema.extend({ clientId: z.uuid().optional(), status: z.enum(['active', 'matured', 'closed']).optional() }),
      response: { 200: pageSchema(depositSchema).meta({ id: 'DepositPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    const { limit, cursor, ...filter } = req.query
    const page = await deposits.listDeposits(filter, { limit, cursor })
    const visible: Deposit[] = []
    for (const d of page.items) if (await canSeeAccount(visibility, actor, (await ledger.getAccount(d.accountId)).account)) visible.push(d)
    return { items: visible.map((d) => toDepositDto(deposits.view(d))), nextCursor: page.nextCursor }
  })

  app.get('/deposits/:id', {
    config: { access: everyone },
    schema: { operationId: 'getDeposit', tags: depositTags, summary: 'A deposit: principal, rate, interest accrued to date and projected to maturity', params: idParams, response: { 200: depositSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => toDepositDto(deposits.view(await visibleDeposit(actorOf(req), req.params.id))))

  app.get('/deposits/:id/history', {
    config: { access: everyone },
    schema: { operationId: 'getDepositHistory', tags: depositTags, summary: 'What happened to the deposit and at which rate: its rate history', params: idParams, response: { 200: z.object({ items: z.array(depositEventSchema) }).meta({ id: 'DepositHistory' }), ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    await visibleDeposit(actorOf(req), req.params.id)
    return { items: (await deposits.history(req.params.id)).map(toDepositEventDto) }
  })

  app.post('/deposits/:id/notices', {
    config: { access: depositDesk, audit: { entity: 'deposit', idParam: 'id' } },
    schema: { operationId: 'giveDepositNotice', tags: depositTags, summary: 'Give notice on a notice deposit: the amount may leave from the notice date', params: idParams, body: z.object({ amount: positiveMoneySchema }).strict().meta({ id: 'DepositNotice' }), response: { 201: depositSchema, ...problemResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => {
    await visibleDeposit(actorOf(req), req.params.id)
    const deposit = await deposits.giveNotice(req.params.id, moneyFromJson(req.body.amount))
    return reply.code(201).send(toDepositDto(deposits.view(deposit)))
  })

  app.post('/deposits/:id/withdrawals/preview', {
    config: { access: depositDesk },
    schema: { operationId: 'previewWithdrawal', tags: depositTags, summary: 'The exact payout of a withdrawal — principal, interest at which rate for which days, penalty — changing nothing', params: idParams, body: withdrawalBody, response: { 200: withdrawalQuoteSchema, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (req) => {
    await visibleDeposit(actorOf(req), req.params.id)
    return toQuoteDto(await deposits.previewWithdrawal(req.params.id, moneyFromJson(req.body.amount)))
  })

  app.post('/deposits/:id/withdrawals', {
    config: { access: depositDesk, audit: { entity: 'deposit', idParam: 'id' } },
    schema: {
      operationId: 'withdrawFromDeposit', tags: depositTags, summary: 'Execute exactly a previewed withdrawal; 409 when anything changed since the preview', params: idParams, body: executeBody,
      response: {
        201: z.object({ quote: withdrawalQuoteSchema, transferId: z.string(), deposit: depositSchema }).meta({ id: 'WithdrawalResult' }),
        202: z.object({ status: z.literal('pending-approval'), approvalId: z.string(), summary: z.string(), expiresAt: z.string() }).meta({ id: 'WithdrawalPendingApproval' }),
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    const deposit = await visibleDeposit(actor, req.params.id)
    const amount = moneyFromJson(req.body.amount)
    const gate = await options.withdrawalGate?.({ deposit, amount, quoteToken: req.body.quoteToken, actor })
    if (gate?.kind === 'pending') return reply.code(202).send({ status: 'pending-approval' as const, approvalId: gate.approvalId, summary: gate.summary, expiresAt: gate.expiresAt })
    const result = await deposits.executeWithdrawal(req.params.id, amount, req.body.quoteToken, actor.staffId)
    return reply.code(201).send({ quote: toQuoteDto(result.quote), transferId: result.transfer.transfer.id, deposit: toDepositDto(deposits.view(result.deposit)) })
  })

  app.get('/clients/:id/insurance-coverage', {
    config: { access: everyone },
    schema: { operationId: 'getInsuranceCoverage', tags: depositTags, summary: 'Insured and uninsured amounts per deposit-insurance scheme, with the accounts behind them', params: idParams, response: { 200: coverageSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const actor = actorOf(req)
    const clientType = await options.clientTypeOf(req.params.id)
    if (clientType === undefined || !(await canSeeAccount(visibility, actor, { clientId: req.params.id }))) {
      throw new DepositError('deposit.not_found', `no client ${req.params.id}`)
    }
    // FDIC counts per ownership category; a client's own accounts are single ownership, or a corporation's.
    const category = clientType === 'institution' ? 'corporation' : 'single'
    const coverage = await deposits.insuranceCoverage(req.params.id, { schemes: options.insuranceSchemes, ownershipCategoryOf: () => category })
    const m = (x: Money) => toMoneyJson(x)
    return {
      clientId: coverage.clientId, asOf: formatCalendarDate(coverage.asOf),
      schemes: coverage.schemes.map((s) => ({
        scheme: { id: s.scheme.id, name: s.scheme.name, jurisdiction: s.scheme.jurisdiction, limit: m(money(s.scheme.limitMinor, s.scheme.currency)), basis: s.scheme.basis, includesInterest: s.scheme.includesInterest },
        total: m(s.total), insured: m(s.insured), uninsured: m(s.uninsured), missingRates: [...s.missingRates],
        categories: s.categories.map((c) => ({
          category: c.category, total: m(c.total), insured: m(c.insured), uninsured: m(c.uninsured),
          holdings: c.holdings.map((h) => ({
            accountId: h.accountId, currency: h.currency, principal: m(h.principal), accruedInterest: m(h.accruedInterest), rate: h.rate, counted: m(h.counted),
            countedInSchemeCurrency: m(h.countedInSchemeCurrency), insured: m(h.insured), uninsured: m(h.uninsured),
          })),
        })),
      })),
    }
  })

  // ── End of day ──────────────────────────────────────────────────────────────
  app.post('/eod-runs', {
    config: { access: eodOperators, audit: { entity: 'eod-run' } },
    schema: {
      operationId: 'startEodRun', tags: eodTags,
      summary: 'Close a business day: accrue, post interest, mature deposits, expire holds. Idempotent per date; a missed day is caught up first; a dead run is resumed',
      body: z.object({ businessDate: isoDateSchema }).strict().meta({ id: 'EodRunRequest' }),
      response: { 202: eodRunSchema, 200: eodRunSchema, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const { run, work } = await endOfDay.begin(parseCalendarDate(req.body.businessDate), actorOf(req).staffId)
    // The run carries on after the answer; its progress and any error are on GET /eod-runs/{id}.
    if (work) {
      const tracked = work.catch((error: unknown) => options.onBackgroundError?.(error)).finally(() => running.delete(tracked))
      running.add(tracked)
    }
    return reply.code(work ? 202 : 200).send(toEodRunDto(run))
  })

  app.get('/eod-runs', {
    config: { access: everyone },
    schema: { operationId: 'listEodRuns', tags: eodTags, summary: 'End-of-day runs, newest first', querystring: pageQuerySchema, response: { 200: pageSchema(eodRunSchema).meta({ id: 'EodRunPage' }), ...problemResponses(400, 401, 403) } },
  }, async (req) => {
    const page = await endOfDay.listRuns(req.query)
    return { items: page.items.map(toEodRunDto), nextCursor: page.nextCursor }
  })

  app.get('/eod-runs/:id', {
    config: { access: everyone },
    schema: { operationId: 'getEodRun', tags: eodTags, summary: 'An end-of-day run: progress, counts, errors', params: idParams, response: { 200: eodRunSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => toEodRunDto(await endOfDay.getRun(req.params.id)))
}

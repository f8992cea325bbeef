import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// The risk desk over HTTP: the suitability gate on a deposit sale (profile from the default questionnaire,
// product risk levels, overrides through maker-checker), the deposit stress test over a seeded book, and
// the assessments and early warnings that read the live book. Figures are worked by hand in the comments.
type Staff = { id: string; token: string }
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH'
const cny = (amount: string) => ({ amount, currency: 'CNY' })

/** A term product with a rate sheet, opened for sale (as in deposits-api.db.test). */
const termProduct = (code: string, tenors: readonly string[] = ['3M', '1Y']) => ({
  code, name: `Time deposit ${code}`,
  terms: {
    kind: 'term', currency: 'CNY', convention: 'act-360', tierMethod: 'whole-balance', rateType: 'fixed',
    posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
    minimum: { individual: '50000.00', institution: '500000.00' }, maximum: null, tenors: [...tenors], noticeDays: null,
    earlyWithdrawal: { kind: 'china-demand-rate' }, maturityInstructions: ['payout', 'rollover-principal'], gracePeriodDays: 7, postMaturityRate: 'demand',
  },
  rates: { effectiveFrom: '2025-01-01', tiers: tenors.map((tenor) => ({ tenor, from: '0', annualRate: '0.0150' })) },
})

/** The helpers every suite here shares, bound to its own app. */
function desk(t: () => TestApp) {
  const call = (token: string, method: Method, url: string, payload?: object) => t().call(token, { method, url, ...(payload ? { payload } : {}) })
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(t().database.db)).rows[0]!.n
  return {
    call,
    count,
    async newClient(token: string, legalName: string, kind: 'individual' | 'institution' = 'individual'): Promise<string> {
      const created = await call(token, 'POST', '/v1/clients', { kind, legalName, country: 'CN', segment: kind === 'individual' ? 'high_net_worth' : 'corporate' })
      expect(created.statusCode).toBe(201)
      return created.json().id
    },
    async newVault(token: string): Promise<string> {
      const created = await call(token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault CNY' })
      expect(created.statusCode).toBe(201)
      return created.json().id
    },
    /** A client current account with `amount` paid in as cash from the vault. */
    async fundedAccount(token: string, clientId: string, vault: string, amount: string): Promise<string> {
      const account = (await call(token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current account' })).json().id
      const paidIn = await call(token, 'POST', '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: cny(amount), channel: 'cash' })
      expect(paidIn.statusCode).toBe(201)
      return account
    },
    async openProduct(token: string, code: string, tenors?: readonly string[]): Promise<string> {
      const created = await call(token, 'POST', '/v1/products', termProduct(code, tenors))
      expect(created.statusCode).toBe(201)
      expect((await call(token, 'PATCH', `/v1/products/${created.json().id}`, { status: 'open' })).statusCode).toBe(200)
      return created.json().id
    },
    async balance(token: string, accountId: string): Promise<unknown> {
      return (await call(token, 'GET', `/v1/accounts/${accountId}`)).json().balances.posted
    },
  }
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code?: string) {
  expect(response.statusCode).toBe(status)
  expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/)
  if (code) expect(response.json().code).toBe(code)
}

// ── Suitability ──────────────────────────────────────────────────────────────

describe('the suitability gate on a deposit sale', () => {
  const clock = fixedClock('2025-03-03T09:00:00.000Z') // 17:00 in Shanghai: business date 2025-03-03
  let t: TestApp
  const d = desk(() => t)
  let ops: Staff
  let risk: Staff
  let vault: string
  let c2Client: string
  let c2Funding: string
  let bareClient: string
  let bareFunding: string
  let r4Product: string
  let r2Product: string
  let unclassified: string

  // The default questionnaire (default-questionnaire.ts), answered to total exactly 20, the top of the C2 band (11–20):
  // objective 'income' 2 + horizon '1-3y' 2 + loss-tolerance 'up-to-10' 6 + reaction-to-fall 'sell-some' 2
  // + experience 'bonds-funds' 2 + income-stability 'stable' 2 + share-of-wealth '25-50' 4 = 20 → C2.
  const c2Answers = {
    objective: 'income', horizon: '1-3y', 'loss-tolerance': 'up-to-10', 'reaction-to-fall': 'sell-some',
    experience: 'bonds-funds', 'income-stability': 'stable', 'share-of-wealth': '25-50',
  }
  const deposit = (clientId: string, productId: string, fundingAccountId: string, amount = '100000.00') =>
    d.call(ops.token, 'POST', '/v1/deposits', { clientId, productId, amount: cny(amount), tenor: '1Y', fundingAccountId })
  const depositsOf = async (clientId: string) => (await d.call(ops.token, 'GET', `/v1/deposits?clientId=${clientId}`)).json().items as { productId: string }[]
  const suitability = async (clientId: string, productId: string) => d.call(ops.token, 'GET', `/v1/clients/${clientId}/suitability?productId=${productId}`)
  const pendingFor = async (clientId: string) => (await d.call(risk.token, 'GET', `/v1/approvals?status=pending&entityType=client&entityId=${clientId}`)).json().items as unknown[]
  const overrideBody = (productId: string) => ({
    productId, reason: 'client wants the higher-yield product for part of their savings',
    acknowledgement: { text: 'I was told this product is above my risk profile (C2) and I want it anyway.', acknowledgedAt: '2025-03-03T16:30:00+08:00' },
  })

  beforeAll(async () => {
    t = await createTestApp({}, { clock })
    ops = await t.staffWith(['operations'])
    risk = await t.staffWith(['risk_officer'])
    vault = await d.newVault(ops.token)
    c2Client = await d.newClient(ops.token, 'Cautious Saver')
    c2Funding = await d.fundedAccount(ops.token, c2Client, vault, '1000000.00')
    bareClient = await d.newClient(ops.token, 'Never Asked')
    bareFunding = await d.fundedAccount(ops.token, bareClient, vault, '400000.00')
    r4Product = await d.openProduct(ops.token, 'TD-R4')
    r2Product = await d.openProduct(ops.token, 'TD-R2')
    unclassified = await d.openProduct(ops.token, 'TD-UNC')
  })
  afterAll(async () => t?.close())

  it('classifies products only for the risk desk, and refuses a bad level or an unknown product, changing nothing', async () => {
    expect((await d.call(risk.token, 'PUT', `/v1/risk/products/${r4Product}/risk-level`, { level: 'R4' })).json()).toEqual({ productId: r4Product, level: 'R4' })
    expect((await d.call(risk.token, 'PUT', `/v1/risk/products/${r2Product}/risk-level`, { level: 'R2' })).statusCode).toBe(200)

    expectProblem(await d.call(ops.token, 'PUT', `/v1/risk/products/${r4Product}/risk-level`, { level: 'R1' }), 403)
    expectProblem(await d.call(risk.token, 'PUT', `/v1/risk/products/${r4Product}/risk-level`, { level: 'R6' }), 400)
    expectProblem(await d.call(risk.token, 'PUT', `/v1/risk/products/${r4Product}/risk-level`, { level: 'r1' }), 400)
    expectProblem(await d.call(risk.token, 'PUT', `/v1/risk/products/${r4Product}/risk-level`, { level: 'R1', note: 'x' }), 400)
    const unknown = await d.call(risk.token, 'PUT', '/v1/risk/products/00000000-0000-4000-8000-000000000000/risk-level', { level: 'R1' })
    expect(unknown.statusCode).toBe(404)
    expect(String(unknown.headers['content-type'])).toMatch(/problem\+json/)
    const levels = await d.count(sql<{ n: number }>`select count(*)::int as n from risk.product_risk`)
    expect(levels).toBe(2) // only the two good classifications
    const stillR4 = await d.count(sql<{ n: number }>`select count(*)::int as n from risk.product_risk where product_id = ${r4Product}::uuid and level = 'R4'`)
    expect(stillR4).toBe(1)
  })

  it('scores the default questionnaire into a C2 profile, and refuses partial or padded answers, storing nothing', async () => {
    const before = await d.count(sql<{ n: number }>`select count(*)::int as n from risk.risk_profile`)
    const missing = { ...c2Answers } as Record<string, string>
    delete missing['share-of-wealth']
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: missing }), 422, 'risk.invalid_answers')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: { ...c2Answers, extra: 'x' } }), 422, 'risk.invalid_answers')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: { ...c2Answers, horizon: 'forever' } }), 422, 'risk.invalid_answers')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: c2Answers, takenOn: '2025-03-04' }), 422, 'risk.invalid_answers')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'no-such-questionnaire', answers: c2Answers }), 404, 'risk.questionnaire_not_found')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: { ...c2Answers, objective: 2 } }), 400)
    expect(await d.count(sql<{ n: number }>`select count(*)::int as n from risk.risk_profile`)).toBe(before)
    expectProblem(await d.call(ops.token, 'GET', `/v1/clients/${c2Client}/risk-profile`), 422, 'risk.profile_required')

    const recorded = await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/risk-profile`, { questionnaireId: 'strongroom-risk-tolerance', answers: c2Answers })
    expect(recorded.statusCode).toBe(201)
    // Valid 12 months: taken 2025-03-03 → through the day before 2026-03-03.
    expect(recorded.json()).toMatchObject({ clientId: c2Client, questionnaireVersion: 1, score: 20, profile: 'C2', takenOn: '2025-03-03', validUntil: '2026-03-02', recordedBy: ops.id })
    expect((await d.call(risk.token, 'GET', `/v1/clients/${c2Client}/risk-profile`)).json()).toMatchObject({ score: 20, profile: 'C2' })
  })

  it('a C2 client cannot be sold an R4 product without an approved override', async () => {
    const check = await suitability(c2Client, r4Product)
    expect(check.statusCode).toBe(200)
    // R4 against C2: 4 > 2, above the profile; an override can stand in.
    expect(check.json()).toEqual({
      clientId: c2Client, productId: r4Product, suitable: false, mayProceed: false, reason: 'product_above_profile', requiresOverride: true,
      profile: 'C2', productRiskLevel: 'R4', overrideId: null,
    })

    const fundingBefore = await d.balance(ops.token, c2Funding)
    expectProblem(await deposit(c2Client, r4Product, c2Funding), 422, 'risk.unsuitable_product')
    expect(await depositsOf(c2Client)).toEqual([])
    expect(await d.balance(ops.token, c2Funding)).toEqual(fundingBefore)

    // Bad override requests: no acknowledgement, a time without an offset, a suitable product, no profile — nothing filed.
    const { acknowledgement: _ack, ...withoutAck } = overrideBody(r4Product)
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/suitability-overrides`, withoutAck), 400)
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/suitability-overrides`, {
      ...overrideBody(r4Product), acknowledgement: { text: 'ok', acknowledgedAt: '2025-03-03 16:30' },
    }), 400)
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/suitability-overrides`, overrideBody(r2Product)), 422, 'risk.override_required')
    expectProblem(await d.call(ops.token, 'POST', `/v1/clients/${bareClient}/suitability-overrides`, overrideBody(r4Product)), 422, 'risk.profile_required')
    expect(await pendingFor(c2Client)).toEqual([])
    expect(await pendingFor(bareClient)).toEqual([])

    const asked = await d.call(ops.token, 'POST', `/v1/clients/${c2Client}/suitability-overrides`, overrideBody(r4Product))
    expect(asked.statusCode).toBe(202)
    expect(asked.json()).toMatchObject({ status: 'pending', expiresAt: '2025-03-06T09:00:00.000Z' }) // 72 hours
    const approvalId = asked.json().approvalId
    // Filed is not approved: the sale is still refused.
    expectProblem(await deposit(c2Client, r4Product, c2Funding), 422, 'risk.unsuitable_product')

    expectProblem(await d.call(ops.token, 'POST', `/v1/approvals/${approvalId}/approve`, {}), 403, 'compliance.self_approval')
    const other = await t.staffWith(['operations'])
    expectProblem(await d.call(other.token, 'POST', `/v1/approvals/${approvalId}/approve`, {}), 403)
    expectProblem(await deposit(c2Client, r4Product, c2Funding), 422, 'risk.unsuitable_product')

    const approved = await d.call(risk.token, 'POST', `/v1/approvals/${approvalId}/approve`, {})
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'executed', result: { overrideId: expect.any(String) } })
    const overrideId = approved.json().result.overrideId
    const stored = (await sql<{ acknowledgement: string; requested_by: string; approved_by: string; expires: string }>`
      select acknowledgement, requested_by, approved_by, to_char(expires_on, 'YYYY-MM-DD') as expires from risk.suitability_override where id = ${overrideId}::uuid`.execute(t.database.db)).rows
    // 30 days from 2025-03-03 → 2025-04-02; the client's words kept as given; maker and checker recorded.
    expect(stored).toEqual([{ acknowledgement: overrideBody(r4Product).acknowledgement.text, requested_by: ops.id, approved_by: risk.id, expires: '2025-04-02' }])

    expect((await suitability(c2Client, r4Product)).json()).toMatchObject({ suitable: false, mayProceed: true, reason: 'product_above_profile', overrideId })
    const sold = await deposit(c2Client, r4Product, c2Funding)
    expect(sold.statusCode).toBe(201)
    expect(sold.json()).toMatchObject({ clientId: c2Client, productId: r4Product, principal: cny('100000.00') })
    // 1,000,000.00 paid in − 100,000.00 placed = 900,000.00 left on the current account.
    expect(await d.balance(ops.token, c2Funding)).toEqual(cny('900000.00'))
    expect((await depositsOf(c2Client)).map((x) => x.productId)).toEqual([r4Product])
  })

  it('sells an R2 product to a C2 client without an override (R2 ≤ C2: within the profile)', async () => {
    expect((await suitability(c2Client, r2Product)).json()).toMatchObject({ suitable: true, mayProceed: true, reason: 'within_profile', requiresOverride: false, overrideId: null })
    const sold = await deposit(c2Client, r2Product, c2Funding)
    expect(sold.statusCode).toBe(201)
    expect(await d.balance(ops.token, c2Funding)).toEqual(cny('800000.00')) // 900,000.00 − 100,000.00
  })

  it('refuses a classified product to a client with no profile, even one within any profile', async () => {
    const before = await d.balance(ops.token, bareFunding)
    expect((await suitability(bareClient, r2Product)).json()).toMatchObject({ suitable: false, mayProceed: false, reason: 'profile_required', requiresOverride: false, profile: null })
    expectProblem(await deposit(bareClient, r4Product, bareFunding), 422, 'risk.profile_required')
    expectProblem(await deposit(bareClient, r2Product, bareFunding), 422, 'risk.profile_required')
    expect(await depositsOf(bareClient)).toEqual([])
    expect(await d.balance(ops.token, bareFunding)).toEqual(before)
  })

  it('leaves an unclassified product outside suitability: it sells without a profile', async () => {
    const check = await suitability(bareClient, unclassified)
    expect(check.json()).toMatchObject({ suitable: true, mayProceed: true, reason: 'not_classified', productRiskLevel: null })
    const sold = await deposit(bareClient, unclassified, bareFunding)
    expect(sold.statusCode).toBe(201)
    expect((await depositsOf(bareClient)).map((x) => x.productId)).toEqual([unclassified])
    expect(await d.balance(ops.token, bareFunding)).toEqual(cny('300000.00')) // 400,000.00 − 100,000.00
  })
})

// ── Stress test ──────────────────────────────────────────────────────────────

describe('a deposit stress test over a seeded book', () => {
  const clock = fixedClock('2025-03-03T09:00:00.000Z') // business date 2025-03-03
  let t: TestApp
  const d = desk(() => t)
  let ops: Staff
  let risk: Staff
  const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' }
  let baseline: any

  // The book (CNY; CN-DIS insures 500,000.00 per depositor, interest included — none accrued yet, no end of day has run):
  //   A individual   300,000.00 current                          insured 300,000.00
  //   B individual   800,000.00 current                          insured 500,000.00, uninsured 300,000.00
  //   C individual   250,000.00 current + 750,000.00 term 14D    insured 500,000.00 shared pro rata: 125,000.00 / 375,000.00
  //                  (the 14D deposit placed 2025-03-03 matures 2025-03-17: day 14, bucket 8-30d)
  //   D institution 2,000,000.00 current                         insured 500,000.00 (non-financial corporate: run-off on the whole)
  // Total 4,100,000.00; insured 300,000 + 3 × 500,000 = 1,800,000.00; uninsured 2,300,000.00.
  beforeAll(async () => {
    t = await createTestApp({}, { clock })
    ops = await t.staffWith(['operations'])
    risk = await t.staffWith(['risk_officer'])
    const vault = await d.newVault(ops.token)
    ids.A = await d.newClient(ops.token, 'Alice Small')
    ids.B = await d.newClient(ops.token, 'Bob Middle')
    ids.C = await d.newClient(ops.token, 'Carol Laddered')
    ids.D = await d.newClient(ops.token, 'Delta Trading Co', 'institution')
    await d.fundedAccount(ops.token, ids.A, vault, '300000.00')
    await d.fundedAccount(ops.token, ids.B, vault, '800000.00')
    const cFunding = await d.fundedAccount(ops.token, ids.C, vault, '1000000.00')
    await d.fundedAccount(ops.token, ids.D, vault, '2000000.00')
    const product = await d.openProduct(ops.token, 'TD-14D', ['14D'])
    const placed = await d.call(ops.token, 'POST', '/v1/deposits', { clientId: ids.C, productId: product, amount: cny('750000.00'), tenor: '14D', fundingAccountId: cFunding, maturityInstruction: 'payout' })
    expect(placed.statusCode).toBe(201)
    expect(placed.json().maturityDate).toBe('2025-03-17')
    expect(await d.balance(ops.token, cFunding)).toEqual(cny('250000.00'))
  })
  afterAll(async () => t?.close())

  it('a stress test on a seeded book returns the outflows and concentration figures a hand calculation expects', async () => {
    const ran = await d.call(risk.token, 'POST', '/v1/risk/stress-tests', { liquidAssets: '900000.00' })
    expect(ran.statusCode).toBe(201)
    baseline = ran.json()
    const r = baseline.result
    expect(baseline).toMatchObject({ name: 'Basel III LCR run-off, 30 days', asOf: '2025-03-03', runBy: risk.id, scenario: { id: 'basel-lcr-baseline' } })
    expect(r).toMatchObject({
      scenarioId: 'basel-lcr-baseline', asOf: '2025-03-03', reportingCurrency: 'CNY', horizonDays: 30, liquidAssets: '900000.00',
      totalBalance: '4100000.00', insuredTotal: '1800000.00', uninsuredTotal: '2300000.00',
    })
    // Baseline factors: stable 5 %, less stable (the uninsured part of retail) 10 %, non-financial corporate 40 %.
    //   A: 300,000 × 0.05                                   =  15,000.00   (on demand → overnight)
    //   B: 500,000 × 0.05 + 300,000 × 0.10                  =  55,000.00   (overnight)
    //   C current: 125,000 × 0.05 + 125,000 × 0.10          =  18,750.00   (overnight)
    //   C term:    375,000 × 0.05 + 375,000 × 0.10          =  56,250.00   (matures day 14 ≤ 30: in 8-30d)
    //   D: 2,000,000 × 0.40                                 = 800,000.00   (overnight)
    // overnight 15,000 + 55,000 + 18,750 + 800,000 = 888,750.00; 8-30d 56,250.00; total 945,000.00.
    // Gap = 900,000 − cumulative: 11,250.00, 11,250.00, −45,000.00, then −45,000.00 to the end.
    // Contractual ladder: on demand 300,000 + 800,000 + 250,000 + 2,000,000 = 3,350,000.00; day 14: 750,000.00.
    expect(r.totalOutflow).toBe('945000.00')
    expect(r.buckets.map((b: any) => [b.label, b.fromDay, b.toDay, b.contractual, b.outflow, b.cumulativeOutflow, b.gap])).toEqual([
      ['overnight', 0, 1, '3350000.00', '888750.00', '888750.00', '11250.00'],
      ['2-7d', 2, 7, '0.00', '0.00', '888750.00', '11250.00'],
      ['8-30d', 8, 30, '750000.00', '56250.00', '945000.00', '-45000.00'],
      ['31-90d', 31, 90, '0.00', '0.00', '945000.00', '-45000.00'],
      ['91-180d', 91, 180, '0.00', '0.00', '945000.00', '-45000.00'],
      ['181-365d', 181, 365, '0.00', '0.00', '945000.00', '-45000.00'],
      ['>1y', 366, null, '0.00', '0.00', '945000.00', '-45000.00'],
    ])
    // First short in 8-30d: the liquid assets last through the end of 2-7d, day 7. Cover 900,000 / 945,000 = 20/21 = 0.952380952… → 0.952381.
    expect(r.survival).toEqual({ shortfall: true, firstShortfallBucket: '8-30d', survivalDays: 7 })
    expect(r.coverageRatio).toBe('0.952381')
    // Stable retail: A + B + C = 2,100,000.00 out 15,000 + 55,000 + 18,750 + 56,250 = 145,000.00; corporates 2,000,000.00 out 800,000.00.
    expect(r.byCategory).toEqual([
      { category: 'stable_retail', balance: '2100000.00', outflow: '145000.00', runOffFactor: '0.050000' },
      { category: 'less_stable_retail', balance: '0.00', outflow: '0.00', runOffFactor: '0.100000' },
      { category: 'operational_wholesale', balance: '0.00', outflow: '0.00', runOffFactor: '0.250000' },
      { category: 'non_financial_corporate', balance: '2000000.00', outflow: '800000.00', runOffFactor: '0.400000' },
      { category: 'financial', balance: '0.00', outflow: '0.00', runOffFactor: '1.000000' },
    ])
    // Concentration over client totals (C's two holdings are one depositor), total 4.1 M:
    //   D 2/4.1 = 0.4878048… → 0.487805; C 1/4.1 = 0.2439024… → 0.243902; B 0.8/4.1 = 0.1951219… → 0.195122; A 0.3/4.1 = 0.0731707… → 0.073171.
    //   HHI = (2² + 1² + 0.8² + 0.3²) / 4.1² = 5.73 / 16.81 = 0.34086853… → 0.340869; × 10,000 = 3408.6853… → 3408.69.
    expect(r.concentration).toEqual({
      depositorCount: 4, top10Share: '1.000000', top20Share: '1.000000', hhi: '0.340869', hhiPoints: '3408.69',
      topDepositors: [
        { clientId: ids.D, balance: '2000000.00', share: '0.487805' },
        { clientId: ids.C, balance: '1000000.00', share: '0.243902' },
        { clientId: ids.B, balance: '800000.00', share: '0.195122' },
        { clientId: ids.A, balance: '300000.00', share: '0.073171' },
      ],
    })
    expect(baseline.chart).toEqual({
      currency: 'CNY',
      labels: ['overnight', '2-7d', '8-30d', '31-90d', '91-180d', '181-365d', '>1y'],
      contractual: ['3350000.00', '0.00', '750000.00', '0.00', '0.00', '0.00', '0.00'],
      outflow: ['888750.00', '0.00', '56250.00', '0.00', '0.00', '0.00', '0.00'],
      cumulativeOutflow: ['888750.00', '888750.00', '945000.00', '945000.00', '945000.00', '945000.00', '945000.00'],
      gap: ['11250.00', '11250.00', '-45000.00', '-45000.00', '-45000.00', '-45000.00', '-45000.00'],
      liquidAssets: '900000.00',
      firstShortfallIndex: 2,
    })
  })

  it('applies an explicit scenario: a rate shock raises factors linearly, a short horizon leaves only early breaking of later maturities', async () => {
    clock.set('2025-03-03T09:01:00.000Z') // a minute later, same business day: it lists first
    const ran = await d.call(risk.token, 'POST', '/v1/risk/stress-tests', {
      name: 'Shock +200bp, 7-day horizon', liquidAssets: '1200000.00',
      scenario: { rateShockBps: 200, horizonDays: 7, earlyWithdrawalRate: '0.02' },
    })
    expect(ran.statusCode).toBe(201)
    const r = ran.json().result
    // +200 bp = 2 × the per-100 bp sensitivities: stable 0.05 + 2 × 0.01 = 0.07; less stable 0.10 + 2 × 0.02 = 0.14; corporate 0.40 + 2 × 0.05 = 0.50.
    //   A: 300,000 × 0.07 = 21,000; B: 500,000 × 0.07 + 300,000 × 0.14 = 35,000 + 42,000 = 77,000;
    //   C current: 125,000 × 0.07 + 125,000 × 0.14 = 8,750 + 17,500 = 26,250; D: 2,000,000 × 0.50 = 1,000,000;
    //   C term matures on day 14 > horizon 7: only the early-withdrawal rate, in the first bucket: 750,000 × 0.02 = 15,000.
    // Overnight 21,000 + 77,000 + 26,250 + 1,000,000 + 15,000 = 1,139,250.00; nothing later; the ladder still shows 750,000.00 on day 14.
    // Gap 1,200,000 − 1,139,250 = 60,750.00, no shortfall. Cover 1,200,000 / 1,139,250 = 1.0533245… → 1.053325.
    expect(r).toMatchObject({ scenarioId: 'custom', horizonDays: 7, totalOutflow: '1139250.00', coverageRatio: '1.053325', survival: { shortfall: false, firstShortfallBucket: null, survivalDays: null } })
    expect(r.buckets.map((b: any) => [b.label, b.contractual, b.outflow, b.gap])).toEqual([
      ['overnight', '3350000.00', '1139250.00', '60750.00'],
      ['2-7d', '0.00', '0.00', '60750.00'],
      ['8-30d', '750000.00', '0.00', '60750.00'],
      ['31-90d', '0.00', '0.00', '60750.00'],
      ['91-180d', '0.00', '0.00', '60750.00'],
      ['181-365d', '0.00', '0.00', '60750.00'],
      ['>1y', '0.00', '0.00', '60750.00'],
    ])
    // Stable retail out: 21,000 + 77,000 + 26,250 + 15,000 = 139,250.00.
    expect(r.byCategory.filter((c: any) => c.balance !== '0.00')).toEqual([
      { category: 'stable_retail', balance: '2100000.00', outflow: '139250.00', runOffFactor: '0.070000' },
      { category: 'non_financial_corporate', balance: '2000000.00', outflow: '1000000.00', runOffFactor: '0.500000' },
    ])
    expect(r.byCategory.find((c: any) => c.category === 'less_stable_retail').runOffFactor).toBe('0.140000')
    expect(ran.json().chart.firstShortfallIndex).toBeNull()

    // A falling rate never lowers a factor (the Basel factors are floors): −300 bp gives the baseline's 945,000.00.
    clock.set('2025-03-03T09:02:00.000Z')
    const falling = await d.call(risk.token, 'POST', '/v1/risk/stress-tests', { liquidAssets: '900000.00', scenario: { rateShockBps: -300 } })
    expect(falling.statusCode).toBe(201)
    expect(falling.json().result.totalOutflow).toBe('945000.00')
    expect(falling.json().result.byCategory.map((c: any) => c.runOffFactor)).toEqual(['0.050000', '0.100000', '0.250000', '0.400000', '1.000000'])

    const listed = (await d.call(risk.token, 'GET', '/v1/risk/stress-tests')).json().items
    expect(listed.map((x: any) => x.id)).toEqual([falling.json().id, ran.json().id, baseline.id])
    expect(listed[1]).toMatchObject({ name: 'Shock +200bp, 7-day horizon', asOf: '2025-03-03', runBy: risk.id })
  })

  it('returns a stored test with its chart series, unchanged', async () => {
    const found = await d.call(risk.token, 'GET', `/v1/risk/stress-tests/${baseline.id}`)
    expect(found.statusCode).toBe(200)
    expect(found.json()).toEqual(baseline)
    const auditor = await t.staffWith(['auditor'])
    expect((await d.call(auditor.token, 'GET', `/v1/risk/stress-tests/${baseline.id}`)).json().chart.gap[2]).toBe('-45000.00')
    expectProblem(await d.call(risk.token, 'GET', '/v1/risk/stress-tests/00000000-0000-4000-8000-000000000000'), 404, 'risk.stress_test_not_found')
  })

  it('refuses bad scenarios and liquid assets with a problem, storing nothing', async () => {
    const stored = async () => d.count(sql<{ n: number }>`select count(*)::int as n from risk.stress_test`)
    const before = await stored()
    const post = (payload: object, token = risk.token) => d.call(token, 'POST', '/v1/risk/stress-tests', payload)
    expectProblem(await post({ liquidAssets: '900000.00' }, ops.token), 403)
    expectProblem(await post({ liquidAssets: '-1.00' }), 400)
    expectProblem(await post({ liquidAssets: 900000 }), 400)
    expectProblem(await post({}), 400)
    expectProblem(await post({ liquidAssets: '900000.001' }), 422) // more decimals than CNY has
    expectProblem(await post({ liquidAssets: '1.00', scenario: { runOffFactors: { financial: '1.5' } } }), 422, 'risk.invalid_scenario')
    expectProblem(await post({ liquidAssets: '1.00', scenario: { runOffFactors: { stable_retail: 0.05 } } }), 422, 'risk.invalid_scenario')
    expectProblem(await post({ liquidAssets: '1.00', scenario: { horizonDays: 0 } }), 422, 'risk.invalid_scenario')
    expectProblem(await post({ liquidAssets: '1.00', scenario: { buckets: [{ label: 'a', toDay: 5 }] } }), 422, 'risk.invalid_scenario')
    expectProblem(await post({ liquidAssets: '1.00', scenario: { surprise: true } }), 422, 'risk.invalid_scenario')
    expect(await stored()).toBe(before)
    expectProblem(await d.call(ops.token, 'GET', '/v1/risk/stress-tests'), 403)
  })
})

// ── Assessments and early warnings ───────────────────────────────────────────

describe('large-inflow assessments and early warnings', () => {
  const clock = fixedClock('2025-03-03T09:00:00.000Z')
  let t: TestApp
  const d = desk(() => t)
  let ops: Staff
  let risk: Staff

  beforeAll(async () => {
    t = await createTestApp({}, { clock })
    ops = await t.staffWith(['operations'])
    risk = await t.staffWith(['risk_officer'])
  })
  afterAll(async () => t?.close())

  it('assesses an incoming transfer from CNY 500,000.00, and not one a cent below', async () => {
    const settlement = (await d.call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'Settlement CNY' })).json().id
    const clientWithAccount = async (name: string) => {
      const clientId = await d.newClient(ops.token, name)
      const account = (await d.call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current account' })).json().id
      return { clientId, account }
    }
    const incoming = (account: string, amount: string) => d.call(ops.token, 'POST', '/v1/transfers', {
      debitAccountId: settlement, creditAccountId: account, amount: cny(amount), channel: 'transfer', counterparty: { name: 'Shenzhen Trading Ltd', country: 'CN' },
    })
    const assessments = async (clientId: string) => d.call(risk.token, 'GET', `/v1/risk/assessments?clientId=${clientId}`)

    const below = await clientWithAccount('Just Below')
    expect((await incoming(below.account, '499999.99')).statusCode).toBe(201)
    expect((await assessments(below.clientId)).json()).toEqual({ items: [] })

    const large = await clientWithAccount('Large Inflow')
    expect((await assessments(large.clientId)).json()).toEqual({ items: [] })
    const posted = await incoming(large.account, '500000.00')
    expect(posted.statusCode).toBe(201)
    const transferId = posted.json().id
    const listed = await assessments(large.clientId)
    expect(listed.statusCode).toBe(200)
    expect(listed.json().items).toHaveLength(1)
    // Score by hand (default assessment config): no source of funds 25 + KYC unrated 25 + CN not listed 0
    // + counterparty never seen before 10 + demand deposit 5 + channel transfer 0
    // + profile deviation: no inflow before this one, so no baseline → 10
    // = 75 → high (from 60).
    expect(listed.json().items[0]).toMatchObject({
      clientId: large.clientId, transferId, amount: cny('500000.00'), thresholdReached: true, score: 75, level: 'high',
    })
    expect(listed.json().items[0].factors.find((f: any) => f.factor === 'profile_deviation')).toMatchObject({ points: 10 })

    // A client whose usual month is far smaller: 60,000.00 came in before, from the same payer.
    const steady = await clientWithAccount('Steady Saver')
    expect((await incoming(steady.account, '60000.00')).statusCode).toBe(201)
    expect((await incoming(steady.account, '500000.00')).statusCode).toBe(201)
    // Baseline without this amount: 60,000.00 / 6 months = 10,000.00; 500,000 / 10,000 = 50 ≥ 10 → 30.
    // The payer is known now → 0. Score 25 + 25 + 0 + 0 + 5 + 0 + 30 = 85.
    const [steadyAssessment] = (await assessments(steady.clientId)).json().items
    expect(steadyAssessment.score).toBe(85)
    expect(steadyAssessment.factors.find((f: any) => f.factor === 'profile_deviation')).toMatchObject({ points: 30 })
    expect(listed.json().items[0].requiredActions.map((a: any) => a.code)).toEqual(['obtain_source_of_funds_evidence', 'enhanced_due_diligence', 'senior_approval'])
    expectProblem(await d.call(risk.token, 'GET', '/v1/risk/assessments?clientId=not-a-uuid'), 400)
    expectProblem(await d.call(ops.token, 'GET', `/v1/risk/assessments?clientId=${large.clientId}`), 403)
  })

  it('lists early warnings for the risk desk and refuses operations', async () => {
    const seen = await d.call(risk.token, 'GET', '/v1/risk/early-warnings')
    expect(seen.statusCode).toBe(200)
    expect(Array.isArray(seen.json().items)).toBe(true)
    expectProblem(await d.call(ops.token, 'GET', '/v1/risk/early-warnings'), 403)
    expectProblem(await d.call(risk.token, 'GET', '/v1/risk/early-warnings?minLevel=panic'), 400)
  })
})

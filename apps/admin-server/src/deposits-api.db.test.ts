import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// The deposit engine over HTTP: product desk, maker-checker on negotiated rates,
// deposits, preview-then-withdraw, the end-of-day run, deposit insurance.
const clock = fixedClock('2025-03-03T09:00:00.000Z')
let t: TestApp
let ops: { id: string; token: string }
let rm: { id: string; token: string }
let otherRm: { id: string; token: string }
let risk: { id: string; token: string }
let clientId: string
let funding: string
let productId: string

const post = (url: string, payload: unknown, token = ops.token) => t.call(token, { method: 'POST', url, payload: payload as object })
const get = (url: string, token = ops.token) => t.call(token, { method: 'GET', url })
const cny = (amount: string) => ({ amount, currency: 'CNY' })

const termProduct = {
  code: 'TD-CNY', name: 'Time deposit CNY',
  terms: {
    kind: 'term', currency: 'CNY', convention: 'act-360', tierMethod: 'whole-balance', rateType: 'fixed',
    posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
    minimum: { individual: '50000.00', institution: '500000.00' }, maximum: null, tenors: ['3M', '1Y'], noticeDays: null,
    earlyWithdrawal: { kind: 'china-demand-rate' }, maturityInstructions: ['payout', 'rollover-principal'], gracePeriodDays: 7, postMaturityRate: 'demand',
  },
  rates: { effectiveFrom: '2025-01-01', tiers: [{ tenor: '3M', from: '0', annualRate: '0.0110' }, { tenor: '1Y', from: '0', annualRate: '0.0150' }, { tenor: '1Y', from: '1000000.00', annualRate: '0.0175' }] },
}

async function dbCount(table: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n
}

beforeAll(async () => {
  t = await createTestApp({}, { clock })
  ops = await t.staffWith(['operations'])
  rm = await t.staffWith(['relationship_manager'])
  otherRm = await t.staffWith(['relationship_manager'])
  risk = await t.staffWith(['risk_officer'])
  clientId = (await post('/v1/clients', { kind: 'individual', legalName: 'Deposit Client', country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })).json().id
  const vault = (await post('/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault CNY' })).json().id
  funding = (await post('/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current account' })).json().id
  await post('/v1/transfers', { debitAccountId: vault, creditAccountId: funding, amount: cny('3000000.00'), channel: 'cash' })
})
afterAll(async () => t.close())

describe('the product desk', () => {
  it('creates a product as a draft, refuses deposits until it opens, and shows the rates in force', async () => {
    const created = await post('/v1/products', termProduct)
    expect(created.statusCode).toBe(201)
    productId = created.json().id
    expect(created.json()).toMatchObject({ status: 'draft', ratesInForce: { effectiveFrom: '2025-01-01' } })
    const refused = await post('/v1/deposits', { clientId, productId, amount: cny('100000.00'), tenor: '1Y', fundingAccountId: funding })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().code).toBe('deposit.product_not_open')
    expect((await t.call(ops.token, { method: 'PATCH', url: `/v1/products/${productId}`, payload: { status: 'open' } })).statusCode).toBe(200)
  })

  it('answers bad product definitions with 4xx problem+json and stores nothing', async () => {
    const before = await dbCount('ledger.deposit_product')
    const noTenors = await post('/v1/products', { ...termProduct, code: 'TD-BAD', terms: { ...termProduct.terms, tenors: [] } })
    expect(noTenors.statusCode).toBe(422)
    expect(noTenors.headers['content-type']).toMatch(/problem\+json/)
    const floatRate = await post('/v1/products', { ...termProduct, code: 'TD-BAD2', rates: { effectiveFrom: '2025-01-01', tiers: [{ tenor: '1Y', from: '0', annualRate: 0.015 }] } })
    expect(floatRate.statusCode).toBe(400)
    expect(await dbCount('ledger.deposit_product')).toBe(before)
  })

  it('benchmarks our rates against the market', async () => {
    const recorded = await post('/v1/market/competitor-rates', { rates: [
      { institution: 'Bank A', kind: 'term', tenor: '1Y', currency: 'CNY', annualRate: '0.0145', observedOn: '2025-02-01' },
      { institution: 'Bank A', kind: 'term', tenor: '1Y', currency: 'CNY', annualRate: '0.0160', observedOn: '2025-03-01' },
      { institution: 'Bank B', kind: 'term', tenor: '1Y', currency: 'CNY', annualRate: '0.0140', observedOn: '2025-02-15' },
    ] })
    expect(recorded.statusCode).toBe(201)
    const bench = (await get(`/v1/products/${productId}/rate-benchmark`)).json()
    const oneYear = bench.rows.find((r: { tenor: string }) => r.tenor === '1Y')
    // Bank A's latest (1.60 %) replaces its older rate; Bank B 1.40 %; ours from 1.50 %.
    expect(oneYear).toMatchObject({ ours: { lowestTier: '0.0150', highestTier: '0.0175' }, marketLow: '0.0140', marketHigh: '0.0160', institutionsAbove: 1 })
  })
})

describe('a negotiated rate takes a second person', () => {
  it('never lets the maker approve, and applies the rate only once a checker has', async () => {
    const asked = await post(`/v1/products/${productId}/negotiated-rates`, { clientId, tenor: '1Y', annualRate: '0.0200', validFrom: '2025-03-01', validUntil: '2025-03-31', reason: 'retain a large client' }, rm.token)
    expect(asked.statusCode).toBe(201)
    const id = asked.json().id
    const early = await post('/v1/deposits', { clientId, productId, amount: cny('100000.00'), tenor: '1Y', fundingAccountId: funding })
    expect(early.json().rate).toMatchObject({ annualRate: '0.0150', source: 'sheet' })
    expect((await post(`/v1/negotiated-rates/${id}/decision`, { decision: 'approve' }, rm.token)).statusCode).toBe(403) // RMs are not checkers
    const ownDecision = await t.staffWith(['operations', 'relationship_manager'])
    const own = await post(`/v1/products/${productId}/negotiated-rates`, { clientId, tenor: '1Y', annualRate: '0.0300', validFrom: '2025-03-01', validUntil: '2025-03-31', reason: 'x' }, ownDecision.token)
    const self = await post(`/v1/negotiated-rates/${own.json().id}/decision`, { decision: 'approve' }, ownDecision.token)
    expect(self.statusCode).toBe(403)
    expect(self.json().code).toBe('compliance.self_approval') // the bank's approval policy decides, on either road
    const inbox = (await get('/v1/negotiated-rates?status=pending', risk.token)).json().items.map((r: { id: string }) => r.id)
    expect(inbox).toContain(id)
    // The same request waits in the checkers' approvals inbox, on the rate it will change.
    const [approval] = (await get(`/v1/approvals?entityType=negotiated-rate&entityId=${id}`, risk.token)).json().items
    expect(approval).toMatchObject({ action: 'deposit.negotiated-rate', status: 'pending', requestedBy: rm.id })
    expect((await post(`/v1/negotiated-rates/${id}/decision`, { decision: 'approve' }, risk.token)).statusCode).toBe(200)
    expect((await get(`/v1/approvals/${approval.id}`, risk.token)).json()).toMatchObject({ status: 'executed', result: { negotiatedRateId: id, status: 'approved' } })
    expect((await post(`/v1/negotiated-rates/${id}/decision`, { decision: 'reject' }, risk.token)).statusCode).toBe(409)
    const later = await post('/v1/deposits', { clientId, productId, amount: cny('100000.00'), tenor: '1Y', fundingAccountId: funding })
    expect(later.json().rate).toMatchObject({ annualRate: '0.0200', source: 'negotiated' })
  })
})

describe('deposits', () => {
  let depositId: string

  it('opens a deposit from the funding account and shows accrued and projected interest', async () => {
    const opened = await post('/v1/deposits', { clientId, productId, amount: cny('1200000.00'), tenor: '3M', fundingAccountId: funding, maturityInstruction: 'payout' })
    expect(opened.statusCode).toBe(201)
    depositId = opened.json().id
    // Hand figure: 1,200,000 × 1.10 % × 92/360 (3 March → 3 June) = 3,373.33
    expect(opened.json()).toMatchObject({ maturityDate: '2025-06-03', accruedThrough: '2025-03-02', projectedInterestAtMaturity: cny('3373.33') })
    expect((await get(`/v1/deposits/${depositId}`, otherRm.token)).statusCode).toBe(404) // another RM's book
    expect((await get(`/v1/deposits/${depositId}`, rm.token)).statusCode).toBe(200)
  })

  it('refuses a deposit below the minimum, or for a tenor not offered, moving nothing', async () => {
    const balance = (await get(`/v1/accounts/${funding}`)).json().balances.posted
    const small = await post('/v1/deposits', { clientId, productId, amount: cny('49999.99'), tenor: '1Y', fundingAccountId: funding })
    expect([small.statusCode, small.json().code]).toEqual([422, 'deposit.amount_out_of_range'])
    const tenor = await post('/v1/deposits', { clientId, productId, amount: cny('60000.00'), tenor: '2Y', fundingAccountId: funding })
    expect([tenor.statusCode, tenor.json().code]).toEqual([422, 'deposit.tenor_not_offered'])
    expect((await get(`/v1/accounts/${funding}`)).json().balances.posted).toEqual(balance)
  })

  it('closes ten days with one run, then previews and executes exactly the previewed withdrawal', async () => {
    clock.set('2025-03-13T09:00:00.000Z')
    const started = await post('/v1/eod-runs', { businessDate: '2025-03-12' })
    expect(started.statusCode).toBe(202)
    let run = started.json()
    for (let i = 0; i < 100 && run.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      run = (await get(`/v1/eod-runs/${run.id}`)).json()
    }
    expect(run).toMatchObject({ status: 'completed', fromDate: '2025-03-03', progress: { daysDone: 10, days: 10 } })
    const again = await post('/v1/eod-runs', { businessDate: '2025-03-12' })
    expect([again.statusCode, again.json().id]).toEqual([200, run.id])
    // Ten days at 1.10 % ACT/360: 1,200,000 × 0.011 × 10/360 = 366.666…
    expect((await get(`/v1/deposits/${depositId}`)).json().accruedInterest).toEqual({ exact: '366.666666666667', rounded: cny('366.67') })

    const preview = await post(`/v1/deposits/${depositId}/withdrawals/preview`, { amount: cny('1200000.00') })
    expect(preview.statusCode).toBe(200)
    // No demand product: the China rule pays the demand rate, 0 here, for the days held.
    expect(preview.json()).toMatchObject({ basis: 'early', policy: 'china-demand-rate', interestEarned: cny('0.00'), payout: cny('1200000.00') })
    // 1,200,000.00 is a large withdrawal: an identity check, then a checker (see large-withdrawal.db.test).
    await post(`/v1/clients/${clientId}/identity-checks`, { method: 'in-person', purpose: 'early withdrawal' })
    const wrong = await post(`/v1/deposits/${depositId}/withdrawals`, { amount: cny('1200000.00'), quoteToken: 'made-up' })
    expect([wrong.statusCode, wrong.json().code]).toEqual([409, 'deposit.preview_stale'])
    const pending = await post(`/v1/deposits/${depositId}/withdrawals`, { amount: cny('1200000.00'), quoteToken: preview.json().quoteToken })
    expect(pending.statusCode).toBe(202)
    const done = await post(`/v1/approvals/${pending.json().approvalId}/approve`, {}, risk.token)
    expect(done.json()).toMatchObject({ status: 'executed', result: { payout: preview.json().payout.amount } })
    expect((await get(`/v1/deposits/${depositId}`)).json().status).toBe('closed')
  })

  it('shows the insurance split for the client', async () => {
    const coverage = (await get(`/v1/clients/${clientId}/insurance-coverage`)).json()
    const [cn] = coverage.schemes
    expect(cn.scheme).toMatchObject({ id: 'CN-DIS', limit: cny('500000.00') })
    // The client holds 3,000,000.00 CNY of principal (current account and two 1Y deposits of 100,000.00),
    // plus ten days' interest accrued on those deposits, counted under the China scheme:
    // 100,000 × 1.50 % × 10/360 = 41.67 and 100,000 × 2.00 % × 10/360 = 55.56 → 3,000,097.23; 500,000.00 insured.
    expect(cn.total).toEqual(cny('3000097.23'))
    expect(cn.insured).toEqual(cny('500000.00'))
    expect(cn.uninsured).toEqual(cny('2500097.23'))
  })
})

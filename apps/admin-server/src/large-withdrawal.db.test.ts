import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// A large withdrawal from a deposit needs a recorded identity check and a checker; it then pays exactly the preview.
const clock = fixedClock('2026-04-01T09:00:00.000Z')
let t: TestApp
let ops: { id: string; token: string }
let checker: { id: string; token: string }
let clientId: string
let current: string
let depositId: string

const post = (token: string, url: string, payload: object) => t.call(token, { method: 'POST', url, payload })
const cny = (amount: string) => ({ amount, currency: 'CNY' })
const balance = async () => (await t.call(ops.token, { method: 'GET', url: `/v1/accounts/${current}` })).json().balances.posted.amount

beforeAll(async () => {
  t = await createTestApp({}, { clock })
  ops = await t.staffWith(['operations'])
  checker = await t.staffWith(['risk_officer'])
  clientId = (await post(ops.token, '/v1/clients', { kind: 'individual', legalName: 'Large Withdrawer', country: 'CN', segment: 'ultra_high_net_worth' })).json().id
  const vault = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  current = (await post(ops.token, '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })).json().id
  await post(ops.token, '/v1/transfers', { debitAccountId: vault, creditAccountId: current, amount: cny('3000000.00'), channel: 'cash' })
  const product = (await post(t.adminToken, '/v1/products', {
    code: 'FLEX-CNY', name: 'Flexible',
    terms: {
      kind: 'flexible', currency: 'CNY', convention: 'act-360', tierMethod: 'whole-balance', rateType: 'fixed',
      posting: { frequency: 'monthly', mode: 'capitalise', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
      minimum: { individual: '1000.00', institution: '1000.00' }, maximum: null, tenors: [], noticeDays: null,
      earlyWithdrawal: { kind: 'not-allowed' }, maturityInstructions: [], gracePeriodDays: 0, postMaturityRate: 'demand',
    },
    rates: { effectiveFrom: '2026-01-01', tiers: [{ tenor: null, from: '0', annualRate: '0.0100' }] },
  })).json()
  await t.call(t.adminToken, { method: 'PATCH', url: `/v1/products/${product.id}`, payload: { status: 'open' } })
  depositId = (await post(ops.token, '/v1/deposits', { clientId, productId: product.id, amount: cny('2000000.00'), fundingAccountId: current })).json().id
})
afterAll(async () => t.close())

describe('a large withdrawal from a deposit', () => {
  it('needs a recorded identity check, then a checker, and pays exactly the preview', async () => {
    const preview = (await post(ops.token, `/v1/deposits/${depositId}/withdrawals/preview`, { amount: cny('1500000.00') })).json()
    const body = { amount: cny('1500000.00'), quoteToken: preview.quoteToken }
    const noCheck = await post(ops.token, `/v1/deposits/${depositId}/withdrawals`, body)
    expect([noCheck.statusCode, noCheck.json().code]).toEqual([422, 'compliance.identity_check_required'])
    expect((await post(ops.token, `/v1/clients/${clientId}/identity-checks`, { method: 'video', purpose: 'large withdrawal' })).statusCode).toBe(201)
    const pending = await post(ops.token, `/v1/deposits/${depositId}/withdrawals`, body)
    expect(pending.statusCode).toBe(202)
    expect(await balance()).toBe('1000000.00')
    const byTheMaker = await post(ops.token, `/v1/approvals/${pending.json().approvalId}/approve`, {})
    expect([byTheMaker.statusCode, byTheMaker.json().code]).toEqual([403, 'compliance.self_approval'])
    const approved = (await post(checker.token, `/v1/approvals/${pending.json().approvalId}/approve`, {})).json()
    expect(approved).toMatchObject({ status: 'executed', result: { payout: preview.payout.amount } })
    expect(await balance()).toBe((1_000_000 + 1_500_000).toFixed(2))
  })

  it('lets a small withdrawal through without either', async () => {
    const preview = (await post(ops.token, `/v1/deposits/${depositId}/withdrawals/preview`, { amount: cny('1000.00') })).json()
    expect((await post(ops.token, `/v1/deposits/${depositId}/withdrawals`, { amount: cny('1000.00'), quoteToken: preview.quoteToken })).statusCode).toBe(201)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Review action 'hold': a transfer out that monitoring sends to review does not post; its amount is held on the
// client's account until an analyst decides the case — a false positive posts it, a true positive releases the money.
let t: TestApp
let ops: { id: string; token: string }
let analyst: { id: string; token: string }
let settlement: string

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object, headers?: Record<string, string>) =>
  t.call(token, { method, url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) })
const cny = (amount: string) => ({ amount, currency: 'CNY' })
const payee = { name: 'Hong Kong Trading Ltd', account: 'HK-778899', country: 'HK' }

/** A client who received 100,000.00 and sends 90,000.00 on at once: 90 % passed straight through, a review. */
async function passThrough(name: string, key: string) {
  const clientId = (await call(ops.token, 'POST', '/v1/clients', { kind: 'individual', legalName: name, country: 'CN', segment: 'high_net_worth' })).json().id
  const account = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })).json().id
  expect((await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: settlement, creditAccountId: account, amount: cny('100000.00'), channel: 'transfer', counterparty: { name: 'Sender Co', account: 'CN-1', country: 'CN' } })).statusCode).toBe(201)
  const out = { debitAccountId: account, creditAccountId: settlement, amount: cny('90000.00'), channel: 'transfer', counterparty: payee }
  const held = await call(ops.token, 'POST', '/v1/transfers', out, { 'idempotency-key': key })
  return { clientId, account, held, out }
}
const balances = async (account: string) => (await call(ops.token, 'GET', `/v1/accounts/${account}`)).json().balances

beforeAll(async () => {
  t = await createTestApp({ riskReviewAction: 'hold' })
  ops = await t.staffWith(['operations'])
  analyst = await t.staffWith(['risk_officer'])
  settlement = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'Settlement' })).json().id
})
afterAll(async () => t.close())

describe('holding a reviewed transfer', () => {
  it('holds the amount instead of posting, answers the same hold to a retry, and posts it on a false positive', async () => {
    const { clientId, account, held, out } = await passThrough('Held Client', 'hold-test-1')
    expect(held.statusCode).toBe(202)
    expect(held.json()).toMatchObject({ status: 'held-for-review', holdId: expect.any(String), caseId: expect.any(String) })
    expect(await balances(account)).toMatchObject({ posted: cny('100000.00'), available: cny('10000.00') })
    const retry = await call(ops.token, 'POST', '/v1/transfers', out, { 'idempotency-key': 'hold-test-1' })
    expect(retry.json().holdId).toBe(held.json().holdId)
    expect(await balances(account)).toMatchObject({ available: cny('10000.00') })
    const [alert] = (await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${clientId}`)).json().items
    expect(alert).toMatchObject({ caseId: held.json().caseId, ruleIds: ['pass-through'], transferId: null })

    const decided = await call(analyst.token, 'POST', `/v1/risk/cases/${held.json().caseId}/outcome`, { outcome: 'false_positive', note: 'property sale proceeds, contract on file' })
    expect(decided.json()).toMatchObject({ status: 'closed', outcome: 'false_positive', suspiciousReportId: null })
    expect(await balances(account)).toMatchObject({ posted: cny('10000.00'), available: cny('10000.00') })
    const hold = (await call(ops.token, 'GET', `/v1/holds/${held.json().holdId}`)).json()
    expect(hold).toMatchObject({ status: 'captured', captureTransferId: expect.any(String) })
    const transfer = (await call(ops.token, 'GET', `/v1/transfers/${hold.captureTransferId}`)).json()
    expect(transfer).toMatchObject({ channel: 'transfer', counterparty: payee })
  })

  it('releases the money on a true positive and hands the case to compliance', async () => {
    const { account, held } = await passThrough('Stopped Client', 'hold-test-2')
    expect(held.statusCode).toBe(202)
    const decided = await call(analyst.token, 'POST', `/v1/risk/cases/${held.json().caseId}/outcome`, { outcome: 'true_positive', note: 'funnel account' })
    expect(decided.json()).toMatchObject({ status: 'closed', suspiciousReportId: expect.any(String) })
    expect(await balances(account)).toMatchObject({ posted: cny('100000.00'), available: cny('100000.00') })
    expect((await call(ops.token, 'GET', `/v1/holds/${held.json().holdId}`)).json()).toMatchObject({ status: 'voided' })
  })
})

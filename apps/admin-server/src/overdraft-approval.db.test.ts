import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Overdraft limits are credit: no route sets one without a checker (policy `overdraft-limit`).
let t: TestApp
let ops: { id: string; token: string }
let risk: { id: string; token: string }
let vault: string
let account: string

const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.call(token, { method, url, ...(payload ? { payload } : {}) })
const cny = (amount: string) => ({ amount, currency: 'CNY' })

beforeAll(async () => {
  t = await createTestApp()
  ops = await t.staffWith(['operations'])
  risk = await t.staffWith(['risk_officer'])
  const clientId = (await call(ops.token, 'POST', '/v1/clients', { kind: 'institution', legalName: 'Overdraft Co', country: 'CN', segment: 'corporate' })).json().id
  vault = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  const refused = await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current', overdraftLimit: cny('50000.00') })
  expect([refused.statusCode, refused.json().code]).toEqual([422, 'compliance.approval_required'])
  expect((await call(ops.token, 'GET', `/v1/accounts?clientId=${clientId}`)).json().items).toEqual([])
  account = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })).json().id
})
afterAll(async () => t.close())

describe('overdraft limits through maker-checker', () => {
  it('refuses bad limits with a problem and changes nothing', async () => {
    const usd = await call(ops.token, 'PUT', `/v1/accounts/${account}/overdraft-limit`, { limit: { amount: '100.00', currency: 'USD' }, reason: 'x' })
    expect([usd.statusCode, usd.json().code]).toEqual([422, 'ledger.currency_mismatch'])
    const noReason = await call(ops.token, 'PUT', `/v1/accounts/${account}/overdraft-limit`, { limit: cny('100.00') })
    expect(noReason.statusCode).toBe(400)
    expect((await call(ops.token, 'GET', '/v1/approvals?status=pending')).json().items.filter((a: any) => a.entityId === account)).toEqual([])
  })

  it('waits for a checker who is not the maker, then applies exactly the approved limit', async () => {
    const asked = await call(ops.token, 'PUT', `/v1/accounts/${account}/overdraft-limit`, { limit: cny('50000.00'), reason: 'working capital line' })
    expect(asked.statusCode).toBe(202)
    const approvalId = asked.json().approvalId
    expect((await call(ops.token, 'GET', `/v1/accounts/${account}`)).json().overdraftLimit).toEqual(cny('0.00'))
    const early = await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: cny('10.00'), channel: 'cash' })
    expect([early.statusCode, early.json().code]).toEqual([422, 'ledger.insufficient_funds'])

    const self = await call(ops.token, 'POST', `/v1/approvals/${approvalId}/approve`, {})
    expect([self.statusCode, self.json().code]).toEqual([403, 'compliance.self_approval'])
    const approved = await call(risk.token, 'POST', `/v1/approvals/${approvalId}/approve`, {})
    expect(approved.json()).toMatchObject({ status: 'executed', result: { accountId: account, overdraftLimitMinor: '5000000' } })
    expect((await call(ops.token, 'GET', `/v1/accounts/${account}`)).json().overdraftLimit).toEqual(cny('50000.00'))

    const within = await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: cny('50000.00'), channel: 'cash' })
    expect(within.statusCode).toBe(201)
    const beyond = await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: cny('0.01'), channel: 'cash' })
    expect(beyond.json().code).toBe('ledger.overdraft_limit_exceeded')
    const again = await call(risk.token, 'POST', `/v1/approvals/${approvalId}/approve`, {})
    expect(again.statusCode).toBe(409)
  })
})

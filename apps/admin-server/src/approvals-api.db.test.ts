import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Maker-checker on large outgoing transfers (default policy: 1,000,000 CNY or more out of a client account
// needs one approval from admin, compliance or risk), and every road money can take out of an account.
const clock = fixedClock('2026-05-04T09:00:00.000Z')
let t: TestApp
let ops: { id: string; token: string }
let checker: { id: string; token: string }
let both: { id: string; token: string }
let vault: string
let account: string

const post = (token: string, url: string, payload: object, headers: Record<string, string> = {}) => t.call(token, { method: 'POST', url, payload, headers })
const get = (token: string, url: string) => t.call(token, { method: 'GET', url })
const cny = (amount: string) => ({ amount, currency: 'CNY' })
const balance = async () => (await get(ops.token, `/v1/accounts/${account}`)).json().balances.posted.amount
const large = () => ({ debitAccountId: account, creditAccountId: vault, amount: cny('1500000.00'), channel: 'transfer', reference: 'PAY-1' })

beforeAll(async () => {
  t = await createTestApp({}, { clock })
  ops = await t.staffWith(['operations'])
  checker = await t.staffWith(['compliance_officer'])
  both = await t.staffWith(['operations', 'compliance_officer'])
  const client = (await post(ops.token, '/v1/clients', { kind: 'institution', legalName: 'Approvals Ltd', country: 'CN', segment: 'corporate' })).json()
  vault = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  account = (await post(ops.token, '/v1/accounts', { kind: 'client', clientId: client.id, currency: 'CNY', name: 'Current' })).json().id
  await post(ops.token, '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: cny('5000000.00'), channel: 'cash' })
})
afterAll(async () => t.close())

describe('maker-checker on large outgoing transfers', () => {
  let approvalId: string

  it('files a request instead of posting, shown pending on the account and in the checkers’ inbox', async () => {
    const res = await post(ops.token, '/v1/transfers', large(), { 'idempotency-key': 'pay-1' })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ status: 'pending-approval' })
    approvalId = res.json().approvalId
    expect(await balance()).toBe('5000000.00')
    const retry = await post(ops.token, '/v1/transfers', large(), { 'idempotency-key': 'pay-1' })
    expect(retry.json().approvalId).toBe(approvalId) // a retry finds its request, it does not file another
    expect((await get(checker.token, '/v1/approvals?status=pending')).json().items.map((r: { id: string }) => r.id)).toEqual([approvalId])
    const onAccount = (await get(ops.token, `/v1/approvals?entityType=account&entityId=${account}`)).json().items
    expect(onAccount[0]).toMatchObject({ id: approvalId, status: 'pending', amount: cny('1500000.00'), requestedBy: ops.id })
  })

  it('never lets the maker approve, nor a role the policy does not name', async () => {
    expect((await post(ops.token, `/v1/approvals/${approvalId}/approve`, {})).json().code).toBe('compliance.self_approval')
    const otherOps = await t.staffWith(['operations'])
    expect((await post(otherOps.token, `/v1/approvals/${approvalId}/approve`, {})).json().code).toBe('compliance.not_an_approver')
    const own = await post(both.token, '/v1/transfers', { ...large(), reference: 'PAY-2' })
    const self = await post(both.token, `/v1/approvals/${own.json().approvalId}/approve`, {})
    expect([self.statusCode, self.json().code]).toEqual([403, 'compliance.self_approval'])
    await post(checker.token, `/v1/approvals/${own.json().approvalId}/reject`, { note: 'not needed' })
    expect(await balance()).toBe('5000000.00')
  })

  it('posts the transfer when a checker approves, exactly once', async () => {
    const approved = await post(checker.token, `/v1/approvals/${approvalId}/approve`, { note: 'invoice checked' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'executed', decisions: [{ by: checker.id, decision: 'approve' }] })
    expect(approved.json().result.transferId).toEqual(expect.any(String))
    expect(await balance()).toBe('3500000.00')
    const again = await post(checker.token, `/v1/approvals/${approvalId}/approve`, {})
    expect([again.statusCode, again.json().code]).toEqual([409, 'compliance.approval_not_pending'])
    expect(await balance()).toBe('3500000.00')
  })

  it('lets a request expire', async () => {
    const filed = (await post(ops.token, '/v1/transfers', { ...large(), reference: 'PAY-3' })).json()
    clock.advance(25 * 3_600_000)
    const late = await post(checker.token, `/v1/approvals/${filed.approvalId}/approve`, {})
    expect([late.statusCode, late.json().code]).toEqual([409, 'compliance.approval_not_pending'])
    expect((await get(checker.token, `/v1/approvals/${filed.approvalId}`)).json().status).toBe('expired')
    const ids = async (status: string) => (await get(checker.token, `/v1/approvals?status=${status}`)).json().items.map((r: { id: string }) => r.id)
    expect(await ids('pending')).not.toContain(filed.approvalId)
    expect(await ids('expired')).toContain(filed.approvalId)
    expect(await balance()).toBe('3500000.00')
  })

  it('has no road round the policy: not a batch, not a hold capture', async () => {
    const batch = await post(ops.token, '/v1/transfers/batch', { mode: 'independent', transfers: [large()] })
    expect([batch.statusCode, batch.json().code]).toEqual([422, 'compliance.approval_required'])
    const hold = (await post(ops.token, '/v1/holds', { accountId: account, amount: cny('1200000.00'), reason: 'payment', owner: 'payments desk' })).json()
    const capture = await post(ops.token, `/v1/holds/${hold.id}/capture`, { toAccountId: vault })
    expect([capture.statusCode, capture.json().code]).toEqual([422, 'compliance.approval_required'])
    expect(await balance()).toBe('3500000.00')
    // Below the policy, money moves as before.
    expect((await post(ops.token, '/v1/transfers', { ...large(), amount: cny('999999.99') })).statusCode).toBe(201)
  })
})

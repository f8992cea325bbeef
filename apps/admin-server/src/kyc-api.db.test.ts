import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// KYC over HTTP with the gate on, as a bank runs it: no account opens and no money leaves
// a client's account unless the client's KYC holds today.
const clock = fixedClock('2026-03-02T09:00:00.000Z')
let t: TestApp
let compliance: { id: string; token: string }
let ops: { id: string; token: string }
let rm: { id: string; token: string }
let otherRm: { id: string; token: string }
let clientId: string
let vault: string

const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.call(token, { method, url, ...(payload ? { payload } : {}) })
const profile = {
  riskRating: 'high', ratingReasons: ['deposits above 10,000,000 CNY'],
  sourceOfWealth: { declaration: 'founder of a listed company', evidenceRefs: ['dms://kyc/sow/1'] },
  sourceOfFunds: { declaration: 'dividends', evidenceRefs: ['dms://kyc/sof/1'] },
}

beforeAll(async () => {
  t = await createTestApp({ kycGate: true }, { clock })
  compliance = await t.staffWith(['compliance_officer'])
  ops = await t.staffWith(['operations'])
  rm = await t.staffWith(['relationship_manager'])
  otherRm = await t.staffWith(['relationship_manager'])
  clientId = (await call(ops.token, 'POST', '/v1/clients', { kind: 'individual', legalName: 'KYC Client', country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })).json().id
  vault = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
})
afterAll(async () => t.close())

describe('the KYC gate', () => {
  let account: string

  it('stops an account opening for a client whose identity is not verified, changing nothing', async () => {
    const refused = await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })
    expect([refused.statusCode, refused.json().code]).toEqual([422, 'compliance.kyc_required'])
    expect(refused.headers['content-type']).toMatch(/problem\+json/)
    const deposit = await call(ops.token, 'POST', '/v1/deposits', { clientId, productId: clientId, amount: { amount: '100000.00', currency: 'CNY' }, tenor: '1Y', fundingAccountId: clientId })
    expect([deposit.statusCode, deposit.json().code]).toEqual([422, 'compliance.kyc_required'])
    expect((await call(ops.token, 'GET', `/v1/accounts?clientId=${clientId}`)).json().items).toEqual([])
  })

  it('opens the account once documents, declarations and a verification are on file', async () => {
    const early = await call(compliance.token, 'POST', `/v1/clients/${clientId}/kyc/verify`, { method: 'in-person' })
    expect([early.statusCode, early.json().code]).toEqual([422, 'compliance.invalid_kyc'])
    expect((await call(rm.token, 'PUT', `/v1/clients/${clientId}/kyc`, profile)).statusCode).toBe(200)
    const doc = await call(rm.token, 'POST', `/v1/clients/${clientId}/kyc/documents`, { type: 'passport', number: 'E12345678', issuingCountry: 'CN', expiresOn: '2026-06-30' })
    expect(doc.statusCode).toBe(201)
    expect((await call(rm.token, 'POST', `/v1/clients/${clientId}/kyc/verify`, { method: 'in-person' })).statusCode).toBe(403) // RMs collect, compliance verifies
    const verified = await call(compliance.token, 'POST', `/v1/clients/${clientId}/kyc/verify`, { method: 'in-person' })
    expect(verified.json()).toMatchObject({ status: 'verified', standing: 'verified', nextReviewOn: '2027-03-02', verification: { method: 'in-person', verifiedBy: compliance.id } })
    const opened = await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })
    expect(opened.statusCode).toBe(201)
    account = opened.json().id
    expect((await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: { amount: '1000.00', currency: 'CNY' }, channel: 'cash' })).statusCode).toBe(201)
  })

  it('masks document numbers for roles that do not need them, and hides other books', async () => {
    expect((await call(ops.token, 'GET', `/v1/clients/${clientId}/kyc`)).json().documents[0].number).toBe('*****5678')
    expect((await call(compliance.token, 'GET', `/v1/clients/${clientId}/kyc`)).json().documents[0].number).toBe('E12345678')
    expect((await call(otherRm.token, 'GET', `/v1/clients/${clientId}/kyc`)).statusCode).toBe(404)
  })

  it('lists the document before it expires, then stops outgoing money once it has, single or batched; money still arrives', async () => {
    const due = (await call(compliance.token, 'GET', '/v1/compliance/kyc/due?withinDays=120')).json().items
    expect(due).toEqual([expect.objectContaining({ clientId, documentsExpiring: [expect.objectContaining({ expiresOn: '2026-06-30' })] })])
    clock.set('2026-07-01T09:00:00.000Z')
    const out = await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: { amount: '10.00', currency: 'CNY' }, channel: 'cash' })
    expect([out.statusCode, out.json().code]).toEqual([422, 'compliance.kyc_required'])
    const batch = await call(ops.token, 'POST', '/v1/transfers/batch', { mode: 'independent', transfers: [{ debitAccountId: account, creditAccountId: vault, amount: { amount: '10.00', currency: 'CNY' }, channel: 'cash' }] })
    expect([batch.statusCode, batch.json().code]).toEqual([422, 'compliance.kyc_required'])
    const inflow = await call(ops.token, 'POST', '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: { amount: '10.00', currency: 'CNY' }, channel: 'cash' })
    expect(inflow.statusCode).toBe(201)
    expect((await call(ops.token, 'GET', `/v1/accounts/${account}`)).json().balances.posted).toEqual({ amount: '1010.00', currency: 'CNY' })
    expect((await call(compliance.token, 'GET', `/v1/clients/${clientId}/kyc`)).json()).toMatchObject({ status: 'verified', standing: 'expired' })
  })

  it('takes the client back to unverified when the rating changes', async () => {
    await call(rm.token, 'POST', `/v1/clients/${clientId}/kyc/documents`, { type: 'national-id', number: '110101197001011234', issuingCountry: 'CN', expiresOn: null })
    const changed = await call(rm.token, 'PUT', `/v1/clients/${clientId}/kyc`, { ...profile, riskRating: 'medium' })
    expect(changed.json()).toMatchObject({ status: 'unverified', standing: 'unverified', verification: null })
  })
})

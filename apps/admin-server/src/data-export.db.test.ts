import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Subject access: the export is released by a checker and carries no trace of a suspicious report;
// a decision not to report is recorded with its reasons; neither is ever shown to an RM.
let t: TestApp
let ops: { id: string; token: string }
let officer: { id: string; token: string }
let secondOfficer: { id: string; token: string }
let rm: { id: string; token: string }
let clientId: string
let strId: string
const marker = 'NARRATIVE-7f3a: structuring below the threshold'

const post = (token: string, url: string, payload: object) => t.call(token, { method: 'POST', url, payload })
const get = (token: string, url: string) => t.call(token, { method: 'GET', url })

beforeAll(async () => {
  t = await createTestApp()
  ops = await t.staffWith(['operations'])
  officer = await t.staffWith(['compliance_officer'])
  secondOfficer = await t.staffWith(['compliance_officer'])
  rm = await t.staffWith(['relationship_manager'])
  clientId = (await post(ops.token, '/v1/clients', { kind: 'individual', legalName: 'Export Subject', nativeName: '出口', country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })).json().id
  const vault = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  const account = (await post(ops.token, '/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Current' })).json().id
  const transfer = (await post(ops.token, '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: { amount: '49000.00', currency: 'CNY' }, channel: 'cash' })).json()
  const str = await post(officer.token, '/v1/compliance/reports/suspicious', { clientId, narrative: marker, transferIds: [transfer.id], caseRef: 'CASE-42' })
  expect(str.statusCode).toBe(201)
  strId = str.json().id
})
afterAll(async () => t.close())

describe('suspicious reports', () => {
  it('records a decision not to report only with its reasons, and never shows reports to an RM', async () => {
    const noReason = await post(secondOfficer.token, `/v1/compliance/reports/suspicious/${strId}/dismiss`, {})
    expect([noReason.statusCode, noReason.json().code]).toEqual([422, 'compliance.report_reason_required'])
    expect((await get(rm.token, '/v1/compliance/reports/suspicious')).statusCode).toBe(403)
    expect((await get(officer.token, `/v1/compliance/reports/suspicious?clientId=${clientId}`)).json().items).toHaveLength(1)
  })
})

describe('the subject-access export', () => {
  it('waits for a checker, never the maker, and carries no trace of a suspicious report', async () => {
    const asked = await post(officer.token, `/v1/clients/${clientId}/data-export`, {})
    expect(asked.statusCode).toBe(202)
    const approvalId = asked.json().approvalId
    expect((await get(officer.token, `/v1/data-exports/${approvalId}`)).statusCode).toBe(404) // not released yet
    const self = await post(officer.token, `/v1/approvals/${approvalId}/approve`, {})
    expect([self.statusCode, self.json().code]).toEqual([403, 'compliance.self_approval'])
    const released = await post(secondOfficer.token, `/v1/approvals/${approvalId}/approve`, {})
    expect(released.json()).toMatchObject({ status: 'executed', result: { exportId: approvalId } })

    const exported = await get(secondOfficer.token, `/v1/data-exports/${approvalId}`)
    expect(exported.statusCode).toBe(200)
    const document = exported.json()
    expect(document).toMatchObject({ format: 'strongroom-subject-access/1', client: { id: clientId, legalName: 'Export Subject' } })
    expect(document.accounts[0].entries).toHaveLength(1)
    const text = exported.body
    for (const trace of [strId, marker, 'NARRATIVE-7f3a', 'CASE-42', 'suspicious', 'Suspicious']) expect(text).not.toContain(trace)
  })
})

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Screening over HTTP with the real OFAC snapshot: the upload, the search that explains itself,
// the re-screening of clients that a new version triggers, and who may do what.
const ofac = new URL('../shared/data/ofac/', new URL('../../../', import.meta.url))
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, ofac)), 'utf8')
const upload = { sdnCsv: read('sdn.csv'), altCsv: read('alt.csv'), addCsv: read('add.csv'), source: 'OFAC SDN 2021-07 snapshot' }

let t: TestApp
let compliance: { id: string; token: string }
let ops: { id: string; token: string }
let auditor: { id: string; token: string }

beforeAll(async () => {
  t = await createTestApp()
  compliance = await t.staffWith(['compliance_officer'])
  ops = await t.staffWith(['operations'])
  auditor = await t.staffWith(['auditor'])
})
afterAll(async () => t.close())

describe('screening over HTTP', () => {
  it('refuses a search before any list is loaded', async () => {
    const res = await t.call(compliance.token, { method: 'POST', url: '/v1/screening/search', payload: { name: 'anyone' } })
    expect([res.statusCode, res.json().code]).toEqual([409, 'compliance.list_not_loaded'])
  })

  it('lets only compliance load a list, and re-screens the clients on it', async () => {
    const client = (await t.call(ops.token, { method: 'POST', url: '/v1/clients', payload: { kind: 'individual', legalName: 'Patrick Chinamasa', birthOrRegistrationDate: '1947-01-25', country: 'ZW', segment: 'high_net_worth' } })).json()
    expect((await t.call(ops.token, { method: 'POST', url: '/v1/screening/lists/ofac-sdn', payload: upload })).statusCode).toBe(403)
    const imported = await t.call(compliance.token, { method: 'POST', url: '/v1/screening/lists/ofac-sdn', payload: upload })
    expect(imported.statusCode).toBe(200)
    const report = imported.json()
    expect(report).toMatchObject({ created: true, version: { listName: 'OFAC-SDN', version: 1 }, rescreened: 1 })
    expect(report.version.entryCount).toBeGreaterThan(8000)
    expect(report.newHits).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: client.id, entryId: '7487', band: 'block' })]))
    const record = (await t.call(auditor.token, { method: 'GET', url: `/v1/clients/${client.id}/screening` })).json()
    expect(record.items[0]).toMatchObject({ topBand: 'block', version: 1 })
  })

  it('explains a hit found from a reordered, misspelled name', async () => {
    const res = await t.call(compliance.token, { method: 'POST', url: '/v1/screening/search', payload: { name: 'CHINAMASA Patrik', dateOfBirth: '1947-01-25', country: 'ZW', entityType: 'individual' } })
    expect(res.statusCode).toBe(200)
    const [top] = res.json().hits
    expect(top).toMatchObject({ entryId: '7487', entryName: 'CHINAMASA, Patrick', listName: 'OFAC-SDN' })
    expect(top.explanation.map((e: { feature: string }) => e.feature).join(' ')).toMatch(/birth/i)
  })

  it('screens a client at onboarding and again when the name changes', async () => {
    const created = (await t.call(ops.token, { method: 'POST', url: '/v1/clients', payload: { kind: 'individual', legalName: 'Amelia Hartley', country: 'GB', segment: 'high_net_worth' } })).json()
    const first = (await t.call(compliance.token, { method: 'GET', url: `/v1/clients/${created.id}/screening` })).json().items
    expect(first[0]).toMatchObject({ reason: 'onboarding', topBand: 'clear', hits: [] })
    await t.call(ops.token, { method: 'PATCH', url: `/v1/clients/${created.id}`, payload: { legalName: 'Dragoljub Prcac' } })
    const second = (await t.call(compliance.token, { method: 'GET', url: `/v1/clients/${created.id}/screening` })).json().items
    expect(second[0]).toMatchObject({ reason: 'name-change', screenedName: 'Dragoljub Prcac' })
    expect(second[0].hits[0]).toMatchObject({ entryId: '7772' })
  })

  it('stops an outgoing transfer to a sanctioned counterparty and alerts compliance; a clear one posts', async () => {
    const payer = (await t.call(ops.token, { method: 'POST', url: '/v1/clients', payload: { kind: 'institution', legalName: 'Harare Imports Ltd', country: 'CN', segment: 'corporate' } })).json()
    const vault = (await t.call(ops.token, { method: 'POST', url: '/v1/accounts', payload: { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' } })).json().id
    const settlement = (await t.call(ops.token, { method: 'POST', url: '/v1/accounts', payload: { kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'Settlement' } })).json().id
    const account = (await t.call(ops.token, { method: 'POST', url: '/v1/accounts', payload: { kind: 'client', clientId: payer.id, currency: 'CNY', name: 'Current' } })).json().id
    await t.call(ops.token, { method: 'POST', url: '/v1/transfers', payload: { debitAccountId: vault, creditAccountId: account, amount: { amount: '100000.00', currency: 'CNY' }, channel: 'cash' } })
    const pay = (name: string, country: string) => t.call(ops.token, { method: 'POST', url: '/v1/transfers', payload: {
      debitAccountId: account, creditAccountId: settlement, amount: { amount: '5000.00', currency: 'CNY' }, channel: 'transfer', counterparty: { name, country },
    } })
    const blocked = await pay('Patrick Chinamasa', 'ZW')
    expect([blocked.statusCode, blocked.json().code]).toEqual([422, 'compliance.screening_blocked'])
    expect((await t.call(ops.token, { method: 'GET', url: `/v1/accounts/${account}` })).json().balances.posted.amount).toBe('100000.00')
    const alerts = (await t.call(compliance.token, { method: 'GET', url: `/v1/screening/alerts?clientId=${payer.id}&status=open` })).json().items
    expect(alerts).toEqual([expect.objectContaining({ entryId: '7487', band: 'block' })])
    expect((await pay('Qingdao Harbour Logistics Co', 'CN')).statusCode).toBe(201)
  })

  it('clears a false positive only through a second officer, until it expires', async () => {
    const payer = (await t.call(ops.token, { method: 'POST', url: '/v1/clients', payload: { kind: 'individual', legalName: 'Patrick Chinamasa', country: 'GB', birthOrRegistrationDate: '1990-03-03', segment: 'high_net_worth' } })).json()
    const before = (await t.call(compliance.token, { method: 'GET', url: `/v1/screening/alerts?clientId=${payer.id}&status=open` })).json().items
    expect(before.map((a: { entryId: string }) => a.entryId)).toContain('7487') // a namesake, born 43 years later, in another country
    const asked = await t.call(compliance.token, { method: 'POST', url: '/v1/screening/whitelist', payload: { clientId: payer.id, listName: 'OFAC-SDN', entryId: '7487', reason: 'namesake: date of birth 1990, British national', expiresOn: '2099-12-31' } })
    expect(asked.statusCode).toBe(202)
    const self = await t.call(compliance.token, { method: 'POST', url: `/v1/approvals/${asked.json().approvalId}/approve`, payload: {} })
    expect(self.json().code).toBe('compliance.self_approval')
    const second = await t.staffWith(['compliance_officer'])
    expect((await t.call(second.token, { method: 'POST', url: `/v1/approvals/${asked.json().approvalId}/approve`, payload: {} })).json().status).toBe('executed')
    const after = (await t.call(compliance.token, { method: 'GET', url: `/v1/screening/alerts?clientId=${payer.id}&status=open` })).json().items
    expect(after.map((a: { entryId: string }) => a.entryId)).not.toContain('7487')
    // Only that entry's alert closes: the client's other open alerts, if any, stay open.
    expect(after.map((a: { entryId: string }) => a.entryId).sort()).toEqual(before.map((a: { entryId: string }) => a.entryId).filter((id: string) => id !== '7487').sort())
    const rescreened = (await t.call(compliance.token, { method: 'POST', url: `/v1/clients/${payer.id}/screening`, payload: {} })).json().items[0]
    expect(rescreened.hits.map((h: { entryId: string }) => h.entryId)).not.toContain('7487')
    expect((await t.call(auditor.token, { method: 'GET', url: `/v1/clients/${payer.id}/screening/whitelist` })).json().items[0]).toMatchObject({ entryId: '7487', approvedBy: second.id, requestedBy: compliance.id })
  })

  it('answers bad queries with 400 problem+json', async () => {
    const res = await t.call(compliance.token, { method: 'POST', url: '/v1/screening/search', payload: { name: '', dateOfBirth: '25/01/1947' } })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/problem\+json/)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// PBoC large-value reports from the day's posted transfers, over HTTP: drafted by the run, reviewed by
// one officer and filed by another, exported as a file; never visible to relationship managers.
const clock = fixedClock('2026-06-10T02:00:00.000Z')
let t: TestApp
let ops: { id: string; token: string }
let officer: { id: string; token: string }
let secondOfficer: { id: string; token: string }
let rm: { id: string; token: string }
const clients: Record<string, { id: string; account: string }> = {}
let vault: string
let settlement: string

const post = (token: string, url: string, payload: object) => t.call(token, { method: 'POST', url, payload })
const get = (token: string, url: string) => t.call(token, { method: 'GET', url })
const cny = (amount: string) => ({ amount, currency: 'CNY' })

beforeAll(async () => {
  t = await createTestApp({}, { clock })
  ops = await t.staffWith(['operations'])
  officer = await t.staffWith(['compliance_officer'])
  secondOfficer = await t.staffWith(['compliance_officer'])
  rm = await t.staffWith(['relationship_manager'])
  vault = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  settlement = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'CNAPS settlement' })).json().id
  for (const name of ['payer', 'cash', 'below']) {
    const client = (await post(ops.token, '/v1/clients', { kind: 'individual', legalName: `Report ${name}`, country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })).json()
    const account = (await post(ops.token, '/v1/accounts', { kind: 'client', clientId: client.id, currency: 'CNY', name: 'Current' })).json().id
    clients[name] = { id: client.id, account }
  }
  // The day before: the payer's money arrives by transfer from the client's own other bank (not the day under report).
  clock.set('2026-06-09T02:00:00.000Z')
  await post(ops.token, '/v1/transfers', { debitAccountId: settlement, creditAccountId: clients.payer!.account, amount: cny('800000.00'), channel: 'transfer' })
  clock.set('2026-06-10T02:00:00.000Z')
  // 10 June: a 600,000.00 domestic payment out; three cash deposits summing 50,000.01; two summing 40,000.00.
  expect((await post(ops.token, '/v1/transfers', {
    debitAccountId: clients.payer!.account, creditAccountId: settlement, amount: cny('600000.00'), channel: 'transfer',
    counterparty: { name: 'Shanghai Property Co', account: '6222020200001234', country: 'CN' },
  })).statusCode).toBe(201)
  for (const amount of ['20000.00', '20000.00', '10000.01']) await post(ops.token, '/v1/transfers', { debitAccountId: vault, creditAccountId: clients.cash!.account, amount: cny(amount), channel: 'cash' })
  for (const amount of ['20000.00', '20000.00']) await post(ops.token, '/v1/transfers', { debitAccountId: vault, creditAccountId: clients.below!.account, amount: cny(amount), channel: 'cash' })
})
afterAll(async () => t.close())

describe('PBoC large-value reports', () => {
  let reports: Array<Record<string, any>>

  it('drafts a report for the 600,000.00 domestic transfer and for the cash deposits over 50,000.00, and none below', async () => {
    const run = await post(officer.token, '/v1/compliance/reports/large-value/runs', { businessDate: '2026-06-10' })
    expect(run.statusCode).toBe(200)
    reports = run.json().drafted
    expect(reports.map((r) => r.clientId).sort()).toEqual([clients.payer!.id, clients.cash!.id].sort())
    const payer = reports.find((r) => r.clientId === clients.payer!.id)!
    expect(payer).toMatchObject({ packId: 'CN-PBOC-LVT', status: 'draft', deadline: '2026-06-17' }) // 5 working days
    expect(payer.findings).toEqual([expect.objectContaining({ ruleId: 'cn-individual-domestic-transfer', direction: 'out', basis: 'single' })])
    const cash = reports.find((r) => r.clientId === clients.cash!.id)!
    expect(cash.findings).toEqual([expect.objectContaining({ ruleId: 'cn-cash', direction: 'in', basis: 'daily-cumulative' })])
    expect(cash.findings[0].transactions).toHaveLength(3)
  })

  it('drafts nothing new when the day runs again', async () => {
    const again = (await post(officer.token, '/v1/compliance/reports/large-value/runs', { businessDate: '2026-06-10' })).json()
    expect(again.drafted).toEqual([])
    expect(again.existing.map((r: { id: string }) => r.id).sort()).toEqual(reports.map((r) => r.id).sort())
  })

  it('is reviewed by one officer and filed by another, with the regulator’s reference', async () => {
    const id = reports[0]!.id
    expect((await post(officer.token, `/v1/compliance/reports/${id}/review`, {})).json().status).toBe('reviewed')
    const samePerson = await post(officer.token, `/v1/compliance/reports/${id}/file`, { reference: 'PBOC-2026-0001' })
    expect([samePerson.statusCode, samePerson.json().code]).toEqual([403, 'compliance.report_same_person'])
    const noReference = await post(secondOfficer.token, `/v1/compliance/reports/${id}/file`, {})
    expect([noReference.statusCode, noReference.json().code]).toEqual([422, 'compliance.report_reference_required'])
    const filed = (await post(secondOfficer.token, `/v1/compliance/reports/${id}/file`, { reference: 'PBOC-2026-0001' })).json()
    expect(filed).toMatchObject({ status: 'filed', filed: { by: secondOfficer.id, reference: 'PBOC-2026-0001' }, reviewed: { by: officer.id } })
    const dismiss = await post(officer.token, `/v1/compliance/reports/${reports[1]!.id}/dismiss`, {})
    expect([dismiss.statusCode, dismiss.json().code]).toEqual([422, 'compliance.report_reason_required'])
  })

  it('exports a report as CSV and JSON, and keeps reports from relationship managers', async () => {
    const cash = reports.find((r) => r.clientId === clients.cash!.id)!
    const csv = await get(officer.token, `/v1/compliance/reports/${cash.id}/export?format=csv`)
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    const lines = csv.body.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines.slice(1).map((l) => l.split(',')[8])).toEqual(['20000.00', '20000.00', '10000.01'])
    expect(JSON.parse((await get(officer.token, `/v1/compliance/reports/${cash.id}/export?format=json`)).body)).toMatchObject({ id: cash.id, packId: 'CN-PBOC-LVT' })
    expect((await get(rm.token, '/v1/compliance/reports')).statusCode).toBe(403)
  })
})

describe('foreign currencies at their USD equivalent', () => {
  it('stops a run that lacks a rate it needs, then reports EUR cash at its USD value once the rate is loaded', async () => {
    clock.set('2026-06-11T02:00:00.000Z')
    const client = (await post(ops.token, '/v1/clients', { kind: 'individual', legalName: 'Report euro', country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })).json()
    const eurVault = (await post(ops.token, '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'EUR', unbounded: true, name: 'EUR vault' })).json().id
    const account = (await post(ops.token, '/v1/accounts', { kind: 'client', clientId: client.id, currency: 'EUR', name: 'EUR current' })).json().id
    expect((await post(ops.token, '/v1/transfers', { debitAccountId: eurVault, creditAccountId: account, amount: { amount: '9300.00', currency: 'EUR' }, channel: 'cash' })).statusCode).toBe(201)

    const missing = await post(officer.token, '/v1/compliance/reports/large-value/runs', { businessDate: '2026-06-11' })
    expect([missing.statusCode, missing.json().code]).toEqual([409, 'compliance.fx_rate_missing'])
    expect((await get(officer.token, `/v1/compliance/reports?clientId=${client.id}`)).json().items).toEqual([])

    const rates = await post(ops.token, '/v1/fx/rates', { rates: [{ base: 'EUR', quote: 'USD', rate: '1.08', source: 'manual', asOf: '2026-06-11T00:00:00.000Z' }] })
    expect(rates.statusCode).toBe(200)
    const run = await post(officer.token, '/v1/compliance/reports/large-value/runs', { businessDate: '2026-06-11' })
    expect(run.statusCode).toBe(200)
    expect(run.json().drafted).toHaveLength(1)
    const [report] = (await get(officer.token, `/v1/compliance/reports?clientId=${client.id}`)).json().items
    // EUR 9,300.00 × 1.08 = USD 10,044.00: at least PBoC's USD 10,000.00 for cash.
    expect(JSON.stringify(report)).toContain('10044.00')
    expect(JSON.stringify(report)).toContain('cn-cash')
  })
})

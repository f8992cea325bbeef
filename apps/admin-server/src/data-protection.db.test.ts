import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Retention, legal holds, erasure and the purge over HTTP, for a bank in China (AML records kept
// 10 years after the relationship ends). The clock moves across those ten years.
const clock = fixedClock('2015-03-02T09:00:00.000Z')
const day = 86_400_000
let t: TestApp
let ops: { id: string; token: string }
let officer: { id: string; token: string }
let checker: { id: string; token: string }
let leaver: string
let held: string
let heldExport: string

const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => t.call(token, { method, url, ...(payload ? { payload } : {}) })
const newClient = async (legalName: string) => (await call(ops.token, 'POST', '/v1/clients', {
  kind: 'individual', legalName, nativeName: '王', birthOrRegistrationDate: '1970-05-01', country: 'CN', segment: 'high_net_worth',
  contactPoints: [{ kind: 'email', value: `${legalName.split(' ')[0]!.toLowerCase()}@example.com` }],
})).json().id as string
const approve = async (approvalId: string) => call(checker.token, 'POST', `/v1/approvals/${approvalId}/approve`, {})
const planOf = async (clientId: string) => Object.fromEntries((await call(officer.token, 'GET', `/v1/clients/${clientId}/erasure-plan`)).json().items.map((i: any) => [i.recordType, i]))
const purge = async () => (await call(officer.token, 'POST', '/v1/compliance/retention/purge-runs', {})).json()
const clientOf = async (clientId: string) => (await call(officer.token, 'GET', `/v1/clients/${clientId}`)).json()

beforeAll(async () => {
  t = await createTestApp({ bankCountry: 'CN' }, { clock })
  ops = await t.staffWith(['operations'])
  officer = await t.staffWith(['compliance_officer'])
  checker = await t.staffWith(['compliance_officer'])
  leaver = await newClient('Leaving Client')
  held = await newClient('Held Client')
  expect((await call(officer.token, 'PUT', `/v1/clients/${leaver}/kyc`, {
    riskRating: 'low', ratingReasons: ['salary'], sourceOfWealth: { declaration: 'salary', evidenceRefs: [] }, sourceOfFunds: { declaration: 'salary', evidenceRefs: [] },
  })).statusCode).toBe(200)
  expect((await call(officer.token, 'POST', `/v1/clients/${leaver}/kyc/documents`, { type: 'passport', number: 'E99887766', issuingCountry: 'CN', expiresOn: '2030-01-01' })).statusCode).toBe(201)
  const exportAsked = await call(officer.token, 'POST', `/v1/clients/${held}/data-export`, {})
  heldExport = exportAsked.json().approvalId
  expect((await approve(heldExport)).json().status).toBe('executed')
})
afterAll(async () => t.close())

describe('an erasure request', () => {
  it('keeps everything that running an open relationship needs, and says why', async () => {
    const plan = await planOf(leaver)
    expect(plan.client_profile).toMatchObject({ action: 'retain', retainUntil: null })
    expect(plan.client_profile.reason).toMatch(/relationship is open/)
    expect(plan.transactions.action).toBe('retain')
  })

  it('after closure pseudonymises contact details at once, keeps the KYC file ten years, and waits for a checker', async () => {
    expect((await call(ops.token, 'PATCH', `/v1/clients/${leaver}`, { status: 'closed', statusReason: 'moved abroad' })).statusCode).toBe(200)
    const asked = await call(officer.token, 'POST', `/v1/clients/${leaver}/erasure-requests`, {})
    expect(asked.statusCode).toBe(202)
    const plan = Object.fromEntries(asked.json().plan.map((i: any) => [i.recordType, i]))
    expect(plan.contact_details).toMatchObject({ action: 'pseudonymise', retainUntil: '2015-03-02' })
    expect(plan.kyc_record).toMatchObject({ action: 'retain', retainUntil: '2025-03-02' })
    expect(plan.client_profile.reason).toMatch(/Anti-Money Laundering Law/)
    expect((await clientOf(leaver)).contactPoints).toHaveLength(1) // nothing happens before approval

    // The maker is a compliance officer, a role that may approve erasures — but never their own request.
    const self = await call(officer.token, 'POST', `/v1/approvals/${asked.json().approvalId}/approve`, {})
    expect([self.statusCode, self.json().code]).toEqual([403, 'compliance.self_approval'])
    const notAChecker = await call(ops.token, 'POST', `/v1/approvals/${asked.json().approvalId}/approve`, {})
    expect([notAChecker.statusCode, notAChecker.json().code]).toEqual([403, 'compliance.not_an_approver'])
    const done = await approve(asked.json().approvalId)
    expect(done.json()).toMatchObject({ status: 'executed', result: { pseudonymised: ['contact_details'], retained: expect.arrayContaining(['kyc_record', 'client_profile']) } })
    const after = await clientOf(leaver)
    expect(after).toMatchObject({ contactPoints: [], legalName: 'Leaving Client', status: 'closed' })
    expect((await call(officer.token, 'GET', `/v1/clients/${leaver}/kyc`)).json().documents[0].number).toBe('E99887766')
    const records = (await call(ops.token, 'GET', `/v1/clients/${leaver}/erasure-requests`)).json().items
    expect(records).toEqual([expect.objectContaining({ requestedBy: officer.id, executedAt: expect.any(String), result: expect.any(Array) })])
  })
})

describe('legal holds and the retention purge', () => {
  let holdId: string

  it('refuses a hold without its reason, changing nothing', async () => {
    const bad = await call(officer.token, 'POST', `/v1/clients/${held}/legal-holds`, { reference: 'CASE-1' })
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toMatch(/problem\+json/)
    expect((await call(officer.token, 'GET', `/v1/compliance/legal-holds?clientId=${held}`)).json().items).toEqual([])
    expect((await call(ops.token, 'POST', `/v1/clients/${held}/legal-holds`, { reference: 'CASE-1', reason: 'x' })).statusCode).toBe(403)
  })

  it('purges nothing a hold protects and removes what ten years have freed, once', async () => {
    const placed = await call(officer.token, 'POST', `/v1/clients/${held}/legal-holds`, { reference: 'SHANGHAI-2015-77', reason: 'court order in a civil claim' })
    expect(placed.statusCode).toBe(201)
    holdId = placed.json().id
    expect((await call(ops.token, 'PATCH', `/v1/clients/${held}`, { status: 'closed', statusReason: 'left' })).statusCode).toBe(200)
    const heldPlan = await planOf(held)
    expect(Object.values(heldPlan).every((i: any) => i.action === 'retain' && i.reason.includes('SHANGHAI-2015-77'))).toBe(true)

    clock.advance(3_654 * day) // 2025-03-03: the ten years from 2015-03-02 have run
    const run = await purge()
    expect(run.result).toEqual({ clientsConsidered: 2, clientsOnHold: 1, applied: { client_profile: 1, kyc_record: 1 }, exportsDeleted: 0 })
    const leaverNow = await clientOf(leaver)
    expect(leaverNow).toMatchObject({ legalName: `pseudonymised client ${leaver.slice(0, 8)}`, nativeName: null, birthOrRegistrationDate: null })
    expect((await call(officer.token, 'GET', `/v1/clients/${leaver}/kyc`)).json().documents).toEqual([])
    expect(await clientOf(held)).toMatchObject({ legalName: 'Held Client', contactPoints: [expect.anything()] })
    expect((await call(officer.token, 'GET', `/v1/data-exports/${heldExport}`)).statusCode).toBe(200)

    expect((await purge()).result).toEqual({ clientsConsidered: 2, clientsOnHold: 1, applied: {}, exportsDeleted: 0 })
  })

  it('lets the purge act once the hold is lifted, and a hold is lifted only once', async () => {
    const released = await call(officer.token, 'POST', `/v1/compliance/legal-holds/${holdId}/release`, { note: 'claim settled' })
    expect(released.json()).toMatchObject({ releasedBy: officer.id, releaseNote: 'claim settled' })
    const again = await call(officer.token, 'POST', `/v1/compliance/legal-holds/${holdId}/release`, { note: 'again' })
    expect([again.statusCode, again.json().code]).toEqual([409, 'compliance.legal_hold_released'])
    const run = await purge()
    expect(run.result).toEqual({ clientsConsidered: 2, clientsOnHold: 0, applied: { client_profile: 1, contact_details: 1 }, exportsDeleted: 1 })
    expect((await call(officer.token, 'GET', `/v1/data-exports/${heldExport}`)).statusCode).toBe(404)
    const runs = (await call(officer.token, 'GET', '/v1/compliance/retention/purge-runs')).json().items
    expect(runs).toHaveLength(3)
    expect(runs[0].onDate).toBe('2025-03-03')
  })

  it('lists the policies with their legal basis', async () => {
    const policies = (await call(officer.token, 'GET', '/v1/compliance/retention-policies')).json().items
    expect(policies.find((p: any) => p.recordType === 'kyc_record')).toMatchObject({ retainFor: { unit: 'years', count: 10 }, from: 'relationship_end' })
  })
})

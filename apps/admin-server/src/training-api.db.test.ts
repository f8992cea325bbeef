import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@strongroom/kernel'
import { createTestApp, type TestApp } from './testing/test-app.js'

// A checker whose mandatory training has lapsed cannot approve anything, until a completion is on record.
const clock = fixedClock('2026-09-01T09:00:00.000Z')
let t: TestApp
let maker: { id: string; token: string }
let checker: { id: string; token: string }
let approvalId: string
let courseId: string

const post = (token: string, url: string, payload: object) => t.call(token, { method: 'POST', url, payload })
const get = (token: string, url: string) => t.call(token, { method: 'GET', url })

beforeAll(async () => {
  t = await createTestApp({}, { clock })
  maker = await t.staffWith(['compliance_officer'])
  checker = await t.staffWith(['compliance_officer'])
  const client = (await post(t.adminToken, '/v1/clients', { kind: 'individual', legalName: 'Training Case', country: 'CN', segment: 'high_net_worth' })).json()
  approvalId = (await post(maker.token, `/v1/clients/${client.id}/data-export`, {})).json().approvalId
})
afterAll(async () => t.close())

describe('staff training', () => {
  it('lists a checker without the mandatory course as overdue, and refuses their approval', async () => {
    const course = await post(t.adminToken, '/v1/compliance/training/courses', { code: 'AML-ANNUAL', title: 'Anti-money laundering, yearly', mandatory: true, roles: ['compliance_officer'], validityMonths: 12 })
    expect(course.statusCode).toBe(201)
    courseId = course.json().id
    const overdue = (await get(t.adminToken, '/v1/compliance/training/overdue')).json().items
    expect(overdue.map((o: { staffId: string }) => o.staffId)).toEqual(expect.arrayContaining([maker.id, checker.id]))
    const refused = await post(checker.token, `/v1/approvals/${approvalId}/approve`, {})
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'compliance.training_lapsed'])
    expect((await get(checker.token, `/v1/approvals/${approvalId}`)).json().status).toBe('pending')
  })

  it('lets them approve once a completion is recorded, and lapses it again after its validity', async () => {
    const done = await post(t.adminToken, '/v1/compliance/training/completions', { staffId: checker.id, courseId, completedOn: '2025-09-15' })
    expect(done.json()).toMatchObject({ expiresOn: '2026-09-15' })
    const overdue = (await get(t.adminToken, '/v1/compliance/training/overdue')).json().items.map((o: { staffId: string }) => o.staffId)
    expect(overdue).not.toContain(checker.id)
    expect((await post(checker.token, `/v1/approvals/${approvalId}/approve`, {})).json().status).toBe('executed')
    clock.set('2026-09-16T09:00:00.000Z')
    expect((await get(t.adminToken, '/v1/compliance/training/overdue')).json().items.map((o: { staffId: string }) => o.staffId)).toContain(checker.id)
  })
})

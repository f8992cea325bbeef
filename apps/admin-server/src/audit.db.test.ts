import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from './testing/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

async function auditFor(requestId: string) {
  const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/audit-events?limit=200' })
  expect(res.statusCode).toBe(200)
  return (res.json().items as Array<Record<string, unknown>>).filter((e) => e.requestId === requestId)
}

describe('the audit log', () => {
  it('records every mutation of this slice with actor, action, entity, request id, time and outcome', async () => {
    const rm = await t.staffWith(['relationship_manager'])
    const created = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'x-request-id': 'req-create-1' },
      payload: { kind: 'institution', legalName: 'Audit Co Ltd', country: 'HK', segment: 'corporate' },
    })
    const clientId = created.json().id
    const mutations = [
      { requestId: 'req-create-1', action: 'createClient', entityType: 'client', entityId: clientId },
      { requestId: 'req-patch-1', action: 'updateClient', entityType: 'client', entityId: clientId,
        call: { method: 'PATCH', url: `/v1/clients/${clientId}`, payload: { status: 'onboarding' } } },
      { requestId: 'req-assign-1', action: 'assignRelationshipManager', entityType: 'client', entityId: clientId,
        call: { method: 'POST', url: `/v1/clients/${clientId}/relationship-manager`, payload: { relationshipManagerId: rm.id, reason: 'new book' } } },
      { requestId: 'req-staff-1', action: 'createStaffMember', entityType: 'staff',
        call: { method: 'POST', url: '/v1/staff', payload: { email: 'new.ops@bank.example', displayName: 'New Ops', roles: ['operations'] } } },
      { requestId: 'req-token-1', action: 'issueApiToken', entityType: 'staff', entityId: rm.id,
        call: { method: 'POST', url: `/v1/staff/${rm.id}/tokens`, payload: { label: 'desk app' } } },
    ] as const
    for (const m of mutations) {
      if ('call' in m) {
        const res = await t.call(t.adminToken, { ...m.call, headers: { 'x-request-id': m.requestId } })
        expect(res.statusCode, m.action).toBeLessThan(300)
      }
      const [event, ...more] = await auditFor(m.requestId)
      expect(more).toHaveLength(0)
      expect(event).toMatchObject({ actorId: t.adminId, action: m.action, entityType: m.entityType, outcome: 'succeeded' })
      if ('entityId' in m) expect(event!.entityId).toBe(m.entityId)
      else expect(event!.entityId).toEqual(expect.any(String))
      expect(Date.parse(String(event!.occurredAt))).not.toBeNaN()
    }
  })

  it('records refused attempts too, with the error code', async () => {
    const auditor = await t.staffWith(['auditor'])
    const res = await t.call(auditor.token, {
      method: 'POST', url: '/v1/staff', headers: { 'x-request-id': 'req-denied-1' },
      payload: { email: 'x@bank.example', displayName: 'X', roles: ['admin'] },
    })
    expect(res.statusCode).toBe(403)
    const [event] = await auditFor('req-denied-1')
    expect(event).toMatchObject({ actorId: auditor.id, outcome: 'rejected', statusCode: 403, errorCode: 'auth.forbidden' })
  })

  it('cannot be altered or deleted, even with direct SQL', async () => {
    await expect(sql`update platform.audit_event set outcome = 'succeeded'`.execute(t.database.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from platform.audit_event`.execute(t.database.db)).rejects.toThrow(/append-only/)
    const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from platform.audit_event`.execute(t.database.db)
    expect(rows[0]!.n).toBeGreaterThan(0n)
  })

  it('is readable by the auditor and not by a relationship manager', async () => {
    const auditor = await t.staffWith(['auditor'])
    const rm = await t.staffWith(['relationship_manager'])
    expect((await t.call(auditor.token, { method: 'GET', url: '/v1/audit-events' })).statusCode).toBe(200)
    expect((await t.call(rm.token, { method: 'GET', url: '/v1/audit-events' })).statusCode).toBe(403)
  })
})

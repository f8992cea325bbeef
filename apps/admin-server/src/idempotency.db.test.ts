import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { hasPostgres } from '@strongroom/db-kit'
import { createTestApp, type TestApp } from './testing/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const body = (legalName: string) => ({ kind: 'individual', legalName, country: 'SG', segment: 'high_net_worth' })
async function clientCount(): Promise<bigint> {
  const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from relationship.client`.execute(t.database.db)
  return rows[0]!.n
}

describe('Idempotency-Key', () => {
  it('replays the original response for the same key and body, creating nothing new', async () => {
    const before = await clientCount()
    const first = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-replay-1' }, payload: body('Replay Pte') })
    const second = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-replay-1' }, payload: body('Replay Pte') })
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.json()).toEqual(first.json())
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(await clientCount()).toBe(before + 1n)
  })

  it('treats the same body with keys in another order as the same request', async () => {
    const a = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-order' },
      payload: { kind: 'individual', legalName: 'Order', country: 'SG', segment: 'high_net_worth' } })
    const b = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-order' },
      payload: { segment: 'high_net_worth', country: 'SG', legalName: 'Order', kind: 'individual' } })
    expect(b.json().id).toBe(a.json().id)
  })

  it('answers 409 when the key is reused with a different body, and changes nothing', async () => {
    await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-conflict' }, payload: body('First') })
    const before = await clientCount()
    const res = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-conflict' }, payload: body('Second') })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('idempotency.key_reused')
    expect(await clientCount()).toBe(before)
  })

  it('keeps keys per caller: two staff members may use the same key', async () => {
    const ops = await t.staffWith(['operations'])
    const a = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-shared' }, payload: body('Shared') })
    const b = await t.call(ops.token, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-shared' }, payload: body('Shared') })
    expect(b.statusCode).toBe(201)
    expect(b.json().id).not.toBe(a.json().id)
  })

  it('remembers a business-rule refusal for the key', async () => {
    const before = await clientCount()
    const payload = { ...body('Bad RM'), relationshipManagerId: t.adminId } // the admin is not an RM → 422
    const first = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-422' }, payload })
    const second = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-422' }, payload })
    expect(first.statusCode).toBe(422)
    expect(second.statusCode).toBe(422)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(await clientCount()).toBe(before)
  })

  it('never stores an issued API token for replay', async () => {
    const rm = await t.staffWith(['relationship_manager'])
    const first = await t.call(t.adminToken, { method: 'POST', url: `/v1/staff/${rm.id}/tokens`, headers: { 'idempotency-key': 'k-token' }, payload: { label: 'app' } })
    const replay = await t.call(t.adminToken, { method: 'POST', url: `/v1/staff/${rm.id}/tokens`, headers: { 'idempotency-key': 'k-token' }, payload: { label: 'app' } })
    expect(first.json().token).toMatch(/^srt_/)
    expect(replay.json().id).toBe(first.json().id)
    expect(replay.json().token).toBeUndefined()
    const { rows } = await sql<{ n: bigint }>`
      select count(*)::int8 as n from platform.idempotency_key where response_body like ${`%${first.json().token}%`}`.execute(t.database.db)
    expect(rows[0]!.n).toBe(0n)
    const { rows: hashes } = await sql<{ n: bigint }>`
      select count(*)::int8 as n from platform.api_token where token_hash = ${first.json().token}`.execute(t.database.db)
    expect(hashes[0]!.n).toBe(0n)
  })

  it.runIf(hasPostgres())('lets exactly one of many concurrent requests with one key run (PostgreSQL)', async () => {
    const before = await clientCount()
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.call(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k-race' }, payload: body('Race') })),
    )
    const statuses = results.map((r) => r.statusCode)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id)).size).toBe(1)
    expect(await clientCount()).toBe(before + 1n)
  })
})

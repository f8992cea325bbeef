import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './testing/test-app.js'

let t: TestApp
let rmA: { id: string; token: string }
let rmB: { id: string; token: string }
const clientOf: Record<string, string[]> = {}

const newClient = (legalName: string, relationshipManagerId?: string) => ({
  kind: 'individual', legalName, nativeName: '张伟', country: 'CN', segment: 'high_net_worth',
  ...(relationshipManagerId ? { relationshipManagerId } : {}),
})

beforeAll(async () => {
  t = await createTestApp()
  rmA = await t.staffWith(['relationship_manager'])
  rmB = await t.staffWith(['relationship_manager'])
  for (const [rm, n] of [[rmA, 3], [rmB, 2]] as const) {
    clientOf[rm.id] = []
    for (let i = 0; i < n; i++) {
      const res = await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', payload: newClient(`Book ${rm.id.slice(-4)} ${i}`, rm.id) })
      expect(res.statusCode).toBe(201)
      clientOf[rm.id]!.push(res.json().id)
    }
  }
  // One client in nobody's book.
  expect((await t.call(t.adminToken, { method: 'POST', url: '/v1/clients', payload: newClient('Unassigned') })).statusCode).toBe(201)
})
afterAll(async () => {
  await t.close()
})

describe("a relationship manager's book", () => {
  it("lists only that RM's clients, across pages", async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await t.call(rmA.token, { method: 'GET', url: `/v1/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      expect(res.statusCode).toBe(200)
      const page = res.json() as { items: { id: string; relationshipManagerId: string }[]; nextCursor: string | null }
      seen.push(...page.items.map((c) => c.id))
      expect(page.items.every((c) => c.relationshipManagerId === rmA.id)).toBe(true)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual([...clientOf[rmA.id]!].sort())
  })

  it('lets an admin see every client', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients?limit=200' })
    expect(res.json().items).toHaveLength(6)
  })

  it("answers 404, not 403, for another RM's client, on every client route", async () => {
    const other = clientOf[rmB.id]![0]!
    const attempts = [
      { method: 'GET', url: `/v1/clients/${other}` },
      { method: 'PATCH', url: `/v1/clients/${other}`, payload: { segment: 'corporate' } },
      { method: 'GET', url: `/v1/clients/${other}/relationship-history` },
      { method: 'GET', url: `/v1/clients/${other}/status-history` },
    ] as const
    for (const attempt of attempts) {
      const res = await t.call(rmA.token, attempt)
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404)
      expect(res.json().code).toBe('relationship.client_not_found')
    }
    const unchanged = await t.call(t.adminToken, { method: 'GET', url: `/v1/clients/${other}` })
    expect(unchanged.json().segment).toBe('high_net_worth')
  })

  it('puts a client an RM opens into their own book', async () => {
    const res = await t.call(rmB.token, { method: 'POST', url: '/v1/clients', payload: newClient('Opened by B', rmA.id) })
    expect(res.statusCode).toBe(201)
    expect(res.json().relationshipManagerId).toBe(rmB.id)
  })

  it('moves a client between books on hand-over, with history', async () => {
    const client = clientOf[rmA.id]![2]!
    const handOver = await t.call(t.adminToken, {
      method: 'POST', url: `/v1/clients/${client}/relationship-manager`, payload: { relationshipManagerId: rmB.id, reason: 'RM A on leave' },
    })
    expect(handOver.statusCode).toBe(201)
    expect((await t.call(rmA.token, { method: 'GET', url: `/v1/clients/${client}` })).statusCode).toBe(404)
    expect((await t.call(rmB.token, { method: 'GET', url: `/v1/clients/${client}` })).statusCode).toBe(200)
    const history = (await t.call(rmB.token, { method: 'GET', url: `/v1/clients/${client}/relationship-history` })).json().items
    expect(history.map((h: { fromRelationshipManagerId: string | null; toRelationshipManagerId: string }) => [h.fromRelationshipManagerId, h.toRelationshipManagerId]))
      .toEqual([[null, rmA.id], [rmA.id, rmB.id]])
    expect(history[1].assignedBy).toBe(t.adminId)
    expect(history[1].reason).toBe('RM A on leave')
  })

  it('searches names in Chinese and Latin script', async () => {
    const latin = (await t.call(t.adminToken, { method: 'GET', url: '/v1/clients?q=unassigned' })).json().items
    expect(latin.map((c: { legalName: string }) => c.legalName)).toEqual(['Unassigned'])
    const han = (await t.call(rmA.token, { method: 'GET', url: `/v1/clients?q=${encodeURIComponent('张伟')}` })).json().items
    expect(han.length).toBeGreaterThan(0)
    expect(han.every((c: { relationshipManagerId: string }) => c.relationshipManagerId === rmA.id)).toBe(true)
  })
})

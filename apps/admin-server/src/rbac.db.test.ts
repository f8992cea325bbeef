import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffRoles, type StaffRole } from '@strongroom/kernel'
import { isMutation, type RouteEntry } from './infra/auth.js'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Generated from the server's own route table: a new route is covered the
// moment it is registered, with no list here to forget to update.
let t: TestApp
let tokens: Record<StaffRole, string>
let routes: RouteEntry[]

const fakeId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const pathFor = (url: string) => url.replace(/:[A-Za-z]+/g, fakeId)

beforeAll(async () => {
  t = await createTestApp()
  const entries = await Promise.all(staffRoles.map(async (role) => [role, (await t.staffWith([role])).token] as const))
  tokens = Object.fromEntries(entries) as Record<StaffRole, string>
  routes = t.app.routeTable.filter((r) => r.access !== 'public')
})
afterAll(async () => {
  await t.close()
})

describe('role-based access, every route × every role', () => {
  it('knows the routes of this slice', () => {
    const ids = routes.map((r) => r.operationId)
    expect(ids).toEqual(expect.arrayContaining(['createClient', 'listClients', 'getClient', 'updateClient', 'assignRelationshipManager',
      'getRelationshipHistory', 'createStaffMember', 'listStaff', 'issueApiToken', 'getMe', 'listAuditEvents']))
  })

  it('answers 401 problem+json without a token, on every non-public route', async () => {
    for (const route of routes) {
      const res = await t.call(undefined, { method: route.method as 'GET', url: pathFor(route.url), payload: route.method === 'GET' ? undefined : {} })
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
  })

  it('answers 401 to an unknown token', async () => {
    const res = await t.call('srt_not-a-real-token-aaaaaaaaaaaaaaaaaaaaa', { method: 'GET', url: '/v1/me' })
    expect(res.statusCode).toBe(401)
  })

  for (const role of staffRoles) {
    it(`lets ${role} call exactly the routes that list it`, async () => {
      for (const route of routes) {
        const allowed = route.access === 'authenticated' || (route.access as readonly string[]).includes(role)
        const res = await t.call(tokens[role], {
          method: route.method as 'GET', url: pathFor(route.url), payload: route.method === 'GET' ? undefined : {},
        })
        const label = `${role} ${route.method} ${route.url} → ${res.statusCode}`
        if (allowed) expect([401, 403], label).not.toContain(res.statusCode)
        else expect(res.statusCode, label).toBe(403)
        expect(res.statusCode, label).toBeLessThan(500)
      }
    })
  }

  it('refuses the auditor every mutation, whatever the route', async () => {
    const mutations = routes.filter((r) => isMutation(r.method))
    expect(mutations.length).toBeGreaterThan(0)
    for (const route of mutations) {
      const res = await t.call(tokens.auditor, { method: route.method as 'POST', url: pathFor(route.url), payload: {} })
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403)
    }
  })
})

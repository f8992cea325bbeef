import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@strongroom/db-kit'
import { buildApp } from './app.js'
import { ensureAdmin } from './bootstrap.js'
import { testConfig } from './config.js'
import { seedDemoBook } from './demo-seed.js'
import { createTestApp, type TestApp } from './testing/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('operational endpoints', () => {
  it('/health and /ready answer without a token', async () => {
    expect((await t.call(undefined, { method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' })
    const ready = await t.call(undefined, { method: 'GET', url: '/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok' } })
  })

  it('/metrics serves Prometheus text with request metrics', async () => {
    await t.call(t.adminToken, { method: 'GET', url: '/v1/me' })
    const res = await t.call(undefined, { method: 'GET', url: '/metrics' })
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.body).toMatch(/http_request_duration_seconds/)
  })

  it('/docs serves the interactive documentation and /openapi.json the document', async () => {
    const docs = await t.call(undefined, { method: 'GET', url: '/docs/' })
    expect(docs.statusCode).toBe(200)
    expect(docs.body).toMatch(/swagger/i)
    const spec = (await t.call(undefined, { method: 'GET', url: '/openapi.json' })).json()
    expect(spec.openapi).toBe('3.1.0')
    expect(Object.keys(spec.paths)).toContain('/v1/clients/{id}/relationship-manager')
  })
})

describe('bootstrap', () => {
  it('creates an admin with a random token on an empty database, once', async () => {
    const database = await createTestDatabase()
    const app = await buildApp(testConfig(), { database })
    try {
      const first = await ensureAdmin(app.services, undefined)
      expect(first?.newToken).toMatch(/^srt_[A-Za-z0-9_-]{43}$/)
      expect(await ensureAdmin(app.services, undefined)).toBeUndefined()
      const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${first!.newToken}` } })
      expect(me.json().staff.roles).toEqual(['admin'])
    } finally {
      await app.close()
      await database.close()
    }
  })

  it('makes STRONGROOM_ADMIN_TOKEN work, idempotently across restarts', async () => {
    const token = 'srt_configured-admin-token-0123456789'
    const first = await ensureAdmin(t.app.services, token)
    const second = await ensureAdmin(t.app.services, token)
    expect(second?.adminId).toBe(first?.adminId)
    expect((await t.call(token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
    const staff = (await t.call(token, { method: 'GET', url: '/v1/staff?limit=200' })).json().items
    expect(staff.filter((s: { email: string }) => s.email === 'admin@strongroom.local')).toHaveLength(1)
  })
})

describe('rate limiting', () => {
  it('answers 429 problem+json past the per-token limit, and counts tokens apart', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 3 })
    try {
      const other = await limited.staffWith(['operations'])
      // The first request of a token counts against its address (the token is not known yet);
      // from then on the token has its own bucket of 3.
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await limited.call(limited.adminToken, { method: 'GET', url: '/v1/me' })).statusCode)
      expect(statuses).toEqual([200, 200, 200, 200, 429])
      const res = await limited.call(limited.adminToken, { method: 'GET', url: '/v1/me' })
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json().code).toBe('request.rate_limited')
      expect((await limited.call(other.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('does not give made-up tokens a fresh bucket each: they share their address’s', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 3 })
    try {
      const statuses = []
      for (let i = 0; i < 5; i++) {
        const madeUp = `srt_made-up-${i}-${'x'.repeat(30)}`
        statuses.push((await limited.call(madeUp, { method: 'GET', url: '/v1/me' })).statusCode)
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429])
    } finally {
      await limited.close()
    }
  })
})

describe('offboarding', () => {
  it('a revoked token stops working at once; the others keep working', async () => {
    const ops = await t.staffWith(['operations'])
    const second = (await t.call(t.adminToken, { method: 'POST', url: `/v1/staff/${ops.id}/tokens`, payload: { label: 'second' } })).json()
    const list = (await t.call(t.adminToken, { method: 'GET', url: `/v1/staff/${ops.id}/tokens` })).json().items
    expect(list).toHaveLength(2)
    expect(JSON.stringify(list)).not.toContain(second.token)
    const revoked = await t.call(t.adminToken, { method: 'POST', url: `/v1/staff/${ops.id}/tokens/${second.id}/revocation`, payload: { reason: 'laptop lost' } })
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String), revocationReason: 'laptop lost' })
    expect((await t.call(second.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401)
    expect((await t.call(ops.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
    const other = await t.staffWith(['operations'])
    const wrongOwner = await t.call(t.adminToken, { method: 'POST', url: `/v1/staff/${other.id}/tokens/${list[0].id}/revocation`, payload: { reason: 'x' } })
    expect(wrongOwner.statusCode).toBe(404)
  })

  it('disabling a staff member locks out every token they hold', async () => {
    const rm = await t.staffWith(['relationship_manager'])
    expect((await t.call(rm.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
    const res = await t.call(t.adminToken, { method: 'PATCH', url: `/v1/staff/${rm.id}`, payload: { status: 'disabled' } })
    expect(res.json().status).toBe('disabled')
    expect((await t.call(rm.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401)
  })

  it('an admin cannot disable themselves or drop their own admin role', async () => {
    for (const payload of [{ status: 'disabled' }, { roles: ['operations'] }]) {
      const res = await t.call(t.adminToken, { method: 'PATCH', url: `/v1/staff/${t.adminId}`, payload })
      expect(res.statusCode).toBe(422)
      expect(res.json().code).toBe('relationship.self_lockout')
    }
    expect((await t.call(t.adminToken, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
  })
})

describe('the token cache', () => {
  it('trusts a verified token for at most authCacheMs when it is revoked behind the server’s back', async () => {
    const cached = await createTestApp({ authCacheMs: 300 })
    try {
      const ops = await cached.staffWith(['operations'])
      expect((await cached.call(ops.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
      const [record] = await cached.app.services.tokens.listFor(ops.id)
      await cached.app.services.tokens.revoke(ops.id, record!.id, 'revoked by another instance')
      expect((await cached.call(ops.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 350))
      expect((await cached.call(ops.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401)
    } finally {
      await cached.close()
    }
  })
})

describe('the demo book', () => {
  it('loads RMs with their clients, funded accounts, the product catalogue and a time deposit, keeping the trial balance', async () => {
    const demo = await createTestApp()
    try {
      const book = await seedDemoBook(demo.app.services, { staffId: demo.adminId, roles: ['admin'] })
      expect(book).toMatchObject({ clients: 5, accounts: 5 })
      // Someone to work the monitoring cases: the risk officer reads the rules the default pack loaded.
      const riskToken = book.tokens.find((x) => x.roles === 'risk_officer')!.token
      expect((await demo.call(riskToken, { method: 'GET', url: '/v1/risk/rules' })).json().items.map((r: { id: string }) => r.id)).toContain('structuring')
      const rmToken = book.tokens.find((x) => x.roles === 'relationship_manager')!.token
      const clients = (await demo.call(rmToken, { method: 'GET', url: '/v1/clients' })).json().items
      expect(clients.map((c: { legalName: string }) => c.legalName)).toEqual(['WANG Xiaoming', 'LI Na', 'Jade River Holdings Ltd'])
      const tb = (await demo.call(demo.adminToken, { method: 'GET', url: '/v1/ledger/trial-balance' })).json()
      expect(tb.balanced).toBe(true)
      expect(tb.currencies.map((c: { currency: string }) => c.currency)).toEqual(['CHF', 'CNY', 'GBP', 'HKD'])
      const products = (await demo.call(rmToken, { method: 'GET', url: '/v1/products' })).json().items
      expect(products.map((p: { code: string; status: string }) => `${p.code}:${p.status}`)).toEqual(['DEMAND-CNY:open', 'TD-CNY:open', 'NOTICE7-CNY:open', 'CD-CNY:open', 'FLEX-CNY:open'])
      const deposits = (await demo.call(rmToken, { method: 'GET', url: '/v1/deposits' })).json().items
      expect(deposits).toHaveLength(1)
      expect(deposits[0]).toMatchObject({ tenor: '1Y', principal: { amount: '10000000.00', currency: 'CNY' }, rate: { annualRate: '0.0115' } })
    } finally {
      await demo.close()
    }
  })
})

describe('configuration', () => {
  it('reads the FX rate-age policy from the environment and refuses nonsense', async () => {
    const { loadConfig } = await import('./config.js')
    expect(loadConfig({ STRONGROOM_FX_MAX_RATE_AGE_HOURS: '24' }).fxMaxRateAgeHours).toBe(24)
    expect(loadConfig({}).fxMaxRateAgeHours).toBe(168)
    expect(() => loadConfig({ STRONGROOM_FX_MAX_RATE_AGE_HOURS: '-1' })).toThrow(/STRONGROOM_FX_MAX_RATE_AGE_HOURS/)
  })

  it('takes monitoring amounts for a reporting currency other than CNY, and refuses to guess them', async () => {
    const { loadConfig } = await import('./config.js')
    expect(loadConfig({}).monitoringAmounts).toBeUndefined() // CNY: the pack's defaults
    expect(() => loadConfig({ STRONGROOM_REPORTING_CURRENCY: 'USD' })).toThrow(/STRONGROOM_MONITORING_REPORTING_THRESHOLD/)
    expect(() => loadConfig({ STRONGROOM_MONITORING_REPORTING_THRESHOLD: '10000' })).toThrow(/set all three/)
    expect(loadConfig({ STRONGROOM_REPORTING_CURRENCY: 'USD', STRONGROOM_MONITORING_REPORTING_THRESHOLD: '10000.00', STRONGROOM_MONITORING_ROUND_AMOUNT: '1000', STRONGROOM_MONITORING_LARGE_DEPOSIT: '100000.00' }).monitoringAmounts)
      .toEqual({ reportingThreshold: '10000.00', roundAmountUnit: '1000', largeDepositAmount: '100000.00' })
  })
})

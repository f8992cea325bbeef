import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp, ensureAdmin, testConfig } from '@strongroom/admin-server'
import { createStrongroomClient, idempotencyKeys, StrongroomApiError, unwrap, type StrongroomClient } from '@strongroom/admin-sdk'
import { createTestDatabase, type TestDatabase } from '@strongroom/db-kit'

// The SDK against a real server listening on a port: real HTTP, real fetch.
let database: TestDatabase
let app: FastifyInstance
let baseUrl: string
let admin: StrongroomClient
const adminToken = 'srt_e2e-admin-token-abcdefghijklmnopqrstuvwxyz'

beforeAll(async () => {
  database = await createTestDatabase()
  app = await buildApp(testConfig(), { database })
  await ensureAdmin(app.services, adminToken)
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  admin = createStrongroomClient({ baseUrl, token: adminToken })
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('@strongroom/admin-sdk against a running server', () => {
  it('onboards an RM, issues their token, and the RM sees only their own book', async () => {
    const rm = await unwrap(admin.POST('/v1/staff', { body: { email: 'sdk.rm@bank.example', displayName: 'SDK RM', roles: ['relationship_manager'] } }))
    const issued = await unwrap(admin.POST('/v1/staff/{id}/tokens', { params: { path: { id: rm.id } }, body: { label: 'sdk test' } }))
    expect(issued.token).toMatch(/^srt_/)

    const mine = await unwrap(admin.POST('/v1/clients', {
      body: { kind: 'individual', legalName: 'ZHOU Lan', nativeName: '周兰', country: 'CN', segment: 'ultra_high_net_worth', relationshipManagerId: rm.id },
    }))
    await unwrap(admin.POST('/v1/clients', { body: { kind: 'institution', legalName: 'Elsewhere AG', country: 'CH', segment: 'corporate' } }))

    const asRm = createStrongroomClient({ baseUrl, token: issued.token! })
    const me = await unwrap(asRm.GET('/v1/me'))
    expect(me.staff.id).toBe(rm.id)
    const book = await unwrap(asRm.GET('/v1/clients', { params: { query: { limit: 50 } } }))
    expect(book.items.map((c) => c.id)).toEqual([mine.id])
  })

  it('surfaces problem+json errors typed, with the stable code', async () => {
    const missing = await admin.GET('/v1/clients/{id}', { params: { path: { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } } })
    expect(missing.response.status).toBe(404)
    expect(missing.error?.code).toBe('relationship.client_not_found')
    await expect(unwrap(admin.PATCH('/v1/clients/{id}', {
      params: { path: { id: 'not-a-uuid' } }, body: { segment: 'corporate' },
    }))).rejects.toSatisfy((e: unknown) => e instanceof StrongroomApiError && e.status === 400 && e.code === 'request.invalid')
  })

  it('makes POSTs safe to retry with the idempotency middleware', async () => {
    const keys = ['fixed-key-1', 'fixed-key-1']
    const retrying = createStrongroomClient({ baseUrl, token: adminToken })
    retrying.use(idempotencyKeys(() => keys.shift()!))
    const body = { kind: 'individual' as const, legalName: 'Retry Lee', country: 'SG', segment: 'high_net_worth' as const }
    const first = await unwrap(retrying.POST('/v1/clients', { body }))
    const second = await retrying.POST('/v1/clients', { body })
    expect(second.response.headers.get('idempotent-replayed')).toBe('true')
    expect(second.data?.id).toBe(first.id)
  })
})

describe('the deposit engine through the SDK', () => {
  it('opens a notice deposit, previews a withdrawal, pays exactly that, and closes the day', async () => {
    const client = await unwrap(admin.POST('/v1/clients', { body: { kind: 'institution', legalName: 'SDK Treasury Ltd', country: 'HK', segment: 'corporate' } }))
    const vault = await unwrap(admin.POST('/v1/accounts', { body: { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' } }))
    const current = await unwrap(admin.POST('/v1/accounts', { body: { kind: 'client', clientId: client.id, currency: 'CNY', name: 'Current' } }))
    await unwrap(admin.POST('/v1/transfers', { body: { debitAccountId: vault.id, creditAccountId: current.id, amount: { amount: '2000000.00', currency: 'CNY' }, channel: 'cash' } }))
    const today = new Date().toISOString().slice(0, 10)
    const product = await unwrap(admin.POST('/v1/products', {
      body: {
        code: 'FLEX-SDK', name: 'Flexible CNY',
        terms: {
          kind: 'flexible', currency: 'CNY', convention: 'act-365-fixed', tierMethod: 'whole-balance', rateType: 'fixed',
          posting: { frequency: 'monthly', mode: 'capitalise', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
          minimum: { individual: '1000.00', institution: '100000.00' }, maximum: null, tenors: [], noticeDays: null,
          earlyWithdrawal: { kind: 'not-allowed' }, maturityInstructions: [], gracePeriodDays: 0, postMaturityRate: 'demand',
        },
        rates: { effectiveFrom: today, tiers: [{ tenor: null, from: '0', annualRate: '0.0120' }] },
      },
    }))
    await unwrap(admin.PATCH('/v1/products/{id}', { params: { path: { id: product.id } }, body: { status: 'open' } }))
    const deposit = await unwrap(admin.POST('/v1/deposits', {
      body: { clientId: client.id, productId: product.id, amount: { amount: '1000000.00', currency: 'CNY' }, fundingAccountId: current.id },
    }))
    expect(deposit).toMatchObject({ kind: 'flexible', status: 'active', rate: { annualRate: '0.0120', source: 'sheet' } })

    const preview = await unwrap(admin.POST('/v1/deposits/{id}/withdrawals/preview', { params: { path: { id: deposit.id } }, body: { amount: { amount: '250000.00', currency: 'CNY' } } }))
    expect(preview).toMatchObject({ basis: 'flexible', penalty: { amount: '0.00' }, principalRemaining: { amount: '750000.00' } })
    const done = await unwrap(admin.POST('/v1/deposits/{id}/withdrawals', {
      params: { path: { id: deposit.id } }, body: { amount: { amount: '250000.00', currency: 'CNY' }, quoteToken: preview.quoteToken },
    }))
    // Below the large-withdrawal policy it executes at once (201), not as an approval request (202).
    if (!('quote' in done)) throw new Error(`expected the withdrawal to execute, got ${JSON.stringify(done)}`)
    expect(done.quote.payout).toEqual(preview.payout)
    expect(done.deposit.principal).toEqual({ amount: '750000.00', currency: 'CNY' })

    const started = await unwrap(admin.POST('/v1/eod-runs', { body: { businessDate: today } }))
    let run = started
    for (let i = 0; i < 100 && run.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      run = await unwrap(admin.GET('/v1/eod-runs/{id}', { params: { path: { id: started.id } } }))
    }
    expect(run.status).toBe('completed')
    const after = await unwrap(admin.GET('/v1/deposits/{id}', { params: { path: { id: deposit.id } } }))
    expect(after.accruedThrough).toBe(today)
    // One day on 750,000.00 at 1.2 % ACT/365F: 750,000 × 0.012 / 365 = 24.6575… → 24.66 when it posts.
    expect(after.accruedInterest.rounded).toEqual({ amount: '24.66', currency: 'CNY' })
  })
})

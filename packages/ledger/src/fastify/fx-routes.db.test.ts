import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, isDomainError, isStaffRole, uuidv7, uuidv7Ids, type CurrencyCode, type Money, type RouteAccess, type StaffRole } from '@strongroom/kernel'
import type { ProblemSpec } from '@strongroom/kernel/fastify'
import { createFxService, createLedgerService, type LedgerService } from '../core/index.js'
import { createKyselyFxRateStore, createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type FxTables, type LedgerTables } from '../kysely/index.js'
import { aNewClientAccount, aNewInternalAccount, eur } from '../testing/index.js'
import { ecbCsvMaxLength, fxRoutes } from './fx-routes.js'
import { ledgerProblems } from './problems.js'

// The real ECB history, beside the repository: <repo>/../shared/data/ecb.
const csv = readFileSync(new URL('../shared/data/ecb/eurofxref-hist.csv', new URL('../../../../', import.meta.url)), 'utf8')

/** What the server's problem-details plugin answers for the codes these routes raise. */
const problems: Record<string, ProblemSpec> = {
  ...ledgerProblems,
  'common.not_found': { status: 404, title: 'Not found' },
  'common.conflict': { status: 409, title: 'Conflict' },
  'common.invalid_input': { status: 422, title: 'Invalid input' },
}

interface RouteRow { method: string; url: string; operationId: unknown; tags: unknown; access: RouteAccess | undefined; audit: unknown; idempotency: unknown }

let database: TestDatabase
let app: FastifyInstance
let ledger: LedgerService
const routes: RouteRow[] = []
const clock = fixedClock('2025-05-12T09:00:00.000Z')
const staffId = uuidv7()
const clientId = uuidv7()
const vault = {} as Record<string, string>

/**
 * The plugin in a bare Fastify that stands in for the admin server: the zod
 * compilers, its 1 MiB body limit, an actor whose roles come from a test
 * header, the route's `access` enforced, and domain errors as problem codes.
 */
async function buildTestApp(): Promise<FastifyInstance> {
  const fx = createFxService({ rates: createKyselyFxRateStore(database.db as Kysely<FxTables>), ledger, clock })
  const server = Fastify({ bodyLimit: 1_048_576 }).withTypeProvider<ZodTypeProvider>()
  server.setValidatorCompiler(validatorCompiler)
  server.setSerializerCompiler(serializerCompiler)
  const problem = (reply: import('fastify').FastifyReply, status: number, code: string, detail?: string) =>
    reply.code(status).type('application/problem+json').serializer((p: unknown) => JSON.stringify(p)).send({ status, code, detail })
  server.addHook('onRoute', (route) => {
    routes.push({
      method: String(route.method), url: route.url, operationId: route.schema?.operationId, tags: route.schema?.tags,
      access: route.config?.access, audit: route.config?.audit, idempotency: route.config?.idempotency,
    })
  })
  server.addHook('onRequest', async (request, reply) => {
    const roles = String(request.headers['x-test-roles'] ?? '').split(',').filter(isStaffRole)
    request.actor = { staffId, roles }
    const access = request.routeOptions.config?.access
    if (Array.isArray(access) && !roles.some((role) => access.includes(role))) return problem(reply, 403, 'auth.forbidden')
  })
  server.setErrorHandler((error: import('fastify').FastifyError, _request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) return problem(reply, 400, 'request.invalid', error.message)
    if (isDomainError(error)) return problem(reply, problems[error.code]?.status ?? 500, error.code, error.message)
    if (error.statusCode === 413) return problem(reply, 413, 'request.payload_too_large')
    return problem(reply, error.statusCode ?? 500, 'internal.error', error.message)
  })
  await server.register(fxRoutes, { prefix: '/v1', fx })
  await server.ready()
  return server
}

const call = (roles: readonly StaffRole[], options: InjectOptions) =>
  app.inject({ ...options, headers: { 'x-test-roles': roles.join(','), ...options.headers } })
const operations: StaffRole[] = ['operations']

async function account(currency: CurrencyCode, balance?: Money): Promise<string> {
  const id = (await ledger.openAccount(aNewClientAccount({ currency, clientId }))).account.id
  if (balance) await ledger.postTransfer({ debitAccountId: vault[currency]!, creditAccountId: id, amount: balance, channel: 'cash' })
  return id
}

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  ledger = createLedgerService({ repo: createKyselyLedgerRepository(database.db as Kysely<LedgerTables>), clock, ids: uuidv7Ids })
  for (const currency of ['EUR', 'CNY', 'USD', 'JPY', 'KWD'] as const) {
    vault[currency] = (await ledger.openAccount(aNewInternalAccount('cash_vault', currency))).account.id
    await ledger.openAccount(aNewInternalAccount('fx_position', currency))
  }
  app = await buildTestApp()
}, 120_000)

afterAll(async () => {
  await app?.close()
  await database?.close()
})

describe('the FX routes as declared', () => {
  it('name every operation, tag it fx, and say who may call it and what it audits', () => {
    const everyone = ['admin', 'relationship_manager', 'compliance_officer', 'risk_officer', 'operations', 'auditor']
    const fxRoutesSeen = routes.filter((r) => r.url.startsWith('/v1/fx')).map(({ method, url, operationId, tags, access, audit, idempotency }) =>
      ({ method, url, operationId, tags, access, audit, idempotency }))
    expect(fxRoutesSeen).toEqual([
      { method: 'POST', url: '/v1/fx/rates', operationId: 'recordFxRates', tags: ['fx'], access: ['admin', 'operations'], audit: { entity: 'fx_rate' }, idempotency: undefined },
      { method: 'GET', url: '/v1/fx/rates', operationId: 'getFxRate', tags: ['fx'], access: everyone, audit: undefined, idempotency: undefined },
      { method: 'HEAD', url: '/v1/fx/rates', operationId: 'getFxRate', tags: ['fx'], access: everyone, audit: undefined, idempotency: undefined },
      { method: 'POST', url: '/v1/fx/rates/ecb-import', operationId: 'importEcbRates', tags: ['fx'], access: ['admin', 'operations'], audit: { entity: 'fx_rate' }, idempotency: undefined },
      { method: 'POST', url: '/v1/fx/conversions', operationId: 'postFxConversion', tags: ['fx'], access: ['admin', 'operations'], audit: { entity: 'transfer' }, idempotency: 'domain' },
    ])
  })
})

describe('POST /v1/fx/rates', () => {
  const body = {
    rates: [
      { base: 'USD', quote: 'CNY', rate: '7.2405', source: 'desk', asOf: '2025-05-12T08:30:00+08:00' },
      { base: 'USD', quote: 'JPY', rate: '145.123456789012', source: 'desk', asOf: '2025-05-12T00:30:00Z' },
    ],
  }

  it('records rates, and recording them again records nothing', async () => {
    const first = await call(operations, { method: 'POST', url: '/v1/fx/rates', payload: body })
    expect([first.statusCode, first.json()]).toEqual([200, { recorded: 2, alreadyRecorded: 0 }])
    const again = await call(['admin'], { method: 'POST', url: '/v1/fx/rates', payload: body })
    expect(again.json()).toEqual({ recorded: 0, alreadyRecorded: 2 })
    const { rows } = await sql<{ rate: string; as_of: Date }>`select rate::text as rate, as_of from ledger.fx_rate where source = 'desk' and quote = 'JPY'`.execute(database.db)
    expect(rows).toEqual([{ rate: '145.123456789012', as_of: new Date('2025-05-12T00:30:00Z') }])
  })

  it('refuses a different rate for a recorded key with 409, and records nothing of that request', async () => {
    const response = await call(operations, {
      method: 'POST', url: '/v1/fx/rates',
      payload: { rates: [{ ...body.rates[0], asOf: '2025-05-12T09:00:00Z', rate: '7.3' }, { ...body.rates[0], rate: '7.2406' }] },
    })
    expect([response.statusCode, response.json().code]).toEqual([409, 'common.conflict'])
    const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.fx_rate where source = 'desk'`.execute(database.db)
    expect(rows[0]!.n).toBe(2n)
  })

  it.each<[string, unknown]>([
    ['a JSON number', 7.2405],
    ['13 decimal places', '7.2405000000001'],
    ['zero', '0.000'],
    ['a negative rate', '-7.2'],
    ['an exponent', '7e0'],
  ])('refuses a rate given as %s (400)', async (_, rate) => {
    const response = await call(operations, { method: 'POST', url: '/v1/fx/rates', payload: { rates: [{ ...body.rates[0], rate }] } })
    expect([response.statusCode, response.json().code]).toEqual([400, 'request.invalid'])
  })

  it.each<[string, object]>([
    ['a pair of one currency', { quote: 'USD' }],
    ['an unknown currency', { quote: 'XXX' }],
    ['an as-of without its offset', { asOf: '2025-05-12T08:30:00' }],
    ['an as-of that is a date', { asOf: '2025-05-12' }],
  ])('refuses %s (400)', async (_, change) => {
    const response = await call(operations, { method: 'POST', url: '/v1/fx/rates', payload: { rates: [{ ...body.rates[0], ...change }] } })
    expect(response.statusCode).toBe(400)
  })

  it('is for admin and operations only', async () => {
    for (const role of ['auditor', 'relationship_manager', 'risk_officer'] as const) {
      expect((await call([role], { method: 'POST', url: '/v1/fx/rates', payload: body })).statusCode).toBe(403)
    }
  })
})

describe('POST /v1/fx/rates/ecb-import and GET /v1/fx/rates', () => {
  it('imports the full ECB history, sent as JSON well over the server’s usual 1 MiB body limit; again, it records nothing', async () => {
    expect(csv.length).toBeGreaterThan(1_048_576)
    const started = performance.now()
    const response = await call(operations, { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv } })
    console.info(`ECB history import over HTTP (${database.kind}): ${(performance.now() - started).toFixed(0)} ms`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ days: 6747, rates: 182_566, recorded: 182_566, alreadyRecorded: 0, firstDate: '1999-01-04', lastDate: '2025-05-09' })
    const again = await call(['admin'], { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv } })
    expect(again.json()).toMatchObject({ recorded: 0, alreadyRecorded: 182_566 })
  }, 300_000)

  it('refuses a malformed file with its line (422), text over the limit (400) and a body over the route’s limit (413)', async () => {
    const malformed = await call(operations, { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv: 'Date,USD,\n2025-05-09,1.1252,\n2025-05-08,1,1297,\n' } })
    expect([malformed.statusCode, malformed.json().code, malformed.json().detail]).toEqual([422, 'common.invalid_input', expect.stringContaining('line 3')])
    const long = await call(operations, { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv: 'x'.repeat(ecbCsvMaxLength + 1) } })
    expect(long.statusCode).toBe(400)
    const huge = await call(operations, { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv: 'x'.repeat(ecbCsvMaxLength + 600 * 1024) } })
    expect(huge.statusCode).toBe(413)
    expect((await call(['auditor'], { method: 'POST', url: '/v1/fx/rates/ecb-import', payload: { csv } })).statusCode).toBe(403)
  })

  it('answers the rate in force and how it was derived, to every role', async () => {
    const cross = await call(['auditor'], { method: 'GET', url: '/v1/fx/rates?base=USD&quote=CNY&at=2025-05-09T16:00:00Z&source=ECB' })
    expect(cross.statusCode).toBe(200)
    expect(cross.json()).toEqual({
      base: 'USD', quote: 'CNY', rate: '7.240490579', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z', derivation: 'cross',
      derivedFrom: [
        { base: 'EUR', quote: 'CNY', rate: '8.147', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' },
        { base: 'EUR', quote: 'USD', rate: '1.1252', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' },
      ],
      rounding: { significantDigits: 10, mode: 'half-even' },
    })
    // Without a source and now (12 May), the desk's USD/CNY of this morning is fresher than Friday's ECB cross.
    const direct = await call(['relationship_manager'], { method: 'GET', url: '/v1/fx/rates?base=USD&quote=CNY' })
    expect(direct.json()).toMatchObject({ rate: '7.2405', source: 'desk', asOf: '2025-05-12T00:30:00.000Z', derivation: 'direct', rounding: null })
    const inverse = await call(['compliance_officer'], { method: 'GET', url: '/v1/fx/rates?base=JPY&quote=EUR&at=2025-05-09T15:00:00Z' })
    expect(inverse.json()).toMatchObject({ rate: '0.006121449559', derivation: 'inverse' }) // 1 / 163.36
  })

  it('answers 404 when there is no rate, and 400 for a currency it does not know', async () => {
    const none = await call(['auditor'], { method: 'GET', url: '/v1/fx/rates?base=USD&quote=CNY&at=2000-01-03T18:00:00Z' })
    expect([none.statusCode, none.json().code]).toEqual([404, 'common.not_found'])
    expect((await call(['auditor'], { method: 'GET', url: '/v1/fx/rates?base=USD&quote=ABC' })).statusCode).toBe(400)
  })
})

describe('POST /v1/fx/conversions', () => {
  it('posts 1,000.00 EUR at 7.7433 as 7,743.30 CNY, with money as strings and the rate on record', async () => {
    const from = await account('EUR', eur('5000.00'))
    const to = await account('CNY')
    const response = await call(operations, {
      method: 'POST', url: '/v1/fx/conversions',
      payload: { fromAccountId: from, toAccountId: to, amount: { amount: '1000.00', currency: 'EUR' }, toCurrency: 'CNY', rate: '7.7433', reference: 'deal 7' },
    })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      debited: { amount: '1000.00', currency: 'EUR' },
      credited: { amount: '7743.30', currency: 'CNY' },
      rate: { base: 'EUR', quote: 'CNY', rate: '7.7433', source: 'explicit', asOf: '2025-05-12T09:00:00.000Z' },
      derivation: 'explicit',
    })
    expect(body.balances).toEqual(expect.arrayContaining([
      { accountId: from, posted: { amount: '4000.00', currency: 'EUR' }, available: { amount: '4000.00', currency: 'EUR' } },
      { accountId: to, posted: { amount: '7743.30', currency: 'CNY' }, available: { amount: '7743.30', currency: 'CNY' } },
    ]))
    expect((await ledger.getTransfer(body.id)).transfer.metadata).toMatchObject({ 'fx.rate': '7.7433', 'fx.source': 'explicit' })
  })

  it('converts at the latest ECB rate and replays under the same Idempotency-Key without posting twice', async () => {
    const from = await account('EUR', eur('5000.00'))
    const to = await account('CNY')
    const request = {
      method: 'POST' as const, url: '/v1/fx/conversions', headers: { 'idempotency-key': `fx-${from}` },
      payload: { fromAccountId: from, toAccountId: to, amount: { amount: '1000.00', currency: 'EUR' }, toCurrency: 'CNY', rate: 'latest' },
    }
    const first = await call(operations, request)
    expect(first.json()).toMatchObject({ credited: { amount: '8147.00', currency: 'CNY' }, rate: { rate: '8.147', source: 'ECB' }, derivation: 'direct' })
    const second = await call(operations, request)
    expect([second.statusCode, second.json().id]).toEqual([201, first.json().id])
    expect((await ledger.getAccount(from)).balances.postedDebitsMinor).toBe(100_000n)
  })

  it('refuses a conversion the payer cannot cover (422) and posts nothing', async () => {
    const from = await account('EUR', eur('999.99'))
    const to = await account('CNY')
    const before = (await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.entry`.execute(database.db)).rows[0]!.n
    const response = await call(['admin'], {
      method: 'POST', url: '/v1/fx/conversions',
      payload: { fromAccountId: from, toAccountId: to, amount: { amount: '1000.00', currency: 'EUR' }, toCurrency: 'CNY', rate: '7.7433' },
    })
    expect([response.statusCode, response.json().code]).toEqual([422, 'ledger.insufficient_funds'])
    expect((await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.entry`.execute(database.db)).rows[0]!.n).toBe(before)
  })

  it.each<[string, object]>([
    ['an amount as a JSON number', { amount: { amount: 1000, currency: 'EUR' } }],
    ['more decimals than the currency has', { amount: { amount: '10.001', currency: 'EUR' } }],
    ['a zero amount', { amount: { amount: '0.00', currency: 'EUR' } }],
    ['a rate as a JSON number', { rate: 7.7433 }],
    ['an FX position keyed by a non-currency', { fxPositionAccounts: { XYZ: uuidv7() } }],
  ])('refuses %s (400)', async (_, change) => {
    const payload = { fromAccountId: uuidv7(), toAccountId: uuidv7(), amount: { amount: '10.00', currency: 'EUR' }, toCurrency: 'CNY', rate: '7.7433', ...change }
    expect((await call(operations, { method: 'POST', url: '/v1/fx/conversions', payload })).statusCode).toBe(400)
  })

  it('is for admin and operations only', async () => {
    const payload = { fromAccountId: uuidv7(), toAccountId: uuidv7(), amount: { amount: '10.00', currency: 'EUR' }, toCurrency: 'CNY', rate: '7.7433' }
    for (const role of ['auditor', 'relationship_manager', 'compliance_officer'] as const) {
      expect((await call([role], { method: 'POST', url: '/v1/fx/conversions', payload })).statusCode).toBe(403)
    }
  })
})

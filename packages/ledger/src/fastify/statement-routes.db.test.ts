import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import { XMLParser } from 'fast-xml-parser'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, uuidv7, uuidv7Ids } from '@strongroom/kernel'
import { createLedgerService, LedgerError, type LedgerRepository } from '../core/index.js'
import { createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type LedgerTables } from '../kysely/index.js'
import { aNewClientAccount, aNewInternalAccount, cny } from '../testing/index.js'
import { ledgerProblems } from './problems.js'
import { statementRoutes } from './statement-routes.js'

let database: TestDatabase
let repo: LedgerRepository
let app: FastifyInstance
let clientId: string
let vaultId: string
const clock = fixedClock('2025-12-01T00:00:00.000Z')
const january = 'from=2026-01-01&to=2026-01-31'

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  repo = createKyselyLedgerRepository(database.db as Kysely<LedgerTables>)
  const ledger = createLedgerService({ repo, clock, ids: uuidv7Ids })
  vaultId = (await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY', { unbounded: true }))).account.id
  clientId = (await ledger.openAccount(aNewClientAccount({ clientId: uuidv7(), name: 'Wang Fang 王芳' }))).account.id

  const post = async (at: string, debitAccountId: string, creditAccountId: string, amount: string, extra: object = {}) => {
    clock.set(at)
    await ledger.postTransfer({ debitAccountId, creditAccountId, amount: cny(amount), channel: 'cash', ...extra })
  }
  await post('2025-12-31T23:59:59.999Z', vaultId, clientId, '1000.00') // the last instant before January: the opening balance
  await post('2026-01-01T00:00:00.000Z', vaultId, clientId, '250000.00', {
    channel: 'transfer', reference: '=HYPERLINK("http://evil.example")', counterparty: { name: '@SUM(1+1)' },
  }) // the first instant of January
  await post('2026-01-31T23:59:59.999Z', clientId, vaultId, '50.25', { reference: 'cash withdrawal' }) // the last
  await post('2026-02-01T00:00:00.000Z', vaultId, clientId, '1.00') // February: not on the statement
  clock.set('2026-03-01T00:00:00.000Z') // January has long settled: its closing balance is cross-checked

  app = Fastify()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Just enough of the server's problem-details handler to see a 404.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error instanceof LedgerError ? ledgerProblems[error.code].status : (error.statusCode ?? 500)
    const code = error instanceof LedgerError ? error.code : status === 400 ? 'common.invalid_input' : 'common.internal'
    return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title: code, status, code, requestId: request.id })
  })
  // The route plugins expect the host's authentication to have named the actor, as the admin server does.
  app.addHook('onRequest', async (req) => {
    req.actor = { staffId: '00000000-0000-7000-8000-000000000001', roles: ['operations'] }
  })
  await app.register(statementRoutes, { prefix: '/v1', ledger })
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await database?.close()
})

const statementOf = (id: string, query: string) => app.inject({ method: 'GET', url: `/v1/accounts/${id}/statement?${query}` })

describe('GET /accounts/{id}/statement', () => {
  it('answers JSON by default: opening, each entry of the period with its running balance, closing', async () => {
    const response = await statementOf(clientId, january)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.headers['cache-control']).toBe('no-store')
    const body = response.json()
    // By hand: 1,000.00 before; + 250,000.00 = 251,000.00; − 50.25 = 250,949.75. February's 1.00 is left out.
    expect(body.opening).toEqual({ amount: '1000.00', currency: 'CNY' })
    expect(body.lines.map((l: { amount: { amount: string }; balance: { amount: string } }) => [l.amount.amount, l.balance.amount])).toEqual([
      ['250000.00', '251000.00'],
      ['-50.25', '250949.75'],
    ])
    expect(body.closing).toEqual({ amount: '250949.75', currency: 'CNY' })
    expect(body.totals).toEqual({ count: 2, credits: { amount: '250000.00', currency: 'CNY' }, debits: { amount: '50.25', currency: 'CNY' } })
    expect(body.lines[0]).toMatchObject({
      accountSequence: '2', postedAt: '2026-01-01T00:00:00.000Z', direction: 'credit',
      reference: '=HYPERLINK("http://evil.example")', counterpartyName: '@SUM(1+1)', transferKind: 'transfer', channel: 'transfer',
    })
    expect(body.lines[1]).toMatchObject({ accountSequence: '3', postedAt: '2026-01-31T23:59:59.999Z', counterpartyName: null, channel: 'cash' })
    expect(body.account).toEqual({ id: clientId, name: 'Wang Fang 王芳', currency: 'CNY', kind: 'client', normalBalance: 'credit' })
    expect(body.period).toEqual({ from: '2026-01-01', to: '2026-01-31' })
    expect(body.generatedAt).toBe('2026-03-01T00:00:00.000Z')
  })

  it('states a hot account, whose entries store no running balance, from its own side', async () => {
    const body = (await statementOf(vaultId, `${january}&format=json`)).json()
    // The vault is debit-normal: cash paid in is a debit. By hand: 1,000.00; + 250,000.00 = 251,000.00; − 50.25 = 250,949.75.
    expect(body.opening.amount).toBe('1000.00')
    expect(body.lines.map((l: { direction: string; balance: { amount: string } }) => [l.direction, l.balance.amount])).toEqual([
      ['debit', '251000.00'],
      ['credit', '250949.75'],
    ])
    expect(body.closing.amount).toBe('250949.75')
  })

  it('sends CSV as a download, as is — not as a JSON string — with formula cells defused', async () => {
    const response = await statementOf(clientId, `${january}&format=csv`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="statement-${clientId}-2026-01-01-2026-01-31.csv"`)
    const rows = response.body.split('\r\n')
    expect(rows[0]).toBe('posted_at,line,entry_id,transfer_id,reference,counterparty,direction,amount,balance,currency')
    expect(rows[1]).toBe('2026-01-01T00:00:00.000Z,opening,,,,,,,1000.00,CNY')
    expect(rows[2]).toMatch(/^2026-01-01T00:00:00\.000Z,entry,[0-9a-f-]{36},[0-9a-f-]{36},"'=HYPERLINK\(""http:\/\/evil\.example""\)",'@SUM\(1\+1\),credit,250000\.00,251000\.00,CNY$/)
    expect(rows[4]).toBe('2026-01-31T23:59:59.999Z,closing,,,,,,,250949.75,CNY')
    expect(rows).toHaveLength(6) // header, opening, 2 entries, closing, and the empty string after the last CRLF
  })

  it('sends camt.053 XML as a download', async () => {
    const response = await statementOf(clientId, `${january}&format=camt053`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="statement-${clientId}-2026-01-01-2026-01-31.xml"`)
    expect(response.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Bal' || name === 'Ntry' }).parse(response.body)
    const stmt = parsed.Document.BkToCstmrStmt.Stmt
    expect(stmt.Acct.Id.Othr.Id).toBe(clientId.replaceAll('-', ''))
    expect(stmt.Bal.map((b: { Amt: string; CdtDbtInd: string }) => [b.Amt, b.CdtDbtInd])).toEqual([['1000.00', 'CRDT'], ['250949.75', 'CRDT']])
    expect(stmt.Ntry.map((n: { Amt: string; CdtDbtInd: string }) => [n.Amt, n.CdtDbtInd])).toEqual([['250000.00', 'CRDT'], ['50.25', 'DBIT']])
    expect(parsed.Document.BkToCstmrStmt.GrpHdr.MsgId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('sends a PDF as a download', async () => {
    const response = await statementOf(clientId, `${january}&format=pdf`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="statement-${clientId}-2026-01-01-2026-01-31.pdf"`)
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(response.rawPayload.subarray(-6).toString('latin1')).toContain('%%EOF')
  })

  it('refuses a period that ends before it starts, runs over 366 days, or names a day that does not exist, and an unknown format', async () => {
    for (const query of [
      'from=2026-02-01&to=2026-01-31',
      'from=2024-01-01&to=2025-01-01', // 367 days
      'from=2026-02-30&to=2026-03-01',
      'from=2026-01-01',
      `${january}&format=xlsx`,
    ]) {
      const response = await statementOf(clientId, query)
      expect(response.statusCode, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect((await statementOf(clientId, 'from=2024-01-01&to=2024-12-31')).statusCode).toBe(200) // 366 days
  })

  it('answers 404 for an account that does not exist', async () => {
    const response = await statementOf(uuidv7(), january)
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('ledger.account_not_found')
  })
})

describe('listEntriesBetween (Kysely)', () => {
  it('lists the entries posted in [from, toExclusive) by account sequence, at most `limit`, with their transfers', async () => {
    const from = new Date('2026-01-01T00:00:00.000Z')
    const to = new Date('2026-02-01T00:00:00.000Z')
    const rows = await repo.listEntriesBetween(clientId, from, to, 10)
    expect(rows.map((r) => [r.accountSequence, r.amount.amountMinor, r.balanceAfter?.amountMinor, r.reference])).toEqual([
      [2n, 250_000_00n, 251_000_00n, '=HYPERLINK("http://evil.example")'],
      [3n, 50_25n, 250_949_75n, 'cash withdrawal'],
    ])
    expect(await repo.listEntriesBetween(clientId, from, to, 1)).toHaveLength(1)
    const vaultRows = await repo.listEntriesBetween(vaultId, from, to, 10)
    expect(vaultRows.map((r) => [r.direction, r.balanceAfter, r.counterpartyName])).toEqual([
      ['debit', null, '@SUM(1+1)'], // a hot account stores no running balance
      ['credit', null, null],
    ])
  })
})

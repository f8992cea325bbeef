import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, hasPostgres, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, parseMoney, uuidv7, uuidv7Ids, type CurrencyCode, type Money } from '@strongroom/kernel'
import {
  createFxService, createLedgerService, type EcbImportReport, type FxRate, type FxRateStore, type FxService, type LedgerService,
} from '../core/index.js'
import { aNewClientAccount, aNewInternalAccount, cny, eur, jpy, usd } from '../testing/index.js'
import { createKyselyFxRateStore, createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type FxTables, type LedgerTables } from './index.js'

// The real ECB history, beside the repository: <repo>/../shared/data/ecb (CI puts shared/ there too).
const repositoryRoot = new URL('../../../../', import.meta.url)
const ecbFile = fileURLToPath(new URL('../shared/data/ecb/eurofxref-hist.csv', repositoryRoot))
const csv = readFileSync(ecbFile, 'utf8')

/** The file read by hand, without the parser: header cells, and the cells of the line of a date. */
const lines = csv.split('\n').filter((line) => line.trim() !== '')
const header = lines[0]!.split(',')
function publishedOn(date: string, currency: string): string {
  const line = lines.find((l) => l.startsWith(`${date},`))
  if (!line) throw new Error(`no line for ${date} in ${ecbFile}`)
  const value = line.split(',')[header.indexOf(currency)]
  if (value === undefined || value === 'N/A') throw new Error(`${currency} not quoted on ${date}`)
  return value
}
/** Columns the kernel does not know: currencies the euro (or a redenomination) replaced. */
const replaced = new Set(['CYP', 'EEK', 'LTL', 'LVL', 'MTL', 'ROL', 'SIT', 'SKK', 'HRK', 'TRL'])
const quotedRates = lines
  .slice(1)
  .reduce((n, line) => n + line.split(',').slice(1).filter((cell, i) => cell !== '' && cell !== 'N/A' && !replaced.has(header[i + 1]!)).length, 0)

const kwd = (amount: string): Money => parseMoney(amount, 'KWD')

let database: TestDatabase
let store: FxRateStore
let fx: FxService
let ledger: LedgerService
let firstImport: EcbImportReport
let importMs: number
const clock = fixedClock('2025-05-12T09:00:00.000Z')
const vault = {} as Record<string, string>
const position = {} as Record<string, string>
const clientId = uuidv7()

const countRates = async () => (await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.fx_rate`.execute(database.db)).rows[0]!.n

async function trialBalance() {
  const { rows } = await sql<{ currency: string; debits: bigint; credits: bigint }>`
    select currency,
      sum(case when direction = 'debit' then amount_minor else 0 end)::int8 as debits,
      sum(case when direction = 'credit' then amount_minor else 0 end)::int8 as credits
    from ledger.entry group by currency order by currency`.execute(database.db)
  return rows
}

async function account(currency: CurrencyCode, balance?: Money): Promise<string> {
  const id = (await ledger.openAccount(aNewClientAccount({ currency, clientId }))).account.id
  if (balance) await ledger.postTransfer({ debitAccountId: vault[currency]!, creditAccountId: id, amount: balance, channel: 'cash' })
  return id
}

const postedBalance = async (id: string) => {
  const { balances } = await ledger.getAccount(id)
  return balances.postedCreditsMinor - balances.postedDebitsMinor
}

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  store = createKyselyFxRateStore(database.db as Kysely<FxTables>)
  ledger = createLedgerService({ repo: createKyselyLedgerRepository(database.db as Kysely<LedgerTables>), clock, ids: uuidv7Ids })
  fx = createFxService({ rates: store, ledger, clock })
  for (const currency of ['EUR', 'CNY', 'USD', 'JPY', 'KWD'] as const) {
    vault[currency] = (await ledger.openAccount(aNewInternalAccount('cash_vault', currency))).account.id
    position[currency] = (await ledger.openAccount(aNewInternalAccount('fx_position', currency))).account.id
  }
  const started = performance.now()
  firstImport = await fx.importEcbCsv(csv)
  importMs = performance.now() - started
  console.info(`ECB history import (${database.kind}): ${firstImport.rates} rates over ${firstImport.days} days in ${importMs.toFixed(0)} ms`)
}, 300_000)

afterAll(async () => {
  await database?.close()
})

describe(`the ECB history, imported whole (${hasPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('records every quoted rate of every day, and says what it skipped', async () => {
    expect(firstImport).toEqual({
      days: lines.length - 1,
      rates: quotedRates,
      recorded: quotedRates,
      alreadyRecorded: 0,
      skippedCurrencies: [...replaced],
      firstDate: '1999-01-04',
      lastDate: '2025-05-09',
    })
    expect(await countRates()).toBe(BigInt(quotedRates))
  })

  it.each([
    ['2008-09-15', ['USD', 'CNY', 'JPY', 'GBP']], // the day Lehman Brothers failed
    ['2020-03-16', ['USD', 'CNY', 'ISK', 'GBP']], // ISK 151.2, GBP 0.90918: exact as published
  ])('has the rates published on %s, exactly as written in the file, in force from 15:00 UTC', async (date, currencies) => {
    for (const currency of currencies) {
      const stored = await store.latestRate('EUR', currency as CurrencyCode, new Date(`${date}T15:00:00Z`))
      expect(stored).toMatchObject({ base: 'EUR', quote: currency, rate: publishedOn(date, currency), source: 'ECB', asOf: `${date}T15:00:00.000Z` })
    }
    // A minute before, the previous business day's rate was still in force.
    const before = await store.latestRate('EUR', 'USD', new Date(`${date}T14:59:00Z`))
    const previous = lines[lines.findIndex((l) => l.startsWith(`${date},`)) + 1]!.split(',')[0]!
    expect(before).toMatchObject({ rate: publishedOn(previous, 'USD'), asOf: `${previous}T15:00:00.000Z` })
  })

  it('hand-checked: USD 1.4151 and CNY 9.6864 per EUR on 2008-09-15; ISK 150 (no decimals) on 2020-03-13', async () => {
    const day = new Date('2008-09-15T16:00:00Z')
    expect((await store.latestRate('EUR', 'USD', day))?.rate).toBe('1.4151')
    expect((await store.latestRate('EUR', 'CNY', day))?.rate).toBe('9.6864')
    expect((await store.latestRate('EUR', 'ISK', new Date('2020-03-13T16:00:00Z')))?.rate).toBe('150')
  })

  it('is idempotent: importing the same file again records nothing', async () => {
    const again = await fx.importEcbCsv(csv)
    expect(again).toMatchObject({ rates: quotedRates, recorded: 0, alreadyRecorded: quotedRates })
    expect(await countRates()).toBe(BigInt(quotedRates))
  }, 300_000)

  it('inverts and crosses the stored rates, rounded once to 10 significant digits', async () => {
    // 1 / 1.1157 = 0.896298288070…
    expect(await fx.rateFor('USD', 'EUR', new Date('2020-03-16T18:00:00Z'))).toMatchObject({
      rate: { base: 'USD', quote: 'EUR', rate: '0.8962982881', source: 'ECB', asOf: '2020-03-16T15:00:00.000Z' }, derivation: 'inverse',
    })
    // 9.6864 / 1.4151 = 6.845028619885… → 6.845028620
    expect(await fx.rateFor('USD', 'CNY', new Date('2008-09-15T18:00:00Z'))).toMatchObject({
      rate: { base: 'USD', quote: 'CNY', rate: '6.84502862', asOf: '2008-09-15T15:00:00.000Z' },
      derivation: 'cross',
      derivedFrom: [expect.objectContaining({ quote: 'CNY', rate: '9.6864' }), expect.objectContaining({ quote: 'USD', rate: '1.4151' })],
    })
    // 117.76 / 7.8351 = 15.029801789383…
    expect((await fx.rateFor('CNY', 'JPY', new Date('2020-03-16T18:00:00Z'))).rate.rate).toBe('15.02980179')
    // CNY was first quoted in 2005: before that there is no CNY rate at all.
    await expect(fx.rateFor('USD', 'CNY', new Date('2000-01-03T18:00:00Z'))).rejects.toMatchObject({ code: 'common.not_found' })
  })
})

describe('the Kysely FX rate store', () => {
  const desk = (quote: CurrencyCode, rate: string, asOf: string): FxRate => ({ base: 'USD', quote, rate, source: 'desk', asOf })

  it('writes all or nothing, across batches, and reports each conflict', async () => {
    const small = createKyselyFxRateStore(database.db as Kysely<FxTables>, { batchSize: 2 })
    const before = await countRates()
    const batch = [
      desk('CNY', '7.1', '2024-01-02T08:00:00.000Z'),
      desk('CNY', '7.2', '2024-01-03T08:00:00.000Z'),
      desk('CNY', '7.3', '2024-01-04T08:00:00.000Z'),
      { base: 'EUR', quote: 'USD', rate: '1.1253', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' } as FxRate, // published: 1.1252
    ]
    expect(await small.upsertRates(batch, clock.now())).toEqual({
      inserted: 0,
      conflicts: [{ base: 'EUR', quote: 'USD', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z', stored: '1.1252', offered: '1.1253' }],
    })
    expect(await countRates()).toBe(before)
    expect(await small.upsertRates(batch.slice(0, 3), clock.now())).toEqual({ inserted: 3, conflicts: [] })
    // The same value written another way is the same rate.
    expect(await small.upsertRates([desk('CNY', '7.10', '2024-01-02T08:00:00.000Z')], clock.now())).toEqual({ inserted: 0, conflicts: [] })
  })

  it('finds the latest rate of a pair, of one source or of any (the first source by name on a tie)', async () => {
    // GBP: no other test reads it.
    await store.upsertRates([{ base: 'EUR', quote: 'GBP', rate: '0.85', source: 'AAA desk', asOf: '2025-05-09T15:00:00.000Z' }], clock.now())
    const at = new Date('2025-05-10T00:00:00Z')
    expect((await store.latestRate('EUR', 'GBP', at))?.source).toBe('AAA desk')
    expect((await store.latestRate('EUR', 'GBP', at, 'ECB'))?.rate).toBe('0.8477')
    expect(await store.latestRate('EUR', 'GBP', at, 'nobody')).toBeUndefined()
    expect(await store.latestRate('EUR', 'USD', new Date('1999-01-04T14:59:59.999Z'))).toBeUndefined()
  })

  it('lists rates newest first, a page at a time', async () => {
    const filter = { base: 'EUR' as const, quote: 'USD' as const, source: 'ECB', from: new Date('2025-05-05T00:00:00Z'), to: new Date('2025-05-09T23:59:59Z') }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await store.listRates(filter, { limit: 2, cursor })
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((r) => `${r.asOf.slice(0, 10)} ${r.rate}`))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    const days = ['2025-05-09', '2025-05-08', '2025-05-07', '2025-05-06', '2025-05-05']
    expect(seen).toEqual(days.map((d) => `${d} ${publishedOn(d, 'USD')}`))
  })

  it('never changes or removes a recorded rate, even by direct SQL', async () => {
    await expect(sql`update ledger.fx_rate set rate = 1 where quote = 'USD'`.execute(database.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from ledger.fx_rate where quote = 'USD'`.execute(database.db)).rejects.toThrow(/append-only/)
  })

  it.runIf(hasPostgres())('records each rate once when the same rates are offered by concurrent writers (PostgreSQL)', async () => {
    const rates = Array.from({ length: 200 }, (_, i) => desk('JPY', `14${i % 10}.${i}`, new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString()))
    const results = await Promise.all(Array.from({ length: 8 }, () => store.upsertRates(rates, clock.now())))
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(200)
    expect(results.every((r) => r.conflicts.length === 0)).toBe(true)
  })
})

describe('conversions through the Kysely ledger, at ECB rates', () => {
  it('converts 1,000.00 EUR into 8,147.00 CNY at the latest rate (ECB, 9 May 2025, 8.147)', async () => {
    const from = await account('EUR', eur('5000.00'))
    const to = await account('CNY')
    const result = await fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('1000.00'), toCurrency: 'CNY', rate: 'latest' })
    expect(result).toMatchObject({
      debited: eur('1000.00'), credited: cny('8147.00'), derivation: 'direct',
      rate: { base: 'EUR', quote: 'CNY', rate: '8.147', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' },
    })
    const stored = await ledger.getTransfer(result.posted.transfer.id)
    expect(stored.entries.map((e) => [e.accountId, e.direction, e.amount])).toEqual([
      [from, 'debit', eur('1000.00')], [position.EUR, 'credit', eur('1000.00')], [position.CNY, 'debit', cny('8147.00')], [to, 'credit', cny('8147.00')],
    ])
    expect(stored.transfer.metadata).toMatchObject({ 'fx.rate': '8.147', 'fx.source': 'ECB', 'fx.asOf': '2025-05-09T15:00:00.000Z', 'fx.derivation': 'direct' })
    expect([await postedBalance(from), await postedBalance(to)]).toEqual([400_000n, 814_700n])
  })

  it('known answers: 1,000.00 EUR at 7.7433 → 7,743.30 CNY; USD→JPY and JPY→EUR; USD→KWD', async () => {
    const eurAccount = await account('EUR', eur('2000.00'))
    const cnyAccount = await account('CNY')
    const usdAccount = await account('USD', usd('5000.00'))
    const jpyAccount = await account('JPY')
    const kwdAccount = await account('KWD')
    const convert = (fromAccountId: string, toAccountId: string, amount: Money, toCurrency: CurrencyCode, rate: string) =>
      fx.convertAndPost({ fromAccountId, toAccountId, amount, toCurrency, rate }).then((r) => r.credited)
    expect(await convert(eurAccount, cnyAccount, eur('1000.00'), 'CNY', '7.7433')).toEqual(cny('7743.30'))
    // 1,234.56 × 145.678 = 179,848.23168 → 179,848
    expect(await convert(usdAccount, jpyAccount, usd('1234.56'), 'JPY', '145.678')).toEqual(jpy('179848'))
    // 100,000 × 0.006123 = 612.30 exactly
    expect(await convert(jpyAccount, eurAccount, jpy('100000'), 'EUR', '0.006123')).toEqual(eur('612.30'))
    // 1,234.57 × 0.30745 = 379.5685465 → 379.569
    expect(await convert(usdAccount, kwdAccount, usd('1234.57'), 'KWD', '0.30745')).toEqual(kwd('379.569'))
    expect(await postedBalance(jpyAccount)).toBe(79_848n)
  })

  it('converts USD into CNY at the ECB cross rate 7.240490579: 10,000.00 → 72,404.91', async () => {
    const from = await account('USD', usd('10000.00'))
    const to = await account('CNY')
    const result = await fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: usd('10000.00'), toCurrency: 'CNY', rate: 'latest' })
    expect(result.credited).toEqual(cny('72404.91'))
    expect(result.rate.rate).toBe('7.240490579')
  })

  it('refuses a conversion the payer cannot cover, and posts nothing', async () => {
    const from = await account('EUR', eur('999.99'))
    const to = await account('CNY')
    const count = async () => (await sql<{ t: bigint; e: bigint }>`
      select (select count(*) from ledger.transfer)::int8 as t, (select count(*) from ledger.entry)::int8 as e`.execute(database.db)).rows[0]
    const before = await count()
    await expect(fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('1000.00'), toCurrency: 'CNY', rate: 'latest' }))
      .rejects.toMatchObject({ code: 'ledger.insufficient_funds' })
    expect(await count()).toEqual(before)
    expect([await postedBalance(from), await postedBalance(to)]).toEqual([99_999n, 0n])
  })

  it('leaves debits equal to credits in every currency', async () => {
    const rows = await trialBalance()
    expect(rows.map((r) => r.currency)).toEqual(['CNY', 'EUR', 'JPY', 'KWD', 'USD'])
    for (const row of rows) expect(row.debits).toBe(row.credits)
  })
})

describe('timing', () => {
  it('imported the full history within a minute', () => {
    expect(importMs).toBeLessThan(60_000)
  })
})

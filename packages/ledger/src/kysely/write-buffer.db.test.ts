import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { parseMoney, systemClock, uuidv7, uuidv7Ids } from '@strongroom/kernel'
import { createLedgerService, type LedgerService } from '../core/index.js'
import { aNewClientAccount, aNewInternalAccount } from '../testing/index.js'
import { createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type LedgerTables } from './index.js'

let database: TestDatabase
let ledger: LedgerService

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  ledger = createLedgerService({ repo: createKyselyLedgerRepository(database.db as Kysely<LedgerTables>), clock: systemClock, ids: uuidv7Ids })
})
afterAll(async () => {
  await database.close()
})

describe('the write buffer', () => {
  it('posts an atomic batch too large for one statement (PostgreSQL allows 65,535 parameters)', async () => {
    // 1,000 five-leg transfers over 4,000 client accounts: 55,000 transfer and entry parameters, 32,000 account ones.
    const vault = await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY', { unbounded: true }))
    const accounts: string[] = []
    for (let i = 0; i < 4000; i++) accounts.push((await ledger.openAccount(aNewClientAccount({ clientId: uuidv7() }))).account.id)
    const one = parseMoney('1.00', 'CNY')
    const results = await ledger.postBatch(Array.from({ length: 1000 }, (_, i) => ({
      channel: 'cash' as const,
      entries: [
        { accountId: vault.account.id, direction: 'debit' as const, amount: parseMoney('4.00', 'CNY') },
        ...accounts.slice(i * 4, i * 4 + 4).map((accountId) => ({ accountId, direction: 'credit' as const, amount: one })),
      ],
    })), 'atomic')
    expect(results.every((r) => r.kind === 'posted')).toBe(true)
    const { rows } = await sql<{ n: bigint; total: bigint }>`
      select count(*)::int8 as n, sum(posted_credits_minor)::int8 as total from ledger.account where kind = 'client'`.execute(database.db)
    expect(rows[0]).toEqual({ n: 4000n, total: 400_000n })
  }, 120_000)

  it('adds a hot delta to a shard that does not exist yet instead of losing it', async () => {
    const fees = await ledger.openAccount(aNewInternalAccount('fees', 'CNY', { unbounded: true }))
    const client = await ledger.openAccount(aNewClientAccount({ clientId: uuidv7() }))
    // As if the shard count had been raised since the account opened: no shard rows at all.
    await sql`delete from ledger.account_shard where account_id = ${fees.account.id}`.execute(database.db)
    await ledger.postTransfer({ debitAccountId: fees.account.id, creditAccountId: client.account.id, amount: parseMoney('7.00', 'CNY'), channel: 'internal' })
    const read = await ledger.getAccount(fees.account.id)
    expect(read.balances.postedDebitsMinor).toBe(700n)
  })
})

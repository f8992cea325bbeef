import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { systemClock, uuidv7, uuidv7Ids } from '@strongroom/kernel'
import { createLedgerService, type LedgerService } from '../core/index.js'
import { aNewClientAccount, aNewInternalAccount, cny } from '../testing/index.js'
import { createJournalSealer, createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type JournalSealer, type LedgerTables } from './index.js'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

let database: TestDatabase
let ledger: LedgerService
let sealer: JournalSealer

/** A fresh ledger with some postings on a client account and the hot vault, all sealed. */
async function postSome(n: number) {
  const vault = await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY', { unbounded: true }))
  const account = await ledger.openAccount(aNewClientAccount({ clientId: uuidv7() }))
  for (let i = 1; i <= n; i++) {
    await ledger.postTransfer({ debitAccountId: vault.account.id, creditAccountId: account.account.id, amount: cny(`${i}.00`), channel: 'cash' })
  }
}

/** What a superuser could do: switch the triggers off and edit the table directly. */
async function tamper(statement: ReturnType<typeof sql>) {
  await database.db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn)
    try {
      await statement.execute(conn)
    } finally {
      await sql`set session_replication_role = origin`.execute(conn)
    }
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  const db = database.db as Kysely<LedgerTables>
  ledger = createLedgerService({ repo: createKyselyLedgerRepository(db), clock: systemClock, ids: uuidv7Ids })
  sealer = createJournalSealer(db, { sha256 })
})
afterAll(async () => {
  await database.close()
})

describe('the tamper-evident journal', () => {
  it('seals posted entries in batches into one unbroken chain, and verify agrees', async () => {
    await postSome(12)
    const first = await sealer.sealBatch(10)
    expect(first.sealed).toBe(10)
    expect(await sealer.sealAll(7)).toBe(14) // 24 entries in all
    const result = await sealer.verify(5) // several pages
    expect(result).toMatchObject({ ok: true, count: 24, unsealed: 0 })
  })

  it('refuses to update a sealed row through the database', async () => {
    await expect(sql`update ledger.entry set amount_minor = 1 where journal_sequence = 3`.execute(database.db)).rejects.toThrow()
  })

  it('finds a sealed row edited directly in PostgreSQL, bypassing the trigger', async () => {
    await tamper(sql`update ledger.entry set amount_minor = amount_minor + 100 where journal_sequence = 7`)
    const { rows } = await sql<{ amount_minor: bigint }>`select amount_minor from ledger.entry where journal_sequence = 7`.execute(database.db)
    expect(rows[0]!.amount_minor).toBeGreaterThan(100n) // the edit really happened
    const result = await sealer.verify(5)
    expect(result).toMatchObject({ ok: false, firstBrokenSequence: 7n, reason: 'hash_mismatch' })
    await tamper(sql`update ledger.entry set amount_minor = amount_minor - 100 where journal_sequence = 7`)
    expect((await sealer.verify(5)).ok).toBe(true)
  })

  it('seals the transfer header too: a rewritten reference or metadata breaks the chain', async () => {
    await expect(sql`update ledger.transfer set reference = 'forged'`.execute(database.db)).rejects.toThrow(/append-only/)
    const { rows } = await sql<{ transfer_id: string; journal_sequence: bigint }>`
      select transfer_id, journal_sequence from ledger.entry where journal_sequence = 9`.execute(database.db)
    const transferId = rows[0]!.transfer_id
    await tamper(sql`update ledger.transfer set metadata = '{"approvedBy":"nobody"}'::jsonb where id = ${transferId}`)
    const { rows: first } = await sql<{ n: bigint }>`
      select min(journal_sequence)::int8 as n from ledger.entry where transfer_id = ${transferId}`.execute(database.db)
    expect(await sealer.verify(5)).toMatchObject({ ok: false, firstBrokenSequence: first[0]!.n, reason: 'hash_mismatch' })
    await tamper(sql`update ledger.transfer set metadata = '{}'::jsonb where id = ${transferId}`)
    expect((await sealer.verify(5)).ok).toBe(true)
  })

  it('finds a deleted row, and rows cut off the end of the chain', async () => {
    await tamper(sql`delete from ledger.entry where journal_sequence = 24`)
    expect(await sealer.verify(5)).toMatchObject({ ok: false, firstBrokenSequence: 24n, reason: 'truncated' })
    await tamper(sql`delete from ledger.entry where journal_sequence = 11`)
    expect(await sealer.verify(5)).toMatchObject({ ok: false, firstBrokenSequence: 11n, reason: 'sequence_gap' })
  })
})

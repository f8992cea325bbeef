import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, hasPostgres, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { formatMoney, parseMoney, systemClock, uuidv7, uuidv7Ids } from '@strongroom/kernel'
import { createLedgerService, type AccountState, type LedgerService } from '../core/index.js'
import { aNewClientAccount, aNewInternalAccount, cny } from '../testing/index.js'
import { createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type LedgerTables } from './index.js'

let database: TestDatabase
let ledger: LedgerService
let vault: AccountState

async function trialBalance() {
  const { rows } = await sql<{ currency: string; debits: bigint; credits: bigint }>`
    select currency,
      sum(case when direction = 'debit' then amount_minor else 0 end)::int8 as debits,
      sum(case when direction = 'credit' then amount_minor else 0 end)::int8 as credits
    from ledger.entry group by currency`.execute(database.db)
  return rows
}

async function fundedAccount(amount: string): Promise<AccountState> {
  const account = await ledger.openAccount(aNewClientAccount({ clientId: uuidv7() }))
  if (amount !== '0') {
    await ledger.postTransfer({ debitAccountId: vault.account.id, creditAccountId: account.account.id, amount: cny(amount), channel: 'cash' })
  }
  return account
}

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  ledger = createLedgerService({
    repo: createKyselyLedgerRepository(database.db as Kysely<LedgerTables>), clock: systemClock, ids: uuidv7Ids,
  })
  vault = await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY', { unbounded: true }))
})
afterAll(async () => {
  await database.close()
})

describe('the Kysely ledger repository', () => {
  it('posts a deposit and reads back balances, entries with running balances, and point-in-time balances', async () => {
    const account = await fundedAccount('1000.00')
    const before = new Date()
    await new Promise((r) => setTimeout(r, 5))
    await ledger.postTransfer({ debitAccountId: account.account.id, creditAccountId: vault.account.id, amount: cny('250.50'), channel: 'cash' })
    const read = await ledger.getAccount(account.account.id)
    expect(read.balances.postedCreditsMinor - read.balances.postedDebitsMinor).toBe(74_950n)
    const entries = await ledger.listEntries(account.account.id, { limit: 10 })
    expect(entries.items.map((e) => formatMoney(e.balanceAfter))).toEqual(['1000.00', '749.50'])
    expect(formatMoney(await ledger.balanceAt(account.account.id, before))).toBe('1000.00')
  })

  it('keeps a hot account’s balance exact across its shards, and derives its running balance', async () => {
    const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.account_shard where account_id = ${vault.account.id}`.execute(database.db)
    expect(rows[0]!.n).toBe(16n)
    const state = await ledger.getAccount(vault.account.id)
    const { rows: sums } = await sql<{ d: bigint; c: bigint }>`
      select coalesce(sum(case when direction = 'debit' then amount_minor end), 0)::int8 as d,
             coalesce(sum(case when direction = 'credit' then amount_minor end), 0)::int8 as c
      from ledger.entry where account_id = ${vault.account.id}`.execute(database.db)
    expect(state.balances.postedDebitsMinor).toBe(sums[0]!.d)
    expect(state.balances.postedCreditsMinor).toBe(sums[0]!.c)
    const page = await ledger.listEntries(vault.account.id, { limit: 200 })
    const last = page.items.at(-1)!
    expect(last.balanceAfter.amountMinor).toBe(sums[0]!.d - sums[0]!.c) // the vault is debit-normal
  })

  it('refuses to change or delete an entry, even by direct SQL', async () => {
    await expect(sql`update ledger.entry set amount_minor = amount_minor + 1`.execute(database.db)).rejects.toThrow(/immutable|sealed/)
    await expect(sql`delete from ledger.entry`.execute(database.db)).rejects.toThrow(/append-only/)
  })

  it('replays a transfer posted twice under one key: it posts once', async () => {
    const account = await fundedAccount('0')
    const request = { debitAccountId: vault.account.id, creditAccountId: account.account.id, amount: cny('10.00'), channel: 'cash' as const }
    const first = await ledger.postTransfer(request, { idempotencyKey: 'deposit-42' })
    const second = await ledger.postTransfer(request, { idempotencyKey: 'deposit-42' })
    expect(second.transfer.id).toBe(first.transfer.id)
    const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.transfer where idempotency_key = 'deposit-42'`.execute(database.db)
    expect(rows[0]!.n).toBe(1n)
    expect((await ledger.getAccount(account.account.id)).balances.postedCreditsMinor).toBe(1000n)
  })

  it.runIf(hasPostgres())('lets exactly 50 of 100 concurrent withdrawals of 10,000.00 from 500,000.00 succeed (PostgreSQL)', async () => {
    const account = await fundedAccount('500000.00')
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        ledger.postTransfer({ debitAccountId: account.account.id, creditAccountId: vault.account.id, amount: cny('10000.00'), channel: 'cash' })),
    )
    const ok = results.filter((r) => r.status === 'fulfilled').length
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)
    expect(ok).toBe(50)
    expect(new Set(refused)).toEqual(new Set(['ledger.insufficient_funds']))
    const read = await ledger.getAccount(account.account.id)
    expect(read.balances.postedCreditsMinor - read.balances.postedDebitsMinor).toBe(0n)
  })

  it.runIf(hasPostgres())('64 concurrent clients posting 10,000 transfers keep the trial balance equal and store every acknowledged transfer (PostgreSQL)', async () => {
    const accounts = await Promise.all(Array.from({ length: 40 }, () => fundedAccount('100000.00')))
    const before = await sql<{ n: bigint }>`select count(*)::int8 as n from ledger.transfer`.execute(database.db)
    const acknowledged: string[] = []
    let next = 0
    const total = 10_000
    async function worker() {
      while (next < total) {
        next += 1
        const from = accounts[Math.floor(Math.random() * accounts.length)]!
        let to = accounts[Math.floor(Math.random() * accounts.length)]!
        if (to === from) to = vault // every so often, through the hot vault
        const amount = parseMoney(`${1 + Math.floor(Math.random() * 500)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`, 'CNY')
        try {
          const posted = await ledger.postTransfer({ debitAccountId: from.account.id, creditAccountId: to.account.id, amount, channel: 'transfer' })
          acknowledged.push(posted.transfer.id)
        } catch (error) {
          if ((error as { code?: string }).code !== 'ledger.insufficient_funds') throw error
        }
      }
    }
    await Promise.all(Array.from({ length: 64 }, worker))
    expect(acknowledged.length).toBeGreaterThan(total * 0.9)
    const stored = await sql<{ id: string }>`select id from ledger.transfer`.execute(database.db)
    const storedIds = new Set(stored.rows.map((r) => r.id))
    expect(acknowledged.every((id) => storedIds.has(id))).toBe(true)
    expect(BigInt(stored.rows.length)).toBe(before.rows[0]!.n + BigInt(acknowledged.length))
    for (const row of await trialBalance()) expect(row.debits).toBe(row.credits)
    // Counters agree with the entries, account by account: no lost update.
    const { rows: drift } = await sql<{ id: string }>`
      with sums as (
        select account_id,
          coalesce(sum(case when direction = 'debit' then amount_minor end), 0)::int8 as d,
          coalesce(sum(case when direction = 'credit' then amount_minor end), 0)::int8 as c
        from ledger.entry group by account_id),
      shard as (
        select account_id, sum(posted_debits_minor)::int8 as d, sum(posted_credits_minor)::int8 as c
        from ledger.account_shard group by account_id)
      select a.id from ledger.account a join sums s on s.account_id = a.id left join shard h on h.account_id = a.id
      where a.posted_debits_minor + coalesce(h.d, 0) <> s.d or a.posted_credits_minor + coalesce(h.c, 0) <> s.c`.execute(database.db)
    expect(drift).toEqual([])
    for (const a of accounts) {
      const s = await ledger.getAccount(a.account.id)
      expect(s.balances.postedCreditsMinor - s.balances.postedDebitsMinor).toBeGreaterThanOrEqual(0n)
    }
  }, 300_000)
})

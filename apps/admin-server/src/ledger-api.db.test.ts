import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from './testing/test-app.js'

let t: TestApp
let ops: { id: string; token: string }
let rm: { id: string; token: string }
let vault: string
let clientId: string
let account: string

const post = (url: string, payload: unknown, headers: Record<string, string> = {}, token = ops.token) =>
  t.call(token, { method: 'POST', url, payload: payload as object, headers })
const get = (url: string, token = ops.token) => t.call(token, { method: 'GET', url })

async function jobsFor(transferId: string): Promise<number> {
  const { rows } = await sql<{ n: bigint }>`
    select count(*)::int8 as n from pgboss.job where name = 'ledger.transfer-posted' and data->>'transferId' = ${transferId}`.execute(t.database.db)
  return Number(rows[0]!.n)
}

beforeAll(async () => {
  t = await createTestApp()
  ops = await t.staffWith(['operations'])
  rm = await t.staffWith(['relationship_manager'])
  const client = await post('/v1/clients', { kind: 'individual', legalName: 'Ledger Client', country: 'CN', segment: 'high_net_worth', relationshipManagerId: rm.id })
  clientId = client.json().id
  vault = (await post('/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Cash vault CNY' })).json().id
  const opened = await post('/v1/accounts', { kind: 'client', clientId, currency: 'CNY', name: 'Demand deposit' })
  expect(opened.statusCode).toBe(201)
  account = opened.json().id
})
afterAll(async () => {
  await t.close()
})

describe('the ledger over HTTP', () => {
  it('posts a cash deposit, answers with the balances, and enqueues TransferPosted in the same transaction', async () => {
    const res = await post('/v1/transfers', {
      debitAccountId: vault, creditAccountId: account, amount: { amount: '500000.00', currency: 'CNY' }, channel: 'cash', reference: 'DEP-1',
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.balances.find((b: { accountId: string }) => b.accountId === account)).toMatchObject({
      posted: { amount: '500000.00', currency: 'CNY' }, available: { amount: '500000.00', currency: 'CNY' },
    })
    expect(await jobsFor(body.id)).toBe(1)
    // The hot vault's leg carries no running balance of its own; the client's does.
    const legs = (await get(`/v1/transfers/${body.id}`)).json().entries
    expect(legs.find((e: { accountId: string }) => e.accountId === vault).balanceAfter).toBeNull()
    expect(legs.find((e: { accountId: string }) => e.accountId === account).balanceAfter).toEqual({ amount: '500000.00', currency: 'CNY' })
    expect(body.entries.find((e: { accountId: string }) => e.accountId === vault).balanceAfter).toBeNull()
  })

  it('refuses an overdraft with 422 problem+json, posting and enqueuing nothing', async () => {
    const before = (await get(`/v1/accounts/${account}`)).json().balances.posted
    const res = await post('/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: { amount: '500000.01', currency: 'CNY' }, channel: 'cash' })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toMatch(/problem\+json/)
    expect(res.json().code).toBe('ledger.insufficient_funds')
    expect((await get(`/v1/accounts/${account}`)).json().balances.posted).toEqual(before)
    const { rows } = await sql<{ n: bigint }>`select count(*)::int8 as n from pgboss.job where name = 'ledger.transfer-posted'`.execute(t.database.db)
    expect(rows[0]!.n).toBe(1n)
  })

  it('rejects amounts with too many decimals or as JSON numbers with 400', async () => {
    for (const amount of [{ amount: '1.001', currency: 'CNY' }, { amount: 1, currency: 'CNY' }, { amount: '1', currency: 'XXX' }, { amount: '-5.00', currency: 'CNY' }]) {
      const res = await post('/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount, channel: 'cash' })
      expect(res.statusCode, JSON.stringify(amount)).toBe(400)
    }
  })

  it('refuses control characters in metadata with 400 (PostgreSQL jsonb cannot store NUL)', async () => {
    const res = await post('/v1/transfers', {
      debitAccountId: vault, creditAccountId: account, amount: { amount: '1.00', currency: 'CNY' }, channel: 'cash', metadata: { note: 'a\u0000b' },
    })
    expect(res.statusCode).toBe(400)
  })

  it('replays a transfer sent twice with one Idempotency-Key; 409 with another body', async () => {
    const body = { debitAccountId: vault, creditAccountId: account, amount: { amount: '100.00', currency: 'CNY' }, channel: 'cash' }
    const first = await post('/v1/transfers', body, { 'idempotency-key': 'dep-100' })
    const second = await post('/v1/transfers', body, { 'idempotency-key': 'dep-100' })
    expect(second.json().id).toBe(first.json().id)
    expect(await jobsFor(first.json().id)).toBe(1)
    const entries = (await get(`/v1/accounts/${account}/entries?limit=200`)).json().items
    expect(entries.filter((e: { transferId: string }) => e.transferId === first.json().id)).toHaveLength(1)
    const conflict = await post('/v1/transfers', { ...body, amount: { amount: '101.00', currency: 'CNY' } }, { 'idempotency-key': 'dep-100' })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.json().code).toBe('ledger.idempotency_conflict')
  })

  it('reverses a transfer once, linked to it', async () => {
    const original = (await post('/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: { amount: '1.00', currency: 'CNY' }, channel: 'cash' })).json()
    const reversal = await post(`/v1/transfers/${original.id}/reversal`, { reason: 'keyed twice' })
    expect(reversal.statusCode).toBe(201)
    expect(reversal.json()).toMatchObject({ kind: 'reversal', reversalOf: original.id })
    const again = await post(`/v1/transfers/${original.id}/reversal`, { reason: 'again' })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('ledger.already_reversed')
  })

  it('holds funds against the available balance, captures part and releases the rest', async () => {
    const hold = await post('/v1/holds', { accountId: account, amount: { amount: '1000.00', currency: 'CNY' }, reason: 'wire pending', owner: 'payments' })
    expect(hold.statusCode).toBe(201)
    const balances = (await get(`/v1/accounts/${account}`)).json().balances
    expect(balances.held).toEqual({ amount: '1000.00', currency: 'CNY' })
    const captured = await post(`/v1/holds/${hold.json().id}/capture`, { toAccountId: vault, amount: { amount: '400.00', currency: 'CNY' } })
    expect(captured.statusCode).toBe(201)
    expect(captured.json().hold).toMatchObject({ status: 'captured', capturedAmount: { amount: '400.00', currency: 'CNY' } })
    expect((await get(`/v1/accounts/${account}`)).json().balances.held).toEqual({ amount: '0.00', currency: 'CNY' })
    const again = await post(`/v1/holds/${hold.json().id}/void`, {})
    expect(again.statusCode).toBe(422)
  })

  it('posts a batch atomically, or item by item with a result per item', async () => {
    const ok = { debitAccountId: vault, creditAccountId: account, amount: { amount: '10.00', currency: 'CNY' }, channel: 'cash' }
    const tooMuch = { debitAccountId: account, creditAccountId: vault, amount: { amount: '999999.00', currency: 'CNY' }, channel: 'cash' } // above the balance, below the approval policy
    const before = (await get(`/v1/accounts/${account}`)).json().balances.posted.amount
    const atomic = await post('/v1/transfers/batch', { mode: 'atomic', transfers: [ok, ok, tooMuch] })
    expect(atomic.statusCode).toBe(422)
    expect(atomic.json().detail).toMatch(/transfer 2 of the batch/)
    expect((await get(`/v1/accounts/${account}`)).json().balances.posted.amount).toBe(before)
    const independent = await post('/v1/transfers/batch', { mode: 'independent', transfers: [ok, tooMuch, ok] })
    expect(independent.statusCode).toBe(200)
    expect(independent.json()).toMatchObject({ posted: 2, rejected: 1 })
    expect(independent.json().items[1]).toMatchObject({ status: 'rejected', code: 'ledger.insufficient_funds' })
    const good = await post('/v1/transfers/batch', { mode: 'atomic', transfers: [ok, ok] })
    expect(good.json()).toMatchObject({ posted: 2, rejected: 0 })
  })

  it('keeps the trial balance equal, and seals a journal that verifies', async () => {
    const tb = (await get('/v1/ledger/trial-balance')).json()
    expect(tb.balanced).toBe(true)
    expect(tb.currencies[0]).toMatchObject({ currency: 'CNY', balanced: true })
    expect(await t.app.services.journal.sealAll()).toBeGreaterThan(0)
    const verify = (await get('/v1/journal/verify')).json()
    expect(verify).toMatchObject({ ok: true, unsealed: 0 })
    expect(verify.verified).toBeGreaterThan(10)
  })

  it('reports the first broken link when a superuser edits a sealed entry behind the trigger', async () => {
    await t.database.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn)
      await sql`update ledger.entry set amount_minor = amount_minor * 10 where journal_sequence = 3`.execute(conn)
      await sql`set session_replication_role = origin`.execute(conn)
    })
    const verify = (await get('/v1/journal/verify')).json()
    expect(verify).toMatchObject({ ok: false, firstBrokenSequence: '3', reason: 'hash_mismatch' })
    await t.database.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn)
      await sql`update ledger.entry set amount_minor = amount_minor / 10 where journal_sequence = 3`.execute(conn)
      await sql`set session_replication_role = origin`.execute(conn)
    })
    expect((await get('/v1/journal/verify')).json().ok).toBe(true)
  })

  it("shows an RM only their own client's legs of a transfer between two books", async () => {
    const otherRm = await t.staffWith(['relationship_manager'])
    const otherClient = (await post('/v1/clients', { kind: 'individual', legalName: 'Other Book', country: 'CN', segment: 'high_net_worth', relationshipManagerId: otherRm.id })).json().id
    const otherAccount = (await post('/v1/accounts', { kind: 'client', clientId: otherClient, currency: 'CNY', name: 'Other' })).json().id
    const paid = (await post('/v1/transfers', { debitAccountId: account, creditAccountId: otherAccount, amount: { amount: '5.00', currency: 'CNY' }, channel: 'transfer' })).json()
    const seen = (await get(`/v1/transfers/${paid.id}`, rm.token)).json()
    expect(seen.entries.map((e: { accountId: string }) => e.accountId)).toEqual([account])
    const seenByOther = (await get(`/v1/transfers/${paid.id}`, otherRm.token)).json()
    expect(seenByOther.entries.map((e: { accountId: string }) => e.accountId)).toEqual([otherAccount])
    const stranger = await t.staffWith(['relationship_manager'])
    expect((await get(`/v1/transfers/${paid.id}`, stranger.token)).statusCode).toBe(404)
  })

  it("shows an RM their client's accounts and nothing else", async () => {
    expect((await get(`/v1/accounts/${account}`, rm.token)).statusCode).toBe(200)
    expect((await get(`/v1/accounts/${vault}`, rm.token)).statusCode).toBe(404)
    expect((await get(`/v1/accounts?clientId=${clientId}`, rm.token)).json().items).toHaveLength(1)
    const otherRm = await t.staffWith(['relationship_manager'])
    expect((await get(`/v1/accounts/${account}`, otherRm.token)).statusCode).toBe(404)
    expect((await get(`/v1/accounts/${account}/entries`, otherRm.token)).statusCode).toBe(404)
    expect((await post('/v1/transfers', {}, {}, rm.token)).statusCode).toBe(403)
  })

  it('freezes an account with a recorded reason: money may come in, not leave', async () => {
    const frozen = await t.call(ops.token, { method: 'PATCH', url: `/v1/accounts/${account}`, payload: { status: 'frozen', reason: 'court order 2026-117' } })
    expect(frozen.json()).toMatchObject({ status: 'frozen', statusReason: 'court order 2026-117' })
    expect((await post('/v1/transfers', { debitAccountId: account, creditAccountId: vault, amount: { amount: '1.00', currency: 'CNY' }, channel: 'cash' })).json().code).toBe('ledger.account_frozen')
    expect((await post('/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: { amount: '1.00', currency: 'CNY' }, channel: 'cash' })).statusCode).toBe(201)
    const open = await t.call(ops.token, { method: 'PATCH', url: `/v1/accounts/${account}`, payload: { status: 'open', reason: 'order lifted' } })
    expect(open.json()).toMatchObject({ status: 'open', statusReason: 'order lifted' })
  })

  it('answers the balance at a past instant', async () => {
    const entries = (await get(`/v1/accounts/${account}/entries?limit=1`)).json().items
    const res = (await get(`/v1/accounts/${account}/balance?at=${encodeURIComponent(entries[0].postedAt)}`)).json()
    expect(res.posted).toEqual({ amount: '500000.00', currency: 'CNY' })
  })
})

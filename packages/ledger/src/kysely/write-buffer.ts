import { sql, type RawBuilder } from 'kysely'
import type { AccountBalances, AccountState, IdempotencyRecord, TransferWithEntries } from '../core/index.js'
import { encodeJson } from './json-codec.js'

/**
 * The writes of one unit of work, held back and sent as one statement.
 *
 * A posting writes the accounts' counters, the transfer, its entries and the
 * idempotency record. Sent one by one that is four round trips inside a
 * transaction that holds row locks; as data-modifying CTEs of one statement
 * it is one, and the locks are held that much shorter. The store flushes
 * before any read and before commit, so the unit of work never reads around
 * its own writes.
 */
export interface WriteBuffer {
  readonly boundedAccounts: Map<string, AccountState>
  readonly hotDeltas: Map<string, AccountBalances>
  readonly hotStatuses: Map<string, string>
  readonly transfers: TransferWithEntries[]
  readonly idempotency: IdempotencyRecord[]
}

export function emptyWriteBuffer(): WriteBuffer {
  return { boundedAccounts: new Map(), hotDeltas: new Map(), hotStatuses: new Map(), transfers: [], idempotency: [] }
}

export function isEmpty(buffer: WriteBuffer): boolean {
  return buffer.boundedAccounts.size === 0 && buffer.hotDeltas.size === 0 && buffer.hotStatuses.size === 0
    && buffer.transfers.length === 0 && buffer.idempotency.length === 0
}

export function addBalances(a: AccountBalances, b: AccountBalances): AccountBalances {
  return {
    postedDebitsMinor: a.postedDebitsMinor + b.postedDebitsMinor,
    postedCreditsMinor: a.postedCreditsMinor + b.postedCreditsMinor,
    pendingDebitsMinor: a.pendingDebitsMinor + b.pendingDebitsMinor,
    pendingCreditsMinor: a.pendingCreditsMinor + b.pendingCreditsMinor,
  }
}

// PostgreSQL takes at most 65,535 parameters a statement; stay well below.
const maxParametersPerStatement = 30_000
const entryParameters = 9
const transferParameters = 10

/** One statement in the common case; a large batch is cut into several. */
export function flushStatements(buffer: WriteBuffer, isHot: (accountId: string) => boolean, shardCount: number): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = []

  if (buffer.boundedAccounts.size) {
    const values = sql.join([...buffer.boundedAccounts.values()].map((s) => sql`(${s.account.id}::uuid, ${s.account.status},
      ${s.balances.postedDebitsMinor}::int8, ${s.balances.postedCreditsMinor}::int8, ${s.balances.pendingDebitsMinor}::int8,
      ${s.balances.pendingCreditsMinor}::int8, ${s.entrySequence}::int8, ${s.lastPostedAt}::timestamptz)`))
    parts.push(sql`update ledger.account as a set status = v.status, posted_debits_minor = v.pd, posted_credits_minor = v.pc,
        pending_debits_minor = v.qd, pending_credits_minor = v.qc, entry_sequence = v.seq, last_posted_at = v.last
      from (values ${values}) as v(id, status, pd, pc, qd, qc, seq, last) where a.id = v.id returning 1`)
  }
  for (const [id, status] of buffer.hotStatuses) {
    parts.push(sql`update ledger.account set status = ${status} where id = ${id} returning 1`)
  }
  // Hot accounts in id order, each delta added to one shard picked at random.
  for (const [id, d] of [...buffer.hotDeltas].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (d.postedDebitsMinor === 0n && d.postedCreditsMinor === 0n && d.pendingDebitsMinor === 0n && d.pendingCreditsMinor === 0n) continue
    parts.push(sql`update ledger.account_shard set
        posted_debits_minor = posted_debits_minor + ${d.postedDebitsMinor}::int8,
        posted_credits_minor = posted_credits_minor + ${d.postedCreditsMinor}::int8,
        pending_debits_minor = pending_debits_minor + ${d.pendingDebitsMinor}::int8,
        pending_credits_minor = pending_credits_minor + ${d.pendingCreditsMinor}::int8
      where account_id = ${id} and shard = ${Math.floor(Math.random() * shardCount)} returning 1`)
  }

  // Transfers and their entries, in chunks that respect the parameter limit.
  let chunk: TransferWithEntries[] = []
  let chunkParameters = 0
  const chunks: TransferWithEntries[][] = []
  for (const t of buffer.transfers) {
    const cost = transferParameters + t.entries.length * entryParameters
    if (chunk.length && chunkParameters + cost > maxParametersPerStatement) {
      chunks.push(chunk)
      chunk = []
      chunkParameters = 0
    }
    chunk.push(t)
    chunkParameters += cost
  }
  if (chunk.length) chunks.push(chunk)

  const transferInserts = chunks.map((list) => {
    const headers = sql.join(list.map(({ transfer: t }) => sql`(${t.id}::uuid, ${t.kind}, ${t.idempotencyKey}, ${t.reference}, ${t.channel},
      ${t.counterparty === null ? null : encodeJson(t.counterparty)}::jsonb, ${encodeJson(t.metadata)}::jsonb, ${t.reversalOf}::uuid,
      ${t.holdId}::uuid, ${t.postedAt}::timestamptz)`))
    const entries = sql.join(list.flatMap(({ entries: es }) => es.map((e, leg) => {
      const hot = isHot(e.accountId)
      return sql`(${e.id}::uuid, ${e.transferId}::uuid, ${leg}::int2, ${e.accountId}::uuid, ${e.direction}, ${e.amount.amountMinor}::int8,
        ${e.amount.currency}, ${hot ? null : e.balanceAfter.amountMinor}::int8,
        ${hot ? sql`nextval('ledger.hot_entry_sequence')` : sql`${e.accountSequence}::int8`}, ${e.postedAt}::timestamptz)`
    })))
    return [
      sql`insert into ledger.transfer (id, kind, idempotency_key, reference, channel, counterparty, metadata, reversal_of, hold_id, posted_at)
        values ${headers} returning 1`,
      sql`insert into ledger.entry (id, transfer_id, leg, account_id, direction, amount_minor, currency, balance_after_minor,
        account_sequence, posted_at) values ${entries} returning 1`,
    ]
  })
  if (buffer.idempotency.length) {
    const records = sql.join(buffer.idempotency.map((r) => sql`(${r.key}, ${r.fingerprint}, ${encodeJson(r.outcome)}::jsonb, ${r.createdAt}::timestamptz)`))
    parts.push(sql`insert into ledger.idempotency_record (key, fingerprint, outcome, created_at) values ${records} returning 1`)
  }

  const [first, ...rest] = transferInserts
  const statements: RawBuilder<unknown>[][] = [[...parts, ...(first ?? [])], ...rest]
  return statements
    .filter((list) => list.length > 0)
    .map((list) => {
      if (list.length === 1) return list[0]!
      const ctes = sql.join(list.map((part, i) => sql`${sql.id(`w${i}`)} as (${part})`))
      return sql`with ${ctes} select 1`
    })
}

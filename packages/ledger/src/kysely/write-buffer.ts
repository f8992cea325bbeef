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
  readonly hotStatuses: Map<string, { readonly status: string; readonly reason: string | null }>
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

interface Part {
  readonly sql: RawBuilder<unknown>
  /** Bound parameters it carries. */
  readonly cost: number
}

function chunked<T>(items: readonly T[], costEach: number): T[][] {
  const size = Math.max(1, Math.floor(maxParametersPerStatement / costEach))
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/**
 * One statement in the common case. A large batch is cut into several, each
 * under the parameter budget; they all run in the same transaction, so the
 * cut changes nothing but the number of round trips.
 */
export function flushStatements(buffer: WriteBuffer, isHot: (accountId: string) => boolean, shardCount: number): RawBuilder<unknown>[] {
  const parts: Part[] = []

  for (const accounts of chunked([...buffer.boundedAccounts.values()], 9)) {
    const values = sql.join(accounts.map((s) => sql`(${s.account.id}::uuid, ${s.account.status}, ${s.account.statusReason ?? null}::text,
      ${s.balances.postedDebitsMinor}::int8, ${s.balances.postedCreditsMinor}::int8, ${s.balances.pendingDebitsMinor}::int8,
      ${s.balances.pendingCreditsMinor}::int8, ${s.entrySequence}::int8, ${s.lastPostedAt}::timestamptz)`))
    parts.push({
      cost: accounts.length * 9,
      sql: sql`update ledger.account as a set status = v.status, status_reason = v.reason, posted_debits_minor = v.pd,
          posted_credits_minor = v.pc, pending_debits_minor = v.qd, pending_credits_minor = v.qc, entry_sequence = v.seq,
          last_posted_at = v.last
        from (values ${values}) as v(id, status, reason, pd, pc, qd, qc, seq, last) where a.id = v.id returning 1`,
    })
  }
  for (const [id, { status, reason }] of buffer.hotStatuses) {
    parts.push({ cost: 3, sql: sql`update ledger.account set status = ${status}, status_reason = ${reason} where id = ${id} returning 1` })
  }
  // Hot accounts in id order, each delta added to one shard picked at random. An upsert, so a
  // shard that does not exist yet (the shard count was raised) is created rather than missed.
  for (const [id, d] of [...buffer.hotDeltas].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (d.postedDebitsMinor === 0n && d.postedCreditsMinor === 0n && d.pendingDebitsMinor === 0n && d.pendingCreditsMinor === 0n) continue
    parts.push({
      cost: 6,
      sql: sql`insert into ledger.account_shard as s
          (account_id, shard, posted_debits_minor, posted_credits_minor, pending_debits_minor, pending_credits_minor)
        values (${id}, ${Math.floor(Math.random() * shardCount)}, ${d.postedDebitsMinor}::int8, ${d.postedCreditsMinor}::int8,
          ${d.pendingDebitsMinor}::int8, ${d.pendingCreditsMinor}::int8)
        on conflict (account_id, shard) do update set
          posted_debits_minor = s.posted_debits_minor + excluded.posted_debits_minor,
          posted_credits_minor = s.posted_credits_minor + excluded.posted_credits_minor,
          pending_debits_minor = s.pending_debits_minor + excluded.pending_debits_minor,
          pending_credits_minor = s.pending_credits_minor + excluded.pending_credits_minor
        returning 1`,
    })
  }

  // Transfers with their entries, in chunks that respect the parameter budget.
  let chunk: TransferWithEntries[] = []
  let chunkCost = 0
  const transferChunks: { list: TransferWithEntries[]; cost: number }[] = []
  for (const t of buffer.transfers) {
    const cost = transferParameters + t.entries.length * entryParameters
    if (chunk.length && chunkCost + cost > maxParametersPerStatement) {
      transferChunks.push({ list: chunk, cost: chunkCost })
      chunk = []
      chunkCost = 0
    }
    chunk.push(t)
    chunkCost += cost
  }
  if (chunk.length) transferChunks.push({ list: chunk, cost: chunkCost })
  for (const { list, cost } of transferChunks) {
    const headers = sql.join(list.map(({ transfer: t }) => sql`(${t.id}::uuid, ${t.kind}, ${t.idempotencyKey}, ${t.reference}, ${t.channel},
      ${t.counterparty === null ? null : encodeJson(t.counterparty)}::jsonb, ${encodeJson(t.metadata)}::jsonb, ${t.reversalOf}::uuid,
      ${t.holdId}::uuid, ${t.postedAt}::timestamptz)`))
    const entries = sql.join(list.flatMap(({ entries: es }) => es.map((e, leg) => {
      const hot = isHot(e.accountId)
      return sql`(${e.id}::uuid, ${e.transferId}::uuid, ${leg}::int2, ${e.accountId}::uuid, ${e.direction}, ${e.amount.amountMinor}::int8,
        ${e.amount.currency}, ${hot ? null : e.balanceAfter.amountMinor}::int8,
        ${hot ? sql`nextval('ledger.hot_entry_sequence')` : sql`${e.accountSequence}::int8`}, ${e.postedAt}::timestamptz)`
    })))
    // Headers before their entries: packed into one statement, the entries' foreign keys are checked
    // at its end; cut across two, the headers' statement runs first. (Not one nested WITH: PostgreSQL
    // allows data-modifying CTEs only at the top level.)
    const headerCost = list.length * transferParameters
    parts.push({
      cost: headerCost,
      sql: sql`insert into ledger.transfer (id, kind, idempotency_key, reference, channel, counterparty, metadata, reversal_of,
          hold_id, posted_at) values ${headers} returning 1`,
    })
    parts.push({
      cost: cost - headerCost,
      sql: sql`insert into ledger.entry (id, transfer_id, leg, account_id, direction, amount_minor, currency, balance_after_minor,
          account_sequence, posted_at) values ${entries} returning 1`,
    })
  }
  for (const records of chunked(buffer.idempotency, 4)) {
    const values = sql.join(records.map((r) => sql`(${r.key}, ${r.fingerprint}, ${encodeJson(r.outcome)}::jsonb, ${r.createdAt}::timestamptz)`))
    parts.push({ cost: records.length * 4, sql: sql`insert into ledger.idempotency_record (key, fingerprint, outcome, created_at) values ${values} returning 1` })
  }

  // Pack the parts into as few statements as the budget allows.
  const statements: Part[][] = []
  let current: Part[] = []
  let currentCost = 0
  for (const part of parts) {
    if (current.length && currentCost + part.cost > maxParametersPerStatement) {
      statements.push(current)
      current = []
      currentCost = 0
    }
    current.push(part)
    currentCost += part.cost
  }
  if (current.length) statements.push(current)
  return statements.map((list) => {
    if (list.length === 1) return list[0]!.sql
    const ctes = sql.join(list.map((part, i) => sql`${sql.id(`w${i}`)} as (${part.sql})`))
    return sql`with ${ctes} select 1`
  })
}

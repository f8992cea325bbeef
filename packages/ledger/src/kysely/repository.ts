import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely'
import { keyAfter, pageFrom } from '@strongroom/kernel'
import type {
  AccountState, Channel, IdempotencyOutcome, LedgerEvent, LedgerRepository, LedgerStore, TransferKind,
} from '../core/index.js'
import { encodeJson, decodeJson } from './json-codec.js'
import { addBalances, emptyWriteBuffer, flushStatements, isEmpty } from './write-buffer.js'
import { noCounters, toAccountState, toEntry, toHold, toHoldRow, toTransfer, type CounterSums } from './mappers.js'
import type { Selectable } from 'kysely'
import type { AccountTable, LedgerTables } from './tables.js'

type AccountRow = Selectable<AccountTable>

type Db = Kysely<LedgerTables> | Transaction<LedgerTables>

/** Runs SQL inside the posting transaction: what an outbox (pg-boss `send(…, { db })`) needs. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>
}

export interface KyselyLedgerOptions {
  /**
   * Delivers ledger events inside the transaction that posts it — the outbox.
   * Absent: events are not published (a library user without consumers).
   */
  readonly publish?: ((events: readonly LedgerEvent[], executor: SqlExecutor) => Promise<void>) | undefined
  /** How many counter shards a hot (unbounded) account spreads its updates over. */
  readonly hotAccountShards?: number | undefined
  /** How many times a unit of work is retried after a deadlock, serialization failure or key race. */
  readonly maxRetries?: number | undefined
}

const retryableCodes = new Set(['40P01', '40001'])
const retryableConstraints = new Set(['idempotency_record_pkey', 'transfer_reversal_of_key'])

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | undefined
  if (!e?.code) return false
  return retryableCodes.has(e.code) || (e.code === '23505' && retryableConstraints.has(e.constraint ?? ''))
}

const counterColumns = ['posted_debits_minor', 'posted_credits_minor', 'pending_debits_minor', 'pending_credits_minor'] as const

/**
 * The ledger repository over Kysely and PostgreSQL. SQL lives here.
 *
 * Concurrency: bounded accounts (client deposits, anything with a balance
 * check) are locked `FOR UPDATE` in ascending id order, so concurrent
 * transfers serialize per account and never deadlock on each other. Hot
 * accounts — internal, unbounded, touched by every transfer — are read
 * without a lock and their counters are added to one of N shard rows, so
 * they never queue the whole ledger behind one row. Their entries take a
 * global sequence and store no running balance (it is derived on read).
 */
export function createKyselyLedgerRepository(db: Kysely<LedgerTables>, options: KyselyLedgerOptions = {}): LedgerRepository {
  const shards = options.hotAccountShards ?? 16
  const maxRetries = options.maxRetries ?? 10
  // Unboundedness never changes once an account is opened, so it is safe to remember.
  const unboundedCache = new Map<string, boolean>()

  async function shardSums(executor: Db, ids: readonly string[]): Promise<Map<string, CounterSums>> {
    if (ids.length === 0) return new Map()
    const rows = await executor
      .selectFrom('ledger.account_shard')
      .select((eb) => [
        'account_id',
        ...counterColumns.map((c) => sql<bigint>`coalesce(sum(${sql.ref(c)}), 0)::int8`.as(c)),
      ])
      .where('account_id', 'in', ids)
      .groupBy('account_id')
      .execute()
    return new Map(rows.map((r) => [r.account_id, r as unknown as CounterSums]))
  }

  async function statesOf(executor: Db, rows: AccountRow[]): Promise<AccountState[]> {
    for (const row of rows) unboundedCache.set(row.id, row.unbounded)
    const sums = await shardSums(executor, rows.filter((r) => r.unbounded).map((r) => r.id))
    return rows.map((row) => toAccountState(row, sums.get(row.id) ?? noCounters))
  }

  /**
   * A store over one executor. In a transaction (`buffered`) writes wait in a
   * buffer and leave as one statement at the next read or before commit;
   * outside one (autocommit), each write goes at once.
   */
  function createStore(executor: Db, buffered: boolean): LedgerStore & { flush(): Promise<void> } {
    // What this transaction read of each hot account, to turn the new state into a delta.
    const hotReads = new Map<string, AccountState>()
    let pending = emptyWriteBuffer()

    async function flush(): Promise<void> {
      if (isEmpty(pending)) return
      const statements = flushStatements(pending, (id) => unboundedCache.get(id) === true, shards)
      pending = emptyWriteBuffer()
      for (const statement of statements) await statement.execute(executor)
    }
    const written = async () => {
      if (!buffered) await flush()
    }

    const store: LedgerStore = {
      async insertAccount(state) {
        const a = state.account
        await executor.insertInto('ledger.account').values({
          id: a.id, kind: a.kind, client_id: a.clientId, internal_purpose: a.internalPurpose, currency: a.currency,
          normal_balance: a.normalBalance, status: a.status, overdraft_limit_minor: a.overdraftLimitMinor, unbounded: a.unbounded,
          name: a.name, created_at: a.createdAt, status_reason: a.statusReason ?? null,
          posted_debits_minor: state.balances.postedDebitsMinor, posted_credits_minor: state.balances.postedCreditsMinor,
          pending_debits_minor: state.balances.pendingDebitsMinor, pending_credits_minor: state.balances.pendingCreditsMinor,
          entry_sequence: state.entrySequence, last_posted_at: state.lastPostedAt,
        }).execute()
        if (a.unbounded) {
          await executor.insertInto('ledger.account_shard')
            .values(Array.from({ length: shards }, (_, shard) => ({ account_id: a.id, shard })))
            .execute()
        }
        unboundedCache.set(a.id, a.unbounded)
      },

      async findAccount(id) {
        const row = await executor.selectFrom('ledger.account').selectAll().where('id', '=', id).executeTakeFirst()
        return row ? (await statesOf(executor, [row]))[0] : undefined
      },

      async listAccounts(filter, page) {
        let query = executor.selectFrom('ledger.account').selectAll().orderBy('id').limit(page.limit + 1)
        if (filter.clientId) query = query.where('client_id', '=', filter.clientId)
        if (filter.currency) query = query.where('currency', '=', filter.currency)
        if (filter.kind) query = query.where('kind', '=', filter.kind)
        const after = keyAfter(page)
        if (after !== undefined) query = query.where('id', '>', after)
        return pageFrom(await statesOf(executor, await query.execute()), page.limit, (s) => s.account.id)
      },

      async lockAccounts(ids) {
        const sorted = [...new Set(ids)].sort()
        const unknown = sorted.filter((id) => !unboundedCache.has(id))
        if (unknown.length) {
          const flags = await executor.selectFrom('ledger.account').select(['id', 'unbounded']).where('id', 'in', unknown).execute()
          for (const f of flags) unboundedCache.set(f.id, f.unbounded)
        }
        const bounded = sorted.filter((id) => unboundedCache.get(id) === false)
        const hot = sorted.filter((id) => unboundedCache.get(id) === true)
        const rows: AccountRow[] = []
        if (bounded.length) {
          rows.push(...(await executor.selectFrom('ledger.account').selectAll().where('id', 'in', bounded).orderBy('id').forUpdate().execute()))
        }
        if (hot.length) {
          rows.push(...(await executor.selectFrom('ledger.account').selectAll().where('id', 'in', hot).execute()))
        }
        const states = await statesOf(executor, rows)
        for (const s of states) if (s.account.unbounded) hotReads.set(s.account.id, s)
        return states.sort((a, b) => (a.account.id < b.account.id ? -1 : 1))
      },

      async updateOverdraftLimit(id, limitMinor) {
        await executor.updateTable('ledger.account').set({ overdraft_limit_minor: limitMinor }).where('id', '=', id).execute()
      },
      async saveAccounts(states) {
        for (const state of states) {
          if (!state.account.unbounded) {
            pending.boundedAccounts.set(state.account.id, state)
            continue
          }
          const read = hotReads.get(state.account.id)
          if (!read) throw new Error(`hot account ${state.account.id} saved without being read in this transaction`)
          if (state.account.status !== read.account.status) {
            pending.hotStatuses.set(state.account.id, { status: state.account.status, reason: state.account.statusReason ?? null })
          }
          const delta = {
            postedDebitsMinor: state.balances.postedDebitsMinor - read.balances.postedDebitsMinor,
            postedCreditsMinor: state.balances.postedCreditsMinor - read.balances.postedCreditsMinor,
            pendingDebitsMinor: state.balances.pendingDebitsMinor - read.balances.pendingDebitsMinor,
            pendingCreditsMinor: state.balances.pendingCreditsMinor - read.balances.pendingCreditsMinor,
          }
          const sofar = pending.hotDeltas.get(state.account.id)
          pending.hotDeltas.set(state.account.id, sofar ? addBalances(sofar, delta) : delta)
          hotReads.set(state.account.id, state)
        }
        await written()
      },

      async appendTransfers(list) {
        pending.transfers.push(...list)
        await written()
      },

      async findTransfer(id) {
        const row = await executor.selectFrom('ledger.transfer').selectAll().where('id', '=', id).executeTakeFirst()
        if (!row) return undefined
        const entries = await executor.selectFrom('ledger.entry')
          .select(['id', 'transfer_id', 'account_id', 'direction', 'amount_minor', 'currency', 'balance_after_minor', 'account_sequence', 'posted_at'])
          .where('transfer_id', '=', id).orderBy('leg').execute()
        return { transfer: toTransfer(row), entries: entries.map((e) => toEntry(e)) }
      },

      async findReversalOf(transferId) {
        const row = await executor.selectFrom('ledger.transfer').selectAll().where('reversal_of', '=', transferId).executeTakeFirst()
        return row && toTransfer(row)
      },

      async listTransfers(filter, page) {
        let query = executor.selectFrom('ledger.transfer').selectAll().orderBy('id').limit(page.limit + 1)
        if (filter.accountId) {
          const accountId = filter.accountId
          query = query.where('id', 'in', (eb) => eb.selectFrom('ledger.entry').select('transfer_id').where('account_id', '=', accountId))
        }
        const after = keyAfter(page)
        if (after !== undefined) query = query.where('id', '>', after)
        return pageFrom((await query.execute()).map(toTransfer), page.limit, (t) => t.id)
      },

      async listEntries(accountId, page) {
        const after = keyAfter(page)
        const afterSequence = after !== undefined && /^\d+$/.test(after) ? BigInt(after) : 0n
        // Hot accounts store no running balance: derive it in the same order.
        const { rows } = await sql<{
          id: string; transfer_id: string; account_id: string; direction: string; amount_minor: bigint; currency: string
          balance_after_minor: bigint | null; account_sequence: bigint; posted_at: Date; running: bigint | null
        }>`
          select e.id, e.transfer_id, e.account_id, e.direction, e.amount_minor, e.currency, e.balance_after_minor,
                 e.account_sequence, e.posted_at,
                 case when e.balance_after_minor is null then
                   sum(case when e.direction = (case a.normal_balance when 'credit' then 'credit' else 'debit' end)
                            then e.amount_minor else -e.amount_minor end) over (order by e.account_sequence)
                 end::int8 as running
          from ledger.entry e join ledger.account a on a.id = e.account_id
          where e.account_id = ${accountId}
          order by e.account_sequence`.execute(executor).then((r) => ({
          rows: r.rows.filter((row) => BigInt(row.account_sequence) > afterSequence).slice(0, page.limit + 1),
        }))
        const entries = rows.map((r) => toEntry(r, r.running ?? undefined))
        return pageFrom(entries, page.limit, (e) => e.accountSequence.toString())
      },

      async lastEntryAt(accountId, at) {
        const row = await executor.selectFrom('ledger.entry')
          .select(['id', 'transfer_id', 'account_id', 'direction', 'amount_minor', 'currency', 'balance_after_minor', 'account_sequence', 'posted_at'])
          .where('account_id', '=', accountId).where('posted_at', '<=', at)
          .orderBy('account_sequence', 'desc').limit(1).executeTakeFirst()
        if (!row) return undefined
        if (row.balance_after_minor !== null) return toEntry(row)
        // A hot account's sequence comes from a global counter taken at insert, not under a lock, so it
        // may disagree with posting time: its balance at an instant is the sum of what was posted by then.
        const { rows } = await sql<{ balance: bigint }>`
          select coalesce(sum(case when e.direction = a.normal_balance then e.amount_minor else -e.amount_minor end), 0)::int8 as balance
          from ledger.entry e join ledger.account a on a.id = e.account_id
          where e.account_id = ${accountId} and e.posted_at <= ${at}`.execute(executor)
        return toEntry(row, rows[0]?.balance ?? 0n)
      },

      async listEntriesBetween(accountId, from, toExclusive, limit) {
        // One query: the entries of the period (entry_account_time_idx) with their transfers' descriptions.
        const rows = await executor.selectFrom('ledger.entry as e')
          .innerJoin('ledger.transfer as t', 't.id', 'e.transfer_id')
          .select([
            'e.id', 'e.transfer_id', 'e.account_id', 'e.direction', 'e.amount_minor', 'e.currency', 'e.balance_after_minor',
            'e.account_sequence', 'e.posted_at', 't.reference', 't.kind', 't.channel',
            sql<string | null>`t.counterparty ->> 'name'`.as('counterparty_name'),
          ])
          .where('e.account_id', '=', accountId).where('e.posted_at', '>=', from).where('e.posted_at', '<', toExclusive)
          .orderBy('e.account_sequence').limit(limit).execute()
        return rows.map((row) => {
          const entry = toEntry(row)
          return {
            ...entry,
            // Hot accounts store no running balance; the statement counts it.
            balanceAfter: row.balance_after_minor === null ? null : entry.balanceAfter,
            reference: row.reference,
            counterpartyName: row.counterparty_name,
            transferKind: row.kind as TransferKind,
            channel: row.channel as Channel,
          }
        })
      },

      async findIdempotencyRecord(key) {
        const row = await executor.selectFrom('ledger.idempotency_record').selectAll().where('key', '=', key).executeTakeFirst()
        return row && { key: row.key, fingerprint: row.fingerprint, outcome: decodeJson<IdempotencyOutcome>(row.outcome), createdAt: row.created_at }
      },

      async insertIdempotencyRecord(record) {
        pending.idempotency.push(record)
        await written()
      },

      async insertHold(hold) {
        await executor.insertInto('ledger.hold').values(toHoldRow(hold)).execute()
      },
      async lockHold(id) {
        const row = await executor.selectFrom('ledger.hold').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
        return row && toHold(row)
      },
      async findHold(id) {
        const row = await executor.selectFrom('ledger.hold').selectAll().where('id', '=', id).executeTakeFirst()
        return row && toHold(row)
      },
      async updateHold(hold) {
        const { id, ...changes } = toHoldRow(hold)
        await executor.updateTable('ledger.hold').set(changes).where('id', '=', id).execute()
      },
      async listHoldsDue(now, limit) {
        const rows = await executor.selectFrom('ledger.hold').selectAll()
          .where('status', '=', 'held').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute()
        return rows.map(toHold)
      },

      async recordEvents(events) {
        if (!options.publish || events.length === 0) return
        await options.publish(events, {
          executeSql: async (text, values) => ({ rows: (await executor.executeQuery(CompiledQuery.raw(text, values))).rows }),
        })
      },
    }

    // Every other method reads or writes around the buffer: flush first.
    const bufferedMethods = new Set(['saveAccounts', 'appendTransfers', 'insertIdempotencyRecord'])
    const flushing = Object.fromEntries(
      Object.entries(store).map(([name, method]) => [
        name,
        bufferedMethods.has(name)
          ? method
          : async (...args: unknown[]) => {
              await flush()
              return (method as (...a: unknown[]) => Promise<unknown>)(...args)
            },
      ]),
    ) as unknown as LedgerStore
    return { ...flushing, flush }
  }

  const { flush: _autocommit, ...base } = createStore(db, false)
  return {
    ...base,
    async inTransaction(work) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction().execute(async (trx) => {
            const store = createStore(trx, true)
            const result = await work(store)
            await store.flush()
            return result
          })
        } catch (error) {
          if (!isRetryable(error) || attempt >= maxRetries) throw error
          // Back off with jitter so the contenders do not collide again in step.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 6)))
        }
      }
    },
  }
}


import PgBoss from 'pg-boss'
import { CompiledQuery } from 'kysely'
import { toMoneyJson } from '@strongroom/kernel'
import type { Database } from '@strongroom/db-kit'
import type { LedgerEvent } from '@strongroom/ledger'
import type { SqlExecutor } from '@strongroom/ledger/kysely'

/** Queues of the outbox. Consumers are idempotent on the business key in the payload. */
export const queues = {
  transferPosted: 'ledger.transfer-posted',
} as const

/** What a `TransferPosted` job carries: JSON-safe (amounts as decimal strings), keyed by the transfer id. */
export interface TransferPostedJob {
  readonly type: 'TransferPosted'
  readonly transferId: string
  readonly kind: string
  readonly channel: string
  readonly reference: string | null
  readonly counterparty: unknown
  readonly postedAt: string
  readonly entries: ReadonlyArray<{ accountId: string; direction: string; amount: { amount: string; currency: string } }>
}

export function toTransferPostedJob(event: LedgerEvent): TransferPostedJob {
  const { transfer, entries } = event
  return {
    type: 'TransferPosted',
    transferId: transfer.id,
    kind: transfer.kind,
    channel: transfer.channel,
    reference: transfer.reference,
    counterparty: transfer.counterparty,
    postedAt: transfer.postedAt.toISOString(),
    entries: entries.map((e) => ({ accountId: e.accountId, direction: e.direction, amount: toMoneyJson(e.amount) })),
  }
}

export interface Outbox {
  /** Enqueues inside the caller's transaction: a rollback removes the jobs, a commit keeps them. */
  publishLedgerEvents(events: readonly LedgerEvent[], executor: SqlExecutor): Promise<void>
  readonly boss: PgBoss
  stop(): Promise<void>
}

/**
 * pg-boss's connection to the database: the app's own pool, so the outbox
 * needs no second connection string. On PGlite, which has a single session,
 * every statement goes through Kysely's connection lock — otherwise it would
 * run inside whatever transaction is open — and parameterless scripts (its
 * migrations) go through `exec`, since they hold several statements. On
 * PostgreSQL a parameterless query already uses the simple protocol.
 */
function bossDb(database: Database): PgBoss.Db {
  const pglite = database.pglite
  if (!pglite) {
    return { executeSql: async (text, values) => ({ rows: (await database.db.executeQuery(CompiledQuery.raw(text, values ?? []))).rows }) }
  }
  return {
    executeSql: (text, values) =>
      database.db.connection().execute(async (connection) => {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text)
          return { rows: results.at(-1)?.rows ?? [] }
        }
        return { rows: (await connection.executeQuery(CompiledQuery.raw(text, values))).rows }
      }),
  }
}

export async function startOutbox(database: Database): Promise<Outbox> {
  const boss = new PgBoss({
    db: bossDb(database),
    schema: 'pgboss',
    // Delivered jobs are kept a week for inspection, then removed; failures go to a dead-letter queue.
    deleteAfterDays: 7,
    retentionDays: 14,
    schedule: false,
  })
  boss.on('error', () => undefined) // maintenance errors are retried by pg-boss itself
  await boss.start()
  await boss.createQueue(`${queues.transferPosted}.dead-letter`)
  await boss.createQueue(queues.transferPosted, {
    name: queues.transferPosted, retryLimit: 10, retryDelay: 5, retryBackoff: true, deadLetter: `${queues.transferPosted}.dead-letter`,
  })
  return {
    boss,
    async publishLedgerEvents(events, executor) {
      const jobs = events.map((event) => ({ name: queues.transferPosted, data: toTransferPostedJob(event) }))
      await boss.insert(jobs as PgBoss.JobInsert[], { db: executor as PgBoss.Db })
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 5_000 }),
  }
}

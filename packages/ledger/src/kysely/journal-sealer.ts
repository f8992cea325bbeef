import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import { sealEntries, verifyChain, type ChainVerification, type JournalHead, type SealedEntry, type Sha256, type Transfer } from '../core/index.js'
import { toEntry, toTransfer } from './mappers.js'
import type { EntryTable, LedgerTables } from './tables.js'

export interface JournalSealerOptions {
  readonly sha256: Sha256
  readonly clock?: { now(): Date } | undefined
}

export interface SealReport {
  readonly sealed: number
  readonly head: JournalHead | null
}

export type JournalVerification = ChainVerification & {
  /** Entries posted but not sealed yet (sealing runs after commit). */
  readonly unsealed: number
}

// One sealer at a time, across every server instance: sequences have no gaps.
const sealerLockKey = 7_240_531_001n

type EntryRow = Selectable<EntryTable>

function sealedEntryOf(row: EntryRow, transfers: ReadonlyMap<string, Transfer>): SealedEntry {
  return {
    // The row as stored, never a derived value: for hot accounts the stored
    // running balance is null and is hashed as such (0), on both sides.
    entry: toEntry(row),
    transfer: transferOf(row, transfers),
    seal: { sequence: BigInt(row.journal_sequence!), previousHash: row.previous_hash!, hash: row.hash! },
  }
}

function transferOf(row: EntryRow, transfers: ReadonlyMap<string, Transfer>): Transfer {
  const transfer = transfers.get(row.transfer_id)
  // A missing header is itself tampering (the foreign key forbids it); verify reports it as a broken link.
  return transfer ?? { id: row.transfer_id, kind: 'transfer', idempotencyKey: null, reference: '<missing transfer>', channel: 'internal',
    counterparty: null, metadata: {}, reversalOf: null, holdId: null, postedAt: new Date(0) }
}

/** The headers of the transfers these entries belong to, in one query. */
async function transfersOf(db: Kysely<LedgerTables> | Transaction<LedgerTables>, rows: readonly EntryRow[]): Promise<Map<string, Transfer>> {
  const ids = [...new Set(rows.map((r) => r.transfer_id))]
  if (ids.length === 0) return new Map()
  const found = await db.selectFrom('ledger.transfer').selectAll().where('id', 'in', ids).execute()
  return new Map(found.map((t) => [t.id, toTransfer(t)]))
}

/**
 * The tamper-evident journal. Posting never touches the chain: entries are
 * sealed after commit, in batches, by one sealer at a time (an advisory
 * lock), and a trigger refuses any change to a sealed row. `verify`
 * recomputes every hash and reports the first broken link.
 */
export function createJournalSealer(db: Kysely<LedgerTables>, options: JournalSealerOptions) {
  const now = () => options.clock?.now() ?? new Date()

  async function sealBatch(limit = 1000): Promise<SealReport> {
    return db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${sealerLockKey}::int8) as locked`.execute(trx)
      if (!lock[0]?.locked) return { sealed: 0, head: null }
      const last = await trx.selectFrom('ledger.entry').select(['journal_sequence', 'hash'])
        .where('journal_sequence', 'is not', null).orderBy('journal_sequence', 'desc').limit(1).executeTakeFirst()
      const head: JournalHead | null = last ? { sequence: BigInt(last.journal_sequence!), hash: last.hash! } : null
      const rows = await trx.selectFrom('ledger.entry').selectAll()
        .where('journal_sequence', 'is', null).orderBy('posted_at').orderBy('id').limit(limit).execute()
      if (rows.length === 0) return { sealed: 0, head }
      const transfers = await transfersOf(trx, rows)
      const sealed = sealEntries(head, rows.map((r) => ({ entry: toEntry(r), transfer: transferOf(r, transfers) })), options.sha256)
      const sealedAt = now()
      const values = sql.join(sealed.map((s) => sql`(${s.entry.id}::uuid, ${s.seal.sequence}::int8, ${s.seal.previousHash}, ${s.seal.hash})`))
      await sql`
        update ledger.entry as e set journal_sequence = v.seq, previous_hash = v.prev, hash = v.hash, sealed_at = ${sealedAt}
        from (values ${values}) as v(id, seq, prev, hash) where e.id = v.id`.execute(trx)
      const newHead = sealed[sealed.length - 1]!.seal
      await trx.insertInto('ledger.journal_checkpoint').values({ sequence: newHead.sequence, hash: newHead.hash, sealed_at: sealedAt }).execute()
      return { sealed: sealed.length, head: { sequence: newHead.sequence, hash: newHead.hash } }
    })
  }

  return {
    sealBatch,

    /** Seals everything posted so far, batch by batch. */
    async sealAll(batchSize = 1000, onProgress?: (sealed: number) => void): Promise<number> {
      let total = 0
      for (;;) {
        const { sealed } = await sealBatch(batchSize)
        if (sealed === 0) return total
        total += sealed
        onProgress?.(total)
      }
    },

    /** Recomputes the whole chain, page by page, against the last recorded checkpoint. */
    async verify(pageSize = 5000, onProgress?: (verified: number) => void): Promise<JournalVerification> {
      const checkpoint = await db.selectFrom('ledger.journal_checkpoint').select(['sequence', 'hash'])
        .orderBy('sequence', 'desc').limit(1).executeTakeFirst()
      const expectedHead = checkpoint ? { sequence: BigInt(checkpoint.sequence), hash: checkpoint.hash } : undefined
      const unsealedRow = await db.selectFrom('ledger.entry').select((eb) => eb.fn.countAll<bigint>().as('n'))
        .where('journal_sequence', 'is', null).executeTakeFirstOrThrow()
      const unsealed = Number(unsealedRow.n)
      let after: JournalHead | undefined
      let count = 0
      for (;;) {
        let query = db.selectFrom('ledger.entry').selectAll().where('journal_sequence', 'is not', null)
          .orderBy('journal_sequence').limit(pageSize)
        if (after) query = query.where('journal_sequence', '>', after.sequence)
        const rows = await query.execute()
        const last = rows.length < pageSize
        const transfers = await transfersOf(db, rows)
        const result = verifyChain(rows.map((r) => sealedEntryOf(r, transfers)), options.sha256, { after, expectedHead: last ? expectedHead : undefined })
        if (!result.ok) return { ...result, unsealed }
        count += result.count
        onProgress?.(count)
        if (last) return { ok: true, count, head: result.head, unsealed }
        after = result.head ?? undefined
      }
    },
  }
}

export type JournalSealer = ReturnType<typeof createJournalSealer>

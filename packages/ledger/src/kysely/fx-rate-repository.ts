import { sql, type Kysely, type Transaction } from 'kysely'
import { decodeCursor, encodeCursor, type CurrencyCode, type Page } from '@strongroom/kernel'
import type { FxRate, FxRateStore, RateConflict, RecordedFxRate } from '../core/index.js'
import type { FxTables } from './fx-tables.js'

export interface KyselyFxRateOptions {
  /**
   * Rates per statement. Each batch is five array parameters (`unnest`), so
   * the size is bounded by memory, not by PostgreSQL's 65,535 parameters.
   */
  readonly batchSize?: number | undefined
}

interface RateRow {
  base: string
  quote: string
  rate: string
  source: string
  as_of: Date
  recorded_at: Date
}

function toRecordedRate(row: RateRow): RecordedFxRate {
  return {
    base: row.base as CurrencyCode,
    quote: row.quote as CurrencyCode,
    rate: row.rate,
    source: row.source,
    asOf: row.as_of.toISOString(),
    recordedAt: row.recorded_at,
  }
}

/** Thrown inside the transaction to roll it back when a rate conflicts; never leaves this module. */
class Conflicted extends Error {
  constructor(readonly conflicts: RateConflict[]) {
    super('fx rates conflict')
  }
}

/** The list's sort key, as a cursor: [as_of, base, quote, source]. */
type ListKey = [string, string, string, string]

function decodeListKey(cursor: string): ListKey | undefined {
  const text = decodeCursor(cursor)
  if (text === undefined) return undefined
  try {
    const key: unknown = JSON.parse(text)
    const valid = Array.isArray(key) && key.length === 4 && key.every((k) => typeof k === 'string') && !Number.isNaN(Date.parse(key[0] as string))
    return valid ? (key as ListKey) : undefined
  } catch {
    return undefined
  }
}

const columns = sql`base, quote, rate::text as rate, source, as_of, recorded_at`

/**
 * The FX rate store over Kysely and PostgreSQL. A rate is inserted once
 * under its key (base, quote, source, as_of) and never updated; a batch is
 * written in one transaction, and rolled back whole if any offered rate
 * differs from the one stored under its key.
 */
export function createKyselyFxRateStore(db: Kysely<FxTables>, options: KyselyFxRateOptions = {}): FxRateStore {
  const batchSize = options.batchSize ?? 10_000

  /** The batch as five parallel arrays, for `unnest`. */
  function arraysOf(rates: readonly FxRate[]) {
    return {
      bases: rates.map((r) => r.base),
      quotes: rates.map((r) => r.quote),
      values: rates.map((r) => r.rate),
      sources: rates.map((r) => r.source),
      asOfs: rates.map((r) => r.asOf),
    }
  }

  async function writeBatch(trx: Transaction<FxTables>, rates: readonly FxRate[], recordedAt: Date): Promise<{ inserted: number; conflicts: RateConflict[] }> {
    const a = arraysOf(rates)
    const input = sql`unnest(${a.bases}::text[], ${a.quotes}::text[], ${a.values}::numeric[], ${a.sources}::text[], ${a.asOfs}::timestamptz[])
      as v(base, quote, rate, source, as_of)`
    const { rows: [counted] } = await sql<{ inserted: bigint }>`
      with inserted as (
        insert into ledger.fx_rate (base, quote, rate, source, as_of, recorded_at)
        select v.base, v.quote, v.rate, v.source, v.as_of, ${recordedAt}::timestamptz from ${input}
        on conflict do nothing
        returning 1
      )
      select count(*)::int8 as inserted from inserted`.execute(trx)
    const inserted = Number(counted?.inserted ?? 0n)
    // Every row new: none can differ from a stored one (an offered duplicate would have been skipped).
    if (inserted === rates.length) return { inserted, conflicts: [] }
    // After the insert, so a rate another transaction committed meanwhile (the
    // insert waited for it) is compared too. Numerically: 1.10 equals 1.1.
    const { rows: conflicts } = await sql<{ base: string; quote: string; source: string; as_of: Date; stored: string; offered: string }>`
      select v.base, v.quote, v.source, v.as_of, f.rate::text as stored, v.rate::text as offered
      from ${input}
      join ledger.fx_rate f on (f.base, f.quote, f.source, f.as_of) = (v.base, v.quote, v.source, v.as_of)
      where f.rate <> v.rate`.execute(trx)
    return {
      inserted,
      conflicts: conflicts.map((c) => ({
        base: c.base as CurrencyCode, quote: c.quote as CurrencyCode, source: c.source, asOf: c.as_of.toISOString(), stored: c.stored, offered: c.offered,
      })),
    }
  }

  return {
    async upsertRates(rates, recordedAt) {
      if (rates.length === 0) return { inserted: 0, conflicts: [] }
      try {
        return await db.transaction().execute(async (trx) => {
          let inserted = 0
          const conflicts: RateConflict[] = []
          for (let start = 0; start < rates.length; start += batchSize) {
            const written = await writeBatch(trx, rates.slice(start, start + batchSize), recordedAt)
            inserted += written.inserted
            conflicts.push(...written.conflicts)
          }
          if (conflicts.length > 0) throw new Conflicted(conflicts)
          return { inserted, conflicts: [] }
        })
      } catch (error) {
        if (error instanceof Conflicted) return { inserted: 0, conflicts: error.conflicts }
        throw error
      }
    },

    async latestRate(base, quote, at, source) {
      const { rows } = await sql<RateRow>`
        select ${columns} from ledger.fx_rate
        where base = ${base} and quote = ${quote} and as_of <= ${at}::timestamptz
          ${source === undefined ? sql`` : sql`and source = ${source}`}
        order by as_of desc, source
        limit 1`.execute(db)
      return rows[0] ? toRecordedRate(rows[0]) : undefined
    },

    async listRates(filter, page): Promise<Page<RecordedFxRate>> {
      const after = page.cursor === undefined ? undefined : decodeListKey(page.cursor)
      const conditions = [
        filter.base === undefined ? null : sql`base = ${filter.base}`,
        filter.quote === undefined ? null : sql`quote = ${filter.quote}`,
        filter.source === undefined ? null : sql`source = ${filter.source}`,
        filter.from === undefined ? null : sql`as_of >= ${filter.from}::timestamptz`,
        filter.to === undefined ? null : sql`as_of <= ${filter.to}::timestamptz`,
        after === undefined ? null : sql`(as_of, base, quote, source) < (${after[0]}::timestamptz, ${after[1]}, ${after[2]}, ${after[3]})`,
      ].filter((c) => c !== null)
      const where = conditions.length === 0 ? sql`` : sql`where ${sql.join(conditions, sql` and `)}`
      const { rows } = await sql<RateRow>`
        select ${columns} from ledger.fx_rate ${where}
        order by as_of desc, base desc, quote desc, source desc
        limit ${page.limit + 1}`.execute(db)
      const items = rows.slice(0, page.limit).map(toRecordedRate)
      const last = items[items.length - 1]
      return {
        items,
        nextCursor: rows.length > page.limit && last ? encodeCursor(JSON.stringify([last.asOf, last.base, last.quote, last.source])) : null,
      }
    },
  }
}

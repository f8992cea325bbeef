import type { ColumnType } from 'kysely'

/**
 * `ledger.fx_rate`: one published or dealt rate, 1 base = rate quote. Rows
 * are never updated (a correction is a new as-of), hence the `never` updates.
 */
export interface FxRateTable {
  base: ColumnType<string, string, never>
  quote: ColumnType<string, string, never>
  /** `numeric`, exact: read as text (`rate::text`), written from a decimal string. */
  rate: ColumnType<string, string, never>
  source: ColumnType<string, string, never>
  as_of: ColumnType<Date, Date | string, never>
  recorded_at: ColumnType<Date, Date | string, never>
}

export interface FxTables {
  'ledger.fx_rate': FxRateTable
}

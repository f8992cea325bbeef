import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  // Byte-order collation: codes and source names sort the same everywhere, and the
  // indexes compare faster (the full ECB history is some 180,000 rows).
  const code = sql`text collate "C"`
  await db.schema.withSchema('ledger').createTable('fx_rate')
    .addColumn('base', code, (c) => c.notNull().check(sql`base ~ '^[A-Z]{3}$'`))
    .addColumn('quote', code, (c) => c.notNull().check(sql`quote ~ '^[A-Z]{3}$'`))
    // Unconstrained numeric: the rate exactly as its source published it.
    .addColumn('rate', 'numeric', (c) => c.notNull().check(sql`rate > 0`))
    .addColumn('source', code, (c) => c.notNull().check(sql`length(source) between 1 and 64`))
    .addColumn('as_of', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('fx_rate_pkey', ['base', 'quote', 'source', 'as_of'])
    .addCheckConstraint('fx_rate_two_currencies', sql`base <> quote`)
    .execute()
  // The rate in force for a pair at an instant, whatever its source:
  // `where base = ? and quote = ? and as_of <= ? order by as_of desc, source limit 1`;
  // it also serves a pair's listing, newest first. (Listing across all pairs
  // sorts; it is rare, and another index would slow every import.)
  await sql`create index fx_rate_in_force_idx on ledger.fx_rate (base, quote, as_of desc, source)`.execute(db)
  // A recorded rate is evidence of what a conversion applied: never changed, never removed.
  // (ledger.refuse_change() comes with 001.)
  await sql`create trigger fx_rate_append_only before update or delete or truncate on ledger.fx_rate
    for each statement execute function ledger.refuse_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('ledger').dropTable('fx_rate').execute()
}

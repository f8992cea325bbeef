import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('ledger').createTable('fx_rate')
    .addColumn('base', 'text', (c) => c.notNull().check(sql`base ~ '^[A-Z]{3}$'`))
    .addColumn('quote', 'text', (c) => c.notNull().check(sql`quote ~ '^[A-Z]{3}$'`))
    // Unconstrained numeric: the rate exactly as its source published it.
    .addColumn('rate', 'numeric', (c) => c.notNull().check(sql`rate > 0`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`length(source) between 1 and 64`))
    .addColumn('as_of', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('fx_rate_pkey', ['base', 'quote', 'source', 'as_of'])
    .addCheckConstraint('fx_rate_two_currencies', sql`base <> quote`)
    .execute()
  // The rate in force for a pair at an instant, whatever its source:
  // `where base = ? and quote = ? and as_of <= ? order by as_of desc, source limit 1`.
  await sql`create index fx_rate_in_force_idx on ledger.fx_rate (base, quote, as_of desc, source)`.execute(db)
  // Listing, newest first, across pairs.
  await sql`create index fx_rate_as_of_idx on ledger.fx_rate (as_of desc, base desc, quote desc, source desc)`.execute(db)
  // A recorded rate is evidence of what a conversion applied: never changed, never removed.
  // (ledger.refuse_change() comes with 001.)
  await sql`create trigger fx_rate_append_only before update or delete or truncate on ledger.fx_rate
    for each statement execute function ledger.refuse_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('ledger').dropTable('fx_rate').execute()
}

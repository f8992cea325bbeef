import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
// What came after 003 had landed: a migration that ran is never edited, so these are their own step.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    -- Money a committed deposit change still has to move in the ledger (see DepositPosting).
    create table ledger.deposit_posting (
      idempotency_key text collate "C" primary key,
      deposit_id uuid not null references ledger.deposit (id),
      request jsonb not null,
      created_at timestamptz not null,
      last_error text,
      refusals integer not null default 0
    );
    create index deposit_posting_deposit_idx on ledger.deposit_posting (deposit_id, created_at);

    -- Which process holds a run's lease: one that lost it to another stops without overwriting the run.
    alter table ledger.eod_run add column lease_owner uuid;

    -- At most one run at a time, whatever its date: two runs would process the same days.
    create unique index eod_run_one_running on ledger.eod_run ((true)) where status = 'running'
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger.eod_run_one_running`.execute(db)
  await sql`alter table ledger.eod_run drop column lease_owner`.execute(db)
  await sql`drop table ledger.deposit_posting`.execute(db)
}

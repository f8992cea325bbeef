import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    -- A transfer a review decision held instead of posting (review action 'hold'): the ledger hold that reserves its
    -- amount, the case that decides it, and what posting it will add to the client's buckets.
    create table risk.held_transfer (
      hold_id uuid primary key,
      case_id uuid not null references risk.case (id),
      client_id uuid not null,
      idempotency_key text,
      request jsonb not null,
      activity jsonb not null,
      status text not null check (status in ('held', 'released', 'voided')),
      transfer_id uuid,
      created_at timestamptz not null,
      decided_at timestamptz
    );
    create index held_transfer_case_idx on risk.held_transfer (case_id) where status = 'held';
    create unique index held_transfer_key_idx on risk.held_transfer (idempotency_key) where idempotency_key is not null
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table risk.held_transfer`.execute(db)
}

import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    -- Append-only records may lose rows in exactly one way: the retention purge (or an approved erasure), which
    -- says so for its own transaction with "set local compliance.retention_purge = 'on'". Updates and truncation stay refused.
    create or replace function compliance.refuse_change() returns trigger language plpgsql as $$ begin if tg_op = 'DELETE' and coalesce(current_setting('compliance.retention_purge', true), '') = 'on' then return null; end if; raise exception 'compliance: % on % is not allowed: the record is append-only', tg_op, tg_table_name; end $$;

    create table compliance.legal_hold (
      id uuid primary key,
      client_id uuid not null,
      reference text not null,
      reason text not null,
      placed_by text not null,
      placed_at timestamptz not null,
      released_by text,
      released_at timestamptz,
      release_note text,
      check ((released_by is null) = (released_at is null))
    );
    create index legal_hold_client_idx on compliance.legal_hold (client_id) where released_at is null;

    -- An erasure request: the plan shown when it was made, and what executing it did.
    create table compliance.erasure (
      id uuid primary key,
      client_id uuid not null,
      plan jsonb not null,
      requested_by text not null,
      requested_at timestamptz not null,
      executed_at timestamptz,
      result jsonb
    );
    create index erasure_client_idx on compliance.erasure (client_id, requested_at);

    create table compliance.purge_run (
      id uuid primary key,
      on_date date not null,
      run_by text not null,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      result jsonb not null
    );

    create index data_export_created_idx on compliance.data_export (created_at)
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.purge_run, compliance.erasure, compliance.legal_hold`.execute(db)
}

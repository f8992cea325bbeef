import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
// One statement per query: PGlite runs parameterless scripts through the extended protocol too.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    create function compliance.refuse_change() returns trigger language plpgsql as $$
      begin raise exception 'compliance: % on % is not allowed: the record is append-only', tg_op, tg_table_name; end $$;

    -- A list as imported, once per distinct content: what screening decided is explained by the version it used.
    create table compliance.watchlist_version (
      id uuid primary key,
      list_name text collate "C" not null,
      version integer not null check (version > 0),
      checksum text collate "C" not null,
      source text not null,
      entry_count integer not null,
      alias_count integer not null,
      imported_by text not null,
      imported_at timestamptz not null,
      unique (list_name, version)
    );

    create table compliance.watchlist_entry (
      version_id uuid not null references compliance.watchlist_version (id),
      entry_id text collate "C" not null,
      entry jsonb not null,
      primary key (version_id, entry_id)
    );
    create trigger watchlist_entry_append_only before update or delete or truncate on compliance.watchlist_entry
      for each statement execute function compliance.refuse_change();

    -- Each screening of a client against a list version, with the hits and why: the evidence of due diligence.
    create table compliance.client_screening (
      id uuid primary key,
      client_id uuid not null,
      version_id uuid not null references compliance.watchlist_version (id),
      reason text not null,
      screened_name text not null,
      top_band text not null check (top_band in ('clear', 'review', 'block')),
      hits jsonb not null,
      screened_by text not null,
      screened_at timestamptz not null
    );
    create index client_screening_client_idx on compliance.client_screening (client_id, screened_at desc);
    create trigger client_screening_append_only before update or delete or truncate on compliance.client_screening
      for each statement execute function compliance.refuse_change();

    -- One open alert per client and list entry: a hit compliance has to look at.
    create table compliance.screening_alert (
      id uuid primary key,
      client_id uuid not null,
      list_name text collate "C" not null,
      entry_id text collate "C" not null,
      version_id uuid not null references compliance.watchlist_version (id),
      band text not null check (band in ('review', 'block')),
      score numeric not null,
      status text not null check (status in ('open', 'cleared')),
      opened_at timestamptz not null,
      closed_at timestamptz,
      closed_reason text
    );
    create unique index screening_alert_one_open on compliance.screening_alert (client_id, list_name, entry_id) where status = 'open';
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.screening_alert, compliance.client_screening, compliance.watchlist_entry, compliance.watchlist_version`.execute(db)
  await sql`drop function compliance.refuse_change()`.execute(db)
}

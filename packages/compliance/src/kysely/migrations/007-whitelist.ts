import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  // A false positive cleared for one client and one list entry, until it expires: who asked, who approved, why.
  await sql`create table compliance.screening_whitelist (
      id uuid primary key,
      client_id uuid not null,
      list_name text collate "C" not null,
      entry_id text collate "C" not null,
      reason text not null,
      requested_by text not null,
      approved_by text not null,
      approval_id uuid not null,
      created_at timestamptz not null,
      expires_on date not null
    )`.execute(db)
  await sql`create index screening_whitelist_client_idx on compliance.screening_whitelist (client_id, list_name, entry_id, expires_on)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.screening_whitelist`.execute(db)
}

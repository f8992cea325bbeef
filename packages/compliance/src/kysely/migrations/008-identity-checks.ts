import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  // Who confirmed the client's identity, how and when: required before a large withdrawal executes.
  await sql`create table compliance.identity_check (
      id uuid primary key,
      client_id uuid not null,
      method text not null,
      purpose text not null,
      verified_by text not null,
      verified_at timestamptz not null
    )`.execute(db)
  await sql`create index identity_check_client_idx on compliance.identity_check (client_id, verified_at desc)`.execute(db)
  await sql`create trigger identity_check_append_only before update or delete or truncate on compliance.identity_check
      for each statement execute function compliance.refuse_change()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.identity_check`.execute(db)
}

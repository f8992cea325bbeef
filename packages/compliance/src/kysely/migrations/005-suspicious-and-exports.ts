import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  // Kept apart from everything a client may see: exports and notifications never read this table.
  await sql`create table compliance.suspicious_report (
      id uuid primary key,
      client_id uuid not null,
      status text not null check (status in ('draft', 'reviewed', 'filed', 'dismissed')),
      report jsonb not null
    )`.execute(db)
  await sql`create index suspicious_report_client_idx on compliance.suspicious_report (client_id, id)`.execute(db)
  await sql`create table compliance.data_export (
      approval_id uuid primary key,
      client_id uuid not null,
      document jsonb not null,
      created_at timestamptz not null
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.data_export, compliance.suspicious_report`.execute(db)
}

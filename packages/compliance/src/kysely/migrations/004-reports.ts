import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table compliance.large_value_report (
      id uuid primary key,
      pack_id text collate "C" not null,
      client_id uuid not null,
      business_date date not null,
      status text not null check (status in ('draft', 'reviewed', 'filed', 'dismissed')),
      deadline date not null,
      report jsonb not null,
      unique (pack_id, client_id, business_date)
    )`.execute(db)
  await sql`create index large_value_report_status_idx on compliance.large_value_report (status, deadline, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.large_value_report`.execute(db)
}

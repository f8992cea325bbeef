import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    create table compliance.approval_request (
      id uuid primary key,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      status text not null check (status in ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed')),
      requested_by text not null,
      expires_at timestamptz not null,
      request jsonb not null,
      version integer not null
    );
    create index approval_request_status_idx on compliance.approval_request (status, id);
    create index approval_request_entity_idx on compliance.approval_request (entity_type, entity_id, id);
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.approval_request`.execute(db)
}

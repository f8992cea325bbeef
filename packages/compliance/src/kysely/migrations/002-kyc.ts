import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db)
  }
}

const statements = `
    -- One record per client; the columns the due-list reads beside the document itself.
    create table compliance.kyc_record (
      client_id uuid primary key,
      record jsonb not null,
      status text not null check (status in ('unverified', 'verified')),
      next_review_on date,
      earliest_document_expiry date,
      version integer not null,
      updated_at timestamptz not null
    );
    create index kyc_record_review_idx on compliance.kyc_record (next_review_on);
    create index kyc_record_document_idx on compliance.kyc_record (earliest_document_expiry);

    -- What changed, by whom: the KYC history an examiner asks for.
    create table compliance.kyc_event (
      id bigint generated always as identity primary key,
      client_id uuid not null,
      kind text not null,
      by_staff text not null,
      detail jsonb not null,
      version integer not null,
      at timestamptz not null
    );
    create index kyc_event_client_idx on compliance.kyc_event (client_id, id);
    create trigger kyc_event_append_only before update or delete or truncate on compliance.kyc_event
      for each statement execute function compliance.refuse_change();
`

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table compliance.kyc_event, compliance.kyc_record`.execute(db)
}

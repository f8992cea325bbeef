import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema.withSchema('platform')

  await s
    .createTable('api_token')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('staff_id', 'uuid', (c) => c.notNull())
    // SHA-256 of the token: tokens carry 256 bits of entropy, so a fast hash is enough
    // and the plain token never reaches the database.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revocation_reason', 'text')
    .execute()
  await s.createIndex('api_token_staff_idx').on('api_token').column('staff_id').execute()

  await s
    .createTable('audit_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('succeeded', 'rejected', 'failed', 'replayed')`))
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .execute()
  await s.createIndex('audit_event_entity_idx').on('audit_event').columns(['entity_type', 'entity_id', 'id']).execute()
  await s.createIndex('audit_event_actor_idx').on('audit_event').columns(['actor_id', 'id']).execute()
  // Append-only: the database itself refuses to change or remove an audit event.
  await sql`
    create function platform.refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'platform.audit_event is append-only' using errcode = 'insufficient_privilege';
    end $$`.execute(db)
  await sql`
    create trigger audit_event_append_only before update or delete or truncate on platform.audit_event
    for each statement execute function platform.refuse_audit_change()`.execute(db)

  await s
    .createTable('idempotency_key')
    .addColumn('actor_id', 'uuid', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('in_progress', 'completed')`))
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('content_type', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['actor_id', 'key'])
    .execute()
  await s.createIndex('idempotency_key_expiry_idx').on('idempotency_key').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('platform').dropTable('idempotency_key').execute()
  await db.schema.withSchema('platform').dropTable('audit_event').execute()
  await sql`drop function platform.refuse_audit_change()`.execute(db)
  await db.schema.withSchema('platform').dropTable('api_token').execute()
}

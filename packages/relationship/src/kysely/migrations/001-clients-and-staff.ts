import { sql, type Kysely } from 'kysely'

// Frozen in time: this file never imports domain code.
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema.withSchema('relationship')

  await s
    .createTable('staff')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'disabled')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await s
    .createTable('client')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('individual', 'institution')`))
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('native_name', 'text')
    .addColumn('birth_or_registration_date', 'date')
    .addColumn('country', sql`char(2)`, (c) => c.notNull())
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('prospect', 'onboarding', 'active', 'dormant', 'closed')`),
    )
    .addColumn('contact_points', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // An id only: the staff directory may one day live in another schema or system.
    .addColumn('relationship_manager_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await s.createIndex('client_book_idx').on('client').columns(['relationship_manager_id', 'id']).execute()

  await s
    .createTable('client_status_change')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('relationship.client.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changed_by', 'uuid', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await s.createIndex('client_status_change_client_idx').on('client_status_change').columns(['client_id', 'changed_at']).execute()

  await s
    .createTable('rm_assignment')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('relationship.client.id'))
    .addColumn('from_relationship_manager_id', 'uuid')
    .addColumn('to_relationship_manager_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'uuid', (c) => c.notNull())
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await s.createIndex('rm_assignment_client_idx').on('rm_assignment').columns(['client_id', 'assigned_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rm_assignment', 'client_status_change', 'client', 'staff']) {
    await db.schema.withSchema('relationship').dropTable(table).execute()
  }
}

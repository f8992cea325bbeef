import { Migrator, sql, type Kysely, type MigrationProvider, type MigrationResultSet } from 'kysely'

/** A domain's migrations, applied into the PostgreSQL schema the domain owns. */
export interface SchemaMigrations {
  readonly schema: string
  readonly provider: MigrationProvider
}

export interface MigrationReport {
  readonly schema: string
  readonly applied: readonly string[]
}

/**
 * Brings every schema up to date, in the order given. Each schema keeps its
 * own migration history table, so domains version independently.
 */
export async function migrateSchemas(db: Kysely<any>, list: readonly SchemaMigrations[]): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = []
  for (const { schema, provider } of list) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
    const migrator = new Migrator({ db, provider, migrationTableSchema: schema })
    const result: MigrationResultSet = await migrator.migrateToLatest()
    if (result.error) {
      const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
      throw new Error(`migration ${schema}/${failed} failed: ${String(result.error)}`, { cause: result.error })
    }
    reports.push({ schema, applied: (result.results ?? []).map((r) => r.migrationName) })
  }
  return reports
}

/** True when every listed migration of every schema has been applied. */
export async function migrationsPending(db: Kysely<any>, list: readonly SchemaMigrations[]): Promise<boolean> {
  for (const { schema, provider } of list) {
    const migrator = new Migrator({ db, provider, migrationTableSchema: schema })
    const migrations = await migrator.getMigrations()
    if (migrations.some((m) => m.executedAt === undefined)) return true
  }
  return false
}

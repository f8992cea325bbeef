import { mkdir } from 'node:fs/promises'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { typeParsers } from './type-parsers.js'

export type DatabaseKind = 'postgres' | 'pglite'

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When absent, embedded PGlite is used. */
  readonly url?: string | undefined
  /** Where PGlite keeps its files; absent → in memory (tests). */
  readonly dataDir?: string | undefined
  /** Pool size for PostgreSQL. */
  readonly maxConnections?: number | undefined
  /** Told when an idle pooled connection fails; the pool has already replaced it. */
  readonly onIdleConnectionError?: ((error: Error) => void) | undefined
}

export interface Database {
  // Each domain types its own view of the database; the handle itself is untyped.
  readonly db: Kysely<any>
  readonly kind: DatabaseKind
  /** The embedded instance, when `kind` is `pglite` (multi-statement scripts need `exec`). */
  readonly pglite?: PGlite | undefined
  close(): Promise<void>
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 20,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    })
    // An idle connection that the server drops (restart, failover, a forced drop
    // of a test database) is discarded by the pool; without a listener Node
    // would treat the event as an uncaught error and stop the process.
    pool.on('error', (error) => options.onIdleConnectionError?.(error))
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true })
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers: typeParsers,
  })
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
  return { db, kind: 'pglite', pglite, close: () => db.destroy() }
}

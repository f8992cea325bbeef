import pg from 'pg'
import { openDatabase, type Database } from './open-database.js'

export interface TestDatabase extends Database {
  /** The connection string of the fresh database (PostgreSQL only). */
  readonly url: string | undefined
}

/**
 * A database that no other test run can see.
 *
 * With `DATABASE_URL` set, a fresh database is created on that server and
 * dropped on close, so concurrent runs and files never share data. Without
 * it, an in-memory PGlite — real PostgreSQL semantics, no server.
 */
export async function createTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  const serverUrl = env.DATABASE_URL
  if (!serverUrl) return { ...(await openDatabase({})), url: undefined }

  const name = `sr_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = withDatabase(serverUrl, name)
  const database = await openDatabase({ url, maxConnections: 80 })
  return {
    ...database,
    url,
    async close() {
      await database.close()
      const dropper = new pg.Client({ connectionString: serverUrl })
      await dropper.connect()
      try {
        await dropper.query(`drop database if exists ${name} with (force)`)
      } finally {
        await dropper.end()
      }
    },
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Whether the suite runs against a real PostgreSQL server (concurrency tests need one). */
export function hasPostgres(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DATABASE_URL)
}

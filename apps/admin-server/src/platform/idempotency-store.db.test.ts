import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, uuidv7 } from '@strongroom/kernel'
import { platformMigrations, platformSchema } from './migrations/index.js'
import { createIdempotencyStore, inProgressLeaseMs } from './idempotency-store.js'
import type { PlatformTables } from './tables.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: platformSchema, provider: platformMigrations }])
})
afterAll(async () => {
  await database.close()
})

describe('the idempotency store', () => {
  it('lets a retry take over a key whose request died, but only after the lease', async () => {
    const clock = fixedClock('2026-05-01T10:00:00Z')
    const store = createIdempotencyStore(database.db as Kysely<PlatformTables>, clock, 48)
    const actor = uuidv7()
    expect(await store.reserve(actor, 'k', 'f1')).toEqual({ kind: 'reserved' })
    clock.advance(inProgressLeaseMs - 1000)
    expect(await store.reserve(actor, 'k', 'f1')).toEqual({ kind: 'in_progress' })
    clock.advance(2000)
    expect(await store.reserve(actor, 'k', 'f1')).toEqual({ kind: 'reserved' })
    expect(await store.reserve(actor, 'k', 'f2')).toEqual({ kind: 'mismatch' })
    await store.complete(actor, 'k', { statusCode: 201, body: '{"id":"x"}', contentType: 'application/json' })
    clock.advance(inProgressLeaseMs * 2)
    expect(await store.reserve(actor, 'k', 'f1')).toMatchObject({ kind: 'replay', response: { statusCode: 201 } })
  })

  it('frees a key past its retention', async () => {
    const clock = fixedClock('2026-05-01T10:00:00Z')
    const store = createIdempotencyStore(database.db as Kysely<PlatformTables>, clock, 24)
    const actor = uuidv7()
    await store.reserve(actor, 'old', 'f1')
    await store.complete(actor, 'old', { statusCode: 200, body: '{}', contentType: 'application/json' })
    clock.advance(25 * 3_600_000)
    expect(await store.reserve(actor, 'old', 'another request')).toEqual({ kind: 'reserved' })
  })
})

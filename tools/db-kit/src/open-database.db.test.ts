import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase, type TestDatabase } from './test-database.js'

describe('openDatabase type parsing (both drivers)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('returns int8 as bigint beyond 2^53, numeric as string and date as YYYY-MM-DD', async () => {
    const { rows } = await sql<{ big: bigint; rate: string; day: string }>`
      select 9007199254740993::int8 as big, 0.0125::numeric as rate, '2024-02-29'::date as day`.execute(database.db)
    expect(rows[0]).toEqual({ big: 9007199254740993n, rate: '0.0125', day: '2024-02-29' })
  })
})

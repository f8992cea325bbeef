import { describe, expect, it } from 'vitest'
import { contractDrift } from '@strongroom/admin-server'

describe('the API contract', () => {
  it('committed openapi.json and SDK types match the routes (run `npm run contract:write` when this fails)', async () => {
    expect(await contractDrift()).toEqual([])
  }, 60_000)
})

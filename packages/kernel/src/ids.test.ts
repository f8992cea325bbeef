import { describe, expect, it } from 'vitest'
import { isUuid, sequentialIds, uuidv7 } from './ids.js'

describe('uuidv7', () => {
  it('makes unique RFC 9562 version-7 ids, ordered by their millisecond', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 100)))
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) {
      expect(isUuid(id)).toBe(true)
      expect(id[14]).toBe('7')
      expect('89ab').toContain(id[19])
    }
    const prefixes = ids.map((id) => id.slice(0, 13))
    expect([...prefixes].sort()).toEqual(prefixes)
  })

  it('encodes the given instant in the first 48 bits', () => {
    expect(uuidv7(0x0123456789ab).replace(/-/g, '').slice(0, 12)).toBe('0123456789ab')
  })

  it('sequentialIds are valid, distinct and predictable', () => {
    const ids = sequentialIds()
    expect([ids.next(), ids.next()]).toEqual(['00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002'])
  })
})

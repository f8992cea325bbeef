import { describe, expect, it } from 'vitest'
import { createGroupCommitter } from './group-commit.js'

describe('createGroupCommitter', () => {
  it('runs a lone request at once, and batches what arrives while every lane is busy', async () => {
    const batches: number[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const submit = createGroupCommitter<number, number>({ lanes: 1, maxBatch: 3 }, async (items) => {
      batches.push([...items])
      if (batches.length === 1) await gate
      return items.map((i) => i * 10)
    })
    const results = [submit(1), submit(2), submit(3), submit(4), submit(5), submit(6)]
    release()
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60])
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]])
  })

  it('rejects every request of a failed batch, and keeps serving afterwards', async () => {
    let fail = true
    const submit = createGroupCommitter<number, number>({ lanes: 1, maxBatch: 10 }, async (items) => {
      if (fail) throw new Error('database down')
      return [...items]
    })
    await expect(submit(1)).rejects.toThrow('database down')
    fail = false
    expect(await submit(2)).toBe(2)
  })
})

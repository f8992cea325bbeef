import { describe, expect, it } from 'vitest'
import { buildCandidateIndex } from './candidate-index.js'

const names = [
  ['prcac', 'dragoljub'],
  ['li', 'fangwei'],
  ['al', 'zawahiri', 'ayman'],
  ['chinamasa', 'patrick'],
  ['chinamasa', 'monica'],
  ['wong', 'moon', 'chi'],
  ['banco', 'nacional', 'de', 'cuba'],
]
const index = buildCandidateIndex(names)
const found = (tokens: string[]) => index.candidates(tokens, 10)

describe('buildCandidateIndex', () => {
  it('finds a name from one edit in a token: a letter wrong, missing, extra, or swapped', () => {
    expect(found(['dragoljub', 'prcak'])).toContain(0)
    expect(found(['zawahri'])).toContain(2)
    expect(found(['zawahirri'])).toContain(2)
    expect(found(['zawhairi'])).toContain(2)
  })

  it('finds a name written split or joined', () => {
    expect(found(['li', 'fang', 'wei'])).toContain(1)
    expect(found(['moonchi', 'wong'])).toContain(5)
  })

  it('ranks the names covering the most of the query first, and leaves out names sharing only a little', () => {
    expect(found(['patrick', 'chinamasa'])[0]).toBe(3)
    expect(found(['monica', 'chinamasa'])[0]).toBe(4)
    expect(found(['chinamasa', 'dragoljub', 'fangwei'])).toEqual([])
    // a token no listed name has tells no candidate from another: it does not count against them
    expect(found(['monica', 'smith'])).toEqual([4])
  })

  it('does not search by particles alone', () => {
    expect(found(['de', 'al'])).toEqual([])
  })

  it('returns at most the limit, and nothing for a name it has never seen', () => {
    expect(index.candidates(['chinamasa'], 1)).toHaveLength(1)
    expect(found(['xyzzy'])).toEqual([])
    expect(index.size).toBe(names.length)
  })
})

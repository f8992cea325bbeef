import { describe, expect, it } from 'vitest'
import { editDistance, jaro, jaroWinkler, tokenSetSimilarity, tokenSimilarity } from './similarity.js'

describe('jaroWinkler — the known answers of Winkler (1990) and the literature', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
  ])('%s / %s = %s', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3)
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3)
  })

  it('gives Jaro itself below the 0.7 boost threshold, and the plain Jaro figures', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3)
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.822, 3)
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0)
  })

  it('is 1 for equal strings and 0 against an empty one', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1)
    expect(jaroWinkler('', 'SMITH')).toBe(0)
    expect(jaroWinkler('', '')).toBe(0)
  })

  it('handles strings longer than its scratch space', () => {
    const long = 'a'.repeat(200)
    expect(jaroWinkler(long, long + 'b')).toBeGreaterThan(0.99)
  })
})

describe('editDistance (optimal string alignment)', () => {
  it('counts inserts, deletes, replacements, and a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('martha', 'marhta')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('abc', 'abc')).toBe(0)
  })
})

describe('tokenSimilarity', () => {
  it('keeps a typo close and tells different short names apart', () => {
    expect(tokenSimilarity('prcac', 'prcak')).toBeGreaterThan(0.8)
    expect(tokenSimilarity('mansour', 'mansur')).toBeGreaterThan(0.85)
    expect(tokenSimilarity('martinez', 'marin')).toBeLessThan(0.8)
    expect(tokenSimilarity('salma', 'salim')).toBeLessThan(0.8)
  })

  it('never takes one pinyin syllable for another: Zhou is not a typo of Zhao', () => {
    expect(tokenSimilarity('zhou', 'zhao')).toBeLessThan(0.8)
    expect(tokenSimilarity('huang', 'zhang')).toBeLessThan(0.8)
  })

  it('pairs an initial with a name it begins', () => {
    expect(tokenSimilarity('j', 'john')).toBe(0.9)
    expect(tokenSimilarity('k', 'john')).toBeLessThan(0.8)
  })
})

describe('tokenSetSimilarity', () => {
  it('ignores token order', () => {
    expect(tokenSetSimilarity(['fangwei', 'li'], ['li', 'fangwei'])).toBe(1)
  })

  it('pairs tokens joined on one side and split on the other', () => {
    expect(tokenSetSimilarity(['li', 'fang', 'wei'], ['li', 'fangwei'])).toBe(1)
    expect(tokenSetSimilarity(['li', 'fangwei'], ['fang', 'wei', 'li'])).toBe(1)
    expect(tokenSetSimilarity(['abd', 'al', 'rahman'], ['abdalrahman'])).toBe(1)
  })

  it('costs little for a dropped middle name, a lot for a query token nothing matches', () => {
    const dropped = tokenSetSimilarity(['john', 'smith'], ['smith', 'john', 'robert'])
    const extra = tokenSetSimilarity(['john', 'robert', 'smith'], ['smith', 'john'])
    expect(dropped).toBeGreaterThan(0.8)
    expect(extra).toBeLessThan(dropped)
  })

  it('survives a typo and a transposition', () => {
    expect(tokenSetSimilarity(['dragoljub', 'prcak'], ['prcac', 'dragoljub'])).toBeGreaterThan(0.9)
    expect(tokenSetSimilarity(['martha', 'jones'], ['marhta', 'jones'])).toBeGreaterThan(0.9)
  })

  it('keeps different names apart', () => {
    expect(tokenSetSimilarity(['john', 'smith'], ['maria', 'garcia'])).toBe(0)
    expect(tokenSetSimilarity(['ivan', 'kuznetsov'], ['kuznetsov', 'artem'])).toBeLessThan(0.7)
    expect(tokenSetSimilarity([], ['smith'])).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { weightedNameSimilarity } from './similarity.js'
import { rarityWeigher, weighListedName, weighQueryName } from './weighted-name.js'

describe('weighListedName — what leaving a token out costs, from "SURNAME, Given Middle"', () => {
  it('makes a middle name cheap to drop, the first given name dearer, the only surname dearest', () => {
    expect(weighListedName('SMITH, John Robert', 'individual')).toEqual({
      tokens: ['smith', 'john', 'robert'], weights: [5, 4, 6], dropCosts: [1, 0.6, 0.2],
    })
  })

  it('lets one of two surnames go at half cost, and a particle at a quarter', () => {
    expect(weighListedName('GARCIA LOPEZ, Juan', 'individual').dropCosts).toEqual([0.5, 0.5, 0.6])
    expect(weighListedName('AL ZAWAHIRI, Dr. Ayman', 'individual')).toEqual({
      tokens: ['al', 'zawahiri', 'ayman'], weights: [1, 8, 5], dropCosts: [0.25, 1, 0.6],
    })
  })

  it('drops an honorific the way a query does, even when it is all of the given name', () => {
    expect(weighListedName('SHIBL, Hajji', 'individual')).toEqual({ tokens: ['shibl'], weights: [5], dropCosts: [1] })
  })

  it('treats names without the comma, and entities, alike: half a token', () => {
    expect(weighListedName('BANCO NACIONAL DE CUBA', 'entity').dropCosts).toEqual([0.5, 0.5, 0.25, 0.5])
  })

  it('scores a given-name-only query below the floor of 0.6, a surname-only one below the full name', () => {
    const listed = weighListedName('AL ZAWAHIRI, Dr. Ayman', 'individual')
    expect(weightedNameSimilarity(weighQueryName('Ayman Zawahiri'), listed)).toBeGreaterThan(0.95)
    expect(weightedNameSimilarity(weighQueryName('Zawahiri'), listed)).toBeLessThan(0.9)
    expect(weightedNameSimilarity(weighQueryName('Ayman'), listed)).toBeLessThan(0.6)
  })
})

describe('rarityWeigher', () => {
  it('weighs a token most names share lightly, a rare or unknown one in full', () => {
    const listed = [...Array.from({ length: 50 }, (_, i) => ['mohammed', `n${i}`]), ['zawahiri', 'ayman']]
    const weigh = rarityWeigher(listed)
    expect(weigh('zawahiri')).toBe(8)
    expect(weigh('unheardof')).toBe(9)
    expect(weigh('mohammed')).toBeLessThan(8 * 0.6)
  })
})

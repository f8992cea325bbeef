import { describe, expect, it } from 'vitest'
import { buildLabelledSet, chineseNameFixtures, commonNames } from './labelled-set.js'
import { normalizeName } from './normalize-name.js'
import { editDistance } from './similarity.js'
import type { WatchlistEntry } from './watchlist-entry.js'

let next = 1
const anEntry = (fields: Partial<WatchlistEntry> & Pick<WatchlistEntry, 'primaryName'>): WatchlistEntry => ({
  id: String(next++), listName: 'OFAC-SDN', kind: 'individual', aliases: [], programs: ['SDGT'], datesOfBirth: [], birthYears: [],
  countries: [], identifiers: [], remarks: null, ...fields,
})

const entries: WatchlistEntry[] = [
  anEntry({ id: '11447', primaryName: 'LI, Fangwei', aliases: [{ name: 'LEE, Karl', strength: 'strong' }] }),
  anEntry({ id: '29220', primaryName: 'CHEN, Quanguo' }),
  anEntry({ id: '23647', primaryName: 'WEI, Zhao', aliases: [{ name: 'WEI, Zhang', strength: 'strong' }] }),
  anEntry({ id: '10987', primaryName: 'GARCIA DURAN, Maria Del Rosario' }),
  anEntry({ id: '2676', primaryName: 'AL ZAWAHIRI, Dr. Ayman', aliases: [{ name: 'SALIM, Ahmad Fuad', strength: 'strong' }] }),
  anEntry({ id: '306', primaryName: 'BANCO NACIONAL DE CUBA', kind: 'entity', aliases: [{ name: 'NATIONAL BANK OF CUBA', strength: 'strong' }, { name: 'BNC', strength: 'weak' }] }),
  anEntry({ id: '15085', primaryName: 'SONIA I', kind: 'vessel' }),
  anEntry({ id: '9001', primaryName: 'KHAN, Abdul Qadeer Mohammed' }),
  anEntry({ id: '9002', primaryName: 'KHAN, Abdul Qadeer Mohammed' }),
]

const set = buildLabelledSet(entries, 42, { perVariant: 20, weakAliases: 3, generatedNegatives: 30 })
const ofVariant = (variant: string) => set.filter((q) => q.variant === variant)

describe('buildLabelledSet', () => {
  it('gives the same set for the same seed, another for another', () => {
    expect(buildLabelledSet(entries, 42, { perVariant: 20, weakAliases: 3, generatedNegatives: 30 })).toEqual(set)
    expect(buildLabelledSet(entries, 43, { perVariant: 20, weakAliases: 3, generatedNegatives: 30 })).not.toEqual(set)
  })

  it('makes each kind of variant, from individuals and entities only', () => {
    for (const variant of ['typo', 'transposition', 'reordered', 'dropped-middle', 'alias', 'weak-alias', 'han', 'pinyin', 'pinyin-tones', 'negative']) {
      expect(ofVariant(variant).length, variant).toBeGreaterThan(0)
    }
    expect(set.flatMap((q) => q.expectedIds)).not.toContain('15085')
  })

  it('changes a typo by one edit and a transposition by one swap of neighbours', () => {
    for (const q of [...ofVariant('typo'), ...ofVariant('transposition')]) {
      expect(editDistance(q.query.name.toLowerCase(), q.source!.toLowerCase()), q.query.name).toBe(1)
    }
  })

  it('writes reordered names given name first, and drops a middle name', () => {
    expect(ofVariant('reordered').map((q) => q.query.name)).toContain('Fangwei LI')
    for (const q of ofVariant('dropped-middle')) expect(normalizeName(q.query.name).tokens.length).toBe(normalizeName(q.source!).tokens.length - 1)
  })

  it('expects every entry that carries the name, not only the one it was drawn from', () => {
    const khan = set.find((q) => q.source === 'KHAN, Abdul Qadeer Mohammed')
    expect(khan?.expectedIds.slice().sort()).toEqual(['9001', '9002'])
  })

  it('writes the Chinese fixtures in Han characters, in pinyin surname last, and with tone marks', () => {
    const li = set.filter((q) => q.expectedIds.includes('11447') && ['han', 'pinyin', 'pinyin-tones'].includes(q.variant))
    expect(li.map((q) => q.query.name)).toEqual(['李方伟', 'Fang Wei Li', 'Lǐ fāngwěi'])
    // fixtures of entries the list does not hold are left out
    expect(ofVariant('han').map((q) => q.expectedIds[0])).toEqual(['11447', '29220'])
    expect(chineseNameFixtures.every((f) => f.han.length >= 2 && f.why.length > 0)).toBe(true)
  })

  it('keeps only negatives that are not on the list: "Wei Zhang" is, and "Maria Garcia" stands inside a listed name', () => {
    const negatives = ofVariant('negative').map((q) => q.query.name)
    expect(negatives).not.toContain('Wei Zhang')
    expect(negatives).not.toContain('Maria Garcia')
    expect(negatives).toContain('John Smith')
    expect(commonNames).toContain('Maria Garcia')
    expect(ofVariant('negative').every((q) => q.expectedIds.length === 0 && q.source === null)).toBe(true)
  })
})

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildLabelledSet } from './labelled-set.js'
import { createScreeningIndex } from './screen.js'
import { evaluateScreening } from './screening-evaluation.js'
import { parseOfacSdn } from './sdn-csv.js'

// The one test that reads the real OFAC snapshot (July 2021), beside the repository:
// <repo>/../shared/data/ofac, as the other suites find shared data.
const ofac = new URL('../shared/data/ofac/', new URL('../../../../../', import.meta.url))
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, ofac)), 'utf8')
const entries = parseOfacSdn({ sdn: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv') })
const index = createScreeningIndex(entries)

describe('the OFAC SDN snapshot', () => {
  it('parses every entry and alias', () => {
    expect(entries).toHaveLength(8976)
    const aliases = entries.flatMap((e) => e.aliases)
    // alt.csv has 11,910 rows; six repeat a name the entry already has
    expect(aliases.filter((a) => a.strength === 'strong')).toHaveLength(11904)
    expect(aliases.filter((a) => a.strength === 'weak').length).toBeGreaterThan(2000)
    const kinds = Object.fromEntries(['individual', 'entity', 'vessel', 'aircraft'].map((k) => [k, entries.filter((e) => e.kind === k).length]))
    expect(kinds).toEqual({ individual: 4620, entity: 3673, vessel: 406, aircraft: 277 })
  })

  it('reads the dates of birth of almost every individual, and every one it finds', () => {
    const individuals = entries.filter((e) => e.kind === 'individual')
    expect(individuals.filter((e) => e.datesOfBirth.length > 0).length).toBeGreaterThan(4300)
    expect(entries.filter((e) => e.datesOfBirth.length > 0 && e.birthYears.length === 0)).toEqual([])
  })

  it('indexes every name once', () => {
    expect(index.entryCount).toBe(8976)
    expect(index.nameCount).toBe(entries.reduce((n, e) => n + 1 + e.aliases.length, 0))
  })

  it('finds the parties the other suites rely on', () => {
    expect(index.search({ name: 'Patrick Chinamasa', dateOfBirth: '1947-01-25', country: 'ZW', entityType: 'individual' })[0]).toMatchObject({ entry: { id: '7487' }, band: 'block' })
    expect(index.search({ name: 'Dragoljub Prcak', dateOfBirth: '1937-07-18' })[0]).toMatchObject({ entry: { id: '7772' } })
    expect(index.search({ name: '李方伟' })[0]).toMatchObject({ entry: { id: '11447' }, band: 'block' })
    expect(index.search({ name: 'Amelia Hartley', country: 'GB', entityType: 'individual' }).filter((h) => h.band !== 'clear')).toEqual([])
  })

  it('reaches recall ≥ 0.95 at precision ≥ 0.9 at the review threshold on the labelled set', () => {
    const set = buildLabelledSet(entries, 20260101)
    const result = evaluateScreening(index, set)
    expect(result.threshold).toBe(0.7)
    expect(result.positives).toBeGreaterThan(800)
    expect(result.negatives).toBeGreaterThan(400)
    expect(result.recall).toBeGreaterThanOrEqual(0.95)
    expect(result.precision).toBeGreaterThanOrEqual(0.9)
    // every Chinese name in Han characters, in pinyin and with tone marks is found
    for (const variant of ['han', 'pinyin', 'pinyin-tones'] as const) {
      expect(result.byVariant[variant]!.right, variant).toBe(result.byVariant[variant]!.queries)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { parseOfacSdn } from './sdn-csv.js'
import { createScreeningIndex, type ScreeningHit } from './screen.js'

// Real rows of the July 2021 snapshot (../shared/data/ofac).
const sdn = `306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."
2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT","Operational and Military Leader of JIHAD GROUP",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; Operational and Military Leader of JIHAD GROUP."
7487,"CHINAMASA, Patrick","individual","ZIMBABWE","Minister of Justice, Legal and Parliamentary Affairs",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 25 Jan 1947; Minister of Justice, Legal and Parliamentary Affairs."
9500,"CHINAMASA, Monica","individual","ZIMBABWE","Spouse of Patrick Chinamasa",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 1950; Spouse of Patrick Chinamasa."
7772,"PRCAC, Dragoljub","individual","BALKANS",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Jul 1937; POB Omarska, Bosnia-Herzegovina; ICTY indictee."
11447,"LI, Fangwei","individual","NPWMD] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Sep 1972; nationality China; Additional Sanctions Information - Subject to Secondary Sanctions."
16318,"ZHANG, Lei","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 03 Jan 1976; POB Shanghai, China; citizen China; Passport G23851362 (China); alt. Passport W76048374 (China); National ID No. 320202197601030513 (China); Chinese Commercial Code 1728 4320; Linked To: CEC LIMITED."
23647,"WEI, Zhao","individual","TCO",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 16 Sep 1952; POB Heilongjiang Province, China; alt. POB Liaoning Province, China; nationality China; Gender Male; Passport MA0269785 (Macau); alt. Passport M0178952 (China); alt. Passport MA0162634 (China); National ID No. 12756003 (Macau); Linked To: ZHAO WEI TCO."
29220,"CHEN, Quanguo","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1955; POB Pingyu, Henan, China; Gender Male."
173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- 
15085,"SONIA I","vessel","IRAN",-0- ,"9HNY9","Crude Oil Tanker","164,154","85,462","Panama",-0- ,"Vessel Registration Identification IMO 9357365; MMSI 249256000; Linked To: NATIONAL IRANIAN TANKER COMPANY."
`
const alt = `306,220,"aka","NATIONAL BANK OF CUBA",-0- 
2676,4760,"aka","AL-ZAWAHIRI, Ayman",-0- 
2676,4761,"aka","SALIM, Ahmad Fuad",-0- 
11447,12075,"aka","LEE, Karl",-0- 
16318,24611,"aka","CHANG, Eric",-0- 
16318,25661,"aka","LEI, Zhang",-0- 
23647,37349,"aka","WEI, Zhang",-0- 
173,57,"aka","AVIA IMPORT",-0- 
15085,23478,"fka","SINA",-0- 
`
const add = `306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- 
7487,11970,"6B Honeybear Lane","Borrowdale","Zimbabwe",-0- 
9500,11799,"6B Honeybear Lane","Borrowdale","Zimbabwe",-0- 
11447,16919,-0- ,-0- ,"China",-0- 
173,129,"Ibex House, The Minories","London EC3N 1DY","United Kingdom",-0- 
`
const entries = parseOfacSdn({ sdn, alt, add })
const index = createScreeningIndex(entries)

const features = (hit: ScreeningHit) => Object.fromEntries(hit.explanation.map((e) => [e.feature, e.effect]))
const top = (query: Parameters<typeof index.search>[0]) => index.search(query)[0]

describe('createScreeningIndex — finding a listed party', () => {
  it('finds an entry from a misspelled name and says which name matched and why', () => {
    const hit = top({ name: 'Dragoljub Prcak', dateOfBirth: '1937-07-18' })!
    expect(hit).toMatchObject({ entry: { id: '7772' }, matchedName: 'PRCAC, Dragoljub', matchedOn: 'primary' })
    expect(hit.band).toBe('block')
    expect(features(hit)).toEqual({ name: expect.any(Number), 'date-of-birth': 0.05 })
    expect(features(hit).name).toBeGreaterThan(0.9)
    expect(features(hit).name).toBeLessThan(1)
    expect(hit.explanation[0]!.detail).toContain('PRCAC, Dragoljub')
  })

  it('finds an entry from a reordered name, given name first', () => {
    const hit = top({ name: 'Patrick Chinamasa', dateOfBirth: '1947-01-25', country: 'ZW', entityType: 'individual' })!
    expect(hit).toMatchObject({ entry: { id: '7487' }, score: 1, band: 'block' })
    expect(hit.explanation.map((e) => e.feature)).toEqual(['name', 'date-of-birth', 'country', 'entity-type'])
    expect(features(hit)).toEqual({ name: 1, 'date-of-birth': 0.05, country: 0.03, 'entity-type': 0 })
  })

  it('finds an entry by a strong alias', () => {
    expect(top({ name: 'Karl Lee' })).toMatchObject({ entry: { id: '11447' }, matchedName: 'LEE, Karl', matchedOn: 'alias-strong', score: 1, band: 'block' })
  })

  it('finds an entity whatever its legal form and punctuation', () => {
    expect(top({ name: 'Anglo Caribbean Company Limited', entityType: 'entity' })).toMatchObject({ entry: { id: '173' }, score: 1 })
  })

  it('returns nothing for a name unlike any listed one, or no name at all', () => {
    expect(index.search({ name: 'Amelia Hartley', country: 'GB', entityType: 'individual' })).toEqual([])
    expect(index.search({ name: '' })).toEqual([])
    expect(index.search({ name: ' -- ' })).toEqual([])
  })
})

describe('reading Chinese names', () => {
  it('finds LI, Fangwei from 李方伟, from Fang Wei LI and from Li Fang-wei', () => {
    for (const name of ['李方伟', 'Fang Wei LI', 'Li Fang-wei', 'Lǐ Fāngwěi']) {
      expect(top({ name }), name).toMatchObject({ entry: { id: '11447' }, matchedName: 'LI, Fangwei', score: 1 })
    }
    expect(top({ name: '李方伟' })!.explanation[0]!.detail).toContain('(li fang wei)')
  })

  it('finds CHEN, Quanguo from 陈全国 and corroborates the year of birth the list gives', () => {
    const hit = top({ name: '陈全国', dateOfBirth: '1955-11-03', country: 'CN' })!
    expect(hit).toMatchObject({ entry: { id: '29220' }, band: 'block' })
    expect(features(hit)['date-of-birth']).toBe(0.03) // the list gives the year only
  })

  it('does not take Zhou for Zhao', () => {
    expect(index.search({ name: 'Wei Zhou', entityType: 'individual' }).filter((h) => h.band !== 'clear')).toEqual([])
  })
})

describe('features that move the score', () => {
  it('lowers the score for a conflicting date of birth, by the rules', () => {
    const hit = top({ name: 'Patrick Chinamasa', dateOfBirth: '1960-01-01' })!
    expect(hit.entry.id).toBe('7487')
    expect(features(hit)).toEqual({ name: 1, 'date-of-birth': -0.15 })
    expect(hit).toMatchObject({ score: 0.85, band: 'review' })
    expect(hit.explanation[1]!.detail).toMatch(/25 Jan 1947/)
  })

  it('reads a day-and-month swap as agreement, and a year-only date at year level', () => {
    // listed 03 Jan 1976; 1976-03-01 is the same date written month-first
    const swapped = top({ name: 'Zhang Lei', dateOfBirth: '1976-03-01' })!
    expect(swapped.entry.id).toBe('16318')
    expect(features(swapped)['date-of-birth']).toBe(0.03)
    expect(swapped.explanation[1]!.detail).toMatch(/day and month swapped/)
    expect(features(top({ name: 'Patrick Chinamasa', dateOfBirth: '1947' })!)['date-of-birth']).toBe(0.03)
    expect(features(top({ name: 'Patrick Chinamasa', dateOfBirth: '1948' })!)['date-of-birth']).toBe(0)
  })

  it('says so when a date of birth cannot be compared, and leaves the score alone', () => {
    const hit = top({ name: 'Patrick Chinamasa', dateOfBirth: '25/01/1947' })!
    expect(hit.explanation[1]).toMatchObject({ feature: 'date-of-birth', effect: 0, detail: expect.stringMatching(/not compared/) })
    expect(features(top({ name: 'Anglo Caribbean', dateOfBirth: '1970-01-01' })!)['date-of-birth']).toBe(0)
  })

  it('corroborates a listed country, by code or name, and weighs against another', () => {
    expect(features(top({ name: 'Li Fangwei', country: 'CN' })!).country).toBe(0.03)
    expect(features(top({ name: 'Li Fangwei', country: 'China' })!).country).toBe(0.03)
    const elsewhere = top({ name: 'Li Fangwei', country: 'FR' })!
    expect(features(elsewhere).country).toBe(-0.05)
    expect(elsewhere.explanation.find((e) => e.feature === 'country')!.detail).toMatch(/France is not among the listed countries \(China\)/)
  })

  it('lowers the score when an individual is screened against a listed entity', () => {
    const hit = top({ name: 'Banco Nacional de Cuba', entityType: 'individual' })!
    expect(features(hit)['entity-type']).toBe(-0.15)
    expect(hit).toMatchObject({ score: 0.85, band: 'review' })
  })

  it('lets a weak alias corroborate but not decide: an exact weak alias is review, not block', () => {
    const hit = top({ name: 'BNC' })!
    expect(hit).toMatchObject({ entry: { id: '306' }, matchedOn: 'alias-weak', score: 0.85, band: 'review' })
    expect(features(hit)).toEqual({ name: 1, 'weak-alias': -0.15 })
  })
})

describe('exact identifiers win', () => {
  it('blocks on a passport number the list gives, whatever the name', () => {
    const hit = top({ name: 'Eric Chang', identifiers: [{ type: 'Passport', value: 'W76048374' }] })!
    expect(hit).toMatchObject({ entry: { id: '16318' }, matchedName: 'CHANG, Eric', score: 1, band: 'block' })
    expect(hit.explanation.at(-1)).toMatchObject({ feature: 'identifier', detail: expect.stringMatching(/W76048374/) })
    const other = top({ name: 'Someone Else Entirely', identifiers: [{ type: 'national id', value: '320202197601030513' }] })!
    expect(other).toMatchObject({ entry: { id: '16318' }, score: 1, band: 'block' })
    expect(features(other).identifier).toBeCloseTo(1 - features(other).name!, 3)
  })

  it('screens an identifier given without a name', () => {
    expect(top({ name: '', identifiers: [{ type: 'Passport', value: '1084010' }] })).toMatchObject({ entry: { id: '2676' }, score: 1, band: 'block' })
  })

  it('finds a vessel by its IMO number without the letters', () => {
    expect(top({ name: 'Unknown tanker', identifiers: [{ type: 'IMO', value: '9357365' }] })).toMatchObject({ entry: { id: '15085' }, band: 'block' })
  })

  it('does not match a number from another register', () => {
    const hits = index.search({ name: 'Nobody', identifiers: [{ type: 'Tax ID', value: 'W76048374' }] })
    expect(hits).toEqual([])
  })
})

describe('bands, floor, limit and rules', () => {
  it('returns hits at or above the floor, best first, with their band', () => {
    const hits = index.search({ name: 'Monica Chinamasa' })
    expect(hits.map((h) => h.entry.id)).toEqual(['9500', '7487'].slice(0, hits.length))
    expect(hits[0]).toMatchObject({ score: 1, band: 'block' })
    for (const h of hits) expect(h.score).toBeGreaterThanOrEqual(index.rules.floor)
    expect(index.search({ name: 'Monica Chinamasa' }, { limit: 1 })).toHaveLength(1)
  })

  it('takes its bands from the rules it was built with', () => {
    const strict = createScreeningIndex(entries, { rules: { version: 'strict', bands: { review: 0.9, block: 0.99 } } })
    expect(strict.rules.version).toBe('strict')
    const hit = strict.search({ name: 'Patrick Chinamasa', dateOfBirth: '1960-01-01' })[0]!
    expect(hit).toMatchObject({ score: 0.85, band: 'clear' })
  })

  it('counts its entries and names', () => {
    expect(index.entryCount).toBe(11)
    expect(index.nameCount).toBe(11 + 9 + 1) // primary names, strong aliases, the weak one
  })
})

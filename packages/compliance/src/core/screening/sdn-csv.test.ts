import { describe, expect, it } from 'vitest'
import { ComplianceError } from '../compliance-errors.js'
import { parseOfacSdn } from './sdn-csv.js'

// Real rows of the July 2021 snapshot (../shared/data/ofac), as OFAC publishes them.
const sdn = [
  `306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."`,
  `2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT","Operational and Military Leader of JIHAD GROUP",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; Operational and Military Leader of JIHAD GROUP."`,
  `11447,"LI, Fangwei","individual","NPWMD] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Sep 1972; nationality China; Additional Sanctions Information - Subject to Secondary Sanctions."`,
  `9340,"WONG, Moon Chi","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Mar 1961; alt. DOB 21 Apr 1945; alt. DOB 25 Jan 1947; alt. DOB 08 Feb 1955; alt. DOB 03 Aug 1958; alt. DOB 08 Aug 1958; POB China; nationality China; citizen China; alt. citizen Cambodia; Passport 611657479 (China); alt. Passport 2355009C (China); National ID No. D489833(9) (Hong Kong); British National Overseas Passport 750200421 (United Kingdom); a.k.a. 'CHI BANG'."`,
  `9500,"CHINAMASA, Monica","individual","ZIMBABWE","Spouse of Patrick Chinamasa",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 1950; Spouse of Patrick Chinamasa."`,
  `15085,"SONIA I","vessel","IRAN",-0- ,"9HNY9","Crude Oil Tanker","164,154","85,462","Panama",-0- ,"Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; alt. Former Vessel Flag None Identified; alt. Former Vessel Flag Seychelles; Additional Sanctions Information - Subject to Secondary Sanctions; Vessel Registration Identification IMO 9357365; MMSI 249256000; Linked To: NATIONAL IRANIAN TANKER COMPANY."`,
  `15478,"EP-VIP","aircraft","SDGT] [NPWMD] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Construction Number (also called L/N or S/N or F/N) 499; Aircraft Manufacture Date 20 Apr 1989; Aircraft Model A310-304; Aircraft Operator MAHAN AIR; Additional Sanctions Information - Subject to Secondary Sanctions; Linked To: MAHAN AIR."`,
  `24838,"LI, Shangfu","individual","CAATSA - RUSSIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Feb 1958 to 28 Feb 1958; POB Chengdu, Sichuan Province, China; citizen China; Gender Male."`,
].join('\r\n') + '\r\n\x1a'

const alt = [
  `306,220,"aka","NATIONAL BANK OF CUBA",-0- `,
  `2676,4760,"aka","AL-ZAWAHIRI, Ayman",-0- `,
  `2676,4761,"aka","SALIM, Ahmad Fuad",-0- `,
  `11447,12075,"aka","LEE, Karl",-0- `,
  `15085,23478,"fka","SINA",-0- `,
  `99999,1,"aka","AN ENTRY THIS SDN FILE DOES NOT HOLD",-0- `,
].join('\r\n')

const add = [
  `306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- `,
  `306,200,"Avenida de Concha Espina 8","Madrid E-28036","Spain",-0- `,
  `2676,1834,-0- ,-0- ,-0- ,-0- `,
  `11447,16919,-0- ,-0- ,"China",-0- `,
  `11447,16920,"c/o LIMMT ECONOMIC AND TRADE COMPANY, LTD., 2501-2508 Yuexiu Mansion, No. 82 Xinkai Road, Dalian, Liaoning 116011",-0- ,"China",-0- `,
].join('\r\n')

const entries = parseOfacSdn({ sdn, alt, add })
const byId = (id: string) => entries.find((e) => e.id === id)!

describe('parseOfacSdn', () => {
  it('reads one entry per sdn.csv row, in order, and nothing from the end-of-file byte', () => {
    expect(entries.map((e) => e.id)).toEqual(['306', '2676', '11447', '9340', '9500', '15085', '15478', '24838'])
  })

  it('reads an entity: empty SDN_Type, strong alias from alt.csv, weak a.k.a. from the remarks, address countries', () => {
    expect(byId('306')).toEqual({
      id: '306',
      listName: 'OFAC-SDN',
      kind: 'entity',
      primaryName: 'BANCO NACIONAL DE CUBA',
      aliases: [{ name: 'NATIONAL BANK OF CUBA', strength: 'strong' }, { name: 'BNC', strength: 'weak' }],
      programs: ['CUBA'],
      datesOfBirth: [],
      birthYears: [],
      countries: ['Switzerland', 'Spain'],
      identifiers: [],
      remarks: "a.k.a. 'BNC'.",
    })
  })

  it('reads an individual: date of birth, passports with and without "alt.", names as listed', () => {
    const zawahiri = byId('2676')
    expect(zawahiri).toMatchObject({
      kind: 'individual',
      primaryName: 'AL ZAWAHIRI, Dr. Ayman',
      programs: ['SDGT'],
      datesOfBirth: ['19 Jun 1951'],
      birthYears: [1951],
      countries: [],
      identifiers: [{ type: 'Passport', value: '1084010' }, { type: 'Passport', value: '19820215' }],
    })
    expect(zawahiri.aliases.map((a) => a.name)).toEqual(['AL-ZAWAHIRI, Ayman', 'SALIM, Ahmad Fuad'])
  })

  it('splits programs joined with "] [" and takes nationality and address country once', () => {
    expect(byId('11447')).toMatchObject({ programs: ['NPWMD', 'IFSR'], countries: ['China'], aliases: [{ name: 'LEE, Karl', strength: 'strong' }] })
  })

  it('reads several dates of birth, nationality and citizenship, identifiers with their check digit, weak alias', () => {
    const wong = byId('9340')
    expect(wong.datesOfBirth).toEqual(['18 Mar 1961', '21 Apr 1945', '25 Jan 1947', '08 Feb 1955', '03 Aug 1958', '08 Aug 1958'])
    expect(wong.birthYears).toEqual([1945, 1947, 1955, 1958, 1961])
    expect(wong.countries).toEqual(['China', 'Cambodia'])
    expect(wong.identifiers).toEqual([
      { type: 'Passport', value: '611657479' },
      { type: 'Passport', value: '2355009C' },
      { type: 'National ID No.', value: 'D489833(9)' },
      { type: 'British National Overseas Passport', value: '750200421' },
    ])
    expect(wong.aliases).toEqual([{ name: 'CHI BANG', strength: 'weak' }])
  })

  it('keeps vague dates of birth as written and reads their years: circa, a range of days', () => {
    expect(byId('9500')).toMatchObject({ datesOfBirth: ['circa 1950'], birthYears: [1950] })
    expect(byId('24838')).toMatchObject({ datesOfBirth: ['01 Feb 1958 to 28 Feb 1958'], birthYears: [1958], programs: ['CAATSA - RUSSIA'] })
  })

  it('reads vessels and aircraft with their registration numbers; former names are strong aliases', () => {
    expect(byId('15085')).toMatchObject({
      kind: 'vessel',
      aliases: [{ name: 'SINA', strength: 'strong' }],
      identifiers: [{ type: 'Vessel Registration Identification', value: 'IMO 9357365' }, { type: 'MMSI', value: '249256000' }],
    })
    expect(byId('15478')).toMatchObject({
      kind: 'aircraft',
      programs: ['SDGT', 'NPWMD', 'IFSR'],
      identifiers: [{ type: 'Aircraft Construction Number (also called L/N or S/N or F/N)', value: '499' }],
    })
  })

  it('works without alt.csv and add.csv', () => {
    const bare = parseOfacSdn({ sdn, alt: '', add: '' })
    expect(bare).toHaveLength(8)
    expect(bare[0]!.aliases).toEqual([{ name: 'BNC', strength: 'weak' }])
    expect(bare[0]!.countries).toEqual([])
  })

  it('refuses a broken file with the line, rather than importing a list with rows missing', () => {
    const broken = `${sdn.split('\r\n')[0]}\r\n12,"TOO SHORT",-0- \r\n`
    expect(() => parseOfacSdn({ sdn: broken })).toThrow(ComplianceError)
    expect(() => parseOfacSdn({ sdn: broken })).toThrow(/sdn\.csv line 2: expected 12 fields/)
    expect(() => parseOfacSdn({ sdn: 'x,"NAME",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ' })).toThrow(/ent_num "x" is not a number/)
    expect(() => parseOfacSdn({ sdn, alt: '306,220,"aka"' })).toThrow(/alt\.csv line 1/)
  })
})

import { describe, expect, it } from 'vitest'
import { normalizeName } from './normalize-name.js'

const tokens = (name: string, kind?: 'individual' | 'entity') => normalizeName(name, { kind }).tokens

describe('normalizeName', () => {
  it('lower-cases, strips accents and turns punctuation into spaces', () => {
    expect(normalizeName('  José  MARÍA   Pérez-Núñez ')).toEqual({ tokens: ['jose', 'maria', 'perez', 'nunez'], text: 'jose maria perez nunez' })
    expect(tokens('Ærø Łódź Straße')).toEqual(['aero', 'lodz', 'strasse'])
  })

  it('joins what apostrophes and full stops stand in, so transliterations and initials meet', () => {
    expect(tokens("ISLAMIC GAMA'AT")).toEqual(['islamic', 'gamaat'])
    expect(tokens("O'Neil")).toEqual(['oneil'])
    expect(tokens('HE, Daniel Y.')).toEqual(['he', 'daniel', 'y'])
  })

  it('drops legal forms from entities, wherever they stand, also written out in words', () => {
    expect(tokens('ANGLO-CARIBBEAN CO., LTD.', 'entity')).toEqual(['anglo', 'caribbean'])
    expect(tokens('COMERCIAL CIMEX, S.A.', 'entity')).toEqual(['comercial', 'cimex'])
    expect(tokens('OOO Rosneft Trading GmbH', 'entity')).toEqual(['rosneft', 'trading'])
    expect(tokens('OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU MEGASTROIINVEST', 'entity')).toEqual(['megastroiinvest'])
    expect(tokens('JOINT-STOCK COMPANY ROSNEFT OIL COMPANY', 'entity')).toEqual(['rosneft', 'oil'])
    // never the whole name
    expect(tokens('LIMITED', 'entity')).toEqual(['limited'])
  })

  it('drops honorifics from individuals', () => {
    expect(tokens('AL ZAWAHIRI, Dr. Ayman', 'individual')).toEqual(['al', 'zawahiri', 'ayman'])
    expect(tokens('AL RAHMAN, Shaykh Umar Abd', 'individual')).toEqual(['al', 'rahman', 'umar', 'abd'])
    expect(tokens('Mr John Smith Jr')).toEqual(['john', 'smith'])
  })

  it('when the kind is unknown, drops only long legal forms and only where they are written: "Ao" may be a given name', () => {
    expect(tokens('Acme Widgets Limited')).toEqual(['acme', 'widgets'])
    expect(tokens('OOO Rosneft')).toEqual(['rosneft'])
    expect(tokens('Yu PAO')).toEqual(['yu', 'pao']) // a PAO is written before the name; after it, Pao is a surname
    expect(tokens('Zhang Ao')).toEqual(['zhang', 'ao'])
    expect(tokens('Limited Editions Press')).toEqual(['limited', 'editions', 'press'])
  })

  it('reads Han characters as pinyin without tones, so 李方伟 ≈ LI, Fangwei ≈ Fang Wei LI ≈ Li Fang-wei', () => {
    expect(tokens('李方伟')).toEqual(['li', 'fang', 'wei'])
    expect(tokens('LI, Fangwei')).toEqual(['li', 'fangwei'])
    expect(tokens('Fang Wei LI')).toEqual(['fang', 'wei', 'li'])
    expect(tokens('Li Fang-wei')).toEqual(['li', 'fang', 'wei'])
  })

  it('reads a Han surname as a surname: 曾 is zeng, 单 is shan', () => {
    expect(tokens('曾国藩')).toEqual(['zeng', 'guo', 'fan'])
    expect(tokens('单雄信')).toEqual(['shan', 'xiong', 'xin'])
  })

  it('reads Han characters mixed with Latin ones', () => {
    expect(tokens('Karl 李方伟 Lee')).toEqual(['karl', 'li', 'fang', 'wei', 'lee'])
  })

  it('takes pinyin with tone marks or tone numbers as plain pinyin', () => {
    expect(tokens('Lǐ Fāngwěi')).toEqual(['li', 'fangwei'])
    expect(tokens('Lü Bu')).toEqual(['lu', 'bu'])
    expect(tokens('li3 fang1wei3')).toEqual(['li', 'fang', 'wei'])
    // a number that is no tone stays: vessels and units have them
    expect(tokens('STAR 18')).toEqual(['star', '18'])
  })

  it('gives nothing for a name of punctuation only', () => {
    expect(normalizeName(' - . ')).toEqual({ tokens: [], text: '' })
  })
})

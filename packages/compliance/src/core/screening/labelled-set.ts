import { pinyin } from 'pinyin-pro'
import { normalizeName } from './normalize-name.js'
import type { ScreeningQuery } from './screen.js'
import type { WatchlistEntry } from './watchlist-entry.js'

/**
 * A labelled set for measuring screening, built from the list itself: each
 * query is a listed name changed the way names arrive at a bank, with the
 * entry (or entries) it should find; negatives are common names that should
 * find nothing at the review threshold. The same entries and seed give the
 * same set, so a change in recall or precision is a change in screening.
 *
 * Sources are individuals and entities: the parties a bank screens as
 * clients and counterparties. Vessels and aircraft are named by registration
 * marks and short words ("SOL", "EP-MNA"), screened by IMO number or tail
 * number in practice, and left out.
 */
export const labelledVariants = [
  'typo', 'transposition', 'reordered', 'dropped-middle', 'alias', 'weak-alias', 'han', 'pinyin', 'pinyin-tones', 'negative',
] as const
export type LabelledVariant = (typeof labelledVariants)[number]

export interface LabelledQuery {
  readonly query: ScreeningQuery
  /** Entries the query should find at the review threshold; none for a negative. */
  readonly expectedIds: readonly string[]
  readonly variant: LabelledVariant
  /** The listed name the query was made from (none for a negative). */
  readonly source: string | null
}

export interface LabelledSetOptions {
  /** Queries per variant made from randomly chosen entries (typo, transposition, reordered, dropped middle name, alias); default 150. */
  readonly perVariant?: number
  /** Weak-alias queries; default 50. */
  readonly weakAliases?: number
  /** Generated negatives on top of the fixed ones; default 400. */
  readonly generatedNegatives?: number
}

/**
 * Chinese individuals on the July 2021 snapshot whose names in Han
 * characters are on public record — officials named by the Chinese
 * government and a defendant named in a US indictment — so the characters
 * are not guessed from the pinyin (a syllable such as "wei" has dozens of
 * characters). Each becomes queries in Han characters, in pinyin surname last
 * ("Fangwei Li") and in pinyin with tone marks made from the characters.
 */
export const chineseNameFixtures: readonly { readonly id: string; readonly listed: string; readonly han: string; readonly why: string }[] = [
  { id: '11447', listed: 'LI, Fangwei', han: '李方伟', why: 'Karl Lee; named 李方伟 in the 2014 US indictment and Chinese reporting' },
  { id: '29220', listed: 'CHEN, Quanguo', han: '陈全国', why: 'Party Secretary of Xinjiang until 2021' },
  { id: '29262', listed: 'XIA, Baolong', han: '夏宝龙', why: 'Director, Hong Kong and Macao Affairs Office' },
  { id: '29263', listed: 'LUO, Huining', han: '骆惠宁', why: 'Director, Hong Kong Liaison Office' },
  { id: '29259', listed: 'ZHANG, Xiaoming', han: '张晓明', why: 'Deputy Director, Hong Kong and Macao Affairs Office' },
  { id: '30503', listed: 'WANG, Chen', han: '王晨', why: 'Vice-Chairperson, 13th NPC Standing Committee' },
  { id: '30504', listed: 'CAO, Jianming', han: '曹建明', why: 'Vice-Chairperson, 13th NPC Standing Committee' },
  { id: '30505', listed: 'ZHANG, Chunxian', han: '张春贤', why: 'Vice-Chairperson, 13th NPC Standing Committee' },
  { id: '24838', listed: 'LI, Shangfu', han: '李尚福', why: 'Director, Equipment Development Department of the Central Military Commission' },
]

/**
 * Common names across the bank's client base, first name first. "Wei Zhang"
 * is not among them although it is as common as any: the list carries
 * "WEI, Zhang" (an alias of entry 23647), so it is a true match, not a
 * negative. Names whose every token stands in one listed name ("Maria
 * Garcia" is inside "GARCIA DURAN, Maria Del Rosario") are dropped when the
 * set is built, for the same reason.
 */
export const commonNames: readonly string[] = [
  'John Smith', 'Amelia Hartley', 'Oliver Bennett', 'Charlotte Pemberton', 'Thomas Whitmore', 'Emily Fletcher', 'James Anderson',
  'Sarah Thompson', 'Robert Miller', 'Jennifer Clark', 'Maria Garcia', 'Carmen Fernandez', 'Lucia Martinez', 'Pablo Ruiz',
  'Wang Fang', 'Liu Yang', 'Chen Jing', 'Zhou Min', 'Huang Lei', 'Xu Hui', 'Hans Mueller', 'Claudia Schneider', 'Pierre Dubois',
  'Isabelle Laurent', 'Giulia Ricci', 'Marco Bianchi', 'Hiroshi Tanaka', 'Yuki Sato', 'Priya Sharma', 'Rahul Gupta', 'Olga Ivanova',
  'Dmitri Sokolov', 'Anna Kowalska', 'Jan de Vries', 'Sofia Andersson', 'Lars Nielsen', 'Aisha Bello', 'Kwame Mensah',
  'Fatima Zahra Benali', 'Omar Haddad', 'Nguyen Thi Lan', 'Kim Min-jun', 'Park Ji-woo', 'Acme Widgets Limited',
  'Northwind Traders LLC', 'Blue Harbour Capital Partners', 'Greenfield Dairy Cooperative', 'Shanghai Sunrise Garments Co., Ltd.',
]

const pools: readonly { readonly first: readonly string[]; readonly last: readonly string[] }[] = [
  {
    first: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda', 'William', 'Barbara', 'David', 'Susan', 'Richard', 'Jessica', 'Emma', 'Harry', 'Grace', 'Henry'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Moore', 'Jackson', 'Harris', 'Clarke', 'Walker', 'Wright', 'Hughes'],
  },
  {
    first: ['Maria', 'Carmen', 'Josefa', 'Isabel', 'Ana', 'Jose', 'Antonio', 'Manuel', 'Francisco', 'Javier', 'Pilar', 'Alejandro'],
    last: ['Garcia', 'Fernandez', 'Gonzalez', 'Rodriguez', 'Lopez', 'Martinez', 'Sanchez', 'Perez', 'Gomez', 'Jimenez', 'Ruiz', 'Navarro'],
  },
  {
    first: ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Xiuying', 'Jun', 'Yong', 'Hui', 'Ping', 'Tao', 'Ming', 'Xin', 'Na', 'Qiang'],
    last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo'],
  },
  {
    first: ['Ahmed', 'Fatima', 'Omar', 'Layla', 'Youssef', 'Mariam', 'Khalid', 'Noor', 'Tariq', 'Salma', 'Karim', 'Huda'],
    last: ['Haddad', 'Khoury', 'Mansour', 'Nasser', 'Saleh', 'Farouk', 'Aziz', 'Rahman', 'Hamdan', 'Qasim', 'Darwish', 'Yousef'],
  },
  {
    first: ['Ivan', 'Olga', 'Sergei', 'Natalia', 'Alexei', 'Elena', 'Dmitri', 'Tatiana', 'Mikhail', 'Irina', 'Pavel', 'Svetlana'],
    last: ['Ivanov', 'Smirnova', 'Kuznetsov', 'Popova', 'Sokolov', 'Lebedeva', 'Kozlov', 'Novikova', 'Morozov', 'Volkova', 'Pavlov', 'Fedorova'],
  },
  {
    first: ['Hans', 'Anna', 'Pierre', 'Claire', 'Luca', 'Giulia', 'Hiroshi', 'Yuki', 'Priya', 'Rahul', 'Ama', 'Kwame', 'Sven', 'Ingrid'],
    last: ['Mueller', 'Schneider', 'Dubois', 'Laurent', 'Rossi', 'Bianchi', 'Tanaka', 'Suzuki', 'Sharma', 'Patel', 'Mensah', 'Owusu', 'Larsen', 'Berg'],
  },
]

/** A small, fast generator with a 32-bit state (mulberry32): the same seed, the same set, on every platform. */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const letters = 'abcdefghijklmnopqrstuvwxyz'
const sameCase = (like: string, c: string) => (like === like.toUpperCase() ? c.toUpperCase() : c)
const keyOf = (name: string) => [...normalizeName(name).tokens].sort().join(' ')

/** "LAST, First Middle" as "First Middle Last". */
const givenFirst = (name: string) => {
  const comma = name.indexOf(',')
  return comma < 0 ? name : `${name.slice(comma + 1).trim()} ${name.slice(0, comma).trim()}`
}

export function buildLabelledSet(entries: readonly WatchlistEntry[], seed: number, options: LabelledSetOptions = {}): LabelledQuery[] {
  const random = randomFrom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const perVariant = options.perVariant ?? 150

  // Entries that carry a given name (by its tokens, in any order): a query made from one name should find any of them.
  const byKey = new Map<string, string[]>()
  const listedTokenSets: Set<string>[] = []
  for (const entry of entries) {
    for (const name of [entry.primaryName, ...entry.aliases.map((a) => a.name)]) {
      const key = keyOf(name)
      const ids = byKey.get(key) ?? []
      if (!ids.includes(entry.id)) ids.push(entry.id)
      byKey.set(key, ids)
      listedTokenSets.push(new Set(normalizeName(name).tokens))
    }
  }
  const expectedFor = (entry: WatchlistEntry, name: string) => [...new Set([entry.id, ...(byKey.get(keyOf(name)) ?? [])])]
  const entityTypeOf = (entry: WatchlistEntry) => (entry.kind === 'individual' ? ('individual' as const) : ('entity' as const))

  const parties = entries.filter((e) => e.kind === 'individual' || e.kind === 'entity')
  const set: LabelledQuery[] = []
  const made = new Set<string>()
  const add = (variant: LabelledVariant, entry: WatchlistEntry, source: string, name: string) => {
    if (made.has(`${variant}|${name}`)) return false
    made.add(`${variant}|${name}`)
    // Half the queries say whether they screen a person or a company, as a bank's client record would.
    const query: ScreeningQuery = random() < 0.5 ? { name, entityType: entityTypeOf(entry) } : { name }
    set.push({ query, expectedIds: expectedFor(entry, source), variant, source })
    return true
  }

  /** Draws entries until `count` queries are made or the draws run out (some entries cannot make a variant). */
  const draw = (count: number, from: readonly WatchlistEntry[], make: (entry: WatchlistEntry) => boolean) => {
    let made = 0
    for (let tries = 0; made < count && tries < count * 20 && from.length > 0; tries++) if (make(pick(from))) made++
  }

  /** A word of the name with at least `min` letters, by position, or undefined. */
  const wordAt = (name: string, min: number) => {
    const words = [...name.matchAll(/[A-Za-z]+/g)].filter((m) => m[0].length >= min)
    return words.length === 0 ? undefined : pick(words)
  }

  // One edit (a letter replaced, left out or added) in a word of four letters or more.
  draw(perVariant, parties, (entry) => {
    const word = wordAt(entry.primaryName, 4)
    if (!word) return false
    const at = word.index! + Math.floor(random() * word[0].length)
    const kind = Math.floor(random() * 3)
    const letter = sameCase(word[0], pick([...letters]))
    const name = entry.primaryName
    const typo = kind === 0 ? name.slice(0, at) + letter + name.slice(at + 1) : kind === 1 ? name.slice(0, at) + name.slice(at + 1) : name.slice(0, at) + letter + name.slice(at)
    if (typo.toLowerCase() === name.toLowerCase()) return false
    return add('typo', entry, name, typo)
  })

  // Two neighbouring letters swapped.
  draw(perVariant, parties, (entry) => {
    const word = wordAt(entry.primaryName, 4)
    if (!word) return false
    const at = word.index! + Math.floor(random() * (word[0].length - 1))
    const name = entry.primaryName
    if (name[at]!.toLowerCase() === name[at + 1]!.toLowerCase()) return false
    return add('transposition', entry, name, name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2))
  })

  const individuals = parties.filter((e) => e.kind === 'individual' && e.primaryName.includes(','))
  // "SURNAME, Given" written given name first, as most forms do.
  draw(perVariant, individuals, (entry) => add('reordered', entry, entry.primaryName, givenFirst(entry.primaryName)))

  // A middle name left out: "SMITH, John Robert" screened as "John Smith".
  draw(perVariant, individuals, (entry) => {
    const comma = entry.primaryName.indexOf(',')
    const given = entry.primaryName.slice(comma + 1).trim().split(/\s+/)
    if (given.length < 2) return false
    const drop = 1 + Math.floor(random() * (given.length - 1))
    const kept = given.filter((_, i) => i !== drop).join(' ')
    return add('dropped-middle', entry, entry.primaryName, `${kept} ${entry.primaryName.slice(0, comma).trim()}`)
  })

  const withAlias = parties.filter((e) => e.aliases.some((a) => a.strength === 'strong'))
  draw(perVariant, withAlias, (entry) => {
    const alias = pick(entry.aliases.filter((a) => a.strength === 'strong'))
    return add('alias', entry, alias.name, random() < 0.5 ? givenFirst(alias.name) : alias.name)
  })

  // A weak alias can only bring a name to review: it is expected there, not at block.
  const withWeak = parties.filter((e) => e.aliases.some((a) => a.strength === 'weak'))
  draw(options.weakAliases ?? 50, withWeak, (entry) => {
    const alias = pick(entry.aliases.filter((a) => a.strength === 'weak'))
    return add('weak-alias', entry, alias.name, alias.name)
  })

  for (const fixture of chineseNameFixtures) {
    const entry = entries.find((e) => e.id === fixture.id)
    if (!entry) continue
    const [surname, ...given] = pinyin(fixture.han, { toneType: 'none', type: 'array', surname: 'head' })
    const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
    const toned = pinyin(fixture.han, { toneType: 'symbol', type: 'array', surname: 'head' })
    add('han', entry, fixture.listed, fixture.han)
    add('pinyin', entry, fixture.listed, `${given.map(capital).join(' ')} ${capital(surname!)}`)
    add('pinyin-tones', entry, fixture.listed, `${capital(toned[0]!)} ${toned.slice(1).join('')}`)
  }

  // Negatives: the fixed common names, then first-and-last-name pairs from one culture at a time.
  const onList = (name: string) => {
    const tokens = normalizeName(name).tokens
    return listedTokenSets.some((listed) => tokens.every((t) => listed.has(t)))
  }
  const negatives = new Set<string>()
  for (const name of commonNames) if (!onList(name)) negatives.add(name)
  const generated = options.generatedNegatives ?? 400
  for (let tries = 0, made = 0; made < generated && tries < generated * 20; tries++) {
    const pool = pick(pools)
    const name = `${pick(pool.first)} ${pick(pool.last)}`
    if (negatives.has(name) || onList(name)) continue
    negatives.add(name)
    made++
  }
  const companies = new Set(commonNames.slice(commonNames.indexOf('Acme Widgets Limited')))
  for (const name of negatives) {
    const entityType = companies.has(name) ? ('entity' as const) : ('individual' as const)
    set.push({ query: random() < 0.5 ? { name, entityType } : { name }, expectedIds: [], variant: 'negative', source: null })
  }
  return set
}

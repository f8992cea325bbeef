import { pinyin } from 'pinyin-pro'

/**
 * A name reduced to what identifies a party: lower-case ASCII tokens. Lists
 * and clients write the same name with and without accents, in capitals or
 * not, with "CO., LTD." or without, "Dr." in front, "Fang-wei" or "Fangwei",
 * and in Han characters or in pinyin; all of those normalise alike.
 *
 * - Han characters become their pinyin syllables without tones, the first
 *   character of a run read as a surname (单 is "shan" as a surname, not
 *   "dan"), so 李方伟 gives `li fang wei`.
 * - Pinyin with tone marks (Lǐ Fāngwěi) loses them with the other accents;
 *   pinyin with tone numbers (li3 fang1wei3) loses the numbers.
 * - Apostrophes and full stops join what they stand in (O'Neil → oneil,
 *   S.A. → sa, Gama'at → gamaat); other punctuation separates tokens.
 * - Honorifics (Dr, Mr, Shaykh, Haji …) are dropped from individuals' names and
 *   legal forms (Ltd, LLC, GmbH, OOO, PJSC, "Joint Stock Company",
 *   "Obshchestvo s Ogranichennoi Otvetstvennostyu" …) from entities' names. When the
 *   kind is unknown, honorifics go, and a legal form goes only from where it
 *   is written (after the name, or before it for OOO, OAO, TOV …) and only
 *   when it is three letters or more: "Co", "SA" or "Ao" may as well be part
 *   of a person's name (Ao is a Chinese given name).
 *   Neither is dropped when it is all the name there is.
 */
export type NameKind = 'individual' | 'entity'

export interface NormalizedName {
  readonly tokens: readonly string[]
  /** The tokens joined by single spaces. */
  readonly text: string
}

export interface NormalizeNameOptions {
  readonly kind?: NameKind | undefined
}

export const honorifics: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'doctor', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'reverend', 'fr',
  'sheikh', 'shaykh', 'sheik', 'shaikh', 'haji', 'hajji', 'hadji', 'alhaji', 'mullah', 'mulla', 'maulana', 'mawlana', 'maulvi',
  'mawlawi', 'jr', 'sr',
])

export const legalForms: ReadonlySet<string> = new Set([
  'ltd', 'limited', 'llc', 'llp', 'lp', 'inc', 'incorporated', 'co', 'corp', 'corporation', 'company', 'cia', 'gmbh', 'mbh', 'ag',
  'kg', 'sa', 'sas', 'sarl', 'srl', 'rl', 'spa', 'sl', 'sau', 'ltda', 'cv', 'sab', 'sapi', 'bv', 'nv', 'plc', 'jsc', 'pjsc',
  'ojsc', 'cjsc', 'ooo', 'oao', 'zao', 'pao', 'ao', 'tov', 'pte', 'pvt', 'pty', 'bhd', 'kft', 'zrt', 'doo', 'ead', 'eood', 'ab',
  'oy', 'asa', 'aps', 'fze', 'fzco', 'fzc', 'fzllc', 'wll', 'kk',
])

/**
 * Words that join a name rather than name anyone ("AL ZAWAHIRI", "BANCO NACIONAL
 * DE CUBA", "VAN DER BERG"): kept, so "al" still tells two names apart, but
 * weighed lightly and never used alone to find candidates.
 */
export const nameParticles: ReadonlySet<string> = new Set([
  'al', 'el', 'ul', 'ud', 'bin', 'ibn', 'bint', 'de', 'del', 'della', 'da', 'das', 'do', 'dos', 'di', 'du', 'la', 'le', 'van',
  'von', 'der', 'den', 'y', 'the', 'of', 'and', 'for',
])

/**
 * Legal forms written out in words, tokenised: Russian and Ukrainian company
 * forms in OFAC's transliteration ("OBSHCHESTVO S OGRANICHENNOI
 * OTVETSTVENNOSTYU" is an OOO), Spanish, Turkish and English ones. Without
 * them every Russian LLC on the list looks like every other.
 */
export const legalFormPhrases: readonly (readonly string[])[] = [
  'obshchestvo s ogranichennoi otvetstvennostyu', 'obshchestvo s ogranichennoy otvetstvennostyu', 'otkrytoe aktsionernoe obshchestvo',
  'zakrytoe aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'nepublichnoe aktsionernoe obshchestvo',
  'aktsionernoe obshchestvo', 'tovarystvo z obmezhenoyu vidpovidalnistyu', 'limited liability company', 'limited liability partnership',
  'public joint stock company', 'closed joint stock company', 'open joint stock company', 'joint stock company', 'public limited company',
  'private limited company', 'private limited', 'sociedad anonima de capital variable', 'sociedad anonima', 'sociedad de responsabilidad limitada',
  'sociedad por acciones simplificada', 'sdn bhd', 'anonim sirketi', 'limited sirketi',
].map((p) => p.split(' ')).sort((a, b) => b.length - a.length)

const hanRun = /\p{Script=Han}+/gu
/** Latin letters NFKD does not decompose. */
const specialLetters: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' }
const specialPattern = /[ßæœøłđðþıħ]/g
const toneNumbered = /^(?:[a-z]+[1-5])+$/

function hanToPinyin(name: string): string {
  return name.replace(hanRun, (run) => ` ${pinyin(run, { toneType: 'none', type: 'array', surname: 'head' }).join(' ')} `)
}

/** Legal forms written before the name (Russian and Ukrainian usage: "OOO ROSNEFT"); the others follow it. */
const leadingForms: ReadonlySet<string> = new Set(['ooo', 'oao', 'zao', 'pao', 'tov', 'jsc', 'pjsc', 'ojsc', 'cjsc'])

function dropEnds(tokens: string[], words: ReadonlySet<string>): string[] {
  const drops = (t: string) => t.length >= 3 && words.has(t)
  let start = 0
  let end = tokens.length
  while (end - start > 1 && drops(tokens[start]!) && leadingForms.has(tokens[start]!)) start++
  while (end - start > 1 && drops(tokens[end - 1]!) && !leadingForms.has(tokens[end - 1]!)) end--
  return tokens.slice(start, end)
}

const phraseAt = (tokens: readonly string[], at: number): number => {
  for (const phrase of legalFormPhrases) {
    if (at + phrase.length <= tokens.length && phrase.every((w, k) => tokens[at + k] === w)) return phrase.length
  }
  return 0
}

/** Drops legal forms written out in words: anywhere for an entity, only at either end when the kind is unknown. */
function dropPhrases(tokens: string[], anywhere: boolean): string[] {
  const kept: string[] = []
  for (let i = 0; i < tokens.length; ) {
    const length = phraseAt(tokens, i)
    if (length > 0 && (anywhere || i === 0 || i + length === tokens.length)) i += length
    else kept.push(tokens[i++]!)
  }
  return kept.length > 0 ? kept : tokens
}

function dropAll(tokens: string[], words: ReadonlySet<string>): string[] {
  const kept = tokens.filter((t) => !words.has(t))
  return kept.length > 0 ? kept : tokens
}

export function normalizeName(name: string, options: NormalizeNameOptions = {}): NormalizedName {
  const text = hanToPinyin(name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(specialPattern, (c) => specialLetters[c] ?? c)
    .replace(/['’‘`´ʼʻ.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  let tokens: string[] = []
  for (const token of text === '' ? [] : text.split(' ')) {
    if (toneNumbered.test(token)) tokens.push(...token.split(/[1-5]/).filter(Boolean))
    else tokens.push(token)
  }
  if (options.kind !== 'entity') tokens = dropAll(tokens, honorifics)
  if (options.kind !== 'individual') tokens = dropPhrases(tokens, options.kind === 'entity')
  tokens = options.kind === 'entity' ? dropAll(tokens, legalForms) : options.kind === 'individual' ? tokens : dropEnds(tokens, legalForms)
  return { tokens, text: tokens.join(' ') }
}

import type { WatchlistIdentifier } from './watchlist-entry.js'

/**
 * When an identifier given with a query is the one on a list entry. Values
 * compare on letters and digits alone ("AB-123 456" is "AB123456"), and only
 * values long enough to be specific (short numbers such as "2377" recur across
 * registers) and holding a digit (so a word copied into the value field never
 * matches). Types compare by family — every kind of passport is a passport,
 * "Cedula No." and "National ID No." are national ids — so a number from one
 * register never matches a number from another by accident.
 */
export const minimumIdentifierLength = 5

export function identifierValueKey(value: string): string | undefined {
  const key = value.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]/g, '')
  return key.length >= minimumIdentifierLength && /\d/.test(key) ? key : undefined
}

/**
 * The keys a listed value is found under: the value itself and, where the list
 * puts a register's letters before the number ("IMO 9187629", "RL 1794375",
 * "HRB 26136"), the number alone, since that is how a client or a vessel
 * database usually gives it.
 */
export function listedValueKeys(value: string): string[] {
  const keys = new Set<string>()
  const whole = identifierValueKey(value)
  if (whole) keys.add(whole)
  const prefixed = /^[A-Za-z]{1,4}[\s.-]+(.*\d.*)$/.exec(value.trim())
  const bare = prefixed ? identifierValueKey(prefixed[1]!) : undefined
  if (bare) keys.add(bare)
  return [...keys]
}

const families: readonly (readonly [family: string, pattern: RegExp])[] = [
  ['passport', /passport|travel document|laissez/],
  ['vessel', /\bimo\b|vessel|mmsi|call sign/],
  ['aircraft', /aircraft|\bmsn\b|tail number/],
  ['digital-currency', /digital currency|wallet|\b(xbt|btc|eth|ltc|xmr|zec|dash|btg|etc|usdt|bsv|trx|xrp)\b/],
  ['swift', /swift|\bbic\b/],
  ['driving-licence', /driver|driving/],
  ['tax', /\btax\b|fiscal|\bvat\b|v a t|r f c|\brfc\b|\bnit\b|\bruc\b|\brif\b|c u i t|\bfein\b|\btin\b|\bnuit\b|\brtn\b|c i f|\bssn\b|social security/],
  ['national-id', /national id|identity|\bid card\b|\bid no\b|cedula|d n i|\bdni\b|citizen|personal id|c u r p|\bcurp\b|identification|numero de identidad|tazkira|\bcnp\b|n i e|credencial|i f e|electoral|residen/],
  ['registration', /registration|regist|company number|commercial|chamber of comm|folio|matricula|incorporation|legal entity|enterprise number|social credit|uscc|d u n s|duns|c r no|branch unit|gazette|business number|charity|license|licence/],
]

/** The family of an identifier type: `passport`, `national-id`, `tax`, `registration` …, or the type itself in lower case. */
export function identifierFamily(type: string): string {
  const text = ` ${type.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `
  for (const [family, pattern] of families) if (pattern.test(text)) return family
  return text.trim()
}

/** A query's identifier against a listed one; a query without a type matches any type. */
export function identifiersMatch(query: WatchlistIdentifier, listed: WatchlistIdentifier): boolean {
  const q = identifierValueKey(query.value)
  if (!q || !listedValueKeys(listed.value).includes(q)) return false
  return query.type.trim() === '' || identifierFamily(query.type) === identifierFamily(listed.type)
}

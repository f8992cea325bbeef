import { nameParticles, normalizeName, type NameKind } from './normalize-name.js'
import { tokenWeight, type WeightedTokens } from './similarity.js'
import type { WatchlistEntryKind } from './watchlist-entry.js'

/**
 * Names made ready to compare: normalised tokens, each with its weight and,
 * on the list's side, what leaving it out costs.
 *
 * OFAC writes an individual "SURNAME, Given Middle", and that comma is the
 * only sure sign of which token is which. A client screened as "Ayman
 * Zawahiri" has left out a particle; "John Smith" for "SMITH, John Robert"
 * has left out a middle name — both are the same person as far as the name
 * goes. Leaving out the surname is not: a surname-only or given-name-only
 * query must not look like the full name. So, for a listed individual:
 *
 * | token left out                                   | cost (share of its weight) |
 * |--------------------------------------------------|----------------------------|
 * | a particle (al, bin, de …)                       | 0.25                       |
 * | a middle name (given names after the first)      | 0.2                        |
 * | the first given name                             | 0.6                        |
 * | one of two or more surnames (GARCIA LOPEZ)       | 0.5                        |
 * | the only surname                                 | 1                          |
 *
 * Names without that structure (entities, vessels, aircraft, individuals
 * listed without a comma) cost 0.5 a token left out, particles 0.25.
 */
const cost = { particle: 0.25, middle: 0.2, firstGiven: 0.6, oneOfSurnames: 0.5, onlySurname: 1, unstructured: 0.5 } as const

/** How much a token says about who is named; by default its length, half for a particle. */
export type TokenWeigher = (token: string) => number
const byLength: TokenWeigher = (t) => tokenWeight(t, nameParticles)

/** A name given with a query; its drop costs are never read. */
export function weighQueryName(name: string, kind?: NameKind, weigh: TokenWeigher = byLength): WeightedTokens {
  const { tokens } = normalizeName(name, { kind })
  return { tokens, weights: tokens.map(weigh), dropCosts: tokens.map(() => 1) }
}

/** A name as the list writes it, for an entry of the given kind. */
export function weighListedName(name: string, kind: WatchlistEntryKind, weigh: TokenWeigher = byLength): WeightedTokens {
  const comma = name.indexOf(',')
  if (kind !== 'individual' || comma < 0) {
    const { tokens } = normalizeName(name, { kind: kind === 'individual' ? 'individual' : 'entity' })
    return { tokens, weights: tokens.map(weigh), dropCosts: tokens.map((t) => (nameParticles.has(t) ? cost.particle : cost.unstructured)) }
  }
  // Normalised whole, so an honorific goes as it does from a query ("SHIBL, Hajji" is "shibl"), then split where
  // the surname ends.
  const tokens = normalizeName(name, { kind: 'individual' }).tokens
  const surnamePart = normalizeName(name.slice(0, comma), { kind: 'individual' }).tokens
  let split = 0
  while (split < tokens.length && split < surnamePart.length && tokens[split] === surnamePart[split]) split++
  const surnames = tokens.slice(0, split)
  const given = tokens.slice(split)
  const realSurnames = surnames.filter((t) => !nameParticles.has(t)).length
  const dropCosts: number[] = []
  for (const t of surnames) dropCosts.push(nameParticles.has(t) ? cost.particle : realSurnames >= 2 ? cost.oneOfSurnames : cost.onlySurname)
  let firstSeen = false
  for (const t of given) {
    if (nameParticles.has(t)) dropCosts.push(cost.particle)
    else if (!firstSeen) {
      dropCosts.push(cost.firstGiven)
      firstSeen = true
    } else dropCosts.push(cost.middle)
  }
  return { tokens, weights: tokens.map(weigh), dropCosts }
}

/**
 * Weights that also say how rare a token is among the listed names: a token
 * most names share ("mohammed", "trading", "investment") weighs as little as
 * 40 % of its length, one only a handful share weighs all of it. Two names
 * that share only a common word are then far apart, while two that share a
 * rare one stay close. Tokens the list does not have (a typo, a name never
 * listed) count as rare.
 */
export function rarityWeigher(listedTokens: Iterable<readonly string[]>): TokenWeigher {
  const documents = new Map<string, number>()
  let names = 0
  for (const tokens of listedTokens) {
    names++
    for (const t of new Set(tokens)) documents.set(t, (documents.get(t) ?? 0) + 1)
  }
  const rareBelow = 3
  const scale = Math.log(Math.max(names, rareBelow + 1) / rareBelow)
  return (token) => {
    const df = documents.get(token) ?? 0
    const rarity = df <= rareBelow ? 1 : Math.max(0, Math.log(names / df) / scale)
    return byLength(token) * (0.4 + 0.6 * rarity)
  }
}

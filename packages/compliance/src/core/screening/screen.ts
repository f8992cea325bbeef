import { buildCandidateIndex } from './candidate-index.js'
import { countryCodeOf, countryNameOf } from './country-code.js'
import { compareBirthDates, parseListedBirthDate, parseQueryBirthDate, type ListedBirthDate } from './date-of-birth.js'
import { identifiersMatch, identifierValueKey, listedValueKeys } from './identifier-match.js'
import { screeningRulesOf, type ScreeningRules, type ScreeningRulesInput } from './screening-rules.js'
import { weightedNameSimilarity, type WeightedTokens } from './similarity.js'
import type { WatchlistEntry, WatchlistIdentifier } from './watchlist-entry.js'
import { rarityWeigher, weighListedName, weighQueryName } from './weighted-name.js'

/**
 * Screening a name against a list, with hits that explain themselves.
 *
 * The index is built once per list version: every name of every entry
 * (primary name, strong and weak aliases) normalised and weighted, filed for
 * blocking (see candidate-index.ts), and each entry's dates of birth,
 * countries and identifiers read into the forms they are compared in.
 *
 * A search finds candidate names by blocking, scores only those, keeps each
 * entry's best name, then lets the other features move the score:
 *
 *   score = name similarity − weak-alias discount ± date of birth ± country − entity-type mismatch
 *
 * clamped to [0, 1]. An identifier given with the query that equals one on
 * the entry ends the argument: score 1, band block, whatever the name says.
 * Every term is one line of the hit's explanation, so the effects add up to
 * the score (before clamping).
 */
export type ScreeningBand = 'clear' | 'review' | 'block'
export type MatchedOn = 'primary' | 'alias-strong' | 'alias-weak'

export interface ScreeningQuery {
  readonly name: string
  /** YYYY-MM-DD, or YYYY when only the year is known. */
  readonly dateOfBirth?: string | undefined
  /** ISO 3166-1 alpha-2, or a country's name. */
  readonly country?: string | undefined
  readonly entityType?: 'individual' | 'entity' | undefined
  readonly identifiers?: readonly WatchlistIdentifier[] | undefined
}

export interface ScreeningExplanation {
  /** `name`, `weak-alias`, `date-of-birth`, `country`, `entity-type` or `identifier`. */
  readonly feature: string
  /** What the feature added to (or took from) the score. */
  readonly effect: number
  readonly detail: string
}

export interface ScreeningHit {
  readonly entry: WatchlistEntry
  readonly matchedName: string
  readonly matchedOn: MatchedOn
  /** 0 to 1. */
  readonly score: number
  readonly band: ScreeningBand
  readonly explanation: readonly ScreeningExplanation[]
}

export interface ScreeningIndexOptions {
  readonly rules?: ScreeningRulesInput | undefined
}

export interface SearchOptions {
  /** Most hits returned, best first; default 20. */
  readonly limit?: number | undefined
}

export interface ScreeningIndex {
  search(query: ScreeningQuery, options?: SearchOptions): ScreeningHit[]
  readonly rules: ScreeningRules
  readonly entryCount: number
  readonly nameCount: number
}

/** Listed names scored per search at most: the best-covered candidates from blocking. */
const candidateLimit = 150
const defaultLimit = 20

interface ListedName {
  readonly entry: number
  readonly name: string
  readonly matchedOn: MatchedOn
  readonly weighted: WeightedTokens
}

interface EntryFacts {
  readonly birthDates: readonly ListedBirthDate[]
  readonly countryCodes: ReadonlySet<string>
  readonly names: readonly number[]
}

const round = (x: number) => Math.round(x * 1000) / 1000
const show = (x: number) => x.toFixed(3)
const nameRole: Record<MatchedOn, string> = { primary: 'primary name', 'alias-strong': 'alias', 'alias-weak': 'weak alias' }

export function createScreeningIndex(entries: readonly WatchlistEntry[], options: ScreeningIndexOptions = {}): ScreeningIndex {
  const rules = screeningRulesOf(options.rules)
  const facts: EntryFacts[] = []
  const byIdentifier = new Map<string, number[]>()

  // Every name of every entry, normalised; weighted by rarity once all are read (see rarityWeigher).
  const read: { entry: number; name: string; matchedOn: MatchedOn; weighted: WeightedTokens }[] = []
  entries.forEach((entry, e) => {
    const own: number[] = []
    const add = (name: string, matchedOn: MatchedOn) => {
      const weighted = weighListedName(name, entry.kind)
      if (weighted.tokens.length === 0) return
      own.push(read.length)
      read.push({ entry: e, name, matchedOn, weighted })
    }
    add(entry.primaryName, 'primary')
    for (const alias of entry.aliases) add(alias.name, alias.strength === 'strong' ? 'alias-strong' : 'alias-weak')
    const birthDates = entry.datesOfBirth.map(parseListedBirthDate).filter((d): d is ListedBirthDate => d !== undefined)
    const countryCodes = new Set(entry.countries.map(countryCodeOf).filter((c): c is string => c !== undefined))
    facts.push({ birthDates, countryCodes, names: own })
    for (const identifier of entry.identifiers) {
      for (const key of listedValueKeys(identifier.value)) {
        const list = byIdentifier.get(key) ?? []
        if (list[list.length - 1] !== e) list.push(e)
        byIdentifier.set(key, list)
      }
    }
  })
  const weigh = rarityWeigher(read.map((n) => n.weighted.tokens))
  const names: readonly ListedName[] = read.map((n) => ({ ...n, weighted: { ...n.weighted, weights: n.weighted.tokens.map(weigh) } }))
  const blocking = buildCandidateIndex(names.map((n) => n.weighted.tokens))
  const mostFeaturesAdd = Math.max(0, ...Object.values(rules.dateOfBirth)) + Math.max(0, rules.country.corroborates)

  function explain(entry: WatchlistEntry, e: number, n: ListedName, similarity: number, query: ScreeningQuery, queryTokens: WeightedTokens): ScreeningHit {
    const explanation: ScreeningExplanation[] = []
    const queryForm = queryTokens.tokens.join(' ')
    explanation.push({
      feature: 'name',
      effect: round(similarity),
      detail: `"${query.name}" (${queryForm}) against the ${nameRole[n.matchedOn]} "${n.name}" (${n.weighted.tokens.join(' ')}): ${show(similarity)}`,
    })
    if (n.matchedOn === 'alias-weak') {
      explanation.push({
        feature: 'weak-alias',
        effect: round(-similarity * rules.weakAliasDiscount),
        detail: 'the name matched is a weak alias, given only in the list\u2019s remarks: it corroborates, it does not decide',
      })
    }

    const f = facts[e]!
    if (query.dateOfBirth !== undefined && query.dateOfBirth.trim() !== '') {
      const given = parseQueryBirthDate(query.dateOfBirth)
      const compared = given && compareBirthDates(given, f.birthDates)
      if (!given) {
        explanation.push({ feature: 'date-of-birth', effect: 0, detail: `not compared: "${query.dateOfBirth}" is not YYYY-MM-DD or YYYY` })
      } else if (!compared) {
        explanation.push({ feature: 'date-of-birth', effect: 0, detail: 'not compared: the list gives no date of birth for this entry' })
      } else {
        const says: Record<typeof compared.agreement, string> = {
          exact: 'the same date',
          swapped: 'the same date with day and month swapped',
          within: 'agrees at the precision the list gives',
          near: 'one year off at the precision the list gives: neither for nor against',
          'same-year': 'the same year, another day',
          conflict: 'cannot be the same date of birth',
        }
        explanation.push({
          feature: 'date-of-birth',
          effect: rules.dateOfBirth[compared.agreement],
          detail: `${query.dateOfBirth} against the listed "${compared.listed.text}": ${says[compared.agreement]}`,
        })
      }
    }

    if (query.country !== undefined && query.country.trim() !== '') {
      const code = countryCodeOf(query.country)
      const listed = [...f.countryCodes].map(countryNameOf).join(', ')
      if (!code) {
        explanation.push({ feature: 'country', effect: 0, detail: `not compared: "${query.country}" is not a country this screening knows` })
      } else if (f.countryCodes.size === 0) {
        explanation.push({ feature: 'country', effect: 0, detail: 'not compared: the list gives no country for this entry' })
      } else if (f.countryCodes.has(code)) {
        explanation.push({ feature: 'country', effect: rules.country.corroborates, detail: `${countryNameOf(code)} is among the listed countries (${listed})` })
      } else {
        explanation.push({ feature: 'country', effect: rules.country.conflicts, detail: `${countryNameOf(code)} is not among the listed countries (${listed})` })
      }
    }

    if (query.entityType !== undefined) {
      const listedIndividual = entry.kind === 'individual'
      const mismatch = (query.entityType === 'individual') !== listedIndividual
      explanation.push({
        feature: 'entity-type',
        effect: mismatch ? rules.entityTypeMismatch : 0,
        detail: mismatch ? `an ${query.entityType} screened against a listed ${entry.kind}` : `an ${query.entityType} against a listed ${entry.kind}: as expected`,
      })
    }

    let score = explanation.reduce((sum, x) => sum + x.effect, 0)
    const sameIdentifier = (query.identifiers ?? []).flatMap((q) => entry.identifiers.filter((l) => identifiersMatch(q, l)).map((l) => ({ q, l })))
    if (sameIdentifier.length > 0) {
      const { q, l } = sameIdentifier[0]!
      explanation.push({
        feature: 'identifier',
        effect: round(1 - score),
        detail: `${q.type || 'identifier'} ${q.value} is the listed ${l.type} ${l.value}: an exact identifier decides`,
      })
      score = 1
    } else if ((query.identifiers ?? []).length > 0) {
      explanation.push({ feature: 'identifier', effect: 0, detail: 'no identifier given equals one the list gives for this entry' })
    }

    score = round(Math.min(1, Math.max(0, score)))
    const band: ScreeningBand = sameIdentifier.length > 0 || score >= rules.bands.block ? 'block' : score >= rules.bands.review ? 'review' : 'clear'
    return { entry, matchedName: n.name, matchedOn: n.matchedOn, score, band, explanation }
  }

  /** An entry's best name for the query: highest score after the weak-alias discount, the primary name on a tie. */
  function bestName(query: WeightedTokens, ids: Iterable<number>): { n: ListedName; similarity: number; adjusted: number } | undefined {
    let best: { n: ListedName; similarity: number; adjusted: number } | undefined
    for (const id of ids) {
      const n = names[id]!
      const similarity = weightedNameSimilarity(query, n.weighted)
      const adjusted = n.matchedOn === 'alias-weak' ? similarity * (1 - rules.weakAliasDiscount) : similarity
      if (!best || adjusted > best.adjusted) best = { n, similarity, adjusted }
    }
    return best
  }

  return {
    rules,
    entryCount: entries.length,
    nameCount: names.length,
    search(query, searchOptions = {}) {
      const limit = searchOptions.limit ?? defaultLimit
      const queryTokens = weighQueryName(query.name ?? '', query.entityType, weigh)
      const perEntry = new Map<number, number[]>()
      if (queryTokens.tokens.length > 0) {
        for (const id of blocking.candidates(queryTokens.tokens, candidateLimit)) {
          const e = names[id]!.entry
          const list = perEntry.get(e)
          if (list) list.push(id)
          else perEntry.set(e, [id])
        }
      }
      // Entries an identifier points at are screened whatever their names look like.
      const identified = new Set<number>()
      for (const identifier of query.identifiers ?? []) {
        const key = identifierValueKey(identifier.value)
        for (const e of (key && byIdentifier.get(key)) || []) identified.add(e)
      }

      const hits: ScreeningHit[] = []
      for (const [e, ids] of perEntry) {
        const best = bestName(queryTokens, ids)
        // Scoring the other features costs more than the name; skip an entry they could not lift to the floor.
        if (!best || (best.adjusted + mostFeaturesAdd < rules.floor && !identified.has(e))) continue
        const hit = explain(entries[e]!, e, best.n, best.similarity, query, queryTokens)
        if (hit.score >= rules.floor) hits.push(hit)
        identified.delete(e)
      }
      for (const e of identified) {
        const best = bestName(queryTokens, facts[e]!.names)
        if (!best) continue
        // the value was found; the hit stands only if the types agree too (a number from another register is no match)
        const hit = explain(entries[e]!, e, best.n, best.similarity, query, queryTokens)
        if (hit.score >= rules.floor) hits.push(hit)
      }
      const onRank: Record<MatchedOn, number> = { primary: 0, 'alias-strong': 1, 'alias-weak': 2 }
      hits.sort((a, b) => b.score - a.score || onRank[a.matchedOn] - onRank[b.matchedOn] || Number(a.entry.id) - Number(b.entry.id) || (a.entry.id < b.entry.id ? -1 : 1))
      return hits.slice(0, limit)
    },
  }
}

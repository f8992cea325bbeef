/**
 * One entry of a sanctions or watch list, in the list's own words. Plain data
 * (it is stored as JSON with the list version it came from), so every field is
 * a string, a number or an array of them.
 */
export const watchlistEntryKinds = ['individual', 'entity', 'vessel', 'aircraft'] as const
export type WatchlistEntryKind = (typeof watchlistEntryKinds)[number]

/**
 * A strong alias is one the list publishes as a name of the party (OFAC's
 * alt.csv: a.k.a., f.k.a., n.k.a.). A weak alias is a nickname or a loose
 * transliteration the list mentions only in its remarks: it may corroborate a
 * match, never make one on its own.
 */
export type AliasStrength = 'strong' | 'weak'

export interface WatchlistAlias {
  readonly name: string
  readonly strength: AliasStrength
}

export interface WatchlistIdentifier {
  /** As the list writes it: `Passport`, `National ID No.`, `Cedula No.` … */
  readonly type: string
  readonly value: string
}

export interface WatchlistEntry {
  /** The list's own number for the entry (OFAC's ent_num). */
  readonly id: string
  readonly listName: 'OFAC-SDN'
  readonly kind: WatchlistEntryKind
  /** As listed; OFAC writes individuals "LAST, First Middle". */
  readonly primaryName: string
  readonly aliases: readonly WatchlistAlias[]
  readonly programs: readonly string[]
  /** As written: `01 Jan 1970`, `Apr 1963`, `circa 1965`, `1970`, `1960 to 1962`. */
  readonly datesOfBirth: readonly string[]
  /** Every year the dates of birth allow, ascending (a range gives each year in it). */
  readonly birthYears: readonly number[]
  /** Nationality, citizenship and address countries, as the list names them, once each. */
  readonly countries: readonly string[]
  readonly identifiers: readonly WatchlistIdentifier[]
  readonly remarks: string | null
}

import type { BirthDateAgreement } from './date-of-birth.js'

/**
 * The numbers screening decides with, as one versioned rule pack: a
 * compliance officer changes them, not a developer, and every hit can be
 * traced to the version that scored it. The defaults follow what users of
 * Watchman and yente report works (see DOMAIN.md, Compliance): bands at 0.70
 * and 0.95; the name decides, and the other features only move a score a
 * little up or down — enough to lift a good name match into review or push a
 * doubtful one out, never enough to make a match out of an unlike name.
 */
export interface ScreeningRules {
  readonly version: string
  /** YYYY-MM-DD: from when these rules apply. */
  readonly effectiveFrom: string
  /** Scores at or above `review` need a person to look; at or above `block`, the party is treated as listed until cleared. */
  readonly bands: { readonly review: number; readonly block: number }
  /** Hits below this score are not returned at all. */
  readonly floor: number
  /**
   * Share of the name score taken off when the name matched is a weak alias
   * (one the list gives only in its remarks): with the default 0.15 an exact
   * weak alias scores 0.85 — review, never block on its own.
   */
  readonly weakAliasDiscount: number
  /** Effect of the query's date of birth against the list's, by how far they agree. */
  readonly dateOfBirth: Readonly<Record<BirthDateAgreement, number>>
  readonly country: { readonly corroborates: number; readonly conflicts: number }
  /** Effect of an individual screened against a listed entity, vessel or aircraft, or the other way round. */
  readonly entityTypeMismatch: number
}

export const defaultScreeningRules: ScreeningRules = deepFreeze({
  version: 'screening-defaults-1',
  effectiveFrom: '2026-01-01',
  bands: { review: 0.7, block: 0.95 },
  floor: 0.6,
  weakAliasDiscount: 0.15,
  dateOfBirth: { exact: 0.05, swapped: 0.03, within: 0.03, near: 0, 'same-year': -0.05, conflict: -0.15 },
  // A country says less than a date of birth: people hold several nationalities and live abroad.
  country: { corroborates: 0.03, conflicts: -0.05 },
  entityTypeMismatch: -0.15,
})

export interface ScreeningRulesInput {
  readonly version?: string
  readonly effectiveFrom?: string
  readonly bands?: Partial<ScreeningRules['bands']>
  readonly floor?: number
  readonly weakAliasDiscount?: number
  readonly dateOfBirth?: Partial<ScreeningRules['dateOfBirth']>
  readonly country?: Partial<ScreeningRules['country']>
  readonly entityTypeMismatch?: number
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v)
  return Object.freeze(value)
}

/**
 * The defaults with the given changes, checked and frozen. Rules that cannot
 * work (a block band below review, a floor above review, a score outside
 * [0, 1]) throw a RangeError: that is a configuration mistake to fix before
 * anything is screened, not an outcome of screening.
 */
export function screeningRulesOf(input: ScreeningRulesInput = {}): ScreeningRules {
  const d = defaultScreeningRules
  const rules: ScreeningRules = {
    version: input.version ?? d.version,
    effectiveFrom: input.effectiveFrom ?? d.effectiveFrom,
    bands: { ...d.bands, ...input.bands },
    floor: input.floor ?? d.floor,
    weakAliasDiscount: input.weakAliasDiscount ?? d.weakAliasDiscount,
    dateOfBirth: { ...d.dateOfBirth, ...input.dateOfBirth },
    country: { ...d.country, ...input.country },
    entityTypeMismatch: input.entityTypeMismatch ?? d.entityTypeMismatch,
  }
  const { review, block } = rules.bands
  const inUnit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1
  if (!inUnit(review) || !inUnit(block) || !inUnit(rules.floor) || !inUnit(rules.weakAliasDiscount)) {
    throw new RangeError('screening rules: bands, floor and weak-alias discount lie in [0, 1]')
  }
  if (!(rules.floor <= review && review <= block)) throw new RangeError('screening rules: need floor ≤ review ≤ block')
  const effects = [...Object.values(rules.dateOfBirth), rules.country.corroborates, rules.country.conflicts, rules.entityTypeMismatch]
  if (!effects.every((e) => Number.isFinite(e) && Math.abs(e) <= 1)) throw new RangeError('screening rules: feature effects lie in [-1, 1]')
  return deepFreeze(rules)
}

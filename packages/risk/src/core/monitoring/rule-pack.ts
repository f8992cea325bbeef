import type { MonitoringRule } from './rule.js'

/**
 * A pack: the rules in force from a date, and the thresholds that turn
 * their total score into a decision. Packs are versioned like rules; the
 * server keeps every version and picks the one in force with
 * `monitoringPackInForce`.
 */

export const monitoringOutcomes = ['allow', 'review', 'block'] as const
export type MonitoringOutcome = (typeof monitoringOutcomes)[number]

export interface MonitoringThresholds {
  /** A total score from this value is 'review'. */
  readonly review: number
  /** A total score from this value is 'block'; at least `review`. */
  readonly block: number
}

export interface MonitoringRulePack {
  /** Stable across versions, kebab-case. */
  readonly id: string
  readonly version: number
  /** YYYY-MM-DD: the first business date this version applies to. */
  readonly effectiveFrom: string
  readonly name: string
  readonly rules: readonly MonitoringRule[]
  readonly thresholds: MonitoringThresholds
}

/** allow below `review`, review from `review`, block from `block`. */
export function outcomeForScore(thresholds: MonitoringThresholds, score: number): MonitoringOutcome {
  if (score >= thresholds.block) return 'block'
  return score >= thresholds.review ? 'review' : 'allow'
}

/**
 * The version of pack `id` in force on `date` (YYYY-MM-DD): the highest
 * version whose `effectiveFrom` is on or before the date. Undefined before
 * the first version takes effect.
 *
 * @throws RangeError when two packs share an id and a version.
 */
export function monitoringPackInForce(packs: readonly MonitoringRulePack[], id: string, date: string): MonitoringRulePack | undefined {
  let found: MonitoringRulePack | undefined
  const versions = new Set<number>()
  for (const pack of packs) {
    if (pack.id !== id) continue
    if (versions.has(pack.version)) throw new RangeError(`monitoring rule pack ${id} v${pack.version} appears twice`)
    versions.add(pack.version)
    // YYYY-MM-DD strings sort as the dates do.
    if (pack.effectiveFrom > date) continue
    if (found === undefined || pack.version > found.version) found = pack
  }
  return found
}

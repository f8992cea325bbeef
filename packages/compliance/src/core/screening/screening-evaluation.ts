import type { LabelledQuery, LabelledVariant } from './labelled-set.js'
import type { ScreeningIndex } from './screen.js'

/**
 * Recall and precision of an index on a labelled set, at a threshold
 * (by default the index's review band: what puts a name in front of a person).
 *
 * The unit is the screened name, as in a bank's alert queue: a query is
 * flagged when it has any hit at or above the threshold.
 * - recall: share of the positive queries whose flagged hits include an expected entry;
 * - precision: share of the flagged queries that were right to be flagged — a
 *   positive with an expected entry among its hits (a negative flagged, or a
 *   positive flagged only for other entries, is a false alert);
 * - hit precision: share of all flagged hits that are expected entries —
 *   stricter, since a name like many listed names brings several hits, of
 *   which only one is the person; it measures the reviewer's reading load.
 */
export interface ScreeningEvaluation {
  readonly threshold: number
  readonly positives: number
  readonly negatives: number
  readonly recall: number
  readonly precision: number
  readonly hitPrecision: number
  /** Share of negatives flagged. */
  readonly falsePositiveRate: number
  readonly byVariant: Readonly<Partial<Record<LabelledVariant, { readonly queries: number; readonly right: number }>>>
  /** Positives whose expected entry was not flagged. */
  readonly missed: readonly LabelledQuery[]
  /** Negatives that were flagged, with the best hit's entry and score. */
  readonly falseAlerts: readonly { readonly query: LabelledQuery; readonly entryId: string; readonly score: number }[]
}

export function evaluateScreening(index: ScreeningIndex, set: readonly LabelledQuery[], threshold = index.rules.bands.review): ScreeningEvaluation {
  let positives = 0
  let negatives = 0
  let found = 0
  let flagged = 0
  let rightlyFlagged = 0
  let hits = 0
  let rightHits = 0
  let negativesFlagged = 0
  const byVariant: Partial<Record<LabelledVariant, { queries: number; right: number }>> = {}
  const missed: LabelledQuery[] = []
  const falseAlerts: { query: LabelledQuery; entryId: string; score: number }[] = []

  for (const labelled of set) {
    const flaggedHits = index.search(labelled.query).filter((h) => h.score >= threshold)
    const expected = new Set(labelled.expectedIds)
    const right = flaggedHits.filter((h) => expected.has(h.entry.id)).length
    const positive = expected.size > 0
    const tally = (byVariant[labelled.variant] ??= { queries: 0, right: 0 })
    tally.queries++
    hits += flaggedHits.length
    rightHits += right
    if (flaggedHits.length > 0) flagged++
    if (positive) {
      positives++
      if (right > 0) {
        found++
        rightlyFlagged++
        tally.right++
      } else missed.push(labelled)
    } else {
      negatives++
      if (flaggedHits.length > 0) {
        negativesFlagged++
        falseAlerts.push({ query: labelled, entryId: flaggedHits[0]!.entry.id, score: flaggedHits[0]!.score })
      } else tally.right++
    }
  }
  return {
    threshold,
    positives,
    negatives,
    recall: positives === 0 ? 1 : found / positives,
    precision: flagged === 0 ? 1 : rightlyFlagged / flagged,
    hitPrecision: hits === 0 ? 1 : rightHits / hits,
    falsePositiveRate: negatives === 0 ? 0 : negativesFlagged / negatives,
    byVariant,
    missed,
    falseAlerts,
  }
}

import { describe, expect, it } from 'vitest'
import type { LabelledQuery } from './labelled-set.js'
import { createScreeningIndex } from './screen.js'
import { evaluateScreening } from './screening-evaluation.js'
import type { WatchlistEntry } from './watchlist-entry.js'

const anEntry = (id: string, primaryName: string): WatchlistEntry => ({
  id, listName: 'OFAC-SDN', kind: 'individual', primaryName, aliases: [], programs: [], datesOfBirth: [], birthYears: [], countries: [],
  identifiers: [], remarks: null,
})
const index = createScreeningIndex([anEntry('1', 'CHINAMASA, Patrick'), anEntry('2', 'CHINAMASA, Monica'), anEntry('3', 'PRCAC, Dragoljub')])
const labelled = (name: string, expectedIds: string[]): LabelledQuery => ({
  query: { name }, expectedIds, variant: expectedIds.length ? 'typo' : 'negative', source: null,
})

describe('evaluateScreening', () => {
  it('counts recall over positives, precision over flagged queries, and hit precision over flagged hits', () => {
    const result = evaluateScreening(index, [
      labelled('Patrik Chinamasa', ['1']), // found
      labelled('Dragoljub Prcak', ['3']), // found
      labelled('Somebody Unlisted', ['3']), // missed
      labelled('Monica Chinamasa', []), // a negative that is flagged: a false alert
      labelled('Amelia Hartley', []), // a negative left alone
    ])
    expect(result).toMatchObject({ threshold: 0.7, positives: 3, negatives: 2, falsePositiveRate: 0.5 })
    expect(result.recall).toBeCloseTo(2 / 3)
    expect(result.precision).toBeCloseTo(2 / 3)
    expect(result.missed.map((m) => m.query.name)).toEqual(['Somebody Unlisted'])
    expect(result.falseAlerts).toEqual([expect.objectContaining({ entryId: '2', score: 1 })])
    expect(result.byVariant.typo).toEqual({ queries: 3, right: 2 })
    expect(result.hitPrecision).toBeLessThan(1)
  })
})

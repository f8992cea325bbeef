import { decimal, roundDecimal, type ExactDecimal } from '@strongroom/kernel'

export interface DepositorShare {
  readonly clientId: string
  /** The client's total over all their deposits, in the reporting currency. */
  readonly balance: string
  /** balance ÷ book total, 6 decimal places. */
  readonly share: string
}

export interface DepositorConcentration {
  readonly depositorCount: number
  /** Share of the book held by the 10 largest depositors, 6 dp (1.000000 when there are 10 or fewer). */
  readonly top10Share: string
  readonly top20Share: string
  /** Herfindahl–Hirschman index Σ sᵢ² over client shares, as a fraction 0 … 1, 6 dp. */
  readonly hhi: string
  /** The same ×10,000, the "points" competition authorities quote (0 … 10,000), 2 dp. */
  readonly hhiPoints: string
  /** The 20 largest, largest first. */
  readonly topDepositors: readonly DepositorShare[]
}

/** Decimal places of shares and of the HHI fraction. */
export const shareDecimalPlaces = 6

/**
 * How concentrated the book is on a few depositors, from each client's total
 * (all their deposits added first: two deposits of one client are one
 * withdrawal decision). Every figure is exact until it is rounded for output.
 *
 * The HHI is computed as Σ vᵢ² ÷ T², one division at the end, rather than
 * by summing rounded shares squared, which would drift for a book of
 * thousands of small clients.
 *
 * `moneyPlaces` is the reporting currency's exponent, for the balances.
 * An empty (or all-zero) book has no concentration: every share is 0.
 */
export function depositorConcentration(balanceByClient: ReadonlyMap<string, ExactDecimal>, moneyPlaces: number): DepositorConcentration {
  // Largest first; equal balances by client id, so the result never depends on input order.
  const ranked = [...balanceByClient.entries()].sort(([idA, a], [idB, b]) => b.comparedTo(a) || (idA < idB ? -1 : idA > idB ? 1 : 0))
  const total = ranked.reduce((sum, [, v]) => sum.plus(v), decimal('0'))
  const sumOfSquares = ranked.reduce((sum, [, v]) => sum.plus(v.times(v)), decimal('0'))
  const share = (part: ExactDecimal): ExactDecimal => (total.isZero() ? decimal('0') : part.dividedBy(total))
  const topN = (n: number): ExactDecimal => share(ranked.slice(0, n).reduce((sum, [, v]) => sum.plus(v), decimal('0')))
  const hhi = total.isZero() ? decimal('0') : sumOfSquares.dividedBy(total.times(total))

  return Object.freeze({
    depositorCount: ranked.length,
    top10Share: fixed(topN(10), shareDecimalPlaces),
    top20Share: fixed(topN(20), shareDecimalPlaces),
    hhi: fixed(hhi, shareDecimalPlaces),
    hhiPoints: fixed(total.isZero() ? decimal('0') : sumOfSquares.times(decimal('10000')).dividedBy(total.times(total)), 2),
    topDepositors: Object.freeze(
      ranked.slice(0, 20).map(([clientId, v]) => Object.freeze({ clientId, balance: fixed(v, moneyPlaces), share: fixed(share(v), shareDecimalPlaces) })),
    ),
  })
}

function fixed(value: ExactDecimal, places: number): string {
  return roundDecimal(value, places).toFixed(places)
}

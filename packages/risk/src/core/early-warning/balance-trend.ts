import { decimal, type ExactDecimal } from '@strongroom/kernel'

export interface BalanceTrend {
  /** Least-squares slope, in currency per month; null with fewer than 2 points. */
  readonly slopePerMonth: ExactDecimal | null
  readonly mean: ExactDecimal
  /** slope ÷ mean (per month); null when there is no slope or the mean is not positive. */
  readonly relativeSlope: ExactDecimal | null
  readonly peak: ExactDecimal
  readonly latest: ExactDecimal
  /** (peak − latest) ÷ peak; null when the peak is not positive. */
  readonly dropFromPeak: ExactDecimal | null
}

/**
 * Trend figures of a month-end balance series, oldest first, each month one
 * step on the x axis.
 *
 * The least-squares slope is Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)². With xᵢ = i
 * (0 … n−1), Σ(xᵢ − x̄)ȳ = 0 and Σ(xᵢ − x̄)² = n(n² − 1)/12, so it is
 * 6 · Σ(2i − n + 1)·yᵢ / (n(n² − 1)): integer weights on exact balances and
 * one division at the end. Dividing by the mean makes it comparable between
 * a client of one million and one of fifty.
 *
 * @throws DomainError 'kernel.invalid_decimal' for a balance that is not a decimal string.
 */
export function balanceTrend(balances: readonly string[]): BalanceTrend {
  if (balances.length === 0) throw new RangeError('a balance series needs at least one point')
  const ys = balances.map((b) => decimal(b))
  const n = ys.length
  const sum = ys.reduce((s, y) => s.plus(y), decimal('0'))
  const mean = sum.dividedBy(decimal(BigInt(n)))
  let slope: ExactDecimal | null = null
  if (n >= 2) {
    const weighted = ys.reduce((s, y, i) => s.plus(y.times(decimal(BigInt(2 * i - n + 1)))), decimal('0'))
    slope = weighted.times(decimal('6')).dividedBy(decimal(BigInt(n * (n * n - 1))))
  }
  const peak = ys.reduce((m, y) => (y.greaterThan(m) ? y : m))
  const latest = ys[n - 1]!
  return {
    slopePerMonth: slope,
    mean,
    // slope ÷ (Σy ÷ n) = slope · n ÷ Σy: one division less.
    relativeSlope: slope === null || !sum.greaterThan(0) ? null : slope.times(decimal(BigInt(n))).dividedBy(sum),
    peak,
    latest,
    dropFromPeak: peak.greaterThan(0) ? peak.minus(latest).dividedBy(peak) : null,
  }
}

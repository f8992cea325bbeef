import type { StressResult } from './run-stress-test.js'

/**
 * What a chart of a stress result needs, as parallel arrays in bucket order:
 * bars of outflow (and of the contractual ladder), a line of cumulative
 * outflow, and the liquidity gap against the liquid-assets level. Values stay
 * decimal strings, so a chart library converts them for drawing only and no
 * figure is re-rounded on the way.
 */
export interface StressChartSeries {
  readonly currency: string
  readonly labels: readonly string[]
  readonly contractual: readonly string[]
  readonly outflow: readonly string[]
  readonly cumulativeOutflow: readonly string[]
  readonly gap: readonly string[]
  /** The horizontal line the cumulative outflow is measured against. */
  readonly liquidAssets: string
  /** Index in `labels` of the first bucket with a shortfall, for highlighting; null if none. */
  readonly firstShortfallIndex: number | null
}

export function chartSeries(result: StressResult): StressChartSeries {
  const index = result.buckets.findIndex((b) => b.label === result.survival.firstShortfallBucket)
  return Object.freeze({
    currency: result.reportingCurrency,
    labels: Object.freeze(result.buckets.map((b) => b.label)),
    contractual: Object.freeze(result.buckets.map((b) => b.contractual)),
    outflow: Object.freeze(result.buckets.map((b) => b.outflow)),
    cumulativeOutflow: Object.freeze(result.buckets.map((b) => b.cumulativeOutflow)),
    gap: Object.freeze(result.buckets.map((b) => b.gap)),
    liquidAssets: result.liquidAssets,
    firstShortfallIndex: index < 0 ? null : index,
  })
}

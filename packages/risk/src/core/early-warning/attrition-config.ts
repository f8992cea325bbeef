export const attritionLevels = ['none', 'watch', 'at_risk', 'critical'] as const
/** 'none' is below the watch threshold: nothing for the RM to do. */
export type AttritionLevel = (typeof attritionLevels)[number]

/**
 * The rules of the attrition early-warning as versioned data. Fractions are
 * decimal strings. Each signal adds its points when it fires; the total
 * (capped at 100) picks the level.
 */
export interface AttritionConfig {
  readonly id: string
  readonly version: number
  /** Least-squares slope of the month-end balances ÷ their mean, per month, at or below `relativeSlopeAtMost`. */
  readonly balanceTrend: { readonly minPoints: number; readonly relativeSlopeAtMost: string; readonly points: number }
  /** (peak − latest) ÷ peak of the month-end balances at or above `atLeast`. */
  readonly dropFromPeak: { readonly atLeast: string; readonly points: number }
  /** Of the deposits that matured in the last `lookbackDays`, the share not renewed at or above `notRenewedShareAtLeast`. */
  readonly maturities: { readonly lookbackDays: number; readonly minMaturities: number; readonly notRenewedShareAtLeast: string; readonly points: number }
  /**
   * Mean monthly activity over the last `recentMonths` (1 ≈ 30 days, 3 ≈ 90)
   * against the mean of up to `baselineMonths` before them, falling by at
   * least `dropAtLeast`; judged only with `minBaselineMonths` of history.
   */
  readonly activity: {
    readonly recentMonths: number
    readonly baselineMonths: number
    readonly minBaselineMonths: number
    readonly dropAtLeast: string
    readonly points: number
  }
  /** Complaints in the last 90 days: `pointsEach`, up to `maxPoints`. */
  readonly complaints: { readonly pointsEach: number; readonly maxPoints: number }
  /** The lowest score of each level. */
  readonly levels: { readonly watch: number; readonly atRisk: number; readonly critical: number }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/**
 * Starting values (verify against the bank's own attrition history).
 * Maturities not renewed weigh most: a private client who lets deposits run
 * off at maturity is moving money already, while a falling balance or
 * quieter account can be seasonal. One complaint alone does not reach
 * 'watch'; two do.
 */
export const defaultAttritionConfig: AttritionConfig = deepFreeze({
  id: 'strongroom-attrition',
  version: 1,
  balanceTrend: { minPoints: 3, relativeSlopeAtMost: '-0.05', points: 20 },
  dropFromPeak: { atLeast: '0.30', points: 25 },
  maturities: { lookbackDays: 90, minMaturities: 1, notRenewedShareAtLeast: '0.5', points: 30 },
  activity: { recentMonths: 1, baselineMonths: 6, minBaselineMonths: 3, dropAtLeast: '0.5', points: 15 },
  complaints: { pointsEach: 10, maxPoints: 20 },
  levels: { watch: 20, atRisk: 40, critical: 60 },
} satisfies AttritionConfig)

/**
 * Depositor categories of the Basel III liquidity coverage ratio (BCBS 238,
 * January 2013, §§73–111), which set how much of each kind of deposit is
 * assumed to leave in a 30-day stress:
 *
 * - `stable_retail`: retail (and small-business) deposits fully covered by
 *   an effective deposit-insurance scheme, in an established relationship or
 *   a transactional account — 5% (3% where the supervisor allows).
 * - `less_stable_retail`: other retail deposits, including the part of a
 *   balance above the insurance limit — 10%.
 * - `operational_wholesale`: wholesale deposits held for clearing, custody or
 *   cash management — 25%.
 * - `non_financial_corporate`: other deposits of non-financial corporates,
 *   sovereigns and public-sector entities — 40%.
 * - `financial`: deposits of banks and other financial institutions — 100%.
 */
export const depositorCategories = ['stable_retail', 'less_stable_retail', 'operational_wholesale', 'non_financial_corporate', 'financial'] as const
export type DepositorCategory = (typeof depositorCategories)[number]

/**
 * How the part of a stable-retail balance above the insured amount runs off.
 * - `less_stable`: at the less-stable-retail factor (BCBS 238 §75: only
 *   insured deposits can be stable; "balances above the insurance limit are
 *   less stable").
 * - `as_category`: the whole balance at the stable factor, for a supervisor
 *   or a what-if that does not split balances.
 */
export const uninsuredTreatments = ['less_stable', 'as_category'] as const
export type UninsuredTreatment = (typeof uninsuredTreatments)[number]

/** A time bucket of the ladder: days from the as-of date, up to and including `toDay`; null = open-ended (the last bucket). */
export interface StressBucket {
  readonly label: string
  readonly toDay: number | null
}

/**
 * A stress scenario: what is assumed to happen, independent of the book it is
 * run on. All fractions are decimal strings ('0.05' is 5%), never numbers.
 *
 * The rate model: a rate shock of `rateShockBps` raises each category's
 * run-off factor by `rateSensitivity[category]` per 100 bp, capped at 100%.
 * It is a linear add-on because depositors chasing a better rate elsewhere
 * move in proportion to the spread they can gain, and linear is what a risk
 * committee can reason about and calibrate from its own outflow history. A
 * falling rate (negative shock) does not lower a factor: the Basel factors
 * are floors, not central estimates.
 */
export interface StressScenario {
  readonly id: string
  readonly name: string
  readonly runOffFactors: Readonly<Record<DepositorCategory, string>>
  readonly uninsuredTreatment: UninsuredTreatment
  /** Parallel rate shock in basis points (integer, may be negative). */
  readonly rateShockBps: number
  /** Extra run-off per 100 bp of rate shock, as a fraction, per category. */
  readonly rateSensitivity: Readonly<Record<DepositorCategory, string>>
  /**
   * Per foreign currency, the move of that currency against the reporting
   * currency, as a fraction: '0.10' means it is worth 10% more, so its
   * balances count 10% more after conversion; '-0.05' 5% less. The reporting
   * currency itself is never shocked.
   */
  readonly fxShocks: Readonly<Record<string, string>>
  /**
   * Fraction of term deposits maturing after the horizon that is broken
   * early (penalty accepted) and leaves in the first bucket. '0' = none,
   * the Basel assumption for deposits that cannot be withdrawn in 30 days.
   */
  readonly earlyWithdrawalRate: string
  /** Outflows are counted for deposits on demand and maturing within this many days. */
  readonly horizonDays: number
  /** Ascending by `toDay`; the last one is open-ended. */
  readonly buckets: readonly StressBucket[]
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/** The maturity-ladder buckets supervisors commonly ask for. */
export const defaultStressBuckets: readonly StressBucket[] = deepFreeze([
  { label: 'overnight', toDay: 1 },
  { label: '2-7d', toDay: 7 },
  { label: '8-30d', toDay: 30 },
  { label: '31-90d', toDay: 90 },
  { label: '91-180d', toDay: 180 },
  { label: '181-365d', toDay: 365 },
  { label: '>1y', toDay: null },
])

/**
 * The Basel III LCR baseline: the run-off factors of BCBS 238 over 30 days,
 * uninsured balances less stable, no rate or FX shock, no early breaking of
 * term deposits. The rate sensitivities only act under a rate shock; they
 * are starting values (verify: calibrate them on the bank's own outflows
 * after past rate moves), larger for corporates, who move money faster.
 */
export const defaultScenario: StressScenario = deepFreeze({
  id: 'basel-lcr-baseline',
  name: 'Basel III LCR run-off, 30 days',
  runOffFactors: {
    stable_retail: '0.05',
    less_stable_retail: '0.10',
    operational_wholesale: '0.25',
    non_financial_corporate: '0.40',
    financial: '1.00',
  },
  uninsuredTreatment: 'less_stable',
  rateShockBps: 0,
  rateSensitivity: {
    stable_retail: '0.01',
    less_stable_retail: '0.02',
    operational_wholesale: '0.02',
    non_financial_corporate: '0.05',
    financial: '0',
  },
  fxShocks: {},
  earlyWithdrawalRate: '0',
  horizonDays: 30,
  buckets: defaultStressBuckets,
} satisfies StressScenario)

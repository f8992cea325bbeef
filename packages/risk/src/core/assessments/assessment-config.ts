import { decimal, isCalendarDay, isCurrencyCode, isDecimalString, parseMoney } from '@strongroom/kernel'

export const assessmentLevels = ['low', 'medium', 'high'] as const
export type AssessmentLevel = (typeof assessmentLevels)[number]

export const depositProducts = ['demand', 'notice', 'term', 'certificate'] as const
/** The kind of deposit the money goes into; 'certificate' is a (transferable) large-denomination CD. */
export type DepositProduct = (typeof depositProducts)[number]

export const depositChannels = ['cash', 'transfer', 'internal'] as const
/** How the money arrives; 'internal' is from the client's own accounts at this bank. */
export type DepositChannel = (typeof depositChannels)[number]

export const assessmentActionCodes = ['obtain_source_of_funds_evidence', 'rm_review', 'enhanced_due_diligence', 'senior_approval'] as const
export type AssessmentActionCode = (typeof assessmentActionCodes)[number]

export interface ActionRule {
  readonly code: AssessmentActionCode
  /** Calendar days from the deposit; 0 means before the funds are released. */
  readonly dueInDays: number
}

/**
 * The rules of per-deposit assessment as versioned data: compliance changes
 * a weight or a list by issuing a new version with the date it takes effect,
 * and every assessment names the id and version that produced it.
 *
 * Points are non-negative integers added per factor; the total is capped at
 * 100. Levels come from the total, raised where a single fact is decisive
 * whatever else is true (`levelFloors`).
 */
export interface AssessmentConfig {
  readonly id: string
  readonly version: number
  /** YYYY-MM-DD: the first day this version applies. */
  readonly effectiveFrom: string
  /**
   * Per currency, in major units: a deposit at or above this is assessed.
   * Each amount is compared only with deposits in its own currency.
   */
  readonly thresholds: Readonly<Record<string, string>>
  /** ISO 3166-1 alpha-2 codes. */
  readonly jurisdictions: {
    /** FATF "high-risk jurisdictions subject to a call for action" (the black list). */
    readonly callForAction: readonly string[]
    /** FATF "jurisdictions under increased monitoring" (the grey list), or the bank's own list. */
    readonly increasedMonitoring: readonly string[]
  }
  readonly points: {
    readonly sourceOfFunds: { readonly undocumented: number; readonly withoutEvidence: number }
    readonly kycRating: { readonly low: number; readonly medium: number; readonly high: number; readonly unrated: number }
    readonly jurisdiction: { readonly callForAction: number; readonly increasedMonitoring: number }
    readonly counterparty: { readonly unknown: number; readonly screeningReview: number; readonly screeningBlock: number }
    readonly product: Readonly<Record<DepositProduct, number>>
    readonly channel: Readonly<Record<DepositChannel, number>>
    readonly profileDeviation: {
      /** A client with no average inflow and no declared activity: nothing to compare with. */
      readonly noBaseline: number
      /** amount ÷ baseline at or above `atLeast` (a decimal string ratio) scores `points`; the highest tier met applies. */
      readonly tiers: readonly { readonly atLeast: string; readonly points: number }[]
    }
  }
  /** The lowest score of each level above 'low'. */
  readonly levels: { readonly medium: number; readonly high: number }
  /** A level the assessment cannot be below when the fact holds; null for none. */
  readonly levelFloors: {
    readonly jurisdictionCallForAction: AssessmentLevel | null
    readonly counterpartyScreeningBlock: AssessmentLevel | null
    readonly kycRatingHigh: AssessmentLevel | null
  }
  readonly actions: {
    /** Days the client has to evidence their source of funds when it is missing. */
    readonly sourceOfFundsEvidenceDueInDays: number
    readonly medium: readonly ActionRule[]
    readonly high: readonly ActionRule[]
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/**
 * Starting rules, for a compliance officer to review and re-issue.
 *
 * - Thresholds (verify): CNY 500,000 echoes the PBoC large-value threshold
 *   for a natural person's transfers (Order [2016] No. 3, Art. 5); the
 *   others are of the same order for a private bank's clients.
 * - Jurisdictions (verify): FATF public statements of 13 June 2025. The
 *   lists change at every plenary (February, June, October): load the
 *   current ones as a new version.
 * - Weights: the points make a call-for-action jurisdiction or a screening
 *   block enough for 'high' on their own (60 + the floors), an unexplained
 *   source of funds plus a high-risk client enough for 'medium', and a
 *   documented term deposit from a known, low-risk client 'low'.
 */
export const defaultAssessmentConfig: AssessmentConfig = deepFreeze({
  id: 'strongroom-deposit-assessment',
  version: 1,
  effectiveFrom: '2025-07-01',
  thresholds: { CNY: '500000.00', HKD: '500000.00', USD: '100000.00', EUR: '100000.00', GBP: '80000.00' },
  jurisdictions: {
    callForAction: ['KP', 'IR', 'MM'],
    increasedMonitoring: [
      'DZ', 'AO', 'BO', 'BG', 'BF', 'CM', 'CI', 'CD', 'HT', 'KE', 'LA', 'LB',
      'MC', 'MZ', 'NA', 'NP', 'NG', 'ZA', 'SS', 'SY', 'VE', 'VN', 'VG', 'YE',
    ],
  },
  points: {
    sourceOfFunds: { undocumented: 25, withoutEvidence: 15 },
    kycRating: { low: 0, medium: 10, high: 25, unrated: 25 },
    jurisdiction: { callForAction: 60, increasedMonitoring: 15 },
    counterparty: { unknown: 10, screeningReview: 20, screeningBlock: 60 },
    // A demand deposit can leave again at once (pass-through); a CD can be
    // handed to someone else; a term or notice deposit stays put.
    product: { demand: 5, notice: 0, term: 0, certificate: 10 },
    channel: { cash: 20, transfer: 0, internal: 0 },
    // DOMAIN.md: an activity spike starts at more than 3× the baseline.
    profileDeviation: { noBaseline: 10, tiers: [{ atLeast: '3', points: 10 }, { atLeast: '5', points: 20 }, { atLeast: '10', points: 30 }] },
  },
  levels: { medium: 30, high: 60 },
  // FATF Recommendation 19: enhanced due diligence for call-for-action
  // jurisdictions whatever the rest of the picture; a high-risk client's
  // large deposit is never routine.
  levelFloors: { jurisdictionCallForAction: 'high', counterpartyScreeningBlock: 'high', kycRatingHigh: 'medium' },
  actions: {
    sourceOfFundsEvidenceDueInDays: 10,
    medium: [{ code: 'rm_review', dueInDays: 5 }],
    high: [
      { code: 'enhanced_due_diligence', dueInDays: 30 },
      { code: 'senior_approval', dueInDays: 0 },
    ],
  },
} satisfies AssessmentConfig)

export interface AssessmentConfigIssue {
  readonly path: string
  readonly message: string
}

/**
 * What is wrong with a config, each with its path; empty when it is sound.
 * For the place a new version is loaded (an upload, a migration seed):
 * `assessDeposit` trusts its config.
 */
export function assessmentConfigProblems(config: AssessmentConfig): AssessmentConfigIssue[] {
  const issues: AssessmentConfigIssue[] = []
  const issue = (path: string, message: string): void => {
    issues.push({ path, message })
  }
  if (typeof config.id !== 'string' || config.id.trim() === '') issue('id', 'must be a non-empty string')
  if (!Number.isSafeInteger(config.version) || config.version < 1) issue('version', 'must be a positive integer')
  if (!isCalendarDay(config.effectiveFrom)) issue('effectiveFrom', 'must be a date (YYYY-MM-DD)')

  for (const [currency, amount] of Object.entries(config.thresholds)) {
    if (!isCurrencyCode(currency)) issue(`thresholds.${currency}`, 'is not a supported ISO 4217 currency code')
    else if (!isDecimalString(amount) || amount.startsWith('-')) issue(`thresholds.${currency}`, 'must be a non-negative decimal string')
    else {
      try {
        parseMoney(amount, currency)
      } catch {
        issue(`thresholds.${currency}`, `has more decimals than ${currency} allows`)
      }
    }
  }
  for (const list of ['callForAction', 'increasedMonitoring'] as const) {
    config.jurisdictions[list].forEach((code, i) => {
      if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) issue(`jurisdictions.${list}[${i}]`, 'must be an ISO 3166-1 alpha-2 code in upper case')
    })
  }

  const points = (path: string, value: unknown): void => {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 100) issue(path, 'must be an integer from 0 to 100')
  }
  const walk = (path: string, value: unknown): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(path === '' ? key : `${path}.${key}`, inner)
    } else if (!Array.isArray(value)) {
      points(`points.${path}`, value)
    }
  }
  const { tiers, ...restOfDeviation } = config.points.profileDeviation
  walk('', { ...config.points, profileDeviation: restOfDeviation })
  tiers.forEach((tier, i) => {
    if (!isDecimalString(tier.atLeast) || !decimal(tier.atLeast).greaterThan(0)) issue(`points.profileDeviation.tiers[${i}].atLeast`, 'must be a positive decimal string')
    points(`points.profileDeviation.tiers[${i}].points`, tier.points)
  })

  const { medium, high } = config.levels
  if (!Number.isSafeInteger(medium) || !Number.isSafeInteger(high) || medium < 1 || high <= medium || high > 100) {
    issue('levels', 'need integers with 0 < medium < high ≤ 100')
  }
  for (const [key, floor] of Object.entries(config.levelFloors)) {
    if (floor !== null && !(assessmentLevels as readonly string[]).includes(floor)) issue(`levelFloors.${key}`, 'must be low, medium, high or null')
  }
  const days = (path: string, value: unknown): void => {
    if (!Number.isSafeInteger(value) || (value as number) < 0) issue(path, 'must be a non-negative whole number of days')
  }
  days('actions.sourceOfFundsEvidenceDueInDays', config.actions.sourceOfFundsEvidenceDueInDays)
  for (const level of ['medium', 'high'] as const) {
    config.actions[level].forEach((rule, i) => {
      if (!(assessmentActionCodes as readonly string[]).includes(rule.code)) issue(`actions.${level}[${i}].code`, 'is not an action code')
      days(`actions.${level}[${i}].dueInDays`, rule.dueInDays)
    })
  }
  return issues
}

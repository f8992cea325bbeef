import { RiskError } from '../risk-errors.js'
import { isCalendarDay, isInstant } from '@strongroom/kernel'
import { isProductRiskLevel, isRiskProfileCode, riskStep, type ProductRiskLevel, type RiskProfileCode } from './risk-levels.js'

/** The part of a client's scored profile that suitability needs (a `ScoredRiskProfile` will do). */
export interface RiskProfileOnFile {
  readonly profile: RiskProfileCode
  /** YYYY-MM-DD, inclusive: the last day the profile may be relied on. */
  readonly validUntil: string
}

/**
 * The client's own confirmation that they were told the product is above
 * their profile and want it anyway. Without the moment it was given and the
 * words they confirmed (the text itself, or the version of a published
 * text), it proves nothing.
 */
export interface ClientAcknowledgement {
  /** ISO 8601 instant with offset: '2025-06-30T10:15:00+08:00'. */
  readonly acknowledgedAt: string
  readonly text?: string | null
  readonly textVersion?: string | null
}

/**
 * Permission to sell a product above the client's profile. The approval
 * itself is taken elsewhere (compliance's maker-checker); here it is a fact
 * to check, with its id kept for the record.
 */
export interface SuitabilityOverride {
  readonly approved: boolean
  readonly approvalId?: string | null
  readonly acknowledgement: ClientAcknowledgement | null
}

export interface SuitabilityRequest {
  /** The client's profile on file; null when they never completed the questionnaire. */
  readonly profile: RiskProfileOnFile | null
  readonly productRiskLevel: ProductRiskLevel
  /** YYYY-MM-DD: the business date of the sale. */
  readonly today: string
  readonly override?: SuitabilityOverride | null
}

export const suitabilityReasons = ['within_profile', 'profile_required', 'profile_expired', 'product_above_profile'] as const
export type SuitabilityReason = (typeof suitabilityReasons)[number]

export const overrideProblems = ['override_not_approved', 'acknowledgement_missing', 'acknowledgement_time_invalid', 'acknowledgement_text_missing'] as const
export type OverrideProblem = (typeof overrideProblems)[number]

/**
 * - `not_needed`: the product is suitable.
 * - `not_applicable`: there is no valid profile; no override can stand in for
 *   the assessment itself, the client must take the questionnaire.
 * - `absent` / `accepted` / `rejected`: the product is above the profile and
 *   an override was not given / is complete / is incomplete.
 */
export type OverrideStatus = 'not_needed' | 'not_applicable' | 'absent' | 'accepted' | 'rejected'

export interface SuitabilityDecision {
  /** The product is within the client's valid profile. */
  readonly suitable: boolean
  readonly reason: SuitabilityReason
  /** The sale can go ahead only with an approved, acknowledged override. */
  readonly requiresOverride: boolean
  /** The sale may go ahead: suitable, or an override was accepted. */
  readonly mayProceed: boolean
  readonly override: OverrideStatus
  readonly overrideProblems: readonly OverrideProblem[]
  readonly profile: RiskProfileCode | null
  readonly productRiskLevel: ProductRiskLevel
}

/**
 * Is a product of level Rn suitable for a client of profile Cm? Yes iff
 * n ≤ m, on a profile still valid today. A decision, returned as a value.
 *
 * A product above the profile may still be sold with an override that is
 * approved AND carries the client's acknowledgement (when, and what they
 * confirmed). A missing or expired profile is not overridable: the rule the
 * override relaxes compares two levels, and without a current profile there
 * is nothing to compare.
 *
 * @throws RangeError for malformed input (a date that is not YYYY-MM-DD, an
 *   unknown level): a programming error, not an outcome.
 */
export function checkSuitability(request: SuitabilityRequest): SuitabilityDecision {
  const { profile, productRiskLevel, today } = request
  if (!isCalendarDay(today)) throw new RangeError(`today: ${JSON.stringify(String(today))} is not a date (YYYY-MM-DD)`)
  if (!isProductRiskLevel(productRiskLevel)) throw new RangeError(`productRiskLevel: ${JSON.stringify(String(productRiskLevel))} is not R1 … R5`)
  if (profile !== null) {
    if (!isRiskProfileCode(profile.profile)) throw new RangeError(`profile: ${JSON.stringify(String(profile.profile))} is not C1 … C5`)
    if (!isCalendarDay(profile.validUntil)) throw new RangeError(`profile.validUntil: ${JSON.stringify(String(profile.validUntil))} is not a date`)
  }
  const base = { productRiskLevel, profile: profile?.profile ?? null }

  if (profile === null) {
    return decision({ ...base, suitable: false, reason: 'profile_required', requiresOverride: false, mayProceed: false, override: 'not_applicable' })
  }
  // YYYY-MM-DD strings compare as dates.
  if (today > profile.validUntil) {
    return decision({ ...base, suitable: false, reason: 'profile_expired', requiresOverride: false, mayProceed: false, override: 'not_applicable' })
  }
  if (riskStep(productRiskLevel) <= riskStep(profile.profile)) {
    return decision({ ...base, suitable: true, reason: 'within_profile', requiresOverride: false, mayProceed: true, override: 'not_needed' })
  }
  const override = request.override ?? null
  if (override === null) {
    return decision({ ...base, suitable: false, reason: 'product_above_profile', requiresOverride: true, mayProceed: false, override: 'absent' })
  }
  const problems = problemsOf(override)
  return decision({
    ...base,
    suitable: false,
    reason: 'product_above_profile',
    requiresOverride: true,
    mayProceed: problems.length === 0,
    override: problems.length === 0 ? 'accepted' : 'rejected',
    overrideProblems: problems,
  })
}

/**
 * `checkSuitability` for the sale path: returns the decision (to record with
 * the sale) when the sale may go ahead, throws otherwise.
 *
 * @throws RiskError 'risk.profile_required' — no profile on file.
 * @throws RiskError 'risk.profile_expired' — `details.validUntil` has passed.
 * @throws RiskError 'risk.unsuitable_product' — above the profile, no override given.
 * @throws RiskError 'risk.override_required' — above the profile, and the
 *   override given is not approved or lacks the client's acknowledgement
 *   (`details.problems`).
 */
export function assertSuitable(request: SuitabilityRequest): SuitabilityDecision {
  const result = checkSuitability(request)
  if (result.mayProceed) return result
  const details = { profile: result.profile, productRiskLevel: result.productRiskLevel, reason: result.reason }
  switch (result.reason) {
    case 'profile_required':
      throw new RiskError('risk.profile_required', 'The client has no risk profile on file; they must complete the risk questionnaire first', details)
    case 'profile_expired':
      throw new RiskError('risk.profile_expired', `The client’s risk profile expired after ${request.profile?.validUntil ?? ''}; they must retake the risk questionnaire`, {
        ...details,
        validUntil: request.profile?.validUntil,
        today: request.today,
      })
    default:
      if (result.override === 'absent') {
        throw new RiskError(
          'risk.unsuitable_product',
          `A ${result.productRiskLevel} product is above the client’s ${result.profile ?? ''} profile; it can be sold only with an approved, acknowledged override`,
          { ...details, requiresOverride: true },
        )
      }
      throw new RiskError('risk.override_required', `The override for a ${result.productRiskLevel} product on a ${result.profile ?? ''} profile is incomplete: ${result.overrideProblems.join(', ')}`, {
        ...details,
        requiresOverride: true,
        problems: result.overrideProblems,
      })
  }
}

function problemsOf(override: SuitabilityOverride): OverrideProblem[] {
  const problems: OverrideProblem[] = []
  // Strictly true: a truthy string such as 'false' from loose input is not an approval.
  if (override.approved !== true) problems.push('override_not_approved')
  const ack = override.acknowledgement
  if (ack === null || ack === undefined) {
    problems.push('acknowledgement_missing')
    return problems
  }
  if (!isInstant(ack.acknowledgedAt)) problems.push('acknowledgement_time_invalid')
  const hasText = typeof ack.text === 'string' && ack.text.trim() !== ''
  const hasVersion = typeof ack.textVersion === 'string' && ack.textVersion.trim() !== ''
  if (!hasText && !hasVersion) problems.push('acknowledgement_text_missing')
  return problems
}

function decision(fields: Omit<SuitabilityDecision, 'overrideProblems'> & { overrideProblems?: readonly OverrideProblem[] }): SuitabilityDecision {
  return Object.freeze({ ...fields, overrideProblems: Object.freeze([...(fields.overrideProblems ?? [])]) })
}

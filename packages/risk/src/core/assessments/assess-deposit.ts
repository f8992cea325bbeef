import { decimal, formatMoney, parseCurrencyCode, parseMoney, roundDecimal, toDecimal, type ExactDecimal, type MoneyJson } from '@strongroom/kernel'
import {
  assessmentLevels,
  type AssessmentActionCode,
  type AssessmentConfig,
  type AssessmentLevel,
  type DepositChannel,
  type DepositProduct,
} from './assessment-config.js'
import { needsAssessment } from './needs-assessment.js'

export type KycRiskRating = 'low' | 'medium' | 'high'
/** Compliance's name-screening bands. */
export type CounterpartyScreeningBand = 'clear' | 'review' | 'block'

export interface DepositAssessmentInput {
  /** The deposit or incoming transfer being assessed. */
  readonly reference: string
  readonly clientId: string
  /** Major units, a decimal string: "1250000.00". */
  readonly amount: string
  readonly currency: string
  readonly channel: DepositChannel
  readonly product: DepositProduct
  /**
   * What the client has said about where the money comes from: `documented`
   * when a source of funds is declared and recorded; `evidenceRefs` are the
   * ids of the documents that back it (contract, sale deed, payslip…). Null
   * when nothing was asked yet.
   */
  readonly sourceOfFunds: { readonly documented: boolean; readonly evidenceRefs: readonly string[] } | null
  /** The client's KYC rating; null when not yet rated. */
  readonly kycRiskRating: KycRiskRating | null
  /** ISO 3166-1 alpha-2 of the client's residence or registration. */
  readonly clientJurisdiction: string | null
  /**
   * Who sends the money. Null when there is none to speak of (cash paid in by
   * the client, a move between the client's own accounts); a transfer with
   * no counterparty details counts as an unknown counterparty.
   */
  readonly counterparty: {
    /** Has sent the client money before, or is otherwise on file. */
    readonly known: boolean
    readonly jurisdiction?: string | null
    readonly screeningBand?: CounterpartyScreeningBand | null
  } | null
  /** In the deposit's currency, major units. */
  readonly profile: {
    /** Average monthly inflow over the client's history. */
    readonly averageMonthlyInflow?: string | null
    /** Monthly activity the client declared at onboarding or last review. */
    readonly expectedMonthlyInflow?: string | null
  }
}

export const assessmentFactorKinds = ['source_of_funds', 'kyc_rating', 'jurisdiction', 'counterparty', 'counterparty_screening', 'product', 'channel', 'profile_deviation'] as const
export type AssessmentFactorKind = (typeof assessmentFactorKinds)[number]

export interface AssessmentFactor {
  readonly factor: AssessmentFactorKind
  /** What was found, stable for statistics: 'source_of_funds_undocumented', 'jurisdiction_call_for_action', … */
  readonly code: string
  readonly points: number
  readonly reason: string
  /** Set when this finding alone puts the assessment at least at this level. */
  readonly levelFloor?: AssessmentLevel
}

export interface RequiredAction {
  readonly code: AssessmentActionCode
  readonly dueInDays: number
  readonly reason: string
}

export interface DepositAssessment {
  readonly configId: string
  readonly configVersion: number
  readonly reference: string
  readonly clientId: string
  readonly amount: MoneyJson
  /** Whether the amount reached the assessment threshold (an assessment can be asked for below it). */
  readonly thresholdReached: boolean
  /** 0 … 100: the factors' points added, capped at 100. */
  readonly score: number
  readonly level: AssessmentLevel
  /** Every factor looked at, including those that scored nothing, so the record shows what was checked. */
  readonly factors: readonly AssessmentFactor[]
  readonly requiredActions: readonly RequiredAction[]
}

/**
 * Assesses one large deposit: where the money comes from, who the client is,
 * where the parties are, who sends it, what it goes into, and how far it
 * departs from what the client usually does. A decision as a value: each
 * factor carries its points and the reason in words, and the actions the
 * level calls for come with how many days each may take.
 *
 * The level is the band of the score, raised to any floor a decisive factor
 * sets (a call-for-action jurisdiction is 'high' whatever the rest).
 *
 * @throws DomainError 'kernel.invalid_amount' / 'kernel.unknown_currency' for
 *   an amount (or profile amount) that is not a valid amount of the currency.
 */
export function assessDeposit(input: DepositAssessmentInput, config: AssessmentConfig): DepositAssessment {
  const currency = parseCurrencyCode(input.currency)
  const amount = parseMoney(input.amount, currency)
  const p = config.points
  const factors: AssessmentFactor[] = [
    sourceOfFundsFactor(input, p.sourceOfFunds),
    kycFactor(input.kycRiskRating, p.kycRating, config.levelFloors.kycRatingHigh),
    jurisdictionFactor(input, config),
    ...counterpartyFactors(input, config),
    productFactor(input.product, p.product[input.product]),
    channelFactor(input.channel, p.channel[input.channel]),
    deviationFactor(toDecimal(amount), input, config),
  ]

  const score = Math.min(100, factors.reduce((sum, f) => sum + f.points, 0))
  const fromScore: AssessmentLevel = score >= config.levels.high ? 'high' : score >= config.levels.medium ? 'medium' : 'low'
  const level = factors.reduce((l, f) => (f.levelFloor !== undefined ? higherLevel(l, f.levelFloor) : l), fromScore)

  return Object.freeze({
    configId: config.id,
    configVersion: config.version,
    reference: input.reference,
    clientId: input.clientId,
    amount: Object.freeze({ amount: formatMoney(amount), currency }),
    thresholdReached: needsAssessment(input.amount, currency, config),
    score,
    level,
    factors: Object.freeze(factors.map((f) => Object.freeze(f))),
    requiredActions: Object.freeze(requiredActions(factors, level, score, fromScore, config)),
  })
}

function sourceOfFundsFactor(input: DepositAssessmentInput, points: AssessmentConfig['points']['sourceOfFunds']): AssessmentFactor {
  const sof = input.sourceOfFunds
  if (sof === null || !sof.documented) {
    return { factor: 'source_of_funds', code: 'source_of_funds_undocumented', points: points.undocumented, reason: 'no source of funds is declared for this deposit' }
  }
  const evidence = sof.evidenceRefs.filter((ref) => typeof ref === 'string' && ref.trim() !== '')
  if (evidence.length === 0) {
    return {
      factor: 'source_of_funds',
      code: 'source_of_funds_without_evidence',
      points: points.withoutEvidence,
      reason: 'a source of funds is declared but no document backs it',
    }
  }
  return {
    factor: 'source_of_funds',
    code: 'source_of_funds_evidenced',
    points: 0,
    reason: `the declared source of funds is backed by ${evidence.length} document${evidence.length === 1 ? '' : 's'}`,
  }
}

function kycFactor(rating: KycRiskRating | null, points: AssessmentConfig['points']['kycRating'], highFloor: AssessmentLevel | null): AssessmentFactor {
  if (rating === null) {
    // Unrated is scored like high: until someone has looked, nothing says the client is not.
    return { factor: 'kyc_rating', code: 'kyc_unrated', points: points.unrated, reason: 'the client has no KYC risk rating yet' }
  }
  const factor: AssessmentFactor = { factor: 'kyc_rating', code: `kyc_rating_${rating}`, points: points[rating], reason: `the client’s KYC risk rating is ${rating}` }
  return rating === 'high' && highFloor !== null ? { ...factor, levelFloor: highFloor } : factor
}

function jurisdictionFactor(input: DepositAssessmentInput, config: AssessmentConfig): AssessmentFactor {
  const parties: [string, string | null | undefined][] = [
    ['client', input.clientJurisdiction],
    ['counterparty', input.counterparty?.jurisdiction],
  ]
  const listed = (list: readonly string[]) =>
    parties.filter(([, code]) => typeof code === 'string' && list.includes(code.toUpperCase())).map(([who, code]) => `${who} (${code!.toUpperCase()})`)

  const blackListed = listed(config.jurisdictions.callForAction)
  if (blackListed.length > 0) {
    const factor: AssessmentFactor = {
      factor: 'jurisdiction',
      code: 'jurisdiction_call_for_action',
      points: config.points.jurisdiction.callForAction,
      reason: `${blackListed.join(' and ')} in a jurisdiction subject to a call for action`,
    }
    const floor = config.levelFloors.jurisdictionCallForAction
    return floor === null ? factor : { ...factor, levelFloor: floor }
  }
  const greyListed = listed(config.jurisdictions.increasedMonitoring)
  if (greyListed.length > 0) {
    return {
      factor: 'jurisdiction',
      code: 'jurisdiction_increased_monitoring',
      points: config.points.jurisdiction.increasedMonitoring,
      reason: `${greyListed.join(' and ')} in a jurisdiction under increased monitoring`,
    }
  }
  // One worst finding, not one per party: a client and a counterparty in the
  // same listed country are one exposure, not two.
  return { factor: 'jurisdiction', code: 'jurisdiction_not_listed', points: 0, reason: 'no party is in a listed jurisdiction' }
}

function counterpartyFactors(input: DepositAssessmentInput, config: AssessmentConfig): AssessmentFactor[] {
  const points = config.points.counterparty
  const cp = input.counterparty
  if (cp === null) {
    if (input.channel === 'transfer') {
      return [{ factor: 'counterparty', code: 'counterparty_unknown', points: points.unknown, reason: 'the transfer carries no counterparty details' }]
    }
    return [{ factor: 'counterparty', code: 'no_counterparty', points: 0, reason: `a ${input.channel} deposit has no third-party sender` }]
  }
  const factors: AssessmentFactor[] = [
    cp.known
      ? { factor: 'counterparty', code: 'counterparty_known', points: 0, reason: 'the counterparty is known to the bank' }
      : { factor: 'counterparty', code: 'counterparty_unknown', points: points.unknown, reason: 'the counterparty has not dealt with the client before' },
  ]
  const band = cp.screeningBand ?? null
  if (band === 'block') {
    const factor: AssessmentFactor = {
      factor: 'counterparty_screening',
      code: 'counterparty_screening_block',
      points: points.screeningBlock,
      reason: 'the counterparty’s name screening is in the block band',
    }
    const floor = config.levelFloors.counterpartyScreeningBlock
    factors.push(floor === null ? factor : { ...factor, levelFloor: floor })
  } else if (band === 'review') {
    factors.push({ factor: 'counterparty_screening', code: 'counterparty_screening_review', points: points.screeningReview, reason: 'the counterparty’s name screening awaits review' })
  } else if (band === 'clear') {
    factors.push({ factor: 'counterparty_screening', code: 'counterparty_screening_clear', points: 0, reason: 'the counterparty’s name screening is clear' })
  }
  return factors
}

function productFactor(product: DepositProduct, points: number): AssessmentFactor {
  return { factor: 'product', code: `product_${product}`, points, reason: `the money goes into a ${product} deposit` }
}

function channelFactor(channel: DepositChannel, points: number): AssessmentFactor {
  return { factor: 'channel', code: `channel_${channel}`, points, reason: channel === 'internal' ? 'the money comes from the client’s own accounts' : `the money arrives by ${channel}` }
}

/**
 * Compares the amount with the larger of the client's average monthly inflow
 * and their declared expected monthly inflow. The larger one, because a
 * client who told us to expect big amounts, or who has been receiving them,
 * is not departing from their profile when one arrives.
 */
function deviationFactor(amount: ExactDecimal, input: DepositAssessmentInput, config: AssessmentConfig): AssessmentFactor {
  const currency = parseCurrencyCode(input.currency)
  const baselines = [input.profile.averageMonthlyInflow, input.profile.expectedMonthlyInflow]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => toDecimal(parseMoney(value, currency)))
    .filter((value) => value.greaterThan(0))
  const deviation = config.points.profileDeviation
  if (baselines.length === 0) {
    return { factor: 'profile_deviation', code: 'no_profile_baseline', points: deviation.noBaseline, reason: 'the client has no inflow history or declared activity to compare with' }
  }
  const baseline = baselines.reduce((a, b) => (b.greaterThan(a) ? b : a))
  const ratio = amount.dividedBy(baseline)
  const ratioText = roundDecimal(ratio, 2).toFixed(2)
  // The highest tier met, whatever order the config lists them in.
  const tier = [...deviation.tiers]
    .sort((a, b) => toRatio(b.atLeast).comparedTo(toRatio(a.atLeast)))
    .find((t) => ratio.greaterThanOrEqualTo(toRatio(t.atLeast)))
  if (tier === undefined) {
    return { factor: 'profile_deviation', code: 'within_profile', points: 0, reason: `the amount is ${ratioText}× the client’s usual monthly inflow` }
  }
  return {
    factor: 'profile_deviation',
    code: 'profile_deviation',
    points: tier.points,
    reason: `the amount is ${ratioText}× the client’s usual monthly inflow (${tier.atLeast}× or more)`,
  }
}

function toRatio(text: string): ExactDecimal {
  return decimal(text)
}

function requiredActions(factors: readonly AssessmentFactor[], level: AssessmentLevel, score: number, fromScore: AssessmentLevel, config: AssessmentConfig): RequiredAction[] {
  const wanted: RequiredAction[] = []
  const sof = factors.find((f) => f.factor === 'source_of_funds')
  if (sof !== undefined && sof.code !== 'source_of_funds_evidenced') {
    wanted.push({ code: 'obtain_source_of_funds_evidence', dueInDays: config.actions.sourceOfFundsEvidenceDueInDays, reason: sof.reason })
  }
  if (level !== 'low') {
    const why =
      level === fromScore
        ? `the assessment is ${level} (score ${score})`
        : `the assessment is ${level}: ${factors.filter((f) => f.levelFloor === level).map((f) => f.reason).join('; ')}`
    for (const rule of config.actions[level]) wanted.push({ code: rule.code, dueInDays: rule.dueInDays, reason: why })
  }
  // One action per code, at its earliest due day, in the order first asked for.
  const byCode = new Map<AssessmentActionCode, RequiredAction>()
  for (const action of wanted) {
    const earlier = byCode.get(action.code)
    // Map.set on an existing key keeps its place in the order.
    if (earlier === undefined || action.dueInDays < earlier.dueInDays) byCode.set(action.code, action)
  }
  return [...byCode.values()].map((a) => Object.freeze(a))
}

function higherLevel(a: AssessmentLevel, b: AssessmentLevel): AssessmentLevel {
  return assessmentLevels.indexOf(a) >= assessmentLevels.indexOf(b) ? a : b
}

import { describe, expect, it } from 'vitest'
import { assessDeposit, type DepositAssessmentInput } from './assess-deposit.js'
import { assessmentConfigProblems, defaultAssessmentConfig, type AssessmentConfig } from './assessment-config.js'

/**
 * A documented term deposit by transfer from a known, clear counterparty, for
 * a low-rated client, at 2× their usual month: every factor scores 0 under
 * the default config.
 */
function aDeposit(overrides: Partial<DepositAssessmentInput> = {}): DepositAssessmentInput {
  return {
    reference: 'dep-1',
    clientId: 'cl-1',
    amount: '600000.00',
    currency: 'CNY',
    channel: 'transfer',
    product: 'term',
    sourceOfFunds: { documented: true, evidenceRefs: ['doc-17'] },
    kycRiskRating: 'low',
    clientJurisdiction: 'CN',
    counterparty: { known: true, jurisdiction: 'GB', screeningBand: 'clear' },
    profile: { averageMonthlyInflow: '300000.00', expectedMonthlyInflow: '250000.00' },
    ...overrides,
  }
}

const pointsOf = (input: DepositAssessmentInput, config = defaultAssessmentConfig) =>
  Object.fromEntries(assessDeposit(input, config).factors.map((f) => [f.code, f.points]))

describe('assessDeposit', () => {
  it('scores a routine deposit low, with every factor on the record', () => {
    const a = assessDeposit(aDeposit(), defaultAssessmentConfig)
    expect(a).toMatchObject({
      configId: 'strongroom-deposit-assessment',
      configVersion: 1,
      reference: 'dep-1',
      clientId: 'cl-1',
      amount: { amount: '600000.00', currency: 'CNY' },
      thresholdReached: true,
      score: 0,
      level: 'low',
      requiredActions: [],
    })
    expect(a.factors.map((f) => [f.code, f.points])).toEqual([
      ['source_of_funds_evidenced', 0],
      ['kyc_rating_low', 0],
      ['jurisdiction_not_listed', 0],
      ['counterparty_known', 0],
      ['counterparty_screening_clear', 0],
      ['product_term', 0],
      ['channel_transfer', 0],
      // 600,000 ÷ max(300,000, 250,000) = 2.00, below the 3× tier.
      ['within_profile', 0],
    ])
    expect(a.factors.at(-1)!.reason).toContain('2.00×')
    expect(Object.isFrozen(a.factors[0])).toBe(true)
  })

  it('adds up a medium case and asks for the evidence and a review', () => {
    const a = assessDeposit(
      aDeposit({
        amount: '2000000.00',
        channel: 'cash',
        counterparty: null,
        sourceOfFunds: { documented: true, evidenceRefs: [' '] },
        kycRiskRating: 'medium',
        profile: { averageMonthlyInflow: '500000.00' },
      }),
      defaultAssessmentConfig,
    )
    // source of funds without evidence 15 + KYC medium 10 + cash 20
    // + deviation 2,000,000 ÷ 500,000 = 4.00 → the 3× tier, 10 = 55: medium (30 ≤ 55 < 60).
    expect(a.factors.filter((f) => f.points > 0).map((f) => [f.code, f.points])).toEqual([
      ['source_of_funds_without_evidence', 15],
      ['kyc_rating_medium', 10],
      ['channel_cash', 20],
      ['profile_deviation', 10],
    ])
    expect(a.factors.find((f) => f.factor === 'counterparty')?.code).toBe('no_counterparty')
    expect(a.score).toBe(55)
    expect(a.level).toBe('medium')
    expect(a.requiredActions).toEqual([
      { code: 'obtain_source_of_funds_evidence', dueInDays: 10, reason: 'a source of funds is declared but no document backs it' },
      { code: 'rm_review', dueInDays: 5, reason: 'the assessment is medium (score 55)' },
    ])
  })

  it('caps the score at 100 and asks for everything when all is wrong', () => {
    const a = assessDeposit(
      aDeposit({
        channel: 'cash',
        product: 'certificate',
        sourceOfFunds: null,
        kycRiskRating: null,
        clientJurisdiction: 'KP',
        counterparty: { known: false, screeningBand: 'block' },
        profile: {},
      }),
      defaultAssessmentConfig,
    )
    // 25 + 25 + 60 + 10 + 60 + 10 + 20 + 10 = 220 → 100.
    expect(a.factors.reduce((s, f) => s + f.points, 0)).toBe(220)
    expect(a.score).toBe(100)
    expect(a.level).toBe('high')
    expect(a.requiredActions.map((r) => [r.code, r.dueInDays])).toEqual([
      ['obtain_source_of_funds_evidence', 10],
      ['enhanced_due_diligence', 30],
      ['senior_approval', 0],
    ])
  })

  it('raises the level to a decisive factor’s floor whatever the score', () => {
    // Call-for-action weighted at only 20: score 20 + certificate 10 = 30 is medium,
    // but the jurisdiction floor makes it high.
    const config: AssessmentConfig = { ...defaultAssessmentConfig, points: { ...defaultAssessmentConfig.points, jurisdiction: { callForAction: 20, increasedMonitoring: 15 } } }
    const a = assessDeposit(aDeposit({ product: 'certificate', counterparty: { known: true, jurisdiction: 'ir', screeningBand: 'clear' } }), config)
    expect(a.score).toBe(30)
    expect(a.level).toBe('high')
    const jurisdiction = a.factors.find((f) => f.factor === 'jurisdiction')!
    expect(jurisdiction).toMatchObject({ code: 'jurisdiction_call_for_action', points: 20, levelFloor: 'high' })
    expect(jurisdiction.reason).toBe('counterparty (IR) in a jurisdiction subject to a call for action')
    expect(a.requiredActions.map((r) => r.code)).toEqual(['enhanced_due_diligence', 'senior_approval'])
    expect(a.requiredActions[0]!.reason).toContain('call for action')

    // A high-rated client is at least medium: 25 points alone would be low.
    const high = assessDeposit(aDeposit({ kycRiskRating: 'high' }), defaultAssessmentConfig)
    expect([high.score, high.level]).toEqual([25, 'medium'])

    // Without the floor the score decides.
    const noFloors: AssessmentConfig = { ...config, levelFloors: { jurisdictionCallForAction: null, counterpartyScreeningBlock: null, kycRatingHigh: null } }
    expect(assessDeposit(aDeposit({ product: 'certificate', counterparty: { known: true, jurisdiction: 'IR' } }), noFloors).level).toBe('medium')
  })

  it('puts a score on a level boundary in the higher level', () => {
    // Undocumented 25 + demand 5 = 30: exactly the medium threshold.
    const thirty = assessDeposit(aDeposit({ sourceOfFunds: null, product: 'demand' }), defaultAssessmentConfig)
    expect([thirty.score, thirty.level]).toEqual([30, 'medium'])
    // Undocumented 25 + unrated 25 (no floor) + no baseline 10 = 60: exactly the high threshold.
    const sixty = assessDeposit(aDeposit({ sourceOfFunds: null, kycRiskRating: null, profile: {} }), defaultAssessmentConfig)
    expect([sixty.score, sixty.level]).toEqual([60, 'high'])
    expect(sixty.factors.some((f) => f.levelFloor !== undefined)).toBe(false)
    // One point less on each: 29 low is not reachable with the defaults, so lower the threshold instead.
    const stricter: AssessmentConfig = { ...defaultAssessmentConfig, levels: { medium: 31, high: 61 } }
    expect(assessDeposit(aDeposit({ sourceOfFunds: null, product: 'demand' }), stricter).level).toBe('low')
    expect(assessDeposit(aDeposit({ sourceOfFunds: null, kycRiskRating: null, profile: {} }), stricter).level).toBe('medium')
  })

  it('counts a listed jurisdiction once, however many parties are in it', () => {
    const both = pointsOf(aDeposit({ clientJurisdiction: 'VN', counterparty: { known: true, jurisdiction: 'VN' } }))
    expect(both.jurisdiction_increased_monitoring).toBe(15)
    const a = assessDeposit(aDeposit({ clientJurisdiction: 'VN', counterparty: { known: true, jurisdiction: 'VN' } }), defaultAssessmentConfig)
    expect(a.score).toBe(15)
    expect(a.factors.find((f) => f.factor === 'jurisdiction')!.reason).toBe('client (VN) and counterparty (VN) in a jurisdiction under increased monitoring')
  })

  it('takes the black list over the grey list', () => {
    expect(pointsOf(aDeposit({ clientJurisdiction: 'VN', counterparty: { known: true, jurisdiction: 'MM' } }))).toHaveProperty('jurisdiction_call_for_action', 60)
  })

  it('treats a transfer without counterparty details as unknown, and scores screening bands', () => {
    expect(pointsOf(aDeposit({ counterparty: null }))).toHaveProperty('counterparty_unknown', 10)
    expect(pointsOf(aDeposit({ channel: 'internal', counterparty: null }))).toHaveProperty('no_counterparty', 0)
    expect(pointsOf(aDeposit({ counterparty: { known: false, screeningBand: 'review' } }))).toMatchObject({ counterparty_unknown: 10, counterparty_screening_review: 20 })
    // No band given: no screening factor at all.
    expect(assessDeposit(aDeposit({ counterparty: { known: true } }), defaultAssessmentConfig).factors.map((f) => f.factor)).not.toContain('counterparty_screening')
  })

  it('compares with the larger baseline and applies the highest tier met', () => {
    // Baseline = max(100,000, 80,000) = 100,000.
    const at = (amount: string) => assessDeposit(aDeposit({ amount, profile: { averageMonthlyInflow: '100000.00', expectedMonthlyInflow: '80000.00' } }), defaultAssessmentConfig).factors.at(-1)!
    expect(at('299999.99')).toMatchObject({ code: 'within_profile', points: 0 }) // 2.9999999 < 3
    expect(at('300000.00')).toMatchObject({ code: 'profile_deviation', points: 10 }) // exactly 3
    expect(at('999999.99')).toMatchObject({ code: 'profile_deviation', points: 20 }) // 9.9999999: the 5× tier
    expect(at('1000000.00')).toMatchObject({ code: 'profile_deviation', points: 30, reason: 'the amount is 10.00× the client’s usual monthly inflow (10× or more)' })
    // The declared figure is used when it is the larger: 450,000 ÷ max(80,000, 100,000) = 4.50 → the 3× tier
    // (against the average alone it would be 5.625, the 5× tier).
    const declaredLarger = assessDeposit(aDeposit({ amount: '450000.00', profile: { averageMonthlyInflow: '80000.00', expectedMonthlyInflow: '100000.00' } }), defaultAssessmentConfig)
    expect(declaredLarger.factors.at(-1)).toMatchObject({ code: 'profile_deviation', points: 10, reason: 'the amount is 4.50× the client’s usual monthly inflow (3× or more)' })
    // Tiers listed in any order give the same answer.
    const shuffled: AssessmentConfig = {
      ...defaultAssessmentConfig,
      points: { ...defaultAssessmentConfig.points, profileDeviation: { noBaseline: 10, tiers: [{ atLeast: '10', points: 30 }, { atLeast: '3', points: 10 }, { atLeast: '5', points: 20 }] } },
    }
    expect(assessDeposit(aDeposit({ amount: '700000.00', profile: { averageMonthlyInflow: '100000.00' } }), shuffled).factors.at(-1)!.points).toBe(20)
  })

  it('scores a client with no baseline, ignoring zero baselines', () => {
    expect(pointsOf(aDeposit({ profile: { averageMonthlyInflow: '0.00', expectedMonthlyInflow: null } }))).toHaveProperty('no_profile_baseline', 10)
  })

  it('keeps one action per code at its earliest due day', () => {
    const config: AssessmentConfig = {
      ...defaultAssessmentConfig,
      actions: { ...defaultAssessmentConfig.actions, medium: [{ code: 'obtain_source_of_funds_evidence', dueInDays: 3 }, { code: 'rm_review', dueInDays: 5 }] },
    }
    // Undocumented 25 + KYC medium 10 = 35: medium.
    const a = assessDeposit(aDeposit({ sourceOfFunds: { documented: false, evidenceRefs: [] }, kycRiskRating: 'medium' }), config)
    expect(a.level).toBe('medium')
    expect(a.requiredActions.map((r) => [r.code, r.dueInDays])).toEqual([
      ['obtain_source_of_funds_evidence', 3],
      ['rm_review', 5],
    ])
  })

  it('assesses below the threshold when asked, saying so', () => {
    expect(assessDeposit(aDeposit({ amount: '1000.00' }), defaultAssessmentConfig).thresholdReached).toBe(false)
  })

  it('refuses an amount that is not one of the currency', () => {
    expect(() => assessDeposit(aDeposit({ amount: '12.345' }), defaultAssessmentConfig)).toThrow(expect.objectContaining({ code: 'kernel.invalid_amount' }))
  })
})

describe('assessmentConfigProblems', () => {
  it('finds nothing wrong with the default, which is frozen', () => {
    expect(assessmentConfigProblems(defaultAssessmentConfig)).toEqual([])
    expect(Object.isFrozen(defaultAssessmentConfig.points.profileDeviation.tiers[0])).toBe(true)
  })

  it('lists each problem with its path', () => {
    const broken = {
      ...defaultAssessmentConfig,
      version: 0,
      thresholds: { CNY: '-1', XYZ: '5', JPY: '10.5' },
      jurisdictions: { callForAction: ['kp'], increasedMonitoring: [] },
      points: { ...defaultAssessmentConfig.points, channel: { cash: -5, transfer: 0, internal: 1.5 }, profileDeviation: { noBaseline: 10, tiers: [{ atLeast: '0', points: 10 }] } },
      levels: { medium: 60, high: 30 },
      actions: { sourceOfFundsEvidenceDueInDays: -1, medium: [{ code: 'call_the_police', dueInDays: 1 }], high: [] },
    } as unknown as AssessmentConfig
    expect(assessmentConfigProblems(broken).map((i) => i.path)).toEqual([
      'version',
      'thresholds.CNY',
      'thresholds.XYZ',
      'thresholds.JPY',
      'jurisdictions.callForAction[0]',
      'points.channel.cash',
      'points.channel.internal',
      'points.profileDeviation.tiers[0].atLeast',
      'levels',
      'actions.sourceOfFundsEvidenceDueInDays',
      'actions.medium[0].code',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import type { ProductRiskLevel, RiskProfileCode } from './risk-levels.js'
import { assertSuitable, checkSuitability, type SuitabilityOverride } from './suitability.js'

const c3 = { profile: 'C3' as const, validUntil: '2026-01-14' }

const completeOverride: SuitabilityOverride = {
  approved: true,
  approvalId: 'apr-1',
  acknowledgement: { acknowledgedAt: '2025-06-30T10:15:00+08:00', textVersion: 'unsuitable-ack-v2' },
}

function caught(run: () => unknown): RiskError {
  try {
    run()
  } catch (error) {
    if (error instanceof RiskError) return error
    throw error
  }
  throw new Error('expected a RiskError')
}

describe('checkSuitability', () => {
  it('finds Rn suitable for Cm exactly when n ≤ m', () => {
    const levels: ProductRiskLevel[] = ['R1', 'R2', 'R3', 'R4', 'R5']
    const profiles: RiskProfileCode[] = ['C1', 'C2', 'C3', 'C4', 'C5']
    const table = profiles.map((profile) =>
      levels.map((productRiskLevel) => (checkSuitability({ profile: { profile, validUntil: '2026-01-14' }, productRiskLevel, today: '2025-06-30' }).suitable ? 'y' : '-')).join(''),
    )
    // Row Cm, column Rn: y where n ≤ m.
    expect(table).toEqual(['y----', 'yy---', 'yyy--', 'yyyy-', 'yyyyy'])
  })

  it('sells within the profile without an override', () => {
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R3', today: '2025-06-30' })).toEqual({
      suitable: true,
      reason: 'within_profile',
      requiresOverride: false,
      mayProceed: true,
      override: 'not_needed',
      overrideProblems: [],
      profile: 'C3',
      productRiskLevel: 'R3',
    })
  })

  it('needs a profile, and one that has not expired', () => {
    expect(checkSuitability({ profile: null, productRiskLevel: 'R1', today: '2025-06-30' })).toMatchObject({
      suitable: false,
      reason: 'profile_required',
      requiresOverride: false,
      mayProceed: false,
      profile: null,
    })
    // validUntil is inclusive: the 14th is the last good day, the 15th is expired.
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R1', today: '2026-01-14' }).reason).toBe('within_profile')
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R1', today: '2026-01-15' })).toMatchObject({ reason: 'profile_expired', mayProceed: false })
  })

  it('does not let an override stand in for a missing or expired profile', () => {
    expect(checkSuitability({ profile: null, productRiskLevel: 'R1', today: '2025-06-30', override: completeOverride })).toMatchObject({
      mayProceed: false,
      override: 'not_applicable',
    })
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R1', today: '2026-02-01', override: completeOverride })).toMatchObject({
      mayProceed: false,
      override: 'not_applicable',
    })
  })

  it('allows a product above the profile only with an approved, acknowledged override', () => {
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R4', today: '2025-06-30' })).toMatchObject({
      suitable: false,
      reason: 'product_above_profile',
      requiresOverride: true,
      mayProceed: false,
      override: 'absent',
    })
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R4', today: '2025-06-30', override: completeOverride })).toMatchObject({
      suitable: false,
      requiresOverride: true,
      mayProceed: true,
      override: 'accepted',
      overrideProblems: [],
    })
    // The text itself instead of a version also records what the client confirmed.
    const withText = { ...completeOverride, acknowledgement: { acknowledgedAt: '2025-06-30T02:15:00Z', text: 'I understand this product is above my risk profile.' } }
    expect(checkSuitability({ profile: c3, productRiskLevel: 'R5', today: '2025-06-30', override: withText }).mayProceed).toBe(true)
  })

  it('lists what is missing from an incomplete override', () => {
    const check = (override: SuitabilityOverride) => checkSuitability({ profile: c3, productRiskLevel: 'R4', today: '2025-06-30', override })
    expect(check({ ...completeOverride, approved: false })).toMatchObject({ mayProceed: false, override: 'rejected', overrideProblems: ['override_not_approved'] })
    expect(check({ ...completeOverride, acknowledgement: null }).overrideProblems).toEqual(['acknowledgement_missing'])
    expect(check({ approved: true, acknowledgement: { acknowledgedAt: '2025-06-30 10:15', text: ' ' } }).overrideProblems).toEqual([
      'acknowledgement_time_invalid',
      'acknowledgement_text_missing',
    ])
    // A truthy non-boolean from loose input is not an approval.
    expect(check({ ...completeOverride, approved: 'yes' as unknown as boolean }).overrideProblems).toEqual(['override_not_approved'])
  })

  it('refuses malformed input as a programming error', () => {
    expect(() => checkSuitability({ profile: c3, productRiskLevel: 'R6' as ProductRiskLevel, today: '2025-06-30' })).toThrow(RangeError)
    expect(() => checkSuitability({ profile: c3, productRiskLevel: 'R1', today: '2025-6-30' })).toThrow(RangeError)
  })
})

describe('assertSuitable', () => {
  it('returns the decision when the sale may go ahead', () => {
    expect(assertSuitable({ profile: c3, productRiskLevel: 'R2', today: '2025-06-30' }).reason).toBe('within_profile')
    expect(assertSuitable({ profile: c3, productRiskLevel: 'R5', today: '2025-06-30', override: completeOverride }).override).toBe('accepted')
  })

  it('throws the code that says what to do next', () => {
    expect(caught(() => assertSuitable({ profile: null, productRiskLevel: 'R1', today: '2025-06-30' })).code).toBe('risk.profile_required')

    const expired = caught(() => assertSuitable({ profile: c3, productRiskLevel: 'R1', today: '2026-01-15' }))
    expect(expired.code).toBe('risk.profile_expired')
    expect(expired.details).toMatchObject({ validUntil: '2026-01-14', today: '2026-01-15' })

    const unsuitable = caught(() => assertSuitable({ profile: c3, productRiskLevel: 'R4', today: '2025-06-30' }))
    expect(unsuitable.code).toBe('risk.unsuitable_product')
    expect(unsuitable.details).toMatchObject({ profile: 'C3', productRiskLevel: 'R4', requiresOverride: true })

    const incomplete = caught(() =>
      assertSuitable({ profile: c3, productRiskLevel: 'R4', today: '2025-06-30', override: { ...completeOverride, acknowledgement: null } }),
    )
    expect(incomplete.code).toBe('risk.override_required')
    expect(incomplete.details).toMatchObject({ problems: ['acknowledgement_missing'] })
  })
})

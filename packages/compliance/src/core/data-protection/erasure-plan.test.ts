import { describe, expect, it } from 'vitest'
import { defaultRetentionPolicies, retainUntil } from './retention-policy.js'
import { planErasure, purgeableNow } from './erasure-plan.js'
import type { LegalHold } from './legal-hold.js'

const cn = defaultRetentionPolicies('CN')
const byType = (plan: ReturnType<typeof planErasure>) => Object.fromEntries(plan.map((i) => [i.recordType, i]))
const hold = (releasedAt: string | null): LegalHold => ({
  id: 'h1', clientId: 'c1', reference: 'CASE-2026-17', reason: 'court order', placedBy: 's1', placedAt: '2026-01-05T00:00:00Z',
  releasedBy: releasedAt === null ? null : 's2', releasedAt, releaseNote: null,
})

describe('retention periods', () => {
  it('counts whole years from the end of the relationship, and leap days clamp', () => {
    const profile = cn.find((p) => p.recordType === 'client_profile')!
    // China keeps the identification file 10 years: closed 2016-02-29 → 2026-02-28 (no 29 February in 2026).
    expect(retainUntil(profile, '2016-02-29')).toBe('2026-02-28')
    const eu = defaultRetentionPolicies('DE').find((p) => p.recordType === 'client_profile')!
    expect(retainUntil(eu, '2020-06-30')).toBe('2025-06-30')
    const exports = cn.find((p) => p.recordType === 'data_exports')!
    // 30 days from 2026-01-15: 16 left in January, 14 into February.
    expect(retainUntil(exports, '2026-01-15')).toBe('2026-02-14')
  })
})

describe('planErasure', () => {
  it('keeps what running an open relationship needs and removes only copies', () => {
    const plan = byType(planErasure({ clientStatus: 'active', closedOn: null, holds: [], policies: cn, today: '2026-11-29' }))
    expect(plan.contact_details!.action).toBe('retain')
    expect(plan.client_profile!.action).toBe('retain')
    expect(plan.client_profile!.reason).toMatch(/relationship is open/)
    expect(plan.data_exports!.action).toBe('delete')
    expect(plan.transactions!.action).toBe('retain')
  })

  it('pseudonymises contact details of a closed client at once but keeps the KYC file for ten years in China', () => {
    const plan = byType(planErasure({ clientStatus: 'closed', closedOn: '2024-03-31', holds: [], policies: cn, today: '2026-11-29' }))
    expect(plan.contact_details).toMatchObject({ action: 'pseudonymise', retainUntil: '2024-03-31' })
    expect(plan.kyc_record).toMatchObject({ action: 'retain', retainUntil: '2034-03-31' })
    expect(plan.client_profile!.reason).toMatch(/Anti-Money Laundering Law/)
  })

  it('lets the profile and KYC file go once the period has run, and the purge picks exactly those', () => {
    const us = defaultRetentionPolicies('US')
    const plan = planErasure({ clientStatus: 'closed', closedOn: '2021-11-29', holds: [], policies: us, today: '2026-11-29' })
    const items = byType(plan)
    expect(items.client_profile).toMatchObject({ action: 'pseudonymise', retainUntil: '2026-11-29' })
    expect(items.kyc_record).toMatchObject({ action: 'delete', retainUntil: '2026-11-29' })
    expect(purgeableNow(plan).map((i) => i.recordType).sort()).toEqual(['client_profile', 'contact_details', 'kyc_record'])
    // A day earlier the five years have not run.
    const dayBefore = byType(planErasure({ clientStatus: 'closed', closedOn: '2021-11-29', holds: [], policies: us, today: '2026-11-28' }))
    expect(dayBefore.kyc_record!.action).toBe('retain')
  })

  it('keeps everything while a legal hold stands, and releases it when the hold is lifted', () => {
    const held = planErasure({ clientStatus: 'closed', closedOn: '2010-01-01', holds: [hold(null)], policies: cn, today: '2026-11-29' })
    expect(held.every((i) => i.action === 'retain' && i.reason.includes('CASE-2026-17'))).toBe(true)
    const released = planErasure({ clientStatus: 'closed', closedOn: '2010-01-01', holds: [hold('2026-06-01T00:00:00Z')], policies: cn, today: '2026-11-29' })
    expect(byType(released).kyc_record!.action).toBe('delete')
  })

  it('never names a suspicious report, whatever the plan says', () => {
    const plan = planErasure({ clientStatus: 'closed', closedOn: '2024-01-01', holds: [], policies: cn, today: '2026-11-29' })
    expect(JSON.stringify(plan)).not.toMatch(/suspicious|STR\b/i)
  })
})

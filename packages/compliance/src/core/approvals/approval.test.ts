import { describe, expect, it } from 'vitest'
import { parseMoney, type CurrencyCode, type Money } from '@strongroom/kernel'
import { decideApproval, defaultApprovalPolicies, equivalentsNeeded, policyFor, type ApprovalPolicy, type ApprovalRequest } from './approval.js'

const m = (amount: string, currency: string) => parseMoney(amount, currency)
const equivalents = (entries: [string, Money | null][]) => new Map(entries as [CurrencyCode, Money | null][])

describe('policyFor', () => {
  it('applies a threshold from its amount in the same currency: CNY 999,999.99 no, 1,000,000.00 yes', () => {
    expect(policyFor(defaultApprovalPolicies, 'transfer.outgoing', m('999999.99', 'CNY'))).toBeUndefined()
    expect(policyFor(defaultApprovalPolicies, 'transfer.outgoing', m('1000000.00', 'CNY'))?.id).toBe('large-outgoing-transfer')
  })

  it('compares a currency no threshold names at its equivalents, and asks for a checker when none is known', () => {
    const gbp = m('200000.00', 'GBP')
    expect(equivalentsNeeded(defaultApprovalPolicies, 'transfer.outgoing', gbp).sort()).toEqual(['CNY', 'EUR', 'HKD', 'USD'])
    // GBP 200,000 at 9.1 CNY = CNY 1,820,000.00 ≥ 1,000,000: covered.
    expect(policyFor(defaultApprovalPolicies, 'transfer.outgoing', gbp, equivalents([['CNY', m('1820000.00', 'CNY')], ['USD', m('250000.00', 'USD')]]))?.id).toBe('large-outgoing-transfer')
    // GBP 1,000 is under every threshold at its equivalents: not covered.
    const small = equivalents([['CNY', m('9100.00', 'CNY')], ['USD', m('1250.00', 'USD')], ['HKD', m('9800.00', 'HKD')], ['EUR', m('1170.00', 'EUR')]])
    expect(policyFor(defaultApprovalPolicies, 'transfer.outgoing', m('1000.00', 'GBP'), small)).toBeUndefined()
    // No rate at all: the policy applies rather than let a large amount through unchecked.
    expect(policyFor(defaultApprovalPolicies, 'transfer.outgoing', m('1000.00', 'GBP'))?.id).toBe('large-outgoing-transfer')
  })

  it('takes the strictest policy that applies', () => {
    const strict: ApprovalPolicy = { ...defaultApprovalPolicies.find((p) => p.id === 'large-outgoing-transfer')!, id: 'very-large', approvals: 2, amountAtLeast: [m('10000000.00', 'CNY')] }
    expect(policyFor([...defaultApprovalPolicies, strict], 'transfer.outgoing', m('20000000.00', 'CNY'))?.id).toBe('very-large')
    expect(policyFor([...defaultApprovalPolicies, strict], 'transfer.outgoing', m('2000000.00', 'CNY'))?.id).toBe('large-outgoing-transfer')
  })
})

describe('decideApproval', () => {
  const request: ApprovalRequest = {
    id: 'r1', policyId: 'p', action: 'transfer.outgoing', entityType: 'account', entityId: 'a', summary: 's', amount: null, payload: {}, status: 'pending',
    requestedBy: 'maker', requestedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z', approvalsNeeded: 2, approverRoles: ['risk_officer'],
    decisions: [], executedAt: null, result: null, version: 1,
  }
  const by = (who: string, at = '2026-01-01T01:00:00.000Z') => ({ by: who, roles: ['risk_officer' as const], decision: 'approve' as const, note: null, at })

  it('never lets the maker decide, counts each checker once, and is ready only at the number the policy asks', () => {
    expect(decideApproval(request, by('maker'))).toMatchObject({ kind: 'refused', code: 'self_approval' })
    const first = decideApproval(request, by('c1'))
    expect(first).toMatchObject({ kind: 'decided', ready: false, request: { status: 'pending' } })
    const again = decideApproval((first as { request: ApprovalRequest }).request, by('c1'))
    expect(again).toMatchObject({ kind: 'refused', code: 'not_an_approver' })
    expect(decideApproval((first as { request: ApprovalRequest }).request, by('c2'))).toMatchObject({ kind: 'decided', ready: true, request: { status: 'approved' } })
  })

  it('refuses a role the policy does not name, and any decision once the request has expired', () => {
    expect(decideApproval(request, { ...by('c1'), roles: ['operations'] })).toMatchObject({ kind: 'refused', code: 'not_an_approver' })
    expect(decideApproval(request, by('c1', '2026-01-02T00:00:00.000Z'))).toMatchObject({ kind: 'refused', code: 'approval_not_pending' })
  })
})

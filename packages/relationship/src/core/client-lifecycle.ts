/**
 * The client lifecycle. Statuses move only along these edges; `closed` is
 * final. A dormant client becomes active again when business resumes.
 */
export const clientStatuses = ['prospect', 'onboarding', 'active', 'dormant', 'closed'] as const
export type ClientStatus = (typeof clientStatuses)[number]

const allowedTransitions: Readonly<Record<ClientStatus, readonly ClientStatus[]>> = {
  prospect: ['onboarding', 'closed'],
  onboarding: ['active', 'closed'],
  active: ['dormant', 'closed'],
  dormant: ['active', 'closed'],
  closed: [],
}

export interface StatusChange {
  readonly id: string
  readonly clientId: string
  readonly from: ClientStatus | null
  readonly to: ClientStatus
  readonly reason: string | null
  readonly changedBy: string
  readonly changedAt: Date
}

export type StatusDecision =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'change'; readonly from: ClientStatus; readonly to: ClientStatus }
  | { readonly kind: 'reject'; readonly detail: string }

export function decideStatusChange(from: ClientStatus, to: ClientStatus): StatusDecision {
  if (from === to) return { kind: 'unchanged' }
  if (allowedTransitions[from].includes(to)) return { kind: 'change', from, to }
  const allowed = allowedTransitions[from]
  return {
    kind: 'reject',
    detail: allowed.length
      ? `a ${from} client can move to ${allowed.join(' or ')}, not ${to}`
      : `a ${from} client cannot change status`,
  }
}

export function nextStatuses(from: ClientStatus): readonly ClientStatus[] {
  return allowedTransitions[from]
}

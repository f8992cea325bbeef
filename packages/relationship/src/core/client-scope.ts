import { hasAnyRole, type Actor, type StaffRole } from '@strongroom/kernel'

/**
 * Which clients an actor may see. A relationship manager sees their own book
 * only; the bank's control and operations functions see every client.
 * Out-of-book clients are reported as not found, never as forbidden, so a
 * probe cannot tell which client ids exist.
 */
export type ClientScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'book'; readonly relationshipManagerId: string }

const seeEveryClient: readonly StaffRole[] = ['admin', 'auditor', 'compliance_officer', 'risk_officer', 'operations']

export function clientScopeFor(actor: Actor): ClientScope {
  if (hasAnyRole(actor, seeEveryClient)) return { kind: 'all' }
  return { kind: 'book', relationshipManagerId: actor.staffId }
}

export function isInScope(scope: ClientScope, client: { relationshipManagerId: string | null }): boolean {
  return scope.kind === 'all' || client.relationshipManagerId === scope.relationshipManagerId
}

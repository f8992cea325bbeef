import type { Client } from './client.js'
import type { StaffMember } from './staff.js'
import { isRelationshipManager } from './staff.js'
import type { RelationshipErrorCode } from './errors.js'

/** One line of a client's relationship history: who took over from whom, and why. */
export interface RmAssignment {
  readonly id: string
  readonly clientId: string
  readonly fromRelationshipManagerId: string | null
  readonly toRelationshipManagerId: string
  readonly reason: string
  readonly assignedBy: string
  readonly assignedAt: Date
}

export type AssignmentDecision =
  | { readonly kind: 'assign'; readonly from: string | null; readonly to: string }
  | { readonly kind: 'reject'; readonly code: RelationshipErrorCode; readonly detail: string }

/** Each client has at most one primary RM; a hand-over names the new one and keeps the old in history. */
export function decideAssignment(client: Client, manager: StaffMember): AssignmentDecision {
  if (client.status === 'closed') {
    return { kind: 'reject', code: 'relationship.client_closed', detail: 'a closed client cannot be handed over' }
  }
  if (!isRelationshipManager(manager)) {
    return {
      kind: 'reject',
      code: 'relationship.not_a_relationship_manager',
      detail: `staff ${manager.id} is not an active relationship manager`,
    }
  }
  if (client.relationshipManagerId === manager.id) {
    return { kind: 'reject', code: 'relationship.already_assigned', detail: 'this relationship manager already holds the client' }
  }
  return { kind: 'assign', from: client.relationshipManagerId, to: manager.id }
}

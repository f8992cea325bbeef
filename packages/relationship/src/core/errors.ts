import { DomainError } from '@strongroom/kernel'

export const relationshipErrorCodes = [
  'relationship.client_not_found',
  'relationship.staff_not_found',
  'relationship.staff_email_taken',
  'relationship.not_a_relationship_manager',
  'relationship.already_assigned',
  'relationship.invalid_status_transition',
  'relationship.client_closed',
  'relationship.self_lockout',
] as const
export type RelationshipErrorCode = (typeof relationshipErrorCodes)[number]

export class RelationshipError extends DomainError<RelationshipErrorCode> {
  override readonly name = 'RelationshipError'
}

import type { ProblemSpec } from '@strongroom/kernel/fastify'
import type { RelationshipErrorCode } from '../core/index.js'

/** Every relationship error code, answered over HTTP. A new code without a row here does not compile. */
export const relationshipProblems = {
  'relationship.client_not_found': { status: 404, title: 'Client not found' },
  'relationship.staff_not_found': { status: 404, title: 'Staff member not found' },
  'relationship.staff_email_taken': { status: 409, title: 'A staff member with this email already exists' },
  'relationship.not_a_relationship_manager': { status: 422, title: 'Not an active relationship manager' },
  'relationship.already_assigned': { status: 409, title: 'Relationship manager already assigned' },
  'relationship.invalid_status_transition': { status: 422, title: 'Status change not allowed by the client lifecycle' },
  'relationship.client_closed': { status: 422, title: 'Client is closed' },
  'relationship.self_lockout': { status: 422, title: 'You cannot lock yourself out' },
} as const satisfies Record<RelationshipErrorCode, ProblemSpec>

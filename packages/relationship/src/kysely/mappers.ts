import type { StaffRole } from '@strongroom/kernel'
import type {
  Client, ClientKind, ClientSegment, ClientStatus, ContactPoint, RmAssignment, StaffMember, StaffStatus, StatusChange,
} from '../core/index.js'
import type { ClientRow, NewClientRow, RmAssignmentRow, StaffRow, StatusChangeRow } from './tables.js'

// The only place rows become domain values and back. Text columns carry
// CHECK constraints, so the casts below restate what the database enforces.

export function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    kind: row.kind as ClientKind,
    legalName: row.legal_name,
    nativeName: row.native_name,
    birthOrRegistrationDate: row.birth_or_registration_date,
    country: row.country,
    segment: row.segment as ClientSegment,
    status: row.status as ClientStatus,
    contactPoints: (typeof row.contact_points === 'string' ? JSON.parse(row.contact_points) : row.contact_points) as ContactPoint[],
    relationshipManagerId: row.relationship_manager_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function toClientRow(client: Client): NewClientRow {
  return {
    id: client.id,
    kind: client.kind,
    legal_name: client.legalName,
    native_name: client.nativeName,
    birth_or_registration_date: client.birthOrRegistrationDate,
    country: client.country,
    segment: client.segment,
    status: client.status,
    contact_points: JSON.stringify(client.contactPoints),
    relationship_manager_id: client.relationshipManagerId,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  }
}

export function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles as StaffRole[],
    status: row.status as StaffStatus,
    createdAt: row.created_at,
  }
}

export function toStatusChange(row: StatusChangeRow): StatusChange {
  return {
    id: row.id,
    clientId: row.client_id,
    from: row.from_status as ClientStatus | null,
    to: row.to_status as ClientStatus,
    reason: row.reason,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  }
}

export function toRmAssignment(row: RmAssignmentRow): RmAssignment {
  return {
    id: row.id,
    clientId: row.client_id,
    fromRelationshipManagerId: row.from_relationship_manager_id,
    toRelationshipManagerId: row.to_relationship_manager_id,
    reason: row.reason,
    assignedBy: row.assigned_by,
    assignedAt: row.assigned_at,
  }
}

import type { ColumnType, Insertable, Selectable } from 'kysely'

export interface StaffTable {
  id: string
  email: string
  display_name: string
  roles: string[]
  status: string
  created_at: Date
}

export interface ClientTable {
  id: string
  kind: string
  legal_name: string
  native_name: string | null
  birth_or_registration_date: string | null
  country: string
  segment: string
  status: string
  // jsonb: written as a JSON string, read back as parsed JSON
  contact_points: ColumnType<unknown, string, string>
  relationship_manager_id: string | null
  created_at: Date
  updated_at: Date
}

export interface ClientStatusChangeTable {
  id: string
  client_id: string
  from_status: string | null
  to_status: string
  reason: string | null
  changed_by: string
  changed_at: Date
}

export interface RmAssignmentTable {
  id: string
  client_id: string
  from_relationship_manager_id: string | null
  to_relationship_manager_id: string
  reason: string
  assigned_by: string
  assigned_at: Date
}

export interface RelationshipTables {
  'relationship.staff': StaffTable
  'relationship.client': ClientTable
  'relationship.client_status_change': ClientStatusChangeTable
  'relationship.rm_assignment': RmAssignmentTable
}

export type ClientRow = Selectable<ClientTable>
export type NewClientRow = Insertable<ClientTable>
export type StaffRow = Selectable<StaffTable>
export type StatusChangeRow = Selectable<ClientStatusChangeTable>
export type RmAssignmentRow = Selectable<RmAssignmentTable>

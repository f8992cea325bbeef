import type { StaffRole } from '@strongroom/kernel'

export const staffStatuses = ['active', 'disabled'] as const
export type StaffStatus = (typeof staffStatuses)[number]

/** A member of the bank's staff, as the directory knows them. */
export interface StaffMember {
  readonly id: string
  readonly email: string
  readonly displayName: string
  readonly roles: readonly StaffRole[]
  readonly status: StaffStatus
  readonly createdAt: Date
}

export interface NewStaffMember {
  readonly email: string
  readonly displayName: string
  readonly roles: readonly StaffRole[]
}

export interface StaffChanges {
  readonly displayName?: string | undefined
  readonly roles?: readonly StaffRole[] | undefined
  /** `disabled` locks the member out at once: every token they hold stops working. */
  readonly status?: StaffStatus | undefined
}

export function isRelationshipManager(staff: StaffMember): boolean {
  return staff.status === 'active' && staff.roles.includes('relationship_manager')
}

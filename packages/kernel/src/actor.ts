/**
 * Who is acting. Every domain needs the same answer — the audit log, role
 * checks and maker-checker all hang on it — so it lives in the shared kernel
 * rather than in any one domain.
 */
export const staffRoles = [
  'admin',
  'relationship_manager',
  'compliance_officer',
  'risk_officer',
  'operations',
  'auditor',
] as const
export type StaffRole = (typeof staffRoles)[number]

export interface Actor {
  readonly staffId: string
  readonly roles: readonly StaffRole[]
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value)
}

export function hasAnyRole(actor: Actor, roles: readonly StaffRole[]): boolean {
  return actor.roles.some((role) => roles.includes(role))
}

/**
 * Who may call a route: a list of roles, or `authenticated` (any active staff
 * member), or `public` (no token: health, docs). `auditor` is read-only
 * everywhere, whatever a route lists: the server refuses it every mutation.
 */
export type RouteAccess = readonly StaffRole[] | 'authenticated' | 'public'

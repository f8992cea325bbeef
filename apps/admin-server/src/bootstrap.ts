import type { Services } from './services.js'

export interface AdminBootstrap {
  /** A token created on this start, to print once; undefined when none was created. */
  readonly newToken: string | undefined
  readonly adminId: string
}

const bootstrapEmail = 'admin@strongroom.local'

/**
 * Makes sure an administrator can get in.
 * - `STRONGROOM_ADMIN_TOKEN` given: an admin owns exactly that token (idempotent across restarts).
 * - Not given, on a database with no staff: an admin and a random token are created, printed once.
 */
export async function ensureAdmin(services: Services, adminToken: string | undefined): Promise<AdminBootstrap | undefined> {
  const { relationship, tokens } = services
  const existingAdmin = await relationship.findStaffByEmail(bootstrapEmail)
  if (adminToken !== undefined) {
    const admin = existingAdmin ?? (await relationship.createStaffMember({ email: bootstrapEmail, displayName: 'Administrator', roles: ['admin'] }))
    if (!(await tokens.exists(adminToken))) {
      await tokens.issue({ staffId: admin.id, label: 'STRONGROOM_ADMIN_TOKEN', createdBy: null, secret: adminToken })
    }
    return { newToken: undefined, adminId: admin.id }
  }
  if ((await relationship.countStaff()) > 0) return undefined
  const admin = await relationship.createStaffMember({ email: bootstrapEmail, displayName: 'Administrator', roles: ['admin'] })
  const issued = await tokens.issue({ staffId: admin.id, label: 'first start', createdBy: null })
  return { newToken: issued.token, adminId: admin.id }
}

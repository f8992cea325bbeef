import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { createTestDatabase, type TestDatabase } from '@strongroom/db-kit'
import type { StaffRole } from '@strongroom/kernel'
import { buildApp, type BuildOptions } from '../app.js'
import { ensureAdmin } from '../bootstrap.js'
import { testConfig, type Config } from '../config.js'

export interface TestApp {
  readonly app: FastifyInstance
  readonly database: TestDatabase
  readonly adminToken: string
  readonly adminId: string
  /** A new staff member with these roles, and a token for them. */
  staffWith(roles: readonly StaffRole[]): Promise<{ id: string; token: string }>
  /** `app.inject` with a bearer token and JSON. */
  call(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

const adminToken = 'srt_test-admin-token-0123456789abcdefghijklmnop'
let staffCounter = 0

/** The real app on a fresh database (PGlite, or a new PostgreSQL database when DATABASE_URL is set). */
export async function createTestApp(config: Partial<Config> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const app = await buildApp(testConfig(config), { ...options, database })
  const admin = await ensureAdmin(app.services, adminToken)
  if (!admin) throw new Error('bootstrap admin missing')
  const call: TestApp['call'] = (token, options) =>
    app.inject({
      ...options,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    })
  return {
    app,
    database,
    adminToken,
    adminId: admin.adminId,
    call,
    async staffWith(roles) {
      staffCounter += 1
      const member = await app.services.relationship.createStaffMember({
        email: `staff-${staffCounter}-${Date.now()}@test.example`, displayName: `Staff ${staffCounter}`, roles,
      })
      const issued = await app.services.tokens.issue({ staffId: member.id, label: 'test', createdBy: admin.adminId })
      return { id: member.id, token: issued.token }
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { createTestDatabase, hasPostgres, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { systemClock, uuidv7Ids, type Actor } from '@strongroom/kernel'
import { createRelationshipService, type RelationshipService } from '../core/index.js'
import { aNewClient, aNewStaffMember } from '../testing/index.js'
import { createKyselyRelationshipRepository, relationshipMigrations, relationshipSchema, type RelationshipTables } from './index.js'

let database: TestDatabase
let relationship: RelationshipService
let admin: Actor

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: relationshipSchema, provider: relationshipMigrations }])
  relationship = createRelationshipService({
    repo: createKyselyRelationshipRepository(database.db as Kysely<RelationshipTables>), clock: systemClock, ids: uuidv7Ids,
  })
  const member = await relationship.createStaffMember(aNewStaffMember(['admin']))
  admin = { staffId: member.id, roles: member.roles }
})
afterAll(async () => {
  await database.close()
})

describe('the Kysely relationship repository', () => {
  it('round-trips a client with native-script names, contact points and dates', async () => {
    const created = await relationship.createClient(admin, aNewClient({
      legalName: 'OUYANG Mingyue', nativeName: '欧阳明月', birthOrRegistrationDate: '1960-02-29', country: 'CN',
      contactPoints: [{ kind: 'wechat', value: 'oy_mingyue', preferred: true }, { kind: 'address', value: '上海市浦东新区世纪大道 1 号' }],
    }))
    const read = await relationship.getClient(admin, created.id)
    expect(read).toEqual(created)
  })

  it('changes nothing when a status change in the same request is refused', async () => {
    const client = await relationship.createClient(admin, aNewClient())
    const before = await relationship.statusHistory(admin, client.id)
    await expect(relationship.updateClient(admin, client.id, { legalName: 'Changed', status: 'dormant' })).rejects.toMatchObject({
      code: 'relationship.invalid_status_transition',
    })
    expect((await relationship.getClient(admin, client.id)).legalName).toBe(client.legalName)
    expect(await relationship.statusHistory(admin, client.id)).toEqual(before)
  })

  it('refuses a second staff member with the same email, whatever its case', async () => {
    await relationship.createStaffMember(aNewStaffMember(['operations'], { email: 'Dup@Bank.example' }))
    await expect(relationship.createStaffMember(aNewStaffMember(['operations'], { email: 'dup@bank.example' }))).rejects.toMatchObject({
      code: 'relationship.staff_email_taken',
    })
  })

  it.runIf(hasPostgres())('serialises concurrent hand-overs of one client: the history is one unbroken chain (PostgreSQL)', async () => {
    const managers = await Promise.all(Array.from({ length: 8 }, () => relationship.createStaffMember(aNewStaffMember(['relationship_manager']))))
    const client = await relationship.createClient(admin, aNewClient({ relationshipManagerId: managers[0]!.id }))
    const results = await Promise.allSettled(
      managers.slice(1).map((m) => relationship.assignRelationshipManager(admin, client.id, { relationshipManagerId: m.id, reason: 'race' })),
    )
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    const history = await relationship.relationshipHistory(admin, client.id)
    expect(history).toHaveLength(8)
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.fromRelationshipManagerId).toBe(history[i - 1]!.toRelationshipManagerId)
    }
    expect((await relationship.getClient(admin, client.id)).relationshipManagerId).toBe(history.at(-1)!.toRelationshipManagerId)
  })
})

describe('concurrent staff creation', () => {
  it.runIf(hasPostgres())('answers a race for one email with staff_email_taken, not a database error (PostgreSQL)', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => relationship.createStaffMember(aNewStaffMember(['operations'], { email: 'race@bank.example' }))),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('relationship.staff_email_taken')
  })
})

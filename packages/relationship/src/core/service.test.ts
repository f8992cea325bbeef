import { describe, expect, it } from 'vitest'
import { fixedClock, sequentialIds } from '@strongroom/kernel'
import { createRelationshipService, RelationshipError } from './index.js'
import { aNewClient, aNewStaffMember, anActor, createInMemoryRelationshipRepository } from '../testing/index.js'

async function setup() {
  const relationship = createRelationshipService({
    repo: createInMemoryRelationshipRepository(), clock: fixedClock('2026-03-01T09:00:00Z'), ids: sequentialIds(),
  })
  const admin = await relationship.createStaffMember(aNewStaffMember(['admin']))
  const rmA = await relationship.createStaffMember(aNewStaffMember(['relationship_manager']))
  const rmB = await relationship.createStaffMember(aNewStaffMember(['relationship_manager']))
  return { relationship, admin: anActor(admin.id, admin.roles), rmA, rmB }
}

describe('relationship service', () => {
  it('puts a client that an RM opens into that RM’s own book', async () => {
    const { relationship, rmA, rmB } = await setup()
    const client = await relationship.createClient(anActor(rmA.id, rmA.roles), aNewClient({ relationshipManagerId: rmB.id }))
    expect(client.relationshipManagerId).toBe(rmA.id)
  })

  it('hides clients outside an RM’s book as not found', async () => {
    const { relationship, admin, rmA, rmB } = await setup()
    const client = await relationship.createClient(admin, aNewClient({ relationshipManagerId: rmA.id }))
    await expect(relationship.getClient(anActor(rmB.id, rmB.roles), client.id)).rejects.toMatchObject({
      code: 'relationship.client_not_found',
    })
    const page = await relationship.listClients(anActor(rmB.id, rmB.roles), {}, { limit: 10 })
    expect(page.items).toHaveLength(0)
  })

  it('keeps the hand-over history: who, when, from, to, why', async () => {
    const { relationship, admin, rmA, rmB } = await setup()
    const client = await relationship.createClient(admin, aNewClient({ relationshipManagerId: rmA.id }))
    await relationship.assignRelationshipManager(admin, client.id, { relationshipManagerId: rmB.id, reason: 'rmA retires' })
    const history = await relationship.relationshipHistory(admin, client.id)
    expect(history.map((h) => [h.fromRelationshipManagerId, h.toRelationshipManagerId, h.reason])).toEqual([
      [null, rmA.id, 'assigned at onboarding'],
      [rmA.id, rmB.id, 'rmA retires'],
    ])
    expect((await relationship.getClient(admin, client.id)).relationshipManagerId).toBe(rmB.id)
  })

  it('refuses to hand a client to someone who is not a relationship manager', async () => {
    const { relationship, admin } = await setup()
    const client = await relationship.createClient(admin, aNewClient())
    await expect(
      relationship.assignRelationshipManager(admin, client.id, { relationshipManagerId: admin.staffId, reason: 'x' }),
    ).rejects.toBeInstanceOf(RelationshipError)
  })

  it('moves status only along the lifecycle and records each step', async () => {
    const { relationship, admin } = await setup()
    const client = await relationship.createClient(admin, aNewClient())
    await expect(relationship.updateClient(admin, client.id, { status: 'active' })).rejects.toMatchObject({
      code: 'relationship.invalid_status_transition',
    })
    await relationship.updateClient(admin, client.id, { status: 'onboarding', statusReason: 'documents received' })
    await relationship.updateClient(admin, client.id, { status: 'active' })
    const history = await relationship.statusHistory(admin, client.id)
    expect(history.map((h) => `${h.from ?? '∅'}→${h.to}`)).toEqual(['∅→prospect', 'prospect→onboarding', 'onboarding→active'])
  })

  it('rolls back every write of a failed transaction', async () => {
    const { relationship, admin } = await setup()
    const before = await relationship.listClients(admin, {}, { limit: 50 })
    await expect(relationship.createClient(admin, aNewClient({ relationshipManagerId: admin.staffId }))).rejects.toMatchObject({
      code: 'relationship.not_a_relationship_manager',
    })
    expect((await relationship.listClients(admin, {}, { limit: 50 })).items).toHaveLength(before.items.length)
  })

  it('pseudonymises a closed client’s identity and contact details separately, keeping the record and its status', async () => {
    const { relationship, admin } = await setup()
    const client = await relationship.createClient(admin, aNewClient({ nativeName: '王小明', contactPoints: [{ kind: 'email', value: 'wang@example.com' }] }))
    await relationship.updateClient(admin, client.id, { status: 'closed', statusReason: 'client left' })
    const contactOnly = await relationship.pseudonymiseClient(admin, client.id, { identity: false, contactDetails: true })
    expect(contactOnly.contactPoints).toEqual([])
    expect(contactOnly.legalName).toBe(client.legalName)
    const both = await relationship.pseudonymiseClient(admin, client.id, { identity: true, contactDetails: true })
    expect(both).toMatchObject({ legalName: `pseudonymised client ${client.id.slice(0, 8)}`, nativeName: null, birthOrRegistrationDate: null, status: 'closed' })
    expect((await relationship.getClient(admin, client.id)).legalName).not.toBe(client.legalName)
  })
})

import type { Actor, Clock, IdGenerator, Page, PageRequest } from '@strongroom/kernel'
import type { Client, ClientChanges, NewClient } from './client.js'
import { decideStatusChange, type StatusChange } from './client-lifecycle.js'
import { clientScopeFor, isInScope, type ClientScope } from './client-scope.js'
import { RelationshipError } from './errors.js'
import type { ClientFilter, RelationshipRepository, RelationshipStore } from './ports.js'
import { decideAssignment, type RmAssignment } from './rm-assignment.js'
import { isRelationshipManager, type NewStaffMember, type StaffChanges, type StaffMember } from './staff.js'

export interface RelationshipDeps {
  readonly repo: RelationshipRepository
  readonly clock: Clock
  readonly ids: IdGenerator
}

export interface AssignRelationshipManager {
  readonly relationshipManagerId: string
  readonly reason: string
}

export function createRelationshipService(deps: RelationshipDeps) {
  const { repo, clock, ids } = deps

  const clientNotFound = (id: string) =>
    new RelationshipError('relationship.client_not_found', `no client ${id}`, { clientId: id })

  async function clientInScope(store: RelationshipStore, scope: ClientScope, id: string, lock: boolean): Promise<Client> {
    const client = lock ? await store.lockClient(id) : await store.findClient(id)
    if (!client || !isInScope(scope, client)) throw clientNotFound(id)
    return client
  }

  async function requireManager(store: RelationshipStore, staffId: string): Promise<StaffMember> {
    const manager = await store.findStaff(staffId)
    if (!manager) throw new RelationshipError('relationship.staff_not_found', `no staff member ${staffId}`, { staffId })
    if (!isRelationshipManager(manager)) {
      throw new RelationshipError(
        'relationship.not_a_relationship_manager',
        `staff ${staffId} is not an active relationship manager`,
        { staffId },
      )
    }
    return manager
  }

  return {
    scopeFor: clientScopeFor,

    async createClient(actor: Actor, input: NewClient): Promise<Client> {
      return repo.inTransaction(async (store) => {
        const scope = clientScopeFor(actor)
        // A relationship manager who opens a client takes it into their own book,
        // otherwise they could create a client they are then unable to see.
        const managerId = scope.kind === 'book' ? actor.staffId : (input.relationshipManagerId ?? null)
        if (managerId !== null) await requireManager(store, managerId)
        const now = clock.now()
        const client: Client = {
          id: ids.next(),
          kind: input.kind,
          legalName: input.legalName,
          nativeName: input.nativeName ?? null,
          birthOrRegistrationDate: input.birthOrRegistrationDate ?? null,
          country: input.country,
          segment: input.segment,
          status: 'prospect',
          contactPoints: input.contactPoints ?? [],
          relationshipManagerId: managerId,
          createdAt: now,
          updatedAt: now,
        }
        await store.insertClient(client)
        await store.appendStatusChange({
          id: ids.next(), clientId: client.id, from: null, to: 'prospect', reason: 'client created', changedBy: actor.staffId, changedAt: now,
        })
        if (managerId !== null) {
          await store.appendAssignment({
            id: ids.next(), clientId: client.id, fromRelationshipManagerId: null, toRelationshipManagerId: managerId,
            reason: 'assigned at onboarding', assignedBy: actor.staffId, assignedAt: now,
          })
        }
        return client
      })
    },

    async getClient(actor: Actor, id: string): Promise<Client> {
      return clientInScope(repo, clientScopeFor(actor), id, false)
    },

    async listClients(actor: Actor, filter: ClientFilter, page: PageRequest): Promise<Page<Client>> {
      return repo.listClients(clientScopeFor(actor), filter, page)
    },

    async updateClient(actor: Actor, id: string, changes: ClientChanges): Promise<Client> {
      return repo.inTransaction(async (store) => {
        const current = await clientInScope(store, clientScopeFor(actor), id, true)
        if (current.status === 'closed') {
          throw new RelationshipError('relationship.client_closed', `client ${id} is closed`, { clientId: id })
        }
        const now = clock.now()
        let statusChange: StatusChange | undefined
        if (changes.status !== undefined) {
          const decision = decideStatusChange(current.status, changes.status)
          if (decision.kind === 'reject') {
            throw new RelationshipError('relationship.invalid_status_transition', decision.detail, {
              from: current.status, to: changes.status,
            })
          }
          if (decision.kind === 'change') {
            statusChange = {
              id: ids.next(), clientId: id, from: decision.from, to: decision.to,
              reason: changes.statusReason ?? null, changedBy: actor.staffId, changedAt: now,
            }
          }
        }
        const next: Client = {
          ...current,
          legalName: changes.legalName ?? current.legalName,
          nativeName: changes.nativeName === undefined ? current.nativeName : changes.nativeName,
          birthOrRegistrationDate:
            changes.birthOrRegistrationDate === undefined ? current.birthOrRegistrationDate : changes.birthOrRegistrationDate,
          country: changes.country ?? current.country,
          segment: changes.segment ?? current.segment,
          contactPoints: changes.contactPoints ?? current.contactPoints,
          status: statusChange?.to ?? current.status,
          updatedAt: now,
        }
        await store.updateClient(next)
        if (statusChange) await store.appendStatusChange(statusChange)
        return next
      })
    },

    /**
     * Data protection (erasure and the retention purge): replaces what
     * identifies the client — names and birth date, and/or contact points —
     * while the record itself stays, because accounts and the journal refer
     * to it by id. Unlike `updateClient` it works on closed clients: that is
     * when retention usually lets the data go. Idempotent.
     */
    async pseudonymiseClient(actor: Actor, id: string, parts: { readonly identity: boolean; readonly contactDetails: boolean }): Promise<Client> {
      return repo.inTransaction(async (store) => {
        const current = await clientInScope(store, clientScopeFor(actor), id, true)
        const next: Client = {
          ...current,
          ...(parts.identity ? { legalName: pseudonymFor(id), nativeName: null, birthOrRegistrationDate: null } : {}),
          ...(parts.contactDetails ? { contactPoints: [] } : {}),
          updatedAt: clock.now(),
        }
        await store.updateClient(next)
        return next
      })
    },

    async statusHistory(actor: Actor, clientId: string): Promise<StatusChange[]> {
      await clientInScope(repo, clientScopeFor(actor), clientId, false)
      return repo.statusHistory(clientId)
    },

    /** Assigns the primary RM, or hands the client over to another; history keeps both. */
    async assignRelationshipManager(actor: Actor, clientId: string, request: AssignRelationshipManager): Promise<RmAssignment> {
      return repo.inTransaction(async (store) => {
        const client = await clientInScope(store, clientScopeFor(actor), clientId, true)
        const manager = await store.findStaff(request.relationshipManagerId)
        if (!manager) {
          throw new RelationshipError('relationship.staff_not_found', `no staff member ${request.relationshipManagerId}`, {
            staffId: request.relationshipManagerId,
          })
        }
        const decision = decideAssignment(client, manager)
        if (decision.kind === 'reject') throw new RelationshipError(decision.code, decision.detail, { clientId })
        const now = clock.now()
        const assignment: RmAssignment = {
          id: ids.next(), clientId, fromRelationshipManagerId: decision.from, toRelationshipManagerId: decision.to,
          reason: request.reason, assignedBy: actor.staffId, assignedAt: now,
        }
        await store.updateClient({ ...client, relationshipManagerId: decision.to, updatedAt: now })
        await store.appendAssignment(assignment)
        return assignment
      })
    },

    async relationshipHistory(actor: Actor, clientId: string): Promise<RmAssignment[]> {
      await clientInScope(repo, clientScopeFor(actor), clientId, false)
      return repo.assignmentHistory(clientId)
    },

    async createStaffMember(input: NewStaffMember): Promise<StaffMember> {
      return repo.inTransaction(async (store) => {
        const email = input.email.trim().toLowerCase()
        if (await store.findStaffByEmail(email)) {
          throw new RelationshipError('relationship.staff_email_taken', 'a staff member with this email already exists')
        }
        const member: StaffMember = {
          id: ids.next(), email, displayName: input.displayName, roles: [...new Set(input.roles)], status: 'active', createdAt: clock.now(),
        }
        await store.insertStaff(member)
        return member
      })
    },

    /**
     * Changes a staff member's name, roles or status. An administrator cannot
     * take away their own admin role or disable themselves, so the bank can
     * never lock its last administrator out by accident.
     */
    async updateStaffMember(actor: Actor, id: string, changes: StaffChanges): Promise<StaffMember> {
      return repo.inTransaction(async (store) => {
        const current = await store.lockStaff(id)
        if (!current) throw new RelationshipError('relationship.staff_not_found', `no staff member ${id}`, { staffId: id })
        const next: StaffMember = {
          ...current,
          displayName: changes.displayName ?? current.displayName,
          roles: changes.roles ? [...new Set(changes.roles)] : current.roles,
          status: changes.status ?? current.status,
        }
        if (id === actor.staffId && (next.status !== 'active' || (current.roles.includes('admin') && !next.roles.includes('admin')))) {
          throw new RelationshipError('relationship.self_lockout', 'you cannot disable yourself or remove your own admin role')
        }
        await store.updateStaff(next)
        return next
      })
    },

    async getStaffMember(id: string): Promise<StaffMember> {
      const member = await repo.findStaff(id)
      if (!member) throw new RelationshipError('relationship.staff_not_found', `no staff member ${id}`, { staffId: id })
      return member
    },

    findStaffMember: (id: string) => repo.findStaff(id),
    findStaffByEmail: (email: string) => repo.findStaffByEmail(email.trim().toLowerCase()),
    listStaff: (page: PageRequest) => repo.listStaff(page),
    countStaff: () => repo.countStaff(),
  }
}

export type RelationshipService = ReturnType<typeof createRelationshipService>

/** The name a pseudonymised client carries: stable per client, meaningless outside the bank. */
export function pseudonymFor(clientId: string): string {
  return `pseudonymised client ${clientId.slice(0, 8)}`
}

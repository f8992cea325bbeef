import { keyAfter, pageFrom } from '@strongroom/kernel'
import type {
  Client, RelationshipRepository, RelationshipStore, RmAssignment, StaffMember, StatusChange,
} from '../core/index.js'

/**
 * The relationship repository in memory, for tests of code that uses the
 * service. Transactions run one at a time and roll back on a throw, like the
 * database does.
 */
export function createInMemoryRelationshipRepository(): RelationshipRepository {
  let clients = new Map<string, Client>()
  let staff = new Map<string, StaffMember>()
  let statusChanges: StatusChange[] = []
  let assignments: RmAssignment[] = []
  let queue: Promise<unknown> = Promise.resolve()

  const store: RelationshipStore = {
    async insertClient(client) {
      clients.set(client.id, client)
    },
    async lockClient(id) {
      return clients.get(id)
    },
    async findClient(id) {
      return clients.get(id)
    },
    async updateClient(client) {
      clients.set(client.id, client)
    },
    async listClients(scope, filter, page) {
      const after = keyAfter(page)
      const needle = filter.nameContains?.toLowerCase()
      const rows = [...clients.values()]
        .filter((c) => scope.kind === 'all' || c.relationshipManagerId === scope.relationshipManagerId)
        .filter((c) => !filter.status || c.status === filter.status)
        .filter((c) => !filter.segment || c.segment === filter.segment)
        .filter((c) => !filter.relationshipManagerId || c.relationshipManagerId === filter.relationshipManagerId)
        .filter((c) => !needle || c.legalName.toLowerCase().includes(needle) || (c.nativeName ?? '').toLowerCase().includes(needle))
        .filter((c) => after === undefined || c.id > after)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, page.limit + 1)
      return pageFrom(rows, page.limit, (c) => c.id)
    },
    async appendStatusChange(change) {
      statusChanges.push(change)
    },
    async statusHistory(clientId) {
      return statusChanges.filter((c) => c.clientId === clientId)
    },
    async appendAssignment(assignment) {
      assignments.push(assignment)
    },
    async assignmentHistory(clientId) {
      return assignments.filter((a) => a.clientId === clientId)
    },
    async insertStaff(member) {
      staff.set(member.id, member)
    },
    async lockStaff(id) {
      return staff.get(id)
    },
    async updateStaff(member) {
      staff.set(member.id, member)
    },
    async findStaff(id) {
      return staff.get(id)
    },
    async findStaffByEmail(email) {
      return [...staff.values()].find((s) => s.email === email)
    },
    async listStaff(page) {
      const after = keyAfter(page)
      const rows = [...staff.values()]
        .filter((s) => after === undefined || s.id > after)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, page.limit + 1)
      return pageFrom(rows, page.limit, (s) => s.id)
    },
    async countStaff() {
      return staff.size
    },
  }

  return {
    ...store,
    inTransaction(work) {
      const run = queue.then(async () => {
        const snapshot = { clients: new Map(clients), staff: new Map(staff), statusChanges: [...statusChanges], assignments: [...assignments] }
        try {
          return await work(store)
        } catch (error) {
          ;({ clients, staff, statusChanges, assignments } = snapshot)
          throw error
        }
      })
      queue = run.catch(() => undefined)
      return run
    },
  }
}

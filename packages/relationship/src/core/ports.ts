import type { Page, PageRequest } from '@strongroom/kernel'
import type { Client, ClientSegment } from './client.js'
import type { ClientStatus, StatusChange } from './client-lifecycle.js'
import type { ClientScope } from './client-scope.js'
import type { RmAssignment } from './rm-assignment.js'
import type { NewStaffMember, StaffMember } from './staff.js'

export interface ClientFilter {
  readonly status?: ClientStatus | undefined
  readonly segment?: ClientSegment | undefined
  readonly relationshipManagerId?: string | undefined
  /** Case-insensitive match on the legal or native name. */
  readonly nameContains?: string | undefined
}

/** What the relationship service needs from storage, inside one transaction. */
export interface RelationshipStore {
  insertClient(client: Client): Promise<void>
  /** Reads the client and locks it until the transaction ends. */
  lockClient(id: string): Promise<Client | undefined>
  findClient(id: string): Promise<Client | undefined>
  updateClient(client: Client): Promise<void>
  listClients(scope: ClientScope, filter: ClientFilter, page: PageRequest): Promise<Page<Client>>
  appendStatusChange(change: StatusChange): Promise<void>
  statusHistory(clientId: string): Promise<StatusChange[]>
  appendAssignment(assignment: RmAssignment): Promise<void>
  assignmentHistory(clientId: string): Promise<RmAssignment[]>

  insertStaff(staff: StaffMember): Promise<void>
  /** Reads the staff member and locks them until the transaction ends. */
  lockStaff(id: string): Promise<StaffMember | undefined>
  updateStaff(staff: StaffMember): Promise<void>
  findStaff(id: string): Promise<StaffMember | undefined>
  findStaffByEmail(email: string): Promise<StaffMember | undefined>
  listStaff(page: PageRequest): Promise<Page<StaffMember>>
  countStaff(): Promise<number>
}

export interface RelationshipRepository extends RelationshipStore {
  /** Runs `work` in one database transaction; the store it receives is bound to it. */
  inTransaction<T>(work: (store: RelationshipStore) => Promise<T>): Promise<T>
}

export type { NewStaffMember }

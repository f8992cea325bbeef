import { keyAfter, pageFrom, type PageRequest } from '@strongroom/kernel'
import type { Kysely, Transaction } from 'kysely'
import { RelationshipError, type ClientFilter, type ClientScope, type RelationshipRepository, type RelationshipStore } from '../core/index.js'
import { toClient, toClientRow, toRmAssignment, toStaffMember, toStatusChange } from './mappers.js'
import type { RelationshipTables } from './tables.js'

type Db = Kysely<RelationshipTables> | Transaction<RelationshipTables>

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function createStore(db: Db): RelationshipStore {
  return {
    async insertClient(client) {
      await db.insertInto('relationship.client').values(toClientRow(client)).execute()
    },
    async lockClient(id) {
      const row = await db.selectFrom('relationship.client').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
      return row && toClient(row)
    },
    async findClient(id) {
      const row = await db.selectFrom('relationship.client').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toClient(row)
    },
    async updateClient(client) {
      const { id, created_at, ...changes } = toClientRow(client)
      await db.updateTable('relationship.client').set(changes).where('id', '=', id).execute()
    },
    async listClients(scope: ClientScope, filter: ClientFilter, page: PageRequest) {
      let query = db.selectFrom('relationship.client').selectAll().orderBy('id').limit(page.limit + 1)
      if (scope.kind === 'book') query = query.where('relationship_manager_id', '=', scope.relationshipManagerId)
      if (filter.status) query = query.where('status', '=', filter.status)
      if (filter.segment) query = query.where('segment', '=', filter.segment)
      if (filter.relationshipManagerId) query = query.where('relationship_manager_id', '=', filter.relationshipManagerId)
      if (filter.nameContains) {
        const pattern = `%${escapeLike(filter.nameContains)}%`
        query = query.where((eb) => eb.or([eb('legal_name', 'ilike', pattern), eb('native_name', 'ilike', pattern)]))
      }
      const after = keyAfter(page)
      if (after !== undefined) query = query.where('id', '>', after)
      const rows = await query.execute()
      return pageFrom(rows.map(toClient), page.limit, (c) => c.id)
    },
    async appendStatusChange(change) {
      await db
        .insertInto('relationship.client_status_change')
        .values({
          id: change.id, client_id: change.clientId, from_status: change.from, to_status: change.to,
          reason: change.reason, changed_by: change.changedBy, changed_at: change.changedAt,
        })
        .execute()
    },
    async statusHistory(clientId) {
      const rows = await db.selectFrom('relationship.client_status_change').selectAll()
        .where('client_id', '=', clientId).orderBy('changed_at').orderBy('id').execute()
      return rows.map(toStatusChange)
    },
    async appendAssignment(a) {
      await db
        .insertInto('relationship.rm_assignment')
        .values({
          id: a.id, client_id: a.clientId, from_relationship_manager_id: a.fromRelationshipManagerId,
          to_relationship_manager_id: a.toRelationshipManagerId, reason: a.reason, assigned_by: a.assignedBy, assigned_at: a.assignedAt,
        })
        .execute()
    },
    async assignmentHistory(clientId) {
      const rows = await db.selectFrom('relationship.rm_assignment').selectAll()
        .where('client_id', '=', clientId).orderBy('assigned_at').orderBy('id').execute()
      return rows.map(toRmAssignment)
    },
    async insertStaff(member) {
      try {
        await db
          .insertInto('relationship.staff')
          .values({
            id: member.id, email: member.email, display_name: member.displayName, roles: [...member.roles],
            status: member.status, created_at: member.createdAt,
          })
          .execute()
      } catch (error) {
        // Two requests for one email can both pass the service's look-up; the unique index decides.
        if ((error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'staff_email_key') {
          throw new RelationshipError('relationship.staff_email_taken', 'a staff member with this email already exists')
        }
        throw error
      }
    },
    async lockStaff(id) {
      const row = await db.selectFrom('relationship.staff').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
      return row && toStaffMember(row)
    },
    async updateStaff(member) {
      await db.updateTable('relationship.staff')
        .set({ display_name: member.displayName, roles: [...member.roles], status: member.status })
        .where('id', '=', member.id).execute()
    },
    async findStaff(id) {
      const row = await db.selectFrom('relationship.staff').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toStaffMember(row)
    },
    async findStaffByEmail(email) {
      const row = await db.selectFrom('relationship.staff').selectAll().where('email', '=', email).executeTakeFirst()
      return row && toStaffMember(row)
    },
    async listStaff(page) {
      let query = db.selectFrom('relationship.staff').selectAll().orderBy('id').limit(page.limit + 1)
      const after = keyAfter(page)
      if (after !== undefined) query = query.where('id', '>', after)
      const rows = await query.execute()
      return pageFrom(rows.map(toStaffMember), page.limit, (s) => s.id)
    },
    async countStaff() {
      const row = await db.selectFrom('relationship.staff').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}

/** The relationship repository over Kysely. SQL lives here and nowhere else. */
export function createKyselyRelationshipRepository(db: Kysely<RelationshipTables>): RelationshipRepository {
  return {
    ...createStore(db),
    inTransaction: (work) => db.transaction().execute((trx) => work(createStore(trx))),
  }
}

import type { Kysely } from 'kysely'
import { createGroupCommitter, keyAfter, pageFrom, type Clock, type IdGenerator, type Page, type PageRequest } from '@strongroom/kernel'
import type { AuditEventTable, PlatformTables } from './tables.js'

export type AuditOutcome = AuditEventTable['outcome']

export interface AuditEvent {
  readonly id: string
  readonly occurredAt: Date
  readonly actorId: string | null
  readonly action: string
  readonly method: string
  readonly path: string
  readonly entityType: string | null
  readonly entityId: string | null
  readonly requestId: string
  readonly outcome: AuditOutcome
  readonly statusCode: number
  readonly errorCode: string | null
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'occurredAt'>

export interface AuditFilter {
  readonly actorId?: string | undefined
  readonly entityType?: string | undefined
  readonly entityId?: string | undefined
  readonly action?: string | undefined
}

/** The append-only audit log. The table refuses updates and deletes by trigger. */
export function createAuditLog(db: Kysely<PlatformTables>, clock: Clock, ids: IdGenerator) {
  // Concurrent requests share one insert (and one commit): an event is
  // durable before its response leaves, without a WAL flush per request.
  const write = createGroupCommitter<AuditEvent, AuditEvent>({ lanes: 2, maxBatch: 500 }, async (events) => {
    await db
      .insertInto('platform.audit_event')
      .values(events.map((e) => ({
        id: e.id, occurred_at: e.occurredAt, actor_id: e.actorId, action: e.action, method: e.method,
        path: e.path, entity_type: e.entityType, entity_id: e.entityId, request_id: e.requestId,
        outcome: e.outcome, status_code: e.statusCode, error_code: e.errorCode,
      })))
      .execute()
    return events
  })

  return {
    record: (event: NewAuditEvent): Promise<AuditEvent> => write({ id: ids.next(), occurredAt: clock.now(), ...event }),

    /** Newest first. */
    async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
      let query = db.selectFrom('platform.audit_event').selectAll().orderBy('id', 'desc').limit(page.limit + 1)
      if (filter.actorId) query = query.where('actor_id', '=', filter.actorId)
      if (filter.entityType) query = query.where('entity_type', '=', filter.entityType)
      if (filter.entityId) query = query.where('entity_id', '=', filter.entityId)
      if (filter.action) query = query.where('action', '=', filter.action)
      const before = keyAfter(page)
      if (before !== undefined) query = query.where('id', '<', before)
      const rows = await query.execute()
      return pageFrom(
        rows.map((r) => ({
          id: r.id, occurredAt: r.occurred_at, actorId: r.actor_id, action: r.action, method: r.method, path: r.path,
          entityType: r.entity_type, entityId: r.entity_id, requestId: r.request_id, outcome: r.outcome,
          statusCode: r.status_code, errorCode: r.error_code,
        })),
        page.limit,
        (e) => e.id,
      )
    },
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>

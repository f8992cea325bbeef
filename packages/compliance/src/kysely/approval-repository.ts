import { sql, type Kysely } from 'kysely'
import { decodeCursor, encodeCursor, parseMoney, toMoneyJson, type Page } from '@strongroom/kernel'
import type { ApprovalRequest, ApprovalStore } from '../core/index.js'

type Row = Record<string, any>

// Money travels as { amount, currency } strings inside the JSON document.
function encode(request: ApprovalRequest): string {
  return JSON.stringify({ ...request, amount: request.amount ? toMoneyJson(request.amount) : null })
}
function decode(row: Row): ApprovalRequest {
  const raw = (typeof row.request === 'string' ? JSON.parse(row.request) : row.request) as Record<string, any>
  return { ...raw, status: row.status, version: Number(row.version), amount: raw.amount ? parseMoney(raw.amount.amount, raw.amount.currency) : null } as ApprovalRequest
}

/** Approval requests on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyApprovalStore(db: Kysely<any>): ApprovalStore {
  return {
    async insertRequest(r) {
      await sql`insert into compliance.approval_request (id, action, entity_type, entity_id, status, requested_by, expires_at, request, version)
        values (${r.id}::uuid, ${r.action}, ${r.entityType}, ${r.entityId}, ${r.status}, ${r.requestedBy}, ${r.expiresAt}::timestamptz, ${encode(r)}::jsonb, ${r.version})`.execute(db)
    },
    async findRequest(id) {
      const { rows } = await sql<Row>`select * from compliance.approval_request where id = ${id}::uuid`.execute(db)
      return rows[0] ? decode(rows[0]) : undefined
    },
    async updateRequest(r, expectedVersion) {
      const result = await sql`update compliance.approval_request set status = ${r.status}, request = ${encode(r)}::jsonb, version = ${r.version}
        where id = ${r.id}::uuid and version = ${expectedVersion}`.execute(db)
      return result.numAffectedRows === 1n
    },
    async listRequests(filter, page, now) {
      const after = page.cursor ? decodeCursor(page.cursor) ?? null : null
      const status = filter.status ?? null
      const { rows } = await sql<Row>`select * from compliance.approval_request
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${status}::text is null
            or (${status} = 'pending' and status = 'pending' and expires_at > ${now}::timestamptz)
            or (${status} = 'expired' and (status = 'expired' or (status = 'pending' and expires_at <= ${now}::timestamptz)))
            or (${status} not in ('pending', 'expired') and status = ${status}))
          and (${filter.entityType ?? null}::text is null or entity_type = ${filter.entityType ?? null})
          and (${filter.entityId ?? null}::text is null or entity_id = ${filter.entityId ?? null})
        order by id limit ${page.limit + 1}`.execute(db)
      const items = rows.slice(0, page.limit).map(decode)
      return { items, nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]!.id) : null } satisfies Page<ApprovalRequest>
    },
  }
}

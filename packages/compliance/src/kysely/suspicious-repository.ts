import { sql, type Kysely } from 'kysely'
import { decodeCursor, encodeCursor, type Page } from '@strongroom/kernel'
import type { SuspiciousReport, SuspiciousReportStore } from '../core/index.js'

type Row = Record<string, any>
const decode = (row: Row) => (typeof row.report === 'string' ? JSON.parse(row.report) : row.report) as SuspiciousReport

/** Suspicious transaction reports on PostgreSQL (or PGlite), in their own table of the `compliance` schema. */
export function createKyselySuspiciousStore(db: Kysely<any>): SuspiciousReportStore {
  return {
    async insertSuspicious(report) {
      await sql`insert into compliance.suspicious_report (id, client_id, status, report)
        values (${report.id}::uuid, ${report.clientId}::uuid, ${report.status}, ${JSON.stringify(report)}::jsonb)`.execute(db)
    },
    async findSuspicious(id) {
      const { rows } = await sql<Row>`select report from compliance.suspicious_report where id = ${id}::uuid`.execute(db)
      return rows[0] ? decode(rows[0]) : undefined
    },
    async updateSuspicious(report, expectedStatus) {
      const result = await sql`update compliance.suspicious_report set status = ${report.status}, report = ${JSON.stringify(report)}::jsonb
        where id = ${report.id}::uuid and status = ${expectedStatus}`.execute(db)
      return result.numAffectedRows === 1n
    },
    async listSuspicious(filter, page) {
      const after = page.cursor ? decodeCursor(page.cursor) ?? null : null
      const { rows } = await sql<Row>`select report from compliance.suspicious_report
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
        order by id limit ${page.limit + 1}`.execute(db)
      const items = rows.slice(0, page.limit).map(decode)
      return { items, nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]!.id) : null } satisfies Page<SuspiciousReport>
    },
  }
}

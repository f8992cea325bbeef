import { sql, type Kysely } from 'kysely'
import { decodeCursor, encodeCursor, type Page } from '@strongroom/kernel'
import type { LargeValueReport, ReportStore } from '../core/index.js'

type Row = Record<string, any>

// Amounts are bigint minor units: kept in the JSON document as { "$bigint": "…" } so they come back exact.
const encode = (report: LargeValueReport) => JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))
function decode(row: Row): LargeValueReport {
  const text = typeof row.report === 'string' ? row.report : JSON.stringify(row.report)
  return JSON.parse(text, (_k, v: unknown) => (v !== null && typeof v === 'object' && '$bigint' in v ? BigInt((v as { $bigint: string }).$bigint) : v)) as LargeValueReport
}

/** Large-value reports on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyReportStore(db: Kysely<any>): ReportStore {
  return {
    async insertReportIfAbsent(report) {
      const { rows } = await sql<Row>`insert into compliance.large_value_report (id, pack_id, client_id, business_date, status, deadline, report)
        values (${report.id}::uuid, ${report.packId}, ${report.clientId}::uuid, ${report.businessDate}::date, ${report.status}, ${report.deadline}::date, ${encode(report)}::jsonb)
        on conflict (pack_id, client_id, business_date) do nothing returning id`.execute(db)
      if (rows.length === 1) return { report, created: true }
      const existing = await sql<Row>`select report from compliance.large_value_report
        where pack_id = ${report.packId} and client_id = ${report.clientId}::uuid and business_date = ${report.businessDate}::date`.execute(db)
      return { report: decode(existing.rows[0]!), created: false }
    },
    async findReport(id) {
      const { rows } = await sql<Row>`select report from compliance.large_value_report where id = ${id}::uuid`.execute(db)
      return rows[0] ? decode(rows[0]) : undefined
    },
    async updateReport(report, expectedStatus) {
      const result = await sql`update compliance.large_value_report set status = ${report.status}, report = ${encode(report)}::jsonb
        where id = ${report.id}::uuid and status = ${expectedStatus}`.execute(db)
      return result.numAffectedRows === 1n
    },
    async listReports(filter, page) {
      const after = page.cursor ? decodeCursor(page.cursor) ?? null : null
      const { rows } = await sql<Row>`select id, report from compliance.large_value_report
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
          and (${filter.businessDate ?? null}::date is null or business_date = ${filter.businessDate ?? null}::date)
        order by id limit ${page.limit + 1}`.execute(db)
      const items = rows.slice(0, page.limit).map(decode)
      return { items, nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]!.id) : null } satisfies Page<LargeValueReport>
    },
  }
}

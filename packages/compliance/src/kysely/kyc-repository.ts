import { sql, type Kysely } from 'kysely'
import type { KycRecord, KycStore } from '../core/index.js'

type Row = Record<string, any>
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as KycRecord

/** KYC records and their history on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyKycStore(db: Kysely<any>): KycStore {
  return {
    async findKyc(clientId) {
      const { rows } = await sql<Row>`select record from compliance.kyc_record where client_id = ${clientId}::uuid`.execute(db)
      return rows[0] ? parsed(rows[0].record) : undefined
    },
    async saveKyc(record, expectedVersion, event) {
      const earliest = record.documents.map((d) => d.expiresOn).filter((d): d is string => d !== null).sort()[0] ?? null
      try {
        return await db.transaction().execute(async (tx) => {
          const written = expectedVersion === 0
            ? await sql`insert into compliance.kyc_record (client_id, record, status, next_review_on, earliest_document_expiry, version, updated_at)
                values (${record.clientId}::uuid, ${JSON.stringify(record)}::jsonb, ${record.status}, ${record.nextReviewOn}::date, ${earliest}::date, ${record.version}, ${record.updatedAt}::timestamptz)
                on conflict (client_id) do nothing`.execute(tx)
            : await sql`update compliance.kyc_record set record = ${JSON.stringify(record)}::jsonb, status = ${record.status}, next_review_on = ${record.nextReviewOn}::date,
                earliest_document_expiry = ${earliest}::date, version = ${record.version}, updated_at = ${record.updatedAt}::timestamptz
                where client_id = ${record.clientId}::uuid and version = ${expectedVersion}`.execute(tx)
          if (written.numAffectedRows !== 1n) return false
          await sql`insert into compliance.kyc_event (client_id, kind, by_staff, detail, version, at)
            values (${record.clientId}::uuid, ${event.kind}, ${event.by}, ${JSON.stringify(event.detail)}::jsonb, ${record.version}, ${record.updatedAt}::timestamptz)`.execute(tx)
          return true
        })
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return false
        throw error
      }
    },
    async kycDue(until, limit) {
      const { rows } = await sql<Row>`select record from compliance.kyc_record
        where next_review_on <= ${until}::date or earliest_document_expiry <= ${until}::date
        order by least(coalesce(next_review_on, 'infinity'::date), coalesce(earliest_document_expiry, 'infinity'::date)), client_id limit ${limit}`.execute(db)
      return rows.map((r) => parsed(r.record))
    },
  }
}

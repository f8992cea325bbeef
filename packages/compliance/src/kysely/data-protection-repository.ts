import { sql, type Kysely } from 'kysely'
import type { DataProtectionStore, ErasureRecord, LegalHold, PurgeRun } from '../core/index.js'

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)

const toHold = (r: Record<string, any>): LegalHold => ({
  id: r.id, clientId: r.client_id, reference: r.reference, reason: r.reason, placedBy: r.placed_by, placedAt: iso(r.placed_at)!,
  releasedBy: r.released_by ?? null, releasedAt: iso(r.released_at), releaseNote: r.release_note ?? null,
})
const toErasure = (r: Record<string, any>): ErasureRecord => ({
  id: r.id, clientId: r.client_id, plan: json(r.plan), requestedBy: r.requested_by, requestedAt: iso(r.requested_at)!,
  executedAt: iso(r.executed_at), result: r.result === null ? null : json(r.result),
})

/**
 * Legal holds, erasures and purge runs on PostgreSQL (or PGlite). Deleting
 * from an append-only table (the KYC history) happens only here, in a
 * transaction that declares itself a retention purge to the trigger.
 */
export function createKyselyDataProtectionStore(db: Kysely<any>): DataProtectionStore {
  return {
    async insertHold(h) {
      await sql`insert into compliance.legal_hold (id, client_id, reference, reason, placed_by, placed_at)
        values (${h.id}::uuid, ${h.clientId}::uuid, ${h.reference}, ${h.reason}, ${h.placedBy}, ${h.placedAt})`.execute(db)
    },
    async releaseHold(id, by, at, note) {
      const { rows } = await sql<Record<string, any>>`update compliance.legal_hold set released_by = ${by}, released_at = ${at}, release_note = ${note}
        where id = ${id}::uuid and released_at is null returning *`.execute(db)
      return rows[0] ? toHold(rows[0]) : undefined
    },
    async findHold(id) {
      const { rows } = await sql<Record<string, any>>`select * from compliance.legal_hold where id = ${id}::uuid`.execute(db)
      return rows[0] ? toHold(rows[0]) : undefined
    },
    async listHolds({ clientId, active }) {
      const { rows } = await sql<Record<string, any>>`select * from compliance.legal_hold
        where (${clientId ?? null}::uuid is null or client_id = ${clientId ?? null}::uuid)
          and (${active ?? null}::boolean is null or (released_at is null) = ${active ?? null}::boolean)
        order by placed_at, id`.execute(db)
      return rows.map(toHold)
    },
    async insertErasure(e) {
      await sql`insert into compliance.erasure (id, client_id, plan, requested_by, requested_at)
        values (${e.id}::uuid, ${e.clientId}::uuid, ${JSON.stringify(e.plan)}::jsonb, ${e.requestedBy}, ${e.requestedAt})`.execute(db)
    },
    async completeErasure(id, result, at) {
      await sql`update compliance.erasure set result = ${JSON.stringify(result)}::jsonb, executed_at = ${at}
        where id = ${id}::uuid and executed_at is null`.execute(db)
    },
    async listErasures(clientId) {
      const { rows } = await sql<Record<string, any>>`select * from compliance.erasure where client_id = ${clientId}::uuid order by requested_at, id`.execute(db)
      return rows.map(toErasure)
    },
    async deleteKycFile(clientId) {
      return db.transaction().execute(async (trx) => {
        await sql`set local compliance.retention_purge = 'on'`.execute(trx)
        const events = await sql`delete from compliance.kyc_event where client_id = ${clientId}::uuid`.execute(trx)
        const record = await sql`delete from compliance.kyc_record where client_id = ${clientId}::uuid`.execute(trx)
        return Number(events.numAffectedRows ?? 0n) + Number(record.numAffectedRows ?? 0n)
      })
    },
    async deleteExports(filter) {
      const result = 'clientId' in filter
        ? await sql`delete from compliance.data_export where client_id = ${filter.clientId}::uuid
            and not exists (select 1 from compliance.legal_hold h where h.client_id = data_export.client_id and h.released_at is null)`.execute(db)
        : await sql`delete from compliance.data_export where created_at < ${filter.createdBefore}
            and not exists (select 1 from compliance.legal_hold h where h.client_id = data_export.client_id and h.released_at is null)`.execute(db)
      return Number(result.numAffectedRows ?? 0n)
    },
    async insertPurgeRun(run: PurgeRun) {
      await sql`insert into compliance.purge_run (id, on_date, run_by, started_at, finished_at, result)
        values (${run.id}::uuid, ${run.onDate}::date, ${run.runBy}, ${run.startedAt}, ${run.finishedAt}, ${JSON.stringify(run.result)}::jsonb)`.execute(db)
    },
    async listPurgeRuns(limit) {
      const { rows } = await sql<Record<string, any>>`select id, to_char(on_date, 'YYYY-MM-DD') as on_date, run_by, started_at, finished_at, result
        from compliance.purge_run order by started_at desc limit ${limit}`.execute(db)
      return rows.map((r) => ({ id: r.id, onDate: r.on_date, runBy: r.run_by, startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at)!, result: json(r.result) }))
    },
  }
}

import { sql, type Kysely } from 'kysely'
import { decodeCursor, encodeCursor, type Page, type PageRequest } from '@strongroom/kernel'
import type { ClientScreening, ScreeningAlert, WatchlistEntry, WatchlistStore, WatchlistVersion } from '../core/index.js'

type Row = Record<string, any>

/** Entries per insert statement: three parameters each, far under PostgreSQL's 65,535. */
const entryBatch = 1000

function toVersion(row: Row): WatchlistVersion {
  return {
    id: row.id, listName: row.list_name, version: Number(row.version), checksum: row.checksum, source: row.source,
    entryCount: Number(row.entry_count), aliasCount: Number(row.alias_count), importedBy: row.imported_by, importedAt: new Date(row.imported_at),
  }
}

function toScreening(row: Row): ClientScreening {
  return {
    id: row.id, clientId: row.client_id, versionId: row.version_id, listName: row.list_name, version: Number(row.version), reason: row.reason,
    screenedName: row.screened_name, topBand: row.top_band, hits: typeof row.hits === 'string' ? JSON.parse(row.hits) : row.hits,
    screenedBy: row.screened_by, screenedAt: new Date(row.screened_at),
  }
}

function toAlert(row: Row): ScreeningAlert {
  return {
    id: row.id, clientId: row.client_id, listName: row.list_name, entryId: row.entry_id, versionId: row.version_id, band: row.band,
    score: Number(row.score), status: row.status, openedAt: new Date(row.opened_at), closedAt: row.closed_at ? new Date(row.closed_at) : null,
    closedReason: row.closed_reason,
  }
}

/** Watchlists, screenings and alerts on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyWatchlistStore(db: Kysely<any>): WatchlistStore {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Row[]

  return {
    async latestVersion(listName) {
      const [row] = await rows(sql`select * from compliance.watchlist_version where list_name = ${listName} order by version desc limit 1`)
      return row ? toVersion(row) : undefined
    },
    async latestVersions() {
      return (await rows(sql`select distinct on (list_name) * from compliance.watchlist_version order by list_name, version desc`)).map(toVersion)
    },
    async insertVersion(version, entries) {
      try {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('compliance.watchlist_version').values({
            id: version.id, list_name: version.listName, version: version.version, checksum: version.checksum, source: version.source,
            entry_count: version.entryCount, alias_count: version.aliasCount, imported_by: version.importedBy, imported_at: version.importedAt,
          }).execute()
          for (let i = 0; i < entries.length; i += entryBatch) {
            await tx.insertInto('compliance.watchlist_entry').values(entries.slice(i, i + entryBatch).map((entry) => ({
              version_id: version.id, entry_id: entry.id, entry: JSON.stringify(entry),
            }))).execute()
          }
        })
        return true
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return false
        throw error
      }
    },
    async loadEntries(versionId) {
      const found = await rows(sql`select entry from compliance.watchlist_entry where version_id = ${versionId}::uuid order by entry_id`)
      return found.map((r) => (typeof r.entry === 'string' ? JSON.parse(r.entry) : r.entry) as WatchlistEntry)
    },
    async listVersions() {
      return (await rows(sql`select * from compliance.watchlist_version order by list_name, version desc`)).map(toVersion)
    },
    async insertScreenings(screenings) {
      if (screenings.length === 0) return
      await db.insertInto('compliance.client_screening').values(screenings.map((s) => ({
        id: s.id, client_id: s.clientId, version_id: s.versionId, reason: s.reason, screened_name: s.screenedName, top_band: s.topBand,
        hits: JSON.stringify(s.hits), screened_by: s.screenedBy, screened_at: s.screenedAt,
      }))).execute()
    },
    async latestScreenings(clientId) {
      return (await rows(sql`select distinct on (v.list_name) s.*, v.list_name, v.version
        from compliance.client_screening s join compliance.watchlist_version v on v.id = s.version_id
        where s.client_id = ${clientId}::uuid order by v.list_name, s.screened_at desc, s.id desc`)).map(toScreening)
    },
    async openAlert(alert) {
      const [row] = await rows(sql`insert into compliance.screening_alert (id, client_id, list_name, entry_id, version_id, band, score, status, opened_at)
        values (${alert.id}::uuid, ${alert.clientId}::uuid, ${alert.listName}, ${alert.entryId}, ${alert.versionId}::uuid, ${alert.band}, ${String(alert.score)}::numeric, 'open', ${alert.openedAt})
        on conflict do nothing returning id`)
      return row !== undefined
    },
    async clearAlerts(clientId, listName, stillHit, reason, at) {
      const found = await rows(sql`update compliance.screening_alert set status = 'cleared', closed_at = ${at}, closed_reason = ${reason}
        where client_id = ${clientId}::uuid and list_name = ${listName} and status = 'open' and not (entry_id = any(${[...stillHit]}::text[]))
        returning entry_id`)
      return found.map((r) => r.entry_id as string)
    },
    async clearAlertOn(clientId, listName, entryId, reason, at) {
      await sql`update compliance.screening_alert set status = 'cleared', closed_at = ${at}, closed_reason = ${reason}
        where client_id = ${clientId}::uuid and list_name = ${listName} and entry_id = ${entryId} and status = 'open'`.execute(db)
    },
    async insertWhitelist(w) {
      await sql`insert into compliance.screening_whitelist (id, client_id, list_name, entry_id, reason, requested_by, approved_by, approval_id, created_at, expires_on)
        values (${w.id}::uuid, ${w.clientId}::uuid, ${w.listName}, ${w.entryId}, ${w.reason}, ${w.requestedBy}, ${w.approvedBy}, ${w.approvalId}::uuid, ${w.createdAt}, ${w.expiresOn}::date)`.execute(db)
    },
    async whitelistOf(clientId, date) {
      const found = await rows(sql`select * from compliance.screening_whitelist where client_id = ${clientId}::uuid and expires_on >= ${date}::date order by created_at`)
      return found.map((r) => ({
        id: r.id, clientId: r.client_id, listName: r.list_name, entryId: r.entry_id, reason: r.reason, requestedBy: r.requested_by, approvedBy: r.approved_by,
        approvalId: r.approval_id, createdAt: new Date(r.created_at), expiresOn: typeof r.expires_on === 'string' ? r.expires_on.slice(0, 10) : new Date(r.expires_on).toISOString().slice(0, 10),
      }))
    },
    async listAlerts(filter, page: PageRequest) {
      const after = page.cursor ? decodeCursor(page.cursor) ?? null : null
      const found = await rows(sql`select * from compliance.screening_alert
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
        order by id limit ${page.limit + 1}`)
      const items = found.slice(0, page.limit).map(toAlert)
      return { items, nextCursor: found.length > page.limit ? encodeCursor(items[items.length - 1]!.id) : null } satisfies Page<ScreeningAlert>
    },
  }
}

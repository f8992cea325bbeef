import type { Clock, IdGenerator, Page, PageRequest } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { createScreeningIndex, type ScreeningHit, type ScreeningIndex, type ScreeningQuery, type WatchlistEntry } from '../screening/index.js'
import type {
  ClientDirectory, ClientScreening, ClientToScreen, RecordedHit, ScreeningAlert, ScreeningReason, WatchlistStore, WatchlistVersion, WhitelistEntry,
} from './ports.js'

/** Hex SHA-256 of a text: a port, so the core stays free of `node:crypto`. */
export type Sha256 = (text: string) => string

export interface WatchlistServiceDeps {
  readonly store: WatchlistStore
  readonly clients: ClientDirectory
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly sha256: Sha256
  /** The business date now, `YYYY-MM-DD` (a whitelisting holds through its expiry day in the bank's time zone). */
  readonly today: () => string
}

export interface ListImport {
  readonly listName: string
  /** Where the files came from ("OFAC SDN CSV, 2021-07 snapshot", an upload's file names). */
  readonly source: string
  /** The files as received, in a fixed order: their checksum decides whether this is a new version. */
  readonly files: readonly string[]
  readonly entries: readonly WatchlistEntry[]
}

export interface HitChange {
  readonly clientId: string
  readonly entryId: string
  readonly entryName: string
  readonly band: 'review' | 'block'
  readonly score: number
}

export interface ImportReport {
  readonly version: WatchlistVersion
  /** False when the same files were imported before: nothing changed, no re-screening. */
  readonly created: boolean
  readonly rescreened: number
  /** Hits a client did not have against the previous version. */
  readonly newHits: readonly HitChange[]
  /** Hits the previous version gave that this one no longer does. */
  readonly clearedHits: readonly HitChange[]
}

/** The names a client is screened under: the legal name and, where there is one, the native-script name. */
function queriesOf(client: ClientToScreen): ScreeningQuery[] {
  const base = {
    entityType: client.kind === 'institution' ? ('entity' as const) : ('individual' as const),
    country: client.country,
    ...(client.birthOrRegistrationDate && client.kind === 'individual' ? { dateOfBirth: client.birthOrRegistrationDate } : {}),
  }
  const names = [client.legalName, ...(client.nativeName ? [client.nativeName] : [])]
  return names.map((name) => ({ ...base, name }))
}

function recorded(hit: ScreeningHit): RecordedHit {
  return {
    entryId: hit.entry.id, entryName: hit.entry.primaryName, matchedName: hit.matchedName, matchedOn: hit.matchedOn,
    score: hit.score, band: hit.band, explanation: hit.explanation.map((e) => ({ ...e })),
  }
}

/** The best hit per list entry across the client's names, best first. */
function bestPerEntry(hits: readonly ScreeningHit[]): ScreeningHit[] {
  const best = new Map<string, ScreeningHit>()
  for (const hit of hits) {
    const seen = best.get(hit.entry.id)
    if (!seen || hit.score > seen.score) best.set(hit.entry.id, hit)
  }
  return [...best.values()].sort((a, b) => b.score - a.score)
}

const bandRank = { clear: 0, review: 1, block: 2 } as const

/**
 * Watchlists and the screening of clients against them. A list is imported
 * as a version (a new one only when its files changed); importing a new
 * version screens every client again and reports the hits that appeared and
 * the ones that went away. Each screening is kept with the version it used,
 * and a review- or block-band hit opens one alert per client and entry.
 */
export function createWatchlistService(deps: WatchlistServiceDeps) {
  const { store, clients, clock, ids } = deps
  // The index of each list's latest version, built once per version (a few hundred ms for the SDN list).
  const indexes = new Map<string, { versionId: string; index: ScreeningIndex; version: WatchlistVersion }>()

  /**
   * The index of each list's version in force: one query for the versions, and
   * an index built only when a list has a new one. Screening runs inside the
   * transfer workflow, so this is the only read it makes when nothing hits.
   */
  async function loadedIndexes(): Promise<{ index: ScreeningIndex; version: WatchlistVersion }[]> {
    const loaded = []
    for (const latest of await store.latestVersions()) {
      let cached = indexes.get(latest.listName)
      if (!cached || cached.versionId !== latest.id) {
        cached = { versionId: latest.id, index: createScreeningIndex(await store.loadEntries(latest.id)), version: latest }
        indexes.set(latest.listName, cached)
      }
      loaded.push(cached)
    }
    return loaded
  }

  /** The list entries cleared as false positives for the client today, as `list:entry` keys; read only when there are hits to clear. */
  async function whitelistedKeys(clientId: string): Promise<Set<string>> {
    return new Set((await store.whitelistOf(clientId, deps.today())).map((w) => `${w.listName}:${w.entryId}`))
  }

  async function screen(client: ClientToScreen, loaded: { index: ScreeningIndex; version: WatchlistVersion }, reason: ScreeningReason, actorId: string): Promise<ClientScreening> {
    const { version } = loaded
    let hits = bestPerEntry(queriesOf(client).flatMap((query) => loaded.index.search(query))).filter((hit) => hit.band !== 'clear')
    if (hits.length > 0) {
      const cleared = await whitelistedKeys(client.id)
      hits = hits.filter((hit) => !cleared.has(`${version.listName}:${hit.entry.id}`))
    }
    const topBand = hits.reduce<ScreeningHit['band']>((top, hit) => (bandRank[hit.band] > bandRank[top] ? hit.band : top), 'clear')
    return {
      id: ids.next(), clientId: client.id, versionId: version.id, listName: version.listName, version: version.version, reason,
      screenedName: [client.legalName, client.nativeName].filter(Boolean).join(' / '), topBand, hits: hits.map(recorded),
      screenedBy: actorId, screenedAt: clock.now(),
    }
  }

  /** Keeps the screening and brings the client's alerts on that list in line with it; answers what appeared and what went away. */
  async function record(screening: ClientScreening): Promise<{ opened: HitChange[]; cleared: string[] }> {
    await store.insertScreenings([screening])
    const opened: HitChange[] = []
    for (const hit of screening.hits) {
      if (hit.band === 'clear') continue
      const alert: ScreeningAlert = {
        id: ids.next(), clientId: screening.clientId, listName: screening.listName, entryId: hit.entryId, versionId: screening.versionId,
        band: hit.band, score: hit.score, status: 'open', openedAt: screening.screenedAt, closedAt: null, closedReason: null,
      }
      if (await store.openAlert(alert)) opened.push({ clientId: screening.clientId, entryId: hit.entryId, entryName: hit.entryName, band: hit.band, score: hit.score })
    }
    const cleared = await store.clearAlerts(screening.clientId, screening.listName, screening.hits.map((h) => h.entryId),
      `no longer a hit on ${screening.listName} version ${screening.version}`, screening.screenedAt)
    return { opened, cleared }
  }

  return {
    /**
     * Imports a list. The same files again answer the existing version and
     * change nothing; new content becomes the next version, and every client
     * is screened against it.
     */
    async importList(list: ListImport, actorId: string): Promise<ImportReport> {
      if (list.entries.length === 0) throw new ComplianceError('compliance.invalid_list', 'the list has no entries')
      const checksum = deps.sha256(list.files.join('\u0000'))
      // The same files as the version in force change nothing. Files equal to an older version (a delisting
      // undone) are new content relative to the list in force, so they make a new version.
      const previous = await store.latestVersion(list.listName)
      if (previous?.checksum === checksum) return { version: previous, created: false, rescreened: 0, newHits: [], clearedHits: [] }
      const version: WatchlistVersion = {
        id: ids.next(), listName: list.listName, version: (previous?.version ?? 0) + 1, checksum, source: list.source,
        entryCount: list.entries.length, aliasCount: list.entries.reduce((n, e) => n + e.aliases.length, 0), importedBy: actorId, importedAt: clock.now(),
      }
      if (!(await store.insertVersion(version, list.entries))) {
        throw new ComplianceError('compliance.invalid_list', `another import of ${list.listName} made version ${version.version} first: import again`)
      }
      const fresh = (await loadedIndexes()).find((l) => l.version.id === version.id)
      if (!fresh) throw new ComplianceError('compliance.invalid_list', `another import of ${list.listName} came after this one: import again`)
      const newHits: HitChange[] = []
      const clearedHits: HitChange[] = []
      let rescreened = 0
      let cursor: string | undefined
      do {
        const page = await clients.listClients({ limit: 200, cursor })
        for (const client of page.items) {
          const before = (await store.latestScreenings(client.id)).find((s) => s.listName === list.listName)
          const screening = await screen(client, fresh, 'list-update', actorId)
          rescreened += 1
          const { opened, cleared } = await record(screening)
          newHits.push(...opened)
          for (const entryId of cleared) {
            const was = before?.hits.find((h) => h.entryId === entryId)
            clearedHits.push({ clientId: client.id, entryId, entryName: was?.entryName ?? entryId, band: (was?.band === 'block' ? 'block' : 'review'), score: was?.score ?? 0 })
          }
        }
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      return { version, created: true, rescreened, newHits, clearedHits }
    },

    /** Hits for a name (and what corroborates it) on every loaded list, best first. */
    async search(query: ScreeningQuery, limit = 20): Promise<{ versions: WatchlistVersion[]; hits: ScreeningHit[] }> {
      const loaded = await loadedIndexes()
      if (loaded.length === 0) throw new ComplianceError('compliance.list_not_loaded', 'no watchlist is loaded: import one first')
      const hits = loaded.flatMap((l) => l.index.search(query))
      return { versions: loaded.map((l) => l.version), hits: hits.sort((a, b) => b.score - a.score).slice(0, limit) }
    },

    /** Screens one client against every loaded list now and keeps the result (onboarding, a name change, on request). */
    async screenClient(clientId: string, reason: ScreeningReason, actorId: string): Promise<ClientScreening[]> {
      const client = await clients.findClient(clientId)
      if (!client) throw new ComplianceError('compliance.client_not_found', `no client ${clientId}`)
      const done: ClientScreening[] = []
      for (const loaded of await loadedIndexes()) {
        const screening = await screen(client, loaded, reason, actorId)
        await record(screening)
        done.push(screening)
      }
      return done
    },

    /**
     * Screens the counterparty of a client's outgoing transfer against every
     * loaded list: a hit in the review or block band opens an alert on the
     * client for compliance; the best hit is answered (undefined when clear
     * or when no list is loaded) so the workflow can stop a block.
     */
    async screenCounterparty(clientId: string, counterparty: { name: string; country?: string | undefined }): Promise<ScreeningHit | undefined> {
      const query = { name: counterparty.name, ...(counterparty.country ? { country: counterparty.country } : {}) }
      const candidates = (await loadedIndexes()).flatMap(({ index, version }) => index.search(query, { limit: 5 })
        .filter((hit) => hit.band !== 'clear').map((hit) => ({ hit, versionId: version.id, listName: version.listName })))
      if (candidates.length === 0) return undefined
      const cleared = await whitelistedKeys(clientId)
      const best = candidates.filter((c) => !cleared.has(`${c.listName}:${c.hit.entry.id}`)).sort((a, b) => b.hit.score - a.hit.score)[0]
      if (!best) return undefined
      await store.openAlert({
        id: ids.next(), clientId, listName: best.listName, entryId: best.hit.entry.id, versionId: best.versionId, band: best.hit.band as 'review' | 'block',
        score: best.hit.score, status: 'open', openedAt: clock.now(), closedAt: null, closedReason: null,
      })
      return best.hit
    },

    /**
     * Clears a false positive for one client and list entry until `expiresOn`
     * — the executor of an approved `screening.whitelist` request (it only runs
     * through maker-checker). The client's open alert on that entry closes.
     */
    async whitelist(input: { clientId: string; listName: string; entryId: string; reason: string; expiresOn: string; requestedBy: string; approvedBy: string; approvalId: string }): Promise<WhitelistEntry> {
      const entry: WhitelistEntry = { id: ids.next(), ...input, createdAt: clock.now() }
      await store.insertWhitelist(entry)
      await store.clearAlertOn(input.clientId, input.listName, input.entryId, `whitelisted until ${input.expiresOn}: ${input.reason}`, clock.now())
      return entry
    },
    whitelistOf: (clientId: string) => store.whitelistOf(clientId, deps.today()),

    latestScreenings: (clientId: string) => store.latestScreenings(clientId),
    listVersions: () => store.listVersions(),
    listAlerts: (filter: { status?: 'open' | 'cleared' | undefined; clientId?: string | undefined }, page: PageRequest): Promise<Page<ScreeningAlert>> => store.listAlerts(filter, page),
  }
}

export type WatchlistService = ReturnType<typeof createWatchlistService>

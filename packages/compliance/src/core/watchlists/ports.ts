import type { Page, PageRequest } from '@strongroom/kernel'
import type { ScreeningBand, WatchlistEntry } from '../screening/index.js'

export interface WatchlistVersion {
  readonly id: string
  /** `OFAC-SDN`, or another list the bank loads. */
  readonly listName: string
  /** 1, 2, 3 … per list: a new version only when the content changed. */
  readonly version: number
  /** SHA-256 of the files as imported: the same files as the version in force make no new version. */
  readonly checksum: string
  readonly source: string
  readonly entryCount: number
  readonly aliasCount: number
  readonly importedBy: string
  readonly importedAt: Date
}

/** A hit as kept on record: the list entry by id, with the name matched, the score and why. */
export interface RecordedHit {
  readonly entryId: string
  readonly entryName: string
  readonly matchedName: string
  readonly matchedOn: string
  readonly score: number
  readonly band: ScreeningBand
  readonly explanation: readonly { readonly feature: string; readonly effect: number; readonly detail: string }[]
}

export type ScreeningReason = 'onboarding' | 'name-change' | 'list-update' | 'manual'

/** One screening of one client against one list version. */
export interface ClientScreening {
  readonly id: string
  readonly clientId: string
  readonly versionId: string
  readonly listName: string
  readonly version: number
  readonly reason: ScreeningReason
  readonly screenedName: string
  readonly topBand: ScreeningBand
  readonly hits: readonly RecordedHit[]
  readonly screenedBy: string
  readonly screenedAt: Date
}

export interface ScreeningAlert {
  readonly id: string
  readonly clientId: string
  readonly listName: string
  readonly entryId: string
  readonly versionId: string
  readonly band: 'review' | 'block'
  readonly score: number
  readonly status: 'open' | 'cleared'
  readonly openedAt: Date
  readonly closedAt: Date | null
  readonly closedReason: string | null
}

/** What screening needs to know about a client (from the relationship domain). */
export interface ClientToScreen {
  readonly id: string
  readonly kind: 'individual' | 'institution'
  readonly legalName: string
  readonly nativeName: string | null
  /** Date of birth or registration, YYYY-MM-DD. */
  readonly birthOrRegistrationDate: string | null
  readonly country: string
}

export interface ClientDirectory {
  findClient(id: string): Promise<ClientToScreen | undefined>
  /** Every client, page by page. */
  listClients(page: PageRequest): Promise<Page<ClientToScreen>>
}

/** A false positive cleared for one client and one list entry until it expires. */
export interface WhitelistEntry {
  readonly id: string
  readonly clientId: string
  readonly listName: string
  readonly entryId: string
  readonly reason: string
  readonly requestedBy: string
  readonly approvedBy: string
  readonly approvalId: string
  readonly createdAt: Date
  readonly expiresOn: string
}

export interface WatchlistStore {
  latestVersion(listName: string): Promise<WatchlistVersion | undefined>
  /** The version in force of every list, one per list. */
  latestVersions(): Promise<WatchlistVersion[]>
  /** The version and all its entries, in one transaction; false when that list already has the version number (a concurrent import won). */
  insertVersion(version: WatchlistVersion, entries: readonly WatchlistEntry[]): Promise<boolean>
  loadEntries(versionId: string): Promise<WatchlistEntry[]>
  listVersions(): Promise<WatchlistVersion[]>
  insertScreenings(screenings: readonly ClientScreening[]): Promise<void>
  /** The client's latest screening against each list. */
  latestScreenings(clientId: string): Promise<ClientScreening[]>
  /** Opens an alert unless one is open for that client and entry already; answers whether it opened one. */
  openAlert(alert: ScreeningAlert): Promise<boolean>
  /** Clears the client's open alerts on a list for entries not in `stillHit`; answers the entry ids cleared. */
  clearAlerts(clientId: string, listName: string, stillHit: readonly string[], reason: string, at: Date): Promise<string[]>
  /** Closes the client's open alert on one list entry, if there is one. */
  clearAlertOn(clientId: string, listName: string, entryId: string, reason: string, at: Date): Promise<void>
  insertWhitelist(entry: WhitelistEntry): Promise<void>
  /** The client's whitelist entries in force on `date` (YYYY-MM-DD). */
  whitelistOf(clientId: string, date: string): Promise<WhitelistEntry[]>
  listAlerts(filter: { readonly status?: 'open' | 'cleared' | undefined; readonly clientId?: string | undefined }, page: PageRequest): Promise<Page<ScreeningAlert>>
}

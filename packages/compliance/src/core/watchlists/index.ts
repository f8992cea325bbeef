export { createWatchlistService } from './watchlist-service.js'
export type { HitChange, ImportReport, ListImport, Sha256, WatchlistService, WatchlistServiceDeps } from './watchlist-service.js'
export type {
  ClientDirectory, ClientScreening, ClientToScreen, RecordedHit, ScreeningAlert, ScreeningReason, WatchlistStore, WatchlistVersion, WhitelistEntry,
} from './ports.js'

export { ledgerMigrations, ledgerSchema } from './migrations/index.js'
export { createKyselyLedgerRepository } from './repository.js'
export type { KyselyLedgerOptions, SqlExecutor } from './repository.js'
export type {
  LedgerTables, AccountTable, AccountShardTable, TransferTable, EntryTable, IdempotencyRecordTable, HoldTable, JournalCheckpointTable,
} from './tables.js'
export { createJournalSealer } from './journal-sealer.js'
export type { JournalSealer, JournalSealerOptions, JournalVerification, SealReport } from './journal-sealer.js'

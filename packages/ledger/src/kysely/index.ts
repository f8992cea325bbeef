export { ledgerMigrations, ledgerSchema } from './migrations/index.js'
export { createKyselyLedgerRepository } from './repository.js'
export type { KyselyLedgerOptions, SqlExecutor } from './repository.js'
export type {
  LedgerTables, AccountTable, AccountShardTable, TransferTable, EntryTable, IdempotencyRecordTable, HoldTable, JournalCheckpointTable,
} from './tables.js'
export { createJournalSealer } from './journal-sealer.js'
export type { JournalSealer, JournalSealerOptions, JournalVerification, SealReport } from './journal-sealer.js'
export { createLedgerReports } from './ledger-reports.js'
export type { ClientMovement, LedgerReports, TrialBalanceRow } from './ledger-reports.js'
export { createKyselyFxRateStore } from './fx-rate-repository.js'
export type { KyselyFxRateOptions } from './fx-rate-repository.js'
export type { FxTables, FxRateTable } from './fx-tables.js'
export { createKyselyDepositStore } from './deposit-repository.js'

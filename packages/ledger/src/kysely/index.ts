export { ledgerMigrations, ledgerSchema } from './migrations/index.js'
export { createKyselyLedgerRepository } from './repository.js'
export type { KyselyLedgerOptions, SqlExecutor } from './repository.js'
export type {
  LedgerTables, AccountTable, AccountShardTable, TransferTable, EntryTable, IdempotencyRecordTable, HoldTable,
} from './tables.js'

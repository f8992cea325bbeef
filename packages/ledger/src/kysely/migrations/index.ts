import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-accounts-transfers-holds.js'
import * as m002 from './002-fx-rates.js'
import * as m003 from './003-deposits.js'
import * as m004 from './004-deposit-postings-and-eod-lease.js'

/** Listed statically, so migrations survive bundling and run under any loader. */
export const ledgerMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-accounts-transfers-holds': m001, '002-fx-rates': m002, '003-deposits': m003, '004-deposit-postings-and-eod-lease': m004 }
  },
}

export const ledgerSchema = 'ledger'

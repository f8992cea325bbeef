import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-watchlists.js'
import * as m002 from './002-kyc.js'
import * as m003 from './003-approvals.js'
import * as m004 from './004-reports.js'
import * as m005 from './005-suspicious-and-exports.js'
import * as m006 from './006-training.js'
import * as m007 from './007-whitelist.js'
import * as m008 from './008-identity-checks.js'
import * as m009 from './009-data-protection.js'

/** Listed statically, so migrations survive bundling and run under any loader. */
export const complianceMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-watchlists': m001, '002-kyc': m002, '003-approvals': m003, '004-reports': m004, '005-suspicious-and-exports': m005, '006-training': m006, '007-whitelist': m007, '008-identity-checks': m008, '009-data-protection': m009 }
  },
}

export const complianceSchema = 'compliance'

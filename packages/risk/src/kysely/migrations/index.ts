import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-monitoring.js'
import * as m002 from './002-alerts-and-cases.js'
import * as m003 from './003-assessments-suitability-stress.js'
import * as m004 from './004-held-transfers.js'

/** Listed statically, so migrations survive bundling and run under any loader. */
export const riskMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-monitoring': m001, '002-alerts-and-cases': m002, '003-assessments-suitability-stress': m003, '004-held-transfers': m004 }
  },
}

export const riskSchema = 'risk'

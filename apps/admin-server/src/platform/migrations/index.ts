import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-tokens-audit-idempotency.js'

export const platformMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-tokens-audit-idempotency': m001 }
  },
}
export const platformSchema = 'platform'

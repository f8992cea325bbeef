import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-clients-and-staff.js'

/** Listed statically, so migrations survive bundling and run under any loader. */
export const relationshipMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '001-clients-and-staff': m001 }
  },
}

export const relationshipSchema = 'relationship'

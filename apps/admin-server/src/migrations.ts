import type { SchemaMigrations } from '@strongroom/db-kit'
import { complianceMigrations, complianceSchema } from '@strongroom/compliance/kysely'
import { ledgerMigrations, ledgerSchema } from '@strongroom/ledger/kysely'
import { relationshipMigrations, relationshipSchema } from '@strongroom/relationship/kysely'
import { riskMigrations, riskSchema } from '@strongroom/risk/kysely'
import { platformMigrations, platformSchema } from './platform/migrations/index.js'

/** Every schema the server owns or hosts, migrated in this order on start and by `strongroom migrate`. */
export const allMigrations: readonly SchemaMigrations[] = [
  { schema: platformSchema, provider: platformMigrations },
  { schema: relationshipSchema, provider: relationshipMigrations },
  { schema: ledgerSchema, provider: ledgerMigrations },
  { schema: complianceSchema, provider: complianceMigrations },
  { schema: riskSchema, provider: riskMigrations },
]

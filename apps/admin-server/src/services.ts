import type { Kysely } from 'kysely'
import { systemClock, uuidv7Ids, type Clock, type IdGenerator } from '@strongroom/kernel'
import { createRelationshipService } from '@strongroom/relationship'
import { createKyselyRelationshipRepository } from '@strongroom/relationship/kysely'
import { createApiTokens } from './platform/api-tokens.js'
import { createAuditLog } from './platform/audit-log.js'
import { createIdempotencyStore } from './platform/idempotency-store.js'
import type { Config } from './config.js'

export interface ServiceDeps {
  readonly db: Kysely<any>
  readonly config: Config
  readonly clock?: Clock
  readonly ids?: IdGenerator
}

/** The composition root: every service, built once, from explicit dependencies. */
export function createServices({ db, config, clock = systemClock, ids = uuidv7Ids }: ServiceDeps) {
  return {
    relationship: createRelationshipService({ repo: createKyselyRelationshipRepository(db), clock, ids }),
    tokens: createApiTokens(db, clock, ids),
    audit: createAuditLog(db, clock, ids),
    idempotency: createIdempotencyStore(db, clock, config.idempotencyTtlHours),
  }
}

export type Services = ReturnType<typeof createServices>

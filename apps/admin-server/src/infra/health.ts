import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sql, type Kysely } from 'kysely'
import { migrationsPending, type SchemaMigrations } from '@strongroom/db-kit'

export interface HealthOptions {
  readonly db: Kysely<any>
  readonly migrations: readonly SchemaMigrations[]
}

const status = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() })

/** `/health`: the process answers. `/ready`: the database answers and every migration is applied. */
export const healthRoutes: FastifyPluginAsyncZod<HealthOptions> = async (app, { db, migrations }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: { operationId: 'getHealth', tags: ['operations'], summary: 'Liveness', response: { 200: status } },
  }, async () => ({ status: 'ok' as const }))

  app.get('/metrics', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async (_req, reply) => {
    const registry = app.metricsRegistry
    return reply.type(registry.contentType).send(await registry.metrics())
  })

  app.get('/ready', {
    config: { access: 'public' },
    schema: { operationId: 'getReadiness', tags: ['operations'], summary: 'Readiness', response: { 200: status, 503: status } },
  }, async (_req, reply) => {
    let database = 'ok'
    let schema = 'ok'
    try {
      await sql`select 1`.execute(db)
      if (await migrationsPending(db, migrations)) schema = 'migrations pending'
    } catch {
      database = 'unreachable'
      schema = 'unknown'
    }
    const ok = database === 'ok' && schema === 'ok'
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, migrations: schema } })
  })
}

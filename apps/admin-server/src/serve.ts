import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ensureAdmin } from './bootstrap.js'
import type { Config } from './config.js'
import { seedDemoBook } from './demo-seed.js'
import { defaultBackgroundTasks, startBackgroundWork } from './infra/background-work.js'

/** Starts the server, makes sure an admin can log in, and stops gracefully on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const app = await buildApp(config)
  const emptyDatabase = (await app.services.relationship.countStaff()) === 0
  const admin = await ensureAdmin(app.services, config.adminToken)
  const out: string[] = []
  if (admin?.newToken) {
    out.push('', '  A first administrator was created. Their API token (shown once, keep it safe):', `    ${admin.newToken}`)
  }
  if (admin && emptyDatabase && config.demo && app.database.kind === 'pglite') {
    const book = await seedDemoBook(app.services, { staffId: admin.adminId, roles: ['admin'] })
    out.push('', `  Demo book loaded (STRONGROOM_DEMO=false to skip): ${book.clients} clients, ${book.accounts} funded accounts. Demo staff tokens (shown once):`)
    for (const t of book.tokens) out.push(`    ${t.who.padEnd(24)} ${t.roles.padEnd(22)} ${t.token}`)
  }

  const stopBackgroundWork = startBackgroundWork(app, defaultBackgroundTasks(app))
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'stopping after an error')
    else app.log.info({ signal }, 'stopping: draining requests')
    await stopBackgroundWork()
    await app.close()
  })

  const address = await app.listen({ host: config.host, port: config.port })
  const database = app.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'
  process.stdout.write(
    [
      '',
      `  Strongroom admin server on ${address} (${database})`,
      `  API docs:   ${address}/docs`,
      `  OpenAPI:    ${address}/openapi.json`,
      `  Health:     ${address}/health  ·  ${address}/ready  ·  ${address}/metrics`,
      ...out,
      '',
      '',
    ].join('\n'),
  )
}

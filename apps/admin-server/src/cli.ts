import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseOfacSdn } from '@strongroom/compliance'
import { migrateSchemas, openDatabase } from '@strongroom/db-kit'
import { formatCalendarDate, tryParseCalendarDate } from '@strongroom/ledger'
import { loadConfig } from './config.js'
import { eodProgressBar } from './eod-progress-bar.js'
import { allMigrations } from './migrations.js'

const usage = `strongroom — operate the Strongroom admin server

  strongroom serve              start the server (HOST, PORT, DATABASE_URL, …)
  strongroom migrate            apply every schema's pending migrations
  strongroom openapi [--write | --check | --out FILE]
                                print the OpenAPI document, write it and the SDK types,
                                or fail when the committed contract has drifted
  strongroom seed-demo          load the demo book (RMs, clients) and print demo tokens
  strongroom journal seal       seal every posted entry into the hash chain now
  strongroom journal verify     recompute the chain; exit 1 and name the first broken link
  strongroom screening import --dir DIR
                                import the OFAC SDN list (sdn.csv, alt.csv, add.csv in DIR); a new
                                version re-screens every client and reports new and cleared hits
  strongroom eod --date YYYY-MM-DD
                                close a business day (accrue, post interest, mature deposits,
                                expire holds), catching up missed days; resumes a dead run
  strongroom retention purge    remove what retention no longer requires (closed clients not under a
                                legal hold; export copies past their period) and print what went
  strongroom help

Configuration comes from the environment; see the README.`

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.js')
      await serve(loadConfig())
      return -1 // keeps running
    }
    case 'migrate': {
      const config = loadConfig()
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
      try {
        for (const report of await migrateSchemas(database.db, allMigrations)) {
          const applied = report.applied.length ? report.applied.join(', ') : 'up to date'
          process.stdout.write(`${report.schema.padEnd(14)} ${applied}\n`)
        }
      } finally {
        await database.close()
      }
      return 0
    }
    case 'openapi': {
      const { values } = parseArgs({ args: rest, options: { write: { type: 'boolean' }, check: { type: 'boolean' }, out: { type: 'string' } } })
      const contract = await import('./contract.js')
      if (values.check) {
        const drift = await contract.contractDrift()
        if (drift.length === 0) {
          process.stdout.write('contract: openapi.json and SDK types match the routes\n')
          return 0
        }
        process.stderr.write(`contract drift — regenerate with \`npm run contract:write\` and commit:\n${drift.map((d) => `  ${d}`).join('\n')}\n`)
        return 1
      }
      if (values.write) {
        const written = await contract.writeContract()
        process.stdout.write(`wrote ${written.specPath}\nwrote ${written.typesPath}\n`)
        return 0
      }
      const spec = await contract.generateSpec()
      if (values.out) {
        const { writeFile } = await import('node:fs/promises')
        await writeFile(values.out, spec)
      } else process.stdout.write(spec)
      return 0
    }
    case 'seed-demo': {
      const { buildApp } = await import('./app.js')
      const { ensureAdmin } = await import('./bootstrap.js')
      const { seedDemoBook } = await import('./demo-seed.js')
      const config = loadConfig()
      const app = await buildApp({ ...config, logLevel: 'warn' })
      try {
        const admin = await ensureAdmin(app.services, config.adminToken)
        if (admin?.newToken) process.stdout.write(`admin token (shown once): ${admin.newToken}\n`)
        const adminId = admin?.adminId ?? (await app.services.relationship.findStaffByEmail('admin@strongroom.local'))?.id
        if (!adminId) throw new Error('no bootstrap admin found: start the server once or set STRONGROOM_ADMIN_TOKEN')
        const book = await seedDemoBook(app.services, { staffId: adminId, roles: ['admin'] })
        process.stdout.write(`demo book: ${book.clients} clients, ${book.accounts} funded accounts\n`)
        for (const t of book.tokens) process.stdout.write(`  ${t.who.padEnd(24)} ${t.roles.padEnd(22)} ${t.token}\n`)
      } finally {
        await app.close()
      }
      return 0
    }
    case 'journal': {
      const sub = rest[0]
      if (sub !== 'seal' && sub !== 'verify') {
        process.stderr.write('usage: strongroom journal seal | verify\n')
        return 2
      }
      const { buildApp } = await import('./app.js')
      const app = await buildApp({ ...loadConfig(), logLevel: 'warn' })
      const progress = (label: string) => (n: number) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${label} ${n.toLocaleString('en')} entries`)
      }
      try {
        if (sub === 'seal') {
          const sealed = await app.services.journal.sealAll(5000, progress('sealed'))
          process.stdout.write(`\nsealed ${sealed} entries\n`)
          return 0
        }
        const result = await app.services.journal.verify(5000, progress('verified'))
        if (process.stderr.isTTY) process.stderr.write('\n')
        if (result.ok) {
          process.stdout.write(`journal OK: ${result.count} sealed entries verified, head ${result.head?.sequence ?? '-'}, ${result.unsealed} not sealed yet\n`)
          return 0
        }
        process.stdout.write(`journal BROKEN at sequence ${result.firstBrokenSequence}: ${result.reason} — ${result.detail}\n`)
        return 1
      } finally {
        await app.close()
      }
    }
    case 'screening': {
      const { values, positionals } = parseArgs({ args: rest, options: { dir: { type: 'string' } }, allowPositionals: true, strict: true })
      if (positionals[0] !== 'import' || !values.dir) {
        process.stderr.write('usage: strongroom screening import --dir DIR (with sdn.csv, alt.csv, add.csv)\n')
        return 2
      }
      const read = (name: string) => (existsSync(join(values.dir!, name)) ? readFileSync(join(values.dir!, name), 'utf8') : '')
      const files = { sdn: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv') }
      if (!files.sdn) {
        process.stderr.write(`no sdn.csv in ${values.dir}\n`)
        return 2
      }
      const { buildApp } = await import('./app.js')
      const app = await buildApp({ ...loadConfig(), logLevel: 'warn' })
      try {
        const entries = parseOfacSdn(files)
        const report = await app.services.watchlists.importList({ listName: 'OFAC-SDN', source: `OFAC SDN CSV from ${values.dir}`, files: [files.sdn, files.alt, files.add], entries }, 'cli')
        const v = report.version
        process.stdout.write(report.created
          ? `OFAC-SDN version ${v.version}: ${v.entryCount} entries, ${v.aliasCount} aliases; ${report.rescreened} clients re-screened, ${report.newHits.length} new hits, ${report.clearedHits.length} cleared\n`
          : `OFAC-SDN unchanged: these files are version ${v.version}, imported ${v.importedAt.toISOString()}\n`)
        for (const hit of report.newHits) process.stdout.write(`  new ${hit.band}: client ${hit.clientId} ~ ${hit.entryName} (${hit.entryId}), score ${hit.score.toFixed(3)}\n`)
        for (const hit of report.clearedHits) process.stdout.write(`  cleared: client ${hit.clientId} ~ ${hit.entryName} (${hit.entryId})\n`)
        return 0
      } finally {
        await app.close()
      }
    }
    case 'eod': {
      const { values } = parseArgs({ args: rest, options: { date: { type: 'string' } }, strict: true })
      const date = values.date && tryParseCalendarDate(values.date)
      if (!date) {
        process.stderr.write('usage: strongroom eod --date YYYY-MM-DD\n')
        return 2
      }
      const { buildApp } = await import('./app.js')
      const app = await buildApp({ ...loadConfig(), logLevel: 'warn' })
      try {
        const run = await app.services.endOfDay.run(date, 'cli', { onProgress: eodProgressBar(process.stderr) })
        if (process.stderr.isTTY) process.stderr.write('\n')
        const counts = Object.entries(run.counts).map(([step, n]) => `${step} ${n}`).join(', ')
        process.stdout.write(`end of day ${formatCalendarDate(run.businessDate)}: ${run.status} (from ${formatCalendarDate(run.fromDate)}; ${counts || 'nothing to do'})\n`)
        return run.status === 'completed' ? 0 : 1
      } catch (error) {
        if (process.stderr.isTTY) process.stderr.write('\n')
        process.stderr.write(`end of day failed: ${error instanceof Error ? error.message : String(error)}\n`)
        return 1
      } finally {
        await app.close()
      }
    }
    case 'retention': {
      if (rest[0] !== 'purge') {
        process.stderr.write('usage: strongroom retention purge\n')
        return 2
      }
      const { buildApp } = await import('./app.js')
      const { createDataProtection } = await import('./workflows/data-protection.js')
      const config = loadConfig()
      const app = await buildApp({ ...config, logLevel: 'warn' })
      try {
        const run = await createDataProtection(app.services, { timeZone: config.businessTimeZone }).purge('cli')
        const applied = Object.entries(run.result.applied).map(([type, n]) => `${type} ${n}`).join(', ')
        process.stdout.write(`retention purge ${run.onDate}: ${run.result.clientsConsidered} closed clients, ${run.result.clientsOnHold} under a legal hold; `
          + `${applied || 'nothing due'}; ${run.result.exportsDeleted} export copies removed\n`)
        return 0
      } finally {
        await app.close()
      }
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${usage}\n`)
      return 0
    default:
      process.stderr.write(`unknown command: ${command}\n\n${usage}\n`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)

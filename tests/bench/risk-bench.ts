/**
 * Risk's inline transaction monitoring on the transfer path, on real
 * PostgreSQL: POST /v1/transfers with the default monitoring rule pack inline
 * against the same route with monitoring off, on the same database, in the
 * same run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:risk
 *
 * A fresh database, two servers on it sharing one connection pool and one
 * fixed clock: `riskMonitoring: true` and `riskMonitoring: false` (testConfig:
 * KYC gate and rate limiting off). Requests go through the whole Fastify
 * stack (auth, validation, audit, idempotency, the transfer workflow, the
 * response) by `app.inject`, so neither side pays for sockets or an HTTP
 * client — the ratio is the server's own.
 *
 * Seeding, through the monitored server (so the daily buckets fill as in
 * production): one client with BENCH_HISTORY past transfers (default 10,000)
 * over BENCH_DAYS business days (default 180), ending three days before the
 * measurement: 10% cash deposits, 30% incoming transfers from 40 payers, 50%
 * outgoing transfers to 60 payees, 10% cash withdrawals; amounts with cents,
 * below every review and block rule's figures (no call-for-action or
 * monitored jurisdictions). The clock stands at each business day while its
 * transfers post, 16 at a time. Then VACUUM ANALYZE: history this old has
 * long been vacuumed (each seeded bucket row was updated ~14 times).
 *
 * Measured, in the same closed loop for both: BENCH_CONCURRENCY requests in
 * flight (default 12), each an outgoing transfer of CNY 100.00–499.99 from
 * the client's account to a settlement account, channel 'transfer', to one of
 * the client's payees. The clock moves to the next business day every
 * BENCH_PER_DAY transfers (default 500), so a day's buckets look like a busy
 * client's, not like one day with the whole benchmark in it (which the
 * activity-spike rule would rightly send to review). A warm-up of
 * BENCH_WARMUP seconds per mode (default 2), then BENCH_ROUNDS rounds
 * (default 3) of BENCH_SECONDS seconds per mode (default 5), alternating
 * which mode goes first; a CHECKPOINT before each phase, outside the timing.
 *
 * Reported: transfers/s and p50/p99 latency per mode over the counted
 * rounds; per transfer, the SQL statements (every pg query, BEGIN and COMMIT
 * included) and transactions, this process's CPU and the CPU of the
 * PostgreSQL backends serving the bench database (from /proc, when the
 * server runs on this machine) — what each mode costs whatever else the
 * machine is doing; the live monitoring decisions taken; and
 *   ratio = time per transfer with monitoring ÷ time per transfer without
 *         = (transfers/s without) ÷ (transfers/s with)      target ≤ 1.3
 */
import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { buildApp, ensureAdmin, testConfig } from '@strongroom/admin-server'
import { openDatabase, withDatabase } from '@strongroom/db-kit'
import { fixedClock, parseMoney } from '@strongroom/kernel'
import { randomFrom } from '@strongroom/compliance'
import { admin as adminStatement, requireServerUrl } from './bench-database.js'

const serverUrl = requireServerUrl()

function knob(name: string, fallback: number, min: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value < min) {
    process.stderr.write(`${name} must be a number of at least ${min}\n`)
    process.exit(2)
  }
  return value
}
const seconds = knob('BENCH_SECONDS', 5, 0.5)
const warmUpSeconds = knob('BENCH_WARMUP', 2, 0)
const rounds = Math.floor(knob('BENCH_ROUNDS', 3, 1))
const concurrency = Math.floor(knob('BENCH_CONCURRENCY', 12, 1))
const historyCount = Math.floor(knob('BENCH_HISTORY', 10_000, 0))
const historyDays = Math.floor(knob('BENCH_DAYS', 180, 1))
const perDay = Math.floor(knob('BENCH_PER_DAY', 500, 1))
const seedConcurrency = 16
const target = 1.3

const token = 'srt_bench-admin-token-0123456789abcdefghij'
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
const dayMs = 86_400_000
/** The first measured business day (a Monday); history ends three days before it. */
const benchStart = Date.parse('2026-03-02T10:00:00.000Z')

const admin = (text: string) => adminStatement(serverUrl, text)

// Every statement either server sends goes through pg.Client#query: count them, and the transactions among them.
const sqlCount = { statements: 0, transactions: 0 }
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  sqlCount.statements += 1
  const first = args[0] as string | { text?: string } | undefined
  const text = typeof first === 'string' ? first : first?.text
  if (text && /^\s*(begin|start transaction)/i.test(text)) sqlCount.transactions += 1
  return query.apply(this, args)
} as typeof pg.Client.prototype.query

// The same deterministic generator the screening benchmark seeds with: every run seeds the same history.
const random = randomFrom(20260302)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
/** A CNY amount between `from` and `to` major units, with cents (so never a round amount). */
const amountBetween = (from: number, to: number): string => {
  const major = from + Math.floor(random() * (to - from))
  return `${major}.${String(1 + Math.floor(random() * 99)).padStart(2, '0')}`
}

const countries = ['CN', 'CN', 'CN', 'HK', 'SG', 'GB', 'CH', 'US'] as const
const payers = Array.from({ length: 40 }, (_, i) => ({ name: `Payer ${i + 1} Ltd`, account: `6222${String(100000 + i)}`, country: pick(countries) }))
const payees = Array.from({ length: 60 }, (_, i) => ({ name: `Payee ${i + 1}`, account: `6217${String(200000 + i)}`, country: pick(countries) }))

/**
 * CPU ticks of each PostgreSQL backend serving `databaseName`, from /proc (none where the server runs elsewhere):
 * with this process's own CPU, what each mode costs per transfer whatever else the machine is doing.
 */
function backendCpuSeconds(databaseName: string): Map<string, number> {
  const ticks = new Map<string, number>()
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return ticks
  }
  for (const pid of entries) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${databaseName} `)) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks.set(pid, Number(fields[11]) + Number(fields[12])) // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks
}

/** CPU seconds the backends spent between two readings (a backend that ended meanwhile is left out: it was idle). */
function backendCpuSince(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0)
  return ticks / 100
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!

async function main() {
  const benchDb = `sr_risk_bench_${process.pid}`
  await admin(`create database ${benchDb}`)
  const database = await openDatabase({ url: withDatabase(serverUrl, benchDb), maxConnections: 20 })
  const clock = fixedClock(new Date(benchStart - (historyDays + 3 + 20) * dayMs))
  const config = { logLevel: 'error' as const, rateLimitPerMinute: 0, kycGate: false }
  let monitoredApp: FastifyInstance | undefined
  let plainApp: FastifyInstance | undefined
  try {
    monitoredApp = await buildApp(testConfig({ ...config, riskMonitoring: true }), { database, clock })
    plainApp = await buildApp(testConfig({ ...config, riskMonitoring: false }), { database, clock })
    const apps = { with: monitoredApp, without: plainApp } as const
    const { services } = monitoredApp
    const bootstrap = await ensureAdmin(services, token)
    const actor = { staffId: bootstrap!.adminId, roles: ['admin' as const] }

    // The client: onboarded 20 days before its history starts, KYC on file with a documented source of funds.
    const client = await services.relationship.createClient(actor, {
      kind: 'individual', legalName: 'Bench Client', nativeName: '测试客户', birthOrRegistrationDate: '1970-01-01', country: 'CN', segment: 'high_net_worth',
      contactPoints: [{ kind: 'email', value: 'bench.client@example.com' }],
    })
    await services.relationship.updateClient(actor, client.id, { status: 'onboarding', statusReason: 'bench' })
    await services.relationship.updateClient(actor, client.id, { status: 'active', statusReason: 'bench' })
    await services.kyc.updateProfile(client.id, {
      riskRating: 'low', ratingReasons: ['bench'],
      sourceOfWealth: { declaration: 'bench: business ownership', evidenceRefs: ['bench/sow.pdf'] },
      sourceOfFunds: { declaration: 'bench: dividends', evidenceRefs: ['bench/sof.pdf'] },
    }, actor.staffId)
    const { ledger } = services
    const open = async (input: Parameters<typeof ledger.openAccount>[0]) => (await ledger.openAccount(input)).account.id
    const vault = await open({ kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })
    const settlement = await open({ kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'Settlement' })
    const account = await open({ kind: 'client', clientId: client.id, currency: 'CNY', name: 'Bench demand deposit' })
    // An opening balance straight into the ledger (not client activity the buckets count), so no outflow of the seed overdraws.
    await ledger.postTransfer({ debitAccountId: vault, creditAccountId: account, amount: parseMoney('50000000.00', 'CNY'), channel: 'internal' })

    async function post(app: FastifyInstance, body: unknown): Promise<{ ok: boolean; ms: number; status: number; text: string }> {
      const started = performance.now()
      const res = await app.inject({ method: 'POST', url: '/v1/transfers', headers, payload: JSON.stringify(body) })
      return { ok: res.statusCode === 201, ms: performance.now() - started, status: res.statusCode, text: res.body }
    }
    const money = (amount: string) => ({ amount, currency: 'CNY' })
    const seedTransfer = () => {
      const roll = random()
      if (roll < 0.1) return { debitAccountId: vault, creditAccountId: account, amount: money(amountBetween(2_000, 40_000)), channel: 'cash', reference: 'cash deposit' }
      if (roll < 0.4) return { debitAccountId: settlement, creditAccountId: account, amount: money(amountBetween(5_000, 80_000)), channel: 'transfer', counterparty: pick(payers), reference: 'incoming' }
      if (roll < 0.9) return { debitAccountId: account, creditAccountId: settlement, amount: money(amountBetween(500, 30_000)), channel: 'transfer', counterparty: pick(payees), reference: 'payment' }
      return { debitAccountId: account, creditAccountId: vault, amount: money(amountBetween(500, 20_000)), channel: 'cash', reference: 'cash withdrawal' }
    }
    const benchTransfer = () => ({ debitAccountId: account, creditAccountId: settlement, amount: money(amountBetween(100, 500)), channel: 'transfer', counterparty: pick(payees), reference: 'bench payment' })

    /** Runs `bodies` through `app`, `seedConcurrency` at a time; throws on the first failure. */
    async function postAll(app: FastifyInstance, bodies: readonly unknown[]): Promise<void> {
      let next = 0
      await Promise.all(Array.from({ length: Math.min(seedConcurrency, bodies.length) }, async () => {
        while (next < bodies.length) {
          const res = await post(app, bodies[next++])
          if (!res.ok) throw new Error(`seeding: POST /v1/transfers answered ${res.status}: ${res.text}`)
        }
      }))
    }

    // --- seed ---------------------------------------------------------------------------------------------------------
    process.stdout.write(`Strongroom risk monitoring benchmark — ${historyCount.toLocaleString('en-US')} past transfers over ${historyDays} days, `
      + `${concurrency} in flight, ${rounds} rounds × ${seconds}s per mode (+${warmUpSeconds}s warm-up)\n\n`)
    const weights = Array.from({ length: historyDays }, () => 0.5 + random())
    const weightSum = weights.reduce((a, b) => a + b, 0)
    let seeded = 0
    const seedStarted = performance.now()
    for (let d = 0; d < historyDays; d++) {
      const count = d === historyDays - 1 ? historyCount - seeded : Math.round((historyCount * weights.slice(0, d + 1).reduce((a, b) => a + b, 0)) / weightSum) - seeded
      clock.set(new Date(benchStart - (historyDays + 2 - d) * dayMs - 2 * 3_600_000))
      await postAll(monitoredApp, Array.from({ length: count }, seedTransfer))
      seeded += count
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000
    const { db } = database
    const buckets = await db.selectFrom('risk.daily_activity').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const history = await db.selectFrom('risk.decision').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    process.stdout.write(`seeded ${seeded.toLocaleString('en-US')} transfers through the monitored server in ${seedSeconds.toFixed(1)} s `
      + `(${(seeded / seedSeconds).toFixed(0)}/s): ${history.n} decisions, ${buckets.n} daily buckets\n\n`)
    // History this old has long been vacuumed: each seeded bucket row was updated some 14 times while its day was seeded.
    await sql(`vacuum analyze`, benchDb)

    // --- measure ------------------------------------------------------------------------------------------------------
    clock.set(new Date(benchStart))
    let sinceDayStart = 0
    const measureFrom = new Date(benchStart)

    async function phase(mode: keyof typeof apps, duration: number) {
      await sql('checkpoint', benchDb)
      const app = apps[mode]
      const latencies: number[] = []
      let failed = 0
      let firstFailure = ''
      const before = { ...sqlCount }
      const cpuBefore = process.cpuUsage()
      const dbCpuBefore = backendCpuSeconds(benchDb)
      const started = performance.now()
      const until = started + duration * 1000
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          if (++sinceDayStart > perDay) {
            clock.advance(dayMs)
            sinceDayStart = 1
          }
          const res = await post(app, benchTransfer())
          if (res.ok) latencies.push(res.ms)
          else if (failed++ === 0) firstFailure = `${res.status}: ${res.text}`
        }
      }))
      const elapsed = (performance.now() - started) / 1000
      const cpu = process.cpuUsage(cpuBefore)
      const dbCpu = backendCpuSince(dbCpuBefore, backendCpuSeconds(benchDb))
      const done = latencies.length
      return {
        mode, elapsed, done, failed, firstFailure, latencies,
        nodeCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, done + failed),
        dbCpuMs: (dbCpu * 1000) / Math.max(1, done + failed),
        statements: (sqlCount.statements - before.statements) / Math.max(1, done + failed),
        transactions: (sqlCount.transactions - before.transactions) / Math.max(1, done + failed),
      }
    }
    type Phase = Awaited<ReturnType<typeof phase>>

    const fmt = (x: number, digits = 1) => x.toFixed(digits)
    const row = (label: string, p: Phase) => {
      const sorted = [...p.latencies].sort((a, b) => a - b)
      return `${label.padEnd(26)}${p.mode.padEnd(9)}${fmt(p.done / p.elapsed, 0).padStart(8)} /s${fmt(percentile(sorted, 50), 2).padStart(9)} ms`
        + `${fmt(percentile(sorted, 99), 2).padStart(9)} ms${fmt(p.statements).padStart(8)}${fmt(p.transactions).padStart(7)}`
        + `${fmt(p.nodeCpuMs, 2).padStart(9)}${fmt(p.dbCpuMs, 2).padStart(8)}`
        + `${p.failed > 0 ? `   ${p.failed} failed (first: ${p.firstFailure.slice(0, 200)})` : ''}\n`
    }
    process.stdout.write(`${'phase'.padEnd(26)}${'mode'.padEnd(9)}${'transfers'.padStart(11)}${'p50'.padStart(12)}${'p99'.padStart(12)}${'SQL/tr'.padStart(8)}${'tx/tr'.padStart(7)}${'node ms'.padStart(9)}${'db ms'.padStart(8)}\n`)

    if (warmUpSeconds > 0) {
      for (const mode of ['with', 'without'] as const) process.stdout.write(row('warm-up (not counted)', await phase(mode, warmUpSeconds)))
    }
    const counted: Record<'with' | 'without', Phase[]> = { with: [], without: [] }
    const roundRatios: number[] = []
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? (['with', 'without'] as const) : (['without', 'with'] as const)
      const results: Partial<Record<'with' | 'without', Phase>> = {}
      for (const mode of order) {
        const p = await phase(mode, seconds)
        results[mode] = p
        counted[mode].push(p)
        process.stdout.write(row(`round ${round} (${order[0]} first)`, p))
      }
      roundRatios.push((results.without!.done / results.without!.elapsed) / (results.with!.done / results.with!.elapsed))
    }

    const total = (mode: 'with' | 'without') => {
      const phases = counted[mode]
      const done = phases.reduce((n, p) => n + p.done, 0)
      const elapsed = phases.reduce((n, p) => n + p.elapsed, 0)
      const sorted = phases.flatMap((p) => p.latencies).sort((a, b) => a - b)
      const failed = phases.reduce((n, p) => n + p.failed, 0)
      const statements = phases.reduce((n, p) => n + p.statements * (p.done + p.failed), 0) / Math.max(1, done + failed)
      const transactions = phases.reduce((n, p) => n + p.transactions * (p.done + p.failed), 0) / Math.max(1, done + failed)
      const nodeCpuMs = phases.reduce((n, p) => n + p.nodeCpuMs * (p.done + p.failed), 0) / Math.max(1, done + failed)
      const dbCpuMs = phases.reduce((n, p) => n + p.dbCpuMs * (p.done + p.failed), 0) / Math.max(1, done + failed)
      return { rate: done / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), done, failed, statements, transactions, nodeCpuMs, dbCpuMs }
    }
    const withMon = total('with')
    const without = total('without')
    const ratio = without.rate / withMon.rate

    const outcomes = await db.selectFrom('risk.decision').select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
      .where('decided_at', '>=', measureFrom).where('mode', '=', 'live').groupBy('outcome').orderBy('outcome').execute()
    const alerts = await db.selectFrom('risk.alert').select((eb) => eb.fn.countAll<string>().as('n')).where('created_at', '>=', measureFrom).executeTakeFirstOrThrow()

    process.stdout.write('\n')
    process.stdout.write(`${''.padEnd(26)}${'transfers/s'.padStart(12)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'SQL/transfer'.padStart(14)}${'tx/transfer'.padStart(13)}${'node CPU ms'.padStart(13)}${'db CPU ms'.padStart(11)}\n`)
    const summary = (label: string, t: ReturnType<typeof total>) =>
      `${label.padEnd(26)}${fmt(t.rate, 0).padStart(12)}${fmt(t.p50, 2).padStart(10)}${fmt(t.p99, 2).padStart(10)}${fmt(t.statements).padStart(14)}${fmt(t.transactions).padStart(13)}${fmt(t.nodeCpuMs, 2).padStart(13)}${fmt(t.dbCpuMs, 2).padStart(11)}\n`
    process.stdout.write(summary('without monitoring', without))
    process.stdout.write(summary('with monitoring (default)', withMon))
    process.stdout.write(`\nadded latency: p50 ${fmt(withMon.p50 - without.p50, 2)} ms, p99 ${fmt(withMon.p99 - without.p99, 2)} ms\n`)
    process.stdout.write(`live decisions since measuring began (warm-up included): ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ') || 'none'}; alerts raised ${alerts.n}\n`)
    if (withMon.failed + without.failed > 0) process.stdout.write(`failed requests: with ${withMon.failed}, without ${without.failed}\n`)
    process.stdout.write(`per-round ratios: ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}\n`)
    process.stdout.write(`\ntime per transfer with monitoring ÷ without: ${ratio.toFixed(2)}× — target ≤ ${target}× — ${ratio <= target ? 'met' : 'NOT MET'}\n`)
    process.exitCode = ratio <= target && withMon.failed + without.failed === 0 ? 0 : 1
  } finally {
    await monitoredApp?.close()
    await plainApp?.close()
    await database.close()
    await admin(`drop database if exists ${benchDb} with (force)`)
  }
}

/** One statement on its own connection to the bench database (CHECKPOINT, ANALYZE), outside both servers' pool. */
async function sql(text: string, databaseName: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, databaseName) })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})

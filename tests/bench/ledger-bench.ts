/**
 * Ledger throughput on real PostgreSQL, as ratios to pgbench measured in the
 * same run on the same server.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *
 * Phases (each BENCH_SECONDS long, default 10, after a short warm-up):
 *   pgbench      TPC-B-like, scale 10, 16 clients — the yardstick
 *   spread       ledger service, 16 workers, random pairs of 1,000 client accounts
 *   hot          the same, every transfer also paying a fee to one bank-side account
 *   http         POST /v1/transfers through the whole server (auth, audit, outbox), 16 connections
 *   batch        POST /v1/transfers/batch, 1,000 transfers per request, atomic
 */
import { execFileSync } from 'node:child_process'
import autocannon from 'autocannon'
import { buildApp, ensureAdmin, testConfig } from '@strongroom/admin-server'
import { openDatabase, withDatabase } from '@strongroom/db-kit'
import { addMoney, parseMoney, toMoneyJson } from '@strongroom/kernel'
import type { LedgerService, TransferRequest } from '@strongroom/ledger'
import { admin as adminStatement, requireServerUrl } from './bench-database.js'

const serverUrl = requireServerUrl()
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const workers = 16
const accountCount = 1000
const token = 'srt_bench-admin-token-0123456789abcdefghij'

const admin = (text: string) => adminStatement(serverUrl, text)

function pgbenchArgs(database: string): string[] {
  const url = new URL(withDatabase(serverUrl, database))
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres']
}

function pgbenchInit(database: string): void {
  execFileSync('pgbench', [...pgbenchArgs(database), '-i', '-s', '10', '-q', database], { stdio: 'ignore' })
}

function pgbench(database: string): number {
  const args = pgbenchArgs(database)
  const out = execFileSync('pgbench', [...args, '-c', '16', '-j', '2', '-T', String(seconds), database], { encoding: 'utf8' })
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)
  if (!match) throw new Error(`could not read pgbench output:\n${out}`)
  return Number(match[1])
}

/** Runs `work` on `workers` loops for the phase length; returns operations per second. */
/**
 * Every phase starts from a checkpoint, so none pays for the writes of the
 * one before it (pgbench's initialisation alone dirties ~160 MB).
 */
async function settle(): Promise<void> {
  await admin('checkpoint')
}

async function timed(work: () => Promise<number>, concurrency = workers): Promise<number> {
  await settle()
  const warmUpUntil = Date.now() + 1500
  while (Date.now() < warmUpUntil) await work()
  let done = 0
  const until = Date.now() + seconds * 1000
  const started = Date.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      // Not `done += await work()`: that reads `done` before the await and loses the other workers' counts.
      const n = await work()
      done += n
    }
  }))
  return done / ((Date.now() - started) / 1000)
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!
const amount = () => parseMoney(`${1 + Math.floor(Math.random() * 100)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`, 'CNY')

async function main() {
  const stamp = Date.now().toString(36)
  const benchDb = `sr_bench_${stamp}`
  const pgbenchDb = `sr_pgbench_${stamp}`
  await admin(`create database ${benchDb}`)
  await admin(`create database ${pgbenchDb}`)
  const database = await openDatabase({ url: withDatabase(serverUrl, benchDb), maxConnections: 24 })
  const app = await buildApp(testConfig({ logLevel: 'error', rateLimitPerMinute: 0 }), { database })
  try {
    await ensureAdmin(app.services, token)
    const ledger: LedgerService = app.services.ledger
    const vault = await ledger.openAccount({ kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })
    const fees = await ledger.openAccount({ kind: 'internal', internalPurpose: 'fees', currency: 'CNY', unbounded: true, name: 'Fees' })
    const accounts: string[] = []
    for (let i = 0; i < accountCount; i++) {
      const opened = await ledger.openAccount({ kind: 'client', clientId: crypto.randomUUID(), currency: 'CNY', name: `Bench ${i}` })
      accounts.push(opened.account.id)
    }
    await ledger.postBatch(accounts.map((id) => ({
      debitAccountId: vault.account.id, creditAccountId: id, amount: parseMoney('100000000.00', 'CNY'), channel: 'cash' as const,
    })), 'atomic')

    const pair = (): [string, string] => {
      const a = pick(accounts)
      let b = pick(accounts)
      while (b === a) b = pick(accounts)
      return [a, b]
    }
    const spreadTransfer = (): TransferRequest => {
      const [a, b] = pair()
      return { debitAccountId: a, creditAccountId: b, amount: amount(), channel: 'transfer' }
    }
    const hotTransfer = (): TransferRequest => {
      const [a, b] = pair()
      const fee = parseMoney('1.00', 'CNY')
      const paid = amount()
      return {
        channel: 'transfer',
        entries: [
          { accountId: a, direction: 'debit', amount: addMoney(paid, fee) },
          { accountId: b, direction: 'credit', amount: paid },
          { accountId: fees.account.id, direction: 'credit', amount: fee },
        ],
      }
    }

    process.stdout.write(`Strongroom ledger benchmark — ${seconds}s per phase, ${workers} workers, ${accountCount} accounts\n\n`)
    pgbenchInit(pgbenchDb)
    await settle()
    const pgbenchTps = pgbench(pgbenchDb)
    const spread = await timed(async () => (await ledger.postTransfer(spreadTransfer()), 1))
    const hot = await timed(async () => (await ledger.postTransfer(hotTransfer()), 1))

    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    const toJson = (r: TransferRequest) =>
      JSON.stringify('entries' in r
        ? { ...r, entries: r.entries.map((e) => ({ ...e, amount: toMoneyJson(e.amount) })) }
        : { ...r, amount: toMoneyJson(r.amount) })
    await settle()
    const cannon = await autocannon({
      url: address, connections: workers, duration: seconds,
      requests: [{
        method: 'POST', path: '/v1/transfers',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: toJson(spreadTransfer()) }),
      }],
    })
    const httpOk = cannon['2xx']
    const http = httpOk / cannon.duration
    if (cannon.non2xx > 0) process.stdout.write(`  (http: ${cannon.non2xx} non-2xx responses)\n`)

    const batchSize = 1000
    const batch = await timed(async () => {
      const transfers = Array.from({ length: batchSize }, () => JSON.parse(toJson(spreadTransfer())))
      const res = await fetch(`${address}/v1/transfers/batch`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'atomic', transfers }),
      })
      if (!res.ok) throw new Error(`batch failed: ${res.status} ${await res.text()}`)
      return batchSize
    }, 4)

    const tb = await app.services.ledgerReports.trialBalance()
    const row = (name: string, value: number, ratio: string, target: string) =>
      `${name.padEnd(34)}${value.toFixed(0).padStart(9)} /s   ${ratio.padStart(7)}   ${target}\n`
    process.stdout.write(row('pgbench TPC-B (scale 10, 16 clients)', pgbenchTps, '1.00', 'yardstick'))
    process.stdout.write(row('ledger service, spread accounts', spread, `${(spread / pgbenchTps).toFixed(2)}×`, 'target ≥ 0.60× pgbench'))
    process.stdout.write(row('ledger service, + hot fee account', hot, `${(hot / spread).toFixed(2)}×`, 'target ≥ 0.70× spread'))
    process.stdout.write(row('HTTP POST /v1/transfers', http, `${(http / pgbenchTps).toFixed(2)}×`, 'target ≥ 0.40× pgbench'))
    process.stdout.write(row('HTTP batch, 1,000 per request', batch, `${(batch / pgbenchTps).toFixed(2)}×`, 'target ≥ 3.00× pgbench'))
    process.stdout.write(`\ntrial balance: ${tb.map((t) => `${t.currency} ${t.balanced ? 'balanced' : 'NOT BALANCED'}`).join(', ')}\n`)
  } finally {
    await app.close()
    await database.close()
    await admin(`drop database if exists ${benchDb} with (force)`)
    await admin(`drop database if exists ${pgbenchDb} with (force)`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})

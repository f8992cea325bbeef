/**
 * The end-of-day accrual on real PostgreSQL, as a ratio to a plain UPDATE
 * that touches the same rows and writes the same columns in the same run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:eod
 *
 * A fresh database gets EOD_BENCH_DEPOSITS active term deposits (default
 * 1,000,000; try 20000 first), seeded set-based: 90% ACT/365 Fixed, 10%
 * 30/360 bond basis spread over 90 period starts, so the accrual's 30/360
 * grouping is exercised. Each deposit has its own ledger account and its
 * client's current account for funding and payout.
 *
 * Per round (EOD_BENCH_ROUNDS, default 3, after EOD_BENCH_WARMUP warm-up
 * rounds, default 4, that are not counted), in alternating order, each
 * statement touching every deposit:
 *   accrual    the end-of-day batch's accrual step for the next business day
 *              (units per convention, `accrualKeys`, `accrueDay`), as in
 *              `steps.accrual` of packages/ledger/src/core/deposits/end-of-day.ts
 *   baseline   UPDATE ledger.deposit SET accrued_scaled = accrued_scaled + 1,
 *              accrued_through = accrued_through + 1 WHERE status <> 'closed'
 * Both advance accrued_through by a day, so every accrual finds the whole
 * book due. Before each timed statement, outside the timing: VACUUM of the
 * table and a CHECKPOINT, the same for both sides.
 *
 * The HOT columns give the share of each statement's row updates that were
 * heap-only (no index entries written). Freshly seeded pages are packed to the
 * table's fillfactor, so the share starts low and climbs over the first
 * rounds, which slows the baseline more than the accrual. The default four
 * warm-up rounds bring both sides to their steady state (≥ 90 % HOT), the
 * state a real book is in night after night; EOD_BENCH_WARMUP=0 shows the
 * first nights after a bulk load.
 *
 * Target: accrual ≤ 3× baseline (medians).
 */
import { sql } from 'kysely'
import { migrateSchemas, openDatabase, withDatabase } from '@strongroom/db-kit'
import {
  accrualUnitsFor, addDays, formatCalendarDate, parseCalendarDate, type CalendarDate, type DepositStore,
} from '@strongroom/ledger'
import { createKyselyDepositStore, ledgerMigrations, ledgerSchema } from '@strongroom/ledger/kysely'
import { admin as adminStatement, requireServerUrl } from './bench-database.js'

const serverUrl = requireServerUrl()
const depositCount = Number(process.env.EOD_BENCH_DEPOSITS ?? 1_000_000)
const rounds = Number(process.env.EOD_BENCH_ROUNDS ?? 3)
const warmUps = Number(process.env.EOD_BENCH_WARMUP ?? 4)
if (!Number.isSafeInteger(depositCount) || depositCount < 10) {
  process.stderr.write('EOD_BENCH_DEPOSITS must be a whole number of at least 10\n')
  process.exit(2)
}
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  process.stderr.write('EOD_BENCH_ROUNDS must be a whole number of at least 1\n')
  process.exit(2)
}
if (!Number.isSafeInteger(warmUps) || warmUps < 0) {
  process.stderr.write('EOD_BENCH_WARMUP must be a whole number\n')
  process.exit(2)
}
const target = 3
/** The first business day accrued: every deposit is seeded accrued through the day before. */
const firstDate = parseCalendarDate('2025-06-02')

const admin = (text: string) => adminStatement(serverUrl, text)

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function main() {
  const benchDb = `strongroom_eod_bench_${process.pid}`
  await admin(`create database ${benchDb}`)
  const database = await openDatabase({ url: withDatabase(serverUrl, benchDb), maxConnections: 1 })
  // One connection: every statement runs on the same backend, whose table statistics `hotShare` flushes and reads.
  const { db } = database
  try {
    await migrateSchemas(db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
    const store: DepositStore = createKyselyDepositStore(db)

    process.stdout.write(`Strongroom EOD accrual benchmark — ${depositCount.toLocaleString('en-US')} deposits, ${rounds} rounds (+${warmUps} warm-up)\n\n`)
    const seedStarted = performance.now()
    await seed(depositCount, addDays(firstDate, -1))
    process.stdout.write(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n\n`)

    // Every deposit is accrued through `through`; each measured statement moves the whole book on by a day.
    let through = addDays(firstDate, -1)

    async function settle(): Promise<void> {
      await sql`vacuum ledger.deposit`.execute(db)
      await sql`checkpoint`.execute(db)
    }

    async function updateCounts(): Promise<{ updated: number; hot: number }> {
      await sql`select pg_stat_force_next_flush()`.execute(db)
      const { rows } = await sql<{ updated: string; hot: string }>`select n_tup_upd as updated, n_tup_hot_upd as hot
        from pg_stat_user_tables where relid = 'ledger.deposit'::regclass`.execute(db)
      return { updated: Number(rows[0]!.updated), hot: Number(rows[0]!.hot) }
    }

    /** The share of the updates since `before` that were heap-only. */
    async function hotShare(before: { updated: number; hot: number }): Promise<number> {
      const after = await updateCounts()
      return after.updated === before.updated ? 0 : (after.hot - before.hot) / (after.updated - before.updated)
    }

    async function expectAllThrough(date: CalendarDate, what: string): Promise<void> {
      const { rows } = await sql<{ behind: string }>`select count(*) as behind from ledger.deposit
        where status <> 'closed' and accrued_through <> ${formatCalendarDate(date)}::date`.execute(db)
      if (Number(rows[0]!.behind) !== 0) throw new Error(`${what}: ${rows[0]!.behind} deposits not accrued through ${formatCalendarDate(date)}`)
    }

    /** The end-of-day batch's accrual step for the day after `through`, as `steps.accrual` runs it. */
    async function accrual(): Promise<{ ms: number; keysMs: number; groups: number; hot: number }> {
      const date = addDays(through, 1)
      await settle()
      const counts = await updateCounts()
      const started = performance.now()
      const units = accrualUnitsFor(date, await store.accrualKeys(date))
      const keysMs = performance.now() - started
      const touched = await store.accrueDay(date, units)
      const ms = performance.now() - started
      if (touched !== depositCount) throw new Error(`accrual for ${formatCalendarDate(date)} touched ${touched} deposits, expected ${depositCount}`)
      const hot = await hotShare(counts)
      through = date
      await expectAllThrough(through, 'accrual')
      return { ms, keysMs, groups: units.length, hot }
    }

    async function baseline(): Promise<{ ms: number; hot: number }> {
      await settle()
      const counts = await updateCounts()
      const started = performance.now()
      const result = await sql`update ledger.deposit set accrued_scaled = accrued_scaled + 1, accrued_through = accrued_through + 1
        where status <> 'closed'`.execute(db)
      const ms = performance.now() - started
      const touched = Number(result.numAffectedRows ?? 0n)
      if (touched !== depositCount) throw new Error(`baseline touched ${touched} deposits, expected ${depositCount}`)
      const hot = await hotShare(counts)
      through = addDays(through, 1)
      await expectAllThrough(through, 'baseline')
      return { ms, hot }
    }

    const pct = (share: number) => `${(share * 100).toFixed(0)}%`
    const row = (label: string, accrualMs: string, keysMs: string, accrualHot: string, baselineMs: string, baselineHot: string, ratio: string, note = '') =>
      `${label.padEnd(24)}${accrualMs.padStart(9)}${keysMs.padStart(8)}${accrualHot.padStart(6)}${baselineMs.padStart(10)}${baselineHot.padStart(6)}${ratio.padStart(9)}${note ? `   ${note}` : ''}\n`
    process.stdout.write(row('round', 'accrual', '(keys)', 'HOT', 'baseline', 'HOT', 'ratio'))
    process.stdout.write(row('', 'ms', 'ms', '', 'ms', '', ''))

    const accrualMs: number[] = []
    const baselineMs: number[] = []
    for (let round = 1 - warmUps; round <= rounds; round++) {
      const warmUp = round <= 0
      // Alternate which side goes first, so neither always follows the other's writes.
      const accrualFirst = (round - 1 + warmUps) % 2 === 0
      const date = formatCalendarDate(addDays(through, accrualFirst ? 1 : 2))
      let a: Awaited<ReturnType<typeof accrual>>
      let b: Awaited<ReturnType<typeof baseline>>
      if (accrualFirst) {
        a = await accrual()
        b = await baseline()
      } else {
        b = await baseline()
        a = await accrual()
      }
      const label = `${warmUp ? 'warm-up' : String(round)} (${accrualFirst ? 'accrual first' : 'baseline first'})`
      process.stdout.write(row(label, a.ms.toFixed(0), a.keysMs.toFixed(0), pct(a.hot), b.ms.toFixed(0), pct(b.hot), `${(a.ms / b.ms).toFixed(2)}×`,
        `accrual for ${date}, ${a.groups} unit groups${warmUp ? ', not counted' : ''}`))
      if (!warmUp) {
        accrualMs.push(a.ms)
        baselineMs.push(b.ms)
      }
    }

    const ratio = median(accrualMs) / median(baselineMs)
    process.stdout.write(row('median', median(accrualMs).toFixed(0), '', '', median(baselineMs).toFixed(0), '', `${ratio.toFixed(2)}×`))
    process.stdout.write('\n')
    process.stdout.write(`EOD accrual, ${depositCount.toLocaleString('en-US')} deposits: ${ratio.toFixed(2)}× a plain UPDATE of the same rows — target ≤ ${target}× — ${ratio <= target ? 'met' : 'NOT MET'}\n`)
  } finally {
    await database.close()
    await admin(`drop database if exists ${benchDb} with (force)`)
  }

  /**
   * `count` active term deposits of one product, all accrued through `accruedThrough`, with their ledger accounts: set-based.
   * One in ten is 30/360 bond basis, its period start one of 90 days, so the accrual sees ~90 groups of that convention.
   */
  async function seed(count: number, accruedThrough: CalendarDate): Promise<void> {
    const through = formatCalendarDate(accruedThrough)
    const productId = crypto.randomUUID()
    const termsId = crypto.randomUUID()
    await sql`insert into ledger.deposit_product (id, code, name, status, risk_level, terms, created_at, updated_at)
      values (${productId}::uuid, 'BENCH-TD', 'Bench term deposit', 'open', 'R1', '{}'::jsonb, now(), now())`.execute(db)
    await sql`insert into ledger.deposit_terms (id, fingerprint, terms) values (${termsId}::uuid, 'bench', '{}'::jsonb)`.execute(db)
    await sql`create unlogged table public.bench_seed as
      select g, gen_random_uuid() as deposit_id, gen_random_uuid() as client_id,
             gen_random_uuid() as deposit_account_id, gen_random_uuid() as current_account_id,
             (1000000 + (g * 7919) % 9000000)::bigint * 100 as principal_minor,
             (0.0150 + ((g * 31) % 26) * 0.0005)::numeric as annual_rate,
             case when g % 10 = 0 then '30-360-bond-basis' else 'act-365-fixed' end as convention,
             ${through}::date - ((g / 10) % 90)::int as period_start,
             ${through}::date - 100 - (g % 200)::int as term_start
      from generate_series(1, ${count}::bigint) as g`.execute(db)
    // Each client: a current account (funding and payout) and the deposit's own account, holding the principal.
    await sql`insert into ledger.account (id, kind, client_id, currency, normal_balance, status, name, created_at, posted_credits_minor, posted_debits_minor)
      select current_account_id, 'client', client_id, 'CNY', 'credit', 'open', 'Bench current account', now(), principal_minor, principal_minor from public.bench_seed
      union all
      select deposit_account_id, 'client', client_id, 'CNY', 'credit', 'open', 'Bench term deposit 1Y', now(), principal_minor, 0 from public.bench_seed`.execute(db)
    await sql`insert into ledger.deposit (
        id, client_id, product_id, terms_id, kind, currency, account_id, funding_account_id, payout_account_id, principal_minor, tenor,
        opened_on, term_start, maturity_on, status, maturity_instruction, rate_source, annual_rate, annual_interest, rate_tiers,
        convention, accrual_denominator, accrued_scaled, accrued_through, period_start, next_posting_on, next_compounding_on,
        compounded_minor, version, created_at, updated_at)
      select deposit_id, client_id, ${productId}::uuid, ${termsId}::uuid, 'term', 'CNY', deposit_account_id, current_account_id, current_account_id,
        principal_minor, '1Y', term_start, term_start, (term_start + interval '1 year')::date, 'active', 'payout', 'sheet', annual_rate,
        principal_minor / 100.0 * annual_rate,
        jsonb_build_array(jsonb_build_object('fromMinor', jsonb_build_object('$bigint', '0'), 'annualRate', annual_rate::text)),
        convention, case when convention = 'act-365-fixed' then 365 else 360 end, 0, ${through}::date, period_start,
        (term_start + interval '1 year')::date, null, 0, 1, now(), now()
      from public.bench_seed`.execute(db)
    await sql`drop table public.bench_seed`.execute(db)
    await sql`vacuum analyze ledger.account`.execute(db)
    await sql`vacuum analyze ledger.deposit`.execute(db)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, hasPostgres, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, parseMoney, uuidv7, uuidv7Ids, type CurrencyCode, type FixedClock, type Money } from '@strongroom/kernel'
import {
  createDepositService, createEndOfDay, createFxService, createLedgerService, createProductCatalogue, formatCalendarDate, parseCalendarDate,
  type ProductTerms, type RateSheetTier,
} from '../core/index.js'
import { defaultInsuranceSchemes } from '../core/deposits/deposit-insurance.js'
import { aNewClientAccount, aNewInternalAccount } from '../testing/index.js'
import { createKyselyDepositStore, createKyselyFxRateStore, createKyselyLedgerRepository, ledgerMigrations, ledgerSchema, type FxTables, type LedgerTables } from './index.js'

const d = parseCalendarDate
const cny = (amount: string): Money => parseMoney(amount, 'CNY')
const usd = (amount: string): Money => parseMoney(amount, 'USD')
const staff = 'staff-maker'
const checker = 'staff-checker'

const termTerms: ProductTerms = {
  kind: 'term', currency: 'CNY', convention: 'act-365-fixed', tierMethod: 'whole-balance', rateType: 'fixed',
  posting: { frequency: 'monthly', mode: 'payout', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
  minimumMinor: { individual: 5_000_000n, institution: 100_000_000n }, maximumMinor: null,
  tenors: ['3M', '6M', '1Y'], noticeDays: null, earlyWithdrawal: { kind: 'china-demand-rate' },
  maturityInstructions: ['payout', 'rollover-principal', 'rollover-principal-and-interest', 'await-instruction'], gracePeriodDays: 7, postMaturityRate: 'demand',
}
const termRates: RateSheetTier[] = [
  { tenor: '3M', fromMinor: 0n, annualRate: '0.0110' },
  { tenor: '6M', fromMinor: 0n, annualRate: '0.0130' },
  { tenor: '1Y', fromMinor: 0n, annualRate: '0.0150' },
  { tenor: '1Y', fromMinor: 100_000_000_00n, annualRate: '0.0175' },
]
const demandTerms: ProductTerms = {
  ...termTerms, kind: 'demand', convention: 'act-360', tenors: [], maturityInstructions: [], gracePeriodDays: 0,
  posting: { frequency: 'quarterly', mode: 'capitalise', dayOfMonth: 21 }, minimumMinor: { individual: 0n, institution: 0n },
}

/** A whole engine on its own database: ledger, FX, catalogue, deposits, end of day. */
async function engineOn(database: TestDatabase, clock: FixedClock) {
  await migrateSchemas(database.db, [{ schema: ledgerSchema, provider: ledgerMigrations }])
  const ledger = createLedgerService({ repo: createKyselyLedgerRepository(database.db as Kysely<LedgerTables>), clock, ids: uuidv7Ids })
  const fx = createFxService({ rates: createKyselyFxRateStore(database.db as Kysely<FxTables>), ledger, clock })
  const store = createKyselyDepositStore(database.db)
  const catalogue = createProductCatalogue({ store, clock, ids: uuidv7Ids })
  const deposits = createDepositService({
    store, ledger, catalogue, clock, ids: uuidv7Ids,
    fxRate: async (base, quote, at) => (await fx.rateFor(base, quote, at).catch(() => undefined))?.rate.rate,
  })
  const eod = createEndOfDay({ store, ledger, catalogue, deposits, clock, ids: uuidv7Ids })
  const vault: Record<string, string> = {}
  for (const currency of ['CNY', 'USD'] as const) vault[currency] = (await ledger.openAccount(aNewInternalAccount('cash_vault', currency))).account.id
  const clientId = uuidv7()
  async function fundedAccount(amount: Money): Promise<string> {
    const id = (await ledger.openAccount(aNewClientAccount({ currency: amount.currency, clientId }))).account.id
    await ledger.postTransfer({ debitAccountId: vault[amount.currency]!, creditAccountId: id, amount, channel: 'cash' })
    return id
  }
  async function product(code: string, terms: ProductTerms, tiers: RateSheetTier[]) {
    const { product } = await catalogue.createProduct({ code, name: code, terms, rates: { effectiveFrom: d('2024-01-01'), tiers } }, staff)
    return catalogue.updateProduct(product.id, { status: 'open' })
  }
  const balanceOf = async (id: string) => {
    const { balances } = await ledger.getAccount(id)
    return balances.postedCreditsMinor - balances.postedDebitsMinor
  }
  /** Everything a run changes, without ids or timestamps, so two databases can be compared. */
  async function snapshot() {
    const deposits = (await sql<Record<string, unknown>>`select kind, tenor, status, principal_minor, annual_rate::text, annual_interest::text, accrued_scaled::text,
        accrued_through::text, period_start::text, next_posting_on::text, maturity_on::text, compounded_minor, version
      from ledger.deposit order by opened_on, principal_minor, tenor`.execute(database.db)).rows
    const entries = (await sql<Record<string, unknown>>`select e.direction, e.amount_minor, e.currency, t.metadata->>'deposit.event' as event
      from ledger.entry e join ledger.transfer t on t.id = e.transfer_id order by e.currency, e.direction, e.amount_minor, event`.execute(database.db)).rows
    const events = (await sql<Record<string, unknown>>`select kind, business_date::text, count(*)::int as n from ledger.deposit_event group by 1, 2 order by 2, 1`.execute(database.db)).rows
    return { deposits, entries, events }
  }
  const transferCount = async () => (await sql<{ n: number }>`select count(*)::int as n from ledger.transfer`.execute(database.db)).rows[0]!.n
  return { ledger, fx, store, catalogue, deposits, eod, fundedAccount, product, balanceOf, snapshot, transferCount, clientId }
}

type Engine = Awaited<ReturnType<typeof engineOn>>

describe('deposits over a leap year, on the ledger', () => {
  let database: TestDatabase
  let engine: Engine
  const clock = fixedClock('2024-01-01T09:00:00.000Z')

  beforeAll(async () => {
    database = await createTestDatabase()
    engine = await engineOn(database, clock)
  })
  afterAll(async () => database.close())

  it('posts a year of monthly interest that adds up to the year’s interest rounded once', async () => {
    await engine.product('TD-CNY', termTerms, termRates)
    const [product] = (await engine.catalogue.listProducts({ limit: 10 })).items
    const funding = await engine.fundedAccount(cny('2000000.00'))
    const payout = await engine.fundedAccount(cny('0.01'))
    const { deposit } = await engine.deposits.openDeposit({
      clientId: engine.clientId, clientType: 'individual', productId: product!.id, amount: cny('1000000.00'), tenor: '1Y',
      fundingAccountId: funding, payoutAccountId: payout, maturityInstruction: 'payout',
    }, staff)
    expect(deposit.annualRate).toBe('0.0150') // as the sheet wrote it
    expect(deposit.maturity).toEqual(d('2025-01-01'))
    expect(await engine.balanceOf(funding)).toBe(100_000_000n) // 2,000,000.00 − 1,000,000.00

    // Hand figure: 2024 has 366 days, including 29 February. ACT/365 Fixed:
    // 1,000,000 × 0.015 × 366 / 365 = 15,041.0958904… → 15,041.10 over the year.
    clock.set('2025-01-02T09:00:00.000Z')
    const run = await engine.eod.run(d('2025-01-01'), staff)
    expect(run.status).toBe('completed')
    expect(run.fromDate).toEqual(d('2024-01-01'))
    // Payout got twelve monthly postings of interest plus the principal at maturity.
    expect(await engine.balanceOf(payout)).toBe(1n + 100_000_000n + 1_504_110n) // 0.01 + 1,000,000.00 + 15,041.10
    const closed = await engine.deposits.getDeposit(deposit.id)
    expect(closed.status).toBe('closed')
    const postings = (await engine.deposits.history(deposit.id)).filter((e) => e.kind === 'interest-posted')
    expect(postings).toHaveLength(11) // Feb … Dec; January's month settles at maturity
  })

  it('runs a closed day again without posting anything', async () => {
    const before = { snapshot: await engine.snapshot(), transfers: await engine.transferCount() }
    const first = await engine.eod.run(d('2025-01-01'), staff)
    const again = await engine.eod.begin(d('2024-06-30'), staff) // inside the range the run caught up
    expect(again.work).toBeNull()
    expect(again.run.id).toBe(first.id)
    expect(await engine.snapshot()).toEqual(before.snapshot)
    expect(await engine.transferCount()).toBe(before.transfers)
  })

  it('refuses a day that has not begun', async () => {
    await expect(engine.eod.run(d('2025-01-03'), staff)).rejects.toMatchObject({ code: 'deposit.invalid_business_date' })
  })
})

/** The same book on two databases: one runs straight through, the other dies mid-way and is run again. */
describe('an end-of-day run that crashes', () => {
  const books: { database: TestDatabase; engine: Engine; clock: FixedClock }[] = []

  async function book() {
    const clock = fixedClock('2024-01-10T09:00:00.000Z')
    const database = await createTestDatabase()
    const engine = await engineOn(database, clock)
    const term = await engine.product('TD-CNY', { ...termTerms, convention: '30e-360-isda', posting: { frequency: 'monthly', mode: 'capitalise', dayOfMonth: null } }, termRates)
    const demand = await engine.product('DEMAND-CNY', demandTerms, [{ tenor: null, fromMinor: 0n, annualRate: '0.0035' }])
    const funding = await engine.fundedAccount(cny('9000000.00'))
    const open = (amount: string, tenor: string | null, productId: string, instruction?: 'payout' | 'rollover-principal-and-interest') =>
      engine.deposits.openDeposit({ clientId: engine.clientId, clientType: 'individual', productId, amount: cny(amount), tenor, fundingAccountId: funding, maturityInstruction: instruction }, staff)
    await open('1000000.00', '3M', term.id, 'rollover-principal-and-interest')
    await open('2500000.00', '6M', term.id, 'payout')
    await open('750000.33', null, demand.id)
    clock.set('2024-08-01T09:00:00.000Z')
    books.push({ database, engine, clock })
    return { database, engine, clock }
  }

  afterAll(async () => { for (const b of books) await b.database.close() })

  it.each(['postings:saved', 'maturities:saved'])('ends, after a crash at %s and a rerun, where an uninterrupted run ends', async (point) => {
    const straight = await book()
    const crashed = await book()
    const until = d('2024-07-31')
    await straight.engine.eod.run(until, staff)

    let armed = true
    const crash = async (name: string) => {
      if (armed && name === point) {
        armed = false
        throw new Error(`killed at ${name}`)
      }
    }
    await expect(crashed.engine.eod.run(until, staff, { checkpoint: crash })).rejects.toThrow(/killed/)
    const pending = async () => (await sql<{ n: number }>`select count(*)::int as n from ledger.deposit_posting`.execute(crashed.database.db)).rows[0]!.n
    expect(await pending()).toBeGreaterThan(0) // the deposits moved on; their money had not yet
    // The process died: no failure handler ran, the run still looks alive until its lease passes.
    const lastSaved = new Date(crashed.clock.now().getTime() + 5 * 60_000)
    await sql`update ledger.eod_run set status = 'running', lease_until = ${lastSaved}`.execute(crashed.database.db)
    await expect(crashed.engine.eod.run(until, staff)).rejects.toMatchObject({ code: 'deposit.eod_in_progress' })
    crashed.clock.advance(10 * 60_000) // the lease runs out
    const resumed = await crashed.engine.eod.run(until, staff)
    expect(resumed.status).toBe('completed')
    expect(resumed.counts.postingsRecovered).toBeGreaterThan(0)
    expect(await pending()).toBe(0)

    const [a, b] = [await straight.engine.snapshot(), await crashed.engine.snapshot()]
    expect(b.entries).toEqual(a.entries)
    expect(b.deposits.map(({ version: _v, ...rest }) => rest)).toEqual(a.deposits.map(({ version: _v, ...rest }) => rest))
    expect(b.events).toEqual(a.events)
    expect(a.deposits.some((row) => row.status === 'closed')).toBe(true) // the 6M deposit matured and paid out
    // The demand deposit settled on the 21st of each quarter's last month; the 3M deposit rolled over in April.
    expect(a.events).toEqual(expect.arrayContaining([
      { kind: 'interest-posted', business_date: '2024-03-21', n: 1 },
      { kind: 'interest-posted', business_date: '2024-06-21', n: 1 },
      { kind: 'rolled-over', business_date: '2024-04-10', n: 1 },
    ]))
  })

  it('lets a second process take over a run whose lease ran out, and stops the slow one', async () => {
    const straight = await book()
    const slow = await book()
    const until = d('2024-07-31')
    await straight.engine.eod.run(until, staff)
    let tookOver: unknown
    const slowRun = slow.engine.eod.run(until, staff, {
      checkpoint: async (name, date) => {
        if (tookOver || formatCalendarDate(date) !== '2024-03-21' || name !== 'postings:saved') return
        // The slow process stalls past its lease; another starts the same day and finishes it meanwhile.
        slow.clock.advance(10 * 60_000)
        tookOver = await slow.engine.eod.run(until, staff)
      },
    })
    await expect(slowRun).rejects.toMatchObject({ code: 'deposit.eod_in_progress' })
    expect(tookOver).toMatchObject({ status: 'completed' })
    const [a, b] = [await straight.engine.snapshot(), await slow.engine.snapshot()]
    expect(b.entries).toEqual(a.entries)
    expect(b.deposits.map(({ version: _v, ...rest }) => rest)).toEqual(a.deposits.map(({ version: _v, ...rest }) => rest))
  })

  it('will not start a second run of a day while the first holds its lease', async () => {
    const { engine } = await book()
    const { work } = await engine.eod.begin(d('2024-07-31'), staff)
    await expect(engine.eod.begin(d('2024-07-31'), staff)).rejects.toMatchObject({ code: 'deposit.eod_in_progress' })
    await work
  })
})

describe('early withdrawal: the preview is what executes', () => {
  let database: TestDatabase
  let engine: Engine
  const clock = fixedClock('2024-03-01T09:00:00.000Z')
  let depositId: string
  let payout: string

  beforeAll(async () => {
    database = await createTestDatabase()
    engine = await engineOn(database, clock)
    const term = await engine.product('TD-CNY', { ...termTerms, convention: 'act-360', posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null } }, termRates)
    await engine.product('DEMAND-CNY', demandTerms, [{ tenor: null, fromMinor: 0n, annualRate: '0.0035' }])
    const funding = await engine.fundedAccount(cny('1000000.00'))
    payout = await engine.fundedAccount(cny('0.01'))
    const view = await engine.deposits.openDeposit({
      clientId: engine.clientId, clientType: 'individual', productId: term.id, amount: cny('1000000.00'), tenor: '1Y', fundingAccountId: funding, payoutAccountId: payout,
    }, staff)
    depositId = view.deposit.id
    clock.set('2024-06-09T09:00:00.000Z') // 100 days after 1 March
    await engine.eod.run(d('2024-06-08'), staff)
  })
  afterAll(async () => database.close())

  it('previews a partial withdrawal under the China rule without changing anything, then pays exactly that', async () => {
    const before = await engine.snapshot()
    const preview = await engine.deposits.previewWithdrawal(depositId, cny('400000.00'))
    expect(await engine.snapshot()).toEqual(before)
    // Hand figures: 400,000 × 0.35 % × 100/360 = 388.888… → 388.89 at the demand rate;
    // the 600,000 left keeps 1.5 %: 600,000 × 1.5 % × 100/360 = 2,500 exactly.
    expect(preview.basis).toBe('early')
    expect(preview.interestEarned).toEqual(cny('388.89'))
    expect(preview.payout).toEqual(cny('400388.89'))

    const result = await engine.deposits.executeWithdrawal(depositId, cny('400000.00'), preview.quoteToken, staff)
    expect(result.quote.payout).toEqual(preview.payout)
    expect(await engine.balanceOf(payout)).toBe(1n + 40_038_889n)
    const after = await engine.deposits.getDepositView(depositId)
    expect(after.deposit.principal).toEqual(cny('600000.00'))
    expect(after.accruedInterest.rounded).toEqual(cny('2500.00'))
  })

  it('pays into a frozen payout account (money may arrive there), never out of a frozen deposit account', async () => {
    await engine.ledger.changeAccountStatus(payout, 'frozen', 'dispute on another matter')
    const preview = await engine.deposits.previewWithdrawal(depositId, cny('10000.00'))
    await engine.deposits.executeWithdrawal(depositId, cny('10000.00'), preview.quoteToken, staff)
    await engine.ledger.changeAccountStatus(payout, 'open')
    const deposit = (await engine.deposits.getDepositView(depositId)).deposit
    await engine.ledger.changeAccountStatus(deposit.accountId, 'frozen', 'court order')
    const refused = await engine.deposits.previewWithdrawal(depositId, cny('10000.00'))
    await expect(engine.deposits.executeWithdrawal(depositId, cny('10000.00'), refused.quoteToken, staff)).rejects.toMatchObject({ code: 'deposit.invalid_state' })
    await engine.ledger.changeAccountStatus(deposit.accountId, 'open')
  })

  it('refuses to execute a preview once the deposit has changed', async () => {
    const preview = await engine.deposits.previewWithdrawal(depositId, cny('100000.00'))
    const other = await engine.deposits.previewWithdrawal(depositId, cny('50000.00'))
    await engine.deposits.executeWithdrawal(depositId, cny('50000.00'), other.quoteToken, staff)
    const transfers = await engine.transferCount()
    await expect(engine.deposits.executeWithdrawal(depositId, cny('100000.00'), preview.quoteToken, staff)).rejects.toMatchObject({ code: 'deposit.preview_stale' })
    expect(await engine.transferCount()).toBe(transfers)
  })
})

describe('deposit insurance across two currencies', () => {
  let database: TestDatabase
  let engine: Engine
  const clock = fixedClock('2024-03-01T09:00:00.000Z')
  afterAll(async () => database.close())

  it('splits a client’s CNY and USD deposits under the China scheme', async () => {
    database = await createTestDatabase()
    engine = await engineOn(database, clock)
    await engine.fx.recordRates([{ base: 'USD', quote: 'CNY', rate: '7.1000', source: 'test', asOf: '2024-03-01T00:00:00.000Z' }])
    await engine.fundedAccount(cny('300000.00'))
    await engine.fundedAccount(usd('50000.00'))
    const coverage = await engine.deposits.insuranceCoverage(engine.clientId, { schemes: defaultInsuranceSchemes.filter((s) => s.id === 'CN-DIS') })
    const [cn] = coverage.schemes
    // Hand figures: 50,000.00 USD × 7.1 = 355,000.00 CNY; with 300,000.00 CNY the client holds 655,000.00:
    // 500,000.00 insured, 155,000.00 not.
    expect(cn!.total).toEqual(cny('655000.00'))
    expect(cn!.insured).toEqual(cny('500000.00'))
    expect(cn!.uninsured).toEqual(cny('155000.00'))
    expect(cn!.missingRates).toEqual([])
    expect(cn!.categories[0]!.holdings.map((h) => h.currency as CurrencyCode).sort()).toEqual(['CNY', 'USD'])
  })
})

describe('maturity, notice and floating rates', () => {
  let database: TestDatabase
  let engine: Engine
  const clock = fixedClock('2024-01-10T09:00:00.000Z')
  let funding: string
  afterAll(async () => database.close())

  // Each story on a book of its own: days closed in one must not be closed in the next.
  beforeEach(async () => {
    await database?.close()
    clock.set('2024-01-10T09:00:00.000Z')
    database = await createTestDatabase()
    engine = await engineOn(database, clock)
    await engine.product('DEMAND-CNY', demandTerms, [{ tenor: null, fromMinor: 0n, annualRate: '0.0035' }])
    funding = await engine.fundedAccount(cny('5000000.00'))
  })

  const open = (productId: string, amount: string, tenor: string | null, instruction?: 'rollover-principal-and-interest') =>
    engine.deposits.openDeposit({ clientId: engine.clientId, clientType: 'individual', productId, amount: cny(amount), tenor, fundingAccountId: funding, maturityInstruction: instruction }, staff)
  const closeDay = async (date: string) => {
    clock.set(`${date}T20:00:00.000Z`)
    await engine.eod.run(d(date), staff)
  }

  it('rolls principal and interest over at the rate in force at maturity, and lets the client leave without penalty in the grace window', async () => {
    const td = await engine.product('TD3M-CNY', { ...termTerms, convention: 'act-360', tenors: ['3M'], posting: { frequency: 'at-maturity', mode: 'capitalise', dayOfMonth: null } },
      [{ tenor: '3M', fromMinor: 0n, annualRate: '0.0110' }])
    const { deposit } = await open(td.id, '1000000.00', '3M', 'rollover-principal-and-interest')
    clock.set('2024-02-01T09:00:00.000Z')
    await engine.catalogue.addRates(td.id, { effectiveFrom: d('2024-03-01'), tiers: [{ tenor: '3M', fromMinor: 0n, annualRate: '0.0130' }] }, staff)
    await closeDay('2024-04-10')
    const rolled = await engine.deposits.getDeposit(deposit.id)
    // Hand figures: 10 January → 10 April is 91 days; 1,000,000 × 1.10 % × 91/360 = 2,780.555… → 2,780.56.
    expect(rolled.principal).toEqual(cny('1002780.56'))
    expect(rolled).toMatchObject({ status: 'active', annualRate: '0.0130', termStart: d('2024-04-10'), maturity: d('2024-07-10'), graceUntil: d('2024-04-16') })
    expect(await engine.balanceOf(deposit.accountId)).toBe(100_278_056n)
    const history = await engine.deposits.history(deposit.id)
    expect(history.map((e) => [e.kind, e.annualRate])).toEqual([['opened', '0.0110'], ['matured', '0.0110'], ['rolled-over', '0.0130']])

    await closeDay('2024-04-11')
    clock.set('2024-04-12T09:00:00.000Z')
    const quote = await engine.deposits.previewWithdrawal(deposit.id, cny('1002780.56'))
    // In grace: the days since the rollover earn the demand rate, no penalty.
    // 1,002,780.56 × 0.35 % × 2/360 = 19.4985… → 19.50.
    expect(quote).toMatchObject({ basis: 'grace', interestEarned: cny('19.50'), penalty: cny('0.00'), payout: cny('1002800.06') })
  })

  it('gives a deposit opened after the day’s close value the next day, so the next run accrues it', async () => {
    const td = await engine.product('TD1Y-CNY', { ...termTerms, convention: 'act-360' }, termRates)
    await closeDay('2024-01-10')
    const { deposit } = await open(td.id, '720000.00', '1Y')
    expect(deposit).toMatchObject({ openedOn: d('2024-01-11'), maturity: d('2025-01-11'), accruedThrough: d('2024-01-10') })
    await closeDay('2024-01-11')
    // One day at 1.5 % ACT/360: 720,000 × 0.015 / 360 = 30.
    expect((await engine.deposits.getDepositView(deposit.id)).accruedInterest.exact).toBe('30.000000000000')
  })

  it('pays a notice deposit at its own rate after the notice, and under the policy before it', async () => {
    clock.set('2024-01-10T09:00:00.000Z')
    const notice = await engine.product('NOTICE7-CNY', {
      ...termTerms, kind: 'notice', convention: 'act-360', tenors: [], noticeDays: 7, maturityInstructions: [], gracePeriodDays: 0,
      posting: { frequency: 'quarterly', mode: 'payout', dayOfMonth: 21 },
    }, [{ tenor: null, fromMinor: 0n, annualRate: '0.0100' }])
    const { deposit } = await open(notice.id, '1000000.00', null)
    await closeDay('2024-01-19')
    clock.set('2024-01-20T09:00:00.000Z')
    await engine.deposits.giveNotice(deposit.id, cny('400000.00'))
    const tooSoon = await engine.deposits.previewWithdrawal(deposit.id, cny('400000.00'))
    // Before the notice runs out: the China rule, 400,000 × 0.35 % × 10/360 = 38.888… → 38.89.
    expect(tooSoon).toMatchObject({ basis: 'early', interestEarned: cny('38.89') })
    await closeDay('2024-01-26')
    clock.set('2024-01-27T09:00:00.000Z')
    const quote = await engine.deposits.previewWithdrawal(deposit.id, cny('400000.00'))
    // After it: its share of what accrued at 1 %, 400,000 × 1 % × 17/360 = 188.888… → 188.89.
    expect(quote).toMatchObject({ basis: 'notice', interestEarned: cny('188.89'), payout: cny('400188.89') })
    await engine.deposits.executeWithdrawal(deposit.id, cny('400000.00'), quote.quoteToken, staff)
    const after = await engine.deposits.getDepositView(deposit.id)
    // 1,000,000 × 1 % × 17/360 = 472.222…, less the 188.89 paid = 283.332… stays with the 600,000.
    expect(after.deposit.principal).toEqual(cny('600000.00'))
    expect(after.deposit.notice).toBeNull()
    expect(after.accruedInterest.exact).toBe('283.332222222222')
  })

  it('refuses a withdrawal quoted before the day’s accrual, and the deposit keeps accruing', async () => {
    const flexible = await engine.product('FLEXR-CNY', {
      ...termTerms, kind: 'flexible', convention: 'act-360', tenors: [], maturityInstructions: [], gracePeriodDays: 0,
      posting: { frequency: 'quarterly', mode: 'capitalise', dayOfMonth: null },
    }, [{ tenor: null, fromMinor: 0n, annualRate: '0.0360' }])
    const { deposit } = await open(flexible.id, '1000000.00', null)
    clock.set('2024-01-10T19:00:00.000Z')
    const preview = await engine.deposits.previewWithdrawal(deposit.id, cny('100000.00'))
    await closeDay('2024-01-10') // the day's accrual lands between the preview and the withdrawal
    await expect(engine.deposits.executeWithdrawal(deposit.id, cny('100000.00'), preview.quoteToken, staff)).rejects.toMatchObject({ code: 'deposit.preview_stale' })
    await closeDay('2024-01-11')
    // Two days on 1,000,000 at 3.6 % ACT/360: 200.
    expect((await engine.deposits.getDepositView(deposit.id)).accruedInterest.exact).toBe('200.000000000000')
  })

  it('brings a deposit that fell behind the book up to date before the day', async () => {
    const td = await engine.product('TD1Y-CNY', { ...termTerms, convention: 'act-360' }, termRates)
    const { deposit } = await open(td.id, '720000.00', '1Y')
    await closeDay('2024-01-10')
    // As a race at the close would leave it: the day's accrual missed this deposit.
    await sql`update ledger.deposit set accrued_through = '2024-01-09', accrued_scaled = 0 where id = ${deposit.id}::uuid`.execute(database.db)
    await closeDay('2024-01-12')
    // Three days at 1.5 % ACT/360 on 720,000: 30 a day.
    const view = await engine.deposits.getDepositView(deposit.id)
    expect([view.deposit.accruedThrough, view.accruedInterest.exact]).toEqual([d('2024-01-12'), '90.000000000000'])
  })

  it('compounds monthly and pays out quarterly, rounding at each compounding', async () => {
    clock.set('2024-01-01T09:00:00.000Z')
    const flexible = await engine.product('FLEXC-CNY', {
      ...termTerms, kind: 'flexible', convention: 'act-360', tenors: [], maturityInstructions: [], gracePeriodDays: 0,
      posting: { frequency: 'quarterly', mode: 'payout', dayOfMonth: null }, compounding: 'monthly',
    }, [{ tenor: null, fromMinor: 0n, annualRate: '0.0360' }])
    const payout = await engine.fundedAccount(cny('0.01'))
    const { deposit } = await engine.deposits.openDeposit({
      clientId: engine.clientId, clientType: 'individual', productId: flexible.id, amount: cny('1000000.00'), fundingAccountId: funding, payoutAccountId: payout,
    }, staff)
    await closeDay('2024-04-01')
    // Hand figures, 3.6 % ACT/360 = 0.01 % of the base a day:
    //   January, 31 days on 1,000,000.00: 3,100.00, compounded on 1 February → base 1,003,100.00;
    //   February, 29 days on 1,003,100.00: 100.31 × 29 = 2,908.99, compounded on 1 March → base 1,006,008.99;
    //   March, 31 days on 1,006,008.99: 100.600899 × 31 = 3,118.627869;
    //   paid out on 1 April: 3,100.00 + 2,908.99 + 3,118.627869 = 9,127.617869 → 9,127.62.
    expect(await engine.balanceOf(payout)).toBe(1n + 912_762n)
    const after = await engine.deposits.getDeposit(deposit.id)
    expect(after.principal).toEqual(cny('1000000.00'))
    expect(after.compoundedMinor).toBe(0n)
    expect((await engine.deposits.history(deposit.id)).filter((e) => e.kind === 'compounded').map((e) => e.detail.amount)).toEqual(['3100.00', '2908.99'])
  })

  it('moves a floating-rate deposit to a new rate sheet from its effective date', async () => {
    clock.set('2024-01-10T09:00:00.000Z')
    const flexible = await engine.product('FLEX-CNY', {
      ...termTerms, kind: 'flexible', rateType: 'floating', convention: 'act-360', tenors: [], maturityInstructions: [], gracePeriodDays: 0,
      posting: { frequency: 'quarterly', mode: 'capitalise', dayOfMonth: 21 },
    }, [{ tenor: null, fromMinor: 0n, annualRate: '0.0100' }])
    const { deposit } = await open(flexible.id, '360000.00', null)
    clock.set('2024-01-20T09:00:00.000Z')
    await engine.catalogue.addRates(flexible.id, { effectiveFrom: d('2024-02-01'), tiers: [{ tenor: null, fromMinor: 0n, annualRate: '0.0080' }] }, staff)
    await closeDay('2024-02-02')
    const view = await engine.deposits.getDepositView(deposit.id)
    expect(view.deposit.annualRate).toBe('0.0080')
    // 10 January … 31 January at 1 %: 360,000 × 0.01 × 22/360 = 220; 1 and 2 February at 0.8 %: 360,000 × 0.008 × 2/360 = 16.
    expect(view.accruedInterest.exact).toBe('236.000000000000')
    expect((await engine.deposits.history(deposit.id)).map((e) => e.kind)).toContain('rate-changed')
  })
})

// Concurrency claims hold on real PostgreSQL only: PGlite runs one statement at a time.
describe.runIf(hasPostgres())('withdrawals racing each other and the batch (PostgreSQL)', () => {
  let database: TestDatabase
  let engine: Engine
  const clock = fixedClock('2024-03-01T09:00:00.000Z')
  let productId: string
  let funding: string
  afterAll(async () => database?.close())

  beforeAll(async () => {
    database = await createTestDatabase()
    engine = await engineOn(database, clock)
    await engine.product('DEMAND-CNY', demandTerms, [{ tenor: null, fromMinor: 0n, annualRate: '0.0035' }])
    productId = (await engine.product('FLEX-CNY', {
      ...termTerms, kind: 'flexible', convention: 'act-360', tenors: [], maturityInstructions: [], gracePeriodDays: 0,
      posting: { frequency: 'monthly', mode: 'payout', dayOfMonth: null },
    }, [{ tenor: null, fromMinor: 0n, annualRate: '0.0360' }])).id
    funding = await engine.fundedAccount(cny('10000000.00'))
  })

  const openFlexible = async (payout: string) => (await engine.deposits.openDeposit({
    clientId: engine.clientId, clientType: 'individual', productId, amount: cny('1000000.00'), fundingAccountId: funding, payoutAccountId: payout,
  }, staff)).deposit

  it('pays one of eight identical withdrawals, once', async () => {
    const payout = await engine.fundedAccount(cny('0.01'))
    const deposit = await openFlexible(payout)
    const preview = await engine.deposits.previewWithdrawal(deposit.id, cny('1000000.00'))
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => engine.deposits.executeWithdrawal(deposit.id, cny('1000000.00'), preview.quoteToken, staff)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    // The others find the deposit changed under them (stale preview) or already closed.
    for (const r of results) if (r.status === 'rejected') expect(['deposit.preview_stale', 'deposit.invalid_state']).toContain((r.reason as { code?: string }).code)
    expect(await engine.balanceOf(payout)).toBe(1n + 100_000_000n)
    expect(await engine.balanceOf(deposit.accountId)).toBe(0n)
  })

  it('never pays a month’s interest twice when a withdrawal races the posting run', async () => {
    for (let round = 0; round < 4; round += 1) {
      clock.set(`2024-0${3 + round}-01T09:00:00.000Z`)
      const payout = await engine.fundedAccount(cny('0.01'))
      const deposit = await openFlexible(payout)
      // A month later the deposit's first interest posts at the end of the day; the client withdraws everything that same day.
      const postingDay = deposit.nextPostingOn!
      const dayBefore = new Date(Date.UTC(postingDay.year, postingDay.month - 1, postingDay.day - 1, 20))
      clock.set(dayBefore)
      await engine.eod.run(d(dayBefore.toISOString().slice(0, 10)), staff)
      clock.set(new Date(dayBefore.getTime() + 12 * 3_600_000)) // the posting day, 08:00
      const preview = await engine.deposits.previewWithdrawal(deposit.id, cny('1000000.00'))
      const [run, withdrawal] = await Promise.allSettled([
        engine.eod.run(postingDay, staff),
        engine.deposits.executeWithdrawal(deposit.id, cny('1000000.00'), preview.quoteToken, staff),
      ])
      expect(run.status).toBe('fulfilled')
      // Whoever committed first, the client got the principal and the month's interest exactly once:
      // 1,000,000 × 3.6 % × days/360, rounded once.
      // (A deposit opened after a day's close takes value the next day.)
      const opened = deposit.openedOn
      const days = (Date.UTC(postingDay.year, postingDay.month - 1, postingDay.day) - Date.UTC(opened.year, opened.month - 1, opened.day)) / 86_400_000
      const interestMinor = (1_000_000_00n * 36n * BigInt(days) + 180_000n) / 360_000n
      const paidOut = (await engine.balanceOf(payout)) - 1n
      if (withdrawal.status === 'fulfilled') {
        expect(paidOut).toBe(100_000_000n + interestMinor)
      } else {
        expect((withdrawal.reason as { code?: string }).code).toBe('deposit.preview_stale')
        expect(paidOut).toBe(interestMinor) // the run paid the interest; the principal is still on deposit
        expect(await engine.balanceOf(deposit.accountId)).toBe(100_000_000n)
      }
    }
  })

  it('lets one of two simultaneous runs of a day through and refuses the other', async () => {
    clock.set('2024-08-01T09:00:00.000Z')
    const results = await Promise.allSettled([engine.eod.run(d('2024-07-31'), staff), engine.eod.run(d('2024-07-31'), staff)])
    const codes = results.map((r) => (r.status === 'fulfilled' ? r.value.status : (r.reason as { code?: string }).code)).sort()
    expect(codes).toEqual(['completed', 'deposit.eod_in_progress'])
  })
})

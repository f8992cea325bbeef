import { formatMoney, money, type Clock, type IdGenerator } from '@strongroom/kernel'
import { addDays, compareCalendarDates, daysBetween, formatCalendarDate, type CalendarDate } from '../interest/calendar-date.js'
import { postInterest } from '../interest/accrual.js'
import { fraction, fractionFromDecimal, type ExactFraction } from '../exact-fraction.js'
import type { LedgerService } from '../service.js'
import type { Leg } from '../transfer.js'
import { accrualUnitsFor } from './accrual-units.js'
import { accruedInterestOf, accruedThrough, repriced, scaledOf } from './deposit-math.js'
import { DepositError } from './deposit-errors.js'
import type { DepositService } from './deposit-service.js'
import type { Deposit, DepositEvent } from './deposit.js'
import type { DepositPosting, DepositStore, DueKind, EodRun } from './ports.js'
import type { ProductCatalogue } from './product-catalogue.js'
import { sheetInForce, tiersOf } from './product.js'
import type { RateTier } from '../interest/tiered-rate.js'
import { nextScheduledDate } from './schedule.js'
import { maturityOf } from './tenor.js'

/**
 * The steps of one business day, in order. Each is idempotent on its own —
 * a deposit carries the marker that says it was done (`next_posting_on`
 * moved on, `status`, `accrued_through`), and every ledger posting has a key
 * made of the deposit and the date — so a run that died anywhere is resumed
 * by running the day again from its first step.
 */
export const eodSteps = ['catch-up', 'postings', 'maturities', 'compounding', 'repricing', 'accrual'] as const
export type EodStep = (typeof eodSteps)[number]

export interface EodProgress {
  readonly run: EodRun
  readonly date: CalendarDate
  readonly step: EodStep
  /** Days done out of `days`, counting the one in progress as not done. */
  readonly daysDone: number
  readonly days: number
}

export interface EodHooks {
  readonly onProgress?: ((progress: EodProgress) => void) | undefined
  /**
   * Called at named points inside a step (`postings:posted`: the ledger
   * transfers are in, the deposits not yet updated). Tests throw from it to
   * kill a run mid-way, as a crash would.
   */
  readonly checkpoint?: ((name: string, date: CalendarDate) => void | Promise<void>) | undefined
}

export interface EodDeps {
  readonly store: DepositStore
  readonly ledger: LedgerService
  readonly catalogue: ProductCatalogue
  readonly deposits: DepositService
  readonly clock: Clock
  readonly ids: IdGenerator
  /** How long a run may go without saving progress before another may take it over (default 5 minutes). */
  readonly leaseMs?: number | undefined
}

const chunk = 200

/** Thrown inside a run when another process has taken it over; never leaves this module. */
class LostLease extends Error {}
/** Passes over the deposits due before a step gives up on ones that keep changing under it (the run fails and can be run again). */
const maxPasses = 5

export function createEndOfDay(deps: EodDeps) {
  const { store, ledger, catalogue, deposits, clock } = deps
  const leaseMs = deps.leaseMs ?? 5 * 60_000

  const lease = () => new Date(clock.now().getTime() + leaseMs)

  /**
   * Works through deposits a chunk at a time (those due, or those behind the
   * book). A deposit a withdrawal changed between the read and the write fails
   * its version check and is still there: another pass reads it again, as it
   * is now, so none is left behind with a posting or a maturity that never
   * happens.
   */
  async function inPasses(what: string, date: CalendarDate, fetch: (afterId: string | null) => Promise<Deposit[]>, work: (batch: Deposit[]) => Promise<number>): Promise<number> {
    let touched = 0
    for (let pass = 1; ; pass += 1) {
      let afterId: string | null = null
      let missed = 0
      for (;;) {
        const batch = await fetch(afterId)
        if (batch.length === 0) break
        const written = await work(batch)
        touched += written
        missed += batch.length - written
        afterId = batch[batch.length - 1]!.id
      }
      if (missed === 0) return touched
      if (pass === maxPasses) throw new Error(`${missed} deposits kept changing under the ${what} step of ${formatCalendarDate(date)}; run the day again`)
    }
  }

  const eachDue = (kind: DueKind, date: CalendarDate, work: (batch: Deposit[]) => Promise<number>) =>
    inPasses(kind, date, (afterId) => store.dueDeposits(kind, date, afterId, chunk), work)

  /** Interest to post from what a deposit accrued (and compounded): rounded once, the remainder carried in `accrued_scaled`. */
  function settle(deposit: Deposit): { posted: bigint; remainder: ExactFraction } {
    const { posted, remainder } = postInterest(accruedInterestOf(deposit), '0', deposit.currency, deposit.terms.rounding)
    return { posted: posted.amountMinor, remainder }
  }

  /** The legs that move `amountMinor` of interest between the bank's expense account and `accountId` (negative rates run the other way). */
  async function interestLegs(deposit: Deposit, amountMinor: bigint, accountId: string): Promise<Leg[]> {
    if (amountMinor === 0n) return []
    const expense = await deposits.bankAccount('interest_expense', deposit.currency)
    const amount = money(amountMinor < 0n ? -amountMinor : amountMinor, deposit.currency)
    return amountMinor > 0n
      ? [{ accountId: expense, direction: 'debit', amount }, { accountId, direction: 'credit', amount }]
      : [{ accountId, direction: 'debit', amount }, { accountId: expense, direction: 'credit', amount }]
  }

  /** The posting that moves a plan's money, written with the deposit change and posted after it (see `DepositPosting`). */
  function postingOf(deposit: Deposit, legs: Leg[], key: string, event: string): DepositPosting[] {
    if (legs.length === 0) return []
    return [{
      key, depositId: deposit.id, createdAt: clock.now(), lastError: null, refusals: 0,
      request: { entries: legs, channel: 'internal', reference: `Deposit ${event}`, metadata: { depositId: deposit.id, 'deposit.event': event } },
    }]
  }

  /**
   * Commits the changes (each guarded by its deposit's version), then posts
   * their money. A posting the ledger refuses stays pending and is reported
   * on the run; the next run posts it again.
   */
  async function save(changes: { deposit: Deposit; previous: Deposit; events: DepositEvent[]; postings?: DepositPosting[] }[], step: string, date: CalendarDate, hooks: EodHooks): Promise<number> {
    // A long step keeps its lease: another process may take the run over only when this one has stopped saving.
    if (activeRun && !(await store.renewEodLease(activeRun.id, clock.now(), lease(), activeRun.owner))) throw new LostLease()
    const written = await store.updateDeposits(changes.map((c) => ({ deposit: c.deposit, expectedVersion: c.previous.version, events: c.events, postings: c.postings })))
    if (changes.some((c) => (c.postings ?? []).length > 0)) {
      await hooks.checkpoint?.(`${step}:saved`, date)
      const flushed = await deposits.flushPostings(written)
      for (const failure of flushed.failed) postingFailures.push({ ...failure, date })
    }
    return written.length
  }
  const postingFailures: { key: string; depositId: string; error: string; date: CalendarDate }[] = []
  let activeRun: { id: string; owner: string } | null = null

  /** Brings deposits that fell behind the book (see `stragglers`) up to the day before `date`, one by one, with the batch's own sums. */
  async function catchUp(date: CalendarDate, hooks: EodHooks): Promise<number> {
    return inPasses('catch-up', date, (afterId) => store.stragglers(date, afterId, chunk), (batch) => save(batch.map((deposit) => {
      const caught = accruedThrough(deposit, addDays(date, -1))
      return { previous: deposit, deposit: { ...caught, version: deposit.version + 1, updatedAt: clock.now() }, events: [] }
    }), 'catch-up', date, hooks))
  }

  const steps: Record<EodStep, (date: CalendarDate, hooks: EodHooks) => Promise<number>> = {
    'catch-up': catchUp,

    async postings(date, hooks) {
      return eachDue('posting', date, async (batch) => {
        const plans = await Promise.all(batch.map(async (deposit) => {
          const { posted, remainder } = settle(deposit)
          const capitalise = deposit.terms.posting.mode === 'capitalise'
          const legs = await interestLegs(deposit, posted, capitalise ? deposit.accountId : deposit.payoutAccountId)
          const principalMinor = capitalise ? deposit.principal.amountMinor + posted : deposit.principal.amountMinor
          const next: Deposit = {
            ...deposit, ...repriced(deposit, principalMinor, 0n),
            accruedScaled: scaledOf(remainder, deposit.accrualDenominator), periodStart: date,
            nextPostingOn: nextScheduledDate({ ...scheduleOf(deposit, 'posting') }, date),
            version: deposit.version + 1, updatedAt: clock.now(),
          }
          return { deposit, postings: postingOf(deposit, legs, `deposit-interest:${deposit.id}:${formatCalendarDate(date)}`, 'interest'), next, posted }
        }))
        return save(plans.map((p) => ({
          previous: p.deposit, deposit: p.next, postings: p.postings,
          events: [deposits.event(p.next, 'interest-posted', date, { amount: formatMoney(money(p.posted, p.deposit.currency)), mode: p.deposit.terms.posting.mode })],
        })), 'postings', date, hooks)
      })
    },

    async maturities(date, hooks) {
      return eachDue('maturity', date, async (batch) => {
        // Each as of its own maturity day, even when the batch reaches it late.
        const plans = await Promise.all(batch.map((deposit) => maturityPlan(deposit, deposit.maturity ?? date)))
        return save(plans.map((p) => ({ previous: p.deposit, deposit: p.next, events: p.events, postings: postingOf(p.deposit, p.legs, p.key, p.event) })), 'maturities', date, hooks)
      })
    },

    async compounding(date, hooks) {
      return eachDue('compounding', date, async (batch) => save(batch.map((deposit) => {
        const accrued = fractionFromDecimal(deposit.accruedScaled)
        const { posted, remainder } = postInterest(fraction(accrued.numerator, accrued.denominator * deposit.accrualDenominator), '0', deposit.currency, deposit.terms.rounding)
        const compounded = deposit.compoundedMinor + posted.amountMinor
        const next: Deposit = {
          ...deposit, ...repriced(deposit, deposit.principal.amountMinor, compounded),
          accruedScaled: scaledOf(remainder, deposit.accrualDenominator),
          nextCompoundingOn: nextScheduledDate(scheduleOf(deposit, 'compounding'), date),
          version: deposit.version + 1, updatedAt: clock.now(),
        }
        // On a posting day the posting took everything first: nothing is left to compound, and nothing is recorded.
        const events = posted.amountMinor === 0n ? [] : [deposits.event(next, 'compounded', date, { amount: formatMoney(posted) })]
        return { previous: deposit, deposit: next, events }
      }), 'compounding', date, hooks))
    },

    async repricing(date, hooks) {
      let touched = 0
      // Demand deposits earn on what their account holds at the end of the day.
      let afterId: string | null = null
      for (;;) {
        const batch = await store.demandDepositsToReprice(afterId, chunk)
        if (batch.length === 0) break
        touched += await save(batch.map(({ deposit, balanceMinor }) => {
          const next: Deposit = { ...deposit, ...repriced(deposit, balanceMinor < 0n ? 0n : balanceMinor), version: deposit.version + 1, updatedAt: clock.now() }
          const events = next.annualRate !== deposit.annualRate ? [deposits.event(next, 'rate-changed', date, { reason: 'balance tier' })] : []
          return { previous: deposit, deposit: next, events }
        }), 'repricing', date, hooks)
        afterId = batch[batch.length - 1]!.deposit.id
      }
      // Floating-rate deposits follow the sheet in force: any whose tiers differ from it take it from this day
      // (a sheet recorded after its day's close is taken by the next run; a deposit changed meanwhile, by the one after).
      let cursor: string | undefined
      do {
        const page = await catalogue.listProducts({ limit: 200, cursor })
        for (const product of page.items) {
          if (product.terms.rateType !== 'floating') continue
          const sheet = sheetInForce(await store.listRateSheets(product.id), date)
          if (!sheet) continue
          let after: string | undefined
          do {
            const held = await store.listDeposits({ productId: product.id, status: 'active' }, { limit: chunk, cursor: after })
            const stale = held.items.filter((d) => d.rateSource === 'sheet' && !sameTiers(d.rateTiers, tiersOf(sheet.tiers, d.tenor)))
            touched += await save(stale.map((deposit) => {
              const tiers = tiersOf(sheet.tiers, deposit.tenor)
              const next: Deposit = { ...deposit, rateTiers: tiers.length > 0 ? tiers : deposit.rateTiers, version: deposit.version + 1, updatedAt: clock.now() }
              const priced = { ...next, ...repriced(next, deposit.principal.amountMinor) }
              return { previous: deposit, deposit: priced, events: [deposits.event(priced, 'rate-changed', date, { reason: `floating rate: sheet of ${formatCalendarDate(sheet.effectiveFrom)}` })] }
            }), 'repricing', date, hooks)
            after = held.nextCursor ?? undefined
          } while (after !== undefined)
        }
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      return touched
    },

    async accrual(date, hooks) {
      // A deposit that fell behind during the day (a maturity settled late, a race) accrues up to yesterday first.
      await catchUp(date, hooks)
      return store.accrueDay(date, accrualUnitsFor(date, await store.accrualKeys(date)))
    },
  }

  function scheduleOf(deposit: Deposit, which: 'posting' | 'compounding') {
    return {
      frequency: which === 'posting' ? deposit.terms.posting.frequency : deposit.terms.compounding,
      dayOfMonth: deposit.terms.posting.dayOfMonth,
      anchor: deposit.termStart,
      maturity: deposit.status === 'active' ? deposit.maturity : null,
    }
  }

  /** What maturity does to a deposit under its instruction: final interest, then pay out, roll over, or wait. */
  async function maturityPlan(deposit: Deposit, date: CalendarDate) {
    const { posted, remainder } = settle(deposit)
    const c = deposit.currency
    const key = `deposit-maturity:${deposit.id}:${formatCalendarDate(date)}`
    const now = clock.now()
    const instruction = deposit.maturityInstruction ?? 'await-instruction'
    const matured = deposits.event(deposit, 'matured', date, { interest: formatMoney(money(posted, c)), instruction })
    const base = { ...deposit, version: deposit.version + 1, updatedAt: now, periodStart: date, compoundedMinor: 0n }
    if (instruction === 'payout') {
      const legs = await interestLegs(deposit, posted, deposit.payoutAccountId)
      legs.push({ accountId: deposit.accountId, direction: 'debit', amount: deposit.principal }, { accountId: deposit.payoutAccountId, direction: 'credit', amount: deposit.principal })
      const next: Deposit = { ...base, principal: money(0n, c), accruedScaled: '0', status: 'closed', closedOn: date, nextPostingOn: null, nextCompoundingOn: null }
      return { deposit, legs: mergeLegs(legs), key, event: 'maturity', next, events: [matured, deposits.event(next, 'closed', date)] }
    }
    const keepInterest = instruction === 'rollover-principal-and-interest' || instruction === 'await-instruction'
    const legs = await interestLegs(deposit, posted, keepInterest ? deposit.accountId : deposit.payoutAccountId)
    const principalMinor = deposit.principal.amountMinor + (keepInterest ? posted : 0n)
    const carried = scaledOf(remainder, deposit.accrualDenominator)
    const grace = deposit.terms.gracePeriodDays > 0 ? addDays(date, deposit.terms.gracePeriodDays - 1) : null
    if (instruction !== 'await-instruction' && deposit.tenor !== null) {
      try {
        const rates = await deposits.ratesFor(deposit.clientId, deposit.productId, deposit.tenor, date)
        const maturity = maturityOf(date, deposit.tenor)
        const rolled: Deposit = { ...base, rateTiers: rates.tiers, rateSource: rates.source, termStart: date, maturity, graceUntil: grace, accruedScaled: carried }
        const next: Deposit = {
          ...rolled, ...repriced(rolled, principalMinor, 0n),
          nextPostingOn: nextScheduledDate({ frequency: deposit.terms.posting.frequency, dayOfMonth: deposit.terms.posting.dayOfMonth, anchor: date, maturity }, date),
          nextCompoundingOn: nextScheduledDate({ frequency: deposit.terms.compounding, dayOfMonth: deposit.terms.posting.dayOfMonth, anchor: date, maturity }, date),
        }
        return { deposit, legs, key, event: 'maturity', next, events: [matured, deposits.event(next, 'rolled-over', date, { principal: formatMoney(next.principal), maturity: formatCalendarDate(maturity) })] }
      } catch (error) {
        if (!(error instanceof DepositError)) throw error
        // No rate to roll over at: the deposit waits for instructions at the post-maturity rate instead.
      }
    }
    const rate = await deposits.postMaturityRate(deposit, date)
    const waiting: Deposit = { ...base, rateTiers: [{ fromMinor: 0n, annualRate: rate }], rateSource: 'post-maturity', status: 'matured', graceUntil: grace, accruedScaled: carried, nextPostingOn: null, nextCompoundingOn: null }
    const next: Deposit = { ...waiting, ...repriced(waiting, principalMinor, 0n) }
    return { deposit, legs, key, event: 'maturity', next, events: [matured, deposits.event(next, 'rate-changed', date, { reason: 'post-maturity rate' })] }
  }

  async function process(run: EodRun, hooks: EodHooks): Promise<EodRun> {
    let current = run
    const first = current.processingDate ?? current.fromDate
    const days = daysBetween(current.fromDate, current.businessDate) + 1
    const counts: Record<string, number> = { ...current.counts }
    postingFailures.length = 0
    const owner = run.leaseOwner!
    activeRun = { id: run.id, owner }
    const saveRun = async (next: EodRun) => {
      if (!(await store.saveEodRun(next, owner))) throw new LostLease()
    }
    try {
      // Money a dead run committed but did not post goes first.
      const recovered = await deposits.flushPostings(null)
      counts.postingsRecovered = (counts.postingsRecovered ?? 0) + recovered.posted.size
      for (const failure of recovered.failed) {
        // A deposit whose opening the ledger refused never received its money: it never opened.
        if (failure.refused && failure.key.startsWith('deposit-open:')) await deposits.voidUnfundedOpening(failure.depositId, failure.error)
        postingFailures.push({ ...failure, date: first })
      }
      for (let date = first; compareCalendarDates(date, current.businessDate) <= 0; date = addDays(date, 1)) {
        for (const step of eodSteps) {
          current = { ...current, processingDate: date, step, counts: { ...counts }, updatedAt: clock.now(), leaseUntil: lease() }
          await saveRun(current)
          hooks.onProgress?.({ run: current, date, step, daysDone: daysBetween(current.fromDate, date), days })
          counts[step] = (counts[step] ?? 0) + (await steps[step](date, hooks))
        }
      }
      const expired = await ledger.expireHolds(clock.now())
      counts.holdsExpired = (counts.holdsExpired ?? 0) + expired.length
      counts.postingsPending = postingFailures.length
      // A refused posting does not stop the day (the deposit is right, the money follows): it is on the run for operations to clear.
      const errors = [...current.errors, ...postingFailures.map((f) => ({
        at: clock.now().toISOString(), date: formatCalendarDate(f.date), step: 'posting', message: `deposit ${f.depositId}: ${f.key}: ${f.error}`,
      }))]
      current = { ...current, status: 'completed', step: null, counts: { ...counts }, errors, updatedAt: clock.now(), completedAt: clock.now(), leaseUntil: null }
      await saveRun(current)
      return current
    } catch (error) {
      // Another process took the run over: it carries on from here; this one stops without touching the run.
      if (error instanceof LostLease) throw new DepositError('deposit.eod_in_progress', 'another process took this end-of-day run over (this one was too slow to renew its lease)')
      const message = error instanceof Error ? error.message : String(error)
      current = {
        ...current, status: 'failed', counts: { ...counts }, updatedAt: clock.now(), leaseUntil: null,
        errors: [...current.errors, { at: clock.now().toISOString(), date: current.processingDate ? formatCalendarDate(current.processingDate) : null, step: current.step, message }],
      }
      await store.saveEodRun(current, owner).catch(() => undefined)
      throw error
    }
  }

  /**
   * Starts (or resumes) the run for `businessDate`. A date a completed run
   * already covers answers that run and changes nothing. Days missed since
   * the last completed run are processed first, in order. `work` settles
   * when the run is done; it is null when there was nothing to do.
   */
  async function begin(businessDate: CalendarDate, actorId: string, hooks: EodHooks = {}): Promise<{ run: EodRun; work: Promise<EodRun> | null }> {
    const today = catalogue.today()
    if (compareCalendarDates(businessDate, today) > 0) {
      throw new DepositError('deposit.invalid_business_date', `${formatCalendarDate(businessDate)} has not begun (today is ${formatCalendarDate(today)})`)
    }
    const covering = await store.completedRunCovering(businessDate)
    if (covering) return { run: covering, work: null }
    let run = await store.findEodRun(businessDate)
    if (run) {
      const owner = deps.ids.next()
      if (!(await store.claimEodRun(run.id, clock.now(), lease(), owner))) {
        throw new DepositError('deposit.eod_in_progress', `the run for ${formatCalendarDate(businessDate)} is in progress`, { runId: run.id })
      }
      run = { ...run, status: 'running', leaseUntil: lease(), leaseOwner: owner }
    } else {
      const last = await store.latestCompletedRun()
      if (last && compareCalendarDates(last.businessDate, businessDate) > 0) {
        throw new DepositError('deposit.invalid_business_date', `${formatCalendarDate(businessDate)} lies before the last closed day and was not closed by a run; nothing can run for it now`)
      }
      const firstOpen = last ? addDays(last.businessDate, 1) : ((await store.firstDayToAccrue()) ?? businessDate)
      const fromDate = compareCalendarDates(firstOpen, businessDate) > 0 ? businessDate : firstOpen
      const now = clock.now()
      run = {
        id: deps.ids.next(), businessDate, fromDate, status: 'running', processingDate: null, step: null, counts: {}, errors: [],
        startedBy: actorId, startedAt: now, updatedAt: now, completedAt: null, leaseUntil: lease(), leaseOwner: deps.ids.next(),
      }
      if (!(await store.insertEodRun(run))) {
        // Another run holds the day, or another day: if its process died (its lease ran out), retire it and try once more.
        const other = await store.runningEodRun()
        const retired = other !== undefined && other.id !== run.id && (await store.abandonEodRun(other.id, now, 'abandoned: its lease ran out before it finished'))
        if (!retired || !(await store.insertEodRun(run))) {
          throw new DepositError('deposit.eod_in_progress', `another end-of-day run is in progress${other ? ` (${formatCalendarDate(other.businessDate)})` : ''}`, other ? { runId: other.id } : undefined)
        }
      }
    }
    return { run, work: process(run, hooks) }
  }

  return {
    begin,
    /** Runs the day to the end (or resumes it) and answers the finished run. */
    async run(businessDate: CalendarDate, actorId: string, hooks: EodHooks = {}): Promise<EodRun> {
      const { run, work } = await begin(businessDate, actorId, hooks)
      return work ? work : run
    },
    async getRun(id: string): Promise<EodRun> {
      const run = await store.findEodRunById(id)
      if (!run) throw new DepositError('deposit.not_found', `no end-of-day run ${id}`, { runId: id })
      return run
    },
    listRuns: store.listEodRuns.bind(store),
  }
}

/** Legs on the same account and side folded together (a payout's interest and principal reach one account). */
function mergeLegs(legs: Leg[]): Leg[] {
  const merged = new Map<string, Leg>()
  for (const leg of legs) {
    const key = `${leg.accountId}:${leg.direction}`
    const seen = merged.get(key)
    merged.set(key, seen ? { ...seen, amount: money(seen.amount.amountMinor + leg.amount.amountMinor, seen.amount.currency) } : leg)
  }
  return [...merged.values()]
}

export type EndOfDay = ReturnType<typeof createEndOfDay>

function sameTiers(a: readonly RateTier[], b: readonly RateTier[]): boolean {
  return a.length === b.length && a.every((tier, i) => tier.fromMinor === b[i]!.fromMinor && tier.annualRate === b[i]!.annualRate)
}

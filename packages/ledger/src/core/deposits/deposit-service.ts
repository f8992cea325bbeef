import {
  addMoney, compareMoney, decimal, formatMoney, money, subtractMoney, zeroMoney,
  type Clock, type CurrencyCode, type IdGenerator, type Money, type Page, type PageRequest,
} from '@strongroom/kernel'
import { addDays, compareCalendarDates, daysBetween, formatCalendarDate, type CalendarDate } from '../interest/calendar-date.js'
import { yearFraction } from '../interest/day-count.js'
import { addFractions, fraction, fractionFromMoney, fractionToDecimal, roundFractionToMinor, subtractFractions, multiplyFractions, zeroFraction } from '../exact-fraction.js'
import { availableBalance } from '../account.js'
import { LedgerError } from '../errors.js'
import type { LedgerService } from '../service.js'
import type { Leg, PostedTransfer } from '../transfer.js'
import { accrualDenominators } from './accrual-units.js'
import { accruedInterestOf, accruedThrough, projectedAccrual, repriced, scaledOf } from './deposit-math.js'
import { DepositError } from './deposit-errors.js'
import { depositInsuranceCoverage, type CoverageResult, type InsuranceScheme } from './deposit-insurance.js'
import type { Deposit, DepositEvent } from './deposit.js'
import { quoteEarlyWithdrawal, type EarlyWithdrawalQuote } from './early-withdrawal.js'
import { createPostingFlusher } from './deposit-postings.js'
import type { DepositStore } from './ports.js'
import type { ProductCatalogue } from './product-catalogue.js'
import { hasTerm, priceDeposit, sheetInForce, tiersOf, type ClientType, type MaturityInstruction } from './product.js'
import { nextScheduledDate } from './schedule.js'
import { longestTenorHeld, maturityOf } from './tenor.js'

export interface DepositServiceDeps {
  readonly store: DepositStore
  readonly ledger: LedgerService
  readonly catalogue: ProductCatalogue
  readonly clock: Clock
  readonly ids: IdGenerator
  /** Units of `quote` per unit of `base` in force at `at`, for deposit insurance; undefined when no rate is known. */
  readonly fxRate?: ((base: CurrencyCode, quote: CurrencyCode, at: Date) => Promise<string | undefined>) | undefined
}

export interface OpenDepositRequest {
  readonly clientId: string
  /** Decides the minimum opening amount (a CD asks more of institutions). */
  readonly clientType: ClientType
  readonly productId: string
  readonly amount: Money
  readonly tenor?: string | null | undefined
  readonly fundingAccountId: string
  /** Where interest paid out, withdrawals and maturity proceeds go; default: the funding account. */
  readonly payoutAccountId?: string | undefined
  readonly maturityInstruction?: MaturityInstruction | undefined
}

export interface DepositView {
  readonly deposit: Deposit
  /** Accrued and not yet posted, through `accruedThrough`: exact (to 12 places) and as it would post today. */
  readonly accruedInterest: { readonly exact: string; readonly rounded: Money }
  /** Interest still to come by maturity at the current rate (accrued + the days left), rounded once; null without a maturity. */
  readonly projectedInterestAtMaturity: Money | null
}

/** A withdrawal quote: what a preview shows and an execution pays, identified by `quoteToken`. */
export interface WithdrawalQuote extends EarlyWithdrawalQuote {
  readonly depositId: string
  /** `early` under the product's early-withdrawal policy; `grace` within a grace window; `notice`, `flexible`, `matured`: at the deposit's rate, no penalty. */
  readonly basis: 'early' | 'grace' | 'notice' | 'flexible' | 'matured'
  readonly depositVersion: number
  /** Send it back to execute exactly this quote; it changes whenever anything it depends on changes. */
  readonly quoteToken: string
}

export interface WithdrawalResult {
  readonly quote: WithdrawalQuote
  readonly transfer: PostedTransfer
  readonly deposit: Deposit
}

export interface InsuranceCoverageOptions {
  readonly schemes: readonly InsuranceScheme[]
  /** The ownership category of an account for per-category schemes (FDIC); default 'single'. */
  readonly ownershipCategoryOf?: ((accountId: string) => string) | undefined
}

export interface ClientInsuranceCoverage {
  readonly clientId: string
  readonly asOf: CalendarDate
  readonly schemes: readonly CoverageResult[]
}

export function createDepositService(deps: DepositServiceDeps) {
  const { store, ledger, catalogue, clock, ids } = deps
  const today = catalogue.today
  const flushPostings = createPostingFlusher({ store, ledger })

  const notFound = (id: string) => new DepositError('deposit.not_found', `no deposit ${id}`, { depositId: id })

  async function getDeposit(id: string): Promise<Deposit> {
    const deposit = await store.findDeposit(id)
    if (!deposit) throw notFound(id)
    return deposit
  }

  function event(deposit: Deposit, kind: DepositEvent['kind'], businessDate: CalendarDate, detail: Record<string, unknown> = {}, annualRate: string | null = deposit.annualRate): DepositEvent {
    return { id: ids.next(), depositId: deposit.id, businessDate, at: clock.now(), kind, annualRate, detail }
  }

  // Bank accounts never change once chosen: remembered, and asked for once even by concurrent callers.
  const bankAccounts = new Map<string, Promise<string>>()

  /** The bank's own account for a purpose in a currency, opened on first use (unbounded: it takes every deposit's interest). */
  function bankAccount(purpose: 'interest_expense' | 'fees', currency: CurrencyCode): Promise<string> {
    const key = `${purpose}:${currency}`
    let account = bankAccounts.get(key)
    if (!account) {
      account = findOrOpenBankAccount(purpose, currency)
      bankAccounts.set(key, account)
      account.catch(() => bankAccounts.delete(key))
    }
    return account
  }

  async function findOrOpenBankAccount(purpose: 'interest_expense' | 'fees', currency: CurrencyCode): Promise<string> {
    const known = await store.findBankAccount(purpose, currency)
    if (known) return known
    const opened = await ledger.openAccount({
      kind: 'internal', internalPurpose: purpose, currency, unbounded: true,
      name: purpose === 'interest_expense' ? `Deposit interest expense ${currency}` : `Early-withdrawal penalties ${currency}`,
    })
    const chosen = await store.saveBankAccount(purpose, currency, opened.account.id)
    // Another server opened one first: this one stays empty and is closed, so no stray book is left open.
    if (chosen !== opened.account.id) await ledger.changeAccountStatus(opened.account.id, 'closed', 'another instance opened this book first').catch(() => undefined)
    return chosen
  }

  async function clientAccount(accountId: string, clientId: string, currency: CurrencyCode, role: string): Promise<void> {
    const state = await ledger.getAccount(accountId)
    const account = state.account
    if (account.kind !== 'client' || account.clientId !== clientId) throw new DepositError('deposit.invalid_account', `the ${role} account must be an account of the client`, { accountId })
    if (account.currency !== currency) throw new DepositError('deposit.invalid_account', `the ${role} account is in ${account.currency}, the deposit in ${currency}`, { accountId })
    if (account.status === 'closed') throw new DepositError('deposit.invalid_account', `the ${role} account is closed`, { accountId })
  }

  /** The tiers (and where they came from) a new term of `tenor` starting on `date` earns. */
  async function ratesFor(clientId: string, productId: string, tenor: string | null, date: CalendarDate): Promise<{ tiers: { fromMinor: bigint; annualRate: string }[]; source: 'sheet' | 'negotiated' }> {
    const negotiated = await store.applicableNegotiatedRate(clientId, productId, tenor, date)
    if (negotiated) return { tiers: [{ fromMinor: 0n, annualRate: negotiated.annualRate }], source: 'negotiated' }
    const sheet = sheetInForce(await store.listRateSheets(productId), date)
    const tiers = sheet ? tiersOf(sheet.tiers, tenor) : []
    if (tiers.length === 0) throw new DepositError('deposit.no_rate', `no rate in force on ${formatCalendarDate(date)}${tenor ? ` for ${tenor}` : ''}`)
    return { tiers, source: 'sheet' }
  }

  /**
   * The ledger refused the transfer that was to fund a new deposit, so no
   * money moved: the deposit never opened. It is closed at zero, its pending
   * funding dropped and its empty account closed.
   */
  async function voidUnfundedOpening(depositId: string, reason: string): Promise<void> {
    const deposit = await store.findDeposit(depositId)
    if (!deposit || deposit.status === 'closed') return
    const date = deposit.openedOn
    const voided: Deposit = {
      ...deposit, principal: zeroMoney(deposit.currency), accruedScaled: '0', compoundedMinor: 0n, status: 'closed', closedOn: date,
      nextPostingOn: null, nextCompoundingOn: null, version: deposit.version + 1, updatedAt: clock.now(),
    }
    if (!(await store.updateDeposit({ deposit: voided, expectedVersion: deposit.version, events: [event(voided, 'closed', date, { reason: `funding refused: ${reason}` })] }))) return
    await store.cancelPosting(`deposit-open:${depositId}`)
    await ledger.changeAccountStatus(deposit.accountId, 'closed', 'the deposit could not be funded').catch(() => undefined)
  }

  function view(deposit: Deposit): DepositView {
    const accrued = accruedInterestOf(deposit)
    const rounded = roundFractionToMinor(accrued, deposit.currency, deposit.terms.rounding).money
    let projected: Money | null = null
    if (deposit.maturity !== null && deposit.status === 'active') {
      const total = addFractions(accrued, projectedAccrual(deposit, deposit.maturity))
      projected = roundFractionToMinor(total, deposit.currency, deposit.terms.rounding).money
    }
    return { deposit, accruedInterest: { exact: decimal(fractionToDecimal(accrued)).toFixed(12), rounded }, projectedInterestAtMaturity: projected }
  }

  /** The day a withdrawal takes value: today, or the first day the batch has not yet accrued if it already closed today. */
  function valueDateOf(deposit: Deposit): CalendarDate {
    const next = addDays(deposit.accruedThrough, 1)
    return compareCalendarDates(next, today()) > 0 ? next : today()
  }

  async function quote(deposit: Deposit, amount: Money): Promise<WithdrawalQuote> {
    if (deposit.status === 'closed') throw new DepositError('deposit.invalid_state', 'the deposit is closed')
    if (deposit.kind === 'demand') throw new DepositError('deposit.invalid_withdrawal', 'money leaves a demand deposit by an ordinary transfer from its account')
    const date = valueDateOf(deposit)
    const overdue = (due: CalendarDate | null) => due !== null && compareCalendarDates(due, date) < 0
    if (overdue(deposit.nextPostingOn) || (deposit.status === 'active' && overdue(deposit.maturity))) {
      throw new DepositError('deposit.invalid_state', 'the end-of-day batch has not yet processed this deposit’s interest or maturity: run it first')
    }
    const caughtUp = accruedThrough(deposit, addDays(date, -1))
    const principal = addMoney(deposit.principal, money(deposit.compoundedMinor, deposit.currency))
    if (amount.currency !== deposit.currency) throw new DepositError('deposit.invalid_withdrawal', `the deposit is in ${deposit.currency}`)
    if (amount.amountMinor <= 0n || compareMoney(amount, deposit.principal) > 0) {
      throw new DepositError('deposit.invalid_withdrawal', `a withdrawal takes more than 0 and at most the principal, ${formatMoney(deposit.principal)}`)
    }
    let basis: WithdrawalQuote['basis']
    let result: EarlyWithdrawalQuote
    const inTerm = hasTerm(deposit.kind) && deposit.status === 'active' && deposit.maturity !== null && compareCalendarDates(date, deposit.maturity) < 0
    const noticed = deposit.kind === 'notice' && deposit.notice !== null && compareCalendarDates(date, deposit.notice.availableFrom) >= 0 && compareMoney(amount, deposit.notice.amount) <= 0
    if (inTerm || (deposit.kind === 'notice' && !noticed)) {
      const inGrace = deposit.graceUntil !== null && compareCalendarDates(date, deposit.graceUntil) <= 0
      basis = inGrace ? 'grace' : 'early'
      const policy = inGrace ? ({ kind: 'china-demand-rate' } as const) : deposit.terms.earlyWithdrawal
      if (deposit.kind === 'notice' && policy.kind === 'not-allowed') {
        throw new DepositError('deposit.notice_required', deposit.notice
          ? `notice was given for ${formatMoney(deposit.notice.amount)}, available from ${formatCalendarDate(deposit.notice.availableFrom)}`
          : `give ${deposit.terms.noticeDays ?? 0} days' notice first`)
      }
      const demandRate = inGrace ? await postMaturityRate(deposit, date) : await catalogue.demandRate(deposit.currency, date, principal.amountMinor)
      result = quoteEarlyWithdrawal({
        policy, principal: deposit.principal, amount, contractRate: deposit.annualRate, convention: deposit.terms.convention,
        interestFrom: deposit.periodStart, depositedOn: deposit.termStart, withdrawalDate: date,
        maturity: deposit.maturity,
        demandRate, heldTenorRate: await heldTenorRate(deposit, date), rounding: deposit.terms.rounding,
      })
      // The part that stays keeps its share of what the deposit actually accrued (rate changes, compounding and
      // carried remainders included), not a recomputation at today's rate.
      if (!result.full) {
        const kept = multiplyFractions(accruedInterestOf(caughtUp), fraction(result.principalRemaining.amountMinor, deposit.principal.amountMinor))
        result = {
          ...result,
          remainingAccrued: kept,
          lines: result.lines.map((line) => (line.part === 'remaining' ? { ...line, interest: kept, basis: 'its share of the interest the deposit has accrued so far (accrued, not paid now)' } : line)),
        }
      }
    } else {
      // Matured: waiting for instructions, or its maturity day not yet closed by the batch (it pays the full term's interest).
      const atMaturity = deposit.status === 'matured' || (hasTerm(deposit.kind) && deposit.maturity !== null && compareCalendarDates(date, deposit.maturity) >= 0)
      basis = atMaturity ? 'matured' : deposit.kind === 'notice' ? 'notice' : 'flexible'
      result = quoteAtRate(caughtUp, amount, date)
    }
    const quoteToken = [deposit.id, `v${deposit.version}`, formatCalendarDate(date), basis, result.principalWithdrawn.amountMinor, result.interestEarned.amountMinor, result.penalty.amountMinor, result.payout.amountMinor].join(':')
    return { ...result, depositId: deposit.id, basis, depositVersion: deposit.version, quoteToken }
  }

  /**
   * A withdrawal at the deposit's own rate and without penalty (after
   * notice, from a flexible deposit, after maturity): the withdrawn part
   * takes its share of what the deposit has actually accrued, so the
   * interest left behind is exactly what the rest earned.
   */
  function quoteAtRate(deposit: Deposit, amount: Money, date: CalendarDate): EarlyWithdrawalQuote {
    const accrued = accruedInterestOf(deposit)
    const base = deposit.principal.amountMinor
    const share = multiplyFractions(accrued, fraction(amount.amountMinor, base))
    const paid = roundFractionToMinor(share, deposit.currency, deposit.terms.rounding).money
    const full = amount.amountMinor === base
    const remaining = subtractMoney(deposit.principal, amount)
    const from = deposit.periodStart
    return {
      full, policy: { kind: 'china-demand-rate' }, withdrawalDate: date,
      principalWithdrawn: amount, principalRemaining: remaining,
      lines: [{
        part: 'withdrawn', principal: amount, annualRate: deposit.annualRate, from, to: date, days: daysBetween(from, date),
        yearFraction: yearFraction(deposit.terms.convention, from, date, { maturity: deposit.maturity }),
        interest: share, basis: `its share of the interest accrued at ${deposit.annualRate} since ${formatCalendarDate(from)}`,
      }],
      interestEarned: paid, penalty: zeroMoney(deposit.currency), payout: addMoney(amount, paid),
      remainingAccrued: full ? zeroFraction : subtractFractions(accrued, fractionFromMoney(paid)),
      explanation: [
        `${formatMoney(amount)} of ${formatMoney(deposit.principal)} is withdrawn on ${formatCalendarDate(date)} without penalty.`,
        `It takes ${formatMoney(paid)} of the interest accrued since ${formatCalendarDate(from)}; the rest stays with the remaining principal.`,
      ],
    }
  }

  async function postMaturityRate(deposit: Deposit, date: CalendarDate): Promise<string> {
    const rate = deposit.terms.postMaturityRate
    return rate === 'demand' ? catalogue.demandRate(deposit.currency, date, deposit.principal.amountMinor) : rate
  }

  /** The product's rate, on the sheet the term was priced from, for the longest tenor the deposit has actually run. */
  async function heldTenorRate(deposit: Deposit, date: CalendarDate): Promise<string | null> {
    const held = longestTenorHeld(deposit.terms.tenors, deposit.termStart, date)
    if (held === undefined) return null
    const sheet = sheetInForce(await store.listRateSheets(deposit.productId), deposit.termStart)
    const tiers = sheet ? tiersOf(sheet.tiers, held) : []
    return tiers.length === 0 ? null : priceDeposit(deposit.principal, tiers, deposit.terms.tierMethod).annualRate
  }

  return {
    getDeposit,
    view,

    async openDeposit(request: OpenDepositRequest, actorId: string): Promise<DepositView> {
      const product = await catalogue.getProduct(request.productId)
      if (product.status !== 'open') throw new DepositError('deposit.product_not_open', `product ${product.code} is ${product.status}`)
      const { terms } = product
      const { amount, clientId } = request
      if (amount.currency !== terms.currency) throw new DepositError('deposit.amount_out_of_range', `${product.code} takes ${terms.currency}`)
      const minimum = money(terms.minimumMinor[request.clientType], terms.currency)
      if (compareMoney(amount, minimum) < 0) throw new DepositError('deposit.amount_out_of_range', `the minimum for an ${request.clientType} is ${formatMoney(minimum)}`)
      if (terms.maximumMinor !== null && amount.amountMinor > terms.maximumMinor) {
        throw new DepositError('deposit.amount_out_of_range', `the maximum is ${formatMoney(money(terms.maximumMinor, terms.currency))}`)
      }
      const tenor = request.tenor ?? null
      if (hasTerm(terms.kind) ? tenor === null || !terms.tenors.includes(tenor) : tenor !== null) {
        throw new DepositError('deposit.tenor_not_offered', hasTerm(terms.kind) ? `${product.code} offers ${terms.tenors.join(', ')}` : `a ${terms.kind} deposit has no tenor`)
      }
      const instruction = hasTerm(terms.kind) ? (request.maturityInstruction ?? terms.maturityInstructions[0]!) : null
      if (instruction !== null && !terms.maturityInstructions.includes(instruction)) {
        throw new DepositError('deposit.maturity_instruction_not_offered', `${product.code} offers the maturity instructions ${terms.maturityInstructions.join(', ')}`)
      }
      if (!hasTerm(terms.kind) && request.maturityInstruction !== undefined) throw new DepositError('deposit.maturity_instruction_not_offered', `a ${terms.kind} deposit does not mature`)
      const payoutAccountId = request.payoutAccountId ?? request.fundingAccountId
      await clientAccount(request.fundingAccountId, clientId, terms.currency, 'funding')
      await clientAccount(payoutAccountId, clientId, terms.currency, 'payout')

      // After the day's close the deposit takes value tomorrow, so the next run accrues its first day.
      const opened = (await store.completedRunCovering(today())) ? addDays(today(), 1) : today()
      const rates = await ratesFor(clientId, product.id, tenor, opened)
      const priced = priceDeposit(amount, rates.tiers, terms.tierMethod)
      const maturity = tenor !== null && hasTerm(terms.kind) ? maturityOf(opened, tenor) : null
      const termsId = await store.saveTerms(terms)
      const id = ids.next()
      // Refuse now what the ledger would refuse: not enough available in the funding account.
      const funding = await ledger.getAccount(request.fundingAccountId)
      const spendable = addMoney(availableBalance(funding.account, funding.balances), money(funding.account.overdraftLimitMinor, funding.account.currency))
      if (compareMoney(spendable, amount) < 0) throw new LedgerError('ledger.insufficient_funds', `the funding account can pay ${formatMoney(spendable)}`)
      const account = await ledger.openAccount({ kind: 'client', clientId, currency: terms.currency, name: `${product.name}${tenor ? ` ${tenor}` : ''}` })
      const now = clock.now()
      const deposit: Deposit = {
        id, clientId, productId: product.id, termsId, terms, kind: terms.kind, currency: terms.currency,
        accountId: account.account.id, fundingAccountId: request.fundingAccountId, payoutAccountId,
        principal: amount, tenor, openedOn: opened, termStart: opened, maturity, status: 'active', maturityInstruction: instruction,
        rateSource: rates.source, annualRate: priced.annualRate, annualInterest: priced.annualInterest, rateTiers: rates.tiers,
        accrualDenominator: accrualDenominators[terms.convention], accruedScaled: '0', accruedThrough: addDays(opened, -1),
        periodStart: opened,
        nextPostingOn: nextScheduledDate({ frequency: terms.posting.frequency, dayOfMonth: terms.posting.dayOfMonth, anchor: opened, maturity }, opened),
        nextCompoundingOn: nextScheduledDate({ frequency: terms.compounding, dayOfMonth: terms.posting.dayOfMonth, anchor: opened, maturity }, opened),
        compoundedMinor: 0n, notice: null, graceUntil: null, version: 1, createdAt: now, updatedAt: now, closedOn: null,
      }
      // The deposit and the transfer that funds it are committed together, then the money moves (see DepositPosting).
      const key = `deposit-open:${id}`
      await store.insertDeposit(deposit, [event(deposit, 'opened', opened, { amount: formatMoney(amount), tenor, rateSource: rates.source, openedBy: actorId })], [{
        key, depositId: id, createdAt: now, lastError: null, refusals: 0,
        request: {
          entries: [{ accountId: request.fundingAccountId, direction: 'debit', amount }, { accountId: account.account.id, direction: 'credit', amount }],
          channel: 'internal', reference: `Deposit ${product.code}${tenor ? ` ${tenor}` : ''}`, metadata: { depositId: id, 'deposit.event': 'opened' },
        },
      }])
      const flushed = await flushPostings([id])
      const failure = flushed.failed.find((f) => f.key === key)
      if (failure?.refused) {
        await voidUnfundedOpening(id, failure.error)
        throw new DepositError('deposit.invalid_account', `the deposit could not be funded: ${failure.error}`, { fundingAccountId: request.fundingAccountId })
      }
      if (failure) {
        // No answer from the ledger (it may have posted): the funding stays pending and the batch posts it, or voids the deposit if refused.
        throw new DepositError('deposit.invalid_state', `the deposit ${id} is recorded; its funding is pending: ${failure.error}`, { depositId: id })
      }
      return view(deposit)
    },

    async getDepositView(id: string): Promise<DepositView> {
      return view(await getDeposit(id))
    },

    listDeposits(filter: { clientId?: string | undefined; status?: Deposit['status'] | undefined }, page: PageRequest): Promise<Page<Deposit>> {
      return store.listDeposits(filter, page)
    },

    /** Everything that happened to the deposit, with the rate in force after each event: its rate history. */
    async history(id: string): Promise<DepositEvent[]> {
      await getDeposit(id)
      return store.listDepositEvents(id)
    },

    /** A notice on a notice deposit: `amount` may leave from `noticeDays` after today. A new notice replaces the last. */
    async giveNotice(id: string, amount: Money): Promise<Deposit> {
      const deposit = await getDeposit(id)
      if (deposit.kind !== 'notice') throw new DepositError('deposit.invalid_state', 'only a notice deposit takes notices')
      if (deposit.status !== 'active') throw new DepositError('deposit.invalid_state', `the deposit is ${deposit.status}`)
      if (amount.currency !== deposit.currency || amount.amountMinor <= 0n || compareMoney(amount, deposit.principal) > 0) {
        throw new DepositError('deposit.invalid_withdrawal', `a notice is for more than 0 and at most ${formatMoney(deposit.principal)}`)
      }
      const givenOn = today()
      const availableFrom = addDays(givenOn, deposit.terms.noticeDays ?? 0)
      const updated: Deposit = { ...deposit, notice: { amount, availableFrom }, version: deposit.version + 1, updatedAt: clock.now() }
      const ok = await store.updateDeposit({
        deposit: updated, expectedVersion: deposit.version,
        events: [event(updated, 'notice-given', givenOn, { amount: formatMoney(amount), availableFrom: formatCalendarDate(availableFrom) })],
      })
      if (!ok) throw new DepositError('deposit.preview_stale', 'the deposit changed meanwhile: try again')
      return updated
    },

    /** What a withdrawal would pay, computed exactly as the withdrawal will be, changing nothing. */
    async previewWithdrawal(id: string, amount: Money): Promise<WithdrawalQuote> {
      return quote(await getDeposit(id), amount)
    },

    /**
     * Pays out exactly the previewed quote, or refuses (`deposit.preview_stale`)
     * when anything it was computed from has changed since: the deposit, the
     * date, a rate. The deposit's new state and the one ledger transfer that
     * moves the principal and the interest are committed together first (see
     * `DepositPosting`), so a withdrawal and the nightly batch can never both
     * pay out the same interest: whichever commits first wins, the other moves
     * nothing. The transfer is then posted under a key of the deposit's version.
     */
    async executeWithdrawal(id: string, amount: Money, quoteToken: string, actorId: string): Promise<WithdrawalResult> {
      const earlier = await flushPostings([id])
      if (earlier.failed.length > 0) {
        throw new DepositError('deposit.invalid_state', `an earlier posting of this deposit has not gone through: ${earlier.failed[0]!.error}`)
      }
      const deposit = await getDeposit(id)
      const q = await quote(deposit, amount)
      if (q.quoteToken !== quoteToken) {
        throw new DepositError('deposit.preview_stale', 'the figures have changed since the preview: preview again', { quoteToken: q.quoteToken, payout: formatMoney(q.payout) })
      }
      // Refuse now what the ledger would refuse later, by its rules: money leaves the deposit's account only while it
      // is open; it may arrive in a frozen payout account (a freeze stops outflows), never in a closed one.
      const [source, payout] = await Promise.all([ledger.getAccount(deposit.accountId), ledger.getAccount(deposit.payoutAccountId)])
      if (source.account.status !== 'open') throw new DepositError('deposit.invalid_state', `account ${deposit.accountId} is ${source.account.status}`, { accountId: deposit.accountId })
      if (payout.account.status === 'closed') throw new DepositError('deposit.invalid_state', `account ${deposit.payoutAccountId} is closed`, { accountId: deposit.payoutAccountId })
      const interestPaid = q.interestEarned.amountMinor > q.penalty.amountMinor ? q.interestEarned.amountMinor - q.penalty.amountMinor : 0n
      const fromPrincipal = q.penalty.amountMinor > q.interestEarned.amountMinor ? q.penalty.amountMinor - q.interestEarned.amountMinor : 0n
      const c = deposit.currency
      const legs: Leg[] = [{ accountId: deposit.accountId, direction: 'debit', amount: q.principalWithdrawn }]
      if (interestPaid > 0n) legs.push({ accountId: await bankAccount('interest_expense', c), direction: 'debit', amount: money(interestPaid, c) })
      legs.push({ accountId: deposit.payoutAccountId, direction: 'credit', amount: q.payout })
      if (fromPrincipal > 0n) legs.push({ accountId: await bankAccount('fees', c), direction: 'credit', amount: money(fromPrincipal, c) })
      const key = `deposit-withdrawal:${deposit.id}:v${deposit.version}`
      const remainingMinor = q.principalRemaining.amountMinor
      const date = q.withdrawalDate
      const base: Deposit = { ...deposit, accruedThrough: addDays(date, -1), version: deposit.version + 1, updatedAt: clock.now() }
      const updated: Deposit = q.full
        ? { ...base, principal: zeroMoney(c), compoundedMinor: 0n, accruedScaled: '0', status: 'closed', closedOn: date, notice: null, nextPostingOn: null, nextCompoundingOn: null }
        : {
            ...base,
            ...repriced(deposit, remainingMinor, 0n),
            accruedScaled: scaledOf(q.remainingAccrued, deposit.accrualDenominator),
            notice: deposit.notice && q.basis === 'notice' ? null : deposit.notice,
          }
      const events = [event(updated, 'withdrawal', date, {
        amount: formatMoney(amount), payout: formatMoney(q.payout), interest: formatMoney(q.interestEarned), penalty: formatMoney(q.penalty), basis: q.basis, postingKey: key, by: actorId,
      })]
      if (q.full) events.push(event(updated, 'closed', date))
      const posting = {
        key, depositId: deposit.id, createdAt: clock.now(), lastError: null, refusals: 0,
        request: { entries: legs, channel: 'internal' as const, reference: `Withdrawal from deposit ${deposit.id}`, metadata: { depositId: deposit.id, 'deposit.event': 'withdrawal', basis: q.basis } },
      }
      if (!(await store.updateDeposit({ deposit: updated, expectedVersion: deposit.version, events, postings: [posting] }))) {
        throw new DepositError('deposit.preview_stale', 'the deposit changed while the withdrawal was being made: look at it again')
      }
      const flushed = await flushPostings([id])
      const transfer = flushed.posted.get(key)
      if (!transfer) {
        // Only a race with a freeze gets here: the withdrawal is recorded and its posting retried by the batch.
        throw new DepositError('deposit.invalid_state', `the withdrawal is recorded but its ledger posting is pending: ${flushed.failed[0]?.error ?? 'unknown'}`)
      }
      return { quote: q, transfer, deposit: updated }
    },

    /**
     * The deposit-insurance split for a client: every client account of
     * theirs (demand and deposit accounts) with its balance, plus interest
     * accrued on their deposits and not yet posted, per scheme. Other
     * currencies are converted at the rate in force now.
     */
    async insuranceCoverage(clientId: string, options: InsuranceCoverageOptions): Promise<ClientInsuranceCoverage> {
      const holdings = await store.clientHoldings(clientId)
      const deposits: Deposit[] = []
      let cursor: string | undefined
      do {
        const page = await store.listDeposits({ clientId }, { limit: 200, cursor })
        deposits.push(...page.items)
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      const accruedByAccount = new Map<string, Money>()
      for (const d of deposits) {
        if (d.status === 'closed') continue
        const accrued = roundFractionToMinor(accruedInterestOf(d), d.currency, d.terms.rounding).money
        accruedByAccount.set(d.accountId, accrued)
      }
      const now = clock.now()
      const results: CoverageResult[] = []
      for (const scheme of options.schemes) {
        const rates: Partial<Record<CurrencyCode, string>> = {}
        for (const currency of new Set(holdings.map((h) => h.currency))) {
          if (currency === scheme.currency || !deps.fxRate) continue
          const rate = await deps.fxRate(currency, scheme.currency, now)
          if (rate !== undefined) rates[currency] = rate
        }
        results.push(depositInsuranceCoverage({
          scheme, rates,
          holdings: holdings.map((h) => ({
            accountId: h.accountId,
            principal: money(h.balanceMinor, h.currency),
            accruedInterest: accruedByAccount.get(h.accountId) ?? zeroMoney(h.currency),
            ownershipCategory: options.ownershipCategoryOf?.(h.accountId) ?? 'single',
          })),
        }))
      }
      return { clientId, asOf: catalogue.businessDateOf(now), schemes: results }
    },

    bankAccount,
    flushPostings,
    voidUnfundedOpening,
    ratesFor,
    postMaturityRate,
    event,
  }
}

export type DepositService = ReturnType<typeof createDepositService>

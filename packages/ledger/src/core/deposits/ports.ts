import type { CurrencyCode, Page, PageRequest } from '@strongroom/kernel'
import type { CalendarDate } from '../interest/calendar-date.js'
import type { DayCountConvention } from '../interest/day-count.js'
import type { MultiLegTransferRequest } from '../transfer.js'
import type { Deposit, DepositEvent } from './deposit.js'
import type { DepositKind, DepositProduct, ProductTerms, RateSheet } from './product.js'

export interface CompetitorRate {
  readonly id: string
  readonly institution: string
  readonly kind: DepositKind
  readonly tenor: string | null
  readonly currency: CurrencyCode
  readonly annualRate: string
  readonly observedOn: CalendarDate
  readonly source: string | null
  readonly recordedBy: string
  readonly recordedAt: Date
}

export interface CompetitorRateFilter {
  readonly kind?: DepositKind | undefined
  readonly currency?: CurrencyCode | undefined
  readonly tenor?: string | undefined
}

export type NegotiatedRateStatus = 'pending' | 'approved' | 'rejected'

/** A rate agreed with one client, above the sheet: it applies only once a second person approved it. */
export interface NegotiatedRate {
  readonly id: string
  readonly productId: string
  readonly clientId: string
  readonly tenor: string | null
  readonly annualRate: string
  readonly validFrom: CalendarDate
  readonly validUntil: CalendarDate
  readonly reason: string
  readonly status: NegotiatedRateStatus
  readonly requestedBy: string
  readonly requestedAt: Date
  readonly decidedBy: string | null
  readonly decidedAt: Date | null
  readonly decisionNote: string | null
}

/** A group of deposits that accrue the same units on a day (see `dailyAccrualUnits`). */
export interface AccrualKey {
  readonly convention: DayCountConvention
  /** Null where the convention's day does not depend on it. */
  readonly periodStart: CalendarDate | null
  readonly maturity: CalendarDate | null
}

export interface AccrualUnits extends AccrualKey {
  readonly units: bigint
}

export type DueKind = 'posting' | 'maturity' | 'compounding'

export type EodRunStatus = 'running' | 'completed' | 'failed'

export interface EodRun {
  readonly id: string
  readonly businessDate: CalendarDate
  /** The first date this run processed: earlier missed days are caught up in order. */
  readonly fromDate: CalendarDate
  readonly status: EodRunStatus
  readonly processingDate: CalendarDate | null
  readonly step: string | null
  /** Per step: how many deposits it touched. */
  readonly counts: Readonly<Record<string, number>>
  readonly errors: readonly { readonly at: string; readonly date: string | null; readonly step: string | null; readonly message: string }[]
  readonly startedBy: string
  readonly startedAt: Date
  readonly updatedAt: Date
  readonly completedAt: Date | null
  /** A run whose lease has passed is taken to have died and may be resumed. */
  readonly leaseUntil: Date | null
  /** The process working on it: only its saves count (a run taken over from a slow process cannot be overwritten by it). */
  readonly leaseOwner: string | null
}

/** A client's holding for deposit insurance: an account and its balance. */
export interface ClientHolding {
  readonly accountId: string
  readonly currency: CurrencyCode
  readonly balanceMinor: bigint
}

/**
 * Money a deposit change has to move, written in the same transaction as the
 * change itself and posted to the ledger afterwards under its key. Whoever
 * changes a deposit first (the batch or a withdrawal) wins its version check
 * before any money moves; the loser moves nothing. A posting that could not
 * be made (a crash, a refusal) stays here and is posted again later.
 */
export interface DepositPosting {
  /** The ledger idempotency key: posting it twice posts once. */
  readonly key: string
  readonly depositId: string
  readonly request: MultiLegTransferRequest
  readonly createdAt: Date
  readonly lastError: string | null
  /**
   * How many times the ledger refused it. The ledger remembers a refusal
   * under its key, so a retry after the cause is cleared (an account
   * unfrozen) goes under a new key, `key/retry-N`. A failure with no answer
   * (a crash, a lost connection) is retried under the same key.
   */
  readonly refusals: number
}

export interface DepositChange {
  readonly deposit: Deposit
  readonly expectedVersion: number
  readonly events: readonly DepositEvent[]
  readonly postings?: readonly DepositPosting[] | undefined
}

/** What the deposit engine needs from storage. Each call is its own transaction unless it says otherwise. */
export interface DepositStore {
  insertProduct(product: DepositProduct): Promise<void>
  findProduct(id: string): Promise<DepositProduct | undefined>
  findProductByCode(code: string): Promise<DepositProduct | undefined>
  listProducts(page: PageRequest, filter?: { readonly kind?: DepositKind | undefined; readonly currency?: CurrencyCode | undefined }): Promise<Page<DepositProduct>>
  updateProduct(product: DepositProduct): Promise<void>
  /** Fails with `deposit.invalid_rate_sheet` when the product already has a sheet effective that day. */
  insertRateSheet(sheet: RateSheet & { readonly id: string }): Promise<void>
  /** Oldest first. */
  listRateSheets(productId: string): Promise<RateSheet[]>
  /** Open demand products of a currency, by code: where the demand rate comes from. */
  demandProducts(currency: CurrencyCode): Promise<DepositProduct[]>

  insertCompetitorRates(rates: readonly CompetitorRate[]): Promise<void>
  listCompetitorRates(filter: CompetitorRateFilter, page: PageRequest): Promise<Page<CompetitorRate>>
  /** Each institution's latest rate for a kind, currency and tenor observed on or before `asOf`. */
  latestCompetitorRates(kind: DepositKind, currency: CurrencyCode, tenor: string | null, asOf: CalendarDate): Promise<CompetitorRate[]>

  insertNegotiatedRate(rate: NegotiatedRate): Promise<void>
  findNegotiatedRate(id: string): Promise<NegotiatedRate | undefined>
  /** Moves a pending request to its decision; false when it was no longer pending. */
  decideNegotiatedRate(rate: NegotiatedRate): Promise<boolean>
  listNegotiatedRates(filter: { readonly status?: NegotiatedRateStatus | undefined; readonly clientId?: string | undefined }, page: PageRequest): Promise<Page<NegotiatedRate>>
  /** The approved rate for the client, product and tenor valid on `date` (the most recently approved, if several). */
  applicableNegotiatedRate(clientId: string, productId: string, tenor: string | null, date: CalendarDate): Promise<NegotiatedRate | undefined>

  /** Stores a set of terms once (by content) and answers its id. */
  saveTerms(terms: ProductTerms): Promise<string>

  /** A new deposit with its first events and the postings that fund it, in one transaction. */
  insertDeposit(deposit: Deposit, events: readonly DepositEvent[], postings?: readonly DepositPosting[]): Promise<void>
  findDeposit(id: string): Promise<Deposit | undefined>
  listDeposits(filter: { readonly clientId?: string | undefined; readonly productId?: string | undefined; readonly status?: Deposit['status'] | undefined }, page: PageRequest): Promise<Page<Deposit>>
  /** Writes the change (deposit, events, postings) if the deposit is still at `expectedVersion`; false otherwise, and nothing is written. */
  updateDeposit(change: DepositChange): Promise<boolean>
  /** Writes many changes in one transaction, each guarded by its version; answers the ids of the deposits written. */
  updateDeposits(changes: readonly DepositChange[]): Promise<string[]>
  /** Postings not yet in the ledger, oldest first: of some deposits, or of all. */
  pendingPostings(depositIds: readonly string[] | null, limit: number): Promise<DepositPosting[]>
  /** The posting is in the ledger: forget it. */
  completePosting(key: string): Promise<void>
  /** Drops a posting that will never be made (its change was undone). */
  cancelPosting(key: string): Promise<void>
  /** The posting failed: keep it, with why; `refused` when the ledger answered no (see `refusals`). */
  failPosting(key: string, error: string, refused: boolean): Promise<void>
  listDepositEvents(depositId: string): Promise<DepositEvent[]>

  findBankAccount(purpose: string, currency: CurrencyCode): Promise<string | undefined>
  /** Remembers the bank's account for a purpose and currency; if another was remembered first, answers that one. */
  saveBankAccount(purpose: string, currency: CurrencyCode, accountId: string): Promise<string>

  /** The 30/360-family groups among deposits that accrue `date` (those accrued through the day before). */
  accrualKeys(date: CalendarDate): Promise<AccrualKey[]>
  /**
   * The nightly accrual, one statement: every deposit not closed and accrued
   * through the day before `date` adds `annual_interest × units` and is then
   * accrued through `date`. Deposits with a term accrue only before maturity.
   * Answers how many deposits accrued.
   */
  accrueDay(date: CalendarDate, units: readonly AccrualUnits[]): Promise<number>
  /**
   * Deposits due for `kind` on or before `date` (a late one is still due), by
   * id after `afterId`: postings and compounding of deposits accrued through
   * the day before; maturities of deposits accrued up to their maturity.
   */
  dueDeposits(kind: DueKind, date: CalendarDate, afterId: string | null, limit: number): Promise<Deposit[]>
  /**
   * Deposits behind the book: not yet accrued through the day before `date`
   * (or, with a term, through the day before maturity, if that comes first).
   * A deposit gets here only by a race with the batch (a withdrawal, an
   * opening at the close); the batch accrues them one by one before the day.
   */
  stragglers(date: CalendarDate, afterId: string | null, limit: number): Promise<Deposit[]>
  /** Demand deposits whose principal no longer matches their account's posted balance, with that balance. */
  demandDepositsToReprice(afterId: string | null, limit: number): Promise<{ readonly deposit: Deposit; readonly balanceMinor: bigint }[]>
  /** The earliest day any open deposit still has to accrue, if any. */
  firstDayToAccrue(): Promise<CalendarDate | undefined>

  findEodRun(businessDate: CalendarDate): Promise<EodRun | undefined>
  findEodRunById(id: string): Promise<EodRun | undefined>
  /** The completed run that covers `date` (from its fromDate to its businessDate). */
  completedRunCovering(date: CalendarDate): Promise<EodRun | undefined>
  latestCompletedRun(): Promise<EodRun | undefined>
  listEodRuns(page: PageRequest): Promise<Page<EodRun>>
  /**
   * Inserts the run; false when a run for that date exists already, or when
   * another run is running (at most one runs at a time, whatever its date).
   */
  insertEodRun(run: EodRun): Promise<boolean>
  /** The run now running, if any. */
  runningEodRun(): Promise<EodRun | undefined>
  /** Marks a running run whose lease has passed as failed (its process died), so another may start. */
  abandonEodRun(id: string, now: Date, reason: string): Promise<boolean>
  /** Takes over a failed run, or a running one whose lease has passed `now`; false if someone holds it. */
  claimEodRun(id: string, now: Date, leaseUntil: Date, owner: string): Promise<boolean>
  /** Saves the run if `owner` still holds it; false when another process has taken it over. */
  saveEodRun(run: EodRun, owner: string): Promise<boolean>
  /** Extends the lease while `owner` holds it (its process is alive and working); false when it no longer does. */
  renewEodLease(id: string, now: Date, leaseUntil: Date, owner: string): Promise<boolean>

  clientHoldings(clientId: string): Promise<ClientHolding[]>
}

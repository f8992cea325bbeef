import {
  DomainError,
  formatMoney,
  isCurrencyCode,
  isDecimalString,
  type Clock,
  type CurrencyCode,
  type Money,
  type Page,
  type PageRequest,
  type RoundingMode,
} from '@strongroom/kernel'
import type { AccountState } from './account.js'
import { ecbSource, parseEcbCsv } from './ecb-rates.js'
import { LedgerError } from './errors.js'
import { crossRate, decideConversion, invertRate, type FxRate } from './fx.js'
import type { PostOptions, LedgerService } from './service.js'
import type { PostedTransfer } from './transfer.js'

// ─── The port ────────────────────────────────────────────────────────────────

/** A stored rate: `asOf` is an ISO 8601 instant in UTC (`2025-05-09T15:00:00.000Z`). */
export interface RecordedFxRate extends FxRate {
  /** When this platform recorded it (not when it was published: that is `asOf`). */
  readonly recordedAt: Date
}

export interface FxRateFilter {
  readonly base?: CurrencyCode | undefined
  readonly quote?: CurrencyCode | undefined
  readonly source?: string | undefined
  /** Rates as of this instant or later. */
  readonly from?: Date | undefined
  /** Rates as of this instant or earlier. */
  readonly to?: Date | undefined
}

/** A rate offered under a key (base, quote, source, as-of) that already holds a different rate. */
export interface RateConflict {
  readonly base: CurrencyCode
  readonly quote: CurrencyCode
  readonly source: string
  readonly asOf: string
  readonly stored: string
  readonly offered: string
}

export interface FxRateWrite {
  /** Rates that were new. A rate already stored with the same value counts as unchanged, not inserted. */
  readonly inserted: number
  /** Non-empty only when nothing was written. */
  readonly conflicts: readonly RateConflict[]
}

/**
 * Where rates are kept: one row per (base, quote, source, as-of). A
 * published rate never changes — a correction is a new rate with a later
 * as-of — so storing is insert-or-nothing.
 */
export interface FxRateStore {
  /**
   * Stores the rates whose key is new and leaves the others alone. All or
   * nothing: if any rate differs from the one already stored under its key
   * (numerically: `1.10` equals `1.1`), nothing is written and the
   * conflicts are returned. `asOf` of every rate is an ISO 8601 instant.
   */
  upsertRates(rates: readonly FxRate[], recordedAt: Date): Promise<FxRateWrite>
  /**
   * The latest rate of the pair as of `at` (`asOf <= at`), of `source` if
   * given; between two sources with the same as-of, the source first in
   * alphabetical order. Only rates stored in this direction: base → quote.
   */
  latestRate(base: CurrencyCode, quote: CurrencyCode, at: Date, source?: string): Promise<RecordedFxRate | undefined>
  /** Newest as-of first. */
  listRates(filter: FxRateFilter, page: PageRequest): Promise<Page<RecordedFxRate>>
}

// ─── What the service answers ────────────────────────────────────────────────

/**
 * How a rate was found: stored as asked (`direct`), stored the other way
 * round and inverted (`inverse`), or crossed from two rates of the pivot
 * currency (`cross`, e.g. USD→CNY from EUR→CNY and EUR→USD).
 */
export type RateDerivation = 'direct' | 'inverse' | 'cross'

export interface RateQuote {
  /** base → quote, as asked. `asOf` is the as-of of its (oldest) input. */
  readonly rate: FxRate
  readonly derivation: RateDerivation
  /** The stored rates it comes from: one, or two for a cross (pivot→quote, pivot→base). */
  readonly derivedFrom: readonly RecordedFxRate[]
  /** How a derived rate was rounded — once, from the exact quotient. Null for a direct rate. */
  readonly rounding: { readonly significantDigits: number; readonly mode: RoundingMode } | null
}

export interface RecordRatesReport {
  /** New rates stored. */
  readonly recorded: number
  /** Rates that were already stored with the same value. */
  readonly alreadyRecorded: number
}

export interface EcbImportReport extends RecordRatesReport {
  /** Business days in the file. */
  readonly days: number
  /** Rates read from the file (EUR → each currency quoted that day). */
  readonly rates: number
  /** Columns left out: currencies the kernel does not know (mostly ones the euro replaced). */
  readonly skippedCurrencies: readonly string[]
  /** The oldest and newest day in the file; null for a file with a header only. */
  readonly firstDate: string | null
  readonly lastDate: string | null
}

/**
 * A rate the caller gives for a conversion: a decimal string means units of
 * the target currency per one unit of the source currency (EUR→CNY
 * "7.7433": one euro buys 7.7433 yuan); the object form says its direction.
 */
export type ExplicitRate = string | { readonly base: CurrencyCode; readonly quote: CurrencyCode; readonly rate: string }

export interface ConversionOrder {
  /** The client account paying, in `amount.currency`. */
  readonly fromAccountId: string
  /** The client account receiving, in `toCurrency`. */
  readonly toAccountId: string
  /** What leaves `fromAccountId`. */
  readonly amount: Money
  readonly toCurrency: CurrencyCode
  /** `latest`: the rate in force now (see `rateFor`); or a rate the caller dealt. */
  readonly rate: 'latest' | ExplicitRate
  /** The source on record for an explicit rate; default `explicit`. Ignored for `latest`. */
  readonly rateSource?: string | undefined
  /**
   * The bank's FX position account per currency. A currency left out is
   * looked up: the one open internal account with purpose `fx_position`.
   */
  readonly fxPositionAccounts?: Partial<Record<CurrencyCode, string>> | undefined
  /** Default half-even. */
  readonly mode?: RoundingMode | undefined
  readonly reference?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

export interface ConversionResult {
  readonly posted: PostedTransfer
  /** What left the paying account. */
  readonly debited: Money
  /** What reached the receiving account: `debited` at `rate`, rounded once. */
  readonly credited: Money
  /** The rate applied, in the direction it is quoted (a stored EUR→CNY rate converts CNY into EUR by division). */
  readonly rate: FxRate
  /** `explicit` for a rate the caller gave. */
  readonly derivation: RateDerivation | 'explicit'
  readonly positions: { readonly from: string; readonly to: string }
}

export interface FxServiceDeps {
  readonly rates: FxRateStore
  /** Only what a conversion needs of the ledger: post, and find the FX position accounts. */
  readonly ledger: Pick<LedgerService, 'postTransfer' | 'getAccount' | 'listAccounts' | 'firstResultUnder'>
  readonly clock: Clock
  /** The currency cross rates go through; default EUR (the ECB's base). */
  readonly pivot?: CurrencyCode | undefined
  /** Precision of inverse and cross rates; default 10 significant digits, half-even. */
  readonly derivedRateDigits?: number | undefined
  /** How old the `latest` rate may be for a conversion; default 7 days (covers the ECB's Easter and Christmas gaps). */
  readonly maxLatestRateAgeMs?: number | undefined
}

/** The instant an ECB reference day takes effect: 16:00 CET, the time of the concertation, as 15:00 UTC. */
export function ecbReferenceInstant(date: string): string {
  return `${date}T15:00:00.000Z`
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const day = 24 * 60 * 60 * 1000
/** Shown in an error about a refused file: a few conflicts, not thousands. */
const conflictsShown = 3

function invalidRate(detail: string, details?: Record<string, unknown>): LedgerError {
  return new LedgerError('ledger.invalid_rate', detail, details)
}

/** A rate as the store keeps it: checked, with `asOf` as a UTC instant. */
function checkedRate(rate: FxRate): FxRate {
  const pair = `${String(rate.base)}/${String(rate.quote)}`
  if (!isCurrencyCode(rate.base) || !isCurrencyCode(rate.quote)) throw invalidRate(`${pair.slice(0, 20)}: not a pair of ISO 4217 currencies`)
  if (rate.base === rate.quote) throw invalidRate(`${pair}: a rate joins two different currencies`)
  if (!isDecimalString(rate.rate) || rate.rate.startsWith('-') || /^[0.]+$/.test(rate.rate)) {
    throw invalidRate(`${pair}: the rate must be a positive decimal string`)
  }
  const source = typeof rate.source === 'string' ? rate.source.trim() : ''
  if (source === '' || source.length > 64 || /[\u0000-\u001f\u007f]/.test(source)) {
    throw invalidRate(`${pair}: the source must be 1–64 printable characters`)
  }
  const asOf = typeof rate.asOf === 'string' && instantPattern.test(rate.asOf) ? new Date(rate.asOf) : null
  if (asOf === null || Number.isNaN(asOf.getTime())) {
    throw invalidRate(`${pair}: as-of must be an ISO 8601 instant with its offset, e.g. 2025-05-09T15:00:00Z`)
  }
  return { base: rate.base, quote: rate.quote, rate: rate.rate, source, asOf: asOf.toISOString() }
}

function describeConflicts(conflicts: readonly RateConflict[]): string {
  const shown = conflicts
    .slice(0, conflictsShown)
    .map((c) => `${c.base}/${c.quote} ${c.source} as of ${c.asOf}: stored ${c.stored}, offered ${c.offered}`)
  const more = conflicts.length > conflictsShown ? `, and ${conflicts.length - conflictsShown} more` : ''
  return `${conflicts.length} rate(s) differ from the ones already recorded and would not replace them (${shown.join('; ')}${more}); nothing was recorded`
}

const describeRate = (r: FxRate) => `${r.base}/${r.quote} ${r.rate} (${r.source} ${r.asOf})`

/**
 * FX rates and conversions. Rates are stored per pair, source and as-of;
 * the rate in force at an instant is the freshest one found directly,
 * inverted or crossed through the pivot (EUR). A conversion is one ledger
 * transfer of four legs through the FX position accounts, at one rate,
 * rounded once (see `decideConversion`).
 */
export function createFxService(deps: FxServiceDeps) {
  const { rates, ledger, clock } = deps
  const pivot = deps.pivot ?? 'EUR'
  const rounding = { significantDigits: deps.derivedRateDigits ?? 10, mode: 'half-even' as const }
  const maxLatestRateAgeMs = deps.maxLatestRateAgeMs ?? 7 * day

  async function record(checked: readonly FxRate[]): Promise<RecordRatesReport> {
    const write = await rates.upsertRates(checked, clock.now())
    if (write.conflicts.length > 0) {
      throw new DomainError('common.conflict', describeConflicts(write.conflicts), { conflicts: write.conflicts.slice(0, conflictsShown) })
    }
    return { recorded: write.inserted, alreadyRecorded: checked.length - write.inserted }
  }

  async function rateFor(base: CurrencyCode, quote: CurrencyCode, at: Date = clock.now(), options: { source?: string | undefined } = {}): Promise<RateQuote> {
    if (base === quote) throw invalidRate(`a rate from ${base} to itself converts nothing`)
    const { source } = options
    const crossable = base !== pivot && quote !== pivot
    const [direct, inverse, pivotToQuote, pivotToBase] = await Promise.all([
      rates.latestRate(base, quote, at, source),
      rates.latestRate(quote, base, at, source),
      crossable ? rates.latestRate(pivot, quote, at, source) : undefined,
      crossable ? rates.latestRate(pivot, base, at, source) : undefined,
    ])
    // The freshest wins: a direct rate from last month does not beat today's
    // reference rates crossed. On equal as-of: direct, then inverse, then cross.
    const found: RateQuote[] = []
    if (direct) found.push({ rate: stripped(direct), derivation: 'direct', derivedFrom: [direct], rounding: null })
    if (inverse) found.push({ rate: invertRate(inverse, rounding), derivation: 'inverse', derivedFrom: [inverse], rounding })
    if (pivotToQuote && pivotToBase) {
      found.push({ rate: crossRate(pivotToQuote, pivotToBase, rounding), derivation: 'cross', derivedFrom: [pivotToQuote, pivotToBase], rounding })
    }
    let best: RateQuote | undefined
    for (const candidate of found) {
      if (best === undefined || Date.parse(candidate.rate.asOf) > Date.parse(best.rate.asOf)) best = candidate
    }
    if (best === undefined) {
      throw new DomainError('common.not_found', `no ${base}/${quote} rate${source ? ` from ${source}` : ''} as of ${at.toISOString()}, directly, inverted or crossed through ${pivot}`, {
        base, quote, at: at.toISOString(),
      })
    }
    return best
  }

  /** The FX position account of a currency: the one given, checked, or the only open one there is. */
  async function positionAccount(currency: CurrencyCode, given: string | undefined): Promise<string> {
    const isPosition = (s: AccountState) => s.account.kind === 'internal' && s.account.internalPurpose === 'fx_position' && s.account.currency === currency
    if (given !== undefined) {
      const state = await ledger.getAccount(given)
      if (!isPosition(state)) {
        throw new LedgerError('ledger.invalid_account', `account ${given} is not an FX position account in ${currency}`, { accountId: given })
      }
      return given
    }
    const candidates: string[] = []
    let cursor: string | undefined
    do {
      const page = await ledger.listAccounts({ kind: 'internal', currency }, { limit: 200, cursor })
      for (const state of page.items) if (isPosition(state) && state.account.status !== 'closed') candidates.push(state.account.id)
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    if (candidates.length === 0) {
      throw new LedgerError('ledger.account_not_found', `no open FX position account in ${currency}: open one (internal, purpose fx_position) or name one`)
    }
    if (candidates.length > 1) {
      throw new LedgerError('ledger.invalid_account', `${candidates.length} FX position accounts in ${currency}: name the one to use`, { candidates })
    }
    return candidates[0]!
  }

  /**
   * A conversion moves a client's money between the client's own accounts.
   * Paying another client in another currency is a payment: it goes through
   * the transfer workflow (screening, monitoring), not around it.
   */
  async function sameClient(fromAccountId: string, toAccountId: string): Promise<void> {
    const [payer, payee] = [await ledger.getAccount(fromAccountId), await ledger.getAccount(toAccountId)]
    if (payer.account.kind !== 'client' || payee.account.kind !== 'client' || payer.account.clientId !== payee.account.clientId) {
      throw new LedgerError('ledger.invalid_account', 'a conversion is between two client accounts of one client; pay another client with a transfer', {
        fromAccountId, toAccountId,
      })
    }
  }

  /** The rate a conversion applies, as stored where possible so only the amount is rounded. */
  async function conversionRate(order: ConversionOrder, from: CurrencyCode, to: CurrencyCode): Promise<{ rate: FxRate; derivation: ConversionResult['derivation']; quote?: RateQuote }> {
    const now = clock.now()
    if (order.rate === 'latest') {
      const quote = await rateFor(from, to, now)
      if (now.getTime() - Date.parse(quote.rate.asOf) > maxLatestRateAgeMs) {
        throw invalidRate(`the latest ${from}/${to} rate is as of ${quote.rate.asOf}, older than ${maxLatestRateAgeMs / day} days: record a current rate or give one`)
      }
      // An inverse rate is applied as stored, by division: exact, no rounded rate in between.
      const rate = quote.derivation === 'inverse' ? stripped(quote.derivedFrom[0]!) : quote.rate
      return { rate, derivation: quote.derivation, quote }
    }
    const given = typeof order.rate === 'string' ? { base: from, quote: to, rate: order.rate } : order.rate
    const joins = (given.base === from && given.quote === to) || (given.base === to && given.quote === from)
    if (!joins) throw new LedgerError('ledger.currency_mismatch', `a ${given.base}/${given.quote} rate does not convert ${from} into ${to}`)
    const rate = checkedRate({ ...given, source: order.rateSource ?? 'explicit', asOf: now.toISOString() })
    return { rate, derivation: 'explicit' }
  }

  return {
    /** Stores rates; a rate already stored with the same value is left as it is. */
    async recordRates(list: readonly FxRate[]): Promise<RecordRatesReport> {
      return record(list.map(checkedRate))
    },

    /**
     * Imports the ECB's reference-rate CSV (`eurofxref-hist.csv` or the daily
     * `eurofxref.csv`): EUR → each quoted currency, source `ECB`, as of 16:00
     * CET on its day (15:00 UTC). Importing a file again records nothing new;
     * a rate that differs from the one recorded for its day refuses the
     * whole file, and a malformed file is refused with its line.
     */
    async importEcbCsv(text: string): Promise<EcbImportReport> {
      const parsed = parseEcbCsv(text)
      if (!parsed.ok) throw new DomainError('common.invalid_input', `ECB file, line ${parsed.line}: ${parsed.reason}`, { line: parsed.line })
      const list = parsed.days.flatMap((d) => d.rates.map((r) => ({ ...r, source: ecbSource, asOf: ecbReferenceInstant(d.date) })))
      const written = await record(list)
      const dates = parsed.days.map((d) => d.date).sort()
      return {
        ...written,
        days: parsed.days.length,
        rates: list.length,
        skippedCurrencies: parsed.skippedCurrencies,
        firstDate: dates[0] ?? null,
        lastDate: dates[dates.length - 1] ?? null,
      }
    },

    /**
     * The rate in force for base → quote at `at` (default now): the freshest
     * of the direct rate, the inverse of quote → base, and the cross through
     * the pivot; an inverse or cross rate is rounded once, to the stated
     * significant digits. Throws `common.not_found` when there is none.
     */
    rateFor,

    listRates: (filter: FxRateFilter, page: PageRequest): Promise<Page<RecordedFxRate>> => rates.listRates(filter, page),

    /**
     * Converts money between two accounts of one client in one ledger transfer:
     * client debit in A → FX position A credit; FX position B debit → client
     * credit in B. The amount is rounded once, at the rate applied; the rate,
     * its source, as-of and derivation go into the transfer's metadata.
     *
     * With `latest`, a direct or inverse rate is applied exactly as stored (an
     * inverse one by division); a cross rate is the derived rate, rounded
     * once to the stated digits, and that rounded rate is the one on record.
     */
    async convertAndPost(order: ConversionOrder, options: PostOptions = {}): Promise<ConversionResult> {
      const from = order.amount.currency
      const to = order.toCurrency
      // A retry is recognised by the order it repeats, before any pricing: the rate in force may
      // have moved since, and the derived legs with it, but the caller asked for the same thing.
      const orderPrint = orderFingerprint(order)
      if (options.idempotencyKey !== undefined) {
        const first = await ledger.firstResultUnder(options.idempotencyKey)
        if (first?.kind === 'rejected') throw new LedgerError(first.rejection.code, first.rejection.detail)
        if (first) {
          if (first.posted.transfer.metadata['fx.order'] !== orderPrint) {
            throw new LedgerError('ledger.idempotency_conflict', `idempotency key ${options.idempotencyKey} was used for a different conversion`)
          }
          return conversionResultOf(first.posted, order)
        }
      }
      if (from === to) throw new LedgerError('ledger.currency_mismatch', `a conversion needs two currencies; both are ${from}`)
      await sameClient(order.fromAccountId, order.toAccountId)
      const { rate, derivation, quote } = await conversionRate(order, from, to)
      const positions = {
        from: await positionAccount(from, order.fxPositionAccounts?.[from]),
        to: await positionAccount(to, order.fxPositionAccounts?.[to]),
      }
      const metadata: Record<string, string> = { ...order.metadata, 'fx.derivation': derivation, 'fx.order': orderPrint }
      if (quote?.derivation === 'cross') {
        metadata['fx.derivedFrom'] = quote.derivedFrom.map(describeRate).join(' ÷ ')
        metadata['fx.significantDigits'] = String(rounding.significantDigits)
      }
      const decision = decideConversion({
        fromAccountId: order.fromAccountId,
        toAccountId: order.toAccountId,
        amount: order.amount,
        rate,
        positions,
        mode: order.mode,
        reference: order.reference,
        metadata,
      })
      if (decision.kind === 'reject') throw new LedgerError(decision.code, decision.detail)
      if (decision.converted.currency !== to) {
        throw new Error(`fx invariant broken: ${formatMoney(order.amount)} ${from} converted into ${decision.converted.currency}, not ${to}`)
      }
      const posted = await ledger.postTransfer(decision.request, options)
      return { posted, debited: order.amount, credited: decision.converted, rate, derivation, positions }
    },
  }
}

/** The order as the caller gave it, canonically: what a retry must repeat. */
function orderFingerprint(order: ConversionOrder): string {
  const sorted = (record: Readonly<Record<string, string | undefined>> | undefined) =>
    record === undefined ? null : Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
  return JSON.stringify([
    order.fromAccountId, order.toAccountId, order.amount.amountMinor.toString(), order.amount.currency, order.toCurrency,
    order.rate, order.rateSource ?? null, sorted(order.fxPositionAccounts as Record<string, string | undefined> | undefined),
    order.mode ?? null, order.reference ?? null, sorted(order.metadata),
  ])
}

/** The answer to a conversion, rebuilt from its posted transfer (for an idempotent retry). */
function conversionResultOf(posted: PostedTransfer, order: ConversionOrder): ConversionResult {
  const m = posted.transfer.metadata
  const debit = posted.entries.find((e) => e.accountId === order.fromAccountId && e.direction === 'debit')
  const credit = posted.entries.find((e) => e.accountId === order.toAccountId && e.direction === 'credit')
  const positionFrom = posted.entries.find((e) => e.accountId !== order.fromAccountId && e.amount.currency === order.amount.currency)
  const positionTo = posted.entries.find((e) => e.accountId !== order.toAccountId && e.amount.currency === order.toCurrency)
  if (!debit || !credit || !positionFrom || !positionTo || !m['fx.rate']) {
    throw new Error(`fx invariant broken: transfer ${posted.transfer.id} is not the conversion it was keyed as`)
  }
  return {
    posted,
    debited: debit.amount,
    credited: credit.amount,
    rate: { base: m['fx.base'] as CurrencyCode, quote: m['fx.quote'] as CurrencyCode, rate: m['fx.rate'], source: m['fx.source'] ?? '', asOf: m['fx.asOf'] ?? '' },
    derivation: (m['fx.derivation'] ?? 'explicit') as ConversionResult['derivation'],
    positions: { from: positionFrom.accountId, to: positionTo.accountId },
  }
}

/** An FxRate without the store's bookkeeping (`recordedAt`). */
function stripped(rate: RecordedFxRate | FxRate): FxRate {
  return { base: rate.base, quote: rate.quote, rate: rate.rate, source: rate.source, asOf: rate.asOf }
}

export type FxService = ReturnType<typeof createFxService>

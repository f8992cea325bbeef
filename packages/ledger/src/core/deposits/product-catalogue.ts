import { money, type Clock, type CurrencyCode, type IdGenerator, type Page, type PageRequest } from '@strongroom/kernel'
import { compareCalendarDates, formatCalendarDate, type CalendarDate } from '../interest/calendar-date.js'
import { DepositError } from './deposit-errors.js'
import type { CompetitorRate, CompetitorRateFilter, DepositStore, NegotiatedRate, NegotiatedRateStatus } from './ports.js'
import {
  hasTerm, priceDeposit, productTermsProblem, rateProblem, rateSheetProblem, sheetInForce, tiersOf,
  type DepositKind, type DepositProduct, type ProductStatus, type ProductTerms, type RateSheet, type RateSheetTier,
} from './product.js'

export interface CatalogueDeps {
  readonly store: DepositStore
  readonly clock: Clock
  readonly ids: IdGenerator
  /** The bank's IANA time zone, which decides its business date (default UTC). */
  readonly timeZone?: string | undefined
  /** Days a negotiated-rate request waits for its checker (default `defaultNegotiatedRatePendingDays`). */
  readonly negotiatedRatePendingDays?: number | undefined
}

export interface NewProduct {
  readonly code: string
  readonly name: string
  readonly riskLevel?: DepositProduct['riskLevel'] | undefined
  readonly terms: ProductTerms
  /** The first rate sheet; a product cannot open without one. */
  readonly rates?: { readonly effectiveFrom: CalendarDate; readonly tiers: readonly RateSheetTier[]; readonly note?: string | null | undefined } | undefined
}

export interface ProductPatch {
  readonly name?: string | undefined
  readonly status?: ProductStatus | undefined
  readonly riskLevel?: DepositProduct['riskLevel'] | undefined
  /** New terms apply to deposits opened from now on; open deposits keep the copy they were opened with. */
  readonly terms?: ProductTerms | undefined
}

export interface NegotiatedRateRequest {
  readonly clientId: string
  readonly tenor: string | null
  readonly annualRate: string
  readonly validFrom: CalendarDate
  readonly validUntil: CalendarDate
  readonly reason: string
}

/** Our rate and the market's for one tenor. */
export interface BenchmarkRow {
  readonly tenor: string | null
  /** For the product's smallest tier (what most clients see), and for its largest. */
  readonly ours: { readonly lowestTier: string; readonly highestTier: string } | null
  readonly market: readonly CompetitorRate[]
  readonly marketLow: string | null
  readonly marketMedian: string | null
  readonly marketHigh: string | null
  /** How many institutions pay more than our lowest tier. */
  readonly institutionsAbove: number
}

/** How long a negotiated-rate request waits for its checker before it expires, unless the bank says otherwise. */
export const defaultNegotiatedRatePendingDays = 14

/**
 * The bank's business date at an instant: the calendar date in the bank's
 * time zone (a CNY bank at 07:00 in Beijing is already on the next day while
 * UTC is not). UTC unless the bank says otherwise.
 */
export function businessDateOf(instant: Date, timeZone = 'UTC'): CalendarDate {
  if (timeZone === 'UTC') return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() }
  const parts = dayFormatter(timeZone).formatToParts(instant)
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  return { year: part('year'), month: part('month'), day: part('day') }
}

// Building an Intl formatter costs far more than using one, and this runs on every transfer: one per zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>()
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * The first instant of a business date in the bank's time zone: the inverse
 * of `businessDateOf`. Found by bisection over the 28 hours around UTC
 * midnight, so a day that starts at 01:00 or 23:00 the day before (a
 * daylight-saving change at midnight) is still found exactly.
 */
export function startOfBusinessDay(date: CalendarDate, timeZone = 'UTC'): Date {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day)
  if (timeZone === 'UTC') return new Date(utcMidnight)
  let low = utcMidnight - 15 * 3_600_000 // still the day before everywhere
  let high = utcMidnight + 15 * 3_600_000 // already the day everywhere
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (compareCalendarDates(businessDateOf(new Date(middle), timeZone), date) < 0) low = middle
    else high = middle
  }
  return new Date(high)
}

export function createProductCatalogue({ store, clock, ids, timeZone = 'UTC', negotiatedRatePendingDays = defaultNegotiatedRatePendingDays }: CatalogueDeps) {
  const negotiatedRatePendingMs = negotiatedRatePendingDays * 24 * 3_600_000
  businessDateOf(new Date(0), timeZone) // an unknown zone fails here, at start, not on the first deposit
  const today = () => businessDateOf(clock.now(), timeZone)
  const notFound = (id: string) => new DepositError('deposit.product_not_found', `no product ${id}`, { productId: id })
  const invalid = (detail: string) => new DepositError('deposit.invalid_product', detail)

  async function getProduct(id: string): Promise<DepositProduct> {
    const product = await store.findProduct(id)
    if (!product) throw notFound(id)
    return product
  }

  async function addRateSheet(product: DepositProduct, sheet: { effectiveFrom: CalendarDate; tiers: readonly RateSheetTier[]; note?: string | null | undefined }, actorId: string): Promise<RateSheet> {
    const problem = rateSheetProblem(product.terms, sheet.tiers)
    if (problem) throw new DepositError('deposit.invalid_rate_sheet', problem)
    const existing = await store.listRateSheets(product.id)
    // A sheet may be dated ahead, never back: what deposits earned yesterday is a fact.
    if (existing.length > 0 && compareCalendarDates(sheet.effectiveFrom, today()) < 0) {
      throw new DepositError('deposit.invalid_rate_sheet', `a new rate sheet takes effect today (${formatCalendarDate(today())}) or later`)
    }
    const row = { id: ids.next(), productId: product.id, effectiveFrom: sheet.effectiveFrom, tiers: sheet.tiers, note: sheet.note ?? null, recordedBy: actorId, recordedAt: clock.now() }
    await store.insertRateSheet(row)
    return row
  }

  return {
    getProduct,
    /** The bank's business date now. */
    today,
    /** The bank's business date at an instant. */
    businessDateOf: (instant: Date) => businessDateOf(instant, timeZone),

    async createProduct(input: NewProduct, actorId: string): Promise<{ product: DepositProduct; rates: RateSheet | null }> {
      const problem = productTermsProblem(input.terms)
      if (problem) throw invalid(problem)
      if (await store.findProductByCode(input.code)) throw invalid(`a product with code ${input.code} exists already`)
      const now = clock.now()
      const product: DepositProduct = {
        id: ids.next(), code: input.code, name: input.name, status: 'draft', riskLevel: input.riskLevel ?? 'R1',
        terms: input.terms, createdAt: now, updatedAt: now,
      }
      const sheetProblem = input.rates ? rateSheetProblem(product.terms, input.rates.tiers) : undefined
      if (sheetProblem) throw new DepositError('deposit.invalid_rate_sheet', sheetProblem)
      await store.insertProduct(product)
      const rates = input.rates ? await addRateSheet(product, input.rates, actorId) : null
      return { product, rates }
    },

    async listProducts(page: PageRequest, filter: { kind?: DepositKind | undefined; currency?: CurrencyCode | undefined } = {}): Promise<Page<DepositProduct>> {
      return store.listProducts(page, filter)
    },

    async updateProduct(id: string, patch: ProductPatch): Promise<DepositProduct> {
      const product = await getProduct(id)
      const terms = patch.terms ?? product.terms
      if (patch.terms) {
        const problem = productTermsProblem(terms)
        if (problem) throw invalid(problem)
        if (terms.kind !== product.terms.kind || terms.currency !== product.terms.currency) throw invalid('a product keeps its kind and currency; make a new product instead')
        const sheets = await store.listRateSheets(id)
        for (const sheet of sheets) {
          const sheetProblem = rateSheetProblem(terms, sheet.tiers)
          if (sheetProblem) throw invalid(`the new terms do not fit the rate sheet of ${formatCalendarDate(sheet.effectiveFrom)}: ${sheetProblem}`)
        }
      }
      const status = patch.status ?? product.status
      if (status === 'open' && product.status !== 'open' && (await store.listRateSheets(id)).length === 0) {
        throw new DepositError('deposit.no_rate', 'a product opens only once it has a rate sheet')
      }
      if (product.status === 'closed' && status !== 'closed') throw invalid('a closed product stays closed')
      const updated: DepositProduct = { ...product, name: patch.name ?? product.name, status, riskLevel: patch.riskLevel ?? product.riskLevel, terms, updatedAt: clock.now() }
      await store.updateProduct(updated)
      return updated
    },

    async addRates(productId: string, sheet: { effectiveFrom: CalendarDate; tiers: readonly RateSheetTier[]; note?: string | null | undefined }, actorId: string): Promise<RateSheet> {
      const product = await getProduct(productId)
      if (product.status === 'closed') throw new DepositError('deposit.product_not_open', 'the product is closed')
      return addRateSheet(product, sheet, actorId)
    },

    /** Every rate sheet of the product, oldest first: its rate history. */
    async rateHistory(productId: string): Promise<RateSheet[]> {
      await getProduct(productId)
      return store.listRateSheets(productId)
    },

    async recordCompetitorRates(rows: readonly Omit<CompetitorRate, 'id' | 'recordedBy' | 'recordedAt'>[], actorId: string): Promise<CompetitorRate[]> {
      const now = clock.now()
      const rates = rows.map((row) => ({ ...row, id: ids.next(), recordedBy: actorId, recordedAt: now }))
      await store.insertCompetitorRates(rates)
      return rates
    },

    listCompetitorRates(filter: CompetitorRateFilter, page: PageRequest): Promise<Page<CompetitorRate>> {
      return store.listCompetitorRates(filter, page)
    },

    /** Our rates beside each institution's latest published rate, tenor by tenor, as of `asOf`. */
    async rateBenchmark(productId: string, asOf: CalendarDate = today()): Promise<{ product: DepositProduct; asOf: CalendarDate; rows: BenchmarkRow[] }> {
      const product = await getProduct(productId)
      const sheet = sheetInForce(await store.listRateSheets(productId), asOf)
      const tenors: (string | null)[] = hasTerm(product.terms.kind) ? [...product.terms.tenors] : [null]
      const rows: BenchmarkRow[] = []
      for (const tenor of tenors) {
        const tiers = sheet ? tiersOf(sheet.tiers, tenor) : []
        const ours = tiers.length > 0 ? { lowestTier: tiers[0]!.annualRate, highestTier: tiers[tiers.length - 1]!.annualRate } : null
        const market = await store.latestCompetitorRates(product.terms.kind, product.terms.currency, tenor, asOf)
        const sorted = market.map((m) => m.annualRate).sort(compareRates)
        rows.push({
          tenor, ours, market,
          marketLow: sorted[0] ?? null,
          marketMedian: sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)]!,
          marketHigh: sorted[sorted.length - 1] ?? null,
          institutionsAbove: ours === null ? 0 : market.filter((m) => compareRates(m.annualRate, ours.lowestTier) > 0).length,
        })
      }
      return { product, asOf, rows }
    },

    async requestNegotiatedRate(productId: string, request: NegotiatedRateRequest, actorId: string): Promise<NegotiatedRate> {
      const product = await getProduct(productId)
      const tenorProblem = hasTerm(product.terms.kind)
        ? request.tenor === null || !product.terms.tenors.includes(request.tenor) ? `tenor must be one the product offers (${product.terms.tenors.join(', ')})` : undefined
        : request.tenor !== null ? `a ${product.terms.kind} product has no tenors` : undefined
      if (tenorProblem) throw new DepositError('deposit.invalid_rate_sheet', tenorProblem)
      const problem = rateProblem(request.annualRate, 'annualRate')
      if (problem) throw new DepositError('deposit.invalid_rate_sheet', problem)
      if (compareCalendarDates(request.validUntil, request.validFrom) < 0) throw new DepositError('deposit.invalid_rate_sheet', 'validUntil is before validFrom')
      const rate: NegotiatedRate = {
        id: ids.next(), productId, clientId: request.clientId, tenor: request.tenor, annualRate: request.annualRate,
        validFrom: request.validFrom, validUntil: request.validUntil, reason: request.reason, status: 'pending',
        requestedBy: actorId, requestedAt: clock.now(), decidedBy: null, decidedAt: null, decisionNote: null,
      }
      await store.insertNegotiatedRate(rate)
      return rate
    },

    /** The checker's decision. The maker can never decide their own request, and a decision is final. */
    async decideNegotiatedRate(id: string, decision: 'approve' | 'reject', note: string | null, actorId: string): Promise<NegotiatedRate> {
      const rate = await store.findNegotiatedRate(id)
      if (!rate) throw new DepositError('deposit.approval_not_found', `no negotiated-rate request ${id}`, { id })
      if (rate.requestedBy === actorId) throw new DepositError('deposit.self_approval', 'the person who asked for a negotiated rate cannot decide it')
      if (rate.status !== 'pending') throw new DepositError('deposit.approval_not_pending', `the request was ${rate.status} already`)
      // A request expires: after its validity ends, or when nobody decided it within the pending window.
      if (compareCalendarDates(today(), rate.validUntil) > 0 || clock.now().getTime() - rate.requestedAt.getTime() > negotiatedRatePendingMs) {
        throw new DepositError('deposit.approval_not_pending', 'the request has expired: ask again')
      }
      const decided: NegotiatedRate = { ...rate, status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actorId, decidedAt: clock.now(), decisionNote: note }
      if (!(await store.decideNegotiatedRate(decided))) throw new DepositError('deposit.approval_not_pending', 'the request was decided by someone else meanwhile')
      return decided
    },

    async getNegotiatedRate(id: string): Promise<NegotiatedRate> {
      const rate = await store.findNegotiatedRate(id)
      if (!rate) throw new DepositError('deposit.approval_not_found', `no negotiated-rate request ${id}`, { id })
      return rate
    },

    listNegotiatedRates(filter: { status?: NegotiatedRateStatus | undefined; clientId?: string | undefined }, page: PageRequest): Promise<Page<NegotiatedRate>> {
      return store.listNegotiatedRates(filter, page)
    },

    /** The demand rate of a currency on a date, for a balance: the first open demand product's sheet; "0" when the bank has none. */
    async demandRate(currency: CurrencyCode, date: CalendarDate, balanceMinor = 0n): Promise<string> {
      for (const product of await store.demandProducts(currency)) {
        const sheet = sheetInForce(await store.listRateSheets(product.id), date)
        if (!sheet) continue
        return priceDeposit(money(balanceMinor, currency), tiersOf(sheet.tiers, null), product.terms.tierMethod).annualRate
      }
      return '0'
    },
  }
}

function compareRates(a: string, b: string): number {
  // Rates are short decimal strings; compare exactly by aligning their decimals.
  const [ai = '0', af = ''] = a.replace('-', '').split('.')
  const [bi = '0', bf = ''] = b.replace('-', '').split('.')
  const places = Math.max(af.length, bf.length)
  const av = BigInt(ai + af.padEnd(places, '0')) * (a.startsWith('-') ? -1n : 1n)
  const bv = BigInt(bi + bf.padEnd(places, '0')) * (b.startsWith('-') ? -1n : 1n)
  return av < bv ? -1 : av > bv ? 1 : 0
}

export type ProductCatalogue = ReturnType<typeof createProductCatalogue>

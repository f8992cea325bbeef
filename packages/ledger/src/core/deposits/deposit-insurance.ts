import {
  allocateMoney,
  isCurrencyCode,
  isDecimalString,
  minMoney,
  money,
  subtractMoney,
  sumMoney,
  type CurrencyCode,
  type Money,
  type RoundingMode,
} from '@strongroom/kernel'
import { fractionFromDecimal, fractionFromMoney, multiplyFractions, roundFractionToMinor } from '../exact-fraction.js'
import { tryParseCalendarDate } from '../interest/calendar-date.js'

/**
 * Deposit insurance: how much of one client's money at one bank a scheme
 * would pay back if the bank failed, and how much it would not. A large
 * client is mostly uninsured, so the answer is a split, shown per account.
 *
 * The calculation, in the order a person would explain it:
 *
 * 1. Each holding counts its posted balance, plus its accrued interest where
 *    the scheme covers interest. A negative result (an overdraft) counts as
 *    zero: it is not insured, and it does not reduce the client's other
 *    deposits. That is a gross payout, as Hong Kong has made since 2016;
 *    where a receiver sets a depositor's debts off against deposits, that is
 *    applied to the holdings before they come here.
 * 2. A holding in another currency is converted into the scheme's currency at
 *    the caller's rate, exactly, then rounded once to the minor unit.
 * 3. Holdings are grouped: all together for a per-depositor scheme, by
 *    ownership category for the FDIC. Each group is insured up to the limit.
 * 4. A group's insured amount is shared among its holdings in proportion to
 *    what each counted, by largest remainder, so the shares add up to the
 *    group's figure to the minor unit; the rest of each holding is uninsured.
 *
 * What stays with the caller: which deposits a scheme covers at all (China
 * excludes interbank deposits and the bank's own senior managers; Hong Kong
 * excludes time deposits over five years and structured deposits), the FDIC's
 * per-co-owner and per-beneficiary rules (pass each depositor's share of a
 * joint or trust account as their holding), and the rates themselves.
 */

export const coverageBases = ['per-depositor', 'per-ownership-category'] as const
export type CoverageBasis = (typeof coverageBases)[number]

export interface InsuranceScheme {
  /** Stable across versions of one scheme: 'CN-DIS', 'US-FDIC', 'HK-DPS'. */
  readonly id: string
  readonly name: string
  /** ISO 3166-1 alpha-2: 'CN', 'US', 'HK'. */
  readonly jurisdiction: string
  /** The currency the limit is written in; every figure of the answer is in it. */
  readonly currency: CurrencyCode
  /** Per depositor (or per ownership category) per bank, in minor units of `currency`. */
  readonly limitMinor: bigint
  readonly basis: CoverageBasis
  /** Whether accrued interest counts with the principal. */
  readonly includesInterest: boolean
  /** ISO date (YYYY-MM-DD) this version of the scheme applies from. */
  readonly effectiveFrom: string
}

/** The category of every holding under a per-depositor scheme. */
export const allHoldingsCategory = 'all'

function frozenScheme(scheme: InsuranceScheme): InsuranceScheme {
  return Object.freeze({ ...scheme })
}

/**
 * The schemes as published, each version with the date it applies from.
 * Pick one for a date with `insuranceSchemeInForce`, not by id alone: a
 * scheme whose limit changed appears once per limit.
 *
 * - CN-DIS: 存款保险条例 (State Council Decree No. 660), in force 2015-05-01:
 *   up to CNY 500,000 per depositor per insured bank, principal and interest
 *   of RMB and foreign-currency deposits combined (Art. 5).
 * - US-FDIC: the standard maximum deposit insurance amount, USD 250,000 per
 *   depositor, per insured bank, per ownership category; principal plus
 *   interest accrued to the day the bank closes. Made permanent by the
 *   Dodd-Frank Act (2010) with effect back to 2008-01-01.
 * - HK-DPS: Deposit Protection Scheme Ordinance (Cap. 581), per depositor
 *   per Scheme member, HKD, RMB and other currencies alike: HKD 500,000 from
 *   2011-01-01 (DPS (Amendment) Ordinance 2010); HKD 800,000 from 2024-10-01
 *   (DPS (Amendment) Ordinance 2024).
 */
export const defaultInsuranceSchemes: readonly InsuranceScheme[] = Object.freeze([
  frozenScheme({
    id: 'CN-DIS',
    name: 'China Deposit Insurance (存款保险)',
    jurisdiction: 'CN',
    currency: 'CNY',
    limitMinor: 50_000_000n, // CNY 500,000.00
    basis: 'per-depositor',
    includesInterest: true,
    effectiveFrom: '2015-05-01',
  }),
  frozenScheme({
    id: 'US-FDIC',
    name: 'FDIC deposit insurance',
    jurisdiction: 'US',
    currency: 'USD',
    limitMinor: 25_000_000n, // USD 250,000.00
    basis: 'per-ownership-category',
    includesInterest: true,
    effectiveFrom: '2008-01-01',
  }),
  frozenScheme({
    id: 'HK-DPS',
    name: 'Hong Kong Deposit Protection Scheme',
    jurisdiction: 'HK',
    currency: 'HKD',
    limitMinor: 50_000_000n, // HKD 500,000.00
    basis: 'per-depositor',
    includesInterest: true,
    effectiveFrom: '2011-01-01',
  }),
  frozenScheme({
    id: 'HK-DPS',
    name: 'Hong Kong Deposit Protection Scheme',
    jurisdiction: 'HK',
    currency: 'HKD',
    limitMinor: 80_000_000n, // HKD 800,000.00
    basis: 'per-depositor',
    includesInterest: true,
    effectiveFrom: '2024-10-01',
  }),
])

const jurisdictionPattern = /^[A-Z]{2}$/

/**
 * Why a value cannot be used as an insurance scheme (say, one read from a
 * rule pack); undefined when it can.
 */
export function insuranceSchemeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a scheme must be an object'
  const scheme = value as Record<string, unknown>
  if (typeof scheme.id !== 'string' || scheme.id.trim() === '') return 'id must be a non-empty string'
  if (typeof scheme.name !== 'string' || scheme.name.trim() === '') return `${scheme.id}: name must be a non-empty string`
  if (typeof scheme.jurisdiction !== 'string' || !jurisdictionPattern.test(scheme.jurisdiction)) {
    return `${scheme.id}: jurisdiction must be an ISO 3166 alpha-2 code such as "CN"`
  }
  if (!isCurrencyCode(scheme.currency)) return `${scheme.id}: currency must be a supported ISO 4217 code`
  if (typeof scheme.limitMinor !== 'bigint') return `${scheme.id}: limitMinor must be a bigint count of minor units`
  if (scheme.limitMinor <= 0n) return `${scheme.id}: limitMinor must be positive`
  if (typeof scheme.basis !== 'string' || !(coverageBases as readonly string[]).includes(scheme.basis)) {
    return `${scheme.id}: basis must be one of ${coverageBases.join(', ')}`
  }
  if (typeof scheme.includesInterest !== 'boolean') return `${scheme.id}: includesInterest must be a boolean`
  if (typeof scheme.effectiveFrom !== 'string' || tryParseCalendarDate(scheme.effectiveFrom) === undefined) {
    return `${scheme.id}: effectiveFrom must be a date (YYYY-MM-DD)`
  }
  return undefined
}

/**
 * The version of scheme `id` in force on `date` (YYYY-MM-DD): the one with
 * the latest `effectiveFrom` on or before it; undefined before the first.
 *
 * @throws RangeError for a date that is not YYYY-MM-DD.
 */
export function insuranceSchemeInForce(
  id: string,
  date: string,
  schemes: readonly InsuranceScheme[] = defaultInsuranceSchemes,
): InsuranceScheme | undefined {
  if (tryParseCalendarDate(date) === undefined) throw new RangeError(`${JSON.stringify(String(date).slice(0, 40))} is not a date (YYYY-MM-DD)`)
  let found: InsuranceScheme | undefined
  for (const scheme of schemes) {
    // YYYY-MM-DD strings sort as the dates do.
    if (scheme.id !== id || scheme.effectiveFrom > date) continue
    if (found === undefined || scheme.effectiveFrom > found.effectiveFrom) found = scheme
  }
  return found
}

export interface InsurableHolding {
  readonly accountId: string
  /** The account's posted balance, in the account's currency. */
  readonly principal: Money
  /** Interest accrued but not yet posted, already rounded to the minor unit; same currency. */
  readonly accruedInterest: Money
  /** 'single', 'joint', 'corporation', …; ignored by a per-depositor scheme. */
  readonly ownershipCategory: string
}

export interface CoverageRequest {
  readonly scheme: InsuranceScheme
  readonly holdings: readonly InsurableHolding[]
  /**
   * Units of the scheme currency per one unit of each other holding
   * currency, as positive decimal strings ("7.1234" for USD→CNY). The
   * scheme's own currency needs none, and a rate given for it is not read.
   */
  readonly rates: Readonly<Partial<Record<CurrencyCode, string>>>
  /** How a converted amount is rounded to the scheme currency's minor unit; default half-even. */
  readonly rounding?: RoundingMode
}

export interface HoldingCoverage {
  readonly accountId: string
  /** The holding's own currency. */
  readonly currency: CurrencyCode
  readonly principal: Money
  readonly accruedInterest: Money
  /** Own currency: principal (+ interest where the scheme covers it), never below zero. */
  readonly counted: Money
  /** The rate used; null for a holding in the scheme currency. */
  readonly rate: string | null
  /** `counted` in the scheme currency, converted and rounded once. */
  readonly countedInSchemeCurrency: Money
  /** Scheme currency. `insured + uninsured = countedInSchemeCurrency`. */
  readonly insured: Money
  readonly uninsured: Money
}

export interface CategoryCoverage {
  /** The ownership category, or 'all' under a per-depositor scheme. */
  readonly category: string
  readonly total: Money
  /** `min(total, limit)`. */
  readonly insured: Money
  readonly uninsured: Money
  readonly holdings: HoldingCoverage[]
}

export interface CoverageResult {
  readonly scheme: InsuranceScheme
  readonly total: Money
  readonly insured: Money
  readonly uninsured: Money
  /** In the order each category first appears among the holdings. */
  readonly categories: CategoryCoverage[]
  /**
   * Currencies held with no rate, alphabetically. Their holdings are in no
   * category and in no total, so while this is not empty the answer is
   * incomplete: the total is understated and the insured amount may be.
   */
  readonly missingRates: CurrencyCode[]
}

/** A holding counted and converted, before the limit is applied. */
interface PricedHolding {
  readonly holding: InsurableHolding
  readonly category: string
  readonly counted: Money
  readonly rate: string | null
  readonly converted: Money
}

function checkedRequest(request: CoverageRequest): void {
  const problem = insuranceSchemeProblem(request.scheme)
  if (problem !== undefined) throw new RangeError(`invalid insurance scheme: ${problem}`)
  const seen = new Set<string>()
  for (const holding of request.holdings) {
    const { accountId, principal, accruedInterest, ownershipCategory } = holding
    if (typeof accountId !== 'string' || accountId === '') throw new RangeError('every holding needs an accountId')
    if (seen.has(accountId)) throw new RangeError(`account ${accountId} is listed twice; it would be counted twice`)
    seen.add(accountId)
    if (principal.currency !== accruedInterest.currency) {
      throw new RangeError(`account ${accountId}: accrued interest in ${accruedInterest.currency} on a ${principal.currency} balance`)
    }
    if (request.scheme.basis === 'per-ownership-category' && (typeof ownershipCategory !== 'string' || ownershipCategory === '')) {
      throw new RangeError(`account ${accountId}: an ownership category is needed under ${request.scheme.id}`)
    }
  }
}

/** The rate for `currency`, undefined when the caller gave none. */
function rateFor(rates: CoverageRequest['rates'], currency: CurrencyCode): string | undefined {
  if (!Object.hasOwn(rates, currency)) return undefined
  const rate = rates[currency]
  if (rate === undefined) return undefined
  if (typeof rate !== 'string' || !isDecimalString(rate) || rate.startsWith('-') || fractionFromDecimal(rate).numerator === 0n) {
    throw new RangeError(`the ${currency} rate must be a positive decimal string, got ${JSON.stringify(String(rate).slice(0, 40))}`)
  }
  return rate
}

/**
 * The insured and uninsured split of one client's deposits at one bank under
 * `scheme`. Pure: the scheme, holdings and rates are all given.
 *
 * @throws RangeError for an invalid scheme or rate, an account listed twice,
 *   interest in another currency than its balance, or a missing ownership
 *   category under a per-category scheme — mistakes in the input, not
 *   outcomes.
 */
export function depositInsuranceCoverage(request: CoverageRequest): CoverageResult {
  checkedRequest(request)
  const { scheme, holdings, rates } = request
  const mode = request.rounding ?? 'half-even'
  const limit = money(scheme.limitMinor, scheme.currency)

  const missing = new Set<CurrencyCode>()
  const byCategory = new Map<string, PricedHolding[]>() // insertion order = first appearance
  for (const holding of holdings) {
    const currency = holding.principal.currency
    const rate = currency === scheme.currency ? null : rateFor(rates, currency)
    if (rate === undefined) {
      missing.add(currency)
      continue
    }
    const gross = holding.principal.amountMinor + (scheme.includesInterest ? holding.accruedInterest.amountMinor : 0n)
    const counted = money(gross > 0n ? gross : 0n, currency)
    const converted =
      rate === null ? counted : roundFractionToMinor(multiplyFractions(fractionFromMoney(counted), fractionFromDecimal(rate)), scheme.currency, mode).money
    const category = scheme.basis === 'per-depositor' ? allHoldingsCategory : holding.ownershipCategory
    const priced: PricedHolding = { holding, category, counted, rate, converted }
    const group = byCategory.get(category)
    if (group === undefined) byCategory.set(category, [priced])
    else group.push(priced)
  }

  const categories = [...byCategory].map(([category, group]) => categoryCoverage(category, group, limit))
  const total = sumMoney(categories.map((c) => c.total), scheme.currency)
  const insured = sumMoney(categories.map((c) => c.insured), scheme.currency)
  return {
    scheme,
    total,
    insured,
    uninsured: subtractMoney(total, insured),
    categories,
    missingRates: [...missing].sort(),
  }
}

function categoryCoverage(category: string, group: readonly PricedHolding[], limit: Money): CategoryCoverage {
  const total = sumMoney(
    group.map((p) => p.converted),
    limit.currency,
  )
  const insured = minMoney(total, limit)
  // allocateMoney needs one positive ratio; with nothing counted, nothing is insured.
  const shares =
    total.amountMinor === 0n ? group.map(() => money(0n, limit.currency)) : allocateMoney(insured, group.map((p) => p.converted.amountMinor))
  const holdings = group.map((p, i): HoldingCoverage => {
    const share = shares[i]
    if (share === undefined) throw new Error(`allocation lost holding ${p.holding.accountId}`) // cannot happen: one share per holding
    return {
      accountId: p.holding.accountId,
      currency: p.holding.principal.currency,
      principal: p.holding.principal,
      accruedInterest: p.holding.accruedInterest,
      counted: p.counted,
      rate: p.rate,
      countedInSchemeCurrency: p.converted,
      insured: share,
      // Never negative: a largest-remainder share is at most the whole minor
      // units above its exact share, and the exact share is at most what counted.
      uninsured: subtractMoney(p.converted, share),
    }
  })
  return { category, total, insured, uninsured: subtractMoney(total, insured), holdings }
}


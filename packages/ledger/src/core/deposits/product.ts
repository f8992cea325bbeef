import { formatDecimal, isCurrencyCode, isDecimalString, roundDecimal, roundingModes, type CurrencyCode, type Money, type RoundingMode } from '@strongroom/kernel'
import { compareCalendarDates, type CalendarDate } from '../interest/calendar-date.js'
import { isDayCountConvention, type DayCountConvention } from '../interest/day-count.js'
import { effectiveAnnualRate, rateTiersProblem, tieredAnnualInterest, tierMethods, tierOf, type RateTier, type TierMethod } from '../interest/tiered-rate.js'
import { fractionToDecimal, roundableDecimal } from '../exact-fraction.js'
import { earlyWithdrawalPolicyProblem, type EarlyWithdrawalPolicy } from './early-withdrawal.js'
import { isTenor } from './tenor.js'

/**
 * - `demand`: no term; earns on whatever the account holds, usually at a low, tiered rate.
 * - `term`: fixed tenors; early withdrawal follows the product's policy.
 * - `notice`: no term; a withdrawal is announced `noticeDays` ahead (China: 1-day and 7-day notice).
 * - `certificate`: a large-denomination CD (PBoC 2015 No. 13): minimums by client type, fixed tenors, fixed or floating rate.
 * - `flexible`: part can be withdrawn at any time and the rest keeps the interest it earned.
 */
export const depositKinds = ['demand', 'term', 'notice', 'certificate', 'flexible'] as const
export type DepositKind = (typeof depositKinds)[number]

/** Kinds with a maturity (and so tenors, maturity instructions and early withdrawal). */
export function hasTerm(kind: DepositKind): boolean {
  return kind === 'term' || kind === 'certificate'
}

export const postingFrequencies = ['monthly', 'quarterly', 'semi-annually', 'annually', 'at-maturity'] as const
export type PostingFrequency = (typeof postingFrequencies)[number]

export const compoundingFrequencies = ['none', 'monthly', 'quarterly', 'semi-annually', 'annually'] as const
export type CompoundingFrequency = (typeof compoundingFrequencies)[number]

/** Where posted interest goes: onto the deposit (it then earns too) or out to the client's payout account. */
export const postingModes = ['capitalise', 'payout'] as const
export type PostingMode = (typeof postingModes)[number]

export const maturityInstructions = ['payout', 'rollover-principal', 'rollover-principal-and-interest', 'await-instruction'] as const
export type MaturityInstruction = (typeof maturityInstructions)[number]

export const clientTypes = ['individual', 'institution'] as const
export type ClientType = (typeof clientTypes)[number]

/**
 * Everything that decides what a deposit earns and how it may be used. A
 * copy is taken onto each deposit when it opens, so a later change to the
 * product does not rewrite open deposits; only a floating-rate product's
 * deposits follow new rate sheets.
 */
export interface ProductTerms {
  readonly kind: DepositKind
  readonly currency: CurrencyCode
  readonly convention: DayCountConvention
  /** How amount tiers of a rate sheet apply (see `TierMethod`). */
  readonly tierMethod: TierMethod
  /** `floating`: open deposits take each new rate sheet from its effective date. */
  readonly rateType: 'fixed' | 'floating'
  readonly posting: {
    readonly frequency: PostingFrequency
    readonly mode: PostingMode
    /** Post on this day of the month (China demand deposits: 21, the day after the quarter's settlement on the 20th); null = on the anniversary of the deposit. */
    readonly dayOfMonth: number | null
  }
  /** How often accrued interest is added to what earns, between postings; `none` = simple interest within a posting period. */
  readonly compounding: CompoundingFrequency
  readonly rounding: RoundingMode
  /** Minimum opening amount per client type, in minor units. */
  readonly minimumMinor: Readonly<Record<ClientType, bigint>>
  /** Largest opening amount, in minor units; null = no maximum. */
  readonly maximumMinor: bigint | null
  /** Offered tenors (`3M`, `1Y`); empty for kinds without a term. */
  readonly tenors: readonly string[]
  /** Notice deposits: days between a notice and the first day money may leave. */
  readonly noticeDays: number | null
  /** What happens to a withdrawal before maturity, or without notice. */
  readonly earlyWithdrawal: EarlyWithdrawalPolicy
  readonly maturityInstructions: readonly MaturityInstruction[]
  /** Days after maturity (or after a rollover) in which the client may still withdraw without penalty. */
  readonly gracePeriodDays: number
  /** What a matured deposit awaiting instructions earns: `demand` (the demand rate of its currency) or an annual rate. */
  readonly postMaturityRate: 'demand' | string
}

/** One rate: for a tenor (null for kinds without a term) from an amount up. */
export interface RateSheetTier {
  readonly tenor: string | null
  readonly fromMinor: bigint
  readonly annualRate: string
}

/** The rates of a product from a date on, until the next sheet. */
export interface RateSheet {
  readonly productId: string
  readonly effectiveFrom: CalendarDate
  readonly tiers: readonly RateSheetTier[]
  readonly note: string | null
  readonly recordedBy: string
  readonly recordedAt: Date
}

export type ProductStatus = 'draft' | 'open' | 'closed'

export interface DepositProduct {
  readonly id: string
  /** The bank's own short code, unique: `TD-CNY`, `NOTICE7-CNY`. */
  readonly code: string
  readonly name: string
  readonly status: ProductStatus
  /** Suitability level R1 (lowest) … R5, for the risk questionnaire. */
  readonly riskLevel: 'R1' | 'R2' | 'R3' | 'R4' | 'R5'
  readonly terms: ProductTerms
  readonly createdAt: Date
  readonly updatedAt: Date
}

const maxRate = 1 // 100 % a year: a rate above that is a typo, not a product

/** Why a value is not a usable yearly rate; undefined when it is. */
export function rateProblem(value: unknown, label = 'the rate'): string | undefined {
  if (!isDecimalString(value)) return `${label} must be a decimal string such as "0.0175"`
  const n = Number(value)
  if (Math.abs(n) > maxRate) return `${label} must be between -1 and 1 (a yearly rate as a fraction: "0.0175" is 1.75 %)`
  return undefined
}

/** Why a product's terms cannot be used; undefined when they can. */
export function productTermsProblem(terms: ProductTerms): string | undefined {
  const { kind } = terms
  if (!(depositKinds as readonly string[]).includes(kind)) return `kind must be one of ${depositKinds.join(', ')}`
  if (!isCurrencyCode(terms.currency)) return 'currency must be an ISO 4217 code'
  if (!isDayCountConvention(terms.convention)) return 'unknown day-count convention'
  if (!tierMethods.includes(terms.tierMethod)) return `tierMethod must be one of ${tierMethods.join(', ')}`
  if (!postingFrequencies.includes(terms.posting.frequency)) return 'unknown posting frequency'
  if (!postingModes.includes(terms.posting.mode)) return 'unknown posting mode'
  if (!roundingModes.includes(terms.rounding)) return 'unknown rounding mode'
  const day = terms.posting.dayOfMonth
  if (day !== null && (!Number.isInteger(day) || day < 1 || day > 28)) return 'posting.dayOfMonth must be 1 to 28 (every month has it), or null'
  if (!compoundingFrequencies.includes(terms.compounding)) return 'unknown compounding frequency'
  const term = hasTerm(kind)
  if (term && terms.tenors.length === 0) return `a ${kind} product offers at least one tenor`
  if (!term && terms.tenors.length > 0) return `a ${kind} product has no tenors`
  if (terms.tenors.some((t) => !isTenor(t))) return 'tenors are written like 3M, 1Y, 7D'
  if (new Set(terms.tenors).size !== terms.tenors.length) return 'a tenor is listed twice'
  if (!term && terms.posting.frequency === 'at-maturity') return `a ${kind} deposit has no maturity to post at`
  if (kind === 'notice' && (terms.noticeDays === null || !Number.isInteger(terms.noticeDays) || terms.noticeDays < 1 || terms.noticeDays > 366)) {
    return 'a notice product needs noticeDays from 1 to 366'
  }
  if (kind !== 'notice' && terms.noticeDays !== null) return 'only a notice product has noticeDays'
  for (const type of ['individual', 'institution'] as const) {
    const min = terms.minimumMinor[type]
    if (typeof min !== 'bigint' || min < 0n) return `minimum for ${type} must be zero or more minor units`
    if (terms.maximumMinor !== null && min > terms.maximumMinor) return `minimum for ${type} is above the maximum`
  }
  if (terms.maximumMinor !== null && terms.maximumMinor <= 0n) return 'maximum must be positive, or null'
  const policy = earlyWithdrawalPolicyProblem(terms.earlyWithdrawal)
  if (policy !== undefined) return `earlyWithdrawal: ${policy}`
  if (term && terms.maturityInstructions.length === 0) return 'a product with a term offers at least one maturity instruction'
  if (!term && terms.maturityInstructions.length > 0) return `a ${kind} deposit does not mature`
  if (terms.maturityInstructions.some((i) => !maturityInstructions.includes(i))) return 'unknown maturity instruction'
  if (!Number.isInteger(terms.gracePeriodDays) || terms.gracePeriodDays < 0 || terms.gracePeriodDays > 90) return 'gracePeriodDays must be 0 to 90'
  if (terms.postMaturityRate !== 'demand') return rateProblem(terms.postMaturityRate, 'postMaturityRate')
  return undefined
}

/** Why a sheet's tiers cannot be used with a product's terms; undefined when they can. */
export function rateSheetProblem(terms: ProductTerms, tiers: readonly RateSheetTier[]): string | undefined {
  if (tiers.length === 0) return 'a rate sheet has at least one rate'
  for (const [i, tier] of tiers.entries()) {
    const problem = rateProblem(tier.annualRate, `rate ${i + 1}`)
    if (problem) return problem
    if (hasTerm(terms.kind) ? tier.tenor === null || !terms.tenors.includes(tier.tenor) : tier.tenor !== null) {
      return hasTerm(terms.kind) ? `rate ${i + 1}: tenor must be one the product offers (${terms.tenors.join(', ')})` : `rate ${i + 1}: a ${terms.kind} product has no tenors`
    }
  }
  for (const tenor of hasTerm(terms.kind) ? terms.tenors : [null]) {
    const problem = rateTiersProblem(tiersOf(tiers, tenor))
    if (problem) return `${tenor ?? 'rates'}: ${problem}`
  }
  return undefined
}

/** The amount tiers of one tenor, lowest first. */
export function tiersOf(tiers: readonly RateSheetTier[], tenor: string | null): RateTier[] {
  return tiers
    .filter((t) => t.tenor === tenor)
    .map((t) => ({ fromMinor: t.fromMinor, annualRate: t.annualRate }))
    .sort((a, b) => (a.fromMinor < b.fromMinor ? -1 : a.fromMinor > b.fromMinor ? 1 : 0))
}

/** The sheet in force on `date`: the latest effective on or before it. */
export function sheetInForce<S extends { readonly effectiveFrom: CalendarDate }>(sheets: readonly S[], date: CalendarDate): S | undefined {
  let found: S | undefined
  for (const sheet of sheets) {
    if (compareCalendarDates(sheet.effectiveFrom, date) > 0) continue
    if (!found || compareCalendarDates(sheet.effectiveFrom, found.effectiveFrom) >= 0) found = sheet
  }
  return found
}

/** What an amount earns under a sheet: the rate to show and the exact interest for a year. */
export interface PricedRate {
  /** The rate a client sees: the tier's rate, or under marginal tiers the blended rate to 10 places. */
  readonly annualRate: string
  /** principal × rate (or the sum over marginal slices), exact, in major units: a finite decimal. */
  readonly annualInterest: string
  readonly tiers: readonly RateTier[]
}

export function priceDeposit(principal: Money, tiers: readonly RateTier[], method: TierMethod): PricedRate {
  const annualInterest = fractionToDecimal(tieredAnnualInterest(principal, tiers, method)).toFixed()
  // Whole-balance (and an empty balance): the tier's rate as the sheet wrote it. Marginal: the blend, cut to 10 places.
  const annualRate = method === 'whole-balance' || principal.amountMinor === 0n
    ? tierOf(principal.amountMinor, tiers).annualRate
    : formatDecimal(roundDecimal(roundableDecimal(effectiveAnnualRate(principal, tiers, method), 10), 10, 'down'))
  return { annualRate, annualInterest, tiers }
}

import type { CurrencyCode, Money } from '@strongroom/kernel'
import type { CalendarDate } from '../interest/calendar-date.js'
import type { RateTier } from '../interest/tiered-rate.js'
import type { DepositKind, MaturityInstruction, ProductTerms } from './product.js'

export const depositStatuses = ['active', 'matured', 'closed'] as const
export type DepositStatus = (typeof depositStatuses)[number]

/** Where a deposit's rate came from. */
export type RateSource = 'sheet' | 'negotiated' | 'post-maturity'

/**
 * A deposit: the terms it was opened on (a copy), its principal in a ledger
 * account of its own, and its interest so far. Interest accrued but not yet
 * posted is kept exactly as `accruedScaled / accrualDenominator` major units
 * (see `accrualDenominators`), with the rounding remainder of earlier
 * postings carried inside it.
 */
export interface Deposit {
  readonly id: string
  readonly clientId: string
  readonly productId: string
  readonly termsId: string
  readonly terms: ProductTerms
  readonly kind: DepositKind
  readonly currency: CurrencyCode
  /** The ledger account that holds the principal (and capitalised interest). */
  readonly accountId: string
  readonly fundingAccountId: string
  /** Where interest paid out, withdrawals and maturity proceeds go. */
  readonly payoutAccountId: string
  readonly principal: Money
  readonly tenor: string | null
  readonly openedOn: CalendarDate
  /** The first day of the current term (a rollover starts a new one). */
  readonly termStart: CalendarDate
  readonly maturity: CalendarDate | null
  readonly status: DepositStatus
  readonly maturityInstruction: MaturityInstruction | null
  readonly rateSource: RateSource
  /** The rate in force, as shown to the client. */
  readonly annualRate: string
  /** What the current principal (plus interest compounded but not yet posted) earns in a year, exact: the accrual's factor. */
  readonly annualInterest: string
  /** The amount tiers behind the rate, kept so a changed principal can be repriced on the same terms. */
  readonly rateTiers: readonly RateTier[]
  readonly accrualDenominator: bigint
  /** Exact decimal: accrued interest × accrualDenominator. */
  readonly accruedScaled: string
  /** The last day whose interest is in `accruedScaled`. */
  readonly accruedThrough: CalendarDate
  /** The first day of the current posting period (anchors the 30/360 conventions). */
  readonly periodStart: CalendarDate
  readonly nextPostingOn: CalendarDate | null
  readonly nextCompoundingOn: CalendarDate | null
  /** Interest compounded (rounded, earning) since the last posting, not yet in the ledger. */
  readonly compoundedMinor: bigint
  readonly notice: { readonly amount: Money; readonly availableFrom: CalendarDate } | null
  /** Until this day (inclusive) a rolled-over or matured deposit may be withdrawn without penalty. */
  readonly graceUntil: CalendarDate | null
  /** Goes up with every change: a withdrawal preview is only executed against the version it was made from. */
  readonly version: number
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly closedOn: CalendarDate | null
}

export interface DepositEvent {
  readonly id: string
  readonly depositId: string
  readonly businessDate: CalendarDate
  readonly at: Date
  readonly kind: 'opened' | 'rate-changed' | 'interest-posted' | 'compounded' | 'notice-given' | 'withdrawal' | 'matured' | 'rolled-over' | 'closed'
  /** The rate in force after the event, where it has one. */
  readonly annualRate: string | null
  readonly detail: Readonly<Record<string, unknown>>
}

import type { DepositorCategory } from './stress-scenario.js'

/** One deposit of the live book, as the stress test sees it. */
export interface DepositPosition {
  readonly clientId: string
  /** The account or term deposit. */
  readonly depositId: string
  readonly category: DepositorCategory
  /** Major units of `currency`, a decimal string: "1250000.00". Not negative. */
  readonly balance: string
  /** ISO 4217; absent means the book's reporting currency. */
  readonly currency?: string
  /**
   * The part of `balance` covered by deposit insurance, same currency, from
   * 0 to `balance`. Insurance is per depositor, not per deposit, so the
   * caller splits the depositor's cover across their deposits (the ledger's
   * deposit-insurance coverage does exactly that).
   */
  readonly insuredAmount: string
  /** YYYY-MM-DD; null for a deposit on demand. A date already past counts as on demand. */
  readonly maturityDate: string | null
}

/**
 * The book on an as-of date: its positions, the currency results are
 * reported in, and the FX rates to convert other currencies into it.
 */
export interface StressBook {
  readonly reportingCurrency: string
  /**
   * Units of the reporting currency per one unit of each other currency
   * (mid rates as of the as-of date): `{ USD: '7.1' }` with CNY reporting.
   * Every currency in the book other than the reporting one needs a rate.
   */
  readonly fxRates?: Readonly<Record<string, string>>
  readonly positions: readonly DepositPosition[]
}

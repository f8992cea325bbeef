import {
  currencyExponent,
  decimal,
  formatDecimal,
  formatMoney,
  isDecimalString,
  roundDecimal,
  roundToMinor,
  type CurrencyCode,
  type Money,
  type RoundingMode,
} from '@strongroom/kernel'
import { LedgerError, reject, type Rejection } from './errors.js'
import { fraction, roundableDecimal } from './exact-fraction.js'
import type { MultiLegTransferRequest } from './transfer.js'

/**
 * 1 `base` = `rate` `quote`: EUR→CNY 8.147 means one euro buys 8.147 yuan.
 * The rate is a decimal string, exact as the source published it.
 */
export interface FxRate {
  readonly base: CurrencyCode
  readonly quote: CurrencyCode
  readonly rate: string
  /** Who published or dealt it: "ECB", a dealer, a desk. */
  readonly source: string
  /** ISO 8601: a date for daily reference rates (2025-05-09), an instant for dealt rates. */
  readonly asOf: string
}

/** A rate as an exact fraction: `numerator / denominator`, both positive. */
interface Ratio {
  readonly numerator: bigint
  readonly denominator: bigint
}

function ratioOf(rate: FxRate): Ratio {
  if (!isDecimalString(rate.rate) || rate.rate.startsWith('-')) {
    throw new LedgerError('ledger.invalid_rate', `${rate.base}/${rate.quote}: the rate must be a positive decimal string`)
  }
  const [whole = '', fraction = ''] = rate.rate.split('.')
  const numerator = BigInt(whole + fraction)
  if (numerator === 0n) throw new LedgerError('ledger.invalid_rate', `${rate.base}/${rate.quote}: the rate must be positive`)
  return { numerator, denominator: 10n ** BigInt(fraction.length) }
}

/**
 * Converts `amount` into `to` at `rate`, in either direction of the rate
 * (base→quote multiplies, quote→base divides), rounding exactly once, to the
 * minor unit of `to`, with `mode`. The product or quotient is formed exactly
 * as a fraction first; no intermediate is rounded.
 *
 * @throws LedgerError 'ledger.currency_mismatch' when the rate does not join
 *   the two currencies, 'ledger.invalid_rate' for a rate that is not positive.
 */
export function convert(amount: Money, rate: FxRate, to: CurrencyCode, mode: RoundingMode = 'half-even'): Money {
  const { numerator, denominator } = ratioOf(rate)
  const fromScale = 10n ** BigInt(currencyExponent(amount.currency))
  // amount in major units = amountMinor / fromScale
  let n: bigint
  let d: bigint
  if (amount.currency === rate.base && to === rate.quote) {
    ;[n, d] = [amount.amountMinor * numerator, fromScale * denominator]
  } else if (amount.currency === rate.quote && to === rate.base) {
    ;[n, d] = [amount.amountMinor * denominator, fromScale * numerator]
  } else {
    throw new LedgerError('ledger.currency_mismatch', `a ${rate.base}/${rate.quote} rate does not convert ${amount.currency} into ${to}`)
  }
  return roundToMinor(roundableDecimal(fraction(n, d), currencyExponent(to)), to, mode)
}

export interface RateRounding {
  /** Significant digits of the derived rate; default 10. */
  readonly significantDigits?: number | undefined
  readonly mode?: RoundingMode | undefined
}

/** n/d rounded once to `significantDigits`, as a decimal string. */
function roundRatio(n: bigint, d: bigint, rounding: RateRounding): string {
  const significant = rounding.significantDigits ?? 10
  if (!Number.isSafeInteger(significant) || significant < 1) throw new RangeError('significantDigits must be a positive integer')
  // The power of ten of the leading digit: 10^e ≤ n/d < 10^(e+1).
  let e = n.toString().length - d.toString().length
  if (e >= 0 ? n < d * 10n ** BigInt(e) : n * 10n ** BigInt(-e) < d) e -= 1
  const places = Math.max(0, significant - 1 - e)
  return formatDecimal(roundDecimal(roundableDecimal(fraction(n, d), places), places, rounding.mode ?? 'half-even'))
}

/** The same rate seen from the other side: quote→base, 1/rate, rounded once to the stated precision. */
export function invertRate(rate: FxRate, rounding: RateRounding = {}): FxRate {
  const { numerator, denominator } = ratioOf(rate)
  return { base: rate.quote, quote: rate.base, rate: roundRatio(denominator, numerator, rounding), source: rate.source, asOf: rate.asOf }
}

/**
 * A cross rate from two rates of one base: EUR→CNY and EUR→USD give USD→CNY
 * (= CNY per EUR ÷ USD per EUR), rounded once to the stated precision. It is
 * as old as its older input.
 */
export function crossRate(baseToQuote: FxRate, baseToNewBase: FxRate, rounding: RateRounding = {}): FxRate {
  if (baseToQuote.base !== baseToNewBase.base) {
    throw new LedgerError('ledger.currency_mismatch', `a cross rate needs two rates of one base, not ${baseToQuote.base} and ${baseToNewBase.base}`)
  }
  const a = ratioOf(baseToQuote)
  const b = ratioOf(baseToNewBase)
  return {
    base: baseToNewBase.quote,
    quote: baseToQuote.quote,
    rate: roundRatio(a.numerator * b.denominator, a.denominator * b.numerator, rounding),
    source: baseToQuote.source === baseToNewBase.source ? baseToQuote.source : `${baseToQuote.source} / ${baseToNewBase.source}`,
    asOf: baseToQuote.asOf < baseToNewBase.asOf ? baseToQuote.asOf : baseToNewBase.asOf,
  }
}

export interface ConversionRequest {
  /** The client account paying in the source currency. */
  readonly fromAccountId: string
  /** The client account receiving the target currency. */
  readonly toAccountId: string
  /** What leaves `fromAccountId`, in the source currency. */
  readonly amount: Money
  /** Joins the source currency with the target currency, in either direction. */
  readonly rate: FxRate
  /** The bank's FX position accounts in the source and in the target currency. */
  readonly positions: { readonly from: string; readonly to: string }
  /** Default half-even. */
  readonly mode?: RoundingMode | undefined
  readonly reference?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

export type ConversionDecision =
  | { readonly kind: 'convert'; readonly converted: Money; readonly request: MultiLegTransferRequest }
  | Rejection

/**
 * A conversion is one transfer of four legs, balanced in each currency
 * through the bank's FX position accounts:
 *
 *   source currency: client debit  →  FX position (source) credit
 *   target currency: FX position (target) debit  →  client credit
 *
 * The rate, its source and time and the rounding mode go into the transfer's
 * metadata, so the posting explains itself. The transfer then passes
 * `decideTransfer` like any other (funds, statuses, account currencies).
 */
export function decideConversion(request: ConversionRequest): ConversionDecision {
  const { amount, rate } = request
  const mode = request.mode ?? 'half-even'
  if (amount.amountMinor <= 0n) return reject('ledger.invalid_amount', 'a conversion must be for a positive amount')
  if (rate.base === rate.quote) return reject('ledger.invalid_rate', `a rate from ${rate.base} to itself converts nothing`)
  if (!isDecimalString(rate.rate) || decimal(rate.rate).lte(0)) {
    return reject('ledger.invalid_rate', `${rate.base}/${rate.quote}: the rate must be a positive decimal`)
  }
  const to = amount.currency === rate.base ? rate.quote : amount.currency === rate.quote ? rate.base : null
  if (to === null) return reject('ledger.currency_mismatch', `a ${rate.base}/${rate.quote} rate cannot convert ${amount.currency}`)
  const converted = convert(amount, rate, to, mode)
  if (converted.amountMinor <= 0n) {
    return reject('ledger.invalid_amount', `${formatMoney(amount)} ${amount.currency} is less than one minor unit of ${to} at this rate`)
  }
  return {
    kind: 'convert',
    converted,
    request: {
      entries: [
        { accountId: request.fromAccountId, direction: 'debit', amount },
        { accountId: request.positions.from, direction: 'credit', amount },
        { accountId: request.positions.to, direction: 'debit', amount: converted },
        { accountId: request.toAccountId, direction: 'credit', amount: converted },
      ],
      channel: 'internal',
      reference: request.reference ?? `conversion ${amount.currency}→${to}`,
      metadata: {
        ...request.metadata,
        'fx.base': rate.base,
        'fx.quote': rate.quote,
        'fx.rate': rate.rate,
        'fx.source': rate.source,
        'fx.asOf': rate.asOf,
        'fx.rounding': mode,
      },
    },
  }
}

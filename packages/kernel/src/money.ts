import { currencyExponent, parseCurrencyCode, type CurrencyCode } from './currency.js'
import { decimal, exactProduct, type ExactDecimal } from './decimal.js'
import { DomainError } from './domain-error.js'
import { describeInput, type KernelErrorCode } from './kernel-errors.js'
import { roundToMinor, type RoundingMode } from './rounding.js'

/**
 * An amount of one currency, as an integer count of its minor unit (fen,
 * cents, yen, fils). Never a float: a bigint holds any balance exactly, and
 * maps one-to-one onto a PostgreSQL `bigint` column. The exponent is not
 * stored; it comes from the ISO 4217 table (`currencyExponent`).
 */
export interface Money {
  readonly amountMinor: bigint
  readonly currency: CurrencyCode
}

/** Money on the wire: a decimal string in major units, never a JSON number. */
export interface MoneyJson {
  readonly amount: string
  readonly currency: CurrencyCode
}

/** Makes Money from minor units: `money(50_000_000n, 'CNY')` is CNY 500,000.00. */
export function money(amountMinor: bigint, currency: CurrencyCode): Money {
  if (typeof amountMinor !== 'bigint') {
    throw new DomainError<KernelErrorCode>(
      'kernel.invalid_amount',
      `amountMinor must be a bigint count of minor units, got ${describeInput(amountMinor)}`,
    )
  }
  return Object.freeze({ amountMinor, currency: parseCurrencyCode(currency) })
}

export function zeroMoney(currency: CurrencyCode): Money {
  return money(0n, currency)
}

// Plain digits with an optional leading '-', and an optional fraction that has
// at least one digit on each side of the point. Anything else — '+', spaces,
// thousands separators, '1e3', '.5', '5.', '' — is refused rather than
// interpreted, because a misread amount is worse than a rejected one. Leading
// zeros ("007.50") and "-0.00" are accepted: they are unambiguous in base 10.
const amountPattern = /^(-?)(\d+)(?:\.(\d+))?$/

/**
 * Reads an amount in MAJOR units ("500000.00", "10.5", "-3") of a currency.
 * Fewer decimals than the exponent are fine; more are refused, never rounded:
 * rounding belongs to `roundToMinor`, where someone chose a mode.
 *
 * @throws DomainError 'kernel.unknown_currency' or 'kernel.invalid_amount'.
 */
export function parseMoney(amount: string, currency: string): Money {
  const code = parseCurrencyCode(currency)
  const exponent = currencyExponent(code)
  if (typeof amount !== 'string') {
    throw invalidAmount(`a ${code} amount must be a decimal string in major units, not ${describeInput(amount)}`, code)
  }
  const match = amountPattern.exec(amount)
  if (match === null) {
    throw invalidAmount(
      `${describeInput(amount)} is not a ${code} amount: expected digits with an optional leading '-' and decimal point, e.g. "${formatMoney(money(1234n * 10n ** BigInt(exponent), code))}"`,
      code,
    )
  }
  const [, sign = '', whole = '', fraction = ''] = match
  if (fraction.length > exponent) {
    throw invalidAmount(
      exponent === 0
        ? `${describeInput(amount)} has decimals but ${code} has no minor unit`
        : `${describeInput(amount)} has ${fraction.length} decimal places but ${code} allows at most ${exponent}`,
      code,
    )
  }
  return money(BigInt(`${sign}${whole}${fraction.padEnd(exponent, '0')}`), code)
}

/**
 * Major units with exactly the currency's number of decimals: "500000.00",
 * "100" (JPY), "1.250" (KWD), "-0.50". No grouping, no exponent, no symbol:
 * this is the canonical form for JSON and logs, not a display format.
 */
export function formatMoney(m: Money): string {
  const exponent = currencyExponent(m.currency)
  const negative = m.amountMinor < 0n
  const digits = (negative ? -m.amountMinor : m.amountMinor).toString().padStart(exponent + 1, '0')
  const whole = digits.slice(0, digits.length - exponent)
  const fraction = digits.slice(digits.length - exponent)
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`
}

export function toMoneyJson(m: Money): MoneyJson {
  return { amount: formatMoney(m), currency: m.currency }
}

/**
 * The inverse of `toMoneyJson`, for input that came over the wire: the
 * currency is checked against the table and the amount against its exponent.
 */
export function fromMoneyJson(json: { readonly amount: string; readonly currency: string }): Money {
  return parseMoney(json.amount, json.currency)
}

/** The amount in major units as an exact decimal: CNY 12.34 → 12.34. */
export function toDecimal(m: Money): ExactDecimal {
  // Through the canonical string rather than a division, so it is exact for
  // any size of amount.
  return decimal(formatMoney(m))
}

export function addMoney(a: Money, b: Money): Money {
  return money(a.amountMinor + b.amountMinor, sameCurrency(a, b))
}

export function subtractMoney(a: Money, b: Money): Money {
  return money(a.amountMinor - b.amountMinor, sameCurrency(a, b))
}

export function negateMoney(m: Money): Money {
  return money(-m.amountMinor, m.currency)
}

/** −1, 0 or 1, for `Array.prototype.sort`. Throws on a currency mismatch. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b)
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0
}

/**
 * Same currency and same amount. Unlike the arithmetic, this does not throw
 * on different currencies: CNY 1.00 simply is not USD 1.00.
 */
export function equalsMoney(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0n
}

export function isNegative(m: Money): boolean {
  return m.amountMinor < 0n
}

export function isPositive(m: Money): boolean {
  return m.amountMinor > 0n
}

/** The smallest of one or more amounts of one currency; the first on a tie. */
export function minMoney(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((least, m) => (compareMoney(m, least) < 0 ? m : least), first)
}

/** The largest of one or more amounts of one currency; the first on a tie. */
export function maxMoney(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((most, m) => (compareMoney(m, most) > 0 ? m : most), first)
}

/**
 * The total of a list, all in `currency`. The currency is a parameter, not
 * taken from the first item, so an empty list has a well-defined total.
 */
export function sumMoney(list: readonly Money[], currency: CurrencyCode): Money {
  let total = 0n
  for (const m of list) {
    if (m.currency !== currency) throw currencyMismatch(currency, m.currency)
    total += m.amountMinor
  }
  return money(total, currency)
}

/**
 * `m × factor`, rounded once to minor units with `mode`. The product is
 * formed exactly before that one rounding, so a 40-digit factor on a large
 * balance loses nothing on the way. The factor is a decimal (string or
 * ExactDecimal), never a JavaScript number.
 */
export function multiplyMoney(m: Money, factor: ExactDecimal | string, mode: RoundingMode = 'half-even'): Money {
  return roundToMinor(exactProduct(toDecimal(m), decimal(factor)), m.currency, mode)
}

/**
 * `m` expressed in currency `to` at `rate` (1 unit of `m.currency` = `rate`
 * units of `to`), rounded once to `to`'s minor units. For equivalents and
 * reports; a conversion that moves money goes through the ledger's FX.
 */
export function convertMoney(m: Money, to: CurrencyCode, rate: ExactDecimal | string, mode: RoundingMode = 'half-even'): Money {
  return roundToMinor(exactProduct(toDecimal(m), decimal(rate)), to, mode)
}

function sameCurrency(a: Money, b: Money): CurrencyCode {
  if (a.currency !== b.currency) throw currencyMismatch(a.currency, b.currency)
  return a.currency
}

function currencyMismatch(expected: CurrencyCode, actual: CurrencyCode): DomainError<KernelErrorCode> {
  return new DomainError<KernelErrorCode>('kernel.currency_mismatch', `Cannot combine ${expected} with ${actual}`, { expected, actual })
}

function invalidAmount(message: string, currency: CurrencyCode): DomainError<KernelErrorCode> {
  return new DomainError<KernelErrorCode>('kernel.invalid_amount', message, { currency, exponent: currencyExponent(currency) })
}

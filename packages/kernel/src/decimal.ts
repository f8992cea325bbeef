import { Decimal } from 'decimal.js'
import { DomainError } from './domain-error.js'
import { describeInput, type KernelErrorCode } from './kernel-errors.js'

/**
 * Exact base-10 numbers for what is not yet money: interest rates, FX rates,
 * sub-minor accruals. Money itself is a bigint of minor units (see money.ts);
 * an ExactDecimal becomes money only through `roundToMinor`.
 *
 * Our own constructor, not the global `Decimal`. decimal.js keeps its
 * configuration on the constructor, and any library in the process may call
 * `Decimal.set(...)` on the shared one; a clone is independent of it.
 * `defaults: true` matters too: without it `clone` copies every setting we do
 * not name (maxE, minE, modulo, crypto) from whatever the global constructor
 * holds at the moment this module loads.
 *
 * Precision 40 significant digits bounds what division and the transcendental
 * functions produce; half-even is the default rounding of those results;
 * toExpNeg/toExpPos keep `toString()` in plain notation for any value a bank
 * will meet. The constructor is deliberately not exported, so nobody can
 * reconfigure it through us.
 */
const ExactDecimalConstructor: Decimal.Constructor = Decimal.clone({
  defaults: true,
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
})

/**
 * The kernel's own conversions (money ↔ decimal, rounding remainders, money ×
 * factor) must be exact whatever the size of the numbers. Sums, differences
 * and products of finite decimals are finite, so with a precision at the
 * library's maximum they are never rounded. Division is never done here.
 */
const UnboundedConstructor: Decimal.Constructor = Decimal.clone({
  defaults: true,
  precision: 1e9,
  rounding: Decimal.ROUND_HALF_EVEN,
})

/**
 * A decimal.js value made by the kernel's constructor. Arithmetic on it
 * (`plus`, `times`, `dividedBy`, …) runs under that constructor's settings, so
 * results stay ExactDecimals: `plus`, `minus` and `times` are rounded only
 * beyond 40 significant digits, `dividedBy` to 40 significant digits,
 * half-even.
 */
export type ExactDecimal = Decimal

/** Everything `decimal()` accepts. A JavaScript `number` is not among them, on purpose. */
export type DecimalInput = string | bigint | ExactDecimal

// Plain positional notation, ASCII digits only: what PostgreSQL `numeric`
// prints and what our JSON carries. No exponent, no '+', no bare '.5' or '5.',
// no 'Infinity', 'NaN' or '0x…' (all of which decimal.js would otherwise take).
const decimalPattern = /^-?\d+(?:\.\d+)?$/

/** True for a string `decimal()` accepts: `-?digits(.digits)?`, e.g. "0.0325", "-12", "007.50". */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && decimalPattern.test(value)
}

/**
 * Makes an ExactDecimal. Takes a decimal string, a bigint (an integer) or a
 * decimal.js value; never a `number`, since by the time a rate is a float it
 * is already wrong (0.1 + 0.2). The value is taken exactly, never rounded to
 * the precision.
 *
 * @throws DomainError 'kernel.invalid_decimal' for a number, a non-numeric or
 *   non-plain string, or a non-finite decimal.
 */
export function decimal(value: DecimalInput): ExactDecimal {
  if (typeof value === 'string') {
    if (!decimalPattern.test(value)) {
      throw invalidDecimal(`${describeInput(value)} is not a decimal string (expected digits with an optional '-' and decimal point, e.g. "0.0325")`)
    }
    return new ExactDecimalConstructor(value)
  }
  if (typeof value === 'bigint') return new ExactDecimalConstructor(value.toString())
  if (typeof value === 'number') {
    throw invalidDecimal(`JavaScript numbers are not accepted (got ${describeInput(value)}); pass a decimal string such as "0.0325"`)
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw invalidDecimal(`${value.toString()} is not a finite decimal`)
    // All decimal.js constructors share one prototype, so `instanceof` cannot
    // tell ours from a consumer's; the per-instance `constructor` can. A value
    // made elsewhere is copied (exactly) so that further arithmetic on it uses
    // our settings rather than theirs.
    return value.constructor === ExactDecimalConstructor ? value : new ExactDecimalConstructor(value)
  }
  throw invalidDecimal(`${describeInput(value)} is not a decimal`)
}

/**
 * Plain positional notation with every digit, never an exponent: the form to
 * store in a `numeric` column or put in JSON. `decimal(formatDecimal(d))`
 * equals `d`.
 */
export function formatDecimal(value: ExactDecimal): string {
  return decimal(value).toFixed()
}

/** a − b, exactly. Kernel-internal: public arithmetic goes through ExactDecimal's methods. */
export function exactDifference(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return new ExactDecimalConstructor(new UnboundedConstructor(a).minus(b))
}

/** a × b, exactly. Kernel-internal. */
export function exactProduct(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return new ExactDecimalConstructor(new UnboundedConstructor(a).times(b))
}

function invalidDecimal(message: string): DomainError<KernelErrorCode> {
  return new DomainError<KernelErrorCode>('kernel.invalid_decimal', message)
}

import { Decimal } from 'decimal.js'
import { currencyExponent, type CurrencyCode } from './currency.js'
import { decimal, exactDifference, type ExactDecimal } from './decimal.js'
import { money, toDecimal, type Money } from './money.js'

/**
 * How an exact value is brought to fewer decimal places. Every mode is
 * symmetric about zero: rounding −x gives exactly −(rounding x).
 *
 * | mode        | rule                                   |  2.345 |  −2.345 |  1.231 |  −1.239 |
 * |-------------|----------------------------------------|--------|---------|--------|---------|
 * | `half-even` | nearest; a tie goes to the even digit  |  2.34  |  −2.34  |  1.23  |  −1.24  |
 * | `half-up`   | nearest; a tie goes away from zero     |  2.35  |  −2.35  |  1.23  |  −1.24  |
 * | `down`      | toward zero (truncate)                 |  2.34  |  −2.34  |  1.23  |  −1.23  |
 * | `up`        | away from zero                         |  2.35  |  −2.35  |  1.24  |  −1.24  |
 *
 * `half-even` (banker's rounding) is the default because its errors cancel
 * over many roundings instead of drifting upward. `half-up` is commercial
 * rounding: note that, unlike `Math.round`, it sends −2.345 to −2.35, not
 * toward +∞. `down` never pays out more than was earned; `up` never charges
 * less than was owed.
 */
export const roundingModes = ['half-even', 'half-up', 'down', 'up'] as const
export type RoundingMode = (typeof roundingModes)[number]

const decimalJsRounding = {
  'half-even': Decimal.ROUND_HALF_EVEN,
  'half-up': Decimal.ROUND_HALF_UP,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
} as const satisfies Record<RoundingMode, Decimal.Rounding>

function roundingOf(mode: RoundingMode): Decimal.Rounding {
  // An unknown mode from an untyped caller must not silently become the
  // library default; it is a programming error, not a domain outcome.
  if (!Object.hasOwn(decimalJsRounding, mode)) throw new RangeError(`Unknown rounding mode: ${String(mode)}`)
  return decimalJsRounding[mode]
}

/**
 * Rounds an exact value to `places` decimal places. The result is exact (it is
 * not further limited to 40 significant digits).
 */
export function roundDecimal(value: ExactDecimal, places: number, mode: RoundingMode = 'half-even'): ExactDecimal {
  if (!Number.isSafeInteger(places) || places < 0) throw new RangeError(`places must be a non-negative integer, got ${String(places)}`)
  return decimal(value).toDecimalPlaces(places, roundingOf(mode))
}

/**
 * THE place where an exact amount becomes money. `value` is in major units
 * (yuan, not fen); it is rounded to the currency's exponent with an explicit
 * mode and turned into minor units. Whatever is cut off is lost: use
 * `roundToMinorWithRemainder` where the domain carries it forward.
 */
export function roundToMinor(value: ExactDecimal, currency: CurrencyCode, mode: RoundingMode = 'half-even'): Money {
  const exponent = currencyExponent(currency)
  // toFixed is exact and never uses exponent notation, so removing the point
  // leaves the minor-unit integer. ("-0.00" becomes 0n: bigint has no −0.)
  const fixed = decimal(value).toFixed(exponent, roundingOf(mode))
  return money(BigInt(fixed.replace('.', '')), currency)
}

export interface RoundedMoney {
  readonly money: Money
  /** `value − money`, in major units, exact. Its magnitude is below one minor unit. */
  readonly remainder: ExactDecimal
}

/**
 * `roundToMinor`, also returning what rounding cut off, so that an accrual
 * can carry it into the next period instead of losing a fraction of a fen
 * every day. `toDecimal(money) + remainder` equals `value` exactly.
 */
export function roundToMinorWithRemainder(value: ExactDecimal, currency: CurrencyCode, mode: RoundingMode = 'half-even'): RoundedMoney {
  const exact = decimal(value)
  const rounded = roundToMinor(exact, currency, mode)
  return Object.freeze({ money: rounded, remainder: exactDifference(exact, toDecimal(rounded)) })
}

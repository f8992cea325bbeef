import {
  currencyExponent,
  decimal,
  formatDecimal,
  roundToMinor,
  type CurrencyCode,
  type ExactDecimal,
  type Money,
  type RoundingMode,
} from '@strongroom/kernel'

/**
 * An exact rational number, `numerator / denominator`, in lowest terms with
 * a positive denominator — so one value has one representation and
 * `toEqual` compares values.
 *
 * Why not an ExactDecimal: interest divides by 360, 365 or 366, and
 * 1/360 = 0.002777… has no finite decimal. ExactDecimal's `dividedBy` stops
 * at 40 significant digits, so a year of daily accruals summed as decimals is
 * off from the true interest by a few units of the 40th digit — harmless,
 * except exactly where it matters: when the true total sits on a rounding tie
 * (0.005 fen), the error decides which way it rounds. As fractions, a day's
 * accrual, a month's sum and the year's total are all exact, and rounding
 * happens once, at posting, through the kernel.
 */
export interface ExactFraction {
  readonly numerator: bigint
  /** Always ≥ 1. */
  readonly denominator: bigint
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)]
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

/**
 * `numerator / denominator`, reduced: `fraction(6n, -4n)` is −3/2.
 *
 * @throws RangeError for a zero denominator; TypeError for a non-bigint.
 */
export function fraction(numerator: bigint, denominator: bigint = 1n): ExactFraction {
  if (typeof numerator !== 'bigint' || typeof denominator !== 'bigint') {
    throw new TypeError('a fraction is made of bigints; a JavaScript number is never exact enough for money')
  }
  if (denominator === 0n) throw new RangeError('a fraction cannot have a zero denominator')
  const sign = denominator < 0n ? -1n : 1n
  const divisor = gcd(numerator, denominator) || 1n
  return Object.freeze({ numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor })
}

export const zeroFraction: ExactFraction = fraction(0n)

/** The exact value of a decimal: "0.0135" is 27/2000. Strings are checked by `decimal()`. */
export function fractionFromDecimal(value: ExactDecimal | string): ExactFraction {
  const text = formatDecimal(decimal(value)) // plain digits, never an exponent
  const negative = text.startsWith('-')
  const [whole = '', fractionDigits = ''] = (negative ? text.slice(1) : text).split('.')
  const numerator = BigInt(whole + fractionDigits)
  return fraction(negative ? -numerator : numerator, 10n ** BigInt(fractionDigits.length))
}

/** The exact value of an amount in major units: CNY 12.34 is 617/50. */
export function fractionFromMoney(m: Money): ExactFraction {
  return fraction(m.amountMinor, 10n ** BigInt(currencyExponent(m.currency)))
}

export function addFractions(a: ExactFraction, b: ExactFraction): ExactFraction {
  return fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
}

export function subtractFractions(a: ExactFraction, b: ExactFraction): ExactFraction {
  return fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
}

export function multiplyFractions(a: ExactFraction, b: ExactFraction): ExactFraction {
  return fraction(a.numerator * b.numerator, a.denominator * b.denominator)
}

export function negateFraction(a: ExactFraction): ExactFraction {
  return fraction(-a.numerator, a.denominator)
}

export function sumFractions(values: readonly ExactFraction[]): ExactFraction {
  return values.reduce(addFractions, zeroFraction)
}

/** −1, 0 or 1. */
export function compareFractions(a: ExactFraction, b: ExactFraction): -1 | 0 | 1 {
  const d = a.numerator * b.denominator - b.numerator * a.denominator
  return d < 0n ? -1 : d > 0n ? 1 : 0
}

/**
 * As a decimal, for display or storage. Exact when the denominator has no
 * prime factor but 2 and 5 (the fraction has a finite decimal: 27/2000 →
 * 0.0135); otherwise correctly rounded, half-even, to 40 significant digits
 * (1/3 → 0.3333…3) — so round-tripping such a value through a decimal loses
 * it. Keep fractions where exactness matters; the rounding to money is
 * `roundFractionToMinor`.
 */
export function fractionToDecimal(value: ExactFraction): ExactDecimal {
  let rest = value.denominator
  let twos = 0
  let fives = 0
  while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1]
  while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1]
  if (rest !== 1n) return decimal(value.numerator).dividedBy(decimal(value.denominator))
  const places = Math.max(twos, fives)
  return decimalFromScaled(value.numerator * (10n ** BigInt(places) / value.denominator), places)
}

/** The decimal `scaled / 10^places`, written digit by digit (exact at any size). */
function decimalFromScaled(scaled: bigint, places: number): ExactDecimal {
  const negative = scaled < 0n
  const digits = abs(scaled).toString().padStart(places + 1, '0')
  const point = digits.length - places
  return decimal(`${negative ? '-' : ''}${digits.slice(0, point)}${places > 0 ? `.${digits.slice(point)}` : ''}`)
}

/**
 * A decimal that every rounding mode rounds to `places` decimals exactly as
 * it would round the fraction itself. It is the fraction truncated to
 * `places + 1` decimals, followed by a 1 when the truncation cut something
 * off. Every boundary a rounding at `places` cares about (a multiple of
 * 10^−places, or a tie halfway between two) is a multiple of 10^−(places+1);
 * the fraction and this decimal lie strictly between the same two such
 * multiples (or both on the same one), so they round alike. FX conversions
 * and derived rates round through it too.
 */
export function roundableDecimal(value: ExactFraction, places: number): ExactDecimal {
  const scaled = abs(value.numerator) * 10n ** BigInt(places + 1)
  const truncated = scaled / value.denominator
  const sticky = scaled % value.denominator === 0n ? 0n : 1n
  const sign = value.numerator < 0n ? -1n : 1n
  return decimalFromScaled(sign * (truncated * 10n + sticky), places + 2)
}

/** An exact amount rounded to money, and what the rounding cut off. */
export interface RoundedFraction {
  readonly money: Money
  /** `value − money`, in major units, exact; its magnitude is below one minor unit. */
  readonly remainder: ExactFraction
}

/**
 * `value` (major units) rounded to `currency`'s minor unit with `mode`,
 * through the kernel's `roundToMinor` — the one place where an exact amount
 * becomes money — and the exact remainder, so that it can be carried.
 * `fractionFromMoney(money) + remainder` equals `value`.
 */
export function roundFractionToMinor(value: ExactFraction, currency: CurrencyCode, mode: RoundingMode = 'half-even'): RoundedFraction {
  const rounded = roundToMinor(roundableDecimal(value, currencyExponent(currency)), currency, mode)
  return Object.freeze({ money: rounded, remainder: subtractFractions(value, fractionFromMoney(rounded)) })
}

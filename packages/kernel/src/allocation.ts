import { DomainError } from './domain-error.js'
import { describeInput, type KernelErrorCode } from './kernel-errors.js'
import { money, type Money } from './money.js'

// A ratio is a weight, so it is non-negative: plain digits with an optional
// fraction ("1", "0.25", "33.3333"). No sign, no exponent.
const ratioPattern = /^(\d+)(?:\.(\d+))?$/

/**
 * Splits `total` into parts proportional to `ratios` that add up to `total`
 * exactly — not one minor unit is created or lost.
 *
 * Method (largest remainder, also called Hamilton's): each part first gets
 * the whole minor units of its exact share, rounded toward zero; the few
 * units left over go one each to the parts with the largest fractional
 * remainders. Ties between equal remainders go to the part that comes first
 * in `ratios`, so the result depends only on the order the caller chose and
 * is reproducible. Each part is therefore within one minor unit of its exact
 * share, and a ratio of 0 always gets exactly zero.
 *
 * A negative total is split by magnitude and the sign put back, so
 * `allocateMoney(−x, r)` is exactly `allocateMoney(x, r)` negated: for
 * CNY −100.00 by [1, 1, 1] the first part is −33.34.
 *
 * Ratios are bigints or non-negative decimal strings ("1", "0.25"), mixed
 * freely; at least one must be positive. Never JavaScript numbers: a ratio of
 * 0.1 would already be inexact.
 *
 * @throws DomainError 'kernel.invalid_ratio'
 */
export function allocateMoney(total: Money, ratios: readonly (bigint | string)[]): Money[] {
  const weights = integerWeights(ratios)
  const weightTotal = weights.reduce((sum, w) => sum + w, 0n)
  if (weightTotal === 0n) throw invalidRatio('at least one ratio must be greater than zero')

  const negative = total.amountMinor < 0n
  const magnitude = negative ? -total.amountMinor : total.amountMinor

  // Exact share of part i is magnitude × w_i / W; bigint division floors it
  // (everything here is non-negative) and the modulus keeps the fraction,
  // scaled by W so remainders compare exactly.
  const parts = weights.map((w) => (magnitude * w) / weightTotal)
  const remainders = weights.map((w) => (magnitude * w) % weightTotal)
  let leftover = magnitude - parts.reduce((sum, p) => sum + p, 0n)

  // The leftover is less than the number of parts with a non-zero remainder,
  // so zero-weight parts (remainder 0) never receive a unit.
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.index - b.index))
  for (const { index } of byRemainder) {
    if (leftover === 0n) break
    parts[index] = (parts[index] ?? 0n) + 1n
    leftover -= 1n
  }

  return parts.map((p) => money(negative ? -p : p, total.currency))
}

/**
 * `total` in `n` parts as equal as minor units allow; the first parts carry
 * the extra units: CNY 100.00 in 3 is 33.34, 33.33, 33.33.
 *
 * @throws DomainError 'kernel.invalid_ratio' unless `n` is a positive integer.
 */
export function splitEvenly(total: Money, n: number): Money[] {
  if (!Number.isSafeInteger(n) || n < 1) throw invalidRatio(`n must be a positive integer, got ${describeInput(n)}`)
  return allocateMoney(total, Array.from({ length: n }, () => 1n))
}

/** Scales every ratio by the same power of ten so they are all integers. */
function integerWeights(ratios: readonly (bigint | string)[]): bigint[] {
  if (!Array.isArray(ratios) || ratios.length === 0) throw invalidRatio('at least one ratio is required')
  const parsed = ratios.map((ratio, index) => {
    if (typeof ratio === 'bigint') {
      if (ratio < 0n) throw invalidRatio(`ratio ${index} is negative: ${describeInput(ratio)}`)
      return { units: ratio, scale: 0 }
    }
    const match = typeof ratio === 'string' ? ratioPattern.exec(ratio) : null
    if (match === null) {
      throw invalidRatio(`ratio ${index} must be a bigint or a non-negative decimal string, got ${describeInput(ratio)}`)
    }
    const [, whole = '', fraction = ''] = match
    return { units: BigInt(whole + fraction), scale: fraction.length }
  })
  // reduce, not Math.max(...): spreading a very long list overflows the stack.
  const scale = parsed.reduce((most, p) => Math.max(most, p.scale), 0)
  return parsed.map((p) => p.units * 10n ** BigInt(scale - p.scale))
}

function invalidRatio(message: string): DomainError<KernelErrorCode> {
  return new DomainError<KernelErrorCode>('kernel.invalid_ratio', message)
}

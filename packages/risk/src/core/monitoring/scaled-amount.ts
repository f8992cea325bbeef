import { isDecimalString } from '@strongroom/kernel'

/**
 * Amounts as integers of a common scale (`48000.00` at scale 2 is 4800000n),
 * for the sums and sums of squares over many daily buckets: bigint addition
 * and multiplication are exact and far cheaper than decimal objects, and the
 * result goes back to a decimal string once per window. Internal to the
 * window aggregates.
 */

/** Digits after the point of a decimal string. */
export function scaleOf(value: string): number {
  const point = value.indexOf('.')
  return point < 0 ? 0 : value.length - point - 1
}

/** `value` × 10^scale as a bigint; `scale` must be at least the value's own scale. */
export function toScaled(value: string, scale: number): bigint {
  if (!isDecimalString(value)) throw new RangeError(`${JSON.stringify(value)} is not a decimal string`)
  const point = value.indexOf('.')
  const whole = point < 0 ? value : value.slice(0, point)
  const fraction = point < 0 ? '' : value.slice(point + 1)
  return BigInt(whole + fraction.padEnd(scale, '0'))
}

/** The decimal string of `value` / 10^scale, with exactly `scale` places: 4800000n at 2 is "48000.00". */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0')
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

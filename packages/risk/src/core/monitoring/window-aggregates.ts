import { decimal, isDecimalString } from '@strongroom/kernel'
import { requireEpochDay } from './business-date.js'
import { fromScaled, scaleOf, toScaled } from './scaled-amount.js'
import {
  aggregateChannels,
  aggregateWindowDays,
  aggregateWindows,
  longestWindowDays,
  monitoringChannels,
  monitoringDirections,
  type AggregateChannel,
  type AggregateWindow,
  type ChannelAggregates,
  type MonitoringAggregates,
  type MonitoringChannel,
  type MonitoringDirection,
} from './facts.js'
import type { MonitoringConfig } from './monitoring-config.js'

/**
 * The window aggregates rules read (`agg.in.cash.count.P7D`), computed from
 * per-client daily buckets — what a repository keeps up to date as
 * transfers post, one row per client, business date, direction and channel
 * — so that an inline decision reads at most 180 × 2 × 3 small rows instead
 * of six months of transfers.
 *
 * Why these bucket fields and no others: every measure is a sum over the
 * days of a window of something a day can hold on its own — counts and sums
 * add; the mean and standard deviation of daily sums need only each day's
 * sum (Σd and Σd² over the window's days, days without a bucket being 0);
 * distinct counterparties need each day's set of keys. A per-bucket sum of
 * squares of single amounts would only serve a standard deviation of
 * single amounts, which no rule uses, so there is none.
 *
 * The near-threshold and round-amount counts are counted when a transfer
 * joins its bucket (`withCurrentTransfer`), against the settings in force
 * then. A repository that changes those settings recounts its buckets.
 */

/** One client's activity on one business date, in one direction, on one channel. */
export interface DailyActivityBucket {
  /** YYYY-MM-DD business date. */
  readonly date: string
  readonly direction: MonitoringDirection
  readonly channel: MonitoringChannel
  readonly count: number
  /** Total amount in the reporting currency, decimal string. */
  readonly sum: string
  readonly nearThresholdCount: number
  readonly roundAmountCount: number
  /** Distinct counterparty keys (an account number or a pseudonymous key: never needed in clear). */
  readonly counterparties: readonly string[]
}

/** What a bucket needs to know of one transfer. */
export interface BucketedTransfer {
  /** Decimal string in the reporting currency, never negative (the direction carries the sign). */
  readonly amount: string
  readonly direction: MonitoringDirection
  readonly channel: MonitoringChannel
  /** Identifies the counterparty for `distinctCounterparties`; null when there is none (cash). */
  readonly counterpartyKey: string | null
}

export type BucketSettings = Pick<MonitoringConfig, 'reportingThreshold' | 'nearThresholdRatio' | 'roundAmountUnit'>

/** Places kept by the average, daily mean and standard deviation (half-even): statistics, not money. */
export const statisticPlaces = 4

/** At or above `nearThresholdRatio` × `reportingThreshold`, and below the threshold (at it, the transfer is reported anyway). */
export function isNearThreshold(amount: string, settings: BucketSettings): boolean {
  const value = decimal(amount)
  const threshold = decimal(settings.reportingThreshold)
  return value.lessThan(threshold) && value.greaterThanOrEqualTo(threshold.times(decimal(settings.nearThresholdRatio)))
}

/** A positive whole multiple of `unit`: 10000, 250000.00 — not 10000.50. */
export function isRoundAmount(amount: string, unit: string): boolean {
  const value = decimal(amount)
  const of = decimal(unit)
  return value.isPositive() && !value.isZero() && !of.isZero() && value.modulo(of).isZero()
}

/**
 * The buckets with `transfer` added to its bucket of `businessDate` (made
 * when there is none). Returns a new array; the buckets given are not
 * changed. A repository uses it to update its row as a transfer posts; an
 * inline decision uses it to count the transfer being decided.
 */
export function withCurrentTransfer(
  buckets: readonly DailyActivityBucket[],
  transfer: BucketedTransfer,
  businessDate: string,
  settings: BucketSettings,
): DailyActivityBucket[] {
  requireEpochDay(businessDate, 'businessDate')
  if (!isDecimalString(transfer.amount) || transfer.amount.startsWith('-')) {
    throw new RangeError(`the transfer amount must be a non-negative decimal string, got ${JSON.stringify(transfer.amount)}`)
  }
  const index = buckets.findIndex((b) => b.date === businessDate && b.direction === transfer.direction && b.channel === transfer.channel)
  const current: DailyActivityBucket =
    index >= 0
      ? buckets[index]!
      : { date: businessDate, direction: transfer.direction, channel: transfer.channel, count: 0, sum: '0', nearThresholdCount: 0, roundAmountCount: 0, counterparties: [] }
  const key = transfer.counterpartyKey
  const updated: DailyActivityBucket = Object.freeze({
    ...current,
    count: current.count + 1,
    sum: addAmounts(current.sum, transfer.amount),
    nearThresholdCount: current.nearThresholdCount + (isNearThreshold(transfer.amount, settings) ? 1 : 0),
    roundAmountCount: current.roundAmountCount + (isRoundAmount(transfer.amount, settings.roundAmountUnit) ? 1 : 0),
    counterparties: key === null || current.counterparties.includes(key) ? current.counterparties : Object.freeze([...current.counterparties, key]),
  })
  return index >= 0 ? buckets.map((b, i) => (i === index ? updated : b)) : [...buckets, updated]
}

/** a + b, exactly, keeping the larger number of places: "96000.00" + "48000.00" is "144000.00". */
function addAmounts(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b))
  return fromScaled(toScaled(a, scale) + toScaled(b, scale), scale)
}

interface DayTotals {
  count: number
  /** At the common scale of the buckets. */
  sum: bigint
  near: number
  round: number
  counterparties: Set<string>
}

function emptyDays(): (DayTotals | undefined)[] {
  return new Array<DayTotals | undefined>(longestWindowDays).fill(undefined)
}

function checkBucket(bucket: DailyActivityBucket, index: number): void {
  const problem = bucketProblem(bucket)
  if (problem !== undefined) throw new RangeError(`bucket ${index} (${JSON.stringify(bucket.date)}): ${problem}`)
}

function bucketProblem(bucket: DailyActivityBucket): string | undefined {
  if (bucket.direction !== 'in' && bucket.direction !== 'out') return `unknown direction ${JSON.stringify(bucket.direction)}`
  if (!(monitoringChannels as readonly string[]).includes(bucket.channel)) return `unknown channel ${JSON.stringify(bucket.channel)}`
  if (!isCount(bucket.count)) return 'count must be a whole number ≥ 0'
  if (!isCount(bucket.nearThresholdCount)) return 'nearThresholdCount must be a whole number ≥ 0'
  if (!isCount(bucket.roundAmountCount)) return 'roundAmountCount must be a whole number ≥ 0'
  if (!isDecimalString(bucket.sum)) return 'sum must be a decimal string'
  return undefined
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0
}

const statisticUnit = 10n ** BigInt(statisticPlaces)

/** `numerator / denominator` (both ≥ 0, denominator > 0) rounded half-even to `statisticPlaces`, in plain notation without trailing zeros. */
function quotientStatistic(numerator: bigint, denominator: bigint): string {
  const scaled = numerator * statisticUnit
  let q = scaled / denominator
  const twice = 2n * (scaled % denominator)
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n
  return plain(q)
}

/**
 * √(numerator / denominator) rounded half-even to `statisticPlaces`. With
 * s = √(n/d)·10^p: t = ⌊2s⌋ = isqrt(⌊4·n·10^(2p)/d⌋); an even t rounds s down,
 * an odd one up — unless 2s is exactly t (4·n·10^(2p) = t²·d), a tie that goes
 * to the even neighbour.
 */
function rootStatistic(numerator: bigint, denominator: bigint): string {
  const fourX = 4n * numerator * statisticUnit * statisticUnit
  const t = isqrt(fourX / denominator)
  let k = t / 2n
  if (t % 2n === 1n) {
    const tie = t * t * denominator === fourX
    if (!tie || k % 2n === 1n) k += 1n
  }
  return plain(k)
}

function isqrt(value: bigint): bigint {
  if (value < 2n) return value
  const guess = Math.sqrt(Number(value))
  let x = Number.isFinite(guess) && guess >= 1 ? BigInt(Math.floor(guess)) : value
  // Newton from a float guess: correct it both ways until x² ≤ value < (x + 1)².
  for (;;) {
    const next = (x + value / x) / 2n
    if (next === x || next === x + 1n) break
    x = next
  }
  while (x * x > value) x -= 1n
  while ((x + 1n) * (x + 1n) <= value) x += 1n
  return x
}

/** A value at `statisticPlaces` as decimal.js's `toFixed()` prints it: '35333.3333', '48000', '0.5'. */
function plain(scaled: bigint): string {
  const text = fromScaled(scaled, statisticPlaces)
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

/**
 * The aggregates of every window, direction and channel group on
 * `businessDate`, from the client's daily buckets. Buckets dated after the
 * business date or more than 179 days before it are outside every window and
 * left out; internal-channel buckets are in no group (see `AggregateChannel`);
 * buckets with the same date, direction and channel add up.
 *
 * Whether the current transfer counts is the caller's choice: add it first
 * with `withCurrentTransfer` (the monitoring facts do).
 *
 * @throws RangeError for a business date or bucket date that is not
 *   YYYY-MM-DD, or a bucket with an unknown direction or channel, a negative
 *   or fractional count, or a sum that is not a decimal string.
 */
export function aggregateFromDailyBuckets(buckets: readonly DailyActivityBucket[], businessDate: string): MonitoringAggregates {
  const today = requireEpochDay(businessDate, 'businessDate')
  const days: Record<MonitoringDirection, Record<AggregateChannel, (DayTotals | undefined)[]>> = {
    in: { all: emptyDays(), cash: emptyDays() },
    out: { all: emptyDays(), cash: emptyDays() },
  }
  // Every amount is summed as an integer at the largest scale any bucket uses (2 for CNY, 3 for KWD).
  let scale = 0
  const inWindows: { bucket: DailyActivityBucket; offset: number }[] = []
  for (let index = 0; index < buckets.length; index++) {
    const bucket = buckets[index]!
    const offset = today - requireEpochDay(bucket.date, `bucket ${index} date`)
    checkBucket(bucket, index)
    if (offset < 0 || offset >= longestWindowDays || bucket.channel === 'internal') continue
    scale = Math.max(scale, scaleOf(bucket.sum))
    inWindows.push({ bucket, offset })
  }
  for (const { bucket, offset } of inWindows) {
    const groups: AggregateChannel[] = bucket.channel === 'cash' ? ['all', 'cash'] : ['all']
    const amount = toScaled(bucket.sum, scale)
    for (const group of groups) {
      const slot = days[bucket.direction][group]
      const day = (slot[offset] ??= { count: 0, sum: 0n, near: 0, round: 0, counterparties: new Set() })
      day.count += bucket.count
      day.sum += amount
      day.near += bucket.nearThresholdCount
      day.round += bucket.roundAmountCount
      for (const key of bucket.counterparties) day.counterparties.add(key)
    }
  }
  const result = {} as Record<MonitoringDirection, Record<AggregateChannel, ChannelAggregates>>
  for (const direction of monitoringDirections) {
    result[direction] = {} as Record<AggregateChannel, ChannelAggregates>
    for (const group of aggregateChannels) result[direction][group] = windowsOf(days[direction][group], scale)
  }
  return Object.freeze(result)
}

/** Walks the days from the business date backwards once, taking each window's figures as it reaches the window's length. */
function windowsOf(days: readonly (DayTotals | undefined)[], scale: number): ChannelAggregates {
  const out = {
    count: {},
    sum: {},
    average: {},
    dailyMean: {},
    dailyStdDev: {},
    nearThresholdCount: {},
    roundAmountCount: {},
    distinctCounterparties: {},
  } as { [M in keyof ChannelAggregates]: Record<AggregateWindow, ChannelAggregates[M][AggregateWindow]> }
  let count = 0
  let near = 0
  let round = 0
  let sum = 0n
  /** At twice the scale. */
  let sumOfSquares = 0n
  const counterparties = new Set<string>()
  let offset = 0
  for (const window of aggregateWindows) {
    const n = aggregateWindowDays[window]
    for (; offset < n; offset++) {
      const day = days[offset]
      if (day === undefined) continue
      count += day.count
      near += day.near
      round += day.round
      sum += day.sum
      sumOfSquares += day.sum * day.sum
      for (const key of day.counterparties) counterparties.add(key)
    }
    const length = BigInt(n)
    const unit = 10n ** BigInt(scale)
    // Population variance of the n daily sums: (n·Σd² − (Σd)²) / n², at twice the scale. Every statistic is an exact
    // integer quotient (or its square root) rounded once: no decimal library on the transfer path.
    const numerator = length * sumOfSquares - sum * sum
    out.count[window] = count
    out.sum[window] = fromScaled(sum, scale)
    out.average[window] = count === 0 ? null : quotientStatistic(sum, BigInt(count) * unit)
    out.dailyMean[window] = quotientStatistic(sum, length * unit)
    out.dailyStdDev[window] = rootStatistic(numerator < 0n ? 0n : numerator, length * length * unit * unit)
    out.nearThresholdCount[window] = near
    out.roundAmountCount[window] = round
    out.distinctCounterparties[window] = counterparties.size
  }
  for (const measure of Object.keys(out) as (keyof ChannelAggregates)[]) Object.freeze(out[measure])
  return Object.freeze(out as unknown as ChannelAggregates)
}

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decimal } from '@strongroom/kernel'
import { defaultMonitoringConfig } from './monitoring-config.js'
import {
  aggregateFromDailyBuckets,
  isNearThreshold,
  isRoundAmount,
  withCurrentTransfer,
  type DailyActivityBucket,
} from './window-aggregates.js'

function bucket(date: string, direction: 'in' | 'out', channel: 'cash' | 'transfer' | 'internal', sum: string, more: Partial<DailyActivityBucket> = {}): DailyActivityBucket {
  return { date, direction, channel, count: 1, sum, nearThresholdCount: 0, roundAmountCount: 0, counterparties: [], ...more }
}

// Business date 2025-03-10. Offsets are days before it.
const buckets: DailyActivityBucket[] = [
  bucket('2025-03-10', 'in', 'cash', '96000.00', { count: 2, nearThresholdCount: 2 }), // offset 0
  bucket('2025-03-10', 'in', 'transfer', '10000.00', { roundAmountCount: 1, counterparties: ['acct-A'] }), // offset 0
  bucket('2025-03-09', 'in', 'transfer', '20000.00', { roundAmountCount: 1, counterparties: ['acct-A'] }), // offset 1
  bucket('2025-03-05', 'in', 'cash', '45000.00', { nearThresholdCount: 1 }), // offset 5
  bucket('2025-02-20', 'in', 'transfer', '30000.00', { counterparties: ['acct-B'] }), // offset 18
  bucket('2024-09-12', 'in', 'transfer', '5000.00'), // offset 179: the last day of P180D
  bucket('2024-09-11', 'in', 'transfer', '7000.00'), // offset 180: outside every window
  bucket('2025-03-11', 'in', 'cash', '1.00'), // after the business date: ignored
  bucket('2025-03-10', 'in', 'internal', '500.00'), // interest: not the client's activity
  bucket('2025-03-10', 'out', 'transfer', '100000.00', { counterparties: ['acct-C'] }),
]

describe('aggregateFromDailyBuckets', () => {
  const agg = aggregateFromDailyBuckets(buckets, '2025-03-10')
  const inAll = agg.in.all

  it('counts and sums each window exactly, at the buckets’ scale, leaving out future, too-old and internal buckets', () => {
    expect(inAll.count).toEqual({ P1D: 3, P2D: 4, P7D: 5, P30D: 6, P90D: 6, P180D: 7 })
    expect(inAll.sum).toEqual({ P1D: '106000.00', P2D: '126000.00', P7D: '171000.00', P30D: '201000.00', P90D: '201000.00', P180D: '206000.00' })
    expect(agg.in.cash.count).toEqual({ P1D: 2, P2D: 2, P7D: 3, P30D: 3, P90D: 3, P180D: 3 })
    expect(agg.in.cash.sum.P7D).toBe('141000.00')
  })

  it('averages per transfer, to 4 places, and has no average without transfers', () => {
    // 106000 / 3 = 35333.3333…; 96000 / 2 = 48000
    expect(inAll.average.P1D).toBe('35333.3333')
    expect(agg.in.cash.average.P1D).toBe('48000')
    expect(agg.out.cash.average.P180D).toBeNull()
  })

  it('takes the mean and population standard deviation of the daily sums, counting days without activity as 0', () => {
    // P1D: one day, 106000: mean 106000, σ 0.
    expect(inAll.dailyMean.P1D).toBe('106000')
    expect(inAll.dailyStdDev.P1D).toBe('0')
    // P2D: days 106000 and 20000. Mean 63000; each day is 43000 from it, so σ = √((43000² + 43000²) / 2) = 43000.
    expect(inAll.dailyMean.P2D).toBe('63000')
    expect(inAll.dailyStdDev.P2D).toBe('43000')
    // P7D: days 106000, 20000, 45000 and four zeros.
    //   Σd = 171000, Σd² = 106000² + 20000² + 45000² = 11,236,000,000 + 400,000,000 + 2,025,000,000 = 13,661,000,000
    //   mean = 171000 / 7 = 24428.571428… → 24428.5714
    //   variance = (7 · 13,661,000,000 − 171000²) / 7² = (95,627,000,000 − 29,241,000,000) / 49 = 1,354,816,326.5306…
    //   σ = √1,354,816,326.5306… = 36807.82970… → 36807.8297
    expect(inAll.dailyMean.P7D).toBe('24428.5714')
    expect(inAll.dailyStdDev.P7D).toBe('36807.8297')
    // P180D: Σd = 206000 (the 5000 of 2024-09-12 is in), Σd² = 13,661,000,000 + 30000² + 5000² = 14,586,000,000
    //   mean = 206000 / 180 = 1144.4444…; variance = (180 · 14,586,000,000 − 206000²) / 180² = 79,723,580.2469…
    //   σ = 8928.80620… → 8928.8062
    expect(inAll.dailyMean.P180D).toBe('1144.4444')
    expect(inAll.dailyStdDev.P180D).toBe('8928.8062')
  })

  it('counts near-threshold and round amounts, and distinct counterparties across days', () => {
    expect(agg.in.cash.nearThresholdCount).toEqual({ P1D: 2, P2D: 2, P7D: 3, P30D: 3, P90D: 3, P180D: 3 })
    expect(inAll.roundAmountCount).toEqual({ P1D: 1, P2D: 2, P7D: 2, P30D: 2, P90D: 2, P180D: 2 })
    // acct-A on two days is one counterparty; acct-B joins in P30D.
    expect(inAll.distinctCounterparties).toEqual({ P1D: 1, P2D: 1, P7D: 1, P30D: 2, P90D: 2, P180D: 2 })
    expect(agg.out.all.distinctCounterparties.P1D).toBe(1)
  })

  it('keeps inflows and outflows apart', () => {
    expect(agg.out.all.sum.P1D).toBe('100000.00')
    expect(agg.out.cash.sum.P1D).toBe('0.00')
    expect(agg.out.all.count.P180D).toBe(1)
  })

  it('gives zeros for a client without history', () => {
    const empty = aggregateFromDailyBuckets([], '2025-03-10')
    expect(empty.in.all.count.P180D).toBe(0)
    expect(empty.in.all.sum.P180D).toBe('0')
    expect(empty.in.all.dailyStdDev.P180D).toBe('0')
    expect(empty.in.all.average.P1D).toBeNull()
  })

  it('adds up buckets of the same day, direction and channel', () => {
    const twice = aggregateFromDailyBuckets([bucket('2025-03-10', 'in', 'cash', '1.10'), bucket('2025-03-10', 'in', 'cash', '2.20')], '2025-03-10')
    expect(twice.in.cash.sum.P1D).toBe('3.30')
    expect(twice.in.cash.count.P1D).toBe(2)
    // Beyond a double's exact range, and with a three-place amount (KWD): still exact.
    const large = aggregateFromDailyBuckets([bucket('2025-03-10', 'in', 'cash', '9007199254740993.01'), bucket('2025-03-09', 'in', 'cash', '0.005')], '2025-03-10')
    expect(large.in.cash.sum.P2D).toBe('9007199254740993.015')
    expect(large.in.cash.dailyMean.P2D).toBe('4503599627370496.5075')
  })

  it('refuses a bad date, count or sum', () => {
    expect(() => aggregateFromDailyBuckets([], '2025-02-30')).toThrow(RangeError)
    expect(() => aggregateFromDailyBuckets([bucket('10/03/2025', 'in', 'cash', '1')], '2025-03-10')).toThrow(/bucket 0 date/)
    expect(() => aggregateFromDailyBuckets([bucket('2025-03-10', 'in', 'cash', '1', { count: -1 })], '2025-03-10')).toThrow(/count/)
    expect(() => aggregateFromDailyBuckets([bucket('2025-03-10', 'in', 'cash', '1e5')], '2025-03-10')).toThrow(/sum/)
  })
})

describe('withCurrentTransfer', () => {
  const settings = defaultMonitoringConfig

  it('adds the transfer to its bucket of the business date, counting it near-threshold and round as it is', () => {
    const history = [bucket('2025-03-10', 'in', 'cash', '48000.00', { nearThresholdCount: 1 }), bucket('2025-03-09', 'in', 'cash', '48000.00')]
    const after = withCurrentTransfer(history, { amount: '48000.00', direction: 'in', channel: 'cash', counterpartyKey: null }, '2025-03-10', settings)
    expect(after).toHaveLength(2)
    expect(after[0]).toEqual(bucket('2025-03-10', 'in', 'cash', '96000.00', { count: 2, nearThresholdCount: 2 }))
    expect(after[1]).toBe(history[1])
    expect(history[0]!.count).toBe(1) // not changed in place
  })

  it('opens a bucket when the day has none, and records each counterparty once', () => {
    const first = withCurrentTransfer([], { amount: '20000', direction: 'out', channel: 'transfer', counterpartyKey: 'acct-X' }, '2025-03-10', settings)
    const second = withCurrentTransfer(first, { amount: '30000', direction: 'out', channel: 'transfer', counterpartyKey: 'acct-X' }, '2025-03-10', settings)
    expect(second).toEqual([bucket('2025-03-10', 'out', 'transfer', '50000', { count: 2, roundAmountCount: 2, counterparties: ['acct-X'] })])
  })

  it('refuses a negative or non-decimal amount', () => {
    const transfer = { amount: '-5', direction: 'in', channel: 'cash', counterpartyKey: null } as const
    expect(() => withCurrentTransfer([], transfer, '2025-03-10', settings)).toThrow(RangeError)
    expect(() => withCurrentTransfer([], { ...transfer, amount: '5e3' }, '2025-03-10', settings)).toThrow(RangeError)
  })
})

describe('near-threshold and round amounts', () => {
  it('takes 90% of the threshold up to, not including, the threshold', () => {
    const settings = { reportingThreshold: '50000.00', nearThresholdRatio: '0.9', roundAmountUnit: '10000' }
    expect(isNearThreshold('44999.99', settings)).toBe(false)
    expect(isNearThreshold('45000.00', settings)).toBe(true)
    expect(isNearThreshold('49999.99', settings)).toBe(true)
    expect(isNearThreshold('50000.00', settings)).toBe(false)
  })

  it('takes positive whole multiples of the unit, exactly', () => {
    expect(isRoundAmount('30000.00', '10000')).toBe(true)
    expect(isRoundAmount('30000.01', '10000')).toBe(false)
    expect(isRoundAmount('5000', '10000')).toBe(false)
    expect(isRoundAmount('0', '10000')).toBe(false)
    // 10^20: far beyond a double's exact integers, still exact here.
    expect(isRoundAmount('100000000000000000000', '10000')).toBe(true)
    expect(isRoundAmount('100000000000000000001', '10000')).toBe(false)
  })
})

describe('the statistics, against decimal arithmetic done here', () => {
  // The aggregates compute with exact integers; here the same figures come from decimal.js (through the kernel), day
  // by day, rounded half-even to 4 places: any disagreement on random histories is a bug on one side.
  const reference = (dailySums: readonly string[], n: number) => {
    const total = dailySums.reduce((acc, d) => acc.plus(decimal(d)), decimal('0'))
    const mean = total.dividedBy(n)
    const variance = dailySums.reduce((acc, d) => acc.plus(decimal(d).minus(mean).pow(2)), decimal('0'))
      .plus(mean.pow(2).times(n - dailySums.length)) // the days without a bucket are zeros
      .dividedBy(n)
    const round = (x: ReturnType<typeof decimal>) => decimal(x).toDecimalPlaces(4, 6).toFixed() // 6 = ROUND_HALF_EVEN
    return { mean: round(mean), stdDev: round(variance.sqrt()) }
  }

  it('agrees on the daily mean and standard deviation of any seven days', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000_00 }), { minLength: 1, maxLength: 7 }), (cents) => {
      const sums = cents.map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`)
      const history = sums.map((sum, i) => bucket(['2025-03-10', '2025-03-09', '2025-03-08', '2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04'][i]!, 'in', 'transfer', sum))
      const agg = aggregateFromDailyBuckets(history, '2025-03-10').in.all
      const expected = reference(sums, 7)
      expect([agg.dailyMean.P7D, agg.dailyStdDev.P7D]).toEqual([expected.mean, expected.stdDev])
    }), { numRuns: 300 })
  })

  it('rounds an exact half to the even neighbour: days of 0.0001 and 0.0000 average 0.00005 → 0.0000 (P2D)', () => {
    const agg = aggregateFromDailyBuckets([bucket('2025-03-10', 'in', 'transfer', '0.0001')], '2025-03-10').in.all
    expect(agg.dailyMean.P2D).toBe('0') // 0.00005 is a tie; 0 is even
    expect(agg.dailyStdDev.P2D).toBe('0') // σ of {0.0001, 0} is 0.00005: a tie again
    expect(agg.dailyMean.P1D).toBe('0.0001')
  })
})

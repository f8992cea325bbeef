import { describe, expect, it } from 'vitest'
import { balanceTrend } from './balance-trend.js'

const s = (...thousands: number[]) => thousands.map((t) => `${t}000.00`)

describe('balanceTrend', () => {
  it('fits a straight fall exactly', () => {
    // 100k, 90k … 50k: the slope of a straight line is its step, −10,000 a month; mean 75,000;
    // relative −10,000 / 75,000 = −0.1333…; peak 100,000, latest 50,000 → drop 0.5.
    const t = balanceTrend(s(100, 90, 80, 70, 60, 50))
    expect(t.slopePerMonth!.toFixed(2)).toBe('-10000.00')
    expect(t.mean.toFixed(2)).toBe('75000.00')
    expect(t.relativeSlope!.toFixed(6)).toBe('-0.133333')
    expect(t.dropFromPeak!.toFixed(6)).toBe('0.500000')
  })

  it('computes the least-squares slope of a noisy series', () => {
    // y = 100, 120, 90, 110, 80, 100 (thousands), x = 0 … 5, x̄ = 2.5, Σ(x − x̄)² = 17.5.
    // Σ(x − x̄)·y = −2.5·100 − 1.5·120 − 0.5·90 + 0.5·110 + 1.5·80 + 2.5·100 = −250 − 180 − 45 + 55 + 120 + 250 = −50
    // slope = −50 / 17.5 = −2.857142857… thousand; mean 100 thousand → relative −0.0285714…
    const t = balanceTrend(s(100, 120, 90, 110, 80, 100))
    expect(t.slopePerMonth!.toFixed(4)).toBe('-2857.1429')
    expect(t.relativeSlope!.toFixed(6)).toBe('-0.028571')
    // Peak 120, latest 100: 20 / 120 = 0.1666…
    expect(t.dropFromPeak!.toFixed(6)).toBe('0.166667')
  })

  it('has no slope for one point, and no relative figures without a positive level', () => {
    const one = balanceTrend(['5.00'])
    expect(one.slopePerMonth).toBeNull()
    expect(one.relativeSlope).toBeNull()
    const empty = balanceTrend(['0.00', '0.00', '0.00'])
    expect(empty.slopePerMonth!.isZero()).toBe(true)
    expect([empty.relativeSlope, empty.dropFromPeak]).toEqual([null, null])
  })

  it('refuses an empty series', () => {
    expect(() => balanceTrend([])).toThrow(RangeError)
  })
})

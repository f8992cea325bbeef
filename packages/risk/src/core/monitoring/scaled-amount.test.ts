import { describe, expect, it } from 'vitest'
import { fromScaled, scaleOf, toScaled } from './scaled-amount.js'

describe('scaled amounts', () => {
  it('go to integers of a scale and back', () => {
    expect(scaleOf('48000.00')).toBe(2)
    expect(scaleOf('7')).toBe(0)
    expect(toScaled('48000.00', 2)).toBe(4800000n)
    expect(toScaled('1.5', 3)).toBe(1500n)
    expect(toScaled('-0.05', 2)).toBe(-5n)
    expect(fromScaled(4800000n, 2)).toBe('48000.00')
    expect(fromScaled(5n, 3)).toBe('0.005')
    expect(fromScaled(-5n, 2)).toBe('-0.05')
    expect(fromScaled(0n, 0)).toBe('0')
  })

  it('refuse what is not a decimal string', () => {
    expect(() => toScaled('1e5', 2)).toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import { defaultScreeningRules, screeningRulesOf } from './screening-rules.js'

describe('screening rules', () => {
  it('defaults to the review and block bands at 0.70 and 0.95, versioned and frozen', () => {
    expect(defaultScreeningRules.bands).toEqual({ review: 0.7, block: 0.95 })
    expect(defaultScreeningRules.version).toMatch(/\S/)
    expect(Object.isFrozen(defaultScreeningRules)).toBe(true)
    expect(Object.isFrozen(defaultScreeningRules.dateOfBirth)).toBe(true)
  })

  it('takes changes over the defaults', () => {
    const rules = screeningRulesOf({ version: 'bank-2026-03', bands: { review: 0.8 }, dateOfBirth: { conflict: -0.3 } })
    expect(rules).toMatchObject({ version: 'bank-2026-03', bands: { review: 0.8, block: 0.95 }, dateOfBirth: { exact: 0.05, conflict: -0.3 } })
    expect(Object.isFrozen(rules.bands)).toBe(true)
  })

  it('refuses rules that cannot work', () => {
    expect(() => screeningRulesOf({ bands: { review: 0.96 } })).toThrow(RangeError)
    expect(() => screeningRulesOf({ floor: 0.8 })).toThrow(RangeError)
    expect(() => screeningRulesOf({ bands: { block: 1.2 } })).toThrow(RangeError)
    expect(() => screeningRulesOf({ country: { conflicts: Number.NaN } })).toThrow(RangeError)
  })
})

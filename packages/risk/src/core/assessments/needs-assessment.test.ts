import { describe, expect, it } from 'vitest'
import { defaultAssessmentConfig } from './assessment-config.js'
import { needsAssessment } from './needs-assessment.js'

describe('needsAssessment', () => {
  it('assesses at and above the currency’s threshold, not below', () => {
    // Default CNY threshold: 500,000.00.
    expect(needsAssessment('499999.99', 'CNY', defaultAssessmentConfig)).toBe(false)
    expect(needsAssessment('500000.00', 'CNY', defaultAssessmentConfig)).toBe(true)
    expect(needsAssessment('500000', 'CNY', defaultAssessmentConfig)).toBe(true)
    expect(needsAssessment('500000.01', 'CNY', defaultAssessmentConfig)).toBe(true)
    // USD threshold 100,000.00: the CNY figure is not used for USD.
    expect(needsAssessment('99999.99', 'USD', defaultAssessmentConfig)).toBe(false)
    expect(needsAssessment('100000.00', 'USD', defaultAssessmentConfig)).toBe(true)
  })

  it('assesses any amount in a currency without a threshold', () => {
    expect(needsAssessment('1', 'JPY', defaultAssessmentConfig)).toBe(true)
    const config = { ...defaultAssessmentConfig, thresholds: {} }
    expect(needsAssessment('0.01', 'CNY', config)).toBe(true)
  })

  it('does not take inherited properties for thresholds', () => {
    // 'constructor' is not a currency, so it is refused before any lookup.
    expect(() => needsAssessment('1', 'constructor', defaultAssessmentConfig)).toThrow(expect.objectContaining({ code: 'kernel.unknown_currency' }))
  })

  it('refuses amounts that are not plain decimals of the currency', () => {
    expect(() => needsAssessment('1e6', 'CNY', defaultAssessmentConfig)).toThrow(expect.objectContaining({ code: 'kernel.invalid_amount' }))
    expect(() => needsAssessment('100.001', 'CNY', defaultAssessmentConfig)).toThrow(expect.objectContaining({ code: 'kernel.invalid_amount' }))
    expect(() => needsAssessment('100', 'cny', defaultAssessmentConfig)).toThrow(expect.objectContaining({ code: 'kernel.unknown_currency' }))
  })
})

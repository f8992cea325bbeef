import { describe, expect, it } from 'vitest'
import { identifierFamily, identifiersMatch, identifierValueKey, listedValueKeys } from './identifier-match.js'

describe('identifier matching', () => {
  it('compares values on letters and digits alone', () => {
    expect(identifierValueKey('g-238 513 62')).toBe('G23851362')
    expect(identifiersMatch({ type: 'Passport', value: 'g23851362' }, { type: 'Passport', value: 'G23851362' })).toBe(true)
  })

  it('ignores values too short or without a digit to be specific', () => {
    expect(identifierValueKey('2377')).toBeUndefined()
    expect(identifierValueKey('UNKNOWN')).toBeUndefined()
    expect(identifiersMatch({ type: 'License', value: '2377' }, { type: 'License', value: '2377' })).toBe(false)
  })

  it('finds a registered number without the register letters the list puts in front', () => {
    expect(listedValueKeys('IMO 9357365')).toEqual(['IMO9357365', '9357365'])
    expect(identifiersMatch({ type: 'IMO', value: '9357365' }, { type: 'Vessel Registration Identification', value: 'IMO 9357365' })).toBe(true)
  })

  it('matches within a family of types, not across registers', () => {
    expect(identifierFamily('Diplomatic Passport')).toBe('passport')
    expect(identifierFamily('Cedula No.')).toBe('national-id')
    expect(identifierFamily('National ID No.')).toBe('national-id')
    expect(identifierFamily('R.F.C.')).toBe('tax')
    expect(identifiersMatch({ type: 'national id', value: '320202197601030513' }, { type: 'National ID No.', value: '320202197601030513' })).toBe(true)
    expect(identifiersMatch({ type: 'Tax ID', value: '1084010' }, { type: 'Passport', value: '1084010' })).toBe(false)
  })

  it('lets a query without a type match any type', () => {
    expect(identifiersMatch({ type: '', value: '1084010' }, { type: 'Passport', value: '1084010' })).toBe(true)
  })
})

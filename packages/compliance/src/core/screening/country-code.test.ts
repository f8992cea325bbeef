import { describe, expect, it } from 'vitest'
import { countryCodeOf, countryNameOf } from './country-code.js'

describe('countryCodeOf', () => {
  it('takes ISO alpha-2 codes in any case', () => {
    expect(countryCodeOf('CN')).toBe('CN')
    expect(countryCodeOf('zw')).toBe('ZW')
  })

  it('reads the names OFAC writes', () => {
    expect(countryCodeOf('Korea, North')).toBe('KP')
    expect(countryCodeOf('Burma')).toBe('MM')
    expect(countryCodeOf('Cote d Ivoire')).toBe('CI')
    expect(countryCodeOf('Congo, Democratic Republic of the')).toBe('CD')
    expect(countryCodeOf('Region: Crimea')).toBe('UA')
    expect(countryCodeOf('possibly Palestinian')).toBe('PS')
  })

  it('reads common English names and spellings', () => {
    expect(countryCodeOf('United Kingdom')).toBe('GB')
    expect(countryCodeOf('UK')).toBe('GB')
    expect(countryCodeOf('Russian Federation')).toBe('RU')
    expect(countryCodeOf("Côte d'Ivoire")).toBe('CI')
  })

  it('knows nothing of what is no country', () => {
    expect(countryCodeOf('undetermined')).toBeUndefined()
    expect(countryCodeOf('XX')).toBeUndefined()
  })

  it('names a code for explanations', () => {
    expect(countryNameOf('KP')).toBe('Korea, North')
    expect(countryNameOf('XX')).toBe('XX')
  })
})

import { describe, expect, it } from 'vitest'
import { compareBirthDates, parseListedBirthDate, parseQueryBirthDate, yearsOf, type ListedBirthDate } from './date-of-birth.js'

const listed = (text: string): ListedBirthDate => {
  const parsed = parseListedBirthDate(text)
  if (!parsed) throw new Error(`not a listed date: ${text}`)
  return parsed
}
const agreement = (query: string, ...texts: string[]) => compareBirthDates(parseQueryBirthDate(query)!, texts.map(listed))?.agreement

describe('parseListedBirthDate — the forms OFAC writes', () => {
  it('reads a day, a month, a year, circa, and ranges', () => {
    expect(listed('19 Jun 1951')).toMatchObject({ from: { year: 1951, month: 6, day: 19 }, circa: false })
    expect(listed('Apr 1963')).toMatchObject({ from: { year: 1963, month: 4, day: undefined } })
    expect(listed('1973')).toMatchObject({ from: { year: 1973, month: undefined } })
    expect(listed('circa 1965')).toMatchObject({ from: { year: 1965 }, circa: true })
    expect(yearsOf(listed('1960 to 1962'))).toEqual([1960, 1961, 1962])
    expect(yearsOf(listed('circa 1979-1982'))).toEqual([1979, 1980, 1981, 1982])
    expect(listed('01 Feb 1958 to 28 Feb 1958')).toMatchObject({ from: { day: 1, month: 2 }, to: { day: 28, month: 2 } })
  })

  it('refuses what is not a date', () => {
    expect(parseListedBirthDate('unknown')).toBeUndefined()
    expect(parseListedBirthDate('32 Jan 1970')).toBeUndefined()
    expect(parseListedBirthDate('01 Foo 1970')).toBeUndefined()
  })
})

describe('parseQueryBirthDate', () => {
  it('reads YYYY-MM-DD, YYYY-MM and YYYY, and only real dates', () => {
    expect(parseQueryBirthDate('1972-09-18')).toEqual({ year: 1972, month: 9, day: 18 })
    expect(parseQueryBirthDate('1972')).toEqual({ year: 1972, month: undefined, day: undefined })
    expect(parseQueryBirthDate('1972-02-30')).toBeUndefined()
    expect(parseQueryBirthDate('18/09/1972')).toBeUndefined()
  })
})

describe('compareBirthDates', () => {
  it('agrees exactly, or with day and month swapped', () => {
    expect(agreement('1951-06-19', '19 Jun 1951')).toBe('exact')
    expect(agreement('1951-03-04', '03 Apr 1951')).toBe('swapped')
  })

  it('judges at the coarser precision: a year, a month, a range, circa', () => {
    expect(agreement('1951', '19 Jun 1951')).toBe('within')
    expect(agreement('1963-04-12', 'Apr 1963')).toBe('within')
    expect(agreement('1961-05-01', '1960 to 1962')).toBe('within')
    expect(agreement('1952-01-01', 'circa 1950')).toBe('within')
  })

  it('is neutral one year off, and conflicts further off', () => {
    expect(agreement('1952', '19 Jun 1951')).toBe('near')
    expect(agreement('1960-01-01', '19 Jun 1951')).toBe('conflict')
    expect(agreement('1953-01-01', 'circa 1950')).toBe('near')
    expect(agreement('1956-01-01', 'circa 1950')).toBe('conflict')
  })

  it('notes the same year on another day', () => {
    expect(agreement('1951-01-01', '19 Jun 1951')).toBe('same-year')
  })

  it('takes the best of several listed dates, and gives nothing when none is listed', () => {
    expect(agreement('1955-02-08', '18 Mar 1961', '08 Feb 1955')).toBe('exact')
    expect(compareBirthDates({ year: 1970 }, [])).toBeUndefined()
  })
})

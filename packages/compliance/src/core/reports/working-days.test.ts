import { describe, expect, it } from 'vitest'
import { defaultRulePacks } from './rule-pack.js'
import { addWorkingDays, filingDeadline } from './working-days.js'

const pboc = defaultRulePacks.find((p) => p.id === 'CN-PBOC-LVT')!
const ctr = defaultRulePacks.find((p) => p.id === 'US-FINCEN-CTR')!
const eu = defaultRulePacks.find((p) => p.id === 'EU-AMLD-OCCASIONAL')!

// Spring Festival 2025 in China: 28 January to 4 February off; Sunday 26 January and Saturday 8 February worked instead.
const springFestival2025 = ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04']
const madeUpWorkingDays2025 = ['2025-01-26', '2025-02-08']

describe('addWorkingDays', () => {
  it('skips the weekend: Thursday 2025-03-06 + 5 is Thursday 2025-03-13 (Fri 7, Mon 10, Tue 11, Wed 12, Thu 13)', () => {
    expect(addWorkingDays('2025-03-06', 5, [])).toBe('2025-03-13')
    expect(addWorkingDays('2025-03-07', 1, [])).toBe('2025-03-10') // Friday → Monday
  })

  it('starts counting after the date, even from a weekend: Saturday 2025-03-08 + 1 is Monday 2025-03-10', () => {
    expect(addWorkingDays('2025-03-08', 1, [])).toBe('2025-03-10')
    expect(addWorkingDays('2025-03-08', 0, [])).toBe('2025-03-08')
  })

  it('skips holidays: Friday 2025-01-24 + 5 over the Spring Festival is Monday 2025-02-10', () => {
    // Mon 27 (1), 28 Jan–4 Feb off or weekend, Wed 5 (2), Thu 6 (3), Fri 7 (4), Sat 8 and Sun 9 weekend, Mon 10 (5).
    expect(addWorkingDays('2025-01-24', 5, springFestival2025)).toBe('2025-02-10')
  })

  it('counts weekend days declared working days: with them it is Friday 2025-02-07', () => {
    // Sun 26 (1), Mon 27 (2), Wed 5 Feb (3), Thu 6 (4), Fri 7 (5).
    expect(addWorkingDays('2025-01-24', 5, springFestival2025, madeUpWorkingDays2025)).toBe('2025-02-07')
  })

  it('crosses month, year and leap-day ends', () => {
    expect(addWorkingDays('2024-02-28', 1, [])).toBe('2024-02-29')
    expect(addWorkingDays('2024-12-31', 1, ['2025-01-01'])).toBe('2025-01-02')
  })

  it('refuses what no caller should send', () => {
    expect(() => addWorkingDays('2025-3-6', 5, [])).toThrow(RangeError)
    expect(() => addWorkingDays('2025-03-06', -1, [])).toThrow(RangeError)
    expect(() => addWorkingDays('2025-03-06', 1.5, [])).toThrow(RangeError)
    expect(() => addWorkingDays('2025-03-06', 5, ['2025-02-30'])).toThrow(/holiday/)
    expect(() => addWorkingDays('2025-03-06', 5, ['2025-03-08'], ['2025-03-08'])).toThrow(/both/)
  })
})

describe('filingDeadline', () => {
  it('gives PBoC reports 5 working days, across a weekend and a holiday', () => {
    expect(filingDeadline(pboc, '2025-03-06', [])).toBe('2025-03-13')
    // Thursday 2025-04-03; Friday 4 April is Qingming: Mon 7, Tue 8, Wed 9, Thu 10, Fri 11.
    expect(filingDeadline(pboc, '2025-04-03', ['2025-04-04'])).toBe('2025-04-11')
  })

  it('gives a CTR 15 calendar days, whatever the holidays', () => {
    expect(filingDeadline(ctr, '2025-03-06', ['2025-03-10'])).toBe('2025-03-21')
    expect(filingDeadline(ctr, '2025-12-20', [])).toBe('2026-01-04')
  })

  it('gives the EU check the business date itself', () => {
    expect(filingDeadline(eu, '2025-03-06', [])).toBe('2025-03-06')
  })
})

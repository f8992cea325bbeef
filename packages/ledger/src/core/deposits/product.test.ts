import { describe, expect, it } from 'vitest'
import { parseMoney } from '@strongroom/kernel'
import { parseCalendarDate } from '../interest/calendar-date.js'
import { priceDeposit, productTermsProblem, rateSheetProblem, sheetInForce, tiersOf, type ProductTerms } from './product.js'

const term: ProductTerms = {
  kind: 'term', currency: 'CNY', convention: 'act-360', tierMethod: 'whole-balance', rateType: 'fixed',
  posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
  minimumMinor: { individual: 5_000n, institution: 1_000_000n }, maximumMinor: null, tenors: ['3M', '1Y'], noticeDays: null,
  earlyWithdrawal: { kind: 'china-demand-rate' }, maturityInstructions: ['payout'], gracePeriodDays: 7, postMaturityRate: 'demand',
}
const demand: ProductTerms = { ...term, kind: 'demand', tenors: [], maturityInstructions: [], posting: { frequency: 'quarterly', mode: 'capitalise', dayOfMonth: 21 } }
const cny = (amount: string) => parseMoney(amount, 'CNY')

describe('product terms', () => {
  it('accepts a sound term and demand product', () => {
    expect(productTermsProblem(term)).toBeUndefined()
    expect(productTermsProblem(demand)).toBeUndefined()
  })

  it.each<[string, Partial<ProductTerms>, RegExp]>([
    ['a term product without tenors', { tenors: [] }, /at least one tenor/],
    ['a tenor written wrong', { tenors: ['12 months'] }, /3M, 1Y/],
    ['a tenor twice', { tenors: ['1Y', '1Y'] }, /twice/],
    ['a minimum above the maximum', { maximumMinor: 4_000n }, /above the maximum/],
    ['a posting day some months lack', { posting: { frequency: 'monthly', mode: 'payout', dayOfMonth: 31 } }, /1 to 28/],
    ['a float post-maturity rate', { postMaturityRate: '1.5' }, /between -1 and 1/],
    ['an unknown early-withdrawal policy', { earlyWithdrawal: { kind: 'forfeit-everything' } as never }, /earlyWithdrawal/],
    ['notice days on a term product', { noticeDays: 7 }, /only a notice product/],
    ['a grace period of a year', { gracePeriodDays: 365 }, /0 to 90/],
  ])('refuses %s', (_name, change, message) => {
    expect(productTermsProblem({ ...term, ...change })).toMatch(message)
  })

  it('refuses a demand product that posts at maturity, and a notice product without notice days', () => {
    expect(productTermsProblem({ ...demand, posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null } })).toMatch(/no maturity/)
    expect(productTermsProblem({ ...demand, kind: 'notice' })).toMatch(/noticeDays/)
  })
})

describe('rate sheets', () => {
  it('needs a rate for every tenor the product offers, starting at zero', () => {
    expect(rateSheetProblem(term, [{ tenor: '3M', fromMinor: 0n, annualRate: '0.011' }])).toMatch(/1Y: there must be at least one tier/)
    expect(rateSheetProblem(term, [{ tenor: '3M', fromMinor: 0n, annualRate: '0.011' }, { tenor: '1Y', fromMinor: 100n, annualRate: '0.015' }])).toMatch(/start at 0/)
    expect(rateSheetProblem(term, [{ tenor: '2Y', fromMinor: 0n, annualRate: '0.02' }])).toMatch(/tenor must be one the product offers/)
    expect(rateSheetProblem(demand, [{ tenor: '1Y', fromMinor: 0n, annualRate: '0.02' }])).toMatch(/no tenors/)
    expect(rateSheetProblem(term, [{ tenor: '3M', fromMinor: 0n, annualRate: '0.011' }, { tenor: '1Y', fromMinor: 0n, annualRate: '0.015' }])).toBeUndefined()
  })

  it('finds the sheet in force on a date: the latest effective on or before it', () => {
    const sheets = ['2024-01-01', '2024-06-01', '2024-03-01'].map((date) => ({ effectiveFrom: parseCalendarDate(date), date }))
    expect(sheetInForce(sheets, parseCalendarDate('2023-12-31'))).toBeUndefined()
    expect(sheetInForce(sheets, parseCalendarDate('2024-05-31'))?.date).toBe('2024-03-01')
    expect(sheetInForce(sheets, parseCalendarDate('2024-06-01'))?.date).toBe('2024-06-01')
  })
})

describe('pricing a deposit on amount tiers', () => {
  const tiers = tiersOf([
    { tenor: null, fromMinor: 500_000_000n, annualRate: '0.02' },
    { tenor: null, fromMinor: 0n, annualRate: '0.01' },
    { tenor: null, fromMinor: 100_000_000n, annualRate: '0.015' },
  ], null)

  it('prices the whole balance at its tier', () => {
    // 6,000,000 falls in the 2 % tier: 120,000 a year.
    expect(priceDeposit(cny('6000000.00'), tiers, 'whole-balance')).toMatchObject({ annualRate: '0.02', annualInterest: '120000' })
  })

  it('prices marginal slices and shows the blended rate', () => {
    // 1 % of 1,000,000 + 1.5 % of 4,000,000 + 2 % of 1,000,000 = 10,000 + 60,000 + 20,000 = 90,000: 1.5 %.
    expect(priceDeposit(cny('6000000.00'), tiers, 'marginal')).toMatchObject({ annualRate: '0.015', annualInterest: '90000' })
    // 10,000 + 1.5 % of 2,000,000 = 40,000 on 3,000,000: 1.3333… %, shown to 10 places; the interest stays exact.
    expect(priceDeposit(cny('3000000.00'), tiers, 'marginal')).toMatchObject({ annualRate: '0.0133333333', annualInterest: '40000' })
  })
})

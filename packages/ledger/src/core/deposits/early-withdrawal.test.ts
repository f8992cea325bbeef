import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addMoney, money, parseMoney, roundingModes, subtractMoney, type Money, type RoundingMode } from '@strongroom/kernel'
import { addDays, parseCalendarDate } from '../interest/calendar-date.js'
import { dayCountConventions, yearFraction } from '../interest/day-count.js'
import { simpleInterest } from '../interest/accrual.js'
import { addFractions, fraction, zeroFraction, type ExactFraction } from '../exact-fraction.js'
import { DepositError } from './deposit-errors.js'
import {
  earlyWithdrawalPolicyKinds,
  earlyWithdrawalPolicyProblem,
  quoteEarlyWithdrawal,
  type EarlyWithdrawalPolicy,
  type EarlyWithdrawalRequest,
} from './early-withdrawal.js'

const d = parseCalendarDate
const cny = (amount: string): Money => parseMoney(amount, 'CNY')
const usd = (amount: string): Money => parseMoney(amount, 'USD')

const china: EarlyWithdrawalPolicy = { kind: 'china-demand-rate' }
const regD: EarlyWithdrawalPolicy = { kind: 'forfeit-days', days: 7, onlyWithinDaysOfDeposit: 6 }

/**
 * CNY 1,000,000.00 for 3 years at 2.75 % ACT/360, opened 2024-01-01, maturing
 * 2027-01-01, interest paid at maturity (so the current period starts on the
 * opening day). 2024-04-10 is 100 days in: 31 (Jan) + 29 (Feb) + 31 (Mar) + 9.
 */
function aThreeYearCnyDeposit(overrides: Partial<EarlyWithdrawalRequest> = {}): EarlyWithdrawalRequest {
  return {
    policy: china,
    principal: cny('1000000.00'),
    amount: cny('1000000.00'),
    contractRate: '0.0275',
    convention: 'act-360',
    interestFrom: d('2024-01-01'),
    depositedOn: d('2024-01-01'),
    withdrawalDate: d('2024-04-10'),
    maturity: d('2027-01-01'),
    demandRate: '0.0035',
    heldTenorRate: null,
    rounding: 'half-even',
    ...overrides,
  }
}

/** USD 100,000.00 6-month CD at 5 % ACT/360, opened 2024-03-01, maturing 2024-09-01, under Regulation D's 7-days-within-6 rule. */
function aUsdCertificate(overrides: Partial<EarlyWithdrawalRequest> = {}): EarlyWithdrawalRequest {
  return {
    policy: regD,
    principal: usd('100000.00'),
    amount: usd('100000.00'),
    contractRate: '0.05',
    convention: 'act-360',
    interestFrom: d('2024-03-01'),
    depositedOn: d('2024-03-01'),
    withdrawalDate: d('2024-03-04'),
    maturity: d('2024-09-01'),
    demandRate: '0.0001',
    heldTenorRate: null,
    rounding: 'half-even',
    ...overrides,
  }
}

function refusal(request: EarlyWithdrawalRequest): DepositError {
  try {
    quoteEarlyWithdrawal(request)
  } catch (error) {
    if (error instanceof DepositError) return error
    throw error
  }
  throw new Error('expected the withdrawal to be refused')
}

describe('China rule: the withdrawn part earns the demand rate', () => {
  it('a full withdrawal after 100 days earns CNY 972.22 at the 0.35 % demand rate', () => {
    // 1,000,000 × 0.0035 = 3,500 a year; × 100/360 = 350,000/360 = 8,750/9 = 972.222… → 972.22.
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit())
    expect(quote.full).toBe(true)
    expect(quote.lines).toHaveLength(1)
    const [line] = quote.lines
    expect(line).toMatchObject({ part: 'withdrawn', principal: cny('1000000.00'), annualRate: '0.0035', from: d('2024-01-01'), to: d('2024-04-10'), days: 100 })
    expect(line!.yearFraction).toEqual(fraction(5n, 18n)) // 100/360
    expect(line!.interest).toEqual(fraction(8_750n, 9n))
    expect(line!.basis).toBe('demand rate 0.35 % on the withdrawal date (China rule)')
    expect(quote.interestEarned).toEqual(cny('972.22'))
    expect(quote.penalty).toEqual(cny('0.00'))
    expect(quote.payout).toEqual(cny('1000972.22'))
    expect(quote.principalWithdrawn).toEqual(cny('1000000.00'))
    expect(quote.principalRemaining).toEqual(cny('0.00'))
    expect(quote.remainingAccrued).toEqual(zeroFraction)
    expect(quote.explanation.length).toBeGreaterThanOrEqual(3)
    expect(quote.explanation.join(' ')).toContain('CNY 1000972.22')
  })

  it('rounds the paid interest once, with the requested mode', () => {
    // 972.222…: up → 972.23, down → 972.22.
    expect(quoteEarlyWithdrawal(aThreeYearCnyDeposit({ rounding: 'up' })).interestEarned).toEqual(cny('972.23'))
    expect(quoteEarlyWithdrawal(aThreeYearCnyDeposit({ rounding: 'down' })).interestEarned).toEqual(cny('972.22'))
  })

  it('a partial withdrawal of 400,000: the withdrawn part at the demand rate, the remaining 600,000 keeps 2.75 %', () => {
    // Withdrawn: 400,000 × 0.0035 × 100/360 = 140,000/360 = 3,500/9 = 388.888… → 388.89.
    // Remaining: 600,000 × 0.0275 × 100/360 = 1,650,000/360 = 13,750/3 = 4,583.333… (kept exact, not paid now).
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit({ amount: cny('400000.00') }))
    expect(quote.full).toBe(false)
    expect(quote.lines.map((l) => l.part)).toEqual(['withdrawn', 'remaining'])
    expect(quote.lines[0]!.interest).toEqual(fraction(3_500n, 9n))
    expect(quote.lines[1]).toMatchObject({ principal: cny('600000.00'), annualRate: '0.0275', days: 100 })
    expect(quote.lines[1]!.interest).toEqual(fraction(13_750n, 3n))
    expect(quote.remainingAccrued).toEqual(fraction(13_750n, 3n))
    expect(quote.interestEarned).toEqual(cny('388.89'))
    expect(quote.penalty).toEqual(cny('0.00'))
    expect(quote.payout).toEqual(cny('400388.89'))
    expect(quote.principalWithdrawn).toEqual(cny('400000.00'))
    expect(quote.principalRemaining).toEqual(cny('600000.00'))
  })

  it('leaves interest already posted alone: only the current period, from interestFrom, is recomputed', () => {
    // Opened 2023-01-01, interest posted yearly, current period from 2024-01-01: the same 100 days, the same 972.22.
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit({ depositedOn: d('2023-01-01'), maturity: d('2026-01-01') }))
    expect(quote.lines[0]).toMatchObject({ from: d('2024-01-01'), days: 100 })
    expect(quote.interestEarned).toEqual(cny('972.22'))
    expect(quote.explanation.join(' ')).toContain('already posted')
  })

  it('counts days by the convention and passes the maturity to 30E/360 ISDA', () => {
    // 2024-01-31 → 2024-02-29 under 30E/360 ISDA: D1 31 → 30; D2 is the last of February and not the maturity → 30.
    // 30 × (2 − 1) + (30 − 30) = 30 days = 1/12 year; 29 actual days.
    // 360,000 × 0.01 × 1/12 = 300.00 exactly.
    const quote = quoteEarlyWithdrawal(
      aThreeYearCnyDeposit({
        principal: cny('360000.00'),
        amount: cny('360000.00'),
        convention: '30e-360-isda',
        demandRate: '0.01',
        depositedOn: d('2024-01-31'),
        interestFrom: d('2024-01-31'),
        withdrawalDate: d('2024-02-29'),
        maturity: d('2025-01-31'),
      }),
    )
    expect(quote.lines[0]!.days).toBe(29)
    expect(quote.lines[0]!.yearFraction).toEqual(fraction(1n, 12n))
    expect(quote.interestEarned).toEqual(cny('300.00'))
  })

  it('a withdrawal on the first day of the period earns nothing and pays the principal back', () => {
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit({ withdrawalDate: d('2024-01-01') }))
    expect(quote.lines[0]!.days).toBe(0)
    expect(quote.interestEarned).toEqual(cny('0.00'))
    expect(quote.payout).toEqual(cny('1000000.00'))
  })
})

describe('rate haircut (Fineract-style)', () => {
  it('held-tenor rate 1.5 % less a 1 % penalty: 0.5 % for 100 days earns CNY 1,388.89', () => {
    // 1,000,000 × 0.005 × 100/360 = 500,000/360 = 12,500/9 = 1,388.888… → 1,388.89.
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit({ policy: { kind: 'rate-haircut', penaltyRate: '0.01' }, heldTenorRate: '0.015' }))
    expect(quote.lines[0]!.annualRate).toBe('0.005')
    expect(quote.lines[0]!.interest).toEqual(fraction(12_500n, 9n))
    expect(quote.lines[0]!.basis).toBe('rate for the tenor held 1.5 % − penalty 1 % = 0.5 % (rate haircut)')
    expect(quote.interestEarned).toEqual(cny('1388.89'))
    expect(quote.penalty).toEqual(cny('0.00'))
    expect(quote.payout).toEqual(cny('1001388.89'))
  })

  it('partial: 250,000 at 0.5 %, the remaining 750,000 keeps the 2.75 % contract rate', () => {
    // Withdrawn: 250,000 × 0.005 × 100/360 = 125,000/360 = 3,125/9 = 347.222… → 347.22.
    // Remaining: 750,000 × 0.0275 × 100/360 = 2,062,500/360 = 34,375/6 = 5,729.1666…
    const quote = quoteEarlyWithdrawal(
      aThreeYearCnyDeposit({ policy: { kind: 'rate-haircut', penaltyRate: '0.01' }, heldTenorRate: '0.015', amount: cny('250000.00') }),
    )
    expect(quote.interestEarned).toEqual(cny('347.22'))
    expect(quote.remainingAccrued).toEqual(fraction(34_375n, 6n))
    expect(quote.payout).toEqual(cny('250347.22'))
    expect(quote.principalRemaining).toEqual(cny('750000.00'))
  })

  it('floors at zero when the penalty exceeds the held-tenor rate', () => {
    // 0.8 % − 1 % = −0.2 % → 0 %: no interest, the principal comes back whole.
    const quote = quoteEarlyWithdrawal(aThreeYearCnyDeposit({ policy: { kind: 'rate-haircut', penaltyRate: '0.01' }, heldTenorRate: '0.008' }))
    expect(quote.lines[0]!.annualRate).toBe('0')
    expect(quote.lines[0]!.interest).toEqual(zeroFraction)
    expect(quote.lines[0]!.basis).toContain('floored at 0 %')
    expect(quote.interestEarned).toEqual(cny('0.00'))
    expect(quote.payout).toEqual(cny('1000000.00'))
  })

  it('no tenor as short as the time held: the rate starts at 0 and stays there', () => {
    const quote = quoteEarlyWithdrawal(
      aThreeYearCnyDeposit({ policy: { kind: 'rate-haircut', penaltyRate: '0.005' }, heldTenorRate: null, withdrawalDate: d('2024-01-21') }),
    )
    expect(quote.lines[0]!.annualRate).toBe('0')
    expect(quote.lines[0]!.basis).toContain('no tenor as short as the time held')
    expect(quote.payout).toEqual(cny('1000000.00'))
  })
})

describe('forfeit days (US Regulation D)', () => {
  it('3 days after deposit, 7 days of interest are forfeited: the penalty exceeds the interest and the payout is below the principal', () => {
    // Earned: 100,000 × 0.05 × 3/360 = 15,000/360 = 41.666… → 41.67.
    // Penalty: 100,000 × 0.05 × 7/360 = 35,000/360 = 97.222… → 97.22.
    // Payout: 100,000.00 + 41.67 − 97.22 = 99,944.45.
    const quote = quoteEarlyWithdrawal(aUsdCertificate())
    expect(quote.lines[0]).toMatchObject({ annualRate: '0.05', days: 3 })
    expect(quote.lines[0]!.interest).toEqual(fraction(125n, 3n))
    expect(quote.interestEarned).toEqual(usd('41.67'))
    expect(quote.penalty).toEqual(usd('97.22'))
    expect(quote.payout).toEqual(usd('99944.45'))
    expect(quote.payout.amountMinor).toBeLessThan(quote.principalWithdrawn.amountMinor)
    expect(quote.explanation.join(' ')).toContain('Regulation D')
  })

  it('day 6 is still within the window (inclusive); day 7 is not', () => {
    // Day 6 (2024-03-07): earned 100,000 × 0.05 × 6/360 = 83.333… → 83.33; penalty 97.22; payout 99,986.11.
    const day6 = quoteEarlyWithdrawal(aUsdCertificate({ withdrawalDate: d('2024-03-07') }))
    expect(day6.interestEarned).toEqual(usd('83.33'))
    expect(day6.penalty).toEqual(usd('97.22'))
    expect(day6.payout).toEqual(usd('99986.11'))
    // Day 7 (2024-03-08): earned 35,000/360 = 97.22; no penalty; payout 100,097.22.
    const day7 = quoteEarlyWithdrawal(aUsdCertificate({ withdrawalDate: d('2024-03-08') }))
    expect(day7.penalty).toEqual(usd('0.00'))
    expect(day7.payout).toEqual(usd('100097.22'))
  })

  it('no penalty on day 10 when onlyWithinDaysOfDeposit is 6', () => {
    // Earned: 100,000 × 0.05 × 10/360 = 50,000/360 = 138.888… → 138.89; payout 100,138.89.
    const quote = quoteEarlyWithdrawal(aUsdCertificate({ withdrawalDate: d('2024-03-11') }))
    expect(quote.interestEarned).toEqual(usd('138.89'))
    expect(quote.penalty).toEqual(usd('0.00'))
    expect(quote.payout).toEqual(usd('100138.89'))
    expect(quote.explanation.join(' ')).toContain('No interest is forfeited')
  })

  it('the window counts from the opening date, not from the current interest period', () => {
    // Opened 2024-01-01, current period from 2024-03-01: 2024-03-04 is 63 days after opening → no penalty.
    const quote = quoteEarlyWithdrawal(aUsdCertificate({ depositedOn: d('2024-01-01') }))
    expect(quote.penalty).toEqual(usd('0.00'))
  })

  it('partial: the penalty is on the amount withdrawn only', () => {
    // Earned: 40,000 × 0.05 × 3/360 = 6,000/360 = 16.666… → 16.67.
    // Penalty: 40,000 × 0.05 × 7/360 = 14,000/360 = 38.888… → 38.89.
    // Payout: 40,000.00 + 16.67 − 38.89 = 39,977.78. Remaining: 60,000 × 0.05 × 3/360 = 9,000/360 = 25 exactly.
    const quote = quoteEarlyWithdrawal(aUsdCertificate({ amount: usd('40000.00') }))
    expect(quote.interestEarned).toEqual(usd('16.67'))
    expect(quote.penalty).toEqual(usd('38.89'))
    expect(quote.payout).toEqual(usd('39977.78'))
    expect(quote.remainingAccrued).toEqual(fraction(25n))
    expect(quote.principalRemaining).toEqual(usd('60000.00'))
  })

  it('without a window the penalty applies to any early withdrawal; ACT/365 Fixed counts a day as 1/365', () => {
    // USD 10,000 1-year CD at 4 % ACT/365 Fixed, 90 days' interest forfeited, withdrawn after 200 days (2024-07-19).
    // Earned: 400 × 200/365 = 80,000/365 = 219.178… → 219.18. Penalty: 400 × 90/365 = 36,000/365 = 98.630… → 98.63.
    // Payout: 10,000.00 + 219.18 − 98.63 = 10,120.55.
    const quote = quoteEarlyWithdrawal(
      aUsdCertificate({
        policy: { kind: 'forfeit-days', days: 90 },
        principal: usd('10000.00'),
        amount: usd('10000.00'),
        contractRate: '0.04',
        convention: 'act-365-fixed',
        depositedOn: d('2024-01-01'),
        interestFrom: d('2024-01-01'),
        withdrawalDate: d('2024-07-19'),
        maturity: d('2025-01-01'),
      }),
    )
    expect(quote.lines[0]!.days).toBe(200)
    expect(quote.interestEarned).toEqual(usd('219.18'))
    expect(quote.penalty).toEqual(usd('98.63'))
    expect(quote.payout).toEqual(usd('10120.55'))
  })

  it('under ACT/ACT ISDA the forfeited days are the calendar days before the withdrawal, each by its year', () => {
    // Opened 2024-12-30, withdrawn 2025-01-03 (4 days, within 6). USD 100,000 at 5 % = 5,000 a year.
    // Earned: 30, 31 Dec 2024 (2/366) + 1, 2 Jan 2025 (2/365) = (730 + 732)/133,590 = 1,462/133,590;
    //   × 5,000 = 7,310,000/133,590 = 54.7196… → 54.72.
    // Penalty: 27 … 31 Dec 2024 (5/366) + 1, 2 Jan 2025 (2/365) = (1,825 + 732)/133,590 = 2,557/133,590;
    //   × 5,000 = 12,785,000/133,590 = 95.7032… → 95.70.
    // Payout: 100,000.00 + 54.72 − 95.70 = 99,959.02.
    const quote = quoteEarlyWithdrawal(
      aUsdCertificate({
        convention: 'act-act-isda',
        depositedOn: d('2024-12-30'),
        interestFrom: d('2024-12-30'),
        withdrawalDate: d('2025-01-03'),
        maturity: d('2025-06-30'),
      }),
    )
    expect(quote.lines[0]!.interest).toEqual(fraction(7_310_000n, 133_590n))
    expect(quote.interestEarned).toEqual(usd('54.72'))
    expect(quote.penalty).toEqual(usd('95.70'))
    expect(quote.payout).toEqual(usd('99959.02'))
  })

  it('refuses when the penalty would make the payout negative', () => {
    // 3,650 days at 50 %: 100,000 × 0.5 × 3,650/360 = 506,944.44 > 100,000 + its interest.
    const error = refusal(aUsdCertificate({ policy: { kind: 'forfeit-days', days: 3650 }, contractRate: '0.5' }))
    expect(error.code).toBe('deposit.invalid_withdrawal')
  })
})

describe('refusals', () => {
  it('refuses any early withdrawal under the not-allowed policy', () => {
    const error = refusal(aThreeYearCnyDeposit({ policy: { kind: 'not-allowed' } }))
    expect(error.code).toBe('deposit.early_withdrawal_not_allowed')
  })

  it('a not-allowed product asked for a withdrawal at maturity gets "not early", not "not allowed"', () => {
    const error = refusal(aThreeYearCnyDeposit({ policy: { kind: 'not-allowed' }, withdrawalDate: d('2027-01-01') }))
    expect(error.code).toBe('deposit.invalid_withdrawal')
  })

  it.each<[string, Partial<EarlyWithdrawalRequest>]>([
    ['a zero amount', { amount: cny('0.00') }],
    ['a negative amount', { amount: cny('-1.00') }],
    ['more than the principal', { amount: cny('1000000.01') }],
    ['another currency', { amount: usd('100.00') }],
    ['a withdrawal on the maturity date', { withdrawalDate: d('2027-01-01') }],
    ['a withdrawal after maturity', { withdrawalDate: d('2027-03-01') }],
    ['a withdrawal before the current interest period', { withdrawalDate: d('2023-12-31') }],
    ['an interest period starting before the deposit opened', { interestFrom: d('2023-12-31') }],
    ['an invalid policy', { policy: { kind: 'forfeit-days', days: 0 } }],
    ['an unknown policy kind', { policy: { kind: 'waive' } as unknown as EarlyWithdrawalPolicy }],
    ['a contract rate that is not a decimal string', { contractRate: '2.75%' }],
    ['a demand rate that is not a decimal string (China rule)', { demandRate: '0,35' }],
    ['a held-tenor rate that is not a decimal string (haircut)', { policy: { kind: 'rate-haircut', penaltyRate: '0.01' }, heldTenorRate: '1.5 %' }],
  ])('refuses %s as an invalid withdrawal', (_name, overrides) => {
    const error = refusal(aThreeYearCnyDeposit(overrides))
    expect(error.code).toBe('deposit.invalid_withdrawal')
    expect(error.message.length).toBeGreaterThan(0)
  })

  it('does not look at the rates a policy does not use', () => {
    expect(() => quoteEarlyWithdrawal(aUsdCertificate({ demandRate: 'n/a', heldTenorRate: 'n/a' }))).not.toThrow()
  })
})

describe('earlyWithdrawalPolicyProblem', () => {
  it('accepts every valid policy', () => {
    const valid: EarlyWithdrawalPolicy[] = [
      { kind: 'china-demand-rate' },
      { kind: 'rate-haircut', penaltyRate: '0.01' },
      { kind: 'rate-haircut', penaltyRate: '0' },
      { kind: 'forfeit-days', days: 7, onlyWithinDaysOfDeposit: 6 },
      { kind: 'forfeit-days', days: 90 },
      { kind: 'forfeit-days', days: 3650, onlyWithinDaysOfDeposit: null },
      { kind: 'forfeit-days', days: 1, onlyWithinDaysOfDeposit: 0 },
      { kind: 'not-allowed' },
    ]
    for (const policy of valid) expect(earlyWithdrawalPolicyProblem(policy)).toBeUndefined()
    expect(earlyWithdrawalPolicyKinds).toEqual(['china-demand-rate', 'rate-haircut', 'forfeit-days', 'not-allowed'])
  })

  it.each<[string, unknown, string]>([
    ['null', null, 'object'],
    ['a string', 'china-demand-rate', 'object'],
    ['no kind', {}, 'kind'],
    ['an unknown kind', { kind: 'waive' }, 'kind'],
    ['a penalty rate as a number', { kind: 'rate-haircut', penaltyRate: 0.01 }, 'penaltyRate'],
    ['a missing penalty rate', { kind: 'rate-haircut' }, 'penaltyRate'],
    ['a negative penalty rate', { kind: 'rate-haircut', penaltyRate: '-0.01' }, 'negative'],
    ['zero days', { kind: 'forfeit-days', days: 0 }, 'days'],
    ['fractional days', { kind: 'forfeit-days', days: 7.5 }, 'days'],
    ['too many days', { kind: 'forfeit-days', days: 3651 }, 'days'],
    ['days as a string', { kind: 'forfeit-days', days: '7' }, 'days'],
    ['a negative window', { kind: 'forfeit-days', days: 7, onlyWithinDaysOfDeposit: -1 }, 'onlyWithinDaysOfDeposit'],
    ['a misspelt window', { kind: 'forfeit-days', days: 7, onlyWithinDays: 6 }, 'onlyWithinDays'],
    ['a stray property', { kind: 'china-demand-rate', demandRate: '0.0035' }, 'demandRate'],
  ])('refuses %s', (_name, policy, mentions) => {
    expect(earlyWithdrawalPolicyProblem(policy)).toContain(mentions)
  })
})

describe('properties', () => {
  const policies = fc.oneof(
    fc.constant<EarlyWithdrawalPolicy>({ kind: 'china-demand-rate' }),
    fc.constantFrom('0', '0.0025', '0.01', '0.03').map((penaltyRate): EarlyWithdrawalPolicy => ({ kind: 'rate-haircut', penaltyRate })),
    fc
      .tuple(fc.integer({ min: 1, max: 365 }), fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }))
      .map(([days, onlyWithinDaysOfDeposit]): EarlyWithdrawalPolicy => ({ kind: 'forfeit-days', days, onlyWithinDaysOfDeposit })),
  )
  const rates = fc.constantFrom('0', '0.0035', '0.0135', '0.0275', '0.05', '0.2')
  const requests = fc
    .record({
      policy: policies,
      principalMinor: fc.bigInt({ min: 1n, max: 10n ** 13n }),
      share: fc.bigInt({ min: 1n, max: 1000n }),
      full: fc.boolean(),
      currency: fc.constantFrom('CNY', 'USD', 'JPY', 'KWD'),
      contractRate: rates,
      demandRate: rates,
      heldTenorRate: fc.option(rates, { nil: null }),
      convention: fc.constantFrom(...dayCountConventions),
      rounding: fc.constantFrom<RoundingMode>(...roundingModes),
      openedDay: fc.integer({ min: 18_000, max: 22_000 }), // 2019 … 2030
      posted: fc.integer({ min: 0, max: 800 }),
      held: fc.integer({ min: 0, max: 400 }),
      toMaturity: fc.integer({ min: 1, max: 1_500 }),
    })
    .map((r): EarlyWithdrawalRequest => {
      const depositedOn = addDays(parseCalendarDate('1970-01-01'), r.openedDay)
      const interestFrom = addDays(depositedOn, r.posted)
      const withdrawalDate = addDays(interestFrom, r.held)
      const principal = money(r.principalMinor, r.currency)
      const amountMinor = r.full ? r.principalMinor : (r.principalMinor * r.share + 999n) / 1000n // 1 … principal
      return {
        policy: r.policy,
        principal,
        amount: money(amountMinor, r.currency),
        contractRate: r.contractRate,
        convention: r.convention,
        interestFrom,
        depositedOn,
        withdrawalDate,
        maturity: addDays(withdrawalDate, r.toMaturity),
        demandRate: r.demandRate,
        heldTenorRate: r.heldTenorRate,
        rounding: r.rounding,
      }
    })

  it('a full withdrawal pays principal + interestEarned − penalty, and nothing remains', () => {
    fc.assert(
      fc.property(requests, (partial) => {
        const request = { ...partial, amount: partial.principal }
        const quote = quoteEarlyWithdrawal(request)
        expect(quote.full).toBe(true)
        expect(quote.payout).toEqual(subtractMoney(addMoney(request.principal, quote.interestEarned), quote.penalty))
        expect(quote.principalRemaining.amountMinor).toBe(0n)
        expect(quote.remainingAccrued).toEqual(zeroFraction)
        expect(quote.lines).toHaveLength(1)
        expect(quote.payout.amountMinor).toBeGreaterThanOrEqual(0n)
      }),
      { numRuns: 300 },
    )
  })

  it('any withdrawal splits the principal exactly, rounds the interest once, and charges a penalty only under forfeit-days', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const quote = quoteEarlyWithdrawal(request)
        expect(addMoney(quote.principalWithdrawn, quote.principalRemaining)).toEqual(request.principal)
        expect(quote.payout).toEqual(subtractMoney(addMoney(quote.principalWithdrawn, quote.interestEarned), quote.penalty))
        // Rounded once: what was paid is within one minor unit of the exact interest.
        const exact = quote.lines[0]!.interest
        const paid = fraction(quote.interestEarned.amountMinor, 10n ** BigInt(minorDigits(request.principal.currency)))
        expect(distanceInMinorUnits(exact, paid, minorDigits(request.principal.currency))).toBe(0n)
        if (request.policy.kind !== 'forfeit-days') expect(quote.penalty.amountMinor).toBe(0n)
        expect(quote.penalty.amountMinor).toBeGreaterThanOrEqual(0n)
      }),
      { numRuns: 300 },
    )
  })

  it('under forfeit-days both parts earn the contract rate, so the lines add up to the whole deposit’s interest', () => {
    fc.assert(
      fc.property(requests, (generated) => {
        const request = { ...generated, policy: regD }
        const quote = quoteEarlyWithdrawal(request)
        const whole = simpleInterest(
          request.principal,
          request.contractRate,
          yearFraction(request.convention, request.interestFrom, request.withdrawalDate, { maturity: request.maturity }),
        )
        expect(addFractions(quote.lines[0]!.interest, quote.remainingAccrued)).toEqual(whole)
      }),
      { numRuns: 200 },
    )
  })
})

function minorDigits(currency: string): number {
  return { CNY: 2, USD: 2, JPY: 0, KWD: 3 }[currency] ?? 2
}

/** (a − b) in minor units, truncated toward zero: |result| < 1 means they are less than one minor unit apart. */
function distanceInMinorUnits(a: ExactFraction, b: ExactFraction, digits: number): bigint {
  const scale = 10n ** BigInt(digits)
  return ((a.numerator * b.denominator - b.numerator * a.denominator) * scale) / (a.denominator * b.denominator)
}

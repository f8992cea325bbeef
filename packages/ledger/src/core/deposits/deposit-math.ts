import { currencyExponent, decimal, money, type Money } from '@strongroom/kernel'
import { addDays, compareCalendarDates, type CalendarDate } from '../interest/calendar-date.js'
import { addFractions, fraction, fractionFromDecimal, fractionToDecimal, multiplyFractions, type ExactFraction } from '../exact-fraction.js'
import { dailyAccrualUnits } from './accrual-units.js'
import type { Deposit } from './deposit.js'
import { priceDeposit } from './product.js'

/** The interest a deposit has accrued and not yet posted, exact, in major units (compounded interest included). */
export function accruedInterestOf(deposit: Pick<Deposit, 'accruedScaled' | 'accrualDenominator' | 'compoundedMinor' | 'currency' | 'principal'>): ExactFraction {
  const accrued = fractionFromDecimal(deposit.accruedScaled)
  const scaled = fraction(accrued.numerator, accrued.denominator * deposit.accrualDenominator)
  return addFractions(scaled, minorAsFraction(deposit.compoundedMinor, deposit.principal))
}

function minorAsFraction(minor: bigint, like: Money): ExactFraction {
  return fraction(minor, 10n ** BigInt(currencyExponent(like.currency)))
}

/** An exact amount × denominator as the decimal string stored in `accrued_scaled` (finite by construction). */
export function scaledOf(value: ExactFraction, denominator: bigint): string {
  const scaled = multiplyFractions(value, fraction(denominator))
  return fractionToDecimal(scaled).toFixed()
}

/** Whether a deposit accrues `date` at all: not closed, and (with a term) before its maturity. */
export function accruesOn(deposit: Pick<Deposit, 'status' | 'maturity'>, date: CalendarDate): boolean {
  if (deposit.status === 'closed') return false
  return deposit.status === 'matured' || deposit.maturity === null || compareCalendarDates(date, deposit.maturity) < 0
}

/**
 * The deposit as the nightly accrual would leave it once every day up to
 * and including `through` is accrued — computed in memory, the same sum the
 * batch's SQL makes (`annual_interest × units`), for a quote taken before the
 * batch has caught up.
 */
export function accruedThrough(deposit: Deposit, through: CalendarDate): Deposit {
  let scaled = decimal(deposit.accruedScaled)
  let day = addDays(deposit.accruedThrough, 1)
  while (compareCalendarDates(day, through) <= 0 && accruesOn(deposit, day)) {
    const units = dailyAccrualUnits(deposit.terms.convention, deposit.periodStart, day, deposit.maturity)
    scaled = scaled.plus(decimal(deposit.annualInterest).times(decimal(units)))
    day = addDays(day, 1)
  }
  const last = addDays(day, -1)
  return { ...deposit, accruedScaled: scaled.toFixed(), accruedThrough: compareCalendarDates(last, deposit.accruedThrough) > 0 ? last : deposit.accruedThrough }
}

/** The exact interest a deposit will still accrue from the day after `accruedThrough` up to (not including) `until`, at its current terms. */
export function projectedAccrual(deposit: Deposit, until: CalendarDate): ExactFraction {
  let units = 0n
  for (let day = addDays(deposit.accruedThrough, 1); compareCalendarDates(day, until) < 0; day = addDays(day, 1)) {
    units += dailyAccrualUnits(deposit.terms.convention, deposit.periodStart, day, deposit.maturity)
  }
  const perYear = fractionFromDecimal(deposit.annualInterest)
  return multiplyFractions(perYear, fraction(units, deposit.accrualDenominator))
}

/** The deposit priced again on a new earning base (principal + compounded interest), on the same tiers. */
export function repriced(deposit: Deposit, principalMinor: bigint, compoundedMinor: bigint = deposit.compoundedMinor): Pick<Deposit, 'principal' | 'compoundedMinor' | 'annualRate' | 'annualInterest'> {
  const base = money(principalMinor + compoundedMinor, deposit.currency)
  const priced = priceDeposit(base, deposit.rateTiers, deposit.terms.tierMethod)
  return { principal: money(principalMinor, deposit.currency), compoundedMinor, annualRate: priced.annualRate, annualInterest: priced.annualInterest }
}

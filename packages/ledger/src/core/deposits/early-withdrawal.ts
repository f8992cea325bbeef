import { addMoney, formatDecimal, formatMoney, isDecimalString, money, subtractMoney, type Money, type RoundingMode } from '@strongroom/kernel'
import { addDays, compareCalendarDates, daysBetween, formatCalendarDate, type CalendarDate } from '../interest/calendar-date.js'
import { dayCountConventionDetails, yearFraction, type DayCountConvention } from '../interest/day-count.js'
import { simpleInterest } from '../interest/accrual.js'
import {
  compareFractions,
  fraction,
  fractionFromDecimal,
  fractionToDecimal,
  multiplyFractions,
  roundFractionToMinor,
  subtractFractions,
  zeroFraction,
  type ExactFraction,
} from '../exact-fraction.js'
import { DepositError } from './deposit-errors.js'

/**
 * Early withdrawal of a term deposit: taking out all or part of the
 * principal before maturity, and what the client is paid for it. The
 * product decides which policy applies; this module only computes.
 *
 * - `china-demand-rate` — China, 储蓄管理条例 (Regulations on the Management
 *   of Savings, State Council 1992) art. 25 and PBoC practice: a time deposit
 *   withdrawn early earns the demand-deposit rate in force on the withdrawal
 *   date for the days held. A partial withdrawal is allowed (once, in
 *   practice): the withdrawn part earns the demand rate, the rest stays on
 *   deposit at its original contract rate and maturity.
 * - `rate-haircut` — Apache Fineract's pre-closure penalty for fixed
 *   deposits: the rate is the product's rate for the tenor actually held
 *   (the longest tenor not longer than the time held), less a penalty rate,
 *   floored at zero.
 * - `forfeit-days` — US Regulation D (12 CFR 204.2(c)(1)(i)): a time deposit
 *   withdrawn within six days after the date of deposit forfeits at least
 *   seven days' simple interest on the amount withdrawn; banks commonly apply
 *   a fixed number of days' interest (90, 180 …) on any early withdrawal.
 *   The penalty may exceed the interest earned, and then it comes out of the
 *   principal.
 * - `not-allowed` — the product does not allow early withdrawal at all.
 *
 * Only the current, not yet posted interest period is touched: interest
 * posted before `interestFrom` stays posted. Every amount is exact
 * (`ExactFraction`, major units) until it is paid, and then rounded once.
 */
export const earlyWithdrawalPolicyKinds = ['china-demand-rate', 'rate-haircut', 'forfeit-days', 'not-allowed'] as const

export type EarlyWithdrawalPolicy =
  /** The withdrawn part earns the demand rate on the withdrawal date for the days held; the rest keeps its contract rate. */
  | { readonly kind: 'china-demand-rate' }
  /** The withdrawn part earns (rate of the tenor actually held − penaltyRate), floored at zero. */
  | { readonly kind: 'rate-haircut'; readonly penaltyRate: string }
  /**
   * `days` days of simple interest on the withdrawn amount at the contract
   * rate are forfeited. With `onlyWithinDaysOfDeposit` (Reg D: 6), only when
   * the withdrawal is at most that many days after `depositedOn`.
   */
  | { readonly kind: 'forfeit-days'; readonly days: number; readonly onlyWithinDaysOfDeposit?: number | null }
  | { readonly kind: 'not-allowed' }

// The list and the union must name the same kinds.
type PolicyKindsMatch = [EarlyWithdrawalPolicy['kind']] extends [(typeof earlyWithdrawalPolicyKinds)[number]]
  ? [(typeof earlyWithdrawalPolicyKinds)[number]] extends [EarlyWithdrawalPolicy['kind']]
    ? true
    : never
  : never
const policyKindsMatch: PolicyKindsMatch = true
void policyKindsMatch

const maxPolicyDays = 3650

const allowedKeys: Readonly<Record<EarlyWithdrawalPolicy['kind'], readonly string[]>> = {
  'china-demand-rate': ['kind'],
  'rate-haircut': ['kind', 'penaltyRate'],
  'forfeit-days': ['kind', 'days', 'onlyWithinDaysOfDeposit'],
  'not-allowed': ['kind'],
}

/**
 * Why a value cannot be used as an early-withdrawal policy; undefined when
 * it can. A penalty rate is a decimal string ≥ 0; `days` an integer from 1
 * to 3650; `onlyWithinDaysOfDeposit` absent, null or an integer from 0 to
 * 3650. Unknown properties are refused, so that a misspelt
 * `onlyWithinDaysOfDeposit` cannot silently make a penalty apply always.
 */
export function earlyWithdrawalPolicyProblem(policy: unknown): string | undefined {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return 'an early-withdrawal policy must be an object with a kind'
  const record = policy as Record<string, unknown>
  const kind = record['kind']
  if (typeof kind !== 'string' || !(earlyWithdrawalPolicyKinds as readonly string[]).includes(kind)) {
    return `kind must be one of ${earlyWithdrawalPolicyKinds.join(', ')}, got ${describe(kind)}`
  }
  const known = allowedKeys[kind as EarlyWithdrawalPolicy['kind']]
  const unknown = Object.keys(record).filter((key) => !known.includes(key))
  if (unknown.length > 0) return `a ${kind} policy has no ${unknown.map((key) => JSON.stringify(key)).join(', ')}`
  switch (kind) {
    case 'rate-haircut': {
      const penaltyRate = record['penaltyRate']
      if (!isDecimalString(penaltyRate)) return `penaltyRate must be a decimal string such as "0.01", got ${describe(penaltyRate)}`
      if (fractionFromDecimal(penaltyRate).numerator < 0n) return `penaltyRate must not be negative, got ${penaltyRate}`
      return undefined
    }
    case 'forfeit-days': {
      const days = record['days']
      if (!isWholeNumberIn(days, 1, maxPolicyDays)) return `days must be an integer from 1 to ${maxPolicyDays}, got ${describe(days)}`
      const within = record['onlyWithinDaysOfDeposit']
      if (within !== undefined && within !== null && !isWholeNumberIn(within, 0, maxPolicyDays)) {
        return `onlyWithinDaysOfDeposit must be null or an integer from 0 to ${maxPolicyDays}, got ${describe(within)}`
      }
      return undefined
    }
    default:
      return undefined
  }
}

export interface EarlyWithdrawalRequest {
  readonly policy: EarlyWithdrawalPolicy
  /** The principal held now. */
  readonly principal: Money
  /** The principal to withdraw: 0 < amount ≤ principal, same currency; equal to principal → a full withdrawal. */
  readonly amount: Money
  /** The deposit's annual rate, a decimal string ("0.0275" = 2.75 %). */
  readonly contractRate: string
  readonly convention: DayCountConvention
  /** First day of the current, not yet posted, interest period; interest before it was already posted and is not touched. */
  readonly interestFrom: CalendarDate
  /** When the deposit opened. */
  readonly depositedOn: CalendarDate
  /** Interest runs up to, not including, this date; interestFrom ≤ withdrawalDate < maturity. */
  readonly withdrawalDate: CalendarDate
  /** The contract maturity; null for a deposit without one (a notice deposit drawn without notice). */
  readonly maturity: CalendarDate | null
  /** The demand-deposit rate in force on the withdrawal date (china-demand-rate). */
  readonly demandRate: string
  /** The product's rate for the longest tenor not longer than the time actually held (rate-haircut); null: no tenor that short → 0 before the haircut. */
  readonly heldTenorRate: string | null
  /** For the paid amounts, each rounded once. */
  readonly rounding: RoundingMode
}

export interface InterestLine {
  readonly part: 'withdrawn' | 'remaining'
  readonly principal: Money
  /** The rate actually applied, a decimal string. */
  readonly annualRate: string
  /** [from, to): `from` counts, `to` does not. */
  readonly from: CalendarDate
  readonly to: CalendarDate
  /** Actual days (the convention may count otherwise; see yearFraction). */
  readonly days: number
  readonly yearFraction: ExactFraction
  /** principal × annualRate × yearFraction, exact, major units. */
  readonly interest: ExactFraction
  /** A short human explanation of the rate. */
  readonly basis: string
}

export interface EarlyWithdrawalQuote {
  readonly full: boolean
  readonly policy: EarlyWithdrawalPolicy
  readonly withdrawalDate: CalendarDate
  readonly principalWithdrawn: Money
  readonly principalRemaining: Money
  /** The withdrawn line always; a 'remaining' line for a partial withdrawal (informational: not paid now). */
  readonly lines: readonly InterestLine[]
  /** The withdrawn line's interest, rounded once. */
  readonly interestEarned: Money
  /** The forfeit-days penalty, rounded once; 0 under the other policies. May exceed interestEarned. */
  readonly penalty: Money
  /** principalWithdrawn + interestEarned − penalty; never negative. */
  readonly payout: Money
  /** The exact interest the remaining principal keeps for the current period; zero when full. */
  readonly remainingAccrued: ExactFraction
  /** One sentence per step, for staff and client. */
  readonly explanation: readonly string[]
}

/**
 * What an early withdrawal pays under the deposit's policy: a quote, the
 * same for a preview and for the withdrawal itself.
 *
 * Checks, in the order a person would explain them: the policy is valid;
 * the amount is positive, in the principal's currency and not above it; the
 * dates run depositedOn ≤ interestFrom ≤ withdrawalDate < maturity; only
 * then is a `not-allowed` policy refused (a withdrawal at maturity is not an
 * early withdrawal, whatever the policy); the rates the policy uses are
 * decimal strings.
 *
 * @throws DepositError 'deposit.early_withdrawal_not_allowed' under the
 *   `not-allowed` policy; 'deposit.invalid_withdrawal' for anything above
 *   that fails, and when a penalty would make the payout negative.
 */
export function quoteEarlyWithdrawal(request: EarlyWithdrawalRequest): EarlyWithdrawalQuote {
  const { policy, principal, amount, convention, interestFrom, depositedOn, withdrawalDate, maturity, rounding } = request

  const policyProblem = earlyWithdrawalPolicyProblem(policy)
  if (policyProblem !== undefined) throw invalid(`Invalid early-withdrawal policy: ${policyProblem}`, 'policy')

  if (amount.currency !== principal.currency) {
    throw invalid(`The amount is in ${amount.currency} but the deposit is in ${principal.currency}`, 'amount')
  }
  if (amount.amountMinor <= 0n) throw invalid(`The amount to withdraw must be positive, got ${formatMoney(amount)}`, 'amount')
  if (amount.amountMinor > principal.amountMinor) {
    throw invalid(`Cannot withdraw ${show(amount)}: the deposit holds ${show(principal)}`, 'amount')
  }

  if (compareCalendarDates(interestFrom, depositedOn) < 0) {
    throw invalid(`The interest period cannot start (${formatCalendarDate(interestFrom)}) before the deposit opened (${formatCalendarDate(depositedOn)})`, 'interestFrom')
  }
  if (compareCalendarDates(withdrawalDate, interestFrom) < 0) {
    throw invalid(`The withdrawal date ${formatCalendarDate(withdrawalDate)} is before the current interest period starts (${formatCalendarDate(interestFrom)})`, 'withdrawalDate')
  }
  if (maturity !== null && compareCalendarDates(withdrawalDate, maturity) >= 0) {
    throw invalid(`A withdrawal on ${formatCalendarDate(withdrawalDate)} is not early: the deposit matures on ${formatCalendarDate(maturity)}`, 'withdrawalDate')
  }

  if (policy.kind === 'not-allowed') {
    throw new DepositError('deposit.early_withdrawal_not_allowed', maturity === null ? 'This deposit cannot be withdrawn without notice' : `This deposit cannot be withdrawn before maturity (${formatCalendarDate(maturity)})`)
  }

  checkRate(request.contractRate, 'contractRate')
  if (policy.kind === 'china-demand-rate') checkRate(request.demandRate, 'demandRate')
  if (policy.kind === 'rate-haircut' && request.heldTenorRate !== null) checkRate(request.heldTenorRate, 'heldTenorRate')

  const currency = principal.currency
  const full = amount.amountMinor === principal.amountMinor
  const remaining = subtractMoney(principal, amount)
  const period = yearFraction(convention, interestFrom, withdrawalDate, { maturity })
  const days = daysBetween(interestFrom, withdrawalDate)
  const conventionName = dayCountConventionDetails[convention].name
  const contractPercent = percent(request.contractRate)

  const rate = withdrawnRate(request, policy)
  const withdrawn: InterestLine = Object.freeze({
    part: 'withdrawn',
    principal: amount,
    annualRate: rate.annualRate,
    from: interestFrom,
    to: withdrawalDate,
    days,
    yearFraction: period,
    interest: simpleInterest(amount, rate.annualRate, period),
    basis: rate.basis,
  })
  const remainingLine: InterestLine | undefined = full
    ? undefined
    : Object.freeze({
        part: 'remaining',
        principal: remaining,
        annualRate: request.contractRate,
        from: interestFrom,
        to: withdrawalDate,
        days,
        yearFraction: period,
        interest: simpleInterest(remaining, request.contractRate, period),
        basis: `contract rate ${contractPercent} kept on the remaining principal (accrued, not paid now)`,
      })

  const interestEarned = roundFractionToMinor(withdrawn.interest, currency, rounding).money
  const forfeit = forfeitedInterest(request, policy)
  const penalty = forfeit === undefined ? money(0n, currency) : roundFractionToMinor(forfeit.interest, currency, rounding).money
  const payout = subtractMoney(addMoney(amount, interestEarned), penalty)
  if (payout.amountMinor < 0n) {
    throw invalid(
      `The penalty ${show(penalty)} is more than the ${show(amount)} withdrawn plus its interest ${show(interestEarned)}: the payout would be negative`,
      'policy',
    )
  }

  const explanation: string[] = []
  const when = maturity === null ? 'without notice' : `before maturity on ${formatCalendarDate(maturity)}`
  explanation.push(
    full
      ? `Full early withdrawal of ${show(amount)} on ${formatCalendarDate(withdrawalDate)}, ${when}.`
      : `Partial early withdrawal of ${show(amount)} of ${show(principal)} on ${formatCalendarDate(withdrawalDate)}, ${when}; ${show(remaining)} stays on deposit.`,
  )
  if (compareCalendarDates(interestFrom, depositedOn) > 0) {
    explanation.push(`Interest before ${formatCalendarDate(interestFrom)} was already posted and is not changed; this quote covers ${formatCalendarDate(interestFrom)} to ${formatCalendarDate(withdrawalDate)}.`)
  }
  explanation.push(
    `Interest on the withdrawn ${show(amount)} for ${days} days, ${formatCalendarDate(interestFrom)} to ${formatCalendarDate(withdrawalDate)} (${conventionName}), at ${percent(rate.annualRate)} — ${rate.basis}: ${show(interestEarned)}.`,
  )
  if (forfeit !== undefined) explanation.push(`${forfeit.sentence} ${show(penalty)}.`)
  else if (policy.kind === 'forfeit-days') explanation.push(`No interest is forfeited: the withdrawal is more than ${String(policy.onlyWithinDaysOfDeposit)} days after the deposit opened on ${formatCalendarDate(depositedOn)}.`)
  if (remainingLine !== undefined) {
    explanation.push(
      `The remaining ${show(remaining)} keeps the contract rate ${contractPercent}${maturity === null ? '' : ' to maturity'}; for this period it has accrued ${show(roundFractionToMinor(remainingLine.interest, currency, rounding).money)} (rounded here for display), paid with the deposit's interest, not now.`,
    )
  }
  explanation.push(`Paid out now: ${show(amount)} principal + ${formatMoney(interestEarned)} interest − ${formatMoney(penalty)} penalty = ${show(payout)}.`)

  return Object.freeze({
    full,
    policy,
    withdrawalDate,
    principalWithdrawn: amount,
    principalRemaining: remaining,
    lines: Object.freeze(remainingLine === undefined ? [withdrawn] : [withdrawn, remainingLine]),
    interestEarned,
    penalty,
    payout,
    remainingAccrued: remainingLine === undefined ? zeroFraction : remainingLine.interest,
    explanation: Object.freeze(explanation),
  })
}

/** The rate the withdrawn part earns, and why. */
function withdrawnRate(request: EarlyWithdrawalRequest, policy: Exclude<EarlyWithdrawalPolicy, { kind: 'not-allowed' }>): { annualRate: string; basis: string } {
  switch (policy.kind) {
    case 'china-demand-rate':
      return { annualRate: request.demandRate, basis: `demand rate ${percent(request.demandRate)} on the withdrawal date (China rule)` }
    case 'rate-haircut': {
      const held = request.heldTenorRate
      const cut = subtractFractions(fractionFromDecimal(held ?? '0'), fractionFromDecimal(policy.penaltyRate))
      const floored = compareFractions(cut, zeroFraction) < 0
      const annualRate = floored ? '0' : formatDecimal(fractionToDecimal(cut))
      const start = held === null ? 'no tenor as short as the time held, so 0 %' : `rate for the tenor held ${percent(held)}`
      return {
        annualRate,
        basis: `${start} − penalty ${percent(policy.penaltyRate)}${floored ? ', floored at 0 %' : ` = ${percent(annualRate)}`} (rate haircut)`,
      }
    }
    case 'forfeit-days':
      return { annualRate: request.contractRate, basis: `contract rate ${percent(request.contractRate)}; any forfeited days are a separate penalty` }
    default:
      throw new RangeError(`Unknown early-withdrawal policy: ${String(policy satisfies never)}`)
  }
}

/**
 * The forfeit-days penalty, exact, or undefined when none applies. `days`
 * days of interest at the contract rate on the amount withdrawn, with a day
 * as the convention counts a year: 1/360 under ACT/360 and the 30/360
 * family, 1/365 under ACT/365 Fixed, and under ACT/ACT ISDA the `days`
 * calendar days before the withdrawal date (1/365 or 1/366 each by its
 * year). A zero or negative contract rate forfeits nothing.
 */
function forfeitedInterest(request: EarlyWithdrawalRequest, policy: EarlyWithdrawalPolicy): { interest: ExactFraction; sentence: string } | undefined {
  if (policy.kind !== 'forfeit-days') return undefined
  const within = policy.onlyWithinDaysOfDeposit
  const daysSinceDeposit = daysBetween(request.depositedOn, request.withdrawalDate)
  if (within !== undefined && within !== null && daysSinceDeposit > within) return undefined
  const share = penaltyYearFraction(request.convention, request.withdrawalDate, policy.days)
  const exact = simpleInterest(request.amount, request.contractRate, share)
  const interest = compareFractions(exact, zeroFraction) > 0 ? exact : zeroFraction
  const when =
    within === undefined || within === null
      ? 'on any early withdrawal'
      : `because the withdrawal is ${daysSinceDeposit} days after the deposit opened, within ${within} days (Regulation D)`
  return {
    interest,
    sentence: `${policy.days} days of simple interest at the contract rate ${percent(request.contractRate)} on the ${show(request.amount)} withdrawn are forfeited ${when}:`,
  }
}

function penaltyYearFraction(convention: DayCountConvention, withdrawalDate: CalendarDate, days: number): ExactFraction {
  switch (convention) {
    case 'act-360':
    case 'act-365-fixed':
    case 'act-act-isda':
      return yearFraction(convention, addDays(withdrawalDate, -days), withdrawalDate)
    case '30-360-bond-basis':
    case '30-360-us':
    case '30e-360':
    case '30e-360-isda':
      return fraction(BigInt(days), 360n)
    default:
      throw new RangeError(`Unknown day-count convention: ${String(convention satisfies never)}`)
  }
}

function checkRate(rate: unknown, field: string): void {
  if (!isDecimalString(rate)) throw invalid(`${field} must be a decimal string such as "0.0175", got ${describe(rate)}`, field)
}

function invalid(message: string, field: string): DepositError {
  return new DepositError('deposit.invalid_withdrawal', message, { field })
}

/** "0.0035" → "0.35 %", exactly. */
function percent(rate: string): string {
  return `${formatDecimal(fractionToDecimal(multiplyFractions(fractionFromDecimal(rate), fraction(100n))))} %`
}

function show(m: Money): string {
  return `${m.currency} ${formatMoney(m)}`
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40))
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeof value
}

import { daysFromTo, decimal, DomainError, isCalendarDay, isDecimalString, roundDecimal, type ExactDecimal } from '@strongroom/kernel'
import type { AttritionConfig, AttritionLevel } from './attrition-config.js'
import { balanceTrend } from './balance-trend.js'

export interface MaturityOutcome {
  readonly depositId: string
  /** YYYY-MM-DD */
  readonly maturedOn: string
  /** Rolled over, or re-deposited with the bank, at maturity. */
  readonly renewed: boolean
}

export interface AttritionInput {
  readonly clientId: string
  /** The relationship manager; null for an unassigned client. */
  readonly rmId: string | null
  /** YYYY-MM-DD: the day the signals are computed for. */
  readonly asOf: string
  /** Month-end total balances (one currency, decimal strings), oldest first; the last 6–12 months. */
  readonly monthEndBalances: readonly string[]
  /** Maturities around the as-of date; only those in the configured look-back count. */
  readonly maturities: readonly MaturityOutcome[]
  /** Transactions (or logins, or contacts) per calendar month, oldest first; the last entry is the latest month. */
  readonly monthlyActivity: readonly number[]
  readonly complaintsLast90Days: number
}

export const attritionSignalCodes = ['balance_trend', 'drop_from_peak', 'maturities_not_renewed', 'activity_drop', 'complaints'] as const
export type AttritionSignalCode = (typeof attritionSignalCodes)[number]

export interface AttritionSignal {
  readonly code: AttritionSignalCode
  readonly points: number
  /** One sentence an RM can read to the client file. */
  readonly explanation: string
  /** The figures behind it, as decimal strings, for a chart or an audit. */
  readonly figures: Readonly<Record<string, string>>
}

export interface AttritionAssessment {
  readonly clientId: string
  readonly rmId: string | null
  readonly asOf: string
  /** 0 … 100: the signals' points, capped. */
  readonly score: number
  readonly level: AttritionLevel
  /** Only the signals that fired, in a fixed order. */
  readonly signals: readonly AttritionSignal[]
}

/**
 * Signs that a client is leaving, before they have gone: balances sliding or
 * well off their peak, deposits not renewed at maturity, less activity than
 * usual, complaints. Each signal that fires says why, in words and figures;
 * the total points give the level.
 *
 * A signal without enough data to judge (too few months, no baseline, no
 * maturity in the window) simply does not fire: absence of evidence is not
 * attrition.
 *
 * @throws DomainError 'common.invalid_input' for malformed input (a balance
 *   that is not a decimal string, a count that is not a non-negative integer,
 *   a date that is not YYYY-MM-DD), naming the field.
 */
export function assessAttrition(input: AttritionInput, config: AttritionConfig): AttritionAssessment {
  checkInput(input)
  const signals: AttritionSignal[] = [
    ...balanceSignals(input.monthEndBalances, config),
    ...maturitySignal(input, config),
    ...activitySignal(input.monthlyActivity, config),
    ...complaintSignal(input.complaintsLast90Days, config),
  ]
  const score = Math.min(100, signals.reduce((s, x) => s + x.points, 0))
  const { watch, atRisk, critical } = config.levels
  const level: AttritionLevel = score >= critical ? 'critical' : score >= atRisk ? 'at_risk' : score >= watch ? 'watch' : 'none'
  return Object.freeze({
    clientId: input.clientId,
    rmId: input.rmId,
    asOf: input.asOf,
    score,
    level,
    signals: Object.freeze(signals.map((s) => Object.freeze({ ...s, figures: Object.freeze(s.figures) }))),
  })
}

function balanceSignals(balances: readonly string[], config: AttritionConfig): AttritionSignal[] {
  if (balances.length === 0) return []
  const trend = balanceTrend(balances)
  const signals: AttritionSignal[] = []
  const rule = config.balanceTrend
  if (balances.length >= rule.minPoints && trend.relativeSlope !== null && trend.relativeSlope.lessThanOrEqualTo(decimal(rule.relativeSlopeAtMost))) {
    signals.push({
      code: 'balance_trend',
      points: rule.points,
      explanation: `month-end balances have been falling by ${percent(trend.relativeSlope.negated())} of their average a month over ${balances.length} months`,
      figures: { slopePerMonth: fixed(trend.slopePerMonth!, 2), mean: fixed(trend.mean, 2), relativeSlope: fixed(trend.relativeSlope, 6) },
    })
  }
  if (trend.dropFromPeak !== null && trend.dropFromPeak.greaterThanOrEqualTo(decimal(config.dropFromPeak.atLeast))) {
    signals.push({
      code: 'drop_from_peak',
      points: config.dropFromPeak.points,
      explanation: `the latest month-end balance is ${percent(trend.dropFromPeak)} below its peak of the last ${balances.length} months`,
      figures: { peak: fixed(trend.peak, 2), latest: fixed(trend.latest, 2), dropFromPeak: fixed(trend.dropFromPeak, 6) },
    })
  }
  return signals
}

function maturitySignal(input: AttritionInput, config: AttritionConfig): AttritionSignal[] {
  const rule = config.maturities
  // The look-back window is the as-of day and the lookbackDays − 1 days before it.
  const inWindow = input.maturities.filter((m) => {
    const daysAgo = daysFromTo(m.maturedOn, input.asOf)
    return daysAgo >= 0 && daysAgo < rule.lookbackDays
  })
  if (inWindow.length === 0 || inWindow.length < rule.minMaturities) return []
  const notRenewed = inWindow.filter((m) => !m.renewed).length
  const share = decimal(BigInt(notRenewed)).dividedBy(decimal(BigInt(inWindow.length)))
  if (!share.greaterThanOrEqualTo(decimal(rule.notRenewedShareAtLeast)) || notRenewed === 0) return []
  return [
    {
      code: 'maturities_not_renewed',
      points: rule.points,
      explanation: `${notRenewed} of ${inWindow.length} deposit${inWindow.length === 1 ? '' : 's'} maturing in the last ${rule.lookbackDays} days ${notRenewed === 1 ? 'was' : 'were'} not renewed`,
      figures: { matured: String(inWindow.length), notRenewed: String(notRenewed), share: fixed(share, 6) },
    },
  ]
}

function activitySignal(activity: readonly number[], config: AttritionConfig): AttritionSignal[] {
  const rule = config.activity
  const recent = activity.slice(-rule.recentMonths)
  const before = activity.slice(0, Math.max(0, activity.length - rule.recentMonths)).slice(-rule.baselineMonths)
  if (recent.length < rule.recentMonths || before.length < rule.minBaselineMonths) return []
  const recentMean = meanOf(recent)
  const baselineMean = meanOf(before)
  // No activity to lose: a quiet client going quiet is not a signal.
  if (!baselineMean.greaterThan(0)) return []
  const drop = decimal('1').minus(recentMean.dividedBy(baselineMean))
  if (!drop.greaterThanOrEqualTo(decimal(rule.dropAtLeast))) return []
  return [
    {
      code: 'activity_drop',
      points: rule.points,
      explanation: `activity in the last ${rule.recentMonths === 1 ? 'month' : `${rule.recentMonths} months`} is ${percent(drop)} below the average of the ${before.length} months before`,
      figures: { recentMonthlyMean: fixed(recentMean, 2), baselineMonthlyMean: fixed(baselineMean, 2), drop: fixed(drop, 6) },
    },
  ]
}

function complaintSignal(count: number, config: AttritionConfig): AttritionSignal[] {
  if (count === 0) return []
  return [
    {
      code: 'complaints',
      points: Math.min(config.complaints.maxPoints, count * config.complaints.pointsEach),
      explanation: `${count} complaint${count === 1 ? '' : 's'} in the last 90 days`,
      figures: { complaints: String(count) },
    },
  ]
}

function checkInput(input: AttritionInput): void {
  if (!isCalendarDay(input.asOf)) throw invalidInput('asOf', 'must be a date (YYYY-MM-DD)')
  input.monthEndBalances.forEach((b, i) => {
    if (!isDecimalString(b)) throw invalidInput(`monthEndBalances[${i}]`, 'must be a decimal string')
  })
  input.maturities.forEach((m, i) => {
    if (!isCalendarDay(m.maturedOn)) throw invalidInput(`maturities[${i}].maturedOn`, 'must be a date (YYYY-MM-DD)')
    if (typeof m.renewed !== 'boolean') throw invalidInput(`maturities[${i}].renewed`, 'must be true or false')
  })
  input.monthlyActivity.forEach((count, i) => {
    if (!Number.isSafeInteger(count) || count < 0) throw invalidInput(`monthlyActivity[${i}]`, 'must be a non-negative integer')
  })
  if (!Number.isSafeInteger(input.complaintsLast90Days) || input.complaintsLast90Days < 0) throw invalidInput('complaintsLast90Days', 'must be a non-negative integer')
}

function meanOf(counts: readonly number[]): ExactDecimal {
  return decimal(BigInt(counts.reduce((s, c) => s + c, 0))).dividedBy(decimal(BigInt(counts.length)))
}

function percent(fraction: ExactDecimal): string {
  return `${roundDecimal(fraction.times(decimal('100')), 1).toFixed(1)}%`
}

function fixed(value: ExactDecimal, places: number): string {
  return roundDecimal(value, places).toFixed(places)
}

function invalidInput(path: string, message: string): DomainError {
  return new DomainError('common.invalid_input', `${path} ${message}`, { path })
}

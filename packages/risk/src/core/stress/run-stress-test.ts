import { currencyExponent, daysFromTo, decimal, DomainError, isCalendarDay, isDecimalString, parseCurrencyCode, parseMoney, roundDecimal, toDecimal, type CurrencyCode, type ExactDecimal } from '@strongroom/kernel'
import type { DepositPosition, StressBook } from './deposit-position.js'
import { depositorConcentration, shareDecimalPlaces, type DepositorConcentration } from './depositor-concentration.js'
import { invalidScenario, scenarioProblems } from './parse-scenario.js'
import { depositorCategories, type DepositorCategory, type StressScenario } from './stress-scenario.js'

export interface StressBucketResult {
  readonly label: string
  /** First day of the bucket, counted from the as-of date (0 = the as-of date itself). */
  readonly fromDay: number
  /** Last day, inclusive; null for the open-ended last bucket. */
  readonly toDay: number | null
  /** Contractual amounts falling due in the bucket (deposits on demand in the first): the maturity ladder. */
  readonly contractual: string
  /** Stressed outflow in the bucket. */
  readonly outflow: string
  readonly cumulativeOutflow: string
  /** Liquid assets − cumulative outflow: negative is a shortfall. */
  readonly gap: string
}

export interface CategoryResult {
  readonly category: DepositorCategory
  readonly balance: string
  readonly outflow: string
  /** The category's run-off factor after the rate shock, 6 dp. */
  readonly runOffFactor: string
}

export interface StressSurvival {
  /** Some bucket's cumulative outflow exceeds the liquid assets. */
  readonly shortfall: boolean
  readonly firstShortfallBucket: string | null
  /** Days the liquid assets last: the end of the last bucket before the first shortfall (0 when the first is short); null with no shortfall. */
  readonly survivalDays: number | null
}

export interface StressResult {
  readonly scenarioId: string
  readonly asOf: string
  readonly reportingCurrency: CurrencyCode
  readonly horizonDays: number
  readonly liquidAssets: string
  readonly totalBalance: string
  readonly insuredTotal: string
  readonly uninsuredTotal: string
  readonly totalOutflow: string
  /** Liquid assets ÷ total outflow, 6 dp (an LCR-like cover); null when nothing flows out. */
  readonly coverageRatio: string | null
  readonly buckets: readonly StressBucketResult[]
  readonly survival: StressSurvival
  readonly byCategory: readonly CategoryResult[]
  readonly concentration: DepositorConcentration
}

/**
 * Runs a deposit stress scenario over the book as of `asOf`.
 *
 * Each position is converted into the reporting currency at its FX rate
 * moved by the scenario's shock for that currency. Then:
 * - a deposit on demand (or already matured) runs off in the first bucket at
 *   its category's factor;
 * - a term deposit maturing within the horizon runs off at its factor in the
 *   bucket of its maturity (the rest is assumed to roll over);
 * - a term deposit maturing later contributes only the scenario's early-
 *   withdrawal rate, in the first bucket;
 * - for stable retail with `uninsuredTreatment: 'less_stable'`, the part
 *   above the insured amount runs off at the less-stable factor.
 * Factors are raised by the rate shock (see `StressScenario`) and capped at 1.
 *
 * Amounts stay exact decimals throughout and are rounded (half-even) to the
 * reporting currency's decimals only in the result, each figure on its own:
 * a cumulative figure is the rounded exact cumulative, not the sum of the
 * rounded buckets, so the two can differ by a minor unit.
 *
 * @throws RiskError 'risk.invalid_scenario' for an unsound scenario.
 * @throws DomainError 'common.invalid_input' for an unsound book (a negative
 *   balance, insured above balance, a currency without an FX rate, a bad
 *   date) or liquid assets that are not a non-negative amount.
 */
export function runStressTest(book: StressBook, scenario: StressScenario, liquidAssets: string, asOf: string): StressResult {
  const problems = scenarioProblems(scenario)
  if (problems.length > 0) throw invalidScenario(problems)
  if (!isCalendarDay(asOf)) throw invalidInput('asOf', 'must be a date (YYYY-MM-DD)')
  const reporting = currencyOf(book.reportingCurrency, 'reportingCurrency')
  const places = currencyExponent(reporting)
  const liquid = amountOf(liquidAssets, reporting, 'liquidAssets')

  const factors = effectiveFactors(scenario)
  const earlyWithdrawal = decimal(scenario.earlyWithdrawalRate)
  const buckets = scenario.buckets.map((b, i) => ({ label: b.label, toDay: b.toDay, fromDay: i === 0 ? 0 : (scenario.buckets[i - 1]!.toDay as number) + 1 }))
  const zero = decimal('0')
  const contractual = buckets.map(() => zero)
  const outflow = buckets.map(() => zero)
  const categoryBalance = new Map<DepositorCategory, ExactDecimal>(depositorCategories.map((c) => [c, zero]))
  const categoryOutflow = new Map<DepositorCategory, ExactDecimal>(depositorCategories.map((c) => [c, zero]))
  const byClient = new Map<string, ExactDecimal>()
  let insuredTotal = zero
  let totalBalance = zero

  book.positions.forEach((position, index) => {
    const { value, insured } = inReportingCurrency(position, index, reporting, book.fxRates ?? {}, scenario.fxShocks)
    const days = position.maturityDate === null ? null : daysFromTo(asOf, checkedDate(position.maturityDate, index))
    // Matured and unclaimed money is as good as on demand.
    const bucket = bucketIndexFor(days === null ? 0 : Math.max(days, 0), buckets)
    contractual[bucket] = contractual[bucket]!.plus(value)

    const runOff =
      position.category === 'stable_retail' && scenario.uninsuredTreatment === 'less_stable'
        ? insured.times(factors.stable_retail).plus(value.minus(insured).times(factors.less_stable_retail))
        : value.times(factors[position.category])
    let leaving = zero
    let at = 0
    if (days === null || days <= scenario.horizonDays) {
      leaving = runOff
      at = bucket
    } else {
      leaving = value.times(earlyWithdrawal)
    }
    outflow[at] = outflow[at]!.plus(leaving)

    categoryBalance.set(position.category, categoryBalance.get(position.category)!.plus(value))
    categoryOutflow.set(position.category, categoryOutflow.get(position.category)!.plus(leaving))
    byClient.set(position.clientId, (byClient.get(position.clientId) ?? zero).plus(value))
    insuredTotal = insuredTotal.plus(insured)
    totalBalance = totalBalance.plus(value)
  })

  let cumulative = zero
  let firstShortfall = -1
  const bucketResults = buckets.map((b, i) => {
    cumulative = cumulative.plus(outflow[i]!)
    const gap = liquid.minus(cumulative)
    if (firstShortfall < 0 && gap.lessThan(0)) firstShortfall = i
    return Object.freeze({
      label: b.label,
      fromDay: b.fromDay,
      toDay: b.toDay,
      contractual: fixed(contractual[i]!, places),
      outflow: fixed(outflow[i]!, places),
      cumulativeOutflow: fixed(cumulative, places),
      gap: fixed(gap, places),
    })
  })
  const totalOutflow = cumulative

  return Object.freeze({
    scenarioId: scenario.id,
    asOf,
    reportingCurrency: reporting,
    horizonDays: scenario.horizonDays,
    liquidAssets: fixed(liquid, places),
    totalBalance: fixed(totalBalance, places),
    insuredTotal: fixed(insuredTotal, places),
    uninsuredTotal: fixed(totalBalance.minus(insuredTotal), places),
    totalOutflow: fixed(totalOutflow, places),
    coverageRatio: totalOutflow.isZero() ? null : fixed(liquid.dividedBy(totalOutflow), shareDecimalPlaces),
    buckets: Object.freeze(bucketResults),
    survival: Object.freeze({
      shortfall: firstShortfall >= 0,
      firstShortfallBucket: firstShortfall >= 0 ? buckets[firstShortfall]!.label : null,
      survivalDays: firstShortfall < 0 ? null : firstShortfall === 0 ? 0 : (buckets[firstShortfall - 1]!.toDay as number),
    }),
    byCategory: Object.freeze(
      depositorCategories.map((category) =>
        Object.freeze({
          category,
          balance: fixed(categoryBalance.get(category)!, places),
          outflow: fixed(categoryOutflow.get(category)!, places),
          runOffFactor: fixed(factors[category], shareDecimalPlaces),
        }),
      ),
    ),
    concentration: depositorConcentration(byClient, places),
  })
}

/** Base factor + sensitivity × shock ÷ 100 bp, never below the base, never above 1. */
function effectiveFactors(scenario: StressScenario): Record<DepositorCategory, ExactDecimal> {
  const shockIn100Bps = decimal(BigInt(scenario.rateShockBps)).dividedBy(decimal('100'))
  const one = decimal('1')
  const result = {} as Record<DepositorCategory, ExactDecimal>
  for (const category of depositorCategories) {
    const base = decimal(scenario.runOffFactors[category])
    const addOn = decimal(scenario.rateSensitivity[category]).times(shockIn100Bps)
    const raised = addOn.greaterThan(0) ? base.plus(addOn) : base
    result[category] = raised.greaterThan(one) ? one : raised
  }
  return result
}

function inReportingCurrency(
  position: DepositPosition,
  index: number,
  reporting: CurrencyCode,
  fxRates: Readonly<Record<string, string>>,
  fxShocks: Readonly<Record<string, string>>,
): { value: ExactDecimal; insured: ExactDecimal } {
  const path = `positions[${index}]`
  if (!(depositorCategories as readonly string[]).includes(position.category)) throw invalidInput(`${path}.category`, `must be one of ${depositorCategories.join(', ')}`)
  const currency = position.currency === undefined ? reporting : currencyOf(position.currency, `${path}.currency`)
  const balance = amountOf(position.balance, currency, `${path}.balance`)
  const insured = amountOf(position.insuredAmount, currency, `${path}.insuredAmount`)
  if (insured.greaterThan(balance)) throw invalidInput(`${path}.insuredAmount`, 'is more than the balance')
  if (currency === reporting) return { value: balance, insured }

  const rate = Object.hasOwn(fxRates, currency) ? fxRates[currency] : undefined
  if (rate === undefined || !isDecimalString(rate) || !decimal(rate).greaterThan(0)) {
    throw invalidInput(`fxRates.${currency}`, `a positive rate from ${currency} to ${reporting} is needed for ${path}`)
  }
  const shock = Object.hasOwn(fxShocks, currency) ? decimal(fxShocks[currency]!) : decimal('0')
  const multiplier = decimal(rate).times(decimal('1').plus(shock))
  return { value: balance.times(multiplier), insured: insured.times(multiplier) }
}

function bucketIndexFor(day: number, buckets: readonly { toDay: number | null }[]): number {
  const index = buckets.findIndex((b) => b.toDay === null || day <= b.toDay)
  // The scenario check guarantees an open-ended last bucket.
  return index < 0 ? buckets.length - 1 : index
}

function checkedDate(text: string, index: number): string {
  if (!isCalendarDay(text)) throw invalidInput(`positions[${index}].maturityDate`, 'must be a date (YYYY-MM-DD) or null')
  return text
}

function currencyOf(code: string, path: string): CurrencyCode {
  try {
    return parseCurrencyCode(code)
  } catch {
    throw invalidInput(path, 'is not a supported ISO 4217 currency code')
  }
}

/** A non-negative amount of the currency, exactly as written. */
function amountOf(text: string, currency: CurrencyCode, path: string): ExactDecimal {
  let value: ExactDecimal
  try {
    value = toDecimal(parseMoney(text, currency))
  } catch {
    throw invalidInput(path, `must be a ${currency} amount as a decimal string`)
  }
  if (value.isNegative()) throw invalidInput(path, 'must not be negative')
  return value
}

function invalidInput(path: string, message: string): DomainError {
  return new DomainError('common.invalid_input', `${path} ${message}`, { path })
}

function fixed(value: ExactDecimal, places: number): string {
  return roundDecimal(value, places).toFixed(places)
}

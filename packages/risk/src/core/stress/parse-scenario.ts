import { decimal, isCurrencyCode, isDecimalString } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import { defaultScenario, depositorCategories, uninsuredTreatments, type StressBucket, type StressScenario } from './stress-scenario.js'

/** One thing wrong with a scenario, and where: `runOffFactors.financial`, `buckets[2].toDay`. */
export interface ScenarioIssue {
  readonly path: string
  readonly message: string
}

export type ScenarioParseResult = { readonly ok: true; readonly scenario: StressScenario } | { readonly ok: false; readonly errors: readonly ScenarioIssue[] }

const maxHorizonDays = 3650
const maxBuckets = 50

/**
 * Reads a scenario from untrusted JSON and reports every problem at once.
 *
 * Only `id` is required: a field left out keeps `defaultScenario`'s value,
 * and inside `runOffFactors`, `rateSensitivity` a category left out keeps its
 * default factor, so a scenario file says only what it changes. Fractions are
 * decimal strings, never JSON numbers (0.1 is already not 0.1 as a float).
 */
export function parseScenario(json: unknown): ScenarioParseResult {
  if (!isRecord(json)) return { ok: false, errors: [{ path: '', message: 'a scenario must be a JSON object' }] }
  const errors: ScenarioIssue[] = []
  for (const key of Object.keys(json)) {
    if (!scenarioKeys.includes(key)) errors.push({ path: key, message: 'is not a scenario field' })
  }
  const id = json.id
  if (typeof id !== 'string' || id.trim() === '') errors.push({ path: 'id', message: 'must be a non-empty string' })
  const merged = {
    ...defaultScenario,
    ...json,
    name: json.name ?? (typeof id === 'string' ? id : defaultScenario.name),
    runOffFactors: mergeRecord(defaultScenario.runOffFactors, json.runOffFactors),
    rateSensitivity: mergeRecord(defaultScenario.rateSensitivity, json.rateSensitivity),
  }
  errors.push(...scenarioProblems(merged as StressScenario).filter((e) => e.path !== 'id'))
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, scenario: deepFreeze(copyOf(merged as StressScenario)) }
}

/**
 * What is wrong with a complete scenario; empty when it is sound.
 * `runStressTest` checks its scenario with this, since a typed object can
 * still carry a factor of '1.5'.
 */
export function scenarioProblems(scenario: StressScenario): ScenarioIssue[] {
  const errors: ScenarioIssue[] = []
  const issue = (path: string, message: string): void => {
    errors.push({ path, message })
  }
  if (typeof scenario.id !== 'string' || scenario.id.trim() === '') issue('id', 'must be a non-empty string')
  if (typeof scenario.name !== 'string' || scenario.name.trim() === '') issue('name', 'must be a non-empty string')

  fractionsByCategory(scenario.runOffFactors, 'runOffFactors', issue)
  fractionsByCategory(scenario.rateSensitivity, 'rateSensitivity', issue)

  if (!(uninsuredTreatments as readonly unknown[]).includes(scenario.uninsuredTreatment)) issue('uninsuredTreatment', `must be one of ${uninsuredTreatments.join(', ')}`)
  if (!Number.isSafeInteger(scenario.rateShockBps) || Math.abs(scenario.rateShockBps) > 10_000) issue('rateShockBps', 'must be a whole number of basis points from -10000 to 10000')

  if (!isRecord(scenario.fxShocks)) issue('fxShocks', 'must be an object of currency → fraction')
  else {
    for (const [currency, shock] of Object.entries(scenario.fxShocks)) {
      if (!isCurrencyCode(currency)) issue(`fxShocks.${currency.slice(0, 16)}`, 'is not a supported ISO 4217 currency code')
      // Above −1: a currency can lose at most all of its value.
      else if (!isDecimalString(shock) || !decimal(shock).greaterThan(-1)) issue(`fxShocks.${currency}`, 'must be a decimal string above -1 (e.g. "0.10" for +10%)')
    }
  }
  if (!isFraction(scenario.earlyWithdrawalRate)) issue('earlyWithdrawalRate', 'must be a decimal string from 0 to 1')
  if (!Number.isSafeInteger(scenario.horizonDays) || scenario.horizonDays < 1 || scenario.horizonDays > maxHorizonDays) {
    issue('horizonDays', `must be a whole number of days from 1 to ${maxHorizonDays}`)
  }
  bucketProblems(scenario.buckets, issue)
  return errors
}

/**
 * `parseScenario` for callers that cannot go on without a valid one.
 *
 * @throws RiskError 'risk.invalid_scenario' with `details.errors`.
 */
export function requireScenario(json: unknown): StressScenario {
  const result = parseScenario(json)
  if (result.ok) return result.scenario
  throw invalidScenario(result.errors)
}

export function invalidScenario(errors: readonly ScenarioIssue[]): RiskError {
  const shown = errors.slice(0, 3).map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')
  return new RiskError('risk.invalid_scenario', `The stress scenario is not valid: ${shown}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`, { errors })
}

const scenarioKeys = ['id', 'name', 'runOffFactors', 'uninsuredTreatment', 'rateShockBps', 'rateSensitivity', 'fxShocks', 'earlyWithdrawalRate', 'horizonDays', 'buckets']

function fractionsByCategory(value: unknown, path: string, issue: (path: string, message: string) => void): void {
  if (!isRecord(value)) {
    issue(path, 'must be an object of category → fraction')
    return
  }
  for (const key of Object.keys(value)) {
    if (!(depositorCategories as readonly string[]).includes(key)) issue(`${path}.${key.slice(0, 40)}`, 'is not a depositor category')
  }
  for (const category of depositorCategories) {
    if (!Object.hasOwn(value, category)) issue(`${path}.${category}`, 'is missing')
    else if (!isFraction(value[category])) issue(`${path}.${category}`, 'must be a decimal string from 0 to 1 (e.g. "0.05")')
  }
}

function bucketProblems(buckets: unknown, issue: (path: string, message: string) => void): void {
  if (!Array.isArray(buckets) || buckets.length === 0 || buckets.length > maxBuckets) {
    issue('buckets', `must be an array of 1 to ${maxBuckets} buckets`)
    return
  }
  const labels = new Set<string>()
  let previous = 0
  buckets.forEach((bucket: unknown, i) => {
    const path = `buckets[${i}]`
    if (!isRecord(bucket)) {
      issue(path, 'must be an object { label, toDay }')
      return
    }
    const { label, toDay } = bucket
    if (typeof label !== 'string' || label.trim() === '') issue(`${path}.label`, 'must be a non-empty string')
    else if (labels.has(label)) issue(`${path}.label`, `duplicate label ${JSON.stringify(label.slice(0, 40))}`)
    else labels.add(label)
    const last = i === buckets.length - 1
    if (last) {
      // Open-ended, so that every maturity, however distant, lands in a bucket.
      if (toDay !== null) issue(`${path}.toDay`, 'the last bucket must be open-ended (toDay: null)')
    } else if (!Number.isSafeInteger(toDay) || (toDay as number) <= previous) {
      issue(`${path}.toDay`, `must be a whole number of days above ${previous}${i === 0 ? '' : ' (the previous bucket’s end)'}`)
    } else {
      previous = toDay as number
    }
  })
}

function isFraction(value: unknown): boolean {
  if (!isDecimalString(value)) return false
  const d = decimal(value)
  return d.greaterThanOrEqualTo(0) && d.lessThanOrEqualTo(1)
}

function mergeRecord(defaults: Readonly<Record<string, string>>, given: unknown): unknown {
  return isRecord(given) ? { ...defaults, ...given } : (given ?? defaults)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function copyOf(s: StressScenario): StressScenario {
  return {
    id: s.id,
    name: s.name,
    runOffFactors: { ...s.runOffFactors },
    uninsuredTreatment: s.uninsuredTreatment,
    rateShockBps: s.rateShockBps,
    rateSensitivity: { ...s.rateSensitivity },
    fxShocks: { ...s.fxShocks },
    earlyWithdrawalRate: s.earlyWithdrawalRate,
    horizonDays: s.horizonDays,
    buckets: s.buckets.map((b: StressBucket) => ({ label: b.label, toDay: b.toDay })),
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

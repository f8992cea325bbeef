import { isBusinessDate } from './business-date.js'
import { checkExplanationTemplate } from './explanation-template.js'
import { checkExpression, type RuleParseResult, type RuleProblem } from './parse-expression.js'
import { maxRuleScore, ruleActions, ruleIdPattern, ruleModes, ruleSeverities, type MonitoringRule } from './rule.js'
import type { MonitoringRulePack } from './rule-pack.js'

/**
 * Reads untrusted JSON (a rule a compliance officer posts, a pack loaded
 * from the database) as typed rules. Every problem is reported, each with
 * the path to it, rather than the first one only; the result on success is
 * a fresh, deeply frozen value holding only the known fields.
 */

const ruleFields = ['id', 'version', 'name', 'description', 'typology', 'expression', 'score', 'explanation', 'severity', 'action', 'mode']
const packFields = ['id', 'version', 'effectiveFrom', 'name', 'rules', 'thresholds']
/** More rules than this in one pack is a mistake, and would make every decision slow. */
export const maxRulesPerPack = 200

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const join = (prefix: string, key: string) => (prefix === '' ? key : `${prefix}.${key}`)

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
}

function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}

function unexpectedFields(input: Record<string, unknown>, known: readonly string[], prefix: string, errors: RuleProblem[]): void {
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) errors.push({ path: join(prefix, key), message: `unexpected field (known: ${known.join(', ')})` })
  }
}

/** Checks one rule, appending problems under `prefix` ('rules[2]'); the rule when it has none. */
export function checkMonitoringRule(input: unknown, prefix: string, errors: RuleProblem[]): MonitoringRule | undefined {
  const before = errors.length
  const problem = (key: string, message: string) => errors.push({ path: join(prefix, key), message })
  if (!isRecord(input)) {
    errors.push({ path: prefix === '' ? '$' : prefix, message: 'a rule must be an object' })
    return undefined
  }
  unexpectedFields(input, ruleFields, prefix, errors)
  const { id, version, name, description, typology, score, explanation, severity, action, mode } = input
  if (typeof id !== 'string' || !ruleIdPattern.test(id) || id.length > 64) problem('id', 'must be kebab-case (a-z, 0-9 and single hyphens), at most 64 characters')
  if (!isPositiveInteger(version)) problem('version', 'must be a whole number from 1')
  if (!isText(name, 200)) problem('name', 'must be a non-empty string of at most 200 characters')
  if (typeof description !== 'string' || description.length > 2000) problem('description', 'must be a string of at most 2000 characters')
  if (typeof typology !== 'string' || !ruleIdPattern.test(typology) || typology.length > 64) problem('typology', 'must be kebab-case, such as "structuring"')
  if (typeof score !== 'number' || !Number.isSafeInteger(score) || score < 0 || score > maxRuleScore) {
    problem('score', `must be a whole number from 0 to ${maxRuleScore}`)
  }
  if (!isText(explanation, 1000)) problem('explanation', 'must be a non-empty string of at most 1000 characters')
  else checkExplanationTemplate(explanation, join(prefix, 'explanation'), errors)
  if (severity !== undefined && !oneOf(ruleSeverities, severity)) problem('severity', `must be one of ${ruleSeverities.join(', ')} or absent`)
  if (action !== undefined && !oneOf(ruleActions, action)) problem('action', `must be one of ${ruleActions.join(', ')} or absent`)
  if (mode !== undefined && !oneOf(ruleModes, mode)) problem('mode', `must be one of ${ruleModes.join(', ')} or absent`)
  const checked = checkExpression(input.expression, join(prefix, 'expression'), errors, 'boolean')
  if (errors.length > before || checked === undefined) return undefined
  return Object.freeze({
    id: id as string,
    version: version as number,
    name: name as string,
    description: description as string,
    typology: typology as string,
    expression: checked.node,
    score: score as number,
    explanation: explanation as string,
    ...(severity === undefined ? {} : { severity: severity as MonitoringRule['severity'] }),
    ...(action === undefined ? {} : { action: action as MonitoringRule['action'] }),
    ...(mode === undefined ? {} : { mode: mode as MonitoringRule['mode'] }),
  })
}

/** Validates untrusted JSON as one monitoring rule. */
export function parseMonitoringRule(input: unknown): RuleParseResult<MonitoringRule> {
  const errors: RuleProblem[] = []
  const rule = checkMonitoringRule(input, '', errors)
  return rule === undefined ? { ok: false, errors: Object.freeze(errors) } : { ok: true, value: rule }
}

/**
 * Validates untrusted JSON as a rule pack: every rule as `parseMonitoringRule`
 * does, plus at most one live version of a rule id, no id and version twice,
 * and thresholds with 1 ≤ review ≤ block.
 */
export function parseMonitoringRulePack(input: unknown): RuleParseResult<MonitoringRulePack> {
  const errors: RuleProblem[] = []
  if (!isRecord(input)) return { ok: false, errors: [{ path: '$', message: 'a rule pack must be an object' }] }
  unexpectedFields(input, packFields, '', errors)
  const { id, version, effectiveFrom, name, rules, thresholds } = input
  if (typeof id !== 'string' || !ruleIdPattern.test(id) || id.length > 64) errors.push({ path: 'id', message: 'must be kebab-case, at most 64 characters' })
  if (!isPositiveInteger(version)) errors.push({ path: 'version', message: 'must be a whole number from 1' })
  if (!isBusinessDate(effectiveFrom)) errors.push({ path: 'effectiveFrom', message: 'must be a date (YYYY-MM-DD)' })
  if (!isText(name, 200)) errors.push({ path: 'name', message: 'must be a non-empty string of at most 200 characters' })

  let checkedThresholds: MonitoringRulePack['thresholds'] | undefined
  if (!isRecord(thresholds)) errors.push({ path: 'thresholds', message: 'must be an object { review, block }' })
  else {
    unexpectedFields(thresholds, ['review', 'block'], 'thresholds', errors)
    const { review, block } = thresholds
    if (!isPositiveInteger(review)) errors.push({ path: 'thresholds.review', message: 'must be a whole number from 1' })
    if (!isPositiveInteger(block)) errors.push({ path: 'thresholds.block', message: 'must be a whole number from 1' })
    else if (isPositiveInteger(review) && block < review) errors.push({ path: 'thresholds.block', message: `must be at least thresholds.review (${review})` })
    if (isPositiveInteger(review) && isPositiveInteger(block) && block >= review) checkedThresholds = Object.freeze({ review, block })
  }

  const checkedRules: MonitoringRule[] = []
  if (!Array.isArray(rules) || rules.length === 0) errors.push({ path: 'rules', message: 'must be a non-empty list of rules' })
  else if (rules.length > maxRulesPerPack) errors.push({ path: 'rules', message: `may hold at most ${maxRulesPerPack} rules` })
  else {
    const live = new Set<string>()
    const versions = new Set<string>()
    rules.forEach((candidate: unknown, i: number) => {
      const rule = checkMonitoringRule(candidate, `rules[${i}]`, errors)
      if (rule === undefined) return
      const key = `${rule.id} v${rule.version}`
      if (versions.has(key)) errors.push({ path: `rules[${i}]`, message: `rule ${key} appears twice` })
      versions.add(key)
      if ((rule.mode ?? 'live') === 'live') {
        if (live.has(rule.id)) errors.push({ path: `rules[${i}].mode`, message: `rule ${rule.id} has another live version in this pack; run the new one as 'shadow'` })
        live.add(rule.id)
      }
      checkedRules.push(rule)
    })
  }
  if (errors.length > 0 || checkedThresholds === undefined) return { ok: false, errors: Object.freeze(errors) }
  return {
    ok: true,
    value: Object.freeze({
      id: id as string,
      version: version as number,
      effectiveFrom: effectiveFrom as string,
      name: name as string,
      rules: Object.freeze(checkedRules),
      thresholds: checkedThresholds,
    }),
  }
}

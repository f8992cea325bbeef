import { RiskError } from '../risk-errors.js'
import { compileCheckedCondition, factReader } from './compile-expression.js'
import { factPathsOf } from './expression.js'
import { observedValue, renderExplanation, templatePlaceholders, type ObservedValue } from './explanation-template.js'
import type { MonitoringFactPath, MonitoringFacts } from './facts.js'
import { parseMonitoringRulePack } from './parse-rule.js'
import type { MonitoringRule, RuleAction, RuleMode } from './rule.js'
import { outcomeForScore, type MonitoringOutcome, type MonitoringRulePack } from './rule-pack.js'

/**
 * Runs a pack's rules on the facts of one transfer and turns their scores
 * into a decision. Every rule's result is kept, hit or not, with the facts
 * it saw, so a decision can be explained and a rule tuned later.
 *
 * In the order a person would explain it:
 * 1. each rule's condition is evaluated on the facts;
 * 2. a live rule that hits adds its score to the total; a shadow rule's
 *    result is recorded but adds nothing;
 * 3. a live rule with `action: 'block'` that hits blocks, whatever the
 *    total; otherwise the pack's thresholds map the total to allow, review
 *    or block.
 */

export interface RuleResult {
  readonly ruleId: string
  readonly version: number
  readonly typology: string
  readonly mode: RuleMode
  readonly hit: boolean
  /** What the rule added to the total: its score when it hit (for a shadow rule, what it would have added), else 0. */
  readonly score: number
  /** The rule's action when it hit, else null. */
  readonly action: RuleAction | null
  /** The rule's explanation, filled in, when it hit; a "not met" note with what it saw otherwise. */
  readonly explanation: string
  /** Every fact the rule's condition and explanation name, with the value it saw. */
  readonly observed: Readonly<Record<string, ObservedValue>>
}

export interface MonitoringDecision {
  readonly packId: string
  readonly packVersion: number
  readonly outcome: MonitoringOutcome
  /** The total of the live rules that hit. */
  readonly score: number
  /** The live rules with `action: 'block'` that hit: non-empty exactly when they forced the block. */
  readonly blockedBy: readonly string[]
  /** One per rule of the pack, in pack order. */
  readonly results: readonly RuleResult[]
}

interface CompiledRule {
  readonly rule: MonitoringRule
  readonly live: boolean
  readonly condition: (facts: MonitoringFacts) => boolean
  readonly reads: readonly (readonly [MonitoringFactPath, (facts: MonitoringFacts) => unknown])[]
}

/** A pack validated and turned into closures once; evaluate it as often as needed. */
export interface CompiledRulePack {
  /** The pack as validated: a frozen copy of the one given. */
  readonly pack: MonitoringRulePack
  readonly rules: readonly CompiledRule[]
}

const compiled = new WeakSet<object>()
const compiledByPack = new WeakMap<object, CompiledRulePack>()

/**
 * Validates a pack (as `parseMonitoringRulePack`) and compiles every rule's
 * condition into a closure.
 *
 * @throws RiskError 'risk.invalid_rule' with `details.errors` (path and
 *   message of each problem) when the pack is not valid.
 */
export function compileRulePack(pack: MonitoringRulePack): CompiledRulePack {
  const parsed = parseMonitoringRulePack(pack)
  if (!parsed.ok) {
    const [first] = parsed.errors
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ''
    throw new RiskError('risk.invalid_rule', `rule pack is not valid: ${first?.path}: ${first?.message}${more}`, { errors: parsed.errors })
  }
  const rules = parsed.value.rules.map((rule): CompiledRule => {
    const paths = factPathsOf(rule.expression)
    for (const name of templatePlaceholders(rule.explanation)) paths.add(name as MonitoringFactPath)
    return Object.freeze({
      rule,
      live: (rule.mode ?? 'live') === 'live',
      condition: compileCheckedCondition(rule.expression),
      reads: Object.freeze([...paths].map((path) => Object.freeze([path, factReader(path)] as const))),
    })
  })
  const result: CompiledRulePack = Object.freeze({ pack: parsed.value, rules: Object.freeze(rules) })
  compiled.add(result)
  return result
}

function compiledOf(pack: MonitoringRulePack | CompiledRulePack): CompiledRulePack {
  if (compiled.has(pack)) return pack as CompiledRulePack
  // A pack object is compiled once; later calls with the same object reuse it. Packs are meant to be immutable.
  let found = compiledByPack.get(pack)
  if (found === undefined) {
    found = compileRulePack(pack as MonitoringRulePack)
    compiledByPack.set(pack, found)
  }
  return found
}

function notMet(observed: Readonly<Record<string, ObservedValue>>): string {
  let note = ''
  for (const path in observed) {
    const value = observed[path]
    note += `${note === '' ? 'Not met: ' : ', '}${path} = ${value === null || value === undefined ? 'unknown' : String(value)}`
  }
  return note === '' ? 'Not met.' : `${note}.`
}

/**
 * The decision on one transfer. Takes a compiled pack, or a pack (compiled
 * on first use and cached for that object).
 *
 * @throws RiskError 'risk.invalid_rule' for an invalid pack; TypeError when
 *   the facts lack a fact a rule reads or hold it with the wrong type.
 */
export function evaluateRules(pack: MonitoringRulePack | CompiledRulePack, facts: MonitoringFacts): MonitoringDecision {
  const { pack: source, rules } = compiledOf(pack)
  let score = 0
  const blockedBy: string[] = []
  const results = rules.map(({ rule, live, condition, reads }): RuleResult => {
    const hit = condition(facts)
    const observed: Record<string, ObservedValue> = {}
    for (const [path, read] of reads) observed[path] = observedValue(read(facts))
    if (hit && live) {
      score += rule.score
      if (rule.action === 'block') blockedBy.push(rule.id)
    }
    return {
      ruleId: rule.id,
      version: rule.version,
      typology: rule.typology,
      mode: live ? 'live' : 'shadow',
      hit,
      score: hit ? rule.score : 0,
      action: hit ? (rule.action ?? null) : null,
      explanation: hit ? renderExplanation(rule.explanation, observed) : notMet(observed),
      observed,
    }
  })
  return {
    packId: source.id,
    packVersion: source.version,
    outcome: blockedBy.length > 0 ? 'block' : outcomeForScore(source.thresholds, score),
    score,
    blockedBy,
    results,
  }
}

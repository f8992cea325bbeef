import type { Expression } from './expression.js'

/**
 * A monitoring rule: versioned data with a stable id. Changing what a rule
 * does means a new version, never an edit of a stored one, so that every
 * decision names exactly the rule that made it.
 */

export const ruleSeverities = ['low', 'medium', 'high'] as const
export type RuleSeverity = (typeof ruleSeverities)[number]

export const ruleActions = ['block'] as const
/** 'block': a hit blocks whatever the total score (FATF call-for-action jurisdictions). */
export type RuleAction = (typeof ruleActions)[number]

export const ruleModes = ['live', 'shadow'] as const
/**
 * 'live' rules make the decision. 'shadow' rules are evaluated and stored
 * beside them — a new version on trial next to the version in force — but
 * add nothing to the score and block nothing.
 */
export type RuleMode = (typeof ruleModes)[number]

export interface MonitoringRule {
  /** Stable across versions, kebab-case: 'structuring'. Alerts, cases and statistics key on it. */
  readonly id: string
  /** A positive integer; a changed rule is a new version. */
  readonly version: number
  readonly name: string
  readonly description: string
  /** The typology the rule detects, kebab-case: 'structuring', 'pass-through'. */
  readonly typology: string
  /** The condition: a boolean expression over the facts. */
  readonly expression: Expression
  /** What a hit adds to the decision's score: a whole number from 0 to `maxRuleScore`. */
  readonly score: number
  /** Why it hit, with {{fact.path}} placeholders filled from what the rule saw. */
  readonly explanation: string
  readonly severity?: RuleSeverity
  readonly action?: RuleAction
  /** 'live' when absent. */
  readonly mode?: RuleMode
}

export const ruleIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const maxRuleScore = 1000

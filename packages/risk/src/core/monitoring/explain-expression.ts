import { formatDecimal, type ExactDecimal } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import { compileCheckedExpression, type ExpressionValue } from './compile-expression.js'
import type { Expression } from './expression.js'
import type { MonitoringFacts } from './facts.js'
import { parseMonitoringExpression } from './parse-expression.js'

/** A JSON-safe value as an explanation shows it: numbers as decimal strings. */
export type TracedValue = string | boolean | readonly string[] | null

/**
 * One node of an expression with the value it produced on given facts.
 * `evaluated` is false for a node that `and` / `or` did not need (its value
 * is then null).
 */
export interface ExpressionTrace {
  readonly op: Expression['op']
  /** How the node reads: "agg.in.cash.nearThresholdCount.P1D", "≥", "3". */
  readonly label: string
  readonly evaluated: boolean
  readonly value: TracedValue
  readonly children: readonly ExpressionTrace[]
}

const symbols: Partial<Record<Expression['op'], string>> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  eq: '=',
  neq: '≠',
  add: '+',
  sub: '−',
  mul: '×',
  div: '÷',
}

/** The value as JSON: an exact decimal becomes its decimal string. */
export function tracedValue(value: ExpressionValue): TracedValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || Array.isArray(value)) return value as TracedValue
  return formatDecimal(value as ExactDecimal)
}

/**
 * Evaluates `expression` on `facts` and reports what every node saw. Slower
 * than a compiled rule (it validates, then compiles with an observer on
 * every node): for showing a decision to a person, not for the write path.
 *
 * @throws RiskError 'risk.invalid_rule' with `details.errors` for an invalid expression.
 */
export function explainExpression(expression: Expression, facts: MonitoringFacts): ExpressionTrace {
  const parsed = parseMonitoringExpression(expression)
  if (!parsed.ok) throw new RiskError('risk.invalid_rule', `expression is not valid: ${parsed.errors[0]?.message}`, { errors: parsed.errors })
  const node = parsed.value
  const seen = new Map<Expression, ExpressionValue>()
  compileCheckedExpression(node, (n, value) => seen.set(n, value))(facts)
  const trace = (n: Expression): ExpressionTrace =>
    Object.freeze({
      op: n.op,
      label: labelOf(n),
      evaluated: seen.has(n),
      value: seen.has(n) ? tracedValue(seen.get(n) ?? null) : null,
      children: Object.freeze(childrenOf(n).map(trace)),
    })
  return trace(node)
}

function childrenOf(node: Expression): readonly Expression[] {
  switch (node.op) {
    case 'literal':
    case 'decimal':
    case 'fact':
      return []
    case 'and':
    case 'or':
      return node.args
    case 'not':
      return [node.arg]
    case 'in':
      return [node.value, node.list]
    case 'between':
      return [node.value, node.low, node.high]
    default:
      return [node.left, node.right]
  }
}

function labelOf(node: Expression): string {
  switch (node.op) {
    case 'literal':
      return literalText(node.value)
    case 'decimal':
      return node.value
    case 'fact':
      return node.path
    default:
      return symbols[node.op] ?? node.op
  }
}

function literalText(value: string | number | boolean | readonly string[]): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`
  return typeof value === 'string' ? `'${value}'` : String(value)
}

/**
 * The expression as one line a person can read:
 * `transfer.direction = 'in' and (agg.in.cash.nearThresholdCount.P1D ≥ 3 or …)`.
 */
export function formatExpression(node: Expression): string {
  const inner = (n: Expression): string => (childrenOf(n).length === 0 || n.op === 'not' ? formatExpression(n) : `(${formatExpression(n)})`)
  switch (node.op) {
    case 'literal':
    case 'decimal':
    case 'fact':
      return labelOf(node)
    case 'and':
    case 'or':
      return node.args.map(inner).join(` ${node.op} `)
    case 'not':
      return `not ${inner(node.arg)}`
    case 'in':
      return `${inner(node.value)} in ${inner(node.list)}`
    case 'between':
      return `${inner(node.value)} between ${inner(node.low)} and ${inner(node.high)}`
    default:
      return `${inner(node.left)} ${labelOf(node)} ${inner(node.right)}`
  }
}

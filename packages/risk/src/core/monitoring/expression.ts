import { monitoringFactCatalogue, type MonitoringFactPath, type ExpressionValueType } from './facts.js'

/**
 * The condition of a monitoring rule: a small, typed JSON expression tree of
 * our own.
 *
 * Why not code, `eval` or an off-the-shelf language:
 * - no eval: a rule is data a compliance officer loads at run time; nothing
 *   in it is ever executed as code, so a bad rule cannot do more than be
 *   wrong;
 * - serialisable and versionable as data: a rule is plain JSON, stored with
 *   a stable id and a version number, diffed, and run in shadow beside the
 *   live version;
 * - validated on input: every node is type-checked when the rule is loaded
 *   (numbers with numbers, a closed set of fact paths, enum values spelled
 *   right), with a path to each problem, so a rule that loads cannot fail
 *   for its shape at evaluation;
 * - explainable: every node can report the value it produced
 *   (`explainExpression`), and a decision stores the facts each rule saw;
 * - exact: numbers are decimals (kernel `ExactDecimal`), so an amount of
 *   49,999.99 is below 50,000.00 without a float in between.
 * CEL or JSON-Logic would each be another dependency, with looser typing
 * (JSON-Logic compares with JavaScript's coercions and floats) and
 * explanations we would have to bolt on.
 *
 * Semantics:
 * - Four value types: number (exact decimal), string, boolean, strings (a
 *   list). A fact may be null ("not known"); a literal never is.
 * - A comparison, `in` or `between` with an unknown operand is false, for
 *   every operator including `neq`: a missing fact never makes a rule hit by
 *   itself. Arithmetic with an unknown operand, and division by zero, give
 *   unknown.
 * - `and` / `or` evaluate left to right and stop at the first false / true.
 * - `between` is inclusive at both ends: low ≤ value ≤ high.
 * - Strings compare exactly (country codes are upper case).
 *
 * JSON numbers are floats, so a `literal` number must be a whole number (a
 * count, a day count); fractions and amounts are written as `decimal`
 * nodes holding a decimal string: `{ "op": "decimal", "value": "0.8" }`.
 */

export const comparisonOperators = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const
export type ComparisonOperator = (typeof comparisonOperators)[number]

export const arithmeticOperators = ['add', 'sub', 'mul', 'div'] as const
export type ArithmeticOperator = (typeof arithmeticOperators)[number]

export type LiteralValue = number | string | boolean | readonly string[]

export interface LiteralNode {
  readonly op: 'literal'
  /** A whole number, a string, a boolean, or a list of strings. */
  readonly value: LiteralValue
}
export interface DecimalNode {
  readonly op: 'decimal'
  /** A decimal string: "0.8", "50000.00". */
  readonly value: string
}
export interface FactNode {
  readonly op: 'fact'
  readonly path: MonitoringFactPath
}
export interface ComparisonNode {
  readonly op: ComparisonOperator
  readonly left: Expression
  readonly right: Expression
}
export interface LogicalNode {
  readonly op: 'and' | 'or'
  readonly args: readonly Expression[]
}
export interface NotNode {
  readonly op: 'not'
  readonly arg: Expression
}
export interface InNode {
  readonly op: 'in'
  readonly value: Expression
  readonly list: Expression
}
export interface ArithmeticNode {
  readonly op: ArithmeticOperator
  readonly left: Expression
  readonly right: Expression
}
export interface BetweenNode {
  readonly op: 'between'
  readonly value: Expression
  readonly low: Expression
  readonly high: Expression
}

export type Expression =
  | LiteralNode
  | DecimalNode
  | FactNode
  | ComparisonNode
  | LogicalNode
  | NotNode
  | InNode
  | ArithmeticNode
  | BetweenNode

export const expressionOperators = [
  'literal',
  'decimal',
  'fact',
  ...comparisonOperators,
  'and',
  'or',
  'not',
  'in',
  ...arithmeticOperators,
  'between',
] as const satisfies readonly Expression['op'][]

export function isComparisonNode(node: Expression): node is ComparisonNode {
  return (comparisonOperators as readonly string[]).includes(node.op)
}

export function isArithmeticNode(node: Expression): node is ArithmeticNode {
  return (arithmeticOperators as readonly string[]).includes(node.op)
}

/** The type of a literal's value. */
export function literalType(value: LiteralValue): ExpressionValueType {
  if (Array.isArray(value)) return 'strings'
  return typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'boolean'
}

/** The type a (well-formed) expression evaluates to. */
export function expressionType(node: Expression): ExpressionValueType {
  switch (node.op) {
    case 'literal':
      return literalType(node.value)
    case 'decimal':
      return 'number'
    case 'fact':
      return monitoringFactCatalogue[node.path].type
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return 'number'
    default:
      return 'boolean'
  }
}

/** Every fact path an expression reads, once each, in the order they first appear. */
export function factPathsOf(node: Expression, into: Set<MonitoringFactPath> = new Set()): Set<MonitoringFactPath> {
  switch (node.op) {
    case 'literal':
    case 'decimal':
      break
    case 'fact':
      into.add(node.path)
      break
    case 'and':
    case 'or':
      for (const arg of node.args) factPathsOf(arg, into)
      break
    case 'not':
      factPathsOf(node.arg, into)
      break
    case 'in':
      factPathsOf(node.value, into)
      factPathsOf(node.list, into)
      break
    case 'between':
      factPathsOf(node.value, into)
      factPathsOf(node.low, into)
      factPathsOf(node.high, into)
      break
    default:
      factPathsOf(node.left, into)
      factPathsOf(node.right, into)
  }
  return into
}

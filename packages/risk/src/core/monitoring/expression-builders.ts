import type { ArithmeticOperator, ComparisonOperator, Expression } from './expression.js'
import type { MonitoringFactPath } from './facts.js'

/**
 * Shorthand for writing rule expressions in TypeScript. What they build is
 * the same plain JSON a rule is stored as; a plain number, string, boolean or
 * string list given as an operand becomes a literal. Use `dec('0.8')` for a
 * fraction or an amount.
 *
 * ```ts
 * const { and, eq, gte, fact } = ruleExpr
 * and(eq(fact('transfer.direction'), 'in'), gte(fact('agg.in.cash.nearThresholdCount.P1D'), 3))
 * ```
 */
export type Operand = Expression | number | string | boolean | readonly string[]

function operand(value: Operand): Expression {
  return typeof value === 'object' && !Array.isArray(value) ? (value as Expression) : { op: 'literal', value: value as Exclude<Operand, Expression> }
}

const comparison = (op: ComparisonOperator) => (left: Operand, right: Operand): Expression => ({ op, left: operand(left), right: operand(right) })
const arithmetic = (op: ArithmeticOperator) => (left: Operand, right: Operand): Expression => ({ op, left: operand(left), right: operand(right) })

export const ruleExpr = Object.freeze({
  fact: (path: MonitoringFactPath): Expression => ({ op: 'fact', path }),
  dec: (value: string): Expression => ({ op: 'decimal', value }),
  lit: (value: Exclude<Operand, Expression>): Expression => ({ op: 'literal', value }),
  gt: comparison('gt'),
  gte: comparison('gte'),
  lt: comparison('lt'),
  lte: comparison('lte'),
  eq: comparison('eq'),
  neq: comparison('neq'),
  add: arithmetic('add'),
  sub: arithmetic('sub'),
  mul: arithmetic('mul'),
  div: arithmetic('div'),
  and: (...args: Operand[]): Expression => ({ op: 'and', args: args.map(operand) }),
  or: (...args: Operand[]): Expression => ({ op: 'or', args: args.map(operand) }),
  not: (arg: Operand): Expression => ({ op: 'not', arg: operand(arg) }),
  in: (value: Operand, list: Operand): Expression => ({ op: 'in', value: operand(value), list: operand(list) }),
  between: (value: Operand, low: Operand, high: Operand): Expression => ({ op: 'between', value: operand(value), low: operand(low), high: operand(high) }),
})

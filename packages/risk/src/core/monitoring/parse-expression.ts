import { isDecimalString } from '@strongroom/kernel'
import {
  arithmeticOperators,
  expressionOperators,
  type ArithmeticOperator,
  type ComparisonOperator,
  type Expression,
  type LiteralValue,
} from './expression.js'
import { isMonitoringFactPath, monitoringFactCatalogue, type FactDescriptor, type ExpressionValueType } from './facts.js'

/** One thing wrong with a rule, at a path into its JSON: `expression.args[1].left.path`. */
export interface RuleProblem {
  readonly path: string
  readonly message: string
}

export type RuleParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly RuleProblem[] }

/**
 * Bounds on one expression, so that an expression loaded from outside
 * cannot exhaust the stack or make every evaluation slow.
 */
export const expressionLimits = Object.freeze({ maxDepth: 24, maxNodes: 256, maxListLength: 500, maxStringLength: 200 })

const nodeFields: Readonly<Record<Expression['op'], readonly string[]>> = {
  literal: ['op', 'value'],
  decimal: ['op', 'value'],
  fact: ['op', 'path'],
  gt: ['op', 'left', 'right'],
  gte: ['op', 'left', 'right'],
  lt: ['op', 'left', 'right'],
  lte: ['op', 'left', 'right'],
  eq: ['op', 'left', 'right'],
  neq: ['op', 'left', 'right'],
  add: ['op', 'left', 'right'],
  sub: ['op', 'left', 'right'],
  mul: ['op', 'left', 'right'],
  div: ['op', 'left', 'right'],
  and: ['op', 'args'],
  or: ['op', 'args'],
  not: ['op', 'arg'],
  in: ['op', 'value', 'list'],
  between: ['op', 'value', 'low', 'high'],
}

interface Checked {
  readonly node: Expression
  readonly type: ExpressionValueType
  /** The fact read, when the node is a fact: its enum values check literals compared with it. */
  readonly fact?: FactDescriptor
}

interface Context {
  readonly errors: RuleProblem[]
  nodes: number
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}

const article = (type: ExpressionValueType) => (type === 'strings' ? 'a list of strings' : `a ${type}`)

/**
 * Reads untrusted JSON as an expression, type-checking every node. The
 * result is a fresh, frozen tree holding only the fields each node defines.
 * `expect` is the type the whole expression must have (a rule's condition
 * must be a boolean).
 */
export function parseMonitoringExpression(input: unknown, options: { path?: string; expect?: ExpressionValueType } = {}): RuleParseResult<Expression> {
  const errors: RuleProblem[] = []
  const checked = checkExpression(input, options.path ?? 'expression', errors, options.expect)
  if (checked === undefined || errors.length > 0) return { ok: false, errors: Object.freeze(errors) }
  return { ok: true, value: checked.node }
}

/** Type-checks `input` at `path`, appending problems to `errors`; the checked node when there were none. */
export function checkExpression(input: unknown, path: string, errors: RuleProblem[], expect?: ExpressionValueType): Checked | undefined {
  const before = errors.length
  const ctx: Context = { errors, nodes: 0 }
  const checked = check(input, path, ctx, 0)
  if (checked !== undefined && expect !== undefined && checked.type !== expect) {
    errors.push({ path, message: `must be ${article(expect)} expression, but this one gives ${article(checked.type)}` })
  }
  return errors.length === before ? checked : undefined
}

function check(input: unknown, path: string, ctx: Context, depth: number): Checked | undefined {
  const problem = (at: string, message: string): undefined => {
    ctx.errors.push({ path: at, message })
    return undefined
  }
  if (depth > expressionLimits.maxDepth) return problem(path, `nested deeper than ${expressionLimits.maxDepth} levels`)
  ctx.nodes += 1
  if (ctx.nodes > expressionLimits.maxNodes) {
    // Reported once, at the node that crossed the bound.
    return ctx.nodes === expressionLimits.maxNodes + 1 ? problem(path, `more than ${expressionLimits.maxNodes} nodes in one expression`) : undefined
  }
  if (!isRecord(input)) return problem(path, `must be an expression object with an "op", got ${describe(input)}`)
  const op = input.op
  if (typeof op !== 'string' || !(expressionOperators as readonly string[]).includes(op)) {
    return problem(`${path}.op`, `must be one of ${expressionOperators.join(', ')}; got ${describe(op)}`)
  }
  const kind = op as Expression['op']
  let fieldsOk = true
  for (const key of Object.keys(input)) {
    if (!nodeFields[kind].includes(key)) {
      problem(`${path}.${key}`, `unexpected field: a "${kind}" node has ${nodeFields[kind].join(', ')}`)
      fieldsOk = false
    }
  }

  const child = (key: string, at = `${path}.${key}`, value: unknown = input[key]) => check(value, at, ctx, depth + 1)
  const need = (c: Checked | undefined, type: ExpressionValueType, at: string, role: string): c is Checked => {
    if (c === undefined) return false
    if (c.type !== type) {
      problem(at, `"${kind}" needs ${article(type)} as its ${role}, got ${article(c.type)}`)
      return false
    }
    return true
  }

  switch (kind) {
    case 'literal': {
      const value = literal(input.value, `${path}.value`, problem)
      if (value === undefined || !fieldsOk) return undefined
      const type: ExpressionValueType = Array.isArray(value) ? 'strings' : (typeof value as 'number' | 'string' | 'boolean')
      return { node: Object.freeze({ op: 'literal', value }), type }
    }
    case 'decimal': {
      if (!isDecimalString(input.value)) {
        return problem(`${path}.value`, `must be a decimal string such as "0.8" or "50000.00", got ${describe(input.value)}`)
      }
      return fieldsOk ? { node: Object.freeze({ op: 'decimal', value: input.value }), type: 'number' } : undefined
    }
    case 'fact': {
      if (typeof input.path !== 'string') return problem(`${path}.path`, `must be a fact path such as "transfer.amount", got ${describe(input.path)}`)
      if (!isMonitoringFactPath(input.path)) return problem(`${path}.path`, `unknown fact "${input.path}"`)
      const fact = monitoringFactCatalogue[input.path]
      return fieldsOk ? { node: Object.freeze({ op: 'fact', path: input.path }), type: fact.type, fact } : undefined
    }
    case 'and':
    case 'or': {
      if (!Array.isArray(input.args) || input.args.length === 0) return problem(`${path}.args`, `must be a non-empty list of expressions`)
      const args: Expression[] = []
      let ok = fieldsOk
      input.args.forEach((arg: unknown, i: number) => {
        const at = `${path}.args[${i}]`
        const c = child('args', at, arg)
        if (need(c, 'boolean', at, 'operand')) args.push(c.node)
        else ok = false
      })
      return ok ? { node: Object.freeze({ op: kind, args: Object.freeze(args) }), type: 'boolean' } : undefined
    }
    case 'not': {
      const arg = child('arg')
      const ok = need(arg, 'boolean', `${path}.arg`, 'operand')
      return ok && fieldsOk ? { node: Object.freeze({ op: 'not', arg: arg.node }), type: 'boolean' } : undefined
    }
    case 'in': {
      const value = child('value')
      const list = child('list')
      const okValue = need(value, 'string', `${path}.value`, 'value')
      const okList = need(list, 'strings', `${path}.list`, 'list')
      if (!okValue || !okList || !fieldsOk) return undefined
      if (list.node.op === 'literal' && value.fact?.values !== undefined) {
        const allowed = value.fact.values
        const items = list.node.value as readonly string[]
        const strays = items.filter((item) => !allowed.includes(item))
        if (strays.length > 0) {
          return problem(`${path}.list.value`, `${strays.map((s) => `"${s}"`).join(', ')} can never match: the fact is one of ${allowed.join(', ')}`)
        }
      }
      return { node: Object.freeze({ op: 'in', value: value.node, list: list.node }), type: 'boolean' }
    }
    case 'between': {
      const value = child('value')
      const low = child('low')
      const high = child('high')
      const okValue = need(value, 'number', `${path}.value`, 'value')
      const okLow = need(low, 'number', `${path}.low`, 'low bound')
      const okHigh = need(high, 'number', `${path}.high`, 'high bound')
      if (!okValue || !okLow || !okHigh || !fieldsOk) return undefined
      return { node: Object.freeze({ op: 'between', value: value.node, low: low.node, high: high.node }), type: 'boolean' }
    }
    default: {
      const left = child('left')
      const right = child('right')
      if (left === undefined || right === undefined) return undefined
      if ((arithmeticOperators as readonly string[]).includes(kind)) {
        const okLeft = need(left, 'number', `${path}.left`, 'left operand')
        const okRight = need(right, 'number', `${path}.right`, 'right operand')
        if (!okLeft || !okRight || !fieldsOk) return undefined
        return { node: Object.freeze({ op: kind as ArithmeticOperator, left: left.node, right: right.node }), type: 'number' }
      }
      const comparison = kind as ComparisonOperator
      if (comparison === 'eq' || comparison === 'neq') {
        if (left.type === 'strings' || right.type === 'strings') return problem(path, `"${kind}" compares numbers, strings or booleans, not lists; use "in"`)
        if (left.type !== right.type) return problem(path, `"${kind}" compares values of one type, got ${article(left.type)} and ${article(right.type)}`)
        if (!enumMatches(left, right, `${path}.right`, problem) || !enumMatches(right, left, `${path}.left`, problem)) return undefined
      } else {
        const okLeft = need(left, 'number', `${path}.left`, 'left operand')
        const okRight = need(right, 'number', `${path}.right`, 'right operand')
        if (!okLeft || !okRight) return undefined
      }
      return fieldsOk ? { node: Object.freeze({ op: comparison, left: left.node, right: right.node }), type: 'boolean' } : undefined
    }
  }
}

/** A literal compared with an enum fact must be one of the fact's values, or the comparison is a typo. */
function enumMatches(fact: Checked, other: Checked, at: string, problem: (at: string, message: string) => undefined): boolean {
  const allowed = fact.fact?.values
  if (allowed === undefined || other.node.op !== 'literal' || typeof other.node.value !== 'string') return true
  if (allowed.includes(other.node.value)) return true
  problem(`${at}.value`, `"${other.node.value}" can never match: the fact is one of ${allowed.join(', ')}`)
  return false
}

function literal(value: unknown, at: string, problem: (at: string, message: string) => undefined): LiteralValue | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      return problem(at, `a number literal must be a whole number (got ${String(value)}); write fractions and amounts as { "op": "decimal", "value": "0.8" }`)
    }
    return value
  }
  if (typeof value === 'string') {
    if (value.length > expressionLimits.maxStringLength) return problem(at, `a string literal may be at most ${expressionLimits.maxStringLength} characters`)
    return value
  }
  if (Array.isArray(value)) {
    if (value.length > expressionLimits.maxListLength) return problem(at, `a list literal may hold at most ${expressionLimits.maxListLength} items`)
    const bad = value.findIndex((item) => typeof item !== 'string' || item.length > expressionLimits.maxStringLength)
    if (bad >= 0) return problem(`${at}[${bad}]`, `a list literal holds strings only, got ${describe(value[bad])}`)
    return Object.freeze([...(value as string[])])
  }
  return problem(at, `must be a whole number, a string, a boolean or a list of strings, got ${describe(value)}`)
}

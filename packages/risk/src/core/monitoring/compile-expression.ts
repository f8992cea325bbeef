import { decimal, isDecimalString, type ExactDecimal } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import { expressionType, type ArithmeticNode, type ComparisonNode, type Expression } from './expression.js'
import type { ExpressionValueType, MonitoringFactPath, MonitoringFacts } from './facts.js'
import { parseMonitoringExpression } from './parse-expression.js'

/**
 * Turns a checked expression into closures, once, so that evaluating it is a
 * few property reads and decimal comparisons: no tree walk, no switch on
 * `op`, no parsing of literals per evaluation.
 *
 * Types are checked once, before compiling; what can still go wrong at
 * evaluation is the facts object (a fact missing or of the wrong type), a
 * programming error that throws a TypeError naming the fact.
 */

/** A value an expression node produces. Numbers are exact decimals; null is "not known". */
export type ExpressionValue = ExactDecimal | string | boolean | readonly string[] | null

/** Called with each node and the value it produced, when a caller wants to see inside an evaluation. */
export type ExpressionObserver = (node: Expression, value: ExpressionValue) => void

type Fn<T> = (facts: MonitoringFacts) => T
type NumberFn = Fn<ExactDecimal | null>
type StringFn = Fn<string | null>
type BooleanFn = Fn<boolean>
type StringsFn = Fn<readonly string[] | null>

/**
 * The condition of a rule as one function of the facts. The expression is
 * validated first (as `parseMonitoringExpression` does, and it must be a
 * boolean).
 *
 * @throws RiskError 'risk.invalid_rule' with `details.errors` for an invalid expression.
 */
export function compileCondition(node: Expression): BooleanFn {
  return compileCheckedCondition(requireExpression(node, 'boolean'))
}

/**
 * Any expression as a function of the facts, validated first.
 *
 * @throws RiskError 'risk.invalid_rule' with `details.errors` for an invalid expression.
 */
export function compileExpression(node: Expression): Fn<ExpressionValue> {
  return compileCheckedExpression(requireExpression(node))
}

/** Compiles a condition already validated (a rule of a parsed pack). */
export function compileCheckedCondition(node: Expression, observer?: ExpressionObserver): BooleanFn {
  if (expressionType(node) !== 'boolean') throw new TypeError(`a condition must be a boolean expression, not "${node.op}"`)
  return new Compiler(observer).boolean(node)
}

/** Compiles an expression already validated, calling `observer` with every node's value when given. */
export function compileCheckedExpression(node: Expression, observer?: ExpressionObserver): Fn<ExpressionValue> {
  return new Compiler(observer).any(node)
}

function requireExpression(node: Expression, expect?: ExpressionValueType): Expression {
  const parsed = parseMonitoringExpression(node, expect === undefined ? {} : { expect })
  if (parsed.ok) return parsed.value
  const [first] = parsed.errors
  throw new RiskError('risk.invalid_rule', `expression is not valid: ${first?.path}: ${first?.message}`, { errors: parsed.errors })
}

/** Reads a fact by its path, with a clear error when the facts object lacks it. */
export function factReader(path: MonitoringFactPath): Fn<unknown> {
  const keys = path.split('.')
  const missing = (): never => {
    throw new TypeError(`monitoring fact ${path} is missing from the facts`)
  }
  if (keys.length === 2) {
    const [a, b] = keys as [string, string]
    return (facts) => {
      const value = (facts as unknown as Record<string, Record<string, unknown> | undefined>)[a]?.[b]
      return value === undefined ? missing() : value
    }
  }
  return (facts) => {
    let value: unknown = facts
    for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key]
    return value === undefined ? missing() : value
  }
}

/**
 * Fact values already read as decimals. Parsing a decimal string costs
 * about as much as the rest of a rule, and the same values come back on
 * every evaluation (the thresholds, small counts, "0"); an ExactDecimal is
 * immutable, so sharing one is safe. Bounded: emptied when full.
 */
const decimalCache = new Map<string | number, ExactDecimal>()
const decimalCacheLimit = 4096

/** The decimal of a decimal string or a safe integer; undefined for a string that is not a decimal. */
function cachedDecimal(raw: string | number): ExactDecimal | undefined {
  let value = decimalCache.get(raw)
  if (value !== undefined) return value
  if (typeof raw === 'string' && !isDecimalString(raw)) return undefined
  value = decimal(String(raw))
  if (decimalCache.size >= decimalCacheLimit) decimalCache.clear()
  decimalCache.set(raw, value)
  return value
}

function wrongType(path: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? `"${got}"` : Array.isArray(got) ? 'a list' : String(got)
  throw new TypeError(`monitoring fact ${path} must be ${expected}, got ${shown}`)
}

class Compiler {
  constructor(private readonly observer: ExpressionObserver | undefined) {}

  private watch<T extends ExpressionValue>(node: Expression, fn: Fn<T>): Fn<T> {
    const observer = this.observer
    if (observer === undefined) return fn
    return (facts) => {
      const value = fn(facts)
      observer(node, value)
      return value
    }
  }

  any(node: Expression): Fn<ExpressionValue> {
    switch (expressionType(node)) {
      case 'number':
        return this.number(node)
      case 'string':
        return this.string(node)
      case 'strings':
        return this.strings(node)
      default:
        return this.boolean(node)
    }
  }

  number(node: Expression): NumberFn {
    switch (node.op) {
      case 'literal':
      case 'decimal': {
        const value = decimal(String(node.value))
        return this.watch(node, () => value)
      }
      case 'fact': {
        const read = factReader(node.path)
        const path = node.path
        return this.watch(node, (facts) => {
          const raw = read(facts)
          if (raw === null) return null
          if (typeof raw === 'number' ? !Number.isSafeInteger(raw) : typeof raw !== 'string') return wrongType(path, 'a decimal string or a whole number', raw)
          return cachedDecimal(raw as string | number) ?? wrongType(path, 'a decimal string or a whole number', raw)
        })
      }
      default:
        return this.arithmetic(node as ArithmeticNode)
    }
  }

  private arithmetic(node: ArithmeticNode): NumberFn {
    const left = this.number(node.left)
    const right = this.number(node.right)
    const apply = {
      add: (a: ExactDecimal, b: ExactDecimal) => a.plus(b),
      sub: (a: ExactDecimal, b: ExactDecimal) => a.minus(b),
      mul: (a: ExactDecimal, b: ExactDecimal) => a.times(b),
      // Division by zero is "not known", not Infinity: a rule that divides by an empty baseline does not hit.
      div: (a: ExactDecimal, b: ExactDecimal) => (b.isZero() ? null : a.dividedBy(b)),
    }[node.op]
    return this.watch(node, (facts) => {
      const a = left(facts)
      if (a === null) return null
      const b = right(facts)
      return b === null ? null : apply(a, b)
    })
  }

  string(node: Expression): StringFn {
    if (node.op === 'literal') {
      const value = node.value as string
      return this.watch(node, () => value)
    }
    if (node.op !== 'fact') throw new TypeError(`"${node.op}" does not give a string`)
    const read = factReader(node.path)
    const path = node.path
    return this.watch(node, (facts) => {
      const raw = read(facts)
      return raw === null || typeof raw === 'string' ? raw : wrongType(path, 'a string', raw)
    })
  }

  strings(node: Expression): StringsFn {
    if (node.op === 'literal') {
      const value = node.value as readonly string[]
      return this.watch(node, () => value)
    }
    if (node.op !== 'fact') throw new TypeError(`"${node.op}" does not give a list`)
    const read = factReader(node.path)
    const path = node.path
    return this.watch(node, (facts) => {
      const raw = read(facts)
      if (raw === null) return null
      return Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? (raw as readonly string[]) : wrongType(path, 'a list of strings', raw)
    })
  }

  boolean(node: Expression): BooleanFn {
    switch (node.op) {
      case 'literal': {
        const value = node.value as boolean
        return this.watch(node, () => value)
      }
      case 'fact': {
        const read = factReader(node.path)
        const path = node.path
        // An unknown boolean fact is false, like every other test on an unknown value.
        return this.watch(node, (facts) => {
          const raw = read(facts)
          if (raw === null) return false
          return typeof raw === 'boolean' ? raw : wrongType(path, 'a boolean', raw)
        })
      }
      case 'and': {
        const args = node.args.map((arg) => this.boolean(arg))
        return this.watch(node, (facts) => {
          for (const arg of args) if (!arg(facts)) return false
          return true
        })
      }
      case 'or': {
        const args = node.args.map((arg) => this.boolean(arg))
        return this.watch(node, (facts) => {
          for (const arg of args) if (arg(facts)) return true
          return false
        })
      }
      case 'not': {
        const arg = this.boolean(node.arg)
        return this.watch(node, (facts) => !arg(facts))
      }
      case 'in': {
        const value = this.string(node.value)
        const list = this.strings(node.list)
        // A literal list becomes a set once; when observed, the list is read like any other node.
        const members = node.list.op === 'literal' && this.observer === undefined ? new Set(node.list.value as readonly string[]) : undefined
        return this.watch(node, (facts) => {
          const v = value(facts)
          if (v === null) return false
          if (members !== undefined) return members.has(v)
          const l = list(facts)
          return l !== null && l.includes(v)
        })
      }
      case 'between': {
        const value = this.number(node.value)
        const low = this.number(node.low)
        const high = this.number(node.high)
        return this.watch(node, (facts) => {
          const v = value(facts)
          if (v === null) return false
          const lo = low(facts)
          if (lo === null || v.lessThan(lo)) return false
          const hi = high(facts)
          return hi !== null && v.lessThanOrEqualTo(hi)
        })
      }
      default:
        return this.comparison(node as ComparisonNode)
    }
  }

  private comparison(node: ComparisonNode): BooleanFn {
    const type = expressionType(node.left)
    if (type === 'number') {
      const left = this.number(node.left)
      const right = this.number(node.right)
      const test = {
        gt: (c: number) => c > 0,
        gte: (c: number) => c >= 0,
        lt: (c: number) => c < 0,
        lte: (c: number) => c <= 0,
        eq: (c: number) => c === 0,
        neq: (c: number) => c !== 0,
      }[node.op]
      return this.watch(node, (facts) => {
        const a = left(facts)
        if (a === null) return false
        const b = right(facts)
        return b !== null && test(a.comparedTo(b))
      })
    }
    if (node.op !== 'eq' && node.op !== 'neq') throw new TypeError(`"${node.op}" compares numbers only`)
    const left = type === 'string' ? this.string(node.left) : this.boolean(node.left)
    const right = type === 'string' ? this.string(node.right) : this.boolean(node.right)
    const equal = node.op === 'eq'
    return this.watch(node, (facts) => {
      const a = left(facts)
      const b = right(facts)
      if (a === null || b === null) return false
      return (a === b) === equal
    })
  }
}

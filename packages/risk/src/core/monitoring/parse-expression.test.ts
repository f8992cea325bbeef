import { describe, expect, it } from 'vitest'
import { expressionLimits, parseMonitoringExpression } from './parse-expression.js'

const json = (text: string): unknown => JSON.parse(text)

function errorsOf(input: unknown, expect?: 'boolean'): { path: string; message: string }[] {
  const result = parseMonitoringExpression(input, expect === undefined ? {} : { expect })
  if (result.ok) throw new Error('expected the expression to be refused')
  return [...result.errors]
}

describe('parseMonitoringExpression', () => {
  it('reads a well-formed tree as a fresh, frozen copy', () => {
    const input = json(`{
      "op": "and",
      "args": [
        { "op": "eq", "left": { "op": "fact", "path": "transfer.direction" }, "right": { "op": "literal", "value": "in" } },
        { "op": "gte",
          "left": { "op": "fact", "path": "transfer.amount" },
          "right": { "op": "mul", "left": { "op": "fact", "path": "config.reportingThreshold" }, "right": { "op": "decimal", "value": "0.9" } } },
        { "op": "in", "value": { "op": "fact", "path": "transfer.counterpartyCountry" }, "list": { "op": "literal", "value": ["KP", "IR"] } },
        { "op": "not", "arg": { "op": "between", "value": { "op": "fact", "path": "client.ageDays" },
          "low": { "op": "literal", "value": 0 }, "high": { "op": "literal", "value": 30 } } }
      ]
    }`)
    const result = parseMonitoringExpression(input, { expect: 'boolean' })
    expect(result).toEqual({ ok: true, value: input })
    if (!result.ok) return
    expect(result.value).not.toBe(input)
    expect(Object.isFrozen(result.value)).toBe(true)
  })

  it('names an unknown fact path, with the path to it', () => {
    expect(errorsOf(json('{ "op": "gt", "left": { "op": "fact", "path": "transfer.amout" }, "right": { "op": "literal", "value": 1 } }'))).toEqual([
      { path: 'expression.left.path', message: 'unknown fact "transfer.amout"' },
    ])
    expect(errorsOf({ op: 'fact', path: 'agg.in.cash.count.P3D' })[0]?.message).toBe('unknown fact "agg.in.cash.count.P3D"')
  })

  it('names an unknown operator and an unexpected field', () => {
    expect(errorsOf({ op: 'matches', left: 1 })[0]).toEqual({ path: 'expression.op', message: expect.stringContaining('must be one of literal, decimal, fact, gt') })
    expect(errorsOf({ op: 'gt', left: { op: 'literal', value: 1 }, rigth: { op: 'literal', value: 2 } })).toEqual([
      { path: 'expression.rigth', message: 'unexpected field: a "gt" node has op, left, right' },
      { path: 'expression.right', message: expect.stringContaining('must be an expression object') },
    ])
  })

  it('refuses comparing a string with a number, or ordering strings', () => {
    const mixed = { op: 'eq', left: { op: 'fact', path: 'transfer.currency' }, right: { op: 'literal', value: 5 } }
    expect(errorsOf(mixed)).toEqual([{ path: 'expression', message: '"eq" compares values of one type, got a string and a number' }])
    const ordered = { op: 'gt', left: { op: 'fact', path: 'client.country' }, right: { op: 'literal', value: 'CN' } }
    expect(errorsOf(ordered)).toEqual([
      { path: 'expression.left', message: '"gt" needs a number as its left operand, got a string' },
      { path: 'expression.right', message: '"gt" needs a number as its right operand, got a string' },
    ])
  })

  it('catches a misspelt value of a closed fact', () => {
    const typo = { op: 'eq', left: { op: 'fact', path: 'transfer.direction' }, right: { op: 'literal', value: 'inbound' } }
    expect(errorsOf(typo)).toEqual([{ path: 'expression.right.value', message: '"inbound" can never match: the fact is one of in, out' }])
    const listTypo = { op: 'in', value: { op: 'fact', path: 'transfer.channel' }, list: { op: 'literal', value: ['cash', 'card'] } }
    expect(errorsOf(listTypo)).toEqual([{ path: 'expression.list.value', message: '"card" can never match: the fact is one of cash, transfer, internal' }])
  })

  it('takes whole JSON numbers only, and decimals as strings', () => {
    expect(errorsOf({ op: 'literal', value: 0.8 })[0]?.message).toMatch(/whole number .*"decimal"/)
    expect(errorsOf({ op: 'decimal', value: '1e5' })).toEqual([{ path: 'expression.value', message: 'must be a decimal string such as "0.8" or "50000.00", got "1e5"' }])
    expect(errorsOf({ op: 'decimal', value: 0.8 })[0]?.path).toBe('expression.value')
    expect(parseMonitoringExpression({ op: 'decimal', value: '-0.80' }).ok).toBe(true)
  })

  it('wants booleans in and, or, not, and a non-empty list of them', () => {
    expect(errorsOf({ op: 'and', args: [] })).toEqual([{ path: 'expression.args', message: 'must be a non-empty list of expressions' }])
    expect(errorsOf({ op: 'or', args: [{ op: 'literal', value: true }, { op: 'fact', path: 'transfer.amount' }] })).toEqual([
      { path: 'expression.args[1]', message: '"or" needs a boolean as its operand, got a number' },
    ])
    expect(errorsOf({ op: 'not', arg: { op: 'literal', value: 'yes' } })[0]?.path).toBe('expression.arg')
  })

  it('wants a list on the right of in', () => {
    const wrong = { op: 'in', value: { op: 'fact', path: 'client.country' }, list: { op: 'fact', path: 'config.currency' } }
    expect(errorsOf(wrong)).toEqual([{ path: 'expression.list', message: '"in" needs a list of strings as its list, got a string' }])
  })

  it('checks the type of the whole expression when asked', () => {
    expect(errorsOf({ op: 'fact', path: 'transfer.amount' }, 'boolean')).toEqual([
      { path: 'expression', message: 'must be a boolean expression, but this one gives a number' },
    ])
  })

  it('reports every problem at once', () => {
    const input = {
      op: 'and',
      args: [
        { op: 'fact', path: 'nope' },
        { op: 'gt', left: { op: 'literal', value: 1.5 }, right: { op: 'fact', path: 'transfer.amount' } },
      ],
    }
    expect(errorsOf(input).map((e) => e.path)).toEqual(['expression.args[0].path', 'expression.args[1].left.value'])
  })

  it('bounds depth and size', () => {
    let deep: unknown = { op: 'literal', value: true }
    for (let i = 0; i < expressionLimits.maxDepth + 5; i++) deep = { op: 'not', arg: deep }
    expect(errorsOf(deep).some((e) => e.message.includes('nested deeper'))).toBe(true)
    const wide = { op: 'or', args: Array.from({ length: expressionLimits.maxNodes }, () => ({ op: 'literal', value: false })) }
    expect(errorsOf(wide)).toEqual([{ path: `expression.args[${expressionLimits.maxNodes - 1}]`, message: `more than ${expressionLimits.maxNodes} nodes in one expression` }])
  })

  it('refuses what is not an expression object', () => {
    expect(errorsOf(null)).toEqual([{ path: 'expression', message: 'must be an expression object with an "op", got null' }])
    expect(errorsOf([1])[0]?.message).toMatch(/got a list/)
    expect(errorsOf({ op: 'literal', value: { a: 1 } })[0]?.message).toMatch(/whole number, a string, a boolean or a list of strings/)
    expect(errorsOf({ op: 'literal', value: ['KP', 7] })).toEqual([{ path: 'expression.value[1]', message: 'a list literal holds strings only, got number 7' }])
  })
})

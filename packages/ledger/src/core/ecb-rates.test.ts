import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseEcbCsv } from './ecb-rates.js'
import { convert, crossRate } from './fx.js'
import { cny, usd } from '../testing/index.js'

// The real file, beside the repository (../shared/data/ecb from the repo root).
const file = readFileSync(new URL('../../../../../shared/data/ecb/eurofxref-hist.csv', import.meta.url), 'utf8').split('\n')
const first50Lines = file.slice(0, 50).join('\n')

describe('parseEcbCsv — the real ECB history, first 50 lines', () => {
  const result = parseEcbCsv(first50Lines)
  if (!result.ok) throw new Error(`line ${result.line}: ${result.reason}`)

  it('reads one day per row, newest first, as the ECB lists them', () => {
    expect(result.days).toHaveLength(49)
    expect(result.days[0]!.date).toBe('2025-05-09')
    expect(result.days[48]!.date).toBe('2025-02-27')
  })

  it('reads EUR → each currency exactly as published', () => {
    const day = result.days[0]!
    const byQuote = Object.fromEntries(day.rates.map((r) => [r.quote, r]))
    expect(byQuote['USD']).toEqual({ base: 'EUR', quote: 'USD', rate: '1.1252', source: 'ECB', asOf: '2025-05-09' })
    expect(byQuote['CNY']!.rate).toBe('8.147')
    expect(byQuote['JPY']!.rate).toBe('163.36')
    expect(byQuote['IDR']!.rate).toBe('18606.59')
  })

  it('skips N/A and the trailing comma; leaves out currencies the euro replaced', () => {
    const quotes = result.days[0]!.rates.map((r) => r.quote)
    expect(quotes).toHaveLength(30) // the 30 quoted that day
    expect(quotes).not.toContain('RUB') // N/A since 2022
    expect(result.skippedCurrencies).toEqual(['CYP', 'EEK', 'LTL', 'LVL', 'MTL', 'ROL', 'SIT', 'SKK', 'HRK', 'TRL'])
  })

  it('gives rates that convert and cross: USD → CNY on 2025-05-09', () => {
    const rates = result.days[0]!.rates
    const usdCny = crossRate(rates.find((r) => r.quote === 'CNY')!, rates.find((r) => r.quote === 'USD')!)
    expect(usdCny.rate).toBe('7.240490579')
    expect(convert(usd('10000.00'), usdCny, 'CNY')).toEqual(cny('72404.91'))
  })
})

describe('parseEcbCsv — the oldest rows', () => {
  it('reads 1999, when ISK and CYP were quoted and CNY was not', () => {
    const result = parseEcbCsv([file[0], ...file.slice(-4)].join('\n'))
    if (!result.ok) throw new Error(result.reason)
    const last = result.days[result.days.length - 1]!
    expect(last.date).toBe('1999-01-04')
    expect(last.rates.find((r) => r.quote === 'ISK')?.rate).toBe('81.48')
    expect(last.rates.find((r) => r.quote === 'CNY')).toBeUndefined()
    expect(last.rates.find((r) => (r.quote as string) === 'CYP')).toBeUndefined()
  })
})

describe('parseEcbCsv — what it refuses or tolerates', () => {
  const header = 'Date,USD,JPY,'
  it('tolerates a byte-order mark, CRLF line ends, blank lines and a line without the trailing comma', () => {
    const result = parseEcbCsv(`\uFEFF${header}\r\n2025-05-09,1.1252,163.36,\r\n\r\n2025-05-08,1.1297,163.45\r\n`)
    expect(result).toMatchObject({ ok: true, days: [{ date: '2025-05-09' }, { date: '2025-05-08' }] })
  })

  it.each([
    ['a missing header', '2025-05-09,1.1252,163.36,', 1],
    ['a date that does not exist', `${header}\n2025-02-30,1.1,160,`, 2],
    ['a row with a cell too few', `${header}\n2025-05-09,1.1252,`, 2],
    ['a negative rate', `${header}\n2025-05-09,-1.1252,163.36,`, 2],
    ['a zero rate', `${header}\n2025-05-09,0.000,163.36,`, 2],
    ['a number in exponent form', `${header}\n2025-05-09,1.1252,1.6336e2,`, 2],
    ['a thousands separator', `${header}\n2025-05-09,1.1252,"1,633.6",`, 2],
  ])('reports %s with its line', (_, text, line) => {
    expect(parseEcbCsv(text)).toMatchObject({ ok: false, line })
  })
})

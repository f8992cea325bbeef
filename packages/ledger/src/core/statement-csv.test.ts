import { describe, expect, it } from 'vitest'
import { money, parseMoney, type Money } from '@strongroom/kernel'
import type { Account } from './account.js'
import { buildStatement, type StatementSourceEntry } from './statement.js'
import { renderStatementCsv } from './statement-csv.js'
import { anAccount, cny } from '../testing/index.js'

const january = { from: '2026-01-01', to: '2026-01-31' }
const generatedAt = new Date('2026-02-01T08:00:00.000Z')

function anEntry(account: Account, n: number, direction: 'debit' | 'credit', amount: Money, balanceAfter: Money, extra: Partial<StatementSourceEntry> = {}): StatementSourceEntry {
  return {
    id: `e${n}`, transferId: `t${n}`, accountId: account.id, direction, amount, balanceAfter, accountSequence: BigInt(n),
    postedAt: new Date(Date.UTC(2026, 0, n, 9, 30)), ...extra,
  }
}

/** RFC 4180, read back: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += c
  }
  if (field !== '' || row.length > 0) throw new Error('the last row does not end with CRLF')
  return rows
}

describe('renderStatementCsv', () => {
  const account = anAccount({ id: 'acc-1', name: 'Wang Fang' }).account

  it('writes a header, the opening balance, one row per line and the closing balance, with CRLF line ends', () => {
    // By hand: 1,000.00 + 500.00 = 1,500.00; − 250.50 = 1,249.50.
    const statement = buildStatement({
      account,
      opening: cny('1000.00'),
      entries: [
        anEntry(account, 1, 'credit', cny('500.00'), cny('1500.00'), { reference: 'salary', counterpartyName: 'ACME Ltd' }),
        anEntry(account, 2, 'debit', cny('250.50'), cny('1249.50')),
      ],
      period: january,
      generatedAt,
    })
    expect(renderStatementCsv(statement)).toBe(
      'posted_at,line,entry_id,transfer_id,reference,counterparty,direction,amount,balance,currency\r\n' +
        '2026-01-01T00:00:00.000Z,opening,,,,,,,1000.00,CNY\r\n' +
        '2026-01-01T09:30:00.000Z,entry,e1,t1,salary,ACME Ltd,credit,500.00,1500.00,CNY\r\n' +
        '2026-01-02T09:30:00.000Z,entry,e2,t2,,,debit,-250.50,1249.50,CNY\r\n' +
        '2026-01-31T23:59:59.999Z,closing,,,,,,,1249.50,CNY\r\n',
    )
  })

  it('quotes fields with commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', () => {
    const hostile = [
      ['=HYPERLINK("http://x.example","click"),', `'=HYPERLINK("http://x.example","click"),`],
      ['+86 138 0000 0000', `'+86 138 0000 0000`],
      ['-2+3', `'-2+3`],
      ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
      ['\tcmd', `'\tcmd`],
      ['\rcmd', `'\rcmd`],
      ['Li, "Wei"\nline two', 'Li, "Wei"\nline two'],
      ['line one\r\nline two', 'line one\r\nline two'],
      ['Müller 王芳', 'Müller 王芳'],
    ] as const
    let balance = 0n
    const entries = hostile.map(([text], i) => {
      balance += 100n
      return anEntry(account, i + 1, 'credit', cny('1.00'), money(balance, 'CNY'), { reference: text, counterpartyName: text })
    })
    const csv = renderStatementCsv(buildStatement({ account, opening: cny('0.00'), entries, period: january, generatedAt }))
    const rows = parseCsv(csv)
    expect(rows.every((row) => row.length === 10)).toBe(true)
    const lines = rows.slice(2, -1)
    expect(lines.map((row) => row[4])).toEqual(hostile.map(([, cell]) => cell))
    expect(lines.map((row) => row[5])).toEqual(hostile.map(([, cell]) => cell))
    // The raw text really is quoted where it must be.
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""click""),"`)
    expect(csv).toContain('"Li, ""Wei""\nline two"')
  })

  it('writes amounts it formatted itself as they are — a minus is a sign there — with the currency’s exponent', () => {
    const kwd = anAccount({ id: 'acc-kwd', currency: 'KWD' }).account
    const jpy = anAccount({ id: 'acc-jpy', currency: 'JPY' }).account
    const kwdCsv = renderStatementCsv(buildStatement({
      account: kwd, opening: parseMoney('2', 'KWD'), period: january, generatedAt,
      entries: [anEntry(kwd, 1, 'debit', parseMoney('1.25', 'KWD'), parseMoney('0.75', 'KWD'))],
    }))
    const jpyCsv = renderStatementCsv(buildStatement({
      account: jpy, opening: parseMoney('100', 'JPY'), period: january, generatedAt,
      entries: [anEntry(jpy, 1, 'debit', parseMoney('150', 'JPY'), parseMoney('-50', 'JPY'))],
    }))
    // By hand: KWD 2.000 − 1.250 = 0.750; JPY 100 − 150 = −50.
    expect(parseCsv(kwdCsv).map((row) => [row[7], row[8]])).toEqual([['amount', 'balance'], ['', '2.000'], ['-1.250', '0.750'], ['', '0.750']])
    expect(parseCsv(jpyCsv).map((row) => [row[7], row[8]])).toEqual([['amount', 'balance'], ['', '100'], ['-150', '-50'], ['', '-50']])
  })

  it('starts with a byte order mark only when asked', () => {
    const statement = buildStatement({ account, opening: cny('0.00'), entries: [], period: january, generatedAt })
    expect(renderStatementCsv(statement).startsWith('posted_at,')).toBe(true)
    expect(renderStatementCsv(statement, { bom: true }).startsWith('\uFEFFposted_at,')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { currencyExponent, money, parseMoney, type CurrencyCode, type Money } from '@strongroom/kernel'
import type { Account } from './account.js'
import { buildStatement, type Statement, type StatementSourceEntry } from './statement.js'
import { camt053Namespace, renderStatementCamt053 } from './statement-camt053.js'
import { anAccount, aVault, cny } from '../testing/index.js'

// Element order of the camt.053.001.08 types we write, as the XSD's sequences give it.
const order = {
  BkToCstmrStmt: ['GrpHdr', 'Stmt', 'SplmtryData'],
  GrpHdr: ['MsgId', 'CreDtTm', 'MsgRcpt', 'MsgPgntn', 'OrgnlBizQry', 'AddtlInf'],
  Stmt: ['Id', 'StmtPgntn', 'ElctrncSeqNb', 'RptgSeq', 'LglSeqNb', 'CreDtTm', 'FrToDt', 'CpyDplctInd', 'RptgSrc', 'Acct', 'RltdAcct', 'Intrst', 'Bal', 'TxsSummry', 'Ntry', 'AddtlStmtInf'],
  FrToDt: ['FrDtTm', 'ToDtTm'],
  Acct: ['Id', 'Tp', 'Ccy', 'Nm', 'Prxy', 'Ownr', 'Svcr'],
  Bal: ['Tp', 'CdtLine', 'Amt', 'CdtDbtInd', 'Dt', 'Avlbty'],
  TxsSummry: ['TtlNtries', 'TtlCdtNtries', 'TtlDbtNtries', 'TtlNtriesPerBkTxCd'],
  TtlNtries: ['NbOfNtries', 'Sum', 'TtlNetNtry'],
  TtlCdtNtries: ['NbOfNtries', 'Sum'],
  TtlDbtNtries: ['NbOfNtries', 'Sum'],
  Ntry: ['NtryRef', 'Amt', 'CdtDbtInd', 'RvslInd', 'Sts', 'BookgDt', 'ValDt', 'AcctSvcrRef', 'Avlbty', 'BkTxCd', 'ComssnWvrInd', 'AddtlInfInd', 'AmtDtls', 'Chrgs', 'TechInptChanl', 'Intrst', 'CardTx', 'NtryDtls', 'AddtlNtryInf'],
  NtryDtls: ['Btch', 'TxDtls'],
  TxDtls: ['Refs', 'Amt', 'CdtDbtInd', 'AmtDtls', 'Avlbty', 'BkTxCd', 'Chrgs', 'Intrst', 'RltdPties', 'RltdAgts', 'LclInstrm', 'Purp', 'RltdRmtInf', 'RmtInf', 'RltdDts', 'AddtlTxInf'],
  Refs: ['MsgId', 'AcctSvcrRef', 'PmtInfId', 'InstrId', 'EndToEndId', 'UETR', 'TxId'],
  RltdPties: ['InitgPty', 'Dbtr', 'DbtrAcct', 'UltmtDbtr', 'Cdtr', 'CdtrAcct', 'UltmtCdtr', 'TradgPty', 'Prtry'],
} as const satisfies Record<string, readonly string[]>
const required: Partial<Record<keyof typeof order, readonly string[]>> = {
  BkToCstmrStmt: ['GrpHdr', 'Stmt'],
  GrpHdr: ['MsgId', 'CreDtTm'],
  Stmt: ['Id', 'Acct', 'Bal'],
  Bal: ['Tp', 'Amt', 'CdtDbtInd', 'Dt'],
  Ntry: ['Amt', 'CdtDbtInd', 'Sts', 'BkTxCd'],
}

interface Node {
  readonly name: string
  readonly attributes: Record<string, string>
  readonly children: Node[]
  readonly text: string
}

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: true,
})

function toNodes(items: unknown[]): Node[] {
  return items.flatMap((item) => {
    const record = item as Record<string, unknown>
    const name = Object.keys(record).find((key) => key !== ':@')!
    if (name === '#text' || name === '?xml') return []
    const body = record[name] as unknown[]
    const text = body.map((part) => (part as { '#text'?: string })['#text'] ?? '').join('')
    return [{ name, attributes: (record[':@'] as Record<string, string>) ?? {}, children: toNodes(body), text }]
  })
}

/** Parses the document and checks every element we know comes in the order, and with the children, the schema demands. */
function parseCamt(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true)
  const [document] = toNodes(parser.parse(xml) as unknown[])
  expect(document!.name).toBe('Document')
  expect(document!.attributes.xmlns).toBe(camt053Namespace)
  checkOrder(document!)
  return document!
}

function checkOrder(node: Node): void {
  const expected = (order as Record<string, readonly string[]>)[node.name]
  if (expected) {
    const positions = node.children.map((child) => expected.indexOf(child.name))
    expect(positions, `${node.name} has an unknown child: ${node.children.map((c) => c.name)}`).not.toContain(-1)
    expect(positions, `${node.name} children out of order: ${node.children.map((c) => c.name)}`).toEqual([...positions].sort((a, b) => a - b))
    for (const name of required[node.name as keyof typeof order] ?? []) {
      expect(node.children.map((c) => c.name), `${node.name} lacks ${name}`).toContain(name)
    }
  }
  node.children.forEach(checkOrder)
}

const child = (node: Node, ...path: string[]): Node =>
  path.reduce((at, name) => {
    const next = at.children.find((c) => c.name === name)
    if (!next) throw new Error(`no ${name} under ${at.name}`)
    return next
  }, node)
const childrenNamed = (node: Node, name: string) => node.children.filter((c) => c.name === name)
const textAt = (node: Node, ...path: string[]) => child(node, ...path).text

/** An ISO 20022 amount: digits and the currency's exact number of decimals, never a sign. */
function expectAmountFormat(text: string, currency: CurrencyCode) {
  const exponent = currencyExponent(currency)
  expect(text).toMatch(exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${exponent}}$`))
}

const january = { from: '2026-01-01', to: '2026-01-31' }
const generatedAt = new Date('2026-02-01T08:00:00.000Z')
const messageId = 'MSG20260201080000CNY0001'

function anEntry(account: Account, n: number, direction: 'debit' | 'credit', amount: Money, balanceAfter: Money | null, extra: Partial<StatementSourceEntry> = {}): StatementSourceEntry {
  return {
    id: `e${n}`, transferId: `t${n}`, accountId: account.id, direction, amount, balanceAfter, accountSequence: BigInt(n),
    postedAt: new Date(Date.UTC(2026, 0, n, 9, 30)), transferKind: 'transfer', channel: 'transfer', ...extra,
  }
}

describe('renderStatementCamt053', () => {
  const accountId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b'
  const account = anAccount({ id: accountId, name: 'Chen Jing' }).account
  const longReference = `INV-${'9'.repeat(60)}`
  // By hand: 1,000.00 + 500.00 = 1,500.00; − 250.50 = 1,249.50; + 0.01 = 1,249.51.
  const statement: Statement = buildStatement({
    account,
    opening: cny('1000.00'),
    entries: [
      anEntry(account, 1, 'credit', cny('500.00'), cny('1500.00'), { reference: 'salary', counterpartyName: 'ACME Ltd', channel: 'transfer' }),
      anEntry(account, 2, 'debit', cny('250.50'), cny('1249.50'), { reference: longReference, counterpartyName: 'Landlord Co', channel: 'transfer' }),
      anEntry(account, 3, 'credit', cny('0.01'), cny('1249.51'), { reference: null, counterpartyName: null, transferKind: 'reversal', channel: 'cash' }),
    ],
    period: january,
    generatedAt,
  })

  it('writes a BankToCustomerStatement whose elements come in the schema’s order, with the statement’s figures', () => {
    const document = parseCamt(renderStatementCamt053(statement, { messageId }))
    const stmt = child(document, 'BkToCstmrStmt', 'Stmt')
    expect(textAt(document, 'BkToCstmrStmt', 'GrpHdr', 'MsgId')).toBe(messageId)
    expect(textAt(document, 'BkToCstmrStmt', 'GrpHdr', 'CreDtTm')).toBe('2026-02-01T08:00:00.000Z')
    expect(textAt(stmt, 'Id')).toBe('2026-01-01-2026-01-31')
    expect(textAt(stmt, 'FrToDt', 'FrDtTm')).toBe('2026-01-01T00:00:00.000Z')
    expect(textAt(stmt, 'FrToDt', 'ToDtTm')).toBe('2026-01-31T23:59:59.999Z')
    expect(textAt(stmt, 'Acct', 'Id', 'Othr', 'Id')).toBe('0190a1b2c3d47e5f8a6b7c8d9e0f1a2b') // the UUID, in Max34Text
    expect(textAt(stmt, 'Acct', 'Ccy')).toBe('CNY')
    expect(textAt(stmt, 'Acct', 'Nm')).toBe('Chen Jing')

    const [opening, closing] = childrenNamed(stmt, 'Bal')
    expect([textAt(opening!, 'Tp', 'CdOrPrtry', 'Cd'), textAt(opening!, 'Amt'), child(opening!, 'Amt').attributes.Ccy, textAt(opening!, 'CdtDbtInd'), textAt(opening!, 'Dt', 'Dt')])
      .toEqual(['OPBD', '1000.00', 'CNY', 'CRDT', '2026-01-01'])
    expect([textAt(closing!, 'Tp', 'CdOrPrtry', 'Cd'), textAt(closing!, 'Amt'), textAt(closing!, 'CdtDbtInd'), textAt(closing!, 'Dt', 'Dt')])
      .toEqual(['CLBD', '1249.51', 'CRDT', '2026-01-31'])

    // By hand: 3 entries, 500.00 + 250.50 + 0.01 = 750.51 in all; credits 2 for 500.01; debits 1 for 250.50; net +249.51.
    const summary = child(stmt, 'TxsSummry')
    expect([textAt(summary, 'TtlNtries', 'NbOfNtries'), textAt(summary, 'TtlNtries', 'Sum')]).toEqual(['3', '750.51'])
    expect([textAt(summary, 'TtlNtries', 'TtlNetNtry', 'Amt'), textAt(summary, 'TtlNtries', 'TtlNetNtry', 'CdtDbtInd')]).toEqual(['249.51', 'CRDT'])
    expect([textAt(summary, 'TtlCdtNtries', 'NbOfNtries'), textAt(summary, 'TtlCdtNtries', 'Sum')]).toEqual(['2', '500.01'])
    expect([textAt(summary, 'TtlDbtNtries', 'NbOfNtries'), textAt(summary, 'TtlDbtNtries', 'Sum')]).toEqual(['1', '250.50'])

    const entries = childrenNamed(stmt, 'Ntry')
    expect(entries.map((n) => [textAt(n, 'Amt'), textAt(n, 'CdtDbtInd'), textAt(n, 'Sts', 'Cd'), textAt(n, 'AcctSvcrRef')])).toEqual([
      ['500.00', 'CRDT', 'BOOK', 'e1'],
      ['250.50', 'DBIT', 'BOOK', 'e2'],
      ['0.01', 'CRDT', 'BOOK', 'e3'],
    ])
    expect(entries.map((n) => [textAt(n, 'BookgDt', 'DtTm'), textAt(n, 'ValDt', 'Dt')])).toEqual([
      ['2026-01-01T09:30:00.000Z', '2026-01-01'],
      ['2026-01-02T09:30:00.000Z', '2026-01-02'],
      ['2026-01-03T09:30:00.000Z', '2026-01-03'],
    ])
    expect(entries.map((n) => textAt(n, 'BkTxCd', 'Prtry', 'Cd'))).toEqual(['TRANSFER/TRANSFER', 'TRANSFER/TRANSFER', 'REVERSAL/CASH'])
    const details = entries.map((n) => child(n, 'NtryDtls', 'TxDtls'))
    expect(details.map((d) => [textAt(d, 'Refs', 'AcctSvcrRef'), textAt(d, 'Refs', 'EndToEndId')])).toEqual([
      ['t1', 'salary'],
      ['t2', longReference.slice(0, 35)], // Max35Text: cut …
      ['t3', 'NOTPROVIDED'],
    ])
    expect(textAt(entries[1]!, 'AddtlNtryInf')).toBe(longReference) // … and given in full here
    // The outside party paid us on a credit (the debtor), and was paid on a debit (the creditor).
    expect(textAt(details[0]!, 'RltdPties', 'Dbtr', 'Pty', 'Nm')).toBe('ACME Ltd')
    expect(textAt(details[1]!, 'RltdPties', 'Cdtr', 'Pty', 'Nm')).toBe('Landlord Co')
    expect(details[2]!.children.map((c) => c.name)).not.toContain('RltdPties')
  })

  it('never writes a negative amount, and its balances add up: OPBD ± entries = CLBD, counts and sums agree', () => {
    // An overdrawn deposit: 10.00 − 30.00 = −20.00 (stands in debit); + 5.00 = −15.00.
    const overdrawn = anAccount({ id: 'acc-od', overdraftLimitMinor: 100_00n }).account
    const cases: Statement[] = [
      statement,
      buildStatement({
        account: overdrawn, opening: cny('10.00'), period: january, generatedAt,
        entries: [anEntry(overdrawn, 1, 'debit', cny('30.00'), cny('-20.00')), anEntry(overdrawn, 2, 'credit', cny('5.00'), cny('-15.00'))],
      }),
    ]
    for (const each of cases) {
      const stmt = child(parseCamt(renderStatementCamt053(each, { messageId })), 'BkToCstmrStmt', 'Stmt')
      const signed = (node: Node) => {
        const amountNode = child(node, 'Amt')
        expectAmountFormat(amountNode.text, amountNode.attributes.Ccy as CurrencyCode)
        const value = parseMoney(amountNode.text, amountNode.attributes.Ccy!).amountMinor
        return textAt(node, 'CdtDbtInd') === 'CRDT' ? value : -value
      }
      const [opening, closing] = childrenNamed(stmt, 'Bal')
      const entries = childrenNamed(stmt, 'Ntry')
      expect(signed(opening!) + entries.reduce((sum, n) => sum + signed(n), 0n)).toBe(signed(closing!))
      const summary = child(stmt, 'TxsSummry')
      expect(Number(textAt(summary, 'TtlNtries', 'NbOfNtries'))).toBe(entries.length)
      expect(Number(textAt(summary, 'TtlCdtNtries', 'NbOfNtries'))).toBe(entries.filter((n) => textAt(n, 'CdtDbtInd') === 'CRDT').length)
      expect(Number(textAt(summary, 'TtlDbtNtries', 'NbOfNtries'))).toBe(entries.filter((n) => textAt(n, 'CdtDbtInd') === 'DBIT').length)
      const credits = entries.filter((n) => textAt(n, 'CdtDbtInd') === 'CRDT').reduce((sum, n) => sum + signed(n), 0n)
      expect(parseMoney(textAt(summary, 'TtlCdtNtries', 'Sum'), 'CNY').amountMinor).toBe(credits)
    }
    const od = child(parseCamt(renderStatementCamt053(cases[1]!, { messageId })), 'BkToCstmrStmt', 'Stmt')
    expect(childrenNamed(od, 'Bal').map((b) => [textAt(b, 'Amt'), textAt(b, 'CdtDbtInd')])).toEqual([['10.00', 'CRDT'], ['15.00', 'DBIT']])
  })

  it('states a debit-normal account’s balance in debit, and its debits as DBIT entries', () => {
    // The vault: 500.00 held (a debit balance); cash paid in debits it: 500.00 + 200.00 = 700.00.
    const vault = aVault('CNY').account
    const vaultStatement = buildStatement({
      account: vault, opening: cny('500.00'), period: january, generatedAt,
      entries: [anEntry(vault, 1, 'debit', cny('200.00'), null)],
    })
    const stmt = child(parseCamt(renderStatementCamt053(vaultStatement, { messageId })), 'BkToCstmrStmt', 'Stmt')
    expect(childrenNamed(stmt, 'Bal').map((b) => [textAt(b, 'Amt'), textAt(b, 'CdtDbtInd')])).toEqual([['500.00', 'DBIT'], ['700.00', 'DBIT']])
    expect([textAt(stmt, 'Ntry', 'Amt'), textAt(stmt, 'Ntry', 'CdtDbtInd')]).toEqual(['200.00', 'DBIT'])
    expect([textAt(stmt, 'TxsSummry', 'TtlNtries', 'TtlNetNtry', 'Amt'), textAt(stmt, 'TxsSummry', 'TtlNtries', 'TtlNetNtry', 'CdtDbtInd')]).toEqual(['200.00', 'DBIT'])
  })

  it('writes amounts with the currency’s exponent (JPY none, KWD three)', () => {
    for (const [currency, opening, amount, closing] of [['JPY', '1000', '250', '750'], ['KWD', '1.5', '0.25', '1.25']] as const) {
      const acc = anAccount({ id: `acc-${currency}`, currency }).account
      const built = buildStatement({
        account: acc, opening: parseMoney(opening, currency), period: january, generatedAt,
        entries: [anEntry(acc, 1, 'debit', parseMoney(amount, currency), parseMoney(closing, currency))],
      })
      const stmt = child(parseCamt(renderStatementCamt053(built, { messageId })), 'BkToCstmrStmt', 'Stmt')
      const amounts = [...childrenNamed(stmt, 'Bal'), ...childrenNamed(stmt, 'Ntry')].map((n) => textAt(n, 'Amt'))
      expect(amounts).toEqual(currency === 'JPY' ? ['1000', '750', '250'] : ['1.500', '1.250', '0.250'])
    }
  })

  it('escapes what it writes: markup in names and references stays text', () => {
    const name = `O'Brien & <Sons> "Ltd"`
    const hostile = anAccount({ id: 'acc-x', name }).account
    const built = buildStatement({
      account: hostile, opening: cny('0.00'), period: january, generatedAt,
      entries: [anEntry(hostile, 1, 'credit', cny('1.00'), cny('1.00'), {
        reference: `</EndToEndId><Evil/>`, counterpartyName: `王芳 <&>"' \u0001`,
      })],
    })
    const xml = renderStatementCamt053(built, { messageId })
    expect(xml).toContain(`<Nm>O&apos;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;</Nm>`)
    expect(xml).not.toContain('<Evil')
    const stmt = child(parseCamt(xml), 'BkToCstmrStmt', 'Stmt')
    expect(textAt(stmt, 'Acct', 'Nm')).toBe(name)
    expect(textAt(stmt, 'Ntry', 'NtryDtls', 'TxDtls', 'Refs', 'EndToEndId')).toBe('</EndToEndId><Evil/>')
    // A control character cannot be carried by XML 1.0 at all: it is replaced, not smuggled.
    expect(textAt(stmt, 'Ntry', 'NtryDtls', 'TxDtls', 'RltdPties', 'Dbtr', 'Pty', 'Nm')).toBe(`王芳 <&>"' ?`)
  })

  it('refuses an identifier that cannot fit ISO 20022’s 35 characters rather than cutting it', () => {
    expect(() => renderStatementCamt053(statement, { messageId: 'M'.repeat(36) })).toThrow(/35 characters/)
    const odd = anAccount({ id: 'x'.repeat(35) }).account
    const built = buildStatement({ account: odd, opening: money(0n, 'CNY'), entries: [], period: january, generatedAt })
    expect(() => renderStatementCamt053(built, { messageId })).toThrow(/34 characters/)
  })
})

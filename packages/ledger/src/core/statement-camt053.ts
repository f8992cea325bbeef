import { formatMoney, money, type Money } from '@strongroom/kernel'
import type { StatementAccount, Statement, StatementLine } from './statement.js'

export const camt053Namespace = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'

export interface Camt053Options {
  /** GrpHdr/MsgId: unique per message sent (at most 35 characters). */
  readonly messageId: string
  /** BkTxCd/Prtry/Issr: who issued the proprietary transaction codes. */
  readonly codeIssuer?: string | undefined
}

// A small XML writer: elements, text and attributes, nothing else. Absent
// (undefined) children are left out, so optional elements read inline.
interface XmlElement {
  readonly name: string
  readonly attributes?: Readonly<Record<string, string>>
  readonly children?: readonly (XmlElement | undefined)[]
  readonly text?: string
}

const el = (name: string, content: string | readonly (XmlElement | undefined)[], attributes?: Record<string, string>): XmlElement =>
  typeof content === 'string' ? { name, text: content, ...(attributes ? { attributes } : {}) } : { name, children: content, ...(attributes ? { attributes } : {}) }

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/F) become '?'. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

const needsEscaping = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/

function escapeXml(value: string): string {
  if (!needsEscaping.test(value)) return value
  return value
    .replace(notXmlChar, '?')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

function write(node: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth)
  const attributes = Object.entries(node.attributes ?? {}).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('')
  if (node.text !== undefined) {
    out.push(`${indent}<${node.name}${attributes}>${escapeXml(node.text)}</${node.name}>`)
    return
  }
  out.push(`${indent}<${node.name}${attributes}>`)
  for (const child of node.children ?? []) if (child) write(child, depth + 1, out)
  out.push(`${indent}</${node.name}>`)
}

/** At most `max` characters (code points, as the schema counts them), never splitting one. */
function clip(value: string, max: number): string {
  if (value.length <= max) return value // UTF-16 units ≥ code points
  const chars = [...value]
  return chars.length <= max ? value : chars.slice(0, max).join('')
}

/**
 * An identifier in at most `max` characters: a UUID loses its hyphens (32
 * hex digits identify it just as well); anything still longer is refused,
 * because a cut identifier would point at something else.
 */
function compactId(id: string, max: number): string {
  const compact = id.length > max && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.replaceAll('-', '') : id
  if (compact.length > max || compact.length === 0) throw new RangeError(`identifier ${JSON.stringify(id.slice(0, 40))} does not fit ISO 20022's ${max} characters`)
  return compact
}

const amount = (m: Money) => el('Amt', formatMoney(money(m.amountMinor < 0n ? -m.amountMinor : m.amountMinor, m.currency)), { Ccy: m.currency })
/** A decimal without currency (TxsSummry sums), with the currency's exponent. */
const decimal = (minor: bigint, like: Money) => formatMoney(money(minor, like.currency))

/**
 * A balance as camt.053 states it: an amount and the side it stands on.
 * The side is the bookkeeping one — a credit-normal deposit holding money
 * stands in credit, a debit-normal account holding value stands in debit.
 */
function creditSideMinor(account: StatementAccount, balance: Money): bigint {
  return account.normalBalance === 'credit' ? balance.amountMinor : -balance.amountMinor
}

function balance(account: StatementAccount, code: 'OPBD' | 'CLBD', value: Money, day: string): XmlElement {
  const side = creditSideMinor(account, value)
  return el('Bal', [
    el('Tp', [el('CdOrPrtry', [el('Cd', code)])]),
    amount(money(side, value.currency)),
    el('CdtDbtInd', side < 0n ? 'DBIT' : 'CRDT'),
    el('Dt', [el('Dt', day)]),
  ])
}

function entry(line: StatementLine, issuer: string): XmlElement {
  const credit = line.direction === 'credit'
  const indicator = credit ? 'CRDT' : 'DBIT'
  const code = line.transferKind === null ? 'LEDGER' : [line.transferKind, line.channel].filter((part) => part !== null).join('/').toUpperCase()
  // The outside party paid us on a credit, and was paid on a debit.
  const party = line.counterpartyName === null || line.counterpartyName === ''
    ? undefined
    : el('Pty', [el('Nm', clip(line.counterpartyName, 140))])
  const reference = line.reference === null || line.reference === '' ? undefined : line.reference
  return el('Ntry', [
    amount(line.amount),
    el('CdtDbtInd', indicator),
    el('Sts', [el('Cd', 'BOOK')]),
    el('BookgDt', [el('DtTm', line.postedAt.toISOString())]),
    el('ValDt', [el('Dt', line.postedAt.toISOString().slice(0, 10))]),
    el('AcctSvcrRef', compactId(line.entryId, 35)),
    el('BkTxCd', [el('Prtry', [el('Cd', clip(code, 35)), el('Issr', clip(issuer, 35))])]),
    el('NtryDtls', [
      el('TxDtls', [
        el('Refs', [el('AcctSvcrRef', compactId(line.transferId, 35)), el('EndToEndId', reference === undefined ? 'NOTPROVIDED' : clip(reference, 35))]),
        amount(line.amount),
        el('CdtDbtInd', indicator),
        party && el('RltdPties', [el(credit ? 'Dbtr' : 'Cdtr', [party])]),
      ]),
    ]),
    reference === undefined ? undefined : el('AddtlNtryInf', clip(reference, 500)),
  ])
}

/**
 * The statement as an ISO 20022 camt.053.001.08 BankToCustomerStatement.
 *
 * - Amounts are never negative: the side is in CdtDbtInd. Entries carry the
 *   bookkeeping direction (CRDT for a credit to the account); balances say
 *   which side they stand on, so OPBD + credits − debits = CLBD, counted on
 *   the credit side.
 * - Identifiers must fit 35 characters (34 for the account): UUIDs are
 *   written without hyphens. Acct/Id/Othr/Id is the account id; Ntry's
 *   AcctSvcrRef the entry id; TxDtls/Refs/AcctSvcrRef the transfer id;
 *   EndToEndId the transfer's reference (cut to 35, in full in
 *   AddtlNtryInf) or NOTPROVIDED.
 * - BkTxCd is proprietary: the transfer's kind and channel (TRANSFER/CASH).
 */
export function renderStatementCamt053(statement: Statement, options: Camt053Options): string {
  const { account, period, totals } = statement
  const created = statement.generatedAt.toISOString()
  const issuer = options.codeIssuer ?? 'STRONGROOM'
  const sumOf = (lines: readonly StatementLine[]) => lines.reduce((sum, line) => sum + (line.amount.amountMinor < 0n ? -line.amount.amountMinor : line.amount.amountMinor), 0n)
  const net = totals.credits.amountMinor - totals.debits.amountMinor

  const document = el('Document', [
    el('BkToCstmrStmt', [
      el('GrpHdr', [el('MsgId', compactId(options.messageId, 35)), el('CreDtTm', created)]),
      el('Stmt', [
        el('Id', `${period.from}-${period.to}`),
        el('CreDtTm', created),
        el('FrToDt', [el('FrDtTm', `${period.from}T00:00:00.000Z`), el('ToDtTm', `${period.to}T23:59:59.999Z`)]),
        el('Acct', [
          el('Id', [el('Othr', [el('Id', compactId(account.id, 34))])]),
          el('Ccy', account.currency),
          account.name === '' ? undefined : el('Nm', clip(account.name, 70)),
        ]),
        balance(account, 'OPBD', statement.opening, period.from),
        balance(account, 'CLBD', statement.closing, period.to),
        el('TxsSummry', [
          el('TtlNtries', [
            el('NbOfNtries', String(totals.count)),
            el('Sum', decimal(sumOf(statement.lines), totals.credits)),
            el('TtlNetNtry', [el('Amt', decimal(net < 0n ? -net : net, totals.credits)), el('CdtDbtInd', net < 0n ? 'DBIT' : 'CRDT')]),
          ]),
          el('TtlCdtNtries', [
            el('NbOfNtries', String(statement.lines.filter((line) => line.direction === 'credit').length)),
            el('Sum', decimal(totals.credits.amountMinor, totals.credits)),
          ]),
          el('TtlDbtNtries', [
            el('NbOfNtries', String(statement.lines.filter((line) => line.direction === 'debit').length)),
            el('Sum', decimal(totals.debits.amountMinor, totals.debits)),
          ]),
        ]),
        ...statement.lines.map((line) => entry(line, issuer)),
      ]),
    ]),
  ], { xmlns: camt053Namespace })

  const out = ['<?xml version="1.0" encoding="UTF-8"?>']
  write(document, 0, out)
  return `${out.join('\n')}\n`
}

import { formatMoney, type Money } from '@strongroom/kernel'
import { statementBounds, type Statement } from './statement.js'

export interface StatementCsvOptions {
  /**
   * Start with a UTF-8 byte order mark, which Excel needs to read non-ASCII
   * names (Chinese, accented) correctly. Off by default: RFC 4180 readers
   * would take it as part of the first header.
   */
  readonly bom?: boolean | undefined
}

const header = ['posted_at', 'line', 'entry_id', 'transfer_id', 'reference', 'counterparty', 'direction', 'amount', 'balance', 'currency']

/** A cell a spreadsheet could run as a formula: `=`, `+`, `-`, `@`, or a tab or carriage return first. */
const formulaStart = /^[=+\-@\t\r]/

/** Text from outside (references, names): defused against formula injection, then quoted as RFC 4180 says. */
function textCell(value: string | null): string {
  if (value === null || value === '') return ''
  return quoted(formulaStart.test(value) ? `'${value}` : value)
}

/** A figure we formatted ourselves ("-250.00"): a leading minus is a sign, not a formula. */
function amountCell(value: Money | null): string {
  return value === null ? '' : formatMoney(value)
}

function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * The statement as CSV (RFC 4180): a header row, an `opening` row, one
 * `entry` row per line, a `closing` row; CRLF line ends. Amounts are decimal
 * strings with the currency's exponent, signed from the account holder's
 * view; times are ISO 8601 in UTC. The opening row stands at the start of
 * the period and the closing row at its last millisecond.
 */
export function renderStatementCsv(statement: Statement, options: StatementCsvOptions = {}): string {
  const { start, endExclusive } = statementBounds(statement.period)
  const currency = statement.account.currency
  const rows: string[][] = [
    header,
    [start.toISOString(), 'opening', '', '', '', '', '', '', amountCell(statement.opening), currency],
    ...statement.lines.map((line) => [
      line.postedAt.toISOString(),
      'entry',
      textCell(line.entryId),
      textCell(line.transferId),
      textCell(line.reference),
      textCell(line.counterpartyName),
      line.direction,
      amountCell(line.amount),
      amountCell(line.balance),
      currency,
    ]),
    [new Date(endExclusive.getTime() - 1).toISOString(), 'closing', '', '', '', '', '', '', amountCell(statement.closing), currency],
  ]
  return `${options.bom ? '\uFEFF' : ''}${rows.map((row) => row.join(',')).join('\r\n')}\r\n`
}

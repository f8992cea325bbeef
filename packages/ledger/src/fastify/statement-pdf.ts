import PDFDocument from 'pdfkit'
import { formatMoney, type Money } from '@strongroom/kernel'
import { describeStatementLine, type Statement, type StatementLine } from '../core/index.js'

export interface StatementPdfOptions {
  /** The name printed at the top of every page. */
  readonly bankName?: string | undefined
  /**
   * A TrueType/OpenType font to embed (a file path or its bytes), for names
   * and references beyond Latin-1 — Chinese needs a CJK font. Without one
   * the statement uses the PDF built-in Helvetica, which cannot draw them:
   * each such character prints as '?'.
   */
  readonly font?: string | Uint8Array | undefined
  /** The bold face of `font`; `font` itself when absent. */
  readonly boldFont?: string | Uint8Array | undefined
  /** Compress the page streams (default). Off, the text can be searched in the file: tests use it. */
  readonly compress?: boolean | undefined
}

const margin = 40
const rowHeight = 14
const fontSize = 8.5
const footerSpace = 24
const factHeight = 13
const tableHeaderHeight = rowHeight + 2
const continuationHeight = rowHeight + 6
/** Where the first page's table rows start: the header, 5 facts, 4 totals, the table header. */
const firstTableTop = margin + 22 + 24 + 5 * factHeight + 8 + 4 * factHeight + 14 + tableHeaderHeight
/** Where the rows of every later page start: a continuation line and the table header. */
const nextTableTop = margin + continuationHeight + tableHeaderHeight
// Date, description, debit, credit, balance: 515 points across an A4 page inside the margins.
const columns = { date: 84, description: 191, debit: 80, credit: 80, balance: 80 } as const

/**
 * What the built-in fonts can draw: printable Latin-1 (WinAnsi agrees with
 * it there). Control characters become spaces, anything else '?'.
 */
function latin1(text: string): string {
  return [...text].map((c) => (/[\u0000-\u001f\u007f-\u009f]/.test(c) ? ' ' : /[\u0020-\u007e\u00a0-\u00ff]/.test(c) ? c : '?')).join('')
}

/** Major units with thousands separators, for people: "1,234,567.89", "-50". */
function figure(m: Money): string {
  const [whole = '', fraction] = formatMoney(m).split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

const magnitude = (m: Money): Money => ({ ...m, amountMinor: m.amountMinor < 0n ? -m.amountMinor : m.amountMinor })

/**
 * The statement as an A4 PDF for the account holder: the bank's header, the
 * account and period, opening and closing balances with the period's
 * totals, then every line — date, description, debit, credit and running
 * balance — over as many pages as it takes, each numbered "Page n of m".
 * Times are UTC. Debit and credit are the bookkeeping sides; the balance is
 * signed from the holder's view.
 */
export function renderStatementPdf(statement: Statement, options: StatementPdfOptions = {}): Promise<Buffer> {
  const bankName = options.bankName ?? 'Strongroom'
  const embedded = options.font !== undefined
  const clean = (text: string) => (embedded ? text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ') : latin1(text))
  const { account, period } = statement

  // Pages are written out as they fill (no buffering: a year of a busy
  // account is thousands of pages), so "of m" is counted beforehand from
  // the fixed layout below — and checked at the end.
  const rows = statement.lines.length + 2 // with the opening and closing rows
  const pageHeight = 841.89 // A4
  const bottom = pageHeight - margin - footerSpace
  const rowsFrom = (top: number) => Math.floor((bottom - top) / rowHeight)
  const firstRows = rowsFrom(firstTableTop)
  const nextRows = rowsFrom(nextTableTop)
  const pageCount = rows <= firstRows ? 1 : 1 + Math.ceil((rows - firstRows) / nextRows)

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    compress: options.compress ?? true,
    info: {
      Title: clean(`Statement ${account.id} ${period.from} to ${period.to}`),
      Author: clean(bankName),
      CreationDate: statement.generatedAt,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const regular = 'statement-regular'
  const bold = 'statement-bold'
  if (options.font !== undefined) {
    doc.registerFont(regular, options.font as string | Buffer)
    doc.registerFont(bold, (options.boldFont ?? options.font) as string | Buffer)
  } else {
    doc.registerFont(regular, 'Helvetica')
    doc.registerFont(bold, 'Helvetica-Bold')
  }
  // pdfkit opens (parses) a registered font again on every switch to it:
  // switch only when the face changes.
  let face: string | undefined
  const use = (name: typeof regular | typeof bold, size: number) => {
    if (face !== name) doc.font(name)
    face = name
    doc.fontSize(size)
  }

  const width = doc.page.width - 2 * margin

  /**
   * One line of text that never wraps, cut with "..." to fit `cellWidth`.
   * Placed by hand (no `width` option): pdfkit's line wrapper is by far the
   * slowest part of drawing a table.
   */
  const cell = (text: string, x: number, y: number, cellWidth: number, align: 'left' | 'right' = 'left') => {
    let shown = clean(text)
    let shownWidth = doc.widthOfString(shown)
    if (shownWidth > cellWidth - 4) {
      const chars = [...shown]
      while (chars.length > 0 && doc.widthOfString(`${chars.join('')}...`) > cellWidth - 4) chars.pop()
      shown = `${chars.join('')}...`
      shownWidth = doc.widthOfString(shown)
    }
    doc.text(shown, align === 'right' ? x + cellWidth - shownWidth : x, y, { lineBreak: false })
  }

  const xs = {
    date: margin,
    description: margin + columns.date,
    debit: margin + columns.date + columns.description,
    credit: margin + columns.date + columns.description + columns.debit,
    balance: margin + columns.date + columns.description + columns.debit + columns.credit,
  }

  let page = 1
  let y = margin

  const footer = () => {
    use(regular, 8)
    const label = `Page ${page} of ${pageCount}`
    doc.text(label, margin + (width - doc.widthOfString(label)) / 2, pageHeight - margin - 10, { lineBreak: false })
  }

  const tableHeader = () => {
    use(bold, fontSize)
    cell('Date (UTC)', xs.date, y, columns.date)
    cell('Description', xs.description, y, columns.description)
    cell('Debit', xs.debit, y, columns.debit, 'right')
    cell('Credit', xs.credit, y, columns.credit, 'right')
    cell('Balance', xs.balance, y, columns.balance, 'right')
    y += tableHeaderHeight - 4
    doc.moveTo(margin, y).lineTo(margin + width, y).lineWidth(0.5).stroke()
    y += 4
  }

  const row = (date: string, description: string, debit: string, credit: string, balance: string, strong = false) => {
    if (y + rowHeight > bottom) {
      doc.addPage()
      page += 1
      footer()
      y = margin
      use(bold, 9)
      cell(`${bankName} - statement of account ${account.id}, ${period.from} to ${period.to} (continued)`, margin, y, width)
      y += continuationHeight
      tableHeader()
    }
    use(strong ? bold : regular, fontSize)
    cell(date, xs.date, y, columns.date)
    cell(description, xs.description, y, columns.description)
    cell(debit, xs.debit, y, columns.debit, 'right')
    cell(credit, xs.credit, y, columns.credit, 'right')
    cell(balance, xs.balance, y, columns.balance, 'right')
    y += rowHeight
  }

  // The first page: who, which account, which period, and the figures that sum it up.
  footer()
  use(bold, 16)
  cell(bankName, margin, y, width)
  y += 22
  use(regular, 12)
  cell('Statement of account', margin, y, width)
  y += 24
  const facts: [string, string][] = [
    ['Account', account.name],
    ['Account id', account.id],
    ['Currency', account.currency],
    ['Period', `${period.from} to ${period.to} (UTC, both days included)`],
    ['Generated', statement.generatedAt.toISOString()],
  ]
  const totals: [string, string][] = [
    ['Opening balance', `${figure(statement.opening)} ${account.currency}`],
    [`Credits (${statement.lines.filter((l) => l.direction === 'credit').length})`, `${figure(statement.totals.credits)} ${account.currency}`],
    [`Debits (${statement.lines.filter((l) => l.direction === 'debit').length})`, `${figure(statement.totals.debits)} ${account.currency}`],
    ['Closing balance', `${figure(statement.closing)} ${account.currency}`],
  ]
  for (const [label, value] of facts) {
    use(bold, 9)
    cell(label, margin, y, 90)
    use(regular, 9)
    cell(value, margin + 90, y, width - 90)
    y += factHeight
  }
  y += 8
  for (const [label, value] of totals) {
    use(bold, 9)
    cell(label, margin, y, 150)
    use(regular, 9)
    cell(value, margin + 150, y, 150, 'right')
    y += factHeight
  }
  y += 14
  tableHeader()
  if (y !== firstTableTop) throw new Error(`statement PDF layout: the first table starts at ${y}, not ${firstTableTop}`)

  const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ')
  row(`${period.from}`, 'Opening balance', '', '', figure(statement.opening), true)
  for (const line of statement.lines as readonly StatementLine[]) {
    const shown = figure(magnitude(line.amount))
    row(day(line.postedAt), describeStatementLine(line), line.direction === 'debit' ? shown : '', line.direction === 'credit' ? shown : '', figure(line.balance))
  }
  row(`${period.to}`, 'Closing balance and period totals', figure(statement.totals.debits), figure(statement.totals.credits), figure(statement.closing), true)
  if (page !== pageCount) throw new Error(`statement PDF layout: ${page} pages drawn, ${pageCount} numbered`)

  doc.end()
  return done
}

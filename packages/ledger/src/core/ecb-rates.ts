import { isCurrencyCode, isDecimalString, type CurrencyCode } from '@strongroom/kernel'
import type { FxRate } from './fx.js'

/** The `source` of every rate read from an ECB file. */
export const ecbSource = 'ECB'

/** One business day of ECB reference rates: EUR → each quoted currency. */
export interface EcbReferenceDay {
  /** YYYY-MM-DD */
  readonly date: string
  readonly rates: readonly FxRate[]
}

export type EcbParseResult =
  | {
      readonly ok: true
      /** In the file's order (the ECB lists the newest day first). */
      readonly days: readonly EcbReferenceDay[]
      /** Columns for currencies the kernel does not know — mostly ones the euro replaced (CYP, SIT, …). */
      readonly skippedCurrencies: readonly string[]
    }
  | { readonly ok: false; readonly line: number; readonly reason: string }

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Reads the ECB euro reference-rate CSV (`eurofxref-hist.csv`,
 * `eurofxref.csv`): a header `Date,USD,JPY,…`, then one row per business day
 * with units of each currency per 1 EUR. `N/A` (or an empty cell) means the
 * currency was not quoted that day and is skipped; every line ends with a
 * comma, which is ignored. A malformed file is reported with its line number
 * rather than half-imported.
 */
export function parseEcbCsv(text: string): EcbParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = cellsOf(lines[0] ?? '')
  if (header[0] !== 'Date' || header.length < 2) return { ok: false, line: 1, reason: 'the first line must be the header "Date,<currency>,…"' }

  const columns = header.slice(1).map((code) => (isCurrencyCode(code) && code !== 'EUR' ? code : null))
  const skippedCurrencies = header.slice(1).filter((_, i) => columns[i] === null)
  const days: EcbReferenceDay[] = []
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1
    if (lines[index]!.trim() === '') continue
    const cells = cellsOf(lines[index]!)
    const [date = '', ...values] = cells
    if (!isCalendarDate(date)) return { ok: false, line, reason: `"${date.slice(0, 20)}" is not a date (YYYY-MM-DD)` }
    if (values.length !== columns.length) {
      return { ok: false, line, reason: `expected ${columns.length} rates after the date, found ${values.length}` }
    }
    const rates: FxRate[] = []
    for (const [i, value] of values.entries()) {
      const quote: CurrencyCode | null = columns[i]!
      if (value === 'N/A' || value === '') continue
      // A decimal string with no digit but zeros is zero.
      if (!isDecimalString(value) || value.startsWith('-') || /^[0.]+$/.test(value)) {
        return { ok: false, line, reason: `${header[i + 1]}: "${value.slice(0, 20)}" is not a positive rate` }
      }
      if (quote === null) continue
      rates.push({ base: 'EUR', quote, rate: value, source: ecbSource, asOf: date })
    }
    days.push({ date, rates })
  }
  return { ok: true, days, skippedCurrencies }
}

/** The cells of one line, without the trailing empty cell the ECB's closing comma makes. */
function cellsOf(line: string): string[] {
  const cells = line.split(',').map((cell) => cell.trim())
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop()
  return cells
}

function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

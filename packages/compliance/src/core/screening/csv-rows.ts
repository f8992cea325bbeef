/**
 * Rows of a comma-separated text as OFAC publishes it: fields optionally in
 * double quotes, a quote inside a quoted field doubled (RFC 4180), CRLF or LF
 * line ends. Quoted fields may span lines. OFAC ends its files with a DOS
 * end-of-file byte (0x1A); a line holding only that, or nothing, is no row.
 *
 * Each row carries the line it started on, so a parser above can say where a
 * file is broken.
 */
export interface CsvRow {
  readonly line: number
  readonly fields: readonly string[]
}

const quote = 34 // "
const comma = 44 // ,
const lf = 10

export function readCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = []
  let fields: string[] = []
  let line = 1
  let rowLine = 1
  let rowHasContent = false
  let i = 0
  const n = text.length

  while (i <= n) {
    // One field per turn: quoted, or a plain run up to the next comma or line end.
    let field: string
    if (text.charCodeAt(i) === quote) {
      rowHasContent = true
      let value = ''
      let from = i + 1
      for (;;) {
        const close = text.indexOf('"', from)
        if (close < 0) {
          // an unclosed quote runs to the end of the text: keep what is there rather than lose it
          value += text.slice(from)
          i = n
          break
        }
        value += text.slice(from, close)
        if (text.charCodeAt(close + 1) === quote) {
          value += '"'
          from = close + 2
          continue
        }
        i = close + 1
        break
      }
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++
      // whatever stands between the closing quote and the next separator belongs to the field
      let j = i
      while (j < n && text.charCodeAt(j) !== comma && text.charCodeAt(j) !== lf) j++
      field = value + text.slice(i, j).replace(/[\r\x1a]/g, '')
      i = j
    } else {
      let j = i
      while (j < n && text.charCodeAt(j) !== comma && text.charCodeAt(j) !== lf) j++
      // a CR before the LF and OFAC's trailing end-of-file marker (0x1A) are not data
      field = text.slice(i, j).replace(/[\r\x1a]/g, '')
      if (field.trim() !== '') rowHasContent = true
      i = j
    }
    fields.push(field)
    const c = text.charCodeAt(i)
    if (c === comma) {
      rowHasContent = true
      i++
      continue
    }
    // a line end, or the end of the text
    if (rowHasContent) rows.push({ line: rowLine, fields })
    fields = []
    rowHasContent = false
    line++
    rowLine = line
    i++
  }
  return rows
}

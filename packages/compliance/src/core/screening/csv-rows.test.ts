import { describe, expect, it } from 'vitest'
import { readCsvRows } from './csv-rows.js'

describe('readCsvRows', () => {
  it('reads OFAC rows: quoted fields, unquoted -0- with its trailing space, CRLF', () => {
    const text = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA"\r\n'
    expect(readCsvRows(text)).toEqual([
      { line: 1, fields: ['36', 'AEROCARIBBEAN AIRLINES', '-0- ', 'CUBA'] },
      { line: 2, fields: ['173', 'ANGLO-CARIBBEAN CO., LTD.', '-0- ', 'CUBA'] },
    ])
  })

  it('reads a doubled quote as one, and a quoted field across lines', () => {
    const rows = readCsvRows('1,"say ""hi""","two\nlines"\n2,x,y')
    expect(rows).toEqual([
      { line: 1, fields: ['1', 'say "hi"', 'two\nlines'] },
      { line: 3, fields: ['2', 'x', 'y'] },
    ])
  })

  it('skips blank lines and the DOS end-of-file byte OFAC ends its files with', () => {
    expect(readCsvRows('1,a\r\n\r\n2,b\r\n\x1a')).toEqual([
      { line: 1, fields: ['1', 'a'] },
      { line: 3, fields: ['2', 'b'] },
    ])
    expect(readCsvRows('')).toEqual([])
  })

  it('keeps empty fields', () => {
    expect(readCsvRows('a,,"",b')[0]!.fields).toEqual(['a', '', '', 'b'])
  })
})

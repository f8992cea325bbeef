import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { money } from '@strongroom/kernel'
import { buildStatement, type Statement, type StatementSourceEntry } from '../core/index.js'
import { anAccount, cny } from '../testing/index.js'
import { renderStatementPdf } from './statement-pdf.js'

const account = anAccount({ id: 'acc-pdf-0001', name: 'Zoë Müller 王芳' }).account

/**
 * 120 lines in January: odd ones credit 1,000.00, even ones debit 250.00.
 * By hand: 60 × 1,000.00 = 60,000.00 in, 60 × 250.00 = 15,000.00 out;
 * 1,000,000.00 + 60,000.00 − 15,000.00 = 1,045,000.00.
 */
function aLongStatement(): Statement {
  let balance = 1_000_000_00n
  const entries: StatementSourceEntry[] = Array.from({ length: 120 }, (_, i) => {
    const n = i + 1
    const credit = n % 2 === 1
    const amount = credit ? 1_000_00n : 250_00n
    balance += credit ? amount : -amount
    return {
      id: `entry-${n}`, transferId: `transfer-${n}`, accountId: account.id, direction: credit ? 'credit' : 'debit',
      amount: money(amount, 'CNY'), balanceAfter: money(balance, 'CNY'), accountSequence: BigInt(n),
      postedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 4), 9, i % 60)),
      reference: n === 7 ? 'Rent for Zoë’s flat' : `ref ${n}`, counterpartyName: n === 7 ? '李娜' : null,
      transferKind: 'transfer', channel: 'transfer',
    }
  })
  return buildStatement({
    account, opening: cny('1000000.00'), entries, period: { from: '2026-01-01', to: '2026-01-31' }, generatedAt: new Date('2026-02-01T08:00:00.000Z'),
  })
}

/** The text drawn with the built-in fonts of an uncompressed PDF: each TJ array's hex strings, decoded (WinAnsi). */
function shownText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1')
  const shown: string[] = []
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
    const hex = [...match[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('')
    shown.push(Buffer.from(hex, 'hex').toString('latin1'))
  }
  return shown
}

describe('renderStatementPdf', () => {
  it('renders a long statement over numbered A4 pages with its opening and closing balances', async () => {
    const pdf = await renderStatementPdf(aLongStatement(), { compress: false })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const source = pdf.toString('latin1')
    const pages = source.match(/\/Type \/Page\b/g)?.length ?? 0
    expect(pages).toBeGreaterThan(1)
    expect(source).toMatch(new RegExp(`/Type /Pages\\s*/Count ${pages}\\b`))
    expect(source).toContain('/MediaBox [0 0 595.28 841.89]') // A4

    const text = shownText(pdf)
    expect(text).toContain('1,000,000.00 CNY') // opening, in the summary
    expect(text).toContain('1,045,000.00 CNY') // closing
    expect(text).toContain('60,000.00 CNY') // credits
    expect(text).toContain('15,000.00 CNY') // debits
    expect(text).toContain('Credits (60)')
    expect(text).toContain('Page 1 of ' + pages)
    expect(text).toContain(`Page ${pages} of ${pages}`)
    expect(text.filter((t) => t === '1,045,000.00')).toHaveLength(2) // the last line's balance, and the closing row
    // Every line is drawn once: its reference appears exactly once.
    for (const n of [1, 60, 120]) expect(text.filter((t) => t === `ref ${n}`)).toHaveLength(1)
    // The table header repeats on every page.
    expect(text.filter((t) => t === 'Balance')).toHaveLength(pages)
  })

  it('keeps Latin-1 and prints what the built-in fonts cannot draw (Chinese) as ?', async () => {
    const text = shownText(await renderStatementPdf(aLongStatement(), { compress: false }))
    expect(text).toContain('Zoë Müller ??')
    expect(text.some((t) => t.startsWith('Rent for Zoë?s flat · ??'))).toBe(true) // ’ is not Latin-1 either
  })

  it('numbers its pages right whatever the number of lines, page boundaries included', async () => {
    const full = aLongStatement()
    const seen = new Set<number>()
    for (let n = 0; n <= 110; n++) {
      const statement = buildStatement({
        account, opening: full.opening, period: full.period, generatedAt: full.generatedAt,
        entries: full.lines.slice(0, n).map((line, i) => ({
          id: line.entryId, transferId: line.transferId, accountId: account.id, direction: line.direction,
          amount: { ...line.amount, amountMinor: line.amount.amountMinor < 0n ? -line.amount.amountMinor : line.amount.amountMinor },
          balanceAfter: line.balance, accountSequence: BigInt(i + 1), postedAt: line.postedAt,
        })),
      })
      const pdf = await renderStatementPdf(statement, { compress: false })
      const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)!.length
      const footers = shownText(pdf).filter((t) => t.startsWith('Page '))
      expect(footers, `${n} lines`).toEqual(Array.from({ length: pages }, (_, i) => `Page ${i + 1} of ${pages}`))
      seen.add(pages)
    }
    expect([...seen]).toEqual([1, 2, 3]) // the loop crossed two page boundaries
  })

  it('compresses its streams by default', async () => {
    const pdf = await renderStatementPdf(aLongStatement())
    expect(pdf.toString('latin1')).toContain('/Filter /FlateDecode')
    expect(shownText(pdf)).not.toContain('1,045,000.00 CNY')
  })

  const unicodeFont = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
  it.skipIf(!existsSync(unicodeFont))('embeds a given font and then keeps characters beyond Latin-1', async () => {
    const greek = anAccount({ id: 'acc-pdf-0002', name: 'Ωmega Λtd' }).account
    const statement = buildStatement({
      account: greek, opening: cny('1.00'), entries: [], period: { from: '2026-01-01', to: '2026-01-01' }, generatedAt: new Date('2026-01-02T00:00:00.000Z'),
    })
    const source = (await renderStatementPdf(statement, { compress: false, font: unicodeFont })).toString('latin1')
    expect(source).toContain('/FontFile2') // embedded
    // The subset's ToUnicode map names Ω (U+03A9) and Λ (U+039B): they were drawn, not replaced.
    expect(source.toLowerCase()).toContain('<03a9>')
    expect(source.toLowerCase()).toContain('<039b>')
  })
})

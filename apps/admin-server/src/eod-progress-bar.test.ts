import { describe, expect, it } from 'vitest'
import { parseCalendarDate, type EodProgress, type EodRun } from '@strongroom/ledger'
import { eodProgressBar } from './eod-progress-bar.js'

function captured(isTTY: boolean) {
  const written: string[] = []
  const out = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream
  return { out, written }
}

const run = {} as EodRun
const at = (date: string, step: EodProgress['step'], daysDone: number): EodProgress => ({ run, date: parseCalendarDate(date), step, daysDone, days: 2 })

describe('the end-of-day progress bar', () => {
  it('redraws one line in place on a terminal, counting steps across days', () => {
    const { out, written } = captured(true)
    const show = eodProgressBar(out)
    show(at('2025-03-03', 'catch-up', 0))
    show(at('2025-03-04', 'accrual', 1))
    expect(written).toHaveLength(2)
    expect(written[0]).toMatch(/^\r\[\.{30}\]\s+0%  day 1\/2 2025-03-03  catch-up$/)
    // 1 day of 6 steps done plus 5 of the second day's: 11 of 12 steps, 91.7 %, 27.5 → 28 of 30 marks.
    expect(written[1]).toMatch(/^\r\[#{28}\.{2}\]\s+92%  day 2\/2 2025-03-04  accrual$/)
  })

  it('prints a line per day, not per step, into a log', () => {
    const { out, written } = captured(false)
    const show = eodProgressBar(out)
    for (const step of ['catch-up', 'postings', 'maturities', 'accrual'] as const) show(at('2025-03-03', step, 0))
    show(at('2025-03-04', 'catch-up', 1))
    expect(written.map((line) => line.trim().split('  ').at(-1))).toEqual(['catch-up', 'catch-up'])
    expect(written.every((line) => line.endsWith('\n'))).toBe(true)
  })
})

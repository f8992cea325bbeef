import type { EodProgress } from '@strongroom/ledger'
import { eodSteps, formatCalendarDate } from '@strongroom/ledger'

const width = 30

/**
 * A one-line progress bar for `strongroom eod`: days and steps done, the day
 * and step in progress. On a terminal it redraws in place; otherwise (CI,
 * a log file) it prints one line per day, so the log stays readable.
 */
export function eodProgressBar(out: NodeJS.WriteStream) {
  let lastDay = ''
  return (progress: EodProgress): void => {
    const stepIndex = eodSteps.indexOf(progress.step)
    const done = (progress.daysDone * eodSteps.length + stepIndex) / (progress.days * eodSteps.length)
    const filled = Math.round(done * width)
    const day = formatCalendarDate(progress.date)
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}%  day ${progress.daysDone + 1}/${progress.days} ${day}  ${progress.step}`
    if (out.isTTY) out.write(`\r${line}`)
    else if (day !== lastDay) out.write(`${line}\n`)
    lastDay = day
  }
}

import { addDays, addMonths, compareCalendarDates, type CalendarDate } from '../interest/calendar-date.js'

/**
 * A tenor as banks write it: a count and a unit, `7D`, `3M`, `18M`, `1Y`,
 * `5Y`. Months and years move the calendar (a 1M deposit placed on 31 January
 * matures on 28 or 29 February, clamped to the month's end); days are days.
 */
export interface Tenor {
  readonly count: number
  readonly unit: 'D' | 'M' | 'Y'
}

const tenorPattern = /^([1-9]\d{0,2})([DMY])$/

export function parseTenor(text: string): Tenor | undefined {
  const match = tenorPattern.exec(text)
  if (!match) return undefined
  return { count: Number(match[1]), unit: match[2] as Tenor['unit'] }
}

export function isTenor(value: unknown): value is string {
  return typeof value === 'string' && parseTenor(value) !== undefined
}

function required(text: string): Tenor {
  const tenor = parseTenor(text)
  if (!tenor) throw new RangeError(`not a tenor: ${JSON.stringify(text)} (write it as 7D, 3M, 1Y)`)
  return tenor
}

/** The day a deposit of `tenor` placed on `start` matures: it earns up to, not including, that day. */
export function maturityOf(start: CalendarDate, tenor: string): CalendarDate {
  const { count, unit } = required(tenor)
  if (unit === 'D') return addDays(start, count)
  return addMonths(start, unit === 'Y' ? count * 12 : count, 'clamp')
}

/**
 * Of `tenors`, the longest one a deposit placed on `start` has fully run by
 * `asOf` — "the tenor actually held", for early-withdrawal policies that pay
 * the rate of a shorter term. Undefined when not even the shortest has run.
 */
export function longestTenorHeld(tenors: readonly string[], start: CalendarDate, asOf: CalendarDate): string | undefined {
  let best: { tenor: string; maturity: CalendarDate } | undefined
  for (const tenor of tenors) {
    const maturity = maturityOf(start, tenor)
    if (compareCalendarDates(maturity, asOf) > 0) continue
    if (!best || compareCalendarDates(maturity, best.maturity) > 0) best = { tenor, maturity }
  }
  return best?.tenor
}

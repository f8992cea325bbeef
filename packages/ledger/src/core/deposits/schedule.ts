import { addMonths, calendarDate, compareCalendarDates, type CalendarDate } from '../interest/calendar-date.js'
import type { CompoundingFrequency, PostingFrequency } from './product.js'

const monthsOf = { monthly: 1, quarterly: 3, 'semi-annually': 6, annually: 12 } as const

export interface ScheduleRule {
  readonly frequency: PostingFrequency | CompoundingFrequency
  /** A fixed day of the month (1–28); null = the anniversary of `anchor`. */
  readonly dayOfMonth: number | null
  /** Where the schedule starts: the day the deposit (or its current term) started. */
  readonly anchor: CalendarDate
  /** The deposit's maturity: a schedule never runs past it (the maturity itself settles). */
  readonly maturity: CalendarDate | null
}

/**
 * The first scheduled day strictly after `after`, or null when there is none
 * (no compounding; posting only at maturity; or the schedule's next day
 * would fall after maturity, in which case the maturity is returned).
 *
 * With a fixed day of the month, a quarterly schedule falls in March, June,
 * September and December, a half-yearly one in June and December and a
 * yearly one in December — China's demand-deposit settlement on the 20th of
 * each quarter's last month is `{ quarterly, dayOfMonth: 20 }`. Without one
 * it falls on monthly anniversaries of the anchor, each counted from the
 * anchor (a deposit of 31 January posts on 29 February, then 31 March), so
 * short months do not drag the schedule earlier.
 */
export function nextScheduledDate(rule: ScheduleRule, after: CalendarDate): CalendarDate | null {
  const { frequency, maturity } = rule
  if (frequency === 'none') return null
  if (frequency === 'at-maturity') return maturity !== null && compareCalendarDates(maturity, after) > 0 ? maturity : null
  const step = monthsOf[frequency]
  let next: CalendarDate
  if (rule.dayOfMonth === null) {
    let k = 1
    next = addMonths(rule.anchor, step)
    while (compareCalendarDates(next, after) <= 0) next = addMonths(rule.anchor, step * ++k)
  } else {
    let index = after.year * 12 + (after.month - 1)
    for (;;) {
      const year = Math.floor(index / 12)
      const month = index - year * 12 + 1
      if (month % step === 0 || step === 1) {
        const candidate = calendarDate(year, month, rule.dayOfMonth)
        if (compareCalendarDates(candidate, after) > 0) {
          next = candidate
          break
        }
      }
      index += 1
    }
  }
  if (maturity !== null && compareCalendarDates(next, maturity) >= 0) return compareCalendarDates(maturity, after) > 0 ? maturity : null
  return next
}

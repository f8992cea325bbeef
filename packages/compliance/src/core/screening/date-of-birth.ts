/**
 * Dates of birth as lists write them and as a screening query gives them, and
 * how far they agree. Lists are vague on purpose ("circa 1965", "Apr 1963",
 * "1960 to 1962"), so agreement is judged at the coarser of the two
 * precisions; day and month swapped is read as agreement, because US and
 * European forms of the same date are the most common data-entry slip.
 */
export interface PartialDate {
  readonly year: number
  readonly month?: number | undefined
  readonly day?: number | undefined
}

export interface ListedBirthDate {
  /** As the list writes it. */
  readonly text: string
  readonly from: PartialDate
  /** The same as `from` unless the list gives a range. */
  readonly to: PartialDate
  readonly circa: boolean
}

/**
 * How a query's date of birth stands against the list's, strongest agreement first:
 * - `exact`: the same day;
 * - `swapped`: the same day with day and month swapped;
 * - `within`: the query's date lies in what the list allows at the coarser precision (a year, a month, a range, circa);
 * - `near`: one year off at that precision — neither for nor against;
 * - `same-year`: both give a full date, the year agrees but not the day;
 * - `conflict`: the dates cannot be the same person's.
 */
export const birthDateAgreements = ['exact', 'swapped', 'within', 'near', 'same-year', 'conflict'] as const
export type BirthDateAgreement = (typeof birthDateAgreements)[number]

export interface BirthDateComparison {
  readonly agreement: BirthDateAgreement
  readonly listed: ListedBirthDate
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
/** Years either side of a "circa" year that still count as agreeing. */
const circaYears = 2

const partialPattern = /^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{4})$/

function parseListedPartial(text: string): PartialDate | undefined {
  const m = partialPattern.exec(text.trim())
  if (!m) return undefined
  const year = Number(m[3])
  const month = m[2] === undefined ? undefined : months.indexOf(m[2].toLowerCase()) + 1
  if (month === 0) return undefined
  const day = m[1] === undefined ? undefined : Number(m[1])
  if (day !== undefined && (month === undefined || day < 1 || day > 31)) return undefined
  return { year, month, day }
}

/** A date of birth as a list writes it, or undefined when it is not one of the forms lists use. */
export function parseListedBirthDate(text: string): ListedBirthDate | undefined {
  let rest = text.trim().replace(/\.$/, '')
  const circa = /^circa\s+/i.test(rest)
  if (circa) rest = rest.replace(/^circa\s+/i, '')
  const [first, second, ...more] = rest.split(/\s+to\s+|(?<=^\d{4})\s*-\s*(?=\d{4}$)/)
  if (first === undefined || more.length > 0) return undefined
  const from = parseListedPartial(first)
  const to = second === undefined ? from : parseListedPartial(second)
  if (!from || !to) return undefined
  return { text: text.trim(), from, to, circa }
}

/** Every year a listed date of birth allows. */
export function yearsOf(listed: ListedBirthDate): number[] {
  const years: number[] = []
  for (let y = listed.from.year; y <= listed.to.year; y++) years.push(y)
  return years
}

const queryPattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/** A query's date of birth: YYYY-MM-DD, YYYY-MM or YYYY; undefined when it is none of them or no real date. */
export function parseQueryBirthDate(text: string): PartialDate | undefined {
  const m = queryPattern.exec(text.trim())
  if (!m) return undefined
  const year = Number(m[1])
  const month = m[2] === undefined ? undefined : Number(m[2])
  const day = m[3] === undefined ? undefined : Number(m[3])
  if (month !== undefined && (month < 1 || month > 12)) return undefined
  if (day !== undefined && (day < 1 || day > daysInMonth(year, month!))) return undefined
  return { year, month, day }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** A partial date as the first and last day it may be, counted in months and days so intervals compare. */
function span(date: PartialDate): { lo: number; hi: number } {
  const lo = date.year * 10000 + (date.month ?? 1) * 100 + (date.day ?? 1)
  const hi = date.year * 10000 + (date.month ?? 12) * 100 + (date.day ?? 31)
  return { lo, hi }
}

function compareOne(query: PartialDate, listed: ListedBirthDate): BirthDateAgreement {
  const single = !listed.circa && listed.from === listed.to
  if (single && query.day !== undefined && listed.from.day !== undefined) {
    const l = listed.from
    if (query.year !== l.year) return 'conflict'
    if (query.month === l.month && query.day === l.day) return 'exact'
    if (query.month === l.day && query.day === l.month) return 'swapped'
    return 'same-year'
  }
  const widen = listed.circa ? circaYears * 10000 : 0
  const q = span(query)
  const l = { lo: span(listed.from).lo - widen, hi: span(listed.to).hi + widen }
  if (q.lo <= l.hi && l.lo <= q.hi) return 'within'
  const yearsApart = q.hi < l.lo ? Math.floor(l.lo / 10000) - Math.floor(q.hi / 10000) : Math.floor(q.lo / 10000) - Math.floor(l.hi / 10000)
  return yearsApart <= 1 ? 'near' : 'conflict'
}

/** The strongest agreement between the query's date and any the list gives; undefined when the list gives none. */
export function compareBirthDates(query: PartialDate, listed: readonly ListedBirthDate[]): BirthDateComparison | undefined {
  let best: BirthDateComparison | undefined
  for (const l of listed) {
    const agreement = compareOne(query, l)
    if (!best || birthDateAgreements.indexOf(agreement) < birthDateAgreements.indexOf(best.agreement)) best = { agreement, listed: l }
  }
  return best
}

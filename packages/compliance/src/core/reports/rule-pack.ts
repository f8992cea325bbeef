import { assertCalendarDay, isCalendarDay, isCurrencyCode, parseMoney, type CurrencyCode, type Money } from '@strongroom/kernel'

/**
 * Large-value reporting rules as versioned data. A regulator changes a
 * threshold by notice, so a compliance officer loads a new version of the
 * pack with the date it takes effect; the code never holds a threshold.
 * Every finding names the pack id, version and rule id that produced it.
 */

export const ruleChannels = ['cash', 'transfer', 'any'] as const
/** Which channel a rule covers: 'any' is cash and transfer, never the bank's internal books (see `includeInternal`). */
export type RuleChannel = (typeof ruleChannels)[number]

export const ruleClientKinds = ['individual', 'institution', 'any'] as const
export type RuleClientKind = (typeof ruleClientKinds)[number]

export const thresholdBases = ['single-or-daily-cumulative', 'daily-aggregate'] as const
/**
 * - 'single-or-daily-cumulative' (PBoC): one transaction, or the client's day
 *   total per direction, reaching the threshold.
 * - 'daily-aggregate' (FinCEN CTR): the day's total per direction over the
 *   threshold; a single transaction is simply a day total of one.
 *
 * With amounts that are never negative the two detect the same days (a
 * transaction that meets a threshold alone makes its day total meet it too);
 * the basis records what the regulation says and words the explanation.
 */
export type ThresholdBasis = (typeof thresholdBases)[number]

export const thresholdComparisons = ['at-least', 'more-than'] as const
/** 'at-least': total ≥ threshold (PBoC "以上（含）"). 'more-than': total > threshold (FinCEN "more than $10,000"). */
export type ThresholdComparison = (typeof thresholdComparisons)[number]

export interface RuleScope {
  readonly channel: RuleChannel
  readonly clientKind: RuleClientKind
  /** true: cross-border only; false: domestic only; null or absent: either. */
  readonly crossBorder?: boolean | null | undefined
  /**
   * Whether transfers on the 'internal' channel (between the bank's own
   * books: deposit openings, interest, rollovers) count. Absent means no:
   * they are not payments to or from the client's accounts elsewhere.
   */
  readonly includeInternal?: boolean | undefined
}

export interface LargeValueRule {
  /** Stable across versions of the pack, e.g. 'cn-cash': reports and statistics key on it. */
  readonly id: string
  readonly description: string
  readonly appliesTo: RuleScope
  /**
   * One threshold per currency, each compared only with transactions in
   * its own currency: CNY 50,000.00 for CNY, USD 10,000.00 for USD. A
   * transaction in a currency not listed is not looked at by this rule.
   */
  readonly thresholds: readonly Money[]
  readonly basis: ThresholdBasis
  readonly comparison: ThresholdComparison
}

/** Days counted from the business date of the transactions: working days skip weekends and holidays. */
export type FilingDeadlineRule = { readonly workingDays: number } | { readonly calendarDays: number }

export interface RulePack {
  /** Stable across versions: 'CN-PBOC-LVT', 'US-FINCEN-CTR', 'EU-AMLD-OCCASIONAL'. */
  readonly id: string
  /** A positive integer; a higher number supersedes a lower one from its `effectiveFrom`. */
  readonly version: number
  /** YYYY-MM-DD: the first business date this version applies to. */
  readonly effectiveFrom: string
  /** ISO 3166-1 alpha-2, or 'EU' (reserved in ISO 3166 for the European Union). */
  readonly jurisdiction: string
  readonly name: string
  readonly rules: readonly LargeValueRule[]
  readonly filingDeadline: FilingDeadlineRule
  /**
   * A transaction in a currency that none of a rule's thresholds names counts
   * at its equivalent in this currency, against the threshold in it: PBoC
   * takes foreign currencies at their USD equivalent, FinCEN any currency at
   * its USD value, the EU at the EUR value. Absent: such transactions are not
   * looked at.
   */
  readonly equivalentIn?: CurrencyCode | undefined
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

const cny = (amount: string) => parseMoney(amount, 'CNY')
const usd = (amount: string) => parseMoney(amount, 'USD')
const eur = (amount: string) => parseMoney(amount, 'EUR')

/**
 * The packs as published. Pick one for a date with `packInForce`.
 *
 * - CN-PBOC-LVT: 金融机构大额交易和可疑交易报告管理办法 (PBoC Order [2016]
 *   No. 3), in force 2017-07-01, Art. 5: per client per day, a single
 *   transaction or the day's cumulative total, inflows and outflows apart,
 *   "以上（含）" — at least: cash CNY 50,000 or USD 10,000 (foreign currency
 *   at its USD equivalent); a non-natural person's account transfers CNY
 *   2,000,000 or USD 200,000; a natural person's domestic transfers CNY
 *   500,000 or USD 100,000, cross-border CNY 200,000 or USD 10,000. Art. 8:
 *   report within 5 working days of the transaction.
 * - US-FINCEN-CTR: currency transaction report, 31 CFR 1010.311 (cash of
 *   more than USD 10,000), 1010.313 (multiple transactions by or for one
 *   person in one business day aggregated; cash in and cash out apart),
 *   1010.306(a)(1) (file within 15 days). The effective date is that of the
 *   31 CFR chapter X recodification; the rule itself is older.
 * - EU-AMLD-OCCASIONAL: Directive (EU) 2015/849 (AMLD4) Art. 11(b)(i):
 *   customer due diligence on an occasional transaction (one outside a
 *   business relationship) of EUR 15,000 or more, single or in linked
 *   operations; the day's total per direction stands in for "linked". It is
 *   a check to make before or at the transaction, not a filing, so its
 *   deadline is the business date itself (0 calendar days). Regulation (EU)
 *   2024/1624 (the AML Regulation) Art. 19 lowers the threshold to
 *   EUR 10,000 from 2027-07-10: load that as version 2 of this pack, with
 *   that effective date, when the bank is ready to apply it.
 *
 * What stays with the caller: converting other foreign currencies into the
 * USD (PBoC, FinCEN) or EUR equivalent — a rule compares only amounts in the
 * currencies it lists — and the exemptions each regulation allows (see
 * `Exemption` in large-value.ts).
 */
export const defaultRulePacks: readonly RulePack[] = deepFreeze([
  {
    id: 'CN-PBOC-LVT',
    version: 1,
    effectiveFrom: '2017-07-01',
    jurisdiction: 'CN',
    name: 'PBoC large-value transaction reports (Order [2016] No. 3)',
    rules: [
      {
        id: 'cn-cash',
        description: 'Cash receipts or payments of CNY 50,000 or USD 10,000 or more, single or cumulative per day',
        appliesTo: { channel: 'cash', clientKind: 'any', crossBorder: null },
        thresholds: [cny('50000.00'), usd('10000.00')],
        basis: 'single-or-daily-cumulative',
        comparison: 'at-least',
      },
      {
        id: 'cn-institution-transfer',
        description: 'Transfers between an institution client’s account and other accounts of CNY 2,000,000 or USD 200,000 or more',
        appliesTo: { channel: 'transfer', clientKind: 'institution', crossBorder: null },
        thresholds: [cny('2000000.00'), usd('200000.00')],
        basis: 'single-or-daily-cumulative',
        comparison: 'at-least',
      },
      {
        id: 'cn-individual-domestic-transfer',
        description: 'An individual’s domestic transfers of CNY 500,000 or USD 100,000 or more',
        appliesTo: { channel: 'transfer', clientKind: 'individual', crossBorder: false },
        thresholds: [cny('500000.00'), usd('100000.00')],
        basis: 'single-or-daily-cumulative',
        comparison: 'at-least',
      },
      {
        id: 'cn-individual-cross-border-transfer',
        description: 'An individual’s cross-border transfers of CNY 200,000 or USD 10,000 or more',
        appliesTo: { channel: 'transfer', clientKind: 'individual', crossBorder: true },
        thresholds: [cny('200000.00'), usd('10000.00')],
        basis: 'single-or-daily-cumulative',
        comparison: 'at-least',
      },
    ],
    filingDeadline: { workingDays: 5 },
    equivalentIn: 'USD',
  },
  {
    id: 'US-FINCEN-CTR',
    version: 1,
    effectiveFrom: '2011-03-01',
    jurisdiction: 'US',
    name: 'FinCEN currency transaction report (31 CFR 1010.311)',
    rules: [
      {
        id: 'us-ctr-cash',
        description: 'Cash in, or cash out, of more than USD 10,000 in one business day, aggregated',
        appliesTo: { channel: 'cash', clientKind: 'any', crossBorder: null },
        thresholds: [usd('10000.00')],
        basis: 'daily-aggregate',
        comparison: 'more-than',
      },
    ],
    filingDeadline: { calendarDays: 15 },
    equivalentIn: 'USD',
  },
  {
    id: 'EU-AMLD-OCCASIONAL',
    version: 1,
    effectiveFrom: '2017-06-26',
    jurisdiction: 'EU',
    name: 'EU occasional transaction due diligence (Directive (EU) 2015/849, Art. 11)',
    rules: [
      {
        // AMLR (EU) 2024/1624 Art. 19: EUR 10,000 from 2027-07-10 — a new version of this pack, not an edit of this one.
        id: 'eu-occasional',
        description: 'An occasional transaction of EUR 15,000 or more, single or linked within the day',
        appliesTo: { channel: 'any', clientKind: 'any', crossBorder: null },
        thresholds: [eur('15000.00')],
        basis: 'single-or-daily-cumulative',
        comparison: 'at-least',
      },
    ],
    filingDeadline: { calendarDays: 0 },
    equivalentIn: 'EUR',
  },
] satisfies RulePack[])

const jurisdictionPattern = /^[A-Z]{2}$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}

function ruleProblem(value: unknown, index: number): string | undefined {
  if (!isRecord(value)) return `rules[${index}] must be an object`
  if (!isNonEmptyString(value.id)) return `rules[${index}]: id must be a non-empty string`
  const at = `rule ${value.id}`
  if (!isNonEmptyString(value.description)) return `${at}: description must be a non-empty string`
  const scope = value.appliesTo
  if (!isRecord(scope)) return `${at}: appliesTo must be an object`
  if (!oneOf(ruleChannels, scope.channel)) return `${at}: appliesTo.channel must be one of ${ruleChannels.join(', ')}`
  if (!oneOf(ruleClientKinds, scope.clientKind)) return `${at}: appliesTo.clientKind must be one of ${ruleClientKinds.join(', ')}`
  if (scope.crossBorder !== undefined && scope.crossBorder !== null && typeof scope.crossBorder !== 'boolean') {
    return `${at}: appliesTo.crossBorder must be true, false, null or absent`
  }
  if (scope.includeInternal !== undefined && typeof scope.includeInternal !== 'boolean') {
    return `${at}: appliesTo.includeInternal must be a boolean or absent`
  }
  if (!Array.isArray(value.thresholds) || value.thresholds.length === 0) return `${at}: thresholds must be a non-empty list of Money`
  const seen = new Set<string>()
  for (const threshold of value.thresholds as unknown[]) {
    if (!isRecord(threshold) || typeof threshold.amountMinor !== 'bigint' || !isCurrencyCode(threshold.currency)) {
      return `${at}: each threshold must be Money (a bigint amountMinor and a supported currency)`
    }
    if (threshold.amountMinor <= 0n) return `${at}: the ${threshold.currency} threshold must be positive`
    if (seen.has(threshold.currency)) return `${at}: more than one ${threshold.currency} threshold`
    seen.add(threshold.currency)
  }
  if (!oneOf(thresholdBases, value.basis)) return `${at}: basis must be one of ${thresholdBases.join(', ')}`
  if (!oneOf(thresholdComparisons, value.comparison)) return `${at}: comparison must be one of ${thresholdComparisons.join(', ')}`
  return undefined
}

/**
 * Why a value cannot be used as a rule pack (say, a changed one a compliance
 * officer loaded as data); undefined when it can.
 */
export function rulePackProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'a rule pack must be an object'
  if (!isNonEmptyString(value.id)) return 'id must be a non-empty string'
  const at = String(value.id)
  if (typeof value.version !== 'number' || !Number.isSafeInteger(value.version) || value.version < 1) {
    return `${at}: version must be a positive integer`
  }
  const atVersion = `${at} v${value.version}`
  if (!isCalendarDay(value.effectiveFrom)) return `${atVersion}: effectiveFrom must be a date (YYYY-MM-DD)`
  if (typeof value.jurisdiction !== 'string' || !jurisdictionPattern.test(value.jurisdiction)) {
    return `${atVersion}: jurisdiction must be a two-letter code such as "CN" or "EU"`
  }
  if (!isNonEmptyString(value.name)) return `${atVersion}: name must be a non-empty string`
  if (value.equivalentIn !== undefined && !isCurrencyCode(value.equivalentIn)) return `${atVersion}: equivalentIn must be a currency code`
  if (!Array.isArray(value.rules) || value.rules.length === 0) return `${atVersion}: rules must be a non-empty list`
  const ruleIds = new Set<string>()
  for (const [index, rule] of (value.rules as unknown[]).entries()) {
    const problem = ruleProblem(rule, index)
    if (problem !== undefined) return `${atVersion}: ${problem}`
    const id = (rule as LargeValueRule).id
    if (ruleIds.has(id)) return `${atVersion}: rule id ${id} appears twice`
    ruleIds.add(id)
  }
  const deadline = value.filingDeadline
  if (!isRecord(deadline)) return `${atVersion}: filingDeadline must be an object`
  const keys = Object.keys(deadline)
  const valid =
    keys.length === 1 &&
    ((keys[0] === 'workingDays' && isNonNegativeInteger(deadline.workingDays)) ||
      (keys[0] === 'calendarDays' && isNonNegativeInteger(deadline.calendarDays)))
  if (!valid) return `${atVersion}: filingDeadline must be { workingDays: n } or { calendarDays: n } with n a whole number ≥ 0`
  return undefined
}

/**
 * The version of pack `id` in force on `date` (YYYY-MM-DD): of the versions
 * whose `effectiveFrom` is on or before the date, the highest version
 * number — a later version supersedes an earlier one even when it was made
 * to take effect from an earlier date (a correction). Undefined before the
 * first version takes effect.
 *
 * @throws RangeError for a date that is not YYYY-MM-DD, or two packs with the
 *   same id and version (which one to apply would be a guess).
 */
export function packInForce(packs: readonly RulePack[], id: string, date: string): RulePack | undefined {
  assertCalendarDay(date, 'packInForce date')
  let found: RulePack | undefined
  const versions = new Set<number>()
  for (const pack of packs) {
    if (pack.id !== id) continue
    if (versions.has(pack.version)) throw new RangeError(`rule pack ${id} v${pack.version} appears twice`)
    versions.add(pack.version)
    // YYYY-MM-DD strings sort as the dates do.
    if (pack.effectiveFrom > date) continue
    if (found === undefined || pack.version > found.version) found = pack
  }
  return found
}

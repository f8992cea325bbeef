import { assertCalendarDay, formatMoney, instantMillis, sumMoney, type CurrencyCode, type Money } from '@strongroom/kernel'
import { rulePackProblem, type LargeValueRule, type RulePack } from './rule-pack.js'

/**
 * Large-value detection: which of one client's transactions on one business
 * day a rule pack says must be reported, and why.
 *
 * In the order a person would explain it, for each rule of the pack that
 * covers the client's kind, each direction, and each threshold currency:
 *
 * 1. Take the day's transactions in that direction and currency on the
 *    rule's channel (cash, transfer, or either; the 'internal' channel only
 *    where the rule includes it) and border (cross-border, domestic, either).
 *    Inflows and outflows are never netted: CNY 30,000 in and CNY 30,000 out
 *    are two totals of 30,000, not one of zero.
 * 2. Mark the transactions an exemption covers, with its reason. They stay
 *    on the finding; they are only left out of the total.
 * 3. Add up the rest and compare the total with the threshold, ≥ or >
 *    as the rule says.
 *
 * One finding per rule, direction and currency, never one per transaction:
 * a transaction that meets a threshold alone and also belongs to a day total
 * that meets it appears once, on the day's finding, with every qualifying
 * transaction of that day and direction. The finding's basis is 'single'
 * when exactly one transaction makes up the total, 'daily-cumulative'
 * otherwise; the explanation names any transaction that met the threshold
 * on its own.
 *
 * A day whose total meets the threshold only because of exempted
 * transactions gives a finding too, with `reportable: false`, so the
 * decision not to report is visible and explained rather than silent.
 * Exempted transactions that would not have met the threshold anyway give
 * nothing: there was no large-value transaction to explain.
 *
 * What the caller decides: which transactions belong to the business day
 * (the bank's cut-off and time zone: pass the client's transactions booked
 * on `businessDate`; `postedAt` only orders them), aggregation across the
 * client's accounts and anyone acting for them (pass them all), and the
 * conversion of other foreign currencies into a threshold currency (a
 * transaction in a currency the rule does not list is not looked at).
 */

export const transactionDirections = ['in', 'out'] as const
/** From the client's point of view: 'in' credits the client, 'out' debits them. */
export type TransactionDirection = (typeof transactionDirections)[number]

export const transactionChannels = ['cash', 'transfer', 'internal'] as const
/** Over the counter in cash, by payment, or between the bank's own books. */
export type TransactionChannel = (typeof transactionChannels)[number]

export type ClientKind = 'individual' | 'institution'

export interface ReportableTransaction {
  readonly transferId: string
  /** ISO 8601 instant with its offset: '2025-03-06T09:15:00+08:00'. */
  readonly postedAt: string
  readonly direction: TransactionDirection
  /** Never negative: the direction carries the sign. */
  readonly amount: Money
  readonly channel: TransactionChannel
  readonly crossBorder: boolean
  readonly counterparty: { readonly name?: string; readonly account?: string; readonly country?: string } | null
  readonly metadata?: Readonly<Record<string, string>>
}

/**
 * A class of transactions that need not be reported, as data:
 *
 * - 'same-client-transfer': both sides are the client's own accounts
 *   (metadata `sameClient` = 'true').
 * - 'deposit-rollover': a fixed deposit maturing or rolling over into the
 *   same client's account (metadata `deposit.event` = 'maturity' or
 *   'rolled-over'); PBoC Order [2016] No. 3 Art. 9 lists these.
 * - 'metadata': any other class a compliance officer defines by a metadata
 *   key and the values that exempt, with the reason to record.
 *
 * Which exemptions apply is the caller's choice per pack: FinCEN's CTR
 * exemptions, for instance, are not these.
 */
export type Exemption =
  | { readonly kind: 'same-client-transfer' }
  | { readonly kind: 'deposit-rollover' }
  | { readonly kind: 'metadata'; readonly key: string; readonly values: readonly string[]; readonly reason: string }

export interface LargeValueInput {
  readonly pack: RulePack
  /** YYYY-MM-DD: the business day all of `transactions` were booked on. */
  readonly businessDate: string
  readonly client: { readonly id: string; readonly kind: ClientKind }
  readonly transactions: readonly ReportableTransaction[]
  /** None when absent: everything in scope counts. */
  readonly exemptions?: readonly Exemption[]
  /**
   * The amount's equivalent in a currency at the rate of the business day,
   * for packs with `equivalentIn`; undefined when no rate is known (the
   * caller makes sure of the rates it needs: see `currenciesNeedingEquivalent`).
   */
  readonly equivalent?: ((amount: Money, currency: CurrencyCode) => Money | undefined) | undefined
}

export interface FindingTransaction {
  readonly transferId: string
  /** In the threshold's currency: the equivalent when the transaction was in another. */
  readonly amount: Money
  /** The amount as booked, when `amount` is its equivalent. */
  readonly originalAmount?: Money
  readonly exempted: boolean
  /** Why it was exempted; only on exempted transactions. */
  readonly reason?: string
}

export interface LargeValueFinding {
  readonly packId: string
  readonly packVersion: number
  readonly ruleId: string
  readonly clientId: string
  readonly businessDate: string
  readonly direction: TransactionDirection
  readonly basis: 'single' | 'daily-cumulative'
  /** The threshold compared with, in the currency of `total`. */
  readonly threshold: Money
  /** Of the transactions not exempted: what is reported. */
  readonly total: Money
  /** False when only the exempted transactions would have made the day meet the threshold: recorded, not filed. */
  readonly reportable: boolean
  /** Every transaction of the day in scope of the rule, direction and currency, by time posted: exempted ones too. */
  readonly transactions: readonly FindingTransaction[]
  readonly explanation: string
}

const exemptionReasons = {
  'same-client-transfer': 'same-client transfer: both sides are the client’s own accounts',
  'deposit-rollover': 'deposit rollover: a fixed deposit maturing or rolling over into the client’s own account',
} as const

function exemptionReason(exemptions: readonly Exemption[], t: ReportableTransaction): string | undefined {
  const metadata = t.metadata ?? {}
  for (const exemption of exemptions) {
    switch (exemption.kind) {
      case 'same-client-transfer':
        if (metadata.sameClient === 'true') return exemptionReasons[exemption.kind]
        break
      case 'deposit-rollover': {
        const event = metadata['deposit.event']
        if (event === 'maturity' || event === 'rolled-over') return exemptionReasons[exemption.kind]
        break
      }
      case 'metadata': {
        const value = metadata[exemption.key]
        if (value !== undefined && exemption.values.includes(value)) return exemption.reason
        break
      }
    }
  }
  return undefined
}

function exemptionProblem(exemption: unknown): string | undefined {
  if (typeof exemption !== 'object' || exemption === null) return 'an exemption must be an object'
  const e = exemption as Record<string, unknown>
  if (e.kind === 'same-client-transfer' || e.kind === 'deposit-rollover') return undefined
  if (e.kind !== 'metadata') return `unknown exemption kind ${JSON.stringify(e.kind)}`
  if (typeof e.key !== 'string' || e.key === '') return 'a metadata exemption needs a key'
  if (!Array.isArray(e.values) || e.values.length === 0 || !e.values.every((v) => typeof v === 'string')) {
    return `the metadata exemption on ${e.key} needs a non-empty list of string values`
  }
  if (typeof e.reason !== 'string' || e.reason.trim() === '') return `the metadata exemption on ${e.key} needs a reason`
  return undefined
}

function inScope(rule: LargeValueRule, t: ReportableTransaction): boolean {
  const scope = rule.appliesTo
  const channelCovered =
    t.channel === 'internal' ? scope.includeInternal === true : scope.channel === 'any' || scope.channel === t.channel
  const borderCovered = scope.crossBorder === undefined || scope.crossBorder === null || scope.crossBorder === t.crossBorder
  return channelCovered && borderCovered
}

function meets(total: Money, threshold: Money, rule: LargeValueRule): boolean {
  return rule.comparison === 'at-least' ? total.amountMinor >= threshold.amountMinor : total.amountMinor > threshold.amountMinor
}

function show(m: Money): string {
  return `${m.currency} ${formatMoney(m)}`
}

/**
 * The large-value findings of one client on one business day under one rule
 * pack, in the order of the pack's rules, then inflows before outflows, then
 * the order of the rule's thresholds. An empty list when nothing is large.
 *
 * @throws RangeError for input no caller should send: a pack that fails
 *   `rulePackProblem` or is not yet in force on the business date, a date
 *   that is not YYYY-MM-DD, a transaction id given twice, a negative amount,
 *   a `postedAt` without an offset, an exemption that is not one.
 */
export function detectLargeValue(input: LargeValueInput): LargeValueFinding[] {
  const { pack, businessDate, client, transactions } = input
  const exemptions = input.exemptions ?? []
  const packProblem = rulePackProblem(pack)
  if (packProblem !== undefined) throw new RangeError(`rule pack: ${packProblem}`)
  assertCalendarDay(businessDate, 'businessDate')
  if (pack.effectiveFrom > businessDate) {
    throw new RangeError(`${pack.id} v${pack.version} takes effect on ${pack.effectiveFrom}, after the business date ${businessDate}`)
  }
  if (client.kind !== 'individual' && client.kind !== 'institution') throw new RangeError(`client kind ${JSON.stringify(client.kind)} is neither individual nor institution`)
  for (const exemption of exemptions) {
    const problem = exemptionProblem(exemption)
    if (problem !== undefined) throw new RangeError(problem)
  }

  const postedMillis = new Map<string, number>()
  for (const t of transactions) {
    if (postedMillis.has(t.transferId)) throw new RangeError(`transaction ${t.transferId} is given twice`)
    const millis = instantMillis(t.postedAt)
    if (millis === undefined) throw new RangeError(`transaction ${t.transferId}: postedAt ${JSON.stringify(t.postedAt)} is not an ISO instant with an offset`)
    postedMillis.set(t.transferId, millis)
    if (t.amount.amountMinor < 0n) throw new RangeError(`transaction ${t.transferId}: the amount is negative; the direction carries the sign`)
    if (!(transactionDirections as readonly string[]).includes(t.direction)) throw new RangeError(`transaction ${t.transferId}: direction must be 'in' or 'out'`)
    if (!(transactionChannels as readonly string[]).includes(t.channel)) throw new RangeError(`transaction ${t.transferId}: unknown channel ${JSON.stringify(t.channel)}`)
  }
  const ordered = [...transactions].sort(
    (a, b) => postedMillis.get(a.transferId)! - postedMillis.get(b.transferId)! || (a.transferId < b.transferId ? -1 : a.transferId > b.transferId ? 1 : 0),
  )
  const reasons = new Map(ordered.map((t) => [t.transferId, exemptionReason(exemptions, t)] as const))

  const findings: LargeValueFinding[] = []
  for (const rule of pack.rules) {
    if (rule.appliesTo.clientKind !== 'any' && rule.appliesTo.clientKind !== client.kind) continue
    const named = namedCurrencies(rule)
    for (const direction of transactionDirections) {
      for (const threshold of rule.thresholds) {
        const scoped = ordered.flatMap((t): ScopedTransaction[] => {
          if (t.direction !== direction || !inScope(rule, t)) return []
          if (t.amount.currency === threshold.currency) return [t]
          if (pack.equivalentIn !== threshold.currency || named.has(t.amount.currency)) return []
          const converted = input.equivalent?.(t.amount, threshold.currency)
          return converted === undefined ? [] : [{ ...t, amount: converted, originalAmount: t.amount }]
        })
        const counted = scoped.filter((t) => reasons.get(t.transferId) === undefined)
        const total = sumMoney(counted.map((t) => t.amount), threshold.currency)
        const gross = sumMoney(scoped.map((t) => t.amount), threshold.currency)
        const reportable = meets(total, threshold, rule)
        if (!reportable && !meets(gross, threshold, rule)) continue
        const makingUp = reportable ? counted : scoped
        findings.push({
          packId: pack.id,
          packVersion: pack.version,
          ruleId: rule.id,
          clientId: client.id,
          businessDate,
          direction,
          basis: makingUp.length === 1 ? 'single' : 'daily-cumulative',
          threshold,
          total,
          reportable,
          transactions: scoped.map((t) => {
            const reason = reasons.get(t.transferId)
            const original = t.originalAmount === undefined ? {} : { originalAmount: t.originalAmount }
            return reason === undefined
              ? { transferId: t.transferId, amount: t.amount, ...original, exempted: false }
              : { transferId: t.transferId, amount: t.amount, ...original, exempted: true, reason }
          }),
          explanation: explain({ pack, rule, businessDate, direction, threshold, counted, scoped, total, gross, reportable, reasons }),
        })
      }
    }
  }
  return findings
}

/** A transaction as a rule sees it: in the threshold's currency, with what was booked when that is an equivalent. */
type ScopedTransaction = ReportableTransaction & { readonly originalAmount?: Money }

/**
 * The currencies of `transactions` that a pack counts at an equivalent, and
 * in which currency: the rates a caller must have before detecting.
 */
export function currenciesNeedingEquivalent(pack: RulePack, transactions: readonly ReportableTransaction[]): { from: CurrencyCode; to: CurrencyCode }[] {
  const to = pack.equivalentIn
  if (to === undefined) return []
  const from = new Set<CurrencyCode>()
  for (const rule of pack.rules) {
    const named = namedCurrencies(rule)
    if (!named.has(to)) continue
    for (const t of transactions) if (!named.has(t.amount.currency)) from.add(t.amount.currency)
  }
  return [...from].sort().map((currency) => ({ from: currency, to }))
}

/** The currencies a rule's thresholds name: the same set detection converts against, rule by rule. */
function namedCurrencies(rule: LargeValueRule): ReadonlySet<CurrencyCode> {
  return new Set(rule.thresholds.map((m) => m.currency))
}

interface ExplanationFacts {
  readonly pack: RulePack
  readonly rule: LargeValueRule
  readonly businessDate: string
  readonly direction: TransactionDirection
  readonly threshold: Money
  readonly counted: readonly ScopedTransaction[]
  readonly scoped: readonly ScopedTransaction[]
  readonly total: Money
  readonly gross: Money
  readonly reportable: boolean
  readonly reasons: ReadonlyMap<string, string | undefined>
}

function explain(f: ExplanationFacts): string {
  const flow = f.direction === 'in' ? 'incoming' : 'outgoing'
  const test = `${f.rule.comparison === 'at-least' ? 'at least' : 'more than'} ${show(f.threshold)}`
  const head = `${f.pack.id} v${f.pack.version}, rule ${f.rule.id} (${f.rule.description}), ${f.businessDate}, ${flow}:`
  const exempted = f.scoped.filter((t) => f.reasons.get(t.transferId) !== undefined)
  const exemptedNote =
    exempted.length === 0
      ? ''
      : ` Not counted, as exempted: ${exempted.map((t) => `${t.transferId} ${show(t.amount)} (${f.reasons.get(t.transferId)!})`).join('; ')}.`
  const convertedList = f.scoped.filter((t) => t.originalAmount !== undefined)
  const convertedNote = convertedList.length === 0
    ? ''
    : ` Counted at their ${f.threshold.currency} equivalent: ${convertedList.map((t) => `${t.transferId} ${show(t.originalAmount!)} = ${show(t.amount)}`).join('; ')}.`
  return explainTotals(f, head, test, exemptedNote) + convertedNote
}

function explainTotals(f: ExplanationFacts, head: string, test: string, exemptedNote: string): string {
  if (!f.reportable) {
    return (
      `${head} nothing to report. With the exempted transactions the day would total ${show(f.gross)}, which is ${test}; ` +
      `without them it totals ${show(f.total)} over ${f.counted.length} transaction${f.counted.length === 1 ? '' : 's'}, which does not.${exemptedNote}`
    )
  }
  const [only] = f.counted
  if (f.counted.length === 1 && only !== undefined) {
    return `${head} transaction ${only.transferId} of ${show(only.amount)} is ${test}, the only one of the day counted.${exemptedNote}`
  }
  const alone = f.counted.filter((t) => meets(t.amount, f.threshold, f.rule)).map((t) => t.transferId)
  const aloneNote =
    alone.length === 0
      ? `no single one is ${test}, the day's total is.`
      : `${alone.join(', ')} ${alone.length === 1 ? 'is' : 'are each'} ${test} alone, and all of the day's are reported together.`
  return (
    `${head} ${f.counted.length} transactions (${f.counted.map((t) => t.transferId).join(', ')}) total ${show(f.total)}, which is ${test}; ` +
    `${aloneNote}${exemptedNote}`
  )
}

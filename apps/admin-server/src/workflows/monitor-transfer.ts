import { addDaysToDay, convertMoney, currencyExponent, decimal, formatMoney, roundDecimal, type CurrencyCode, type Money } from '@strongroom/kernel'
import { isMultiLeg, legsOf, businessDateOf, formatCalendarDate, type TransferRequest } from '@strongroom/ledger'
import type { HeldForReview } from '@strongroom/ledger/fastify'
import {
  aggregateWindowDays, assessDeposit, buildMonitoringFacts, defaultAssessmentConfig, needsAssessment, RiskError,
  type ActivityChange, type AssessmentConfig, type MonitoringClientFacts, type MonitoringConfig, type MonitoringDecision, type MonitoringFacts, type StoredDecision,
} from '@strongroom/risk'
import type { Services } from '../services.js'
import { isOutflow, type AccountOwners } from './account-owners.js'
import { transferFromJson, transferToJson, type TransferJson } from './transfer-json.js'

type Deps = Pick<Services, 'ledger' | 'kyc' | 'relationship' | 'fx' | 'clock' | 'ids' | 'riskStore' | 'riskRules' | 'riskCases'>

export interface MonitoringOptions {
  readonly enabled: boolean
  readonly config: MonitoringConfig
  readonly assessment?: AssessmentConfig | undefined
  readonly timeZone: string
  /**
   * What a review decision does: 'alert' (default) lets the transfer post and opens an alert; 'hold' reserves the
   * amount on the debited client account instead, until the case is decided (simple transfers out of a client
   * account; others post with an alert).
   */
  readonly reviewAction?: 'alert' | 'hold' | undefined
  /** How long client facts (KYC rating, source of funds, country) and FX rates are reused: rare changes, read on every transfer. */
  readonly cacheMs?: number | undefined
}

/** One client's side of a transfer, decided. */
interface Side {
  readonly clientId: string
  readonly direction: 'in' | 'out'
  readonly channel: 'cash' | 'transfer'
  readonly amount: Money
  readonly reportingAmount: string
  readonly counterpartyKey: string | null
  readonly counterpartyCountry: string | null
  /** The counterparty paid or was paid by the client before, within the history window. */
  readonly counterpartyKnown: boolean
  readonly facts: MonitoringFacts
  readonly live: MonitoringDecision
  readonly shadow: MonitoringDecision | null
}

export interface MonitoredTransfer {
  readonly sides: readonly Side[]
  readonly businessDate: string
}

const bankWide = { staffId: 'risk-monitoring', roles: ['admin'] as const }
/** The history a decision reads: the longest window any rule can name. */
const historyDays = aggregateWindowDays.P180D

/**
 * Risk's inline decision on every transfer (issue 6), inside the transfer
 * workflow: for each client whose account the transfer moves money in or
 * out of, the facts (the transfer in the reporting currency, the client, and
 * window aggregates from the client's daily buckets) go through the live
 * rules. A block refuses the transfer (`risk.blocked`, with the rule ids)
 * and opens an alert; a review lets it post and opens an alert; every
 * decision is stored with each rule's result, and shadow versions' would-be
 * decisions beside it. Internal bookings (interest, own-account moves) are
 * not monitored.
 *
 * One read before the decision (the client's buckets and last activity, in
 * one statement — client facts and rates are cached briefly), one statement
 * after the posting (shared with the transfers recorded at the same moment).
 * Concurrent transfers of one client each see the buckets as committed
 * before them; the later ones' decisions count the earlier ones.
 */
export function createTransferMonitoring(services: Deps, ownerOf: AccountOwners, options: MonitoringOptions) {
  const cacheMs = options.cacheMs ?? 30_000
  const assessment = options.assessment ?? defaultAssessmentConfig
  const clientFacts = new Map<string, { facts: Omit<MonitoringClientFacts, 'idleDays'>; sourceOfFunds: { documented: boolean; evidenceRefs: readonly string[] } | null; at: number }>()
  const rates = new Map<string, { rate: string; at: number }>()
  const reporting = options.config.currency as CurrencyCode

  async function factsOfClient(clientId: string) {
    const now = services.clock.now().getTime()
    const cached = clientFacts.get(clientId)
    if (cached && now - cached.at < cacheMs) return cached
    const [client, kyc] = await Promise.all([services.relationship.getClient(bankWide, clientId), services.kyc.getKyc(clientId)])
    const sourceOfFunds = kyc.sourceOfFunds ? { documented: kyc.sourceOfFunds.evidenceRefs.length > 0, evidenceRefs: kyc.sourceOfFunds.evidenceRefs } : null
    const entry = {
      facts: {
        riskRating: kyc.riskRating, country: client.country, type: client.kind === 'individual' ? 'individual' as const : 'company' as const,
        sourceOfFundsDocumented: sourceOfFunds?.documented ?? false, ageDays: Math.max(0, Math.floor((now - client.createdAt.getTime()) / 86_400_000)),
      },
      sourceOfFunds, at: now,
    }
    if (clientFacts.size > 50_000) clientFacts.clear()
    clientFacts.set(clientId, entry)
    return entry
  }

  /**
   * The amount in the reporting currency at the rate in force. Without a rate it counts as booked — which
   * under-counts currencies stronger than the reporting one — rather than stop payments because a rate feed is
   * late; the decision's facts keep the transfer's own currency, and a missing rate is asked for again on the next
   * transfer (only rates found are cached).
   */
  async function inReporting(amount: Money): Promise<string> {
    if (amount.currency === reporting) return formatMoney(amount)
    const now = services.clock.now().getTime()
    let cached = rates.get(amount.currency)
    if (!cached || now - cached.at >= cacheMs) {
      const quote = await services.fx.rateFor(amount.currency, reporting, services.clock.now()).catch(() => undefined)
      if (!quote) return formatMoney(amount)
      cached = { rate: quote.rate.rate, at: now }
      rates.set(amount.currency, cached)
    }
    return formatMoney(convertMoney(amount, reporting, cached.rate))
  }

  /** The client sides of a transfer: money in or out of one client's accounts, netted per client and direction. */
  async function sidesOf(request: TransferRequest) {
    if (request.channel === 'internal') return []
    const byKey = new Map<string, { clientId: string; direction: 'in' | 'out'; amount: Money }>()
    const clients = new Set<string>()
    for (const leg of legsOf(request)) {
      const owner = await ownerOf(leg.accountId)
      if (owner?.kind !== 'client' || !owner.clientId) continue
      clients.add(owner.clientId)
      const direction = isOutflow(owner, leg.direction) ? 'out' as const : 'in' as const
      const key = `${owner.clientId}|${direction}|${leg.amount.currency}`
      const before = byKey.get(key)
      byKey.set(key, { clientId: owner.clientId, direction, amount: before ? { ...before.amount, amountMinor: before.amount.amountMinor + leg.amount.amountMinor } : leg.amount })
    }
    // Money between one client's own accounts is not activity to monitor.
    if (clients.size === 1 && new Set([...byKey.values()].map((s) => s.direction)).size === 2) return []
    return [...byKey.values()]
  }

  async function decide(request: TransferRequest): Promise<MonitoredTransfer | undefined> {
    if (!options.enabled) return undefined
    const sides = await sidesOf(request)
    if (sides.length === 0) return undefined
    const now = services.clock.now()
    const businessDate = formatCalendarDate(businessDateOf(now, options.timeZone))
    const decided: Side[] = []
    for (const side of sides) {
      const [client, history] = await Promise.all([factsOfClient(side.clientId), services.riskStore.historyOf(side.clientId, addDaysToDay(businessDate, -(historyDays - 1)))])
      const lastDay = history.lastActivityAt ? formatCalendarDate(businessDateOf(new Date(history.lastActivityAt), options.timeZone)) : null
      const idleDays = lastDay ? Math.max(0, Math.round((Date.parse(businessDate) - Date.parse(lastDay)) / 86_400_000)) : null
      const reportingAmount = await inReporting(side.amount)
      const counterparty = request.counterparty
      const counterpartyKey = counterparty ? (counterparty.account ?? counterparty.name.trim().toLowerCase()) : null
      const channel = request.channel === 'cash' ? 'cash' as const : 'transfer' as const
      const facts = buildMonitoringFacts({
        transfer: { amount: reportingAmount, currency: side.amount.currency, direction: side.direction, channel, counterpartyKey,
          counterpartyCountry: counterparty?.country ?? null, counterpartyName: counterparty?.name ?? null },
        client: { ...client.facts, idleDays }, config: options.config, businessDate, history: history.buckets,
      })
      const { live, shadow } = await services.riskRules.decide(facts)
      const counterpartyKnown = counterpartyKey !== null && history.buckets.some((b) => b.counterparties.includes(counterpartyKey))
      decided.push({ ...side, channel, reportingAmount, counterpartyKey, counterpartyCountry: counterparty?.country ?? null, counterpartyKnown, facts, live, shadow })
    }
    const monitored = { sides: decided, businessDate }
    const blocked = decided.filter((s) => s.live.outcome === 'block')
    if (blocked.length > 0) {
      const decisions = storedDecisions(monitored, null)
      await services.riskStore.recordDecisions(decisions)
      for (const side of blocked) await raise(side, decisions, null)
      const ruleIds = [...new Set(blocked.flatMap((s) => hitRules(s.live)))]
      throw new RiskError('risk.blocked', `transaction monitoring blocks this transfer: ${blocked.flatMap((s) => s.live.results.filter((r) => r.hit && r.mode === 'live').map((r) => `${r.ruleId} (${r.explanation})`)).join('; ')}`, { ruleIds })
    }
    return monitored
  }

  function storedDecisions(monitored: MonitoredTransfer, transferId: string | null): StoredDecision[] {
    const at = services.clock.now().toISOString()
    return monitored.sides.flatMap((side) => {
      const one = (decision: MonitoringDecision, mode: 'live' | 'shadow'): StoredDecision => ({
        id: services.ids.next(), transferId, clientId: side.clientId, mode, outcome: decision.outcome, score: decision.score,
        ruleVersions: Object.fromEntries(decision.results.map((r) => [`${r.ruleId}${r.mode === 'shadow' ? ':shadow' : ''}`, r.version])),
        results: decision.results, facts: side.facts, decidedAt: at,
      })
      return side.shadow ? [one(side.live, 'live'), one(side.shadow, 'shadow')] : [one(side.live, 'live')]
    })
  }

  async function raise(side: Side, decisions: readonly StoredDecision[], transferId: string | null) {
    const decision = decisions.find((d) => d.clientId === side.clientId && d.mode === 'live')!
    return services.riskCases.raiseAlert({
      clientId: side.clientId, decisionId: decision.id, transferId, outcome: side.live.outcome === 'block' ? 'block' : 'review', score: side.live.score, ruleIds: hitRules(side.live),
    })
  }

  function activityOf(monitored: MonitoredTransfer): ActivityChange[] {
    const at = services.clock.now().toISOString()
    return monitored.sides.map((s) => ({
      clientId: s.clientId, date: monitored.businessDate, direction: s.direction, channel: s.channel, amount: s.reportingAmount,
      // The facts decided these already, against the same settings.
      nearThreshold: s.facts.transfer.isNearThreshold, roundAmount: s.facts.transfer.isRoundAmount,
      counterpartyKey: s.counterpartyKey, at,
    }))
  }

  /**
   * Review with the 'hold' action: instead of posting, the amount is held on
   * the debited client account and the transfer waits on the client's case
   * (`releaseHeld` posts it on a false positive, voids it on a true one).
   * The decision is stored now, without a transfer id. A retry under the same
   * idempotency key finds the transfer held the first time.
   */
  async function holdForReview(request: TransferRequest, monitored: MonitoredTransfer | undefined, idempotencyKey: string | null): Promise<HeldForReview | undefined> {
    if (options.reviewAction !== 'hold' || !monitored || isMultiLeg(request)) return undefined
    const payer = monitored.sides.find((s) => s.direction === 'out' && s.live.outcome === 'review')
    if (!payer) return undefined
    if (idempotencyKey) {
      const earlier = await services.riskStore.heldUnderKey(idempotencyKey)
      if (earlier) return { kind: 'held-for-review', holdId: earlier.holdId, caseId: earlier.caseId, summary: heldSummary(payer) }
    }
    const { hold } = await services.ledger.placeHold({
      accountId: request.debitAccountId, amount: request.amount, owner: 'risk-monitoring', reason: `held for review: ${hitRules(payer.live).join(', ')}`,
    })
    const decisions = storedDecisions(monitored, null)
    await services.riskStore.recordDecisions(decisions)
    const raised = await raise(payer, decisions, null)
    // A snoozed rule raises no alert: nothing to wait on, so the transfer posts after all.
    if (!raised) {
      await services.ledger.voidHold(hold.id)
      return undefined
    }
    const stored = await services.riskStore.insertHeldTransfer({
      holdId: hold.id, caseId: raised.riskCase.id, clientId: payer.clientId, idempotencyKey, request: transferToJson(request), activity: activityOf(monitored),
      status: 'held', transferId: null, createdAt: services.clock.now().toISOString(), decidedAt: null,
    })
    if (!stored) {
      // A concurrent retry under the same key held it first: ours goes.
      await services.ledger.voidHold(hold.id)
      const first = (await services.riskStore.heldUnderKey(idempotencyKey!))!
      return { kind: 'held-for-review', holdId: first.holdId, caseId: first.caseId, summary: heldSummary(payer) }
    }
    return { kind: 'held-for-review', holdId: hold.id, caseId: raised.riskCase.id, summary: heldSummary(payer) }
  }

  function heldSummary(side: Side): string {
    return `${side.amount.currency} ${formatMoney(side.amount)} held on the client's account for review (${hitRules(side.live).join(', ')}): it posts if the case is a false positive`
  }

  /** Settles a decided case's held transfers: a false positive posts them (capturing the hold), a true positive voids them. */
  async function releaseHeld(caseId: string, outcome: 'true_positive' | 'false_positive' | 'needs_information'): Promise<void> {
    if (outcome === 'needs_information') return
    for (const held of await services.riskStore.heldOfCase(caseId)) {
      if (held.status !== 'held') continue
      const at = services.clock.now().toISOString()
      if (outcome === 'true_positive') {
        await services.ledger.voidHold(held.holdId)
        await services.riskStore.settleHeldTransfer(held.holdId, 'voided', null, at)
        continue
      }
      const request = transferFromJson(held.request as TransferJson)
      if (isMultiLeg(request)) continue
      const captured = await services.ledger.captureHold(held.holdId, {
        toAccountId: request.creditAccountId, channel: request.channel, reference: request.reference, counterparty: request.counterparty,
        metadata: { ...request.metadata, riskCaseId: caseId },
      })
      if (await services.riskStore.settleHeldTransfer(held.holdId, 'released', captured.posted.transfer.id, at)) await services.riskStore.recordActivity(held.activity)
    }
  }

  /** After the posting: the decisions with the transfer id, the buckets, alerts for reviews, assessments of large inflows. */
  async function record(monitored: MonitoredTransfer | undefined, transferId: string): Promise<void> {
    if (!monitored) return
    const decisions = storedDecisions(monitored, transferId)
    if (!(await services.riskStore.recordPosted(decisions, activityOf(monitored)))) return
    for (const side of monitored.sides) {
      if (side.live.outcome === 'review') await raise(side, decisions, transferId)
      if (side.direction === 'in' && needsAssessment(formatMoney(side.amount), side.amount.currency, assessment)) await assess(side, transferId)
    }
  }

  async function assess(side: Side, transferId: string) {
    const client = await factsOfClient(side.clientId)
    // The client's usual month before this amount: six months of inflows without it, over six.
    const months = aggregateWindowDays.P180D / 30
    const before = decimal(side.facts.agg.in.all.sum.P180D).minus(decimal(side.reportingAmount))
    const result = assessDeposit({
      reference: transferId, clientId: side.clientId, amount: formatMoney(side.amount), currency: side.amount.currency, channel: side.channel, product: 'demand',
      sourceOfFunds: client.sourceOfFunds, kycRiskRating: client.facts.riskRating, clientJurisdiction: client.facts.country,
      counterparty: side.counterpartyKey === null ? null : { known: side.counterpartyKnown, jurisdiction: side.counterpartyCountry },
      profile: side.amount.currency === reporting ? { averageMonthlyInflow: roundDecimal(before.dividedBy(months), currencyExponent(reporting)).toFixed(currencyExponent(reporting)) } : {},
    }, assessment)
    await services.riskStore.insertAssessment({ ...result, id: services.ids.next(), transferId, assessedAt: services.clock.now().toISOString() })
  }

  return { decide, record, holdForReview, releaseHeld }
}

function hitRules(decision: MonitoringDecision): string[] {
  return decision.results.filter((r) => r.hit && r.mode === 'live').map((r) => r.ruleId)
}

export type TransferMonitoring = ReturnType<typeof createTransferMonitoring>

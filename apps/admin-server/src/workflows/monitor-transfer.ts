import { addDaysToDay, convertMoney, decimal, formatMoney, roundDecimal, type CurrencyCode, type Money } from '@strongroom/kernel'
import { legsOf, businessDateOf, formatCalendarDate, type TransferRequest } from '@strongroom/ledger'
import {
  assessDeposit, buildMonitoringFacts, defaultAssessmentConfig, isNearThreshold, isRoundAmount, needsAssessment, RiskError,
  type ActivityChange, type AssessmentConfig, type MonitoringClientFacts, type MonitoringConfig, type MonitoringDecision, type MonitoringFacts, type StoredDecision,
} from '@strongroom/risk'
import type { Services } from '../services.js'
import { isOutflow, type AccountOwners } from './account-owners.js'

type Deps = Pick<Services, 'ledger' | 'kyc' | 'relationship' | 'fx' | 'clock' | 'ids' | 'riskStore' | 'riskRules' | 'riskCases'>

export interface MonitoringOptions {
  readonly enabled: boolean
  readonly config: MonitoringConfig
  readonly assessment?: AssessmentConfig | undefined
  readonly timeZone: string
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
const historyDays = 180

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
  const rates = new Map<string, { rate: string | null; at: number }>()
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

  /** The amount in the reporting currency; as booked when no rate is loaded (over-counting a weak currency beats missing a strong one). */
  async function inReporting(amount: Money): Promise<string> {
    if (amount.currency === reporting) return formatMoney(amount)
    const now = services.clock.now().getTime()
    let cached = rates.get(amount.currency)
    if (!cached || now - cached.at >= cacheMs) {
      const quote = await services.fx.rateFor(amount.currency, reporting, services.clock.now()).catch(() => undefined)
      cached = { rate: quote?.rate.rate ?? null, at: now }
      rates.set(amount.currency, cached)
    }
    return cached.rate === null ? formatMoney(amount) : formatMoney(convertMoney(amount, reporting, cached.rate))
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
    await services.riskCases.raiseAlert({
      clientId: side.clientId, decisionId: decision.id, transferId, outcome: side.live.outcome === 'block' ? 'block' : 'review', score: side.live.score, ruleIds: hitRules(side.live),
    })
  }

  /** After the posting: the decisions with the transfer id, the buckets, alerts for reviews, assessments of large inflows. */
  async function record(monitored: MonitoredTransfer | undefined, transferId: string): Promise<void> {
    if (!monitored) return
    const decisions = storedDecisions(monitored, transferId)
    const at = services.clock.now().toISOString()
    const changes: ActivityChange[] = monitored.sides.map((s) => ({
      clientId: s.clientId, date: monitored.businessDate, direction: s.direction, channel: s.channel, amount: s.reportingAmount,
      nearThreshold: isNearThreshold(s.reportingAmount, options.config), roundAmount: isRoundAmount(s.reportingAmount, options.config.roundAmountUnit),
      counterpartyKey: s.counterpartyKey, at,
    }))
    if (!(await services.riskStore.recordPosted(decisions, changes))) return
    for (const side of monitored.sides) {
      if (side.live.outcome === 'review') await raise(side, decisions, transferId)
      if (side.direction === 'in' && needsAssessment(formatMoney(side.amount), side.amount.currency, assessment)) await assess(side, transferId)
    }
  }

  async function assess(side: Side, transferId: string) {
    const client = await factsOfClient(side.clientId)
    const inflow180 = side.facts.agg.in.all.sum.P180D
    const result = assessDeposit({
      reference: transferId, clientId: side.clientId, amount: formatMoney(side.amount), currency: side.amount.currency, channel: side.channel, product: 'demand',
      sourceOfFunds: client.sourceOfFunds, kycRiskRating: client.facts.riskRating, clientJurisdiction: client.facts.country,
      counterparty: side.counterpartyKey === null ? null : { known: side.counterpartyKnown, jurisdiction: side.counterpartyCountry },
      // Six months of inflows (this one included) over six: the client's usual month, in the reporting currency.
      profile: side.amount.currency === reporting ? { averageMonthlyInflow: roundDecimal(decimal(inflow180).dividedBy(6), 2).toFixed(2) } : {},
    }, assessment)
    await services.riskStore.insertAssessment({ ...result, id: services.ids.next(), transferId, assessedAt: services.clock.now().toISOString() })
  }

  return { decide, record }
}

function hitRules(decision: MonitoringDecision): string[] {
  return decision.results.filter((r) => r.hit && r.mode === 'live').map((r) => r.ruleId)
}

export type TransferMonitoring = ReturnType<typeof createTransferMonitoring>

import { ruleExpr } from './expression-builders.js'
import type { MonitoringRule } from './rule.js'
import type { MonitoringRulePack } from './rule-pack.js'

const { fact, dec, and, or, not, eq, neq, gt, gte, add, sub, mul, div } = ruleExpr

/**
 * The typologies of the domain notes as a starting pack. Every figure is a
 * starting parameter to tune, and the figures a bank sets per jurisdiction
 * (the reporting threshold, the FATF lists, the large-deposit amount) are
 * `config.*` facts, not literals here.
 *
 * Scores and thresholds — review from 40, block from 100:
 * | rule                           | score | alone gives |
 * |--------------------------------|-------|-------------|
 * | high-risk-jurisdiction         |   100 | block (and `action: 'block'`, whatever the total) |
 * | structuring                    |    60 | review      |
 * | pass-through                   |    50 | review      |
 * | dormant-reactivation           |    40 | review      |
 * | activity-spike-in / -out       |    40 | review      |
 * | monitored-jurisdiction         |    40 | review      |
 * | undocumented-source-of-funds   |    40 | review      |
 * | round-amounts                  |    20 | allow: a corroborating signal only |
 * Two strong typologies together (structuring with an undocumented source
 * of funds, structuring on a reactivated dormant account) reach 100 and block.
 *
 * Internal bookings (interest, a deposit rolling over) are never the
 * client's own activity, so the rules that could fire on them exclude the
 * 'internal' channel.
 */

const clientMoney = neq(fact('transfer.channel'), 'internal')
const inflow = eq(fact('transfer.direction'), 'in')
const outflow = eq(fact('transfer.direction'), 'out')

/**
 * A 30-day sum over 3× the monthly baseline (the 150 days before those 30,
 * as five 30-day months), or a day's sum over the 180-day daily mean plus 3
 * standard deviations — for a client with six months of history. The daily
 * test also wants activity before today in the window (without any there is
 * no baseline to stand out from: a first large deposit is not a spike) and a
 * day's sum of at least the reporting threshold, so that a tiny deviation
 * from a very regular history is not one either.
 */
function spike(direction: 'in' | 'out') {
  const sum30 = fact(`agg.${direction}.all.sum.P30D`)
  const baseline = div(sub(fact(`agg.${direction}.all.sum.P180D`), sum30), 5)
  const today = fact(`agg.${direction}.all.sum.P1D`)
  return and(
    eq(fact('transfer.direction'), direction),
    clientMoney,
    gte(fact('client.ageDays'), 180),
    or(
      and(gt(baseline, 0), gt(sum30, mul(3, baseline))),
      and(
        gt(sub(fact(`agg.${direction}.all.sum.P180D`), today), 0),
        gte(today, fact('config.reportingThreshold')),
        gt(today, add(fact(`agg.${direction}.all.dailyMean.P180D`), mul(3, fact(`agg.${direction}.all.dailyStdDev.P180D`)))),
      ),
    ),
  )
}

const rules: MonitoringRule[] = [
  {
    id: 'high-risk-jurisdiction',
    version: 1,
    name: 'High-risk jurisdiction (FATF call for action)',
    description: 'The counterparty is in a jurisdiction the FATF calls on members to apply countermeasures to.',
    typology: 'high-risk-jurisdiction',
    expression: ruleExpr.in(fact('transfer.counterpartyCountry'), fact('config.highRiskCountries')),
    score: 100,
    action: 'block',
    severity: 'high',
    explanation: 'Counterparty in {{transfer.counterpartyCountry}}, a FATF call-for-action jurisdiction',
  },
  {
    id: 'monitored-jurisdiction',
    version: 1,
    name: 'Jurisdiction under increased monitoring',
    description: 'The counterparty is in a jurisdiction on the FATF list of jurisdictions under increased monitoring.',
    typology: 'high-risk-jurisdiction',
    expression: ruleExpr.in(fact('transfer.counterpartyCountry'), fact('config.monitoredCountries')),
    score: 40,
    severity: 'medium',
    explanation: 'Counterparty in {{transfer.counterpartyCountry}}, a jurisdiction under FATF increased monitoring',
  },
  {
    id: 'structuring',
    version: 1,
    name: 'Structuring below the cash reporting threshold',
    description:
      'A cash deposit just below the reporting threshold that makes three or more such deposits in the business day or in the last 7 days.',
    typology: 'structuring',
    expression: and(
      inflow,
      eq(fact('transfer.channel'), 'cash'),
      fact('transfer.isNearThreshold'),
      or(gte(fact('agg.in.cash.nearThresholdCount.P1D'), 3), gte(fact('agg.in.cash.nearThresholdCount.P7D'), 3)),
    ),
    score: 60,
    severity: 'high',
    explanation:
      '{{agg.in.cash.nearThresholdCount.P1D}} cash deposits just below the {{config.reportingThreshold}} reporting threshold today, {{agg.in.cash.nearThresholdCount.P7D}} in the last 7 days (this one {{transfer.amount}})',
  },
  {
    id: 'pass-through',
    version: 1,
    name: 'Funds passed through within 48 hours',
    description: 'An outflow that brings what left in the last 48 hours to 80% or more of what came in over the same time.',
    typology: 'pass-through',
    expression: and(
      outflow,
      clientMoney,
      gt(fact('agg.in.all.sum.P2D'), 0),
      gte(fact('agg.out.all.sum.P2D'), mul(fact('agg.in.all.sum.P2D'), dec('0.8'))),
    ),
    score: 50,
    severity: 'high',
    explanation: '{{agg.out.all.sum.P2D}} paid out within 48 hours of receiving {{agg.in.all.sum.P2D}}: 80% or more passed straight through',
  },
  {
    id: 'dormant-reactivation',
    version: 1,
    name: 'Dormant account reactivated',
    description: 'Activity after a year or more without any.',
    typology: 'dormant-reactivation',
    expression: and(clientMoney, gte(fact('client.idleDays'), 365)),
    score: 40,
    severity: 'medium',
    explanation: 'Activity after {{client.idleDays}} days without any',
  },
  {
    id: 'round-amounts',
    version: 1,
    name: 'Repeated round amounts',
    description: 'A round amount that makes three or more in 30 days, in and out together.',
    typology: 'round-amounts',
    expression: and(
      clientMoney,
      fact('transfer.isRoundAmount'),
      gte(add(fact('agg.in.all.roundAmountCount.P30D'), fact('agg.out.all.roundAmountCount.P30D')), 3),
    ),
    score: 20,
    severity: 'low',
    explanation:
      '{{agg.in.all.roundAmountCount.P30D}} incoming and {{agg.out.all.roundAmountCount.P30D}} outgoing multiples of {{config.roundAmountUnit}} in 30 days',
  },
  {
    id: 'activity-spike-in',
    version: 1,
    name: 'Spike in incoming activity',
    description: 'Inflows far above the client’s own baseline (see the pack notes).',
    typology: 'activity-spike',
    expression: spike('in'),
    score: 40,
    severity: 'medium',
    explanation:
      'Inflows of {{agg.in.all.sum.P30D}} in 30 days against {{agg.in.all.sum.P180D}} in 180; {{agg.in.all.sum.P1D}} today against a daily mean of {{agg.in.all.dailyMean.P180D}} (standard deviation {{agg.in.all.dailyStdDev.P180D}})',
  },
  {
    id: 'activity-spike-out',
    version: 1,
    name: 'Spike in outgoing activity',
    description: 'Outflows far above the client’s own baseline (see the pack notes).',
    typology: 'activity-spike',
    expression: spike('out'),
    score: 40,
    severity: 'medium',
    explanation:
      'Outflows of {{agg.out.all.sum.P30D}} in 30 days against {{agg.out.all.sum.P180D}} in 180; {{agg.out.all.sum.P1D}} today against a daily mean of {{agg.out.all.dailyMean.P180D}} (standard deviation {{agg.out.all.dailyStdDev.P180D}})',
  },
  {
    id: 'undocumented-source-of-funds',
    version: 1,
    name: 'Large deposit without a documented source of funds',
    description: 'An inflow from the large-deposit amount for a client whose source of funds is not on file.',
    typology: 'source-of-funds',
    expression: and(inflow, clientMoney, gte(fact('transfer.amount'), fact('config.largeDepositAmount')), not(fact('client.sourceOfFundsDocumented'))),
    score: 40,
    severity: 'medium',
    explanation: 'Deposit of {{transfer.amount}} {{config.currency}} (from {{config.largeDepositAmount}}) with no documented source of funds',
  },
]

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

export const defaultMonitoringRulePack: MonitoringRulePack = deepFreeze({
  id: 'default-monitoring',
  version: 1,
  effectiveFrom: '2025-01-01',
  name: 'Strongroom default transaction monitoring',
  rules,
  thresholds: { review: 40, block: 100 },
})

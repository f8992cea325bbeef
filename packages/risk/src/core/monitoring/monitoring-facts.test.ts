import { describe, expect, it } from 'vitest'
import { defaultMonitoringConfig } from './monitoring-config.js'
import { buildMonitoringFacts, type MonitoredTransfer } from './monitoring-facts.js'
import type { DailyActivityBucket } from './window-aggregates.js'

const client = { riskRating: null, country: 'CN', type: 'company', sourceOfFundsDocumented: false, idleDays: null, ageDays: 10 } as const
const transfer: MonitoredTransfer = {
  amount: '20000.00',
  currency: 'USD',
  direction: 'out',
  channel: 'transfer',
  counterpartyKey: 'acct-1',
  counterpartyCountry: 'SG',
  counterpartyName: 'Acme Pte Ltd',
}
const history: DailyActivityBucket[] = [
  { date: '2025-03-09', direction: 'out', channel: 'transfer', count: 1, sum: '5000.50', nearThresholdCount: 0, roundAmountCount: 0, counterparties: ['acct-2'] },
]

describe('buildMonitoringFacts', () => {
  const facts = buildMonitoringFacts({ transfer, client, config: defaultMonitoringConfig, businessDate: '2025-03-10', history })

  it('describes the transfer, with its round and near-threshold flags', () => {
    expect(facts.transfer).toEqual({
      amount: '20000.00',
      currency: 'USD',
      direction: 'out',
      channel: 'transfer',
      counterpartyCountry: 'SG',
      counterpartyName: 'Acme Pte Ltd',
      isRoundAmount: true,
      isNearThreshold: false,
    })
    expect(facts.client).toBe(client)
    expect(facts.config).toBe(defaultMonitoringConfig)
  })

  it('counts the transfer being decided in every window', () => {
    expect(facts.agg.out.all.count).toEqual({ P1D: 1, P2D: 2, P7D: 2, P30D: 2, P90D: 2, P180D: 2 })
    expect(facts.agg.out.all.sum.P1D).toBe('20000.00')
    expect(facts.agg.out.all.sum.P2D).toBe('25000.50')
    expect(facts.agg.out.all.roundAmountCount.P2D).toBe(1)
    expect(facts.agg.out.all.distinctCounterparties.P2D).toBe(2)
    expect(facts.agg.in.all.count.P180D).toBe(0)
  })

  it('leaves the history given unchanged', () => {
    expect(history).toHaveLength(1)
    expect(history[0]!.count).toBe(1)
  })
})

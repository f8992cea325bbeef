import type { MonitoringClientFacts, MonitoringFacts, MonitoringTransferFacts } from './facts.js'
import type { MonitoringConfig } from './monitoring-config.js'
import { aggregateFromDailyBuckets, isNearThreshold, isRoundAmount, withCurrentTransfer, type BucketedTransfer, type DailyActivityBucket } from './window-aggregates.js'

/** The transfer being decided, as the caller knows it. */
export interface MonitoredTransfer extends BucketedTransfer {
  /** ISO 4217 code of the currency the transfer was made in (`amount` is already in the reporting currency). */
  readonly currency: string
  readonly counterpartyCountry: string | null
  readonly counterpartyName: string | null
}

export interface MonitoringFactsInput {
  readonly transfer: MonitoredTransfer
  readonly client: MonitoringClientFacts
  readonly config: MonitoringConfig
  /** YYYY-MM-DD: the business date the transfer is booked on. */
  readonly businessDate: string
  /** The client's daily buckets of the last 180 days, without the transfer being decided. */
  readonly history: readonly DailyActivityBucket[]
}

/**
 * Everything a rule may read about one transfer, with the transfer itself
 * counted in every window: the structuring rule's "third deposit today" is
 * the one being decided.
 */
export function buildMonitoringFacts(input: MonitoringFactsInput): MonitoringFacts {
  const { transfer, client, config, businessDate, history } = input
  const buckets = withCurrentTransfer(history, transfer, businessDate, config)
  const transferFacts: MonitoringTransferFacts = Object.freeze({
    amount: transfer.amount,
    currency: transfer.currency,
    direction: transfer.direction,
    channel: transfer.channel,
    counterpartyCountry: transfer.counterpartyCountry,
    counterpartyName: transfer.counterpartyName,
    isRoundAmount: isRoundAmount(transfer.amount, config.roundAmountUnit),
    isNearThreshold: isNearThreshold(transfer.amount, config),
  })
  return Object.freeze({ transfer: transferFacts, client, config, agg: aggregateFromDailyBuckets(buckets, businessDate) })
}

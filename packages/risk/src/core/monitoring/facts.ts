import type { MonitoringConfig } from './monitoring-config.js'

/**
 * What a monitoring rule may look at: the transfer being decided, the
 * client, the bank's settings, and aggregates of the client's activity over
 * a closed set of windows. Rules name facts by dotted path
 * (`transfer.amount`, `client.idleDays`, `agg.in.cash.nearThresholdCount.P1D`);
 * a path not declared here is refused when the rule is loaded.
 *
 * Value conventions, all JSON-safe so a decision can store what it saw:
 * - amounts are decimal strings in the reporting currency (`config.currency`),
 *   compared exactly, never as floats;
 * - counts and day counts are whole numbers;
 * - `null` is "not known" (no counterparty country, no previous activity):
 *   a comparison with an unknown value is never true.
 */

export const monitoringChannels = ['cash', 'transfer', 'internal'] as const
/**
 * The ledger's transfer channels (`channels` in @strongroom/ledger, which a
 * domain package may not import): over the counter in cash, by payment, or
 * between the bank's own books.
 */
export type MonitoringChannel = (typeof monitoringChannels)[number]

export const monitoringDirections = ['in', 'out'] as const
/** From the client's point of view: 'in' credits the client, 'out' debits them. */
export type MonitoringDirection = (typeof monitoringDirections)[number]

export const aggregateWindows = ['P1D', 'P2D', 'P7D', 'P30D', 'P90D', 'P180D'] as const
/**
 * ISO 8601 durations, counted in business dates ending on (and including)
 * the business date of the transfer: P1D is that day alone, P2D that day and
 * the one before — the daily-bucket stand-in for "48 hours" — and so on.
 */
export type AggregateWindow = (typeof aggregateWindows)[number]

export const aggregateWindowDays: Readonly<Record<AggregateWindow, number>> = Object.freeze({
  P1D: 1,
  P2D: 2,
  P7D: 7,
  P30D: 30,
  P90D: 90,
  P180D: 180,
})

/** The longest window: buckets older than this many days are never read. */
export const longestWindowDays = 180

export const aggregateChannels = ['all', 'cash'] as const
/**
 * 'all' is cash and transfer; 'cash' is cash alone. Internal bookings
 * (interest, a deposit rolling over, a move between the client's own
 * accounts) are not money entering or leaving the client's hands and are in
 * neither.
 */
export type AggregateChannel = (typeof aggregateChannels)[number]

export const aggregateMeasures = [
  'count',
  'sum',
  'average',
  'dailyMean',
  'dailyStdDev',
  'nearThresholdCount',
  'roundAmountCount',
  'distinctCounterparties',
] as const
export type AggregateMeasure = (typeof aggregateMeasures)[number]

export type WindowValues<T> = { readonly [W in AggregateWindow]: T }

/** One direction and channel group of the client's activity, per window. The current transfer is included. */
export interface ChannelAggregates {
  /** Number of transfers. */
  readonly count: WindowValues<number>
  /** Their total, decimal string. */
  readonly sum: WindowValues<string>
  /** Average transfer amount (sum ÷ count, 4 places, half-even); null without transfers. */
  readonly average: WindowValues<string | null>
  /** Mean of the daily sums over every day of the window, days without activity counting as 0 (4 places). */
  readonly dailyMean: WindowValues<string>
  /** Population standard deviation of those daily sums (4 places): the baseline for "3 σ above normal". */
  readonly dailyStdDev: WindowValues<string>
  /** Transfers at or above `nearThresholdRatio` × `reportingThreshold` and below the threshold. */
  readonly nearThresholdCount: WindowValues<number>
  /** Transfers that are positive whole multiples of `roundAmountUnit`. */
  readonly roundAmountCount: WindowValues<number>
  /** Distinct counterparty keys. */
  readonly distinctCounterparties: WindowValues<number>
}

export type MonitoringAggregates = {
  readonly [D in MonitoringDirection]: { readonly [C in AggregateChannel]: ChannelAggregates }
}

export interface MonitoringTransferFacts {
  /** Decimal string in the reporting currency (converted by the caller where the transfer was in another). */
  readonly amount: string
  /** ISO 4217 code of the currency the transfer was made in. */
  readonly currency: string
  readonly direction: MonitoringDirection
  readonly channel: MonitoringChannel
  /** ISO 3166-1 alpha-2 of the counterparty, null when unknown or internal. */
  readonly counterpartyCountry: string | null
  readonly counterpartyName: string | null
  /** A positive whole multiple of `config.roundAmountUnit`. */
  readonly isRoundAmount: boolean
  /** In the band just below the reporting threshold. */
  readonly isNearThreshold: boolean
}

export const clientRiskRatings = ['low', 'medium', 'high'] as const
export const monitoredClientTypes = ['individual', 'company'] as const

export interface MonitoringClientFacts {
  /** The client's current risk rating, null before the first assessment. */
  readonly riskRating: (typeof clientRiskRatings)[number] | null
  /** ISO 3166-1 alpha-2 of residence or incorporation. */
  readonly country: string | null
  readonly type: (typeof monitoredClientTypes)[number]
  readonly sourceOfFundsDocumented: boolean
  /** Whole days between the client's previous activity and this transfer's business date; null when there was none. */
  readonly idleDays: number | null
  /** Whole days since the client was onboarded. */
  readonly ageDays: number
}

export interface MonitoringFacts {
  readonly transfer: MonitoringTransferFacts
  readonly client: MonitoringClientFacts
  readonly config: MonitoringConfig
  readonly agg: MonitoringAggregates
}

type Keys<T> = Extract<keyof T, string>
export type MonitoringFactPath =
  | `transfer.${Keys<MonitoringTransferFacts>}`
  | `client.${Keys<MonitoringClientFacts>}`
  | `config.${Keys<MonitoringConfig>}`
  | `agg.${MonitoringDirection}.${AggregateChannel}.${AggregateMeasure}.${AggregateWindow}`

/** The four types of value an expression handles. 'number' is an exact decimal. */
export const expressionValueTypes = ['number', 'string', 'boolean', 'strings'] as const
export type ExpressionValueType = (typeof expressionValueTypes)[number]

export interface FactDescriptor {
  readonly type: ExpressionValueType
  /** Whether the fact may be null ("not known"). */
  readonly nullable: boolean
  /** For a string fact with a closed set of values: those values (a rule comparing with another is refused). */
  readonly values?: readonly string[]
  readonly description: string
}

const scalarFacts = {
  'transfer.amount': { type: 'number', nullable: false, description: 'Amount in the reporting currency' },
  'transfer.currency': { type: 'string', nullable: false, description: 'Currency the transfer was made in (ISO 4217)' },
  'transfer.direction': { type: 'string', nullable: false, values: monitoringDirections, description: "'in' credits the client, 'out' debits them" },
  'transfer.channel': { type: 'string', nullable: false, values: monitoringChannels, description: 'cash, transfer or internal' },
  'transfer.counterpartyCountry': { type: 'string', nullable: true, description: 'Counterparty country (ISO 3166-1 alpha-2)' },
  'transfer.counterpartyName': { type: 'string', nullable: true, description: 'Counterparty name as given' },
  'transfer.isRoundAmount': { type: 'boolean', nullable: false, description: 'A positive whole multiple of config.roundAmountUnit' },
  'transfer.isNearThreshold': { type: 'boolean', nullable: false, description: 'Between config.nearThresholdRatio of the reporting threshold and the threshold' },
  'client.riskRating': { type: 'string', nullable: true, values: clientRiskRatings, description: 'low, medium or high; null before the first assessment' },
  'client.country': { type: 'string', nullable: true, description: 'Country of residence or incorporation (ISO 3166-1 alpha-2)' },
  'client.type': { type: 'string', nullable: false, values: monitoredClientTypes, description: 'individual or company' },
  'client.sourceOfFundsDocumented': { type: 'boolean', nullable: false, description: 'Whether the source of funds is on file' },
  'client.idleDays': { type: 'number', nullable: true, description: 'Days since the previous activity; null when there was none' },
  'client.ageDays': { type: 'number', nullable: false, description: 'Days since onboarding' },
  'config.currency': { type: 'string', nullable: false, description: 'Reporting currency (ISO 4217)' },
  'config.reportingThreshold': { type: 'number', nullable: false, description: 'Cash reporting threshold' },
  'config.nearThresholdRatio': { type: 'number', nullable: false, description: 'Lower edge of the near-threshold band, as a share of the threshold' },
  'config.roundAmountUnit': { type: 'number', nullable: false, description: 'Unit of a round amount' },
  'config.largeDepositAmount': { type: 'number', nullable: false, description: 'Inflow from which a documented source of funds is expected' },
  'config.highRiskCountries': { type: 'strings', nullable: false, description: 'FATF call for action' },
  'config.monitoredCountries': { type: 'strings', nullable: false, description: 'FATF increased monitoring' },
} as const satisfies Record<Exclude<MonitoringFactPath, `agg.${string}`>, FactDescriptor>

const measureDescriptors: Readonly<Record<AggregateMeasure, FactDescriptor>> = {
  count: { type: 'number', nullable: false, description: 'number of transfers' },
  sum: { type: 'number', nullable: false, description: 'total amount' },
  average: { type: 'number', nullable: true, description: 'average transfer amount (null without transfers)' },
  dailyMean: { type: 'number', nullable: false, description: 'mean of the daily sums' },
  dailyStdDev: { type: 'number', nullable: false, description: 'standard deviation of the daily sums' },
  nearThresholdCount: { type: 'number', nullable: false, description: 'transfers just below the reporting threshold' },
  roundAmountCount: { type: 'number', nullable: false, description: 'transfers of round amounts' },
  distinctCounterparties: { type: 'number', nullable: false, description: 'distinct counterparties' },
}

function aggregateFactCatalogue(): Record<string, FactDescriptor> {
  const catalogue: Record<string, FactDescriptor> = {}
  for (const direction of monitoringDirections) {
    for (const channel of aggregateChannels) {
      for (const measure of aggregateMeasures) {
        for (const window of aggregateWindows) {
          const base = measureDescriptors[measure]
          const scope = `${direction === 'in' ? 'inflows' : 'outflows'}${channel === 'cash' ? ' in cash' : ''}`
          catalogue[`agg.${direction}.${channel}.${measure}.${window}`] = Object.freeze({
            ...base,
            description: `${base.description} of ${scope}, ${window}`,
          })
        }
      }
    }
  }
  return catalogue
}

/** Every fact a rule may name, with its type. */
export const monitoringFactCatalogue: Readonly<Record<MonitoringFactPath, FactDescriptor>> = Object.freeze({
  ...scalarFacts,
  ...aggregateFactCatalogue(),
} as unknown as Record<MonitoringFactPath, FactDescriptor>)

/** The known fact paths, in catalogue order. */
export const monitoringFactPaths: readonly MonitoringFactPath[] = Object.freeze(Object.keys(monitoringFactCatalogue) as MonitoringFactPath[])

export function isMonitoringFactPath(value: unknown): value is MonitoringFactPath {
  return typeof value === 'string' && Object.hasOwn(monitoringFactCatalogue, value)
}

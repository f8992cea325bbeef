/**
 * The bank's monitoring settings that rules read as `config.*` facts and
 * that the daily buckets are counted against. Every figure is a default a
 * compliance officer can change: the server loads its own object (frozen at
 * start) and passes it with each evaluation.
 *
 * Amounts are decimal strings in `currency`, the reporting currency into
 * which the caller converts every monitored amount.
 */
export interface MonitoringConfig {
  /** ISO 4217 code of the reporting currency every `transfer.amount` and `agg.*.sum` is expressed in. */
  readonly currency: string
  /** The cash reporting threshold (PBoC CNY 50,000; FinCEN USD 10,000): structuring stays just below it. */
  readonly reportingThreshold: string
  /** The lower edge of the "near the threshold" band as a share of the threshold: amount ≥ ratio × threshold and < threshold. */
  readonly nearThresholdRatio: string
  /** An amount is "round" when it is a positive whole multiple of this unit (10,000). */
  readonly roundAmountUnit: string
  /** An inflow from this amount needs a documented source of funds. */
  readonly largeDepositAmount: string
  /** FATF "high-risk jurisdictions subject to a call for action" (ISO 3166-1 alpha-2): block. */
  readonly highRiskCountries: readonly string[]
  /** FATF "jurisdictions under increased monitoring" (ISO 3166-1 alpha-2): review. */
  readonly monitoredCountries: readonly string[]
}

/**
 * Defaults for a CNY-reporting bank — verify before going live.
 *
 * - reportingThreshold: PBoC Order [2016] No. 3 Art. 5, cash CNY 50,000;
 *   the near-threshold band is 90% up to (not including) 100%.
 * - largeDepositAmount: CNY 500,000, the individual domestic transfer
 *   threshold of the same order; a bank sets its own.
 * - highRiskCountries: the FATF call-for-action list, unchanged through the
 *   2024 and 2025 plenaries: DPRK, Iran, Myanmar.
 * - monitoredCountries: the FATF list of jurisdictions under increased
 *   monitoring as published after the June 2025 plenary. The list changes
 *   three times a year: load the current one.
 */
export const defaultMonitoringConfig: MonitoringConfig = Object.freeze({
  currency: 'CNY',
  reportingThreshold: '50000.00',
  nearThresholdRatio: '0.9',
  roundAmountUnit: '10000',
  largeDepositAmount: '500000.00',
  highRiskCountries: Object.freeze(['KP', 'IR', 'MM']),
  monitoredCountries: Object.freeze([
    'DZ', // Algeria
    'AO', // Angola
    'BO', // Bolivia
    'BG', // Bulgaria
    'BF', // Burkina Faso
    'CM', // Cameroon
    'CI', // Côte d'Ivoire
    'CD', // Democratic Republic of the Congo
    'HT', // Haiti
    'KE', // Kenya
    'LA', // Lao PDR
    'LB', // Lebanon
    'MC', // Monaco
    'MZ', // Mozambique
    'NA', // Namibia
    'NP', // Nepal
    'NG', // Nigeria
    'ZA', // South Africa
    'SS', // South Sudan
    'SY', // Syria
    'VE', // Venezuela
    'VN', // Vietnam
    'VG', // British Virgin Islands
    'YE', // Yemen
  ]),
})

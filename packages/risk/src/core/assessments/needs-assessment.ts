import { parseCurrencyCode, parseMoney } from '@strongroom/kernel'
import type { AssessmentConfig } from './assessment-config.js'

/**
 * Whether a deposit of `amount` (major units, a decimal string) in
 * `currency` must be assessed: at or above the currency's threshold.
 *
 * A currency the config has no threshold for is always assessed: we cannot
 * tell that the amount is small, and an unneeded assessment costs a few
 * minutes where a missed one costs a finding. Converting to a reference
 * currency is deliberately not done here; a bank that wants it sets a
 * threshold per currency.
 *
 * @throws DomainError 'kernel.invalid_amount' / 'kernel.unknown_currency' for
 *   an amount that is not a valid amount of the currency.
 */
export function needsAssessment(amount: string, currency: string, config: AssessmentConfig): boolean {
  const code = parseCurrencyCode(currency)
  const deposit = parseMoney(amount, code)
  const threshold = Object.hasOwn(config.thresholds, code) ? config.thresholds[code] : undefined
  if (threshold === undefined) return true
  return deposit.amountMinor >= parseMoney(threshold, code).amountMinor
}

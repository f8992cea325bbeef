import { DomainError } from '@strongroom/kernel'

/**
 * Every code the risk package answers with: closed and stable, mapped
 * exhaustively to HTTP by the `./fastify` layer.
 *
 * A monitoring outcome ('review', 'block') or an unsuitable product is a
 * decision returned as a value; these codes are for requests that cannot be
 * carried out as asked (an unknown case, an invalid rule), and for the
 * workflow that turns a 'block' decision into a refusal (`risk.blocked`).
 */
export const riskErrorCodes = [
  'risk.blocked',
  'risk.invalid_rule',
  'risk.rule_not_found',
  'risk.rule_version_not_found',
  'risk.case_not_found',
  'risk.invalid_case_transition',
  'risk.alert_not_found',
  'risk.invalid_questionnaire',
  'risk.questionnaire_not_found',
  'risk.profile_required',
  'risk.profile_expired',
  'risk.unsuitable_product',
  'risk.override_required',
  'risk.invalid_scenario',
  'risk.invalid_snooze',
  'risk.invalid_answers',
  'risk.client_not_found',
  'risk.stress_test_not_found',
] as const
export type RiskErrorCode = (typeof riskErrorCodes)[number]

export class RiskError extends DomainError<RiskErrorCode> {
  override readonly name = 'RiskError'
}

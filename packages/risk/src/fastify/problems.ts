import type { ProblemSpec } from '@strongroom/kernel/fastify'
import type { RiskErrorCode } from '../core/index.js'

/** Every risk error code, answered over HTTP. A new code without a row here does not compile. */
export const riskProblems = {
  'risk.blocked': { status: 422, title: 'Transaction monitoring blocks this transfer', expose: ['ruleIds'] },
  'risk.invalid_rule': { status: 422, title: 'Monitoring rule is not valid' },
  'risk.rule_not_found': { status: 404, title: 'Monitoring rule not found' },
  'risk.rule_version_not_found': { status: 404, title: 'Rule version not found' },
  'risk.case_not_found': { status: 404, title: 'Case not found' },
  'risk.invalid_case_transition': { status: 409, title: 'Case change not possible now' },
  'risk.alert_not_found': { status: 404, title: 'Alert not found' },
  'risk.invalid_questionnaire': { status: 422, title: 'Questionnaire is not valid' },
  'risk.questionnaire_not_found': { status: 404, title: 'Questionnaire not found' },
  'risk.profile_required': { status: 422, title: 'The client has no risk profile' },
  'risk.profile_expired': { status: 422, title: 'The client’s risk profile has expired' },
  'risk.unsuitable_product': { status: 422, title: 'The product is above the client’s risk profile' },
  'risk.override_required': { status: 422, title: 'An approved override with the client’s acknowledgement is required' },
  'risk.invalid_scenario': { status: 422, title: 'Stress scenario is not valid' },
  'risk.invalid_snooze': { status: 422, title: 'Snooze is not valid' },
  'risk.invalid_answers': { status: 422, title: 'Questionnaire answers are not valid' },
  'risk.client_not_found': { status: 404, title: 'Client not found' },
  'risk.stress_test_not_found': { status: 404, title: 'Stress test not found' },
} as const satisfies Record<RiskErrorCode, ProblemSpec>

export { caseOutcomes, decideCaseOutcome, defaultCaseSla, slaDueAt, snoozeProblem, unsnoozedRules } from './risk-case.js'
export type { CaseNote, CaseOutcome, CaseOutcomeDecision, CaseSla, RiskAlert, RiskCase, Snooze } from './risk-case.js'
export { createCaseService } from './case-service.js'
export type { CaseService, CaseServiceDeps, NewAlert } from './case-service.js'

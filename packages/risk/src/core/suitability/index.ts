export { riskProfileCodes, productRiskLevels, isRiskProfileCode, isProductRiskLevel } from './risk-levels.js'
export type { RiskProfileCode, ProductRiskLevel } from './risk-levels.js'
export { scoreRange } from './questionnaire.js'
export type { Questionnaire, QuestionnaireQuestion, QuestionnaireAnswer, ProfileBand } from './questionnaire.js'
export { parseQuestionnaire, requireQuestionnaire } from './parse-questionnaire.js'
export type { QuestionnaireIssue, QuestionnaireParseResult } from './parse-questionnaire.js'
export { defaultQuestionnaire } from './default-questionnaire.js'
export { scoreAnswers } from './score-answers.js'
export type { ScoredRiskProfile } from './score-answers.js'
export { checkSuitability, assertSuitable, suitabilityReasons, overrideProblems } from './suitability.js'
export type {
  SuitabilityRequest,
  SuitabilityDecision,
  SuitabilityReason,
  SuitabilityOverride,
  ClientAcknowledgement,
  OverrideProblem,
  OverrideStatus,
  RiskProfileOnFile,
} from './suitability.js'
export { createSuitabilityService } from './suitability-service.js'
export type { SuitabilityCheck, SuitabilityService, SuitabilityServiceDeps } from './suitability-service.js'

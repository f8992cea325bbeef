export {
  defaultAssessmentConfig,
  assessmentConfigProblems,
  assessmentLevels,
  assessmentActionCodes,
  depositProducts,
  depositChannels,
} from './assessment-config.js'
export type {
  AssessmentConfig,
  AssessmentConfigIssue,
  AssessmentLevel,
  AssessmentActionCode,
  ActionRule,
  DepositProduct,
  DepositChannel,
} from './assessment-config.js'
export { needsAssessment } from './needs-assessment.js'
export { assessDeposit, assessmentFactorKinds } from './assess-deposit.js'
export type {
  DepositAssessmentInput,
  DepositAssessment,
  AssessmentFactor,
  AssessmentFactorKind,
  RequiredAction,
  KycRiskRating,
  CounterpartyScreeningBand,
} from './assess-deposit.js'

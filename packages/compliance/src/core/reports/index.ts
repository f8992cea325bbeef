export {
  defaultRulePacks,
  packInForce,
  ruleChannels,
  ruleClientKinds,
  rulePackProblem,
  thresholdBases,
  thresholdComparisons,
} from './rule-pack.js'
export type {
  FilingDeadlineRule,
  LargeValueRule,
  RuleChannel,
  RuleClientKind,
  RulePack,
  RuleScope,
  ThresholdBasis,
  ThresholdComparison,
} from './rule-pack.js'
export { currenciesNeedingEquivalent, detectLargeValue, transactionChannels, transactionDirections } from './large-value.js'
export type {
  ClientKind,
  Exemption,
  FindingTransaction,
  LargeValueFinding,
  LargeValueInput,
  ReportableTransaction,
  TransactionChannel,
  TransactionDirection,
} from './large-value.js'
export { addWorkingDays, filingDeadline } from './working-days.js'
export { decideReportTransition, draftLargeValueReport, reportRefusalCodes, reportStatuses } from './report-lifecycle.js'
export type {
  DraftLargeValueReport,
  LargeValueReport,
  ReportAction,
  ReportRefusalCode,
  ReportState,
  ReportStatus,
  ReportStep,
  ReportTransition,
} from './report-lifecycle.js'
export { createLargeValueReporting, reportDocument } from './large-value-reporting.js'
export type { ClientDay, LargeValueReporting, LargeValueReportingDeps, ReportFilter, ReportStore } from './large-value-reporting.js'
export { createSuspiciousReporting } from './suspicious-reporting.js'
export type { SuspiciousReport, SuspiciousReporting, SuspiciousReportingDeps, SuspiciousReportStore } from './suspicious-reporting.js'

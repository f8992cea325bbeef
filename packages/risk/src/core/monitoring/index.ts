export {
  aggregateChannels,
  aggregateMeasures,
  aggregateWindowDays,
  aggregateWindows,
  clientRiskRatings,
  isMonitoringFactPath,
  longestWindowDays,
  monitoredClientTypes,
  monitoringChannels,
  monitoringDirections,
  monitoringFactCatalogue,
  monitoringFactPaths,
  expressionValueTypes,
} from './facts.js'
export type {
  AggregateChannel,
  AggregateMeasure,
  AggregateWindow,
  ChannelAggregates,
  FactDescriptor,
  MonitoringAggregates,
  MonitoringChannel,
  MonitoringClientFacts,
  MonitoringDirection,
  MonitoringFactPath,
  MonitoringFacts,
  MonitoringTransferFacts,
  ExpressionValueType,
  WindowValues,
} from './facts.js'
export { defaultMonitoringConfig } from './monitoring-config.js'
export type { MonitoringConfig } from './monitoring-config.js'
export { arithmeticOperators, comparisonOperators, expressionOperators, expressionType, factPathsOf } from './expression.js'
export type {
  ArithmeticNode,
  ArithmeticOperator,
  BetweenNode,
  ComparisonNode,
  ComparisonOperator,
  DecimalNode,
  Expression,
  FactNode,
  InNode,
  LiteralNode,
  LiteralValue,
  LogicalNode,
  NotNode,
} from './expression.js'
export { ruleExpr } from './expression-builders.js'
export type { Operand } from './expression-builders.js'
export { expressionLimits, parseMonitoringExpression } from './parse-expression.js'
export type { RuleParseResult, RuleProblem } from './parse-expression.js'
export { compileCondition, compileExpression } from './compile-expression.js'
export type { ExpressionValue } from './compile-expression.js'
export { explainExpression, formatExpression } from './explain-expression.js'
export type { ExpressionTrace, TracedValue } from './explain-expression.js'
export { renderExplanation, templatePlaceholders } from './explanation-template.js'
export type { ObservedValue } from './explanation-template.js'
export { maxRuleScore, ruleActions, ruleIdPattern, ruleModes, ruleSeverities } from './rule.js'
export type { MonitoringRule, RuleAction, RuleMode, RuleSeverity } from './rule.js'
export { monitoringOutcomes, monitoringPackInForce, outcomeForScore } from './rule-pack.js'
export type { MonitoringOutcome, MonitoringRulePack, MonitoringThresholds } from './rule-pack.js'
export { maxRulesPerPack, parseMonitoringRule, parseMonitoringRulePack } from './parse-rule.js'
export { compileRulePack, evaluateRules } from './evaluate.js'
export type { CompiledRulePack, MonitoringDecision, RuleResult } from './evaluate.js'
export { defaultMonitoringRulePack } from './default-rule-pack.js'
export {
  aggregateFromDailyBuckets,
  isNearThreshold,
  isRoundAmount,
  statisticPlaces,
  withCurrentTransfer,
} from './window-aggregates.js'
export type { BucketedTransfer, BucketSettings, DailyActivityBucket } from './window-aggregates.js'
export { buildMonitoringFacts } from './monitoring-facts.js'
export type { MonitoredTransfer, MonitoringFactsInput } from './monitoring-facts.js'

export { accrualDenominators, accrualUnitsFor, dailyAccrualUnits, dependsOnMaturity, dependsOnPeriodStart } from './accrual-units.js'
export { depositErrorCodes, DepositError } from './deposit-errors.js'
export type { DepositErrorCode } from './deposit-errors.js'
export {
  allHoldingsCategory, coverageBases, defaultInsuranceSchemes, depositInsuranceCoverage, insuranceSchemeInForce, insuranceSchemeProblem,
} from './deposit-insurance.js'
export type { CategoryCoverage, CoverageBasis, CoverageRequest, CoverageResult, HoldingCoverage, InsurableHolding, InsuranceScheme } from './deposit-insurance.js'
export { accruedInterestOf, accruedThrough, projectedAccrual } from './deposit-math.js'
export { createDepositService } from './deposit-service.js'
export type {
  ClientInsuranceCoverage, DepositService, DepositServiceDeps, DepositView, InsuranceCoverageOptions, OpenDepositRequest, WithdrawalQuote, WithdrawalResult,
} from './deposit-service.js'
export { depositStatuses } from './deposit.js'
export type { Deposit, DepositEvent, DepositStatus, RateSource } from './deposit.js'
export { earlyWithdrawalPolicyKinds, earlyWithdrawalPolicyProblem, quoteEarlyWithdrawal } from './early-withdrawal.js'
export type { EarlyWithdrawalPolicy, EarlyWithdrawalQuote, EarlyWithdrawalRequest, InterestLine } from './early-withdrawal.js'
export { createPostingFlusher } from './deposit-postings.js'
export type { FlushPostings, FlushReport } from './deposit-postings.js'
export { createEndOfDay, eodSteps } from './end-of-day.js'
export type { EndOfDay, EodDeps, EodHooks, EodProgress, EodStep } from './end-of-day.js'
export type {
  AccrualKey, AccrualUnits, ClientHolding, CompetitorRate, CompetitorRateFilter, DepositChange, DepositPosting, DepositStore, DueKind, EodRun, EodRunStatus,
  NegotiatedRate, NegotiatedRateStatus,
} from './ports.js'
export { businessDateOf, createProductCatalogue, startOfBusinessDay } from './product-catalogue.js'
export type { BenchmarkRow, CatalogueDeps, NegotiatedRateRequest, NewProduct, ProductCatalogue, ProductPatch } from './product-catalogue.js'
export {
  clientTypes, compoundingFrequencies, depositKinds, hasTerm, maturityInstructions, postingFrequencies, postingModes, priceDeposit,
  productTermsProblem, rateSheetProblem, sheetInForce, tiersOf,
} from './product.js'
export type {
  ClientType, CompoundingFrequency, DepositKind, DepositProduct, MaturityInstruction, PostingFrequency, PostingMode, PricedRate, ProductStatus,
  ProductTerms, RateSheet, RateSheetTier,
} from './product.js'
export { nextScheduledDate } from './schedule.js'
export type { ScheduleRule } from './schedule.js'
export { isTenor, longestTenorHeld, maturityOf, parseTenor } from './tenor.js'
export type { Tenor } from './tenor.js'

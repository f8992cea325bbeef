export {
  accountKinds,
  accountStatuses,
  directions,
  internalPurposes,
  normalBalances,
  emptyBalances,
  availableBalance,
  availableFloorMinor,
  balanceAfter,
  heldBalance,
  outflowDirection,
  postedBalance,
  signedEffect,
} from './account.js'
export type {
  Account,
  AccountBalances,
  AccountKind,
  AccountState,
  AccountStatus,
  BalanceAfter,
  Direction,
  InternalPurpose,
  NormalBalance,
} from './account.js'
export { decideAccountOpening, decideAccountStatusChange, decideOverdraftLimit, defaultNormalBalance } from './account-lifecycle.js'
export type { AccountOpeningDecision, AccountStatusDecision, NewAccount } from './account-lifecycle.js'
export {
  channels,
  maxAmountMinor,
  maxCounterMinor,
  maxTransferLegs,
  transferKinds,
  accountIdsOf,
  accountsAfterPosting,
  decideTransfer,
  isMultiLeg,
  legsOf,
  postingInstant,
} from './transfer.js'
export type {
  Channel,
  Counterparty,
  Entry,
  Leg,
  MultiLegTransferRequest,
  PlannedEntry,
  PostedTransfer,
  SimpleTransferRequest,
  Transfer,
  TransferDecision,
  TransferDetails,
  TransferKind,
  TransferRequest,
  TransferWithEntries,
} from './transfer.js'
export { transferFingerprint } from './transfer-fingerprint.js'
export {
  holdStatuses,
  captureTransferRequest,
  decideCapture,
  decideExpiry,
  decideHold,
  decideVoid,
  isActiveAt,
  releaseHold,
} from './hold.js'
export type {
  CaptureDecision,
  CaptureRequest,
  ExpiryDecision,
  Hold,
  HoldDecision,
  VoidDecision,
  HoldRequest,
  HoldStatus,
} from './hold.js'
export { decideReversal } from './reversal.js'
export type { ReversalDecision, ReversalOptions } from './reversal.js'
export { trialBalance } from './trial-balance.js'
export type { CurrencyTotals } from './trial-balance.js'
export { chainBreaks, genesisHash, canonicalEntryContent, sealEntries, sealHash, verifyChain } from './journal-seal.js'
export type { ChainBreak, ChainVerification, JournalHead, JournalSeal, SealedEntry, SealInput, Sha256, VerifyOptions } from './journal-seal.js'
export { convert, crossRate, decideConversion, invertRate } from './fx.js'
export type { ConversionDecision, ConversionRequest, FxRate, RateRounding } from './fx.js'
export { ecbSource, parseEcbCsv } from './ecb-rates.js'
export type { EcbParseResult, EcbReferenceDay } from './ecb-rates.js'
export { ledgerErrorCodes, LedgerError } from './errors.js'
export type { LedgerErrorCode, Rejection } from './errors.js'
export type {
  AccountFilter,
  IdempotencyOutcome,
  IdempotencyRecord,
  LedgerEvent,
  LedgerRepository,
  LedgerStore,
  TransferFilter,
} from './ports.js'
export { createLedgerService } from './service.js'
export type { BatchItemResult, BatchMode, CaptureResult, HoldResult, LedgerDeps, LedgerService, PostOptions } from './service.js'
export { createFxService, ecbReferenceInstant } from './fx-service.js'
export type {
  ConversionOrder,
  ConversionResult,
  EcbImportReport,
  ExplicitRate,
  FxRateFilter,
  FxRateStore,
  FxRateWrite,
  FxService,
  FxServiceDeps,
  RateConflict,
  RateDerivation,
  RateQuote,
  RecordedFxRate,
  RecordRatesReport,
} from './fx-service.js'
export {
  maxStatementDays,
  maxStatementEntries,
  buildStatement,
  describeStatementLine,
  statementBounds,
  statementPeriodProblem,
} from './statement.js'
export type {
  EntryWithTransfer,
  Statement,
  StatementAccount,
  StatementBounds,
  StatementInput,
  StatementLine,
  StatementPeriod,
  StatementSourceEntry,
  StatementTotals,
} from './statement.js'
export { renderStatementCsv } from './statement-csv.js'
export type { StatementCsvOptions } from './statement-csv.js'
export { camt053Namespace, renderStatementCamt053 } from './statement-camt053.js'
export type { Camt053Options } from './statement-camt053.js'
export {
  addDays,
  addMonths,
  calendarDate,
  compareCalendarDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  daysInYear,
  epochDay,
  formatCalendarDate,
  fromEpochDay,
  isLastDayOfMonth,
  isLeapYear,
  isValidCalendarDate,
  lastDayOfMonth,
  maxCalendarYear,
  minCalendarYear,
  parseCalendarDate,
  sameCalendarDate,
  tryParseCalendarDate,
} from './interest/calendar-date.js'
export type { CalendarDate, IsoWeekday, MonthEndRule } from './interest/calendar-date.js'
export {
  addFractions,
  compareFractions,
  fraction,
  fractionFromDecimal,
  fractionFromMoney,
  fractionToDecimal,
  multiplyFractions,
  negateFraction,
  roundFractionToMinor,
  subtractFractions,
  sumFractions,
  zeroFraction,
} from './exact-fraction.js'
export type { ExactFraction, RoundedFraction } from './exact-fraction.js'
export { dayCount, dayCountConventionDetails, dayCountConventions, dayShareOfYear, isDayCountConvention, yearFraction } from './interest/day-count.js'
export type { DayCountConvention, DayCountConventionDetails, DayCountOptions } from './interest/day-count.js'
export { accrualForDay, accrueDaily, postInterest, simpleInterest, totalAccrued } from './interest/accrual.js'
export type { AccrualTerms, DailyAccrual, DailyAccrualRequest, PostedInterest } from './interest/accrual.js'
export { effectiveAnnualRate, rateTiersProblem, tierMethods, tieredAnnualInterest, tieredDailyAccrual } from './interest/tiered-rate.js'
export type { RateTier, TieredAccrualRequest, TierMethod } from './interest/tiered-rate.js'
export * from './deposits/index.js'

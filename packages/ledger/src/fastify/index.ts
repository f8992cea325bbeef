export { ledgerRoutes } from './plugin.js'
export type { LedgerRoutesOptions } from './plugin.js'
export { ledgerProblems } from './problems.js'
export { everyoneSeesEverything, canSeeAccount } from './visibility.js'
export type { LedgerVisibility } from './visibility.js'
export type { LedgerIntegrity, TrialBalanceLine, JournalReport } from './integrity-routes.js'
export type { GuardAccountOpening, GuardTransfers, HeldForReview, OverdraftGate, PendingApproval, PostTransfer } from './transfer-routes.js'
export { toTransferRequest } from './transfer-routes.js'
export {
  accountSchema, newAccountBody, entrySchema, transferBody, simpleTransferBody, multiLegTransferBody, transferSchema,
  postedTransferSchema, holdSchema, newHoldBody, captureBody,
  toAccountDto, toEntryDto, toTransferDto, toPostedTransferDto, toHoldDto, toBalanceAfterDto,
} from './schemas.js'
export { statementRoutes, statementFormats, statementQuery, statementSchema, statementLineSchema, toStatementDto } from './statement-routes.js'
export type { StatementFormat, StatementRoutesOptions } from './statement-routes.js'
export { renderStatementPdf } from './statement-pdf.js'
export type { StatementPdfOptions } from './statement-pdf.js'
export {
  fxRoutes, ecbCsvMaxLength, maxRatesPerRequest, rateValueSchema, fxRateSchema, newFxRateBody, recordFxRatesBody, recordFxRatesResultSchema,
  fxRateQuery, fxRateQuoteSchema, ecbImportBody, ecbImportResultSchema, fxConversionBody, fxConversionSchema, toFxRateQuoteDto, toFxConversionDto,
} from './fx-routes.js'
export type { FxRoutesOptions } from './fx-routes.js'
export { depositRoutes } from './deposit-routes.js'
export type { DepositRoutesOptions } from './deposit-routes.js'
export { depositProblems } from './deposit-problems.js'

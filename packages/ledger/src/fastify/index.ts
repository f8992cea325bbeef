export { ledgerRoutes } from './plugin.js'
export type { LedgerRoutesOptions } from './plugin.js'
export { ledgerProblems } from './problems.js'
export { everyoneSeesEverything, canSeeAccount } from './visibility.js'
export type { LedgerVisibility } from './visibility.js'
export type { LedgerIntegrity, TrialBalanceLine, JournalReport } from './integrity-routes.js'
export type { PostTransfer } from './transfer-routes.js'
export { toTransferRequest } from './transfer-routes.js'
export {
  accountSchema, newAccountBody, entrySchema, transferBody, simpleTransferBody, multiLegTransferBody, transferSchema,
  postedTransferSchema, holdSchema, newHoldBody, captureBody,
  toAccountDto, toEntryDto, toTransferDto, toPostedTransferDto, toHoldDto, toBalanceAfterDto,
} from './schemas.js'

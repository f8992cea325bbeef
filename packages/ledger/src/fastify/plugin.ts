import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffRoles, type StaffRole } from '@strongroom/kernel'
import type { LedgerService } from '../core/index.js'
import { accountRoutes } from './account-routes.js'
import { holdRoutes } from './hold-routes.js'
import { createHotAccounts } from './hot-accounts.js'
import { integrityRoutes, type LedgerIntegrity } from './integrity-routes.js'
import { statementRoutes } from './statement-routes.js'
import { transferRoutes, type GuardAccountOpening, type GuardTransfers, type OverdraftGate, type PostTransfer } from './transfer-routes.js'
import { everyoneSeesEverything, type LedgerVisibility } from './visibility.js'

export interface LedgerRoutesOptions {
  readonly ledger: LedgerService
  readonly integrity: LedgerIntegrity
  /** The transfer workflow (compliance, risk, then the ledger). Default: the ledger alone. */
  readonly postTransfer?: PostTransfer | undefined
  /** The workflow's gates for batches, which post without going through `postTransfer`. */
  readonly guardTransfers?: GuardTransfers | undefined
  /** The gate a client account passes before it opens (KYC). */
  readonly guardAccountOpening?: GuardAccountOpening | undefined
  /** Maker-checker for overdraft limits (opening with one, or changing it). Default: applied at once. */
  readonly overdraftGate?: OverdraftGate | undefined
  /** Book scoping. Default: every role sees every account. */
  readonly visibility?: LedgerVisibility | undefined
  /** A TrueType font (path) for PDF statements; without one, characters beyond Latin-1 print as '?'. */
  readonly pdfFont?: string | undefined
}

// Who may do what with money. Everyone reads (an RM only their book); the
// back office moves money; control functions may freeze accounts and hold funds;
// only the control functions and audit read the bank-wide integrity reports.
const readers: readonly StaffRole[] = staffRoles
const operators: readonly StaffRole[] = ['admin', 'operations']
const controllers: readonly StaffRole[] = ['admin', 'operations', 'compliance_officer']
const holders: readonly StaffRole[] = ['admin', 'operations', 'compliance_officer', 'risk_officer']
const auditors: readonly StaffRole[] = ['admin', 'operations', 'compliance_officer', 'risk_officer', 'auditor']

export const ledgerRoutes: FastifyPluginAsyncZod<LedgerRoutesOptions> = async (app, options) => {
  const { ledger, integrity } = options
  const visibility = options.visibility ?? everyoneSeesEverything
  const hotAmong = createHotAccounts(ledger)
  const postTransfer: PostTransfer = options.postTransfer ?? ((request, postOptions) => ledger.postTransfer(request, postOptions))
  await app.register(accountRoutes, { ledger, visibility, readers, operators, controllers, guardAccountOpening: options.guardAccountOpening, overdraftGate: options.overdraftGate })
  await app.register(transferRoutes, { ledger, hotAmong, postTransfer, guardTransfers: options.guardTransfers, visibility, readers, operators })
  await app.register(holdRoutes, { ledger, hotAmong, visibility, readers, holders, guardTransfers: options.guardTransfers })
  await app.register(statementRoutes, { ledger, visibility, pdfFont: options.pdfFont })
  await app.register(integrityRoutes, { integrity, auditors })
}

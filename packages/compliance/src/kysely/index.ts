export { complianceMigrations, complianceSchema } from './migrations/index.js'
export { createKyselyWatchlistStore } from './watchlist-repository.js'
export { createKyselyKycStore } from './kyc-repository.js'
export { createKyselyApprovalStore } from './approval-repository.js'

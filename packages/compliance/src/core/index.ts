export { complianceErrorCodes, ComplianceError } from './compliance-errors.js'
export type { ComplianceErrorCode } from './compliance-errors.js'
export * from './screening/index.js'
export * from './watchlists/index.js'

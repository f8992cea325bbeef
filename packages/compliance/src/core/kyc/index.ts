export {
  defaultReviewPolicy, emptyKyc, identityDocumentTypes, kycDueItems, kycStandingOn, maskDocumentNumber, riskRatings,
  verificationMethods, verificationProblem,
} from './kyc.js'
export type {
  IdentityDocument, IdentityDocumentType, KycRecord, KycStanding, KycVerification, OriginDeclaration, ReviewPolicy, RiskRating, VerificationMethod,
} from './kyc.js'
export { createKycService } from './kyc-service.js'
export type { KycProfile, KycService, KycServiceDeps, KycStore } from './kyc-service.js'
export { createIdentityChecks, identityCheckMethods } from './identity-check.js'
export type { IdentityCheck, IdentityCheckMethod, IdentityCheckStore, IdentityChecks } from './identity-check.js'

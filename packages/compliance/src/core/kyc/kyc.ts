/**
 * Know your client: who the client is (identity documents), how that was
 * checked, where their wealth and the money they bring come from, how risky
 * they are and when they must be reviewed again. Pure: dates come in as
 * `YYYY-MM-DD` strings, which compare as the dates do.
 */

export const identityDocumentTypes = ['passport', 'national-id', 'residence-permit', 'driving-licence', 'business-licence', 'certificate-of-incorporation'] as const
export type IdentityDocumentType = (typeof identityDocumentTypes)[number]

export const verificationMethods = ['in-person', 'video', 'electronic', 'certified-copy'] as const
export type VerificationMethod = (typeof verificationMethods)[number]

export const riskRatings = ['low', 'medium', 'high'] as const
export type RiskRating = (typeof riskRatings)[number]

export interface IdentityDocument {
  readonly id: string
  readonly type: IdentityDocumentType
  readonly number: string
  /** ISO 3166-1 alpha-2. */
  readonly issuingCountry: string
  readonly expiresOn: string | null
  readonly addedBy: string
  readonly addedAt: string
}

/** A declaration of where wealth or funds come from, with references to the evidence on file. */
export interface OriginDeclaration {
  readonly declaration: string
  readonly evidenceRefs: readonly string[]
}

export interface KycVerification {
  readonly method: VerificationMethod
  readonly verifiedBy: string
  readonly verifiedOn: string
}

export interface KycRecord {
  readonly clientId: string
  /** `verified` is a fact about the past: whether it still holds today is `kycStandingOn`. */
  readonly status: 'unverified' | 'verified'
  readonly riskRating: RiskRating | null
  readonly ratingReasons: readonly string[]
  readonly sourceOfWealth: OriginDeclaration | null
  readonly sourceOfFunds: OriginDeclaration | null
  readonly documents: readonly IdentityDocument[]
  readonly verification: KycVerification | null
  /** When the next periodic review is due (set at verification, by the rating). */
  readonly nextReviewOn: string | null
  readonly version: number
  readonly updatedAt: string
}

/** Months between periodic reviews, by rating: configurable; these are common defaults (high yearly, medium every two years, low every three). */
export interface ReviewPolicy {
  readonly monthsBetweenReviews: Readonly<Record<RiskRating, number>>
}

export const defaultReviewPolicy: ReviewPolicy = Object.freeze({ monthsBetweenReviews: Object.freeze({ high: 12, medium: 24, low: 36 }) })

export function emptyKyc(clientId: string, at: string): KycRecord {
  return {
    clientId, status: 'unverified', riskRating: null, ratingReasons: [], sourceOfWealth: null, sourceOfFunds: null, documents: [],
    verification: null, nextReviewOn: null, version: 0, updatedAt: at,
  }
}

export type KycStanding =
  | { readonly kind: 'verified' }
  | { readonly kind: 'unverified' | 'expired' | 'review-overdue'; readonly detail: string }

/** Whether the client's KYC holds on `date`: verified, with an identity document in force, and not past its review. */
export function kycStandingOn(record: KycRecord, date: string): KycStanding {
  if (record.status !== 'verified') return { kind: 'unverified', detail: 'the client’s identity has not been verified' }
  if (!record.documents.some((d) => d.expiresOn === null || d.expiresOn >= date)) {
    return { kind: 'expired', detail: 'every identity document on file has expired' }
  }
  if (record.nextReviewOn !== null && record.nextReviewOn < date) return { kind: 'review-overdue', detail: `the periodic review was due on ${record.nextReviewOn}` }
  return { kind: 'verified' }
}

/** Why the record cannot be verified now; undefined when it can. */
export function verificationProblem(record: KycRecord, date: string): string | undefined {
  if (!record.documents.some((d) => d.expiresOn === null || d.expiresOn >= date)) return 'an identity document in force is needed first'
  if (record.riskRating === null) return 'rate the client’s risk first'
  if (record.sourceOfWealth === null || record.sourceOfFunds === null) return 'record the source of wealth and the source of funds first'
  return undefined
}

/** What is coming due by `until`: the review, and documents expiring. */
export function kycDueItems(record: KycRecord, until: string): { readonly reviewDue: string | null; readonly documentsExpiring: readonly IdentityDocument[] } {
  return {
    reviewDue: record.nextReviewOn !== null && record.nextReviewOn <= until ? record.nextReviewOn : null,
    documentsExpiring: record.documents.filter((d) => d.expiresOn !== null && d.expiresOn <= until),
  }
}

/** The document number as a role that does not need it sees it: all but the last four characters hidden. */
export function maskDocumentNumber(number: string): string {
  return number.length <= 4 ? '*'.repeat(number.length) : `${'*'.repeat(number.length - 4)}${number.slice(-4)}`
}

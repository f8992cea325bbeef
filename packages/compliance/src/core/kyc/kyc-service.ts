import { addMonthsToDay, type Clock, type IdGenerator } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import {
  defaultReviewPolicy, emptyKyc, kycDueItems, kycStandingOn, verificationProblem,
  type IdentityDocument, type KycRecord, type KycStanding, type OriginDeclaration, type ReviewPolicy, type RiskRating, type VerificationMethod,
} from './kyc.js'

export interface KycStore {
  findKyc(clientId: string): Promise<KycRecord | undefined>
  /** Writes the record if it is still at `expectedVersion` (0: not stored yet); false otherwise. */
  saveKyc(record: KycRecord, expectedVersion: number, event: { readonly kind: string; readonly by: string; readonly detail: Readonly<Record<string, unknown>> }): Promise<boolean>
  /** Records whose review or some document falls due by `until`. */
  kycDue(until: string, limit: number): Promise<KycRecord[]>
}

export interface KycServiceDeps {
  readonly store: KycStore
  readonly clock: Clock
  readonly ids: IdGenerator
  /** Whether a client exists (from the relationship domain). */
  readonly clientExists: (clientId: string) => Promise<boolean>
  readonly reviewPolicy?: ReviewPolicy | undefined
  /** The business date now, `YYYY-MM-DD` (the bank's time zone). */
  readonly today: () => string
}

export interface KycProfile {
  readonly riskRating: RiskRating
  readonly ratingReasons: readonly string[]
  readonly sourceOfWealth: OriginDeclaration | null
  readonly sourceOfFunds: OriginDeclaration | null
}

/**
 * KYC records and the gate they make: `requireKyc` answers
 * `compliance.kyc_required` for a client whose identity is not verified, whose
 * documents have all expired, or whose periodic review is overdue. A change of
 * rating or of the declared origins takes the record back to unverified: what
 * was checked is no longer what is on file.
 */
export function createKycService(deps: KycServiceDeps) {
  const { store, clock, ids } = deps
  const policy = deps.reviewPolicy ?? defaultReviewPolicy

  async function recordOf(clientId: string): Promise<KycRecord> {
    const found = await store.findKyc(clientId)
    if (found) return found
    if (!(await deps.clientExists(clientId))) throw new ComplianceError('compliance.client_not_found', `no client ${clientId}`)
    return emptyKyc(clientId, clock.now().toISOString())
  }

  async function save(next: KycRecord, previous: KycRecord, kind: string, by: string, detail: Record<string, unknown> = {}): Promise<KycRecord> {
    const written = { ...next, version: previous.version + 1, updatedAt: clock.now().toISOString() }
    if (!(await store.saveKyc(written, previous.version, { kind, by, detail }))) {
      throw new ComplianceError('compliance.invalid_kyc', 'the KYC record changed meanwhile: read it again')
    }
    return written
  }

  return {
    getKyc: recordOf,

    standing: async (clientId: string): Promise<KycStanding> => kycStandingOn(await recordOf(clientId), deps.today()),

    async updateProfile(clientId: string, profile: KycProfile, by: string): Promise<KycRecord> {
      const record = await recordOf(clientId)
      const changed = record.riskRating !== profile.riskRating
        || JSON.stringify([record.sourceOfWealth, record.sourceOfFunds]) !== JSON.stringify([profile.sourceOfWealth, profile.sourceOfFunds])
      const next: KycRecord = {
        ...record, ...profile,
        ...(changed && record.status === 'verified' ? { status: 'unverified' as const, verification: null, nextReviewOn: null } : {}),
      }
      return save(next, record, 'profile-updated', by, { riskRating: profile.riskRating, reverified: changed && record.status === 'verified' })
    },

    async addDocument(clientId: string, document: Omit<IdentityDocument, 'id' | 'addedBy' | 'addedAt'>, by: string): Promise<KycRecord> {
      const record = await recordOf(clientId)
      if (document.expiresOn !== null && document.expiresOn < deps.today()) throw new ComplianceError('compliance.invalid_kyc', `the document expired on ${document.expiresOn}`)
      const added: IdentityDocument = { ...document, id: ids.next(), addedBy: by, addedAt: clock.now().toISOString() }
      return save({ ...record, documents: [...record.documents, added] }, record, 'document-added', by, { type: document.type, documentId: added.id })
    },

    /** Records how the client's identity was verified and by whom, and sets the next review by the rating. */
    async verify(clientId: string, method: VerificationMethod, by: string): Promise<KycRecord> {
      const record = await recordOf(clientId)
      const today = deps.today()
      const problem = verificationProblem(record, today)
      if (problem) throw new ComplianceError('compliance.invalid_kyc', problem)
      const next: KycRecord = {
        ...record, status: 'verified', verification: { method, verifiedBy: by, verifiedOn: today },
        nextReviewOn: addMonthsToDay(today, policy.monthsBetweenReviews[record.riskRating!]),
      }
      return save(next, record, 'verified', by, { method })
    },

    /** Clients whose review or identity documents fall due within `withinDays` (or are already overdue). */
    async due(withinDays: number): Promise<{ record: KycRecord; reviewDue: string | null; documentsExpiring: readonly IdentityDocument[] }[]> {
      const until = new Date(Date.parse(`${deps.today()}T00:00:00Z`) + withinDays * 86_400_000).toISOString().slice(0, 10)
      return (await store.kycDue(until, 1000)).map((record) => ({ record, ...kycDueItems(record, until) }))
    },

    /** The gate: throws `compliance.kyc_required` unless the client's KYC holds today. */
    async requireKyc(clientId: string): Promise<void> {
      const standing = kycStandingOn(await recordOf(clientId), deps.today())
      if (standing.kind !== 'verified') {
        throw new ComplianceError('compliance.kyc_required', `KYC does not hold for client ${clientId}: ${standing.detail}`, { clientId, standing: standing.kind })
      }
    },
  }
}

export type KycService = ReturnType<typeof createKycService>

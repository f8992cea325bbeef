import type { Clock, IdGenerator } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { planErasure, purgeableNow, type ErasurePlanItem } from './erasure-plan.js'
import { isHoldActive, type LegalHold } from './legal-hold.js'
import type { RetentionPolicy } from './retention-policy.js'

/** An erasure request as made (with the plan shown then) and, once approved, what it did. */
export interface ErasureRecord {
  readonly id: string
  readonly clientId: string
  readonly plan: readonly ErasurePlanItem[]
  readonly requestedBy: string
  readonly requestedAt: string
  readonly executedAt: string | null
  readonly result: readonly ErasurePlanItem[] | null
}

export interface PurgeRun {
  readonly id: string
  readonly onDate: string
  readonly runBy: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly result: PurgeResult
}

export interface PurgeResult {
  readonly clientsConsidered: number
  readonly clientsOnHold: number
  /** Per record type: how many clients' records were pseudonymised or deleted. */
  readonly applied: Readonly<Record<string, number>>
  readonly exportsDeleted: number
}

export interface DataProtectionStore {
  insertHold(hold: LegalHold): Promise<void>
  /** Releases an active hold; undefined when there is no such hold. */
  releaseHold(id: string, by: string, at: string, note: string): Promise<LegalHold | undefined>
  findHold(id: string): Promise<LegalHold | undefined>
  listHolds(filter: { readonly clientId?: string | undefined; readonly active?: boolean | undefined }): Promise<LegalHold[]>
  insertErasure(record: ErasureRecord): Promise<void>
  /** Records what an erasure did, once: a second call changes nothing. */
  completeErasure(id: string, result: readonly ErasurePlanItem[], at: string): Promise<void>
  listErasures(clientId: string): Promise<ErasureRecord[]>
  /** Removes the client's KYC file and its history (retention over). Returns the rows removed. */
  deleteKycFile(clientId: string): Promise<number>
  /** Removes export copies: one client's, or every one made before an instant, never a held client's. */
  deleteExports(filter: { readonly clientId: string } | { readonly createdBefore: Date }): Promise<number>
  insertPurgeRun(run: PurgeRun): Promise<void>
  listPurgeRuns(limit: number): Promise<PurgeRun[]>
}

/** What the bank knows of the client's relationship, read by the caller from the relationship domain. */
export interface RelationshipFacts {
  readonly clientId: string
  readonly status: string
  readonly closedOn: string | null
}

export interface DataProtectionDeps {
  readonly store: DataProtectionStore
  readonly policies: readonly RetentionPolicy[]
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly today: () => string
}

/**
 * Legal holds, erasure plans and their records. The plan is computed again
 * when an approved erasure executes — a hold placed or a client reopened in
 * between changes what may go — and the record keeps both.
 */
export function createDataProtectionService(deps: DataProtectionDeps) {
  const { store, clock, ids } = deps
  const activeHolds = (clientId: string) => store.listHolds({ clientId, active: true })
  return {
    policies: deps.policies,

    async placeHold(input: { clientId: string; reference: string; reason: string }, by: string): Promise<LegalHold> {
      if (input.reference.trim() === '' || input.reason.trim() === '') throw new ComplianceError('compliance.invalid_legal_hold', 'a legal hold names its matter (reference) and its reason')
      const hold: LegalHold = {
        id: ids.next(), clientId: input.clientId, reference: input.reference.trim(), reason: input.reason.trim(),
        placedBy: by, placedAt: clock.now().toISOString(), releasedBy: null, releasedAt: null, releaseNote: null,
      }
      await store.insertHold(hold)
      return hold
    },

    async releaseHold(id: string, note: string, by: string): Promise<LegalHold> {
      if (note.trim() === '') throw new ComplianceError('compliance.invalid_legal_hold', 'say why the hold is released')
      const released = await store.releaseHold(id, by, clock.now().toISOString(), note.trim())
      if (released) return released
      const found = await store.findHold(id)
      if (!found) throw new ComplianceError('compliance.legal_hold_not_found', `no legal hold ${id}`)
      throw new ComplianceError('compliance.legal_hold_released', `legal hold ${id} was released at ${found.releasedAt}`)
    },

    listHolds: store.listHolds,
    activeHolds,

    async plan(facts: RelationshipFacts): Promise<readonly ErasurePlanItem[]> {
      return planErasure({ clientStatus: facts.status, closedOn: facts.closedOn, holds: await activeHolds(facts.clientId), policies: deps.policies, today: deps.today() })
    },

    async recordRequest(id: string, clientId: string, plan: readonly ErasurePlanItem[], by: string): Promise<ErasureRecord> {
      const record: ErasureRecord = { id, clientId, plan, requestedBy: by, requestedAt: clock.now().toISOString(), executedAt: null, result: null }
      await store.insertErasure(record)
      return record
    },
    completeErasure: (id: string, result: readonly ErasurePlanItem[]) => store.completeErasure(id, result, clock.now().toISOString()),
    listErasures: store.listErasures,
    deleteKycFile: store.deleteKycFile,
    deleteExports: store.deleteExports,

    /** The part of a closed client's plan the purge job applies today. */
    async purgePlan(facts: RelationshipFacts): Promise<readonly ErasurePlanItem[] | 'on_hold'> {
      if ((await activeHolds(facts.clientId)).some(isHoldActive)) return 'on_hold'
      return purgeableNow(planErasure({ clientStatus: facts.status, closedOn: facts.closedOn, holds: [], policies: deps.policies, today: deps.today() }))
    },
    recordPurge: store.insertPurgeRun,
    listPurgeRuns: store.listPurgeRuns,
  }
}

export type DataProtectionService = ReturnType<typeof createDataProtectionService>

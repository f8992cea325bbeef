import { retainUntil, type PersonalRecordType, type RetentionPolicy } from './retention-policy.js'
import { isHoldActive, type LegalHold } from './legal-hold.js'

export type ErasureAction = 'pseudonymise' | 'delete' | 'retain'

export interface ErasurePlanItem {
  readonly recordType: PersonalRecordType
  readonly action: ErasureAction
  /** Why: the legal hold, the open relationship, or the retention law. */
  readonly reason: string
  /** Kept until this day (may go from it on); null when each record has its own clock or the relationship is open. */
  readonly retainUntil: string | null
}

export interface ErasurePlanInput {
  readonly clientStatus: string
  /** The day the relationship ended; null while it is open. */
  readonly closedOn: string | null
  readonly holds: readonly LegalHold[]
  readonly policies: readonly RetentionPolicy[]
  readonly today: string
}

/** The records the relationship itself needs while it is open: who the client is, how to reach them. */
const neededWhileOpen: readonly PersonalRecordType[] = ['contact_details', 'client_profile', 'kyc_record']

/**
 * What an erasure request may do today, record type by record type, and why
 * — the answer the bank gives the client ("we erased this; we must keep that
 * under this law until then"). A legal hold keeps everything. An open
 * relationship keeps what running it needs. Otherwise each policy decides:
 * a record whose period has ended goes (pseudonymised or deleted as the
 * policy says); one whose period runs is kept, with the day it ends.
 *
 * It speaks of "regulatory records" as one kind and never of a suspicious
 * report in particular, so the answer cannot tip a client off.
 */
export function planErasure(input: ErasurePlanInput): readonly ErasurePlanItem[] {
  const holds = input.holds.filter(isHoldActive)
  return input.policies.map((policy): ErasurePlanItem => {
    const { recordType } = policy
    if (holds.length > 0) {
      return { recordType, action: 'retain', retainUntil: null, reason: `legal hold ${holds.map((h) => h.reference).join(', ')}: nothing is erased while it stands` }
    }
    if (policy.from === 'record_date') {
      if (policy.retainFor.count === 0) return { recordType, action: policy.onExpiry, retainUntil: null, reason: policy.basis }
      if (recordType === 'data_exports') return { recordType, action: 'delete', retainUntil: null, reason: 'copies made for the client are removed on request' }
      const period = `${policy.retainFor.count} ${policy.retainFor.unit}`
      return { recordType, action: 'retain', retainUntil: null, reason: `each record is kept ${period} from its own date, then ${policy.onExpiry === 'delete' ? 'deleted' : 'pseudonymised'}: ${policy.basis}` }
    }
    if (input.closedOn === null || input.clientStatus !== 'closed') {
      return neededWhileOpen.includes(recordType)
        ? { recordType, action: 'retain', retainUntil: null, reason: 'the relationship is open: the bank needs this to run the client’s accounts and meet its KYC duties; it can be erased once the relationship is closed and the retention period has run' }
        : { recordType, action: 'retain', retainUntil: null, reason: policy.basis }
    }
    const until = retainUntil(policy, input.closedOn)
    return input.today >= until
      ? { recordType, action: policy.onExpiry, retainUntil: until, reason: `retention ended on ${until}: ${policy.basis}` }
      : { recordType, action: 'retain', retainUntil: until, reason: policy.basis }
  })
}

/**
 * What the purge job may remove about a closed client today: the same
 * decision as an erasure, minus the items that go only on the client's
 * request (copies for the client are purged by their own date).
 */
export function purgeableNow(plan: readonly ErasurePlanItem[]): readonly ErasurePlanItem[] {
  return plan.filter((item) => item.action !== 'retain' && item.recordType !== 'data_exports' && item.retainUntil !== null)
}

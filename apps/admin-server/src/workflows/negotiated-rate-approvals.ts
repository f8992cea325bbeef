import type { Actor } from '@strongroom/kernel'
import { ComplianceError } from '@strongroom/compliance'
import type { NegotiatedRate } from '@strongroom/ledger'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'catalogue'>

/**
 * Negotiated rates under the bank's approval policies (`deposit.negotiated-rate`):
 * each request files an approval request on the rate; the catalogue's rate
 * becomes approved only through the executor, when the policy's checkers
 * have approved, whichever road they took (the approvals inbox or the
 * negotiated-rate decision route). A rejection closes both records.
 */
export function createNegotiatedRateApprovals(services: Deps) {
  services.approvals.executors['deposit.negotiated-rate'] = async (payload, approval) => {
    const approvedBy = approval.decisions.filter((d) => d.decision === 'approve').at(-1)!
    const rate = await services.catalogue.decideNegotiatedRate(String(payload.negotiatedRateId), 'approve', approvedBy.note, approvedBy.by)
    return { negotiatedRateId: rate.id, status: rate.status }
  }

  async function approvalOf(rateId: string) {
    const found = (await services.approvals.listRequests({ entityType: 'negotiated-rate', entityId: rateId }, { limit: 10 })).items.find((r) => r.action === 'deposit.negotiated-rate')
    if (!found) throw new ComplianceError('compliance.approval_not_found', `no approval request for negotiated rate ${rateId}`)
    return found
  }

  return {
    async requested(rate: NegotiatedRate, actor: Actor): Promise<void> {
      if (!(await services.approvals.policyFor('deposit.negotiated-rate', null))) return
      await services.approvals.submit({
        action: 'deposit.negotiated-rate', entityType: 'negotiated-rate', entityId: rate.id, amount: null,
        summary: `Negotiated rate ${rate.annualRate} for client ${rate.clientId} on product ${rate.productId}${rate.tenor ? ` (${rate.tenor})` : ''}: ${rate.reason}`,
        payload: { negotiatedRateId: rate.id },
      }, actor)
    },

    async decide(rateId: string, decision: 'approve' | 'reject', note: string | null, actor: Actor): Promise<NegotiatedRate> {
      await services.catalogue.getNegotiatedRate(rateId)
      const approval = await approvalOf(rateId)
      const decided = await services.approvals.decide(approval.id, decision, note, actor)
      if (decided.status === 'rejected') return services.catalogue.decideNegotiatedRate(rateId, 'reject', note, actor.staffId)
      return services.catalogue.getNegotiatedRate(rateId)
    },
  }
}

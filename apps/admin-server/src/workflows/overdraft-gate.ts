import { parseMoney, toMoneyJson } from '@strongroom/kernel'
import { ComplianceError } from '@strongroom/compliance'
import type { OverdraftGate } from '@strongroom/ledger/fastify'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'approvals' | 'ledger'>

/**
 * Overdraft limits are credit: where the `account.overdraft-limit` policy
 * covers a change it waits as an approval request on the account and is
 * applied by the executor when a checker approves. A limit asked for at
 * opening has no account to wait on, so it is refused with the way to ask.
 */
export function createOverdraftGate(services: Deps): OverdraftGate {
  services.approvals.executors['account.overdraft-limit'] = async (payload) => {
    const limit = payload.limit as { amount: string; currency: string }
    const state = await services.ledger.setOverdraftLimit(String(payload.accountId), parseMoney(limit.amount, limit.currency))
    return { accountId: state.account.id, overdraftLimitMinor: state.account.overdraftLimitMinor.toString() }
  }
  return async (request, actor) => {
    if (!(await services.approvals.policyFor('account.overdraft-limit', request.limit))) return { kind: 'proceed' }
    if (request.accountId === null) {
      throw new ComplianceError('compliance.approval_required', 'an overdraft limit needs a checker: open the account without one, then ask for it with PUT /v1/accounts/{id}/overdraft-limit')
    }
    const limit = toMoneyJson(request.limit)
    const submitted = await services.approvals.submit({
      action: 'account.overdraft-limit', entityType: 'account', entityId: request.accountId, amount: request.limit,
      summary: `Set the overdraft limit of account ${request.accountId} to ${limit.currency} ${limit.amount}: ${request.reason ?? ''}`.trim(),
      payload: { accountId: request.accountId, limit, reason: request.reason },
    }, actor)
    return { kind: 'pending-approval', approvalId: submitted.id, summary: submitted.summary, expiresAt: submitted.expiresAt }
  }
}

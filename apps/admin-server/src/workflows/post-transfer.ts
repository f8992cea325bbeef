import { toMoneyJson, type Actor, type Money } from '@strongroom/kernel'
import { ComplianceError, type ApprovalExecutor } from '@strongroom/compliance'
import { legsOf, type BatchItemResult, type PostedTransfer, type PostOptions, type TransferRequest } from '@strongroom/ledger'
import type { HeldForReview, PendingApproval } from '@strongroom/ledger/fastify'
import type { Services } from '../services.js'
import { createAccountOwners, isOutflow } from './account-owners.js'
import { createTransferGate } from './kyc-gate.js'
import { createTransferMonitoring, type MonitoringOptions } from './monitor-transfer.js'
import { transferFromJson, transferToJson, type TransferJson } from './transfer-json.js'

type Deps = Pick<Services, 'ledger' | 'kyc' | 'approvals' | 'watchlists' | 'relationship' | 'fx' | 'clock' | 'ids' | 'riskStore' | 'riskRules' | 'riskCases'>

/**
 * The one place a transfer crosses domains before it posts:
 * 1. compliance's KYC gate (money leaves a client's account only while their KYC holds), when the bank has it on;
 *    then counterparty screening: the named counterparty of money leaving a client account is screened against
 *    every loaded list; a review-band hit opens an alert and the transfer posts, a block-band hit opens an alert
 *    and refuses it (`compliance.screening_blocked`);
 * 2. maker-checker: a transfer an approval policy covers (a large outgoing transfer) does not post; it waits as
 *    an approval request on the account it would debit, and posts when a checker approves it — exactly once,
 *    under the key `approval:{id}`, after the gates run again;
 * 3. risk's inline monitoring (`monitor-transfer.ts`): a block refuses the transfer (`risk.blocked`), a review
 *    lets it post and opens an alert; the decision is stored after the posting, with the transfer's id;
 * 4. the ledger; its outbox carries `TransferPosted` to everything after it.
 * The batch route calls `guardTransfers`, which refuses a batch holding a transfer that needs approval or that
 * monitoring blocks, and records each posted item's decision once the batch has posted.
 */
export function createPostTransferWorkflow(services: Deps, options: { readonly kycGate: boolean; readonly monitoring: MonitoringOptions }) {
  const ownerOf = createAccountOwners(services.ledger)
  const gate = options.kycGate ? createTransferGate(services, ownerOf) : async () => undefined
  const monitoring = createTransferMonitoring(services, ownerOf, options.monitoring)

  async function monitoredPost(request: TransferRequest, postOptions: PostOptions): Promise<PostedTransfer | HeldForReview> {
    const monitored = await monitoring.decide(request)
    // Configured to hold on review: the amount is reserved, not moved, until the case is decided.
    const held = await monitoring.holdForReview(request, monitored, postOptions.idempotencyKey ?? null)
    if (held) return held
    const posted = await services.ledger.postTransfer(request, postOptions)
    // A retry under the same key answers with the first posting; `record` then finds its decision stored and adds nothing.
    await monitoring.record(monitored, posted.transfer.id)
    return posted
  }

  /** The largest amount leaving a client account in the transfer, if any leaves one. */
  async function outgoingAmount(request: TransferRequest): Promise<{ amount: Money; accountId: string } | undefined> {
    let largest: { amount: Money; accountId: string } | undefined
    for (const leg of legsOf(request)) {
      const owner = await ownerOf(leg.accountId)
      if (owner?.kind !== 'client' || !isOutflow(owner, leg.direction)) continue
      if (!largest || leg.amount.amountMinor > largest.amount.amountMinor) largest = { amount: leg.amount, accountId: leg.accountId }
    }
    return largest
  }

  /** Screens the counterparty of money leaving a client account; refuses on a block-band hit. */
  async function screenCounterparty(request: TransferRequest): Promise<void> {
    const counterparty = request.counterparty
    if (!counterparty?.name) return
    const outgoing = await outgoingAmount(request)
    if (!outgoing) return
    const owner = await ownerOf(outgoing.accountId)
    const hit = await services.watchlists.screenCounterparty(owner!.clientId!, { name: counterparty.name, country: counterparty.country })
    if (hit?.band === 'block') {
      throw new ComplianceError('compliance.screening_blocked', `the counterparty ${counterparty.name} matches ${hit.entry.primaryName} (${hit.entry.listName} ${hit.entry.id}, score ${hit.score.toFixed(2)}): the transfer is stopped and compliance alerted`, {
        listName: hit.entry.listName, entryId: hit.entry.id, score: hit.score,
      })
    }
  }

  async function needsApproval(request: TransferRequest) {
    const outgoing = await outgoingAmount(request)
    return outgoing && (await services.approvals.policyFor('transfer.outgoing', outgoing.amount)) ? outgoing : undefined
  }

  const execute: ApprovalExecutor = async (payload, approval) => {
    const request = transferFromJson(payload.transfer as TransferJson)
    await gate([request])
    await screenCounterparty(request)
    const posted = await monitoredPost(request, { idempotencyKey: `approval:${approval.id}` })
    return 'kind' in posted ? { holdId: posted.holdId, caseId: posted.caseId } : { transferId: posted.transfer.id }
  }
  services.approvals.executors['transfer.outgoing'] = execute

  return {
    /** Settles the transfers a decided case held for review (see `monitor-transfer.ts`). */
    releaseHeld: monitoring.releaseHeld,

    async postTransfer(request: TransferRequest, postOptions: PostOptions, actor: Actor): Promise<PostedTransfer | PendingApproval | HeldForReview> {
      await gate([request])
      await screenCounterparty(request)
      const covered = await needsApproval(request)
      if (!covered) return monitoredPost(request, postOptions)
      // A retry under the same Idempotency-Key finds the request it filed the first time.
      const key = postOptions.idempotencyKey
      if (key) {
        const earlier = (await services.approvals.listRequests({ entityType: 'account', entityId: covered.accountId }, { limit: 200 })).items
          .find((r) => r.action === 'transfer.outgoing' && r.payload.idempotencyKey === key && r.requestedBy === actor.staffId)
        if (earlier) return { kind: 'pending-approval', approvalId: earlier.id, summary: earlier.summary, expiresAt: earlier.expiresAt }
      }
      const filed = await services.approvals.submit({
        action: 'transfer.outgoing', entityType: 'account', entityId: covered.accountId, amount: covered.amount,
        summary: `${toMoneyJson(covered.amount).currency} ${toMoneyJson(covered.amount).amount} out of account ${covered.accountId}${request.reference ? ` (${request.reference})` : ''}`,
        payload: { transfer: transferToJson(request), idempotencyKey: key ?? null },
      }, actor)
      return { kind: 'pending-approval', approvalId: filed.id, summary: filed.summary, expiresAt: filed.expiresAt }
    },

    /** The same gates for a batch, which the ledger posts without `postTransfer`; a transfer needing approval goes on its own. */
    async guardTransfers(requests: readonly TransferRequest[], _actor: Actor) {
      await gate(requests)
      for (const request of requests) await screenCounterparty(request)
      // The cheap refusal first: a transfer needing approval refuses the batch before monitoring reads any history.
      for (const [index, request] of requests.entries()) {
        if (await needsApproval(request)) {
          throw new ComplianceError('compliance.approval_required', `transfer ${index + 1} of the batch needs an approval: post it on its own (POST /v1/transfers) to file the request`, { index })
        }
      }
      const monitored: Awaited<ReturnType<typeof monitoring.decide>>[] = []
      for (const request of requests) monitored.push(await monitoring.decide(request))
      // Once the batch has posted, each posted item's decision and its place in the aggregates are recorded.
      return async (results: readonly BatchItemResult[]) => {
        for (const [index, result] of results.entries()) {
          if (result.kind === 'posted') await monitoring.record(monitored[index], result.transferId)
        }
      }
    },
  }
}


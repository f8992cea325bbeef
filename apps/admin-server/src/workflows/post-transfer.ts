import type { Actor } from '@strongroom/kernel'
import type { PostedTransfer, PostOptions, TransferRequest } from '@strongroom/ledger'
import type { Services } from '../services.js'
import { createTransferGate } from './kyc-gate.js'

/**
 * The one place a transfer crosses domains before it posts: compliance's KYC
 * gate (money leaves a client's account only while their KYC holds) when the
 * bank has it on, then the ledger. Counterparty screening and risk's inline
 * monitoring slot in here too, ahead of the posting; the ledger's outbox
 * carries `TransferPosted` to everything after it.
 */
export function createPostTransferWorkflow(services: Pick<Services, 'ledger' | 'kyc'>, options: { readonly kycGate: boolean }) {
  const gate = options.kycGate ? createTransferGate(services) : async () => undefined
  return {
    async postTransfer(request: TransferRequest, postOptions: PostOptions, _actor: Actor): Promise<PostedTransfer> {
      await gate([request])
      return services.ledger.postTransfer(request, postOptions)
    },
    /** The same gates for a batch, which the ledger posts without `postTransfer`. */
    async guardTransfers(requests: readonly TransferRequest[], _actor: Actor): Promise<void> {
      await gate(requests)
    },
  }
}

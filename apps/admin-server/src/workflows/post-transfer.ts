import type { Actor } from '@strongroom/kernel'
import type { PostedTransfer, PostOptions, TransferRequest } from '@strongroom/ledger'
import type { Services } from '../services.js'

/**
 * The one place a transfer crosses domains before it posts. Today it goes
 * straight to the ledger; compliance (KYC gate, counterparty screening) and
 * risk (inline monitoring) slot in here, ahead of the posting, and the
 * ledger's outbox carries `TransferPosted` to everything after it.
 */
export function createPostTransferWorkflow(services: Pick<Services, 'ledger'>) {
  return async function postTransfer(request: TransferRequest, options: PostOptions, _actor: Actor): Promise<PostedTransfer> {
    return services.ledger.postTransfer(request, options)
  }
}

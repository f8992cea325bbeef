import { legsOf, type TransferRequest } from '@strongroom/ledger'
import type { Services } from '../services.js'
import { isOutflow, type AccountOwners } from './account-owners.js'

/**
 * KYC as a gate (issue 5): no client account opens — directly or as a
 * deposit — and no money leaves a client's account, unless the client's KYC
 * holds today (`compliance.kyc_required`, 422). The ledger's routes call
 * `guardAccountOpening` before they open a client account; transfers pass
 * `createTransferGate`, which the transfer workflow, the batch route and hold
 * captures all call.
 */
export function createAccountOpeningGate(services: Pick<Services, 'kyc'>) {
  return async function guardAccountOpening(clientId: string): Promise<void> {
    await services.kyc.requireKyc(clientId)
  }
}

/** Refuses a transfer (or batch) that takes money out of an account of a client whose KYC does not hold. */
export function createTransferGate(services: Pick<Services, 'kyc'>, ownerOf: AccountOwners) {
  return async function requireKycForOutflows(requests: readonly TransferRequest[]): Promise<void> {
    const clients = new Set<string>()
    for (const request of requests) {
      for (const leg of legsOf(request)) {
        const owner = await ownerOf(leg.accountId)
        if (owner?.kind === 'client' && owner.clientId !== null && isOutflow(owner, leg.direction)) clients.add(owner.clientId)
      }
    }
    for (const clientId of clients) await services.kyc.requireKyc(clientId)
  }
}

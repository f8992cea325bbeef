import type { LedgerVisibility } from '@strongroom/ledger/fastify'
import { isDomainError } from '@strongroom/kernel'
import type { Services } from '../services.js'

/** A relationship manager sees the money of the clients in their book, and no bank-side account. */
export function ledgerVisibilityFrom(services: Pick<Services, 'relationship'>): LedgerVisibility {
  return {
    scoped: (actor) => services.relationship.scopeFor(actor).kind === 'book',
    async canSeeClient(actor, clientId) {
      try {
        await services.relationship.getClient(actor, clientId)
        return true
      } catch (error) {
        if (isDomainError(error) && error.code === 'relationship.client_not_found') return false
        throw error
      }
    },
  }
}

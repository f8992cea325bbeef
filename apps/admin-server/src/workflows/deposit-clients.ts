import { isDomainError } from '@strongroom/kernel'
import type { ClientType } from '@strongroom/ledger'
import type { Services } from '../services.js'

/**
 * What the deposit engine needs to know about a client, from the
 * relationship domain: that the client exists, and whether an individual or
 * an institution (minimum amounts differ). Read bank-wide: who may see the
 * client is checked by the route, on the client's accounts.
 */
export function depositClientsFrom(services: Pick<Services, 'relationship'>) {
  const bankWide = { staffId: 'deposit-engine', roles: ['admin'] as const }
  return async function clientTypeOf(clientId: string): Promise<ClientType | undefined> {
    try {
      return (await services.relationship.getClient(bankWide, clientId)).kind
    } catch (error) {
      if (isDomainError(error) && error.code === 'relationship.client_not_found') return undefined
      throw error
    }
  }
}

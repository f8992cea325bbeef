import { isDomainError } from '@strongroom/kernel'
import type { ClientDirectory, ClientToScreen } from '@strongroom/compliance'
import type { Client, RelationshipService } from '@strongroom/relationship'

const toScreen = (c: Client): ClientToScreen => ({
  id: c.id, kind: c.kind, legalName: c.legalName, nativeName: c.nativeName, birthOrRegistrationDate: c.birthOrRegistrationDate, country: c.country,
})

/** The relationship domain's clients, read bank-wide, as screening needs them. */
export function screeningClientsFrom(services: { readonly relationship: RelationshipService }): ClientDirectory {
  const bankWide = { staffId: 'screening', roles: ['admin'] as const }
  return {
    async findClient(id) {
      try {
        return toScreen(await services.relationship.getClient(bankWide, id))
      } catch (error) {
        if (isDomainError(error) && error.code === 'relationship.client_not_found') return undefined
        throw error
      }
    },
    async listClients(page) {
      const found = await services.relationship.listClients(bankWide, {}, page)
      return { items: found.items.map(toScreen), nextCursor: found.nextCursor }
    },
  }
}

import type { FastifyBaseLogger } from 'fastify'
import type { Actor } from '@strongroom/kernel'
import type { Client } from '@strongroom/relationship'
import type { ClientChange } from '@strongroom/relationship/fastify'
import type { Services } from '../services.js'

/**
 * Screens a client when they are onboarded and whenever their name changes,
 * through the relationship routes' `onClientChanged`: after the change, before
 * the answer goes out — so when the caller has the client, the screening is on
 * record (`GET /v1/clients/{id}/screening`) and any hit has opened an alert. A
 * screening that fails is logged and does not undo the client change (the next
 * list import screens every client).
 */
export function screenOnClientChange(services: Pick<Services, 'watchlists'>, log: FastifyBaseLogger) {
  return async function onClientChanged(client: Client, change: ClientChange, actor: Actor): Promise<void> {
    try {
      await services.watchlists.screenClient(client.id, change === 'created' ? 'onboarding' : 'name-change', actor.staffId)
    } catch (error) {
      log.error({ err: error, clientId: client.id }, 'screening after a client change failed')
    }
  }
}

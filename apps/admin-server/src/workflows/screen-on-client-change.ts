import type { FastifyInstance } from 'fastify'
import type { Services } from '../services.js'

/**
 * Screens a client when they are onboarded and whenever their name changes:
 * after `POST /v1/clients` and after a `PATCH /v1/clients/{id}` that touched
 * a name has succeeded, before the answer goes out — so when the caller has
 * the client, the screening is on record (`GET /v1/clients/{id}/screening`)
 * and any hit has opened an alert. A screening that fails is logged and does
 * not undo the client change (the next list import screens every client).
 */
export function screenOnClientChange(app: FastifyInstance, services: Pick<Services, 'watchlists'>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url
    let work: { clientId: string; reason: 'onboarding' | 'name-change' } | undefined
    if (request.method === 'POST' && route === '/v1/clients' && reply.statusCode === 201 && typeof payload === 'string') {
      const id = (JSON.parse(payload) as { id?: unknown }).id
      if (typeof id === 'string') work = { clientId: id, reason: 'onboarding' }
    }
    const body = request.body as Record<string, unknown> | undefined
    if (request.method === 'PATCH' && route === '/v1/clients/:id' && reply.statusCode === 200 && body && ('legalName' in body || 'nativeName' in body)) {
      work = { clientId: (request.params as { id: string }).id, reason: 'name-change' }
    }
    if (work) {
      try {
        await services.watchlists.screenClient(work.clientId, work.reason, request.actor?.staffId ?? 'system')
      } catch (error) {
        request.log.error({ err: error, clientId: work.clientId }, 'screening after a client change failed')
      }
    }
    return payload
  })
}

import type { FastifyRequest } from 'fastify'
import type { Actor, RouteAccess } from '../actor.js'
import { DomainError } from '../domain-error.js'

/**
 * What the server's infrastructure plugins attach to each route and request,
 * declared once so every domain's route plugin speaks the same language.
 */
export interface RouteAudit {
  /** The kind of entity the route changes (`client`, `staff`, `transfer`). */
  readonly entity: string
  /** The route parameter holding the entity id; otherwise the `id` of the response body. */
  readonly idParam?: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; checked by the server before the handler runs. */
    access?: RouteAccess
    /** What the audit log records for a mutation through this route. */
    audit?: RouteAudit
    /**
     * `domain`: the route stores its Idempotency-Key itself, in the same
     * transaction as its writes (the ledger does), so the generic layer stands aside.
     */
    idempotency?: 'domain'
  }
  interface FastifyRequest {
    /** The authenticated staff member; absent only on public routes. */
    actor?: Actor
  }
}

/** The actor of an authenticated route. The server guarantees it exists. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('common.forbidden', 'this route needs an authenticated staff member')
  return request.actor
}

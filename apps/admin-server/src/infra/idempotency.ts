import { sha256 } from './sha256.js'
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import type { IdempotencyStore } from '../platform/idempotency-store.js'
import { sendProblem } from './problem-details.js'

export interface IdempotencyOptions {
  readonly store: IdempotencyStore
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Response fields never stored for replay (secrets shown once). */
    idempotencyRedact?: readonly string[]
  }
  interface FastifyRequest {
    idempotencyKey?: string
  }
}

const validKey = /^[\x21-\x7e]{1,255}$/

/** Canonical JSON: key order does not change the fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function fingerprintOf(request: FastifyRequest): string {
  return sha256(`${request.method} ${request.url}\n${canonical(request.body ?? null)}`)
}

function redact(payload: string, fields: readonly string[]): string {
  try {
    const body = JSON.parse(payload) as Record<string, unknown>
    for (const field of fields) delete body[field]
    return JSON.stringify(body)
  } catch {
    return payload
  }
}

/**
 * `Idempotency-Key` on every mutating POST: the same key with the same
 * request returns the stored response (marked `Idempotent-Replayed: true`);
 * with a different request, 409. Keys are scoped to the caller.
 */
export const idempotencyPlugin = fp<IdempotencyOptions>(
  async (app, { store }) => {
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST' || !request.actor) return
      const key = request.headers['idempotency-key']
      if (key === undefined) return
      if (typeof key !== 'string' || !validKey.test(key)) return sendProblem(reply, request, 'idempotency.invalid_key')
      // The route keeps the key itself, in the transaction that does the work.
      if (request.routeOptions.config?.idempotency === 'domain') return
      const reservation = await store.reserve(request.actor.staffId, key, fingerprintOf(request))
      switch (reservation.kind) {
        case 'reserved':
          request.idempotencyKey = key
          return
        case 'mismatch':
          return sendProblem(reply, request, 'idempotency.key_reused', {
            detail: 'this key was first used with a different request; use a new key for a new request',
          })
        case 'in_progress':
          reply.header('retry-after', '1')
          return sendProblem(reply, request, 'idempotency.in_progress')
        case 'replay':
          return reply
            .code(reservation.response.statusCode)
            .header('idempotent-replayed', 'true')
            .type(reservation.response.contentType)
            .serializer((p: unknown) => p as string)
            .send(reservation.response.body)
      }
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.idempotencyKey
      if (!key || !request.actor) return payload
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        // Nothing trustworthy to replay: free the key so the caller may retry.
        await store.release(request.actor.staffId, key)
        return payload
      }
      const fields = request.routeOptions.config?.idempotencyRedact ?? []
      await store.complete(request.actor.staffId, key, {
        statusCode: reply.statusCode,
        body: fields.length ? redact(payload, fields) : payload,
        contentType: String(reply.getHeader('content-type') ?? 'application/json'),
      })
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['auth'] },
)

import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import type { AuditLog, AuditOutcome } from '../platform/audit-log.js'
import { isMutation } from './auth.js'

export interface AuditOptions {
  readonly audit: AuditLog
}

function entityIdOf(request: FastifyRequest, payload: unknown, statusCode: number): string | null {
  const audit = request.routeOptions.config?.audit
  const params = request.params as Record<string, unknown> | undefined
  // The id as the caller sent it, valid or not; PostgreSQL text cannot hold NUL, so it is replaced.
  if (audit?.idParam && typeof params?.[audit.idParam] === 'string') return (params[audit.idParam] as string).replace(/\u0000/g, '\ufffd')
  if (statusCode < 300 && typeof payload === 'string' && payload.startsWith('{')) {
    try {
      const id = (JSON.parse(payload) as { id?: unknown }).id
      return typeof id === 'string' ? id : null
    } catch {
      return null
    }
  }
  return null
}

function errorCodeOf(payload: unknown, statusCode: number): string | null {
  if (statusCode < 400 || typeof payload !== 'string') return null
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code
    return typeof code === 'string' ? code : null
  } catch {
    return null
  }
}

/**
 * Every mutating request that reaches a route is written to the append-only
 * audit log before its response leaves: actor, action, entity, request id,
 * time and outcome — refused and failed attempts included.
 */
export const auditPlugin = fp<AuditOptions>(
  async (app, { audit }) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!isMutation(request.method) || request.routeOptions.url === undefined) return payload
      const config = request.routeOptions.config
      if (config?.access === 'public') return payload
      const statusCode = reply.statusCode
      const outcome: AuditOutcome =
        reply.getHeader('idempotent-replayed') === 'true' ? 'replayed'
        : statusCode >= 500 ? 'failed'
        : statusCode >= 400 ? 'rejected'
        : 'succeeded'
      await audit.record({
        actorId: request.actor?.staffId ?? null,
        action: request.routeOptions.schema?.operationId ?? `${request.method} ${request.routeOptions.url}`,
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        entityType: config?.audit?.entity ?? null,
        entityId: entityIdOf(request, payload, statusCode),
        requestId: String(request.id),
        outcome,
        statusCode,
        errorCode: errorCodeOf(payload, statusCode),
      })
      return payload
    })
  },
  { name: 'audit', dependencies: ['auth'] },
)

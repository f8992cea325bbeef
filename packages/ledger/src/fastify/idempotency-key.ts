import type { FastifyRequest } from 'fastify'
import { DomainError, type Actor } from '@strongroom/kernel'

/**
 * The caller's Idempotency-Key, scoped to the caller, for the ledger to store
 * in the same transaction as its postings (routes marked `idempotency: 'domain'`).
 */
export function idempotencyKeyOf(req: FastifyRequest, actor: Actor): string | undefined {
  const key = req.headers['idempotency-key']
  if (key === undefined) return undefined
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new DomainError('common.invalid_input', 'Idempotency-Key must be 1–255 visible ASCII characters')
  }
  return `${actor.staffId}:${key}`
}

import type { Kysely } from 'kysely'
import type { Clock } from '@strongroom/kernel'
import type { PlatformTables } from './tables.js'

export interface StoredResponse {
  readonly statusCode: number
  readonly body: string
  readonly contentType: string
}

export type Reservation =
  | { readonly kind: 'reserved' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' }

/**
 * Idempotency keys, scoped per actor. The first request with a key reserves
 * it under the primary key (so two racing requests cannot both run); the
 * response is stored when the request completes; a later request with the
 * same key and the same fingerprint gets that response back.
 */
/** How long a request may hold its key before a retry may take it over. */
export const inProgressLeaseMs = 5 * 60_000

export function createIdempotencyStore(db: Kysely<PlatformTables>, clock: Clock, ttlHours: number) {
  return {
    async reserve(actorId: string, key: string, fingerprint: string): Promise<Reservation> {
      const now = clock.now()
      // A key past its retention is free again.
      await db.deleteFrom('platform.idempotency_key')
        .where('actor_id', '=', actorId).where('key', '=', key).where('expires_at', '<', now).execute()
      const inserted = await db
        .insertInto('platform.idempotency_key')
        .values({
          actor_id: actorId, key, fingerprint, state: 'in_progress', status_code: null, response_body: null, content_type: null,
          created_at: now, expires_at: new Date(now.getTime() + ttlHours * 3_600_000),
        })
        .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst()
      if (inserted) return { kind: 'reserved' }
      const existing = await db.selectFrom('platform.idempotency_key').selectAll()
        .where('actor_id', '=', actorId).where('key', '=', key).executeTakeFirst()
      if (!existing) return this.reserve(actorId, key, fingerprint) // released meanwhile: try again
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' }
      if (existing.state === 'in_progress' || existing.status_code === null) {
        // A request that died mid-way (a crash, a lost connection) must not pin its key until it
        // expires: after the lease the caller may try again. Routes whose writes are idempotent in
        // their own right (the ledger) keep their keys with their writes and never reach this.
        const taken = await db.updateTable('platform.idempotency_key').set({ created_at: now })
          .where('actor_id', '=', actorId).where('key', '=', key).where('state', '=', 'in_progress')
          .where('created_at', '<', new Date(now.getTime() - inProgressLeaseMs))
          .returning('key').executeTakeFirst()
        return taken ? { kind: 'reserved' } : { kind: 'in_progress' }
      }
      return {
        kind: 'replay',
        response: { statusCode: existing.status_code, body: existing.response_body ?? '', contentType: existing.content_type ?? 'application/json' },
      }
    },

    async complete(actorId: string, key: string, response: StoredResponse): Promise<void> {
      await db.updateTable('platform.idempotency_key')
        .set({ state: 'completed', status_code: response.statusCode, response_body: response.body, content_type: response.contentType })
        .where('actor_id', '=', actorId).where('key', '=', key).execute()
    },

    /** Frees a key whose request failed unexpectedly, so the caller can retry. */
    async release(actorId: string, key: string): Promise<void> {
      await db.deleteFrom('platform.idempotency_key').where('actor_id', '=', actorId).where('key', '=', key)
        .where('state', '=', 'in_progress').execute()
    },

    async purgeExpired(): Promise<number> {
      const result = await db.deleteFrom('platform.idempotency_key').where('expires_at', '<', clock.now()).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>

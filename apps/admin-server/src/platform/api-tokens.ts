import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '@strongroom/kernel'
import { sha256 } from '../infra/sha256.js'
import type { PlatformTables } from './tables.js'

/** A token as the directory shows it: never the secret, never its hash. */
export interface TokenRecord {
  readonly id: string
  readonly staffId: string
  readonly label: string
  readonly prefix: string
  readonly createdAt: Date
  readonly expiresAt: Date | null
  readonly revokedAt: Date | null
  readonly revocationReason: string | null
}

/** A token just issued: its record and, this once, the bearer token itself (only its hash is kept). */
export type IssuedToken = Omit<TokenRecord, 'revokedAt' | 'revocationReason'> & { readonly token: string }

export interface TokenOwner {
  readonly tokenId: string
  readonly staffId: string
  readonly expiresAt: Date | null
}

const tokenPrefix = 'srt_'

/** Tokens carry 256 bits of entropy, so a fast hash is enough; the plain token never reaches the database. */
export const hashToken = sha256

export function newTokenSecret(): string {
  return tokenPrefix + randomBytes(32).toString('base64url')
}

export function createApiTokens(db: Kysely<PlatformTables>, clock: Clock, ids: IdGenerator) {
  return {
    /** Issues a token for a staff member. `secret` is for operator-supplied tokens (STRONGROOM_ADMIN_TOKEN). */
    async issue(input: { staffId: string; label: string; createdBy: string | null; expiresAt?: Date | null; secret?: string }): Promise<IssuedToken> {
      const token = input.secret ?? newTokenSecret()
      const row = {
        id: ids.next(),
        staff_id: input.staffId,
        token_hash: hashToken(token),
        token_prefix: token.slice(0, 8),
        label: input.label,
        created_by: input.createdBy,
        created_at: clock.now(),
        expires_at: input.expiresAt ?? null,
        revoked_at: null,
        revocation_reason: null,
      }
      await db.insertInto('platform.api_token').values(row).execute()
      return {
        id: row.id, staffId: row.staff_id, label: row.label, prefix: row.token_prefix,
        createdAt: row.created_at, expiresAt: row.expires_at, token,
      }
    },

    /** The owner of a live token, or undefined for an unknown, revoked or expired one. */
    async authenticate(token: string): Promise<TokenOwner | undefined> {
      const row = await db
        .selectFrom('platform.api_token')
        .select(['id', 'staff_id', 'expires_at', 'revoked_at'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst()
      if (!row || row.revoked_at !== null) return undefined
      if (row.expires_at !== null && row.expires_at.getTime() <= clock.now().getTime()) return undefined
      return { tokenId: row.id, staffId: row.staff_id, expiresAt: row.expires_at }
    },

    async listFor(staffId: string): Promise<TokenRecord[]> {
      const rows = await db.selectFrom('platform.api_token')
        .select(['id', 'staff_id', 'label', 'token_prefix', 'created_at', 'expires_at', 'revoked_at', 'revocation_reason'])
        .where('staff_id', '=', staffId).orderBy('id').execute()
      return rows.map((r) => ({
        id: r.id, staffId: r.staff_id, label: r.label, prefix: r.token_prefix,
        createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, revocationReason: r.revocation_reason,
      }))
    },

    /** Revokes a token at once; revoking twice keeps the first time. Undefined when the staff member has no such token. */
    async revoke(staffId: string, tokenId: string, reason: string): Promise<TokenRecord | undefined> {
      await db.updateTable('platform.api_token').set({ revoked_at: clock.now(), revocation_reason: reason })
        .where('id', '=', tokenId).where('staff_id', '=', staffId).where('revoked_at', 'is', null).execute()
      return (await this.listFor(staffId)).find((t) => t.id === tokenId)
    },

    async exists(token: string): Promise<boolean> {
      const row = await db.selectFrom('platform.api_token').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirst()
      return row !== undefined
    },
  }
}

export type ApiTokens = ReturnType<typeof createApiTokens>

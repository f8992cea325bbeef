import type { StaffRole } from '@strongroom/kernel'

export interface TrustedToken {
  readonly staffId: string
  readonly roles: readonly StaffRole[]
  readonly until: number
  readonly tokenExpiresAt: number
}

const maxEntries = 10_000

/**
 * Tokens verified against the database in the last few seconds, by hash.
 * Auth reads it to skip the lookups; the rate limiter reads it to give a
 * known token its own bucket — an unknown one (a flood of made-up tokens)
 * shares its address's bucket instead of getting a fresh one each time.
 */
export function createTrustedTokens(ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<string, TrustedToken>()
  return {
    ttlMs,
    get(hash: string): TrustedToken | undefined {
      const hit = entries.get(hash)
      const t = now()
      if (hit && hit.until > t && hit.tokenExpiresAt > t) return hit
      if (hit) entries.delete(hash)
      return undefined
    },
    remember(hash: string, staffId: string, roles: readonly StaffRole[], tokenExpiresAt: Date | null): void {
      if (ttlMs <= 0) return
      if (entries.size >= maxEntries) entries.clear()
      entries.set(hash, { staffId, roles, until: now() + ttlMs, tokenExpiresAt: tokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY })
    },
    clear(): void {
      entries.clear()
    },
  }
}

export type TrustedTokens = ReturnType<typeof createTrustedTokens>

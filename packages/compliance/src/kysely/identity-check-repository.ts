import { sql, type Kysely } from 'kysely'
import type { IdentityCheck, IdentityCheckStore } from '../core/index.js'

/** Identity checks (append-only) on PostgreSQL (or PGlite), in the `compliance` schema. */
export function createKyselyIdentityCheckStore(db: Kysely<any>): IdentityCheckStore {
  return {
    async insertIdentityCheck(c) {
      await sql`insert into compliance.identity_check (id, client_id, method, purpose, verified_by, verified_at)
        values (${c.id}::uuid, ${c.clientId}::uuid, ${c.method}, ${c.purpose}, ${c.verifiedBy}, ${c.verifiedAt})`.execute(db)
    },
    async latestIdentityCheck(clientId, since) {
      const { rows } = await sql<Record<string, any>>`select * from compliance.identity_check
        where client_id = ${clientId}::uuid and verified_at >= ${since} order by verified_at desc limit 1`.execute(db)
      const r = rows[0]
      return r ? ({ id: r.id, clientId: r.client_id, method: r.method, purpose: r.purpose, verifiedBy: r.verified_by, verifiedAt: new Date(r.verified_at) } as IdentityCheck) : undefined
    },
  }
}

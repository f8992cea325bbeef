import { sql, type Kysely } from 'kysely'

export interface DataExportStore {
  saveExport(approvalId: string, clientId: string, document: Readonly<Record<string, unknown>>, at: Date): Promise<void>
  findExport(approvalId: string): Promise<{ clientId: string; document: Record<string, unknown>; createdAt: Date } | undefined>
}

/** Subject-access exports, kept under the approval that released them. */
export function createKyselyDataExportStore(db: Kysely<any>): DataExportStore {
  return {
    async saveExport(approvalId, clientId, document, at) {
      await sql`insert into compliance.data_export (approval_id, client_id, document, created_at)
        values (${approvalId}::uuid, ${clientId}::uuid, ${JSON.stringify(document)}::jsonb, ${at}) on conflict (approval_id) do nothing`.execute(db)
    },
    async findExport(approvalId) {
      const { rows } = await sql<Record<string, any>>`select client_id, document, created_at from compliance.data_export where approval_id = ${approvalId}::uuid`.execute(db)
      const row = rows[0]
      return row ? { clientId: row.client_id, document: typeof row.document === 'string' ? JSON.parse(row.document) : row.document, createdAt: new Date(row.created_at) } : undefined
    },
  }
}

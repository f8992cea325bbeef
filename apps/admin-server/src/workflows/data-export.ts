import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { toMoneyJson, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, problemResponses } from '@strongroom/kernel/fastify'
import { ComplianceError } from '@strongroom/compliance'
import type { DataExportStore } from '@strongroom/compliance/kysely'
import { formatCalendarDate } from '@strongroom/ledger'
import type { Services } from '../services.js'

type Deps = Pick<Services, 'relationship' | 'kyc' | 'ledger' | 'deposits' | 'approvals' | 'clock'> & { readonly dataExports: DataExportStore }

const bankWide = { staffId: 'data-export', roles: ['admin'] as const }

/**
 * Subject access (issue 5): everything held about a client, in one
 * machine-readable file, released only through maker-checker (`data.export`).
 * It is assembled from what the client may see — their record, KYC, accounts
 * with their entries, deposits — and from nothing else: suspicious reports,
 * their cases, screening hits and regulatory reports are never read here, so
 * no trace of them can leave (tipping off is an offence).
 */
export function registerDataExport(services: Deps): void {
  services.approvals.executors['data.export'] = async (payload, approval) => {
    const clientId = String(payload.clientId)
    const document = await assemble(services, clientId)
    await services.dataExports.saveExport(approval.id, clientId, document, services.clock.now())
    return { exportId: approval.id }
  }
}

async function assemble(services: Deps, clientId: string): Promise<Record<string, unknown>> {
  const client = await services.relationship.getClient(bankWide, clientId)
  const kyc = await services.kyc.getKyc(clientId)
  const accounts = []
  let cursor: string | undefined
  do {
    const page = await services.ledger.listAccounts({ clientId }, { limit: 200, cursor })
    for (const state of page.items) {
      const entries = []
      let entryCursor: string | undefined
      do {
        const listed = await services.ledger.listEntries(state.account.id, { limit: 200, cursor: entryCursor })
        entries.push(...listed.items.map((e) => ({ transferId: e.transferId, direction: e.direction, amount: toMoneyJson(e.amount), postedAt: e.postedAt.toISOString() })))
        entryCursor = listed.nextCursor ?? undefined
      } while (entryCursor !== undefined)
      accounts.push({ id: state.account.id, name: state.account.name, currency: state.account.currency, status: state.account.status, entries })
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  const deposits = []
  let depositCursor: string | undefined
  do {
    const page = await services.deposits.listDeposits({ clientId }, { limit: 200, cursor: depositCursor })
    deposits.push(...page.items.map((d) => ({
      id: d.id, kind: d.kind, principal: toMoneyJson(d.principal), tenor: d.tenor, openedOn: formatCalendarDate(d.openedOn),
      maturity: d.maturity ? formatCalendarDate(d.maturity) : null, annualRate: d.annualRate, status: d.status,
    })))
    depositCursor = page.nextCursor ?? undefined
  } while (depositCursor !== undefined)
  return {
    format: 'strongroom-subject-access/1', generatedAt: services.clock.now().toISOString(),
    client: { ...client, createdAt: client.createdAt.toISOString(), updatedAt: client.updatedAt.toISOString() },
    kyc: { status: kyc.status, riskRating: kyc.riskRating, documents: kyc.documents, sourceOfWealth: kyc.sourceOfWealth, sourceOfFunds: kyc.sourceOfFunds, verification: kyc.verification },
    accounts, deposits,
  }
}

const makers: readonly StaffRole[] = ['admin', 'compliance_officer', 'relationship_manager', 'operations']
const readers: readonly StaffRole[] = ['admin', 'compliance_officer']

export const dataExportRoutes: FastifyPluginAsyncZod<{ services: Deps }> = async (app, { services }) => {
  app.post('/clients/:id/data-export', {
    config: { access: makers, audit: { entity: 'client', idParam: 'id' } },
    schema: {
      operationId: 'requestDataExport', tags: ['data-protection'],
      summary: 'Ask for a subject-access export of everything held about the client; it is produced when a compliance checker approves',
      params: idParams, body: z.object({}).strict().meta({ id: 'DataExportRequest' }),
      response: { 202: z.object({ approvalId: z.string(), status: z.string(), expiresAt: z.string() }).meta({ id: 'DataExportPending' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const client = await services.relationship.getClient(actorOf(req), req.params.id)
    const request = await services.approvals.submit({
      action: 'data.export', entityType: 'client', entityId: client.id, amount: null, summary: `Subject-access export for client ${client.id}`, payload: { clientId: client.id },
    }, actorOf(req))
    return reply.code(202).send({ approvalId: request.id, status: request.status, expiresAt: request.expiresAt })
  })

  app.get('/data-exports/:id', {
    config: { access: readers },
    schema: {
      operationId: 'getDataExport', tags: ['data-protection'], summary: 'A released subject-access export (by its approval id)', params: idParams,
      response: { 200: z.record(z.string(), z.unknown()).meta({ id: 'DataExport' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const found = await services.dataExports.findExport(req.params.id)
    if (!found) throw new ComplianceError('compliance.approval_not_found', `no released export ${req.params.id}`)
    return found.document
  })
}

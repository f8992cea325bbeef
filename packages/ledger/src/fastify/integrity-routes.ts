import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffRole } from '@strongroom/kernel'
import { problemResponses } from '@strongroom/kernel/fastify'
import { chainBreaks } from '../core/index.js'

export interface TrialBalanceLine {
  readonly currency: string
  readonly debits: string
  readonly credits: string
  readonly balanced: boolean
}

export interface JournalReport {
  readonly ok: boolean
  readonly verified: number
  readonly unsealed: number
  readonly headSequence: string | null
  readonly firstBrokenSequence?: string | undefined
  readonly reason?: (typeof chainBreaks)[number] | undefined
  readonly detail?: string | undefined
}

/** What the integrity routes read; the server wires them to SQL aggregates and the sealer. */
export interface LedgerIntegrity {
  trialBalance(): Promise<TrialBalanceLine[]>
  verifyJournal(): Promise<JournalReport>
}

export interface IntegrityRoutesOptions {
  readonly integrity: LedgerIntegrity
  readonly auditors: readonly StaffRole[]
}

const trialBalanceSchema = z
  .object({
    balanced: z.boolean(),
    currencies: z.array(z.object({
      currency: z.string(),
      debits: z.string().describe('Total posted debits, major units'),
      credits: z.string().describe('Total posted credits, major units'),
      balanced: z.boolean(),
    })),
  })
  .meta({ id: 'TrialBalance' })

const journalVerificationSchema = z
  .object({
    ok: z.boolean(),
    verified: z.number().int().describe('Sealed entries whose hash was recomputed'),
    unsealed: z.number().int().describe('Entries posted but not sealed yet'),
    headSequence: z.string().nullable(),
    firstBrokenSequence: z.string().optional(),
    reason: z.enum(chainBreaks).optional(),
    detail: z.string().optional(),
  })
  .meta({ id: 'JournalVerification' })

export const integrityRoutes: FastifyPluginAsyncZod<IntegrityRoutesOptions> = async (app, { integrity, auditors }) => {
  app.get('/ledger/trial-balance', {
    config: { access: auditors },
    schema: {
      operationId: 'getTrialBalance', tags: ['ledger'], summary: 'Per currency: total debits equal total credits',
      response: { 200: trialBalanceSchema, ...problemResponses(401, 403) },
    },
  }, async () => {
    const currencies = await integrity.trialBalance()
    return { balanced: currencies.every((c) => c.balanced), currencies }
  })

  app.get('/journal/verify', {
    config: { access: auditors },
    schema: {
      operationId: 'verifyJournal', tags: ['ledger'],
      summary: 'Recompute the hash chain of the sealed journal and report the first broken link',
      response: { 200: journalVerificationSchema, ...problemResponses(401, 403) },
    },
  }, async () => integrity.verifyJournal())
}

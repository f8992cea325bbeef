import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { toMoneyJson, uuidv7, staffRoles, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, isoDateSchema, moneySchema, problemResponses } from '@strongroom/kernel/fastify'
import {
  accountKinds, channels, directions, normalBalances, renderStatementCamt053, renderStatementCsv, statementPeriodProblem, transferKinds,
  type LedgerService, type Statement,
} from '../core/index.js'
import { renderStatementPdf } from './statement-pdf.js'
import { accountNotFound, canSeeAccount, everyoneSeesEverything, type LedgerVisibility } from './visibility.js'

export interface StatementRoutesOptions {
  readonly ledger: LedgerService
  /** Book scoping; default: every role sees every account. */
  readonly visibility?: LedgerVisibility | undefined
  /** A TrueType font (path) for PDF statements: needed for Chinese names and references. */
  readonly pdfFont?: string | undefined
}

export const statementFormats = ['json', 'csv', 'pdf', 'camt053'] as const
export type StatementFormat = (typeof statementFormats)[number]

const everyone: readonly StaffRole[] = staffRoles

const instant = z.iso.datetime({ offset: true })

export const statementQuery = z
  .object({
    from: isoDateSchema.describe('First day of the period (UTC), included'),
    to: isoDateSchema.describe('Last day of the period (UTC), included; at most 366 days after `from`, counting both'),
    format: z.enum(statementFormats).default('json').describe('json, csv (RFC 4180), pdf, or camt053 (ISO 20022 camt.053.001.08 XML)'),
  })
  .superRefine((query, ctx) => {
    const problem = statementPeriodProblem(query)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: problem })
  })

export const statementLineSchema = z
  .object({
    entryId: z.string(),
    transferId: z.string(),
    accountSequence: z.string().describe('Position among the account’s entries (an int8, as a string)'),
    postedAt: instant,
    direction: z.enum(directions),
    amount: moneySchema.describe('Signed from the account holder’s view: + grows the balance, − shrinks it'),
    balance: moneySchema.describe('The running balance once this line applied'),
    reference: z.string().nullable(),
    counterpartyName: z.string().nullable(),
    transferKind: z.enum(transferKinds).nullable(),
    channel: z.enum(channels).nullable(),
  })
  .meta({ id: 'AccountStatementLine' })

export const statementSchema = z
  .object({
    account: z.object({
      id: z.string(),
      name: z.string(),
      currency: z.string(),
      kind: z.enum(accountKinds),
      normalBalance: z.enum(normalBalances),
    }),
    period: z.object({ from: isoDateSchema, to: isoDateSchema }),
    generatedAt: instant,
    opening: moneySchema.describe('The posted balance just before the period'),
    closing: moneySchema.describe('The posted balance at the end of the period: opening plus every line'),
    totals: z.object({
      count: z.number().int(),
      credits: moneySchema.describe('Sum of the credit entries'),
      debits: moneySchema.describe('Sum of the debit entries'),
    }),
    lines: z.array(statementLineSchema),
  })
  .meta({ id: 'AccountStatement' })

export function toStatementDto(statement: Statement): z.output<typeof statementSchema> {
  return {
    account: { ...statement.account },
    period: { ...statement.period },
    generatedAt: statement.generatedAt.toISOString(),
    opening: toMoneyJson(statement.opening),
    closing: toMoneyJson(statement.closing),
    totals: {
      count: statement.totals.count,
      credits: toMoneyJson(statement.totals.credits),
      debits: toMoneyJson(statement.totals.debits),
    },
    lines: statement.lines.map((line) => ({
      entryId: line.entryId,
      transferId: line.transferId,
      accountSequence: line.accountSequence.toString(),
      postedAt: line.postedAt.toISOString(),
      direction: line.direction,
      amount: toMoneyJson(line.amount),
      balance: toMoneyJson(line.balance),
      reference: line.reference,
      counterpartyName: line.counterpartyName,
      transferKind: line.transferKind,
      channel: line.channel,
    })),
  }
}

const files = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  camt053: { contentType: 'application/xml; charset=utf-8', extension: 'xml' },
} as const satisfies Record<Exclude<StatementFormat, 'json'>, { contentType: string; extension: string }>

/**
 * `GET /accounts/{id}/statement`: an account statement for whole UTC days,
 * as JSON or as a file to download (CSV, PDF, camt.053). Every role may read
 * it; the ledger plugin that registers this one narrows relationship
 * managers to their book.
 */
export const statementRoutes: FastifyPluginAsyncZod<StatementRoutesOptions> = async (app, { ledger, visibility = everyoneSeesEverything, pdfFont }) => {
  app.get('/accounts/:id/statement', {
    config: { access: everyone },
    schema: {
      operationId: 'getAccountStatement',
      tags: ['ledger'],
      summary: 'An account statement: opening balance, every entry with its running balance, closing balance',
      description:
        'The period is whole UTC days, `from` and `to` included, at most 366 days. `format` chooses the answer: JSON (default), ' +
        'CSV (RFC 4180, formula-safe), PDF (A4), or an ISO 20022 camt.053.001.08 BankToCustomerStatement. Files come with ' +
        '`Content-Disposition: attachment`. A period holding more than 100,000 entries is refused (422): ask for a shorter one.',
      params: idParams,
      querystring: statementQuery,
      response: {
        200: {
          description: 'The statement, in the format asked for',
          content: {
            'application/json': { schema: statementSchema },
            'text/csv': { schema: z.string().describe('RFC 4180 CSV: header, opening row, one row per entry, closing row') },
            'application/pdf': { schema: z.string().meta({ format: 'binary' }).describe('An A4 PDF statement') },
            'application/xml': { schema: z.string().describe('ISO 20022 camt.053.001.08 BankToCustomerStatement') },
          },
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    },
  }, async (req, reply) => {
    const { from, to, format } = req.query
    const account = await ledger.getAccount(req.params.id)
    if (!(await canSeeAccount(visibility, actorOf(req), account.account))) throw accountNotFound(req.params.id)
    const statement = await ledger.statement(req.params.id, { from, to })
    reply.header('cache-control', 'no-store')
    if (format === 'json') return reply.send(toStatementDto(statement))

    const file = files[format]
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="statement-${statement.account.id}-${from}-${to}.${file.extension}"`)
    // Strings and buffers with a non-JSON content type are sent as they are, never through the JSON serializer.
    if (format === 'csv') return reply.send(renderStatementCsv(statement))
    if (format === 'camt053') return reply.send(renderStatementCamt053(statement, { messageId: uuidv7() }))
    // The schema can only call the PDF a (binary) string; Fastify sends the Buffer's bytes as they are.
    return reply.send((await renderStatementPdf(statement, pdfFont ? { font: pdfFont } : {})) as unknown as string)
  })
}

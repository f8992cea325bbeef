import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { DomainError, type Actor, type Money, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, moneyFromJson, pageQuerySchema, pageSchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import {
  LedgerError, ledgerErrorCodes, type BatchItemResult, type LedgerService, type PostedTransfer, type PostOptions, type TransferRequest, type TransferWithEntries,
} from '../core/index.js'
import type { HotAccounts } from './hot-accounts.js'
import { idempotencyKeyOf } from './idempotency-key.js'
import { canSeeAccount, type LedgerVisibility } from './visibility.js'
import {
  postedTransferSchema, toPostedTransferDto, toTransferDto, toTransferHeaderDto, transferBody, transferHeaderSchema, transferSchema,
} from './schemas.js'

/** Posts one transfer. The server passes its workflow (compliance, risk); by default the ledger posts directly. */
/** A transfer the workflow did not post yet because a policy wants a checker first (maker-checker). */
export interface PendingApproval {
  readonly kind: 'pending-approval'
  readonly approvalId: string
  readonly summary: string
  readonly expiresAt: string
}
/** A transfer the workflow did not post: its amount is held on the debited account until a reviewer decides (risk monitoring). */
export interface HeldForReview {
  readonly kind: 'held-for-review'
  readonly holdId: string
  readonly caseId: string
  readonly summary: string
}
export type PostTransfer = (request: TransferRequest, options: PostOptions, actor: Actor) => Promise<PostedTransfer | PendingApproval | HeldForReview>

const pendingApprovalSchema = z.object({
  status: z.literal('pending-approval'),
  approvalId: z.string().describe('GET /v1/approvals/{id}: a checker approves it and the transfer posts then, once'),
  summary: z.string(),
  expiresAt: z.string(),
}).meta({ id: 'TransferPendingApproval' })

const heldForReviewSchema = z.object({
  status: z.literal('held-for-review'),
  holdId: z.string().describe('GET /v1/holds/{id}: the amount is reserved on the debited account'),
  caseId: z.string().describe('GET /v1/risk/cases/{id}: a false positive posts the transfer, a true positive releases the hold'),
  summary: z.string(),
}).meta({ id: 'TransferHeldForReview' })
/** Checks a batch before it posts (the transfer workflow's gates: KYC, screening); throws to refuse it whole. */
/**
 * The workflow's gates for transfers that post without `postTransfer` (batches, hold captures); throws to refuse.
 * It may return what to do once a batch has posted (risk records its decisions and aggregates), given each item's result.
 */
export type GuardTransfers = (requests: readonly TransferRequest[], actor: Actor) => Promise<void | ((results: readonly BatchItemResult[]) => Promise<void>)>
/** Checks that a client account may open for the client (compliance's KYC gate); throws to refuse. */
export type GuardAccountOpening = (clientId: string, actor: Actor) => Promise<void>

/**
 * Maker-checker for overdraft limits: `proceed` applies the change now;
 * `pending` names the approval request that will apply it. `accountId` is
 * null for a limit asked for at opening, before the account exists.
 */
export type OverdraftGate = (
  request: { readonly accountId: string | null; readonly limit: Money; readonly reason: string | null },
  actor: Actor,
) => Promise<{ readonly kind: 'proceed' } | PendingApproval>

export interface TransferRoutesOptions {
  readonly ledger: LedgerService
  readonly hotAmong: HotAccounts
  readonly postTransfer: PostTransfer
  readonly guardTransfers?: GuardTransfers | undefined
  readonly visibility: LedgerVisibility
  readonly readers: readonly StaffRole[]
  readonly operators: readonly StaffRole[]
}

const tags = ['ledger']
const maxBatch = 1000

/** Wire body → domain request: amounts become Money, checked against their currency. */
export function toTransferRequest(body: z.output<typeof transferBody>): TransferRequest {
  if ('entries' in body) {
    return { ...body, entries: body.entries.map((leg) => ({ ...leg, amount: moneyFromJson(leg.amount) })) }
  }
  return { ...body, amount: moneyFromJson(body.amount) }
}


const batchBody = z
  .object({
    mode: z.enum(['atomic', 'independent']).describe('`atomic`: all post or none; `independent`: each on its own, with a result per item'),
    transfers: z.array(transferBody).min(1).max(maxBatch),
  })
  .strict()
  .meta({ id: 'TransferBatchRequest' })

const batchItemSchema = z
  .object({
    index: z.number().int(),
    status: z.enum(['posted', 'rejected', 'failed']).describe('`failed`: an unexpected error; nothing posted for this item (see the server log)'),
    transferId: z.uuid().optional(),
    code: z.enum(ledgerErrorCodes).optional(),
    detail: z.string().optional(),
  })
  .meta({ id: 'TransferBatchItem' })

const batchResultSchema = z
  .object({ mode: z.enum(['atomic', 'independent']), posted: z.number().int(), rejected: z.number().int(), items: z.array(batchItemSchema) })
  .meta({ id: 'TransferBatchResult' })

export const transferRoutes: FastifyPluginAsyncZod<TransferRoutesOptions> = async (app, options) => {
  const { ledger, postTransfer, visibility, readers, operators, hotAmong } = options
  const hotOf = (t: TransferWithEntries) => hotAmong(t.entries.map((e) => e.accountId))

  /** The accounts of a transfer the actor may see: all of them, or for an RM only those in their book. */
  async function visibleAccountsOf(actor: Actor, accountIds: readonly string[]): Promise<Set<string>> {
    if (!visibility.scoped(actor)) return new Set(accountIds)
    const visible = new Set<string>()
    for (const id of new Set(accountIds)) {
      const state = await ledger.getAccount(id).catch(() => undefined)
      if (state && (await canSeeAccount(visibility, actor, state.account))) visible.add(id)
    }
    return visible
  }

  app.post('/transfers', {
    // The ledger stores the key with the postings, in one transaction: the generic layer stands aside.
    config: { access: operators, audit: { entity: 'transfer' }, idempotency: 'domain' },
    schema: {
      operationId: 'postTransfer', tags,
      summary: 'Post a transfer (simple or multi-leg); the response carries the balances of every account touched',
      body: transferBody,
      response: { 201: postedTransferSchema, 202: z.union([pendingApprovalSchema, heldForReviewSchema]), ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    const posted = await postTransfer(toTransferRequest(req.body), { idempotencyKey: idempotencyKeyOf(req, actor) }, actor)
    if ('kind' in posted && posted.kind === 'pending-approval') {
      return reply.code(202).send({ status: 'pending-approval' as const, approvalId: posted.approvalId, summary: posted.summary, expiresAt: posted.expiresAt })
    }
    if ('kind' in posted && posted.kind === 'held-for-review') {
      return reply.code(202).send({ status: 'held-for-review' as const, holdId: posted.holdId, caseId: posted.caseId, summary: posted.summary })
    }
    return reply.code(201).send(toPostedTransferDto(posted as PostedTransfer, await hotOf(posted as PostedTransfer)))
  })

  app.post('/transfers/batch', {
    config: { access: operators, audit: { entity: 'transfer_batch' } },
    schema: {
      operationId: 'postTransferBatch', tags, summary: `Post up to ${maxBatch} transfers, all-or-nothing or each on its own`,
      body: batchBody,
      response: { 200: batchResultSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const requests = req.body.transfers.map(toTransferRequest)
    // A batch takes no road round the transfer workflow's gates.
    const afterPosting = await options.guardTransfers?.(requests, actorOf(req))
    const results = await ledger.postBatch(requests, req.body.mode)
    if (afterPosting) await afterPosting(results)
    const items = results.map((r, index) => {
      if (r.kind === 'posted') return { index, status: 'posted' as const, transferId: r.transferId }
      if (r.kind === 'rejected') return { index, status: 'rejected' as const, code: r.code, detail: r.detail }
      req.log.error({ err: r.error, index }, 'batch item failed')
      return { index, status: 'failed' as const, detail: `see the server log for request ${String(req.id)}` }
    })
    const posted = items.filter((i) => i.status === 'posted').length
    return { mode: req.body.mode, posted, rejected: items.length - posted, items }
  })

  app.get('/transfers/:id', {
    config: { access: readers },
    schema: {
      operationId: 'getTransfer', tags, summary: 'One transfer with its entries',
      params: idParams,
      response: { 200: transferSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const found = await ledger.getTransfer(req.params.id)
    const visible = await visibleAccountsOf(actorOf(req), found.entries.map((e) => e.accountId))
    if (visible.size === 0) throw new LedgerError('ledger.transfer_not_found', `no transfer ${req.params.id}`)
    // An RM sees the legs on their own clients' accounts only: the other side's account and balance
    // belong to someone else's book (or to the bank).
    return toTransferDto({ ...found, entries: found.entries.filter((e) => visible.has(e.accountId)) }, await hotOf(found))
  })

  app.get('/transfers', {
    config: { access: readers },
    schema: {
      operationId: 'listTransfers', tags, summary: 'Transfers, optionally those touching one account',
      querystring: pageQuerySchema.extend({ accountId: z.uuid().optional() }),
      response: { 200: pageSchema(transferHeaderSchema).meta({ id: 'TransferPage' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    const { limit, cursor, accountId } = req.query
    if (visibility.scoped(actor)) {
      if (!accountId) throw new DomainError('common.invalid_input', 'relationship managers list transfers per account: pass accountId')
      const state = await ledger.getAccount(accountId)
      if (!(await canSeeAccount(visibility, actor, state.account))) throw new LedgerError('ledger.account_not_found', `no account ${accountId}`)
    }
    const page = await ledger.listTransfers({ accountId }, { limit, cursor })
    return { items: page.items.map(toTransferHeaderDto), nextCursor: page.nextCursor }
  })

  app.post('/transfers/:id/reversal', {
    config: { access: operators, audit: { entity: 'transfer', idParam: 'id' } },
    schema: {
      operationId: 'reverseTransfer', tags, summary: 'Post the mirror of a transfer, linked to it (at most once)',
      params: idParams,
      body: z.object({ reason: textSchema(500), reference: textSchema(140).optional() }).strict().meta({ id: 'ReversalRequest' }),
      response: { 201: postedTransferSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const posted = await ledger.reverseTransfer(req.params.id, {
      reference: req.body.reference, metadata: { reversalReason: req.body.reason },
    })
    return reply.code(201).send(toPostedTransferDto(posted, await hotOf(posted)))
  })
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Actor, StaffRole } from '@strongroom/kernel'
import { z } from 'zod'
import { actorOf, idParams, moneyFromJson, problemResponses } from '@strongroom/kernel/fastify'
import { LedgerError, type BatchItemResult, type LedgerService } from '../core/index.js'
import type { HotAccounts } from './hot-accounts.js'
import type { GuardTransfers } from './transfer-routes.js'
import { canSeeAccount, type LedgerVisibility } from './visibility.js'
import {
  captureBody, capturedSchema, holdSchema, holdWithBalanceSchema, newHoldBody, toBalanceAfterDto, toHoldDto, toPostedTransferDto,
} from './schemas.js'

export interface HoldRoutesOptions {
  readonly ledger: LedgerService
  readonly hotAmong: HotAccounts
  readonly visibility: LedgerVisibility
  readonly readers: readonly StaffRole[]
  /** Who may place and end holds: operations, and the control functions that freeze funds. */
  readonly holders: readonly StaffRole[]
  /** The transfer workflow's gates: a capture moves money out of the held account like a transfer does. */
  readonly guardTransfers?: GuardTransfers | undefined
}

const tags = ['ledger']

export const holdRoutes: FastifyPluginAsyncZod<HoldRoutesOptions> = async (app, { ledger, hotAmong, visibility, readers, holders, guardTransfers }) => {
  async function visibleHold(actor: Actor, id: string) {
    const hold = await ledger.getHold(id)
    const state = await ledger.getAccount(hold.accountId)
    if (!(await canSeeAccount(visibility, actor, state.account))) throw new LedgerError('ledger.hold_not_found', `no hold ${id}`)
    return hold
  }

  app.post('/holds', {
    config: { access: holders, audit: { entity: 'hold' } },
    schema: {
      operationId: 'placeHold', tags, summary: 'Reserve funds on an account (counts against the available balance)',
      body: newHoldBody,
      response: { 201: holdWithBalanceSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const { amount, expiresAt, ...rest } = req.body
    const result = await ledger.placeHold({ ...rest, amount: moneyFromJson(amount), expiresAt: expiresAt ? new Date(expiresAt) : null })
    return reply.code(201).send({ ...toHoldDto(result.hold), balance: toBalanceAfterDto(result.balanceAfter) })
  })

  app.get('/holds/:id', {
    config: { access: readers },
    schema: {
      operationId: 'getHold', tags, summary: 'One hold',
      params: idParams,
      response: { 200: holdSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => toHoldDto(await visibleHold(actorOf(req), req.params.id)))

  app.post('/holds/:id/capture', {
    config: { access: holders, audit: { entity: 'hold', idParam: 'id' } },
    schema: {
      operationId: 'captureHold', tags,
      summary: 'Settle a hold: post at most the held amount to an account; a partial capture releases the rest',
      params: idParams,
      body: captureBody,
      response: { 201: capturedSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const { amount, ...rest } = req.body
    let afterPosting: void | ((results: readonly BatchItemResult[]) => Promise<void>) = undefined
    if (guardTransfers) {
      // The capture as the transfer it is, through the same gates (KYC, maker-checker) as any transfer out.
      const hold = await ledger.getHold(req.params.id)
      const moved = amount ? moneyFromJson(amount) : hold.amount
      afterPosting = await guardTransfers([{ debitAccountId: hold.accountId, creditAccountId: rest.toAccountId, amount: moved, channel: rest.channel ?? 'transfer' }], actorOf(req))
    }
    const result = await ledger.captureHold(req.params.id, { ...rest, ...(amount ? { amount: moneyFromJson(amount) } : {}) })
    if (afterPosting) await afterPosting([{ kind: 'posted', transferId: result.posted.transfer.id }])
    const hot = await hotAmong(result.posted.entries.map((e) => e.accountId))
    return reply.code(201).send({ hold: toHoldDto(result.hold), transfer: toPostedTransferDto(result.posted, hot) })
  })

  app.post('/holds/:id/void', {
    config: { access: holders, audit: { entity: 'hold', idParam: 'id' } },
    schema: {
      operationId: 'voidHold', tags, summary: 'Release a hold without posting',
      params: idParams,
      body: z.object({}).strict().describe('An empty object: voiding takes no parameters').meta({ id: 'HoldVoid' }),
      response: { 200: holdWithBalanceSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const result = await ledger.voidHold(req.params.id)
    return { ...toHoldDto(result.hold), balance: toBalanceAfterDto(result.balanceAfter) }
  })
}

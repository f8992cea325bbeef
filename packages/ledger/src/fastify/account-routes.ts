import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { DomainError, toMoneyJson, type StaffRole } from '@strongroom/kernel'
import { actorOf, idParams, pageQuerySchema, pageSchema, problemResponses, sequencePageQuerySchema, currencySchema } from '@strongroom/kernel/fastify'
import { accountKinds, decideOverdraftLimit, LedgerError, type LedgerService } from '../core/index.js'
import { moneyFromJson, moneySchema } from '@strongroom/kernel/fastify'
import { accountNotFound, canSeeAccount, type LedgerVisibility } from './visibility.js'
import type { GuardAccountOpening, OverdraftGate } from './transfer-routes.js'
import { accountPatchBody, accountSchema, entrySchema, newAccountBody, toAccountDto, toEntryDto } from './schemas.js'

export interface AccountRoutesOptions {
  readonly ledger: LedgerService
  readonly visibility: LedgerVisibility
  readonly readers: readonly StaffRole[]
  readonly operators: readonly StaffRole[]
  readonly controllers: readonly StaffRole[]
  readonly guardAccountOpening?: GuardAccountOpening | undefined
  readonly overdraftGate?: OverdraftGate | undefined
}

const tags = ['ledger']

export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, options) => {
  const { ledger, visibility, readers, operators, controllers } = options
  async function visibleAccount(actor: Parameters<typeof canSeeAccount>[1], id: string) {
    const state = await ledger.getAccount(id)
    if (!(await canSeeAccount(visibility, actor, state.account))) throw accountNotFound(id)
    return state
  }

  app.post('/accounts', {
    config: { access: operators, audit: { entity: 'account' } },
    schema: {
      operationId: 'openAccount', tags, summary: 'Open a client deposit account or an internal bank account',
      body: newAccountBody,
      response: { 201: accountSchema, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const { overdraftLimit, ...rest } = req.body
    if (rest.kind === 'client' && rest.clientId) await options.guardAccountOpening?.(rest.clientId, actorOf(req))
    // A limit asked for at opening passes the same gate as a later change. There is no account yet for a request to
    // wait on, so anything but `proceed` refuses the opening (the gate says how to ask: open first, then set the limit).
    if (overdraftLimit && moneyFromJson(overdraftLimit).amountMinor > 0n && options.overdraftGate) {
      const gate = await options.overdraftGate({ accountId: null, limit: moneyFromJson(overdraftLimit), reason: null }, actorOf(req))
      if (gate.kind !== 'proceed') throw new LedgerError('ledger.invalid_account', 'an overdraft limit needs an approval: open the account without one, then set it')
    }
    const state = await ledger.openAccount({ ...rest, ...(overdraftLimit ? { overdraftLimit: moneyFromJson(overdraftLimit) } : {}) })
    return reply.code(201).send(toAccountDto(state))
  })

  app.get('/accounts', {
    config: { access: readers },
    schema: {
      operationId: 'listAccounts', tags, summary: 'List accounts (a relationship manager lists per client of their book)',
      querystring: pageQuerySchema.extend({
        clientId: z.uuid().optional(),
        currency: currencySchema.optional(),
        kind: z.enum(accountKinds).optional(),
      }),
      response: { 200: pageSchema(accountSchema).meta({ id: 'AccountPage' }), ...problemResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = actorOf(req)
    const { limit, cursor, ...filter } = req.query
    if (visibility.scoped(actor)) {
      if (!filter.clientId) throw new DomainError('common.invalid_input', 'relationship managers list accounts per client: pass clientId')
      if (!(await visibility.canSeeClient(actor, filter.clientId))) return { items: [], nextCursor: null }
    }
    const page = await ledger.listAccounts(filter, { limit, cursor })
    return { items: page.items.map(toAccountDto), nextCursor: page.nextCursor }
  })

  app.get('/accounts/:id', {
    config: { access: readers },
    schema: {
      operationId: 'getAccount', tags, summary: 'One account with its balances',
      params: idParams,
      response: { 200: accountSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => toAccountDto(await visibleAccount(actorOf(req), req.params.id)))

  app.patch('/accounts/:id', {
    config: { access: controllers, audit: { entity: 'account', idParam: 'id' } },
    schema: {
      operationId: 'changeAccountStatus', tags, summary: 'Freeze, unfreeze or close an account (closing needs a zero balance)',
      params: idParams,
      body: accountPatchBody,
      response: { 200: accountSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => toAccountDto(await ledger.changeAccountStatus(req.params.id, req.body.status, req.body.reason)))

  app.put('/accounts/:id/overdraft-limit', {
    config: { access: operators, audit: { entity: 'account', idParam: 'id' } },
    schema: {
      operationId: 'setOverdraftLimit', tags,
      summary: 'Set how far below zero the account may go; where a policy covers it, this waits for a checker (202) and applies when approved',
      params: idParams,
      body: z.object({ limit: moneySchema, reason: z.string().trim().min(1).max(2000) }).strict().meta({ id: 'OverdraftLimitChange' }),
      response: {
        200: accountSchema,
        202: z.object({ status: z.literal('pending-approval'), approvalId: z.string(), summary: z.string(), expiresAt: z.string() }).meta({ id: 'OverdraftPendingApproval' }),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    const state = await visibleAccount(actor, req.params.id)
    const limit = moneyFromJson(req.body.limit)
    const refusal = decideOverdraftLimit(state, limit)
    if (refusal.kind === 'reject') throw new LedgerError(refusal.code, refusal.detail)
    if (refusal.kind === 'unchanged') return toAccountDto(state)
    const gate = options.overdraftGate ? await options.overdraftGate({ accountId: req.params.id, limit, reason: req.body.reason }, actor) : { kind: 'proceed' as const }
    if (gate.kind === 'pending-approval') return reply.code(202).send({ status: 'pending-approval' as const, approvalId: gate.approvalId, summary: gate.summary, expiresAt: gate.expiresAt })
    return toAccountDto(await ledger.setOverdraftLimit(req.params.id, limit))
  })

  app.get('/accounts/:id/entries', {
    config: { access: readers },
    schema: {
      operationId: 'listAccountEntries', tags, summary: 'The account’s entries in posting order, each with the balance after it',
      params: idParams,
      querystring: sequencePageQuerySchema,
      response: { 200: pageSchema(entrySchema).meta({ id: 'EntryPage' }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    await visibleAccount(actorOf(req), req.params.id)
    const page = await ledger.listEntries(req.params.id, req.query)
    return { items: page.items.map((e) => toEntryDto(e)), nextCursor: page.nextCursor }
  })

  app.get('/accounts/:id/balance', {
    config: { access: readers },
    schema: {
      operationId: 'getAccountBalance', tags, summary: 'The posted balance at an instant (now when `at` is absent)',
      params: idParams,
      querystring: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
      response: {
        200: z.object({ accountId: z.uuid(), at: z.iso.datetime({ offset: true }), posted: accountSchema.shape.overdraftLimit }).meta({ id: 'BalanceAt' }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (req) => {
    await visibleAccount(actorOf(req), req.params.id)
    const at = req.query.at ? new Date(req.query.at) : new Date()
    return { accountId: req.params.id, at: at.toISOString(), posted: toMoneyJson(await ledger.balanceAt(req.params.id, at)) }
  })
}

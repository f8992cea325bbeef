import { z } from 'zod'
import { toMoneyJson, type Money } from '@strongroom/kernel'
import { countrySchema, currencySchema, moneySchema, plainTextSchema, positiveMoneySchema, textSchema } from '@strongroom/kernel/fastify'
import {
  accountKinds, accountStatuses, availableBalance, channels, directions, heldBalance, holdStatuses, internalPurposes,
  maxTransferLegs, normalBalances, postedBalance, transferKinds,
  type AccountState, type BalanceAfter, type Entry, type Hold, type PostedTransfer, type Transfer, type TransferWithEntries,
} from '../core/index.js'

const instant = z.iso.datetime({ offset: true })
const moneyOut = moneySchema
const money = (m: Money) => toMoneyJson(m)

export const accountSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(accountKinds),
    clientId: z.uuid().nullable(),
    internalPurpose: z.enum(internalPurposes).nullable(),
    currency: z.string(),
    normalBalance: z.enum(normalBalances),
    status: z.enum(accountStatuses),
    statusReason: z.string().nullable().describe('Why the account last changed status'),
    overdraftLimit: moneyOut,
    unbounded: z.boolean(),
    name: z.string(),
    createdAt: instant,
    balances: z.object({
      posted: moneyOut.describe('Posted balance on the account’s normal side'),
      available: moneyOut.describe('Posted less holds: what can leave the account now'),
      held: moneyOut.describe('Reserved by active holds'),
      postedDebits: moneyOut,
      postedCredits: moneyOut,
    }),
  })
  .meta({ id: 'Account' })

export const newAccountBody = z
  .object({
    kind: z.enum(accountKinds),
    clientId: z.uuid().optional().describe('Required for a client account'),
    internalPurpose: z.enum(internalPurposes).optional().describe('Required for an internal account'),
    currency: currencySchema,
    normalBalance: z.enum(normalBalances).optional(),
    overdraftLimit: moneySchema.optional(),
    unbounded: z.boolean().optional().describe('Internal accounts only: no balance check, no per-entry running balance'),
    name: textSchema(120),
  })
  .strict()
  .meta({ id: 'NewAccount' })

export const accountPatchBody = z
  .object({ status: z.enum(accountStatuses), reason: textSchema(500) })
  .strict()
  .meta({ id: 'AccountStatusChange' })

export const entrySchema = z
  .object({
    id: z.uuid(),
    transferId: z.uuid(),
    accountId: z.uuid(),
    accountSequence: z.string().describe('Position among the account’s entries (an int8, as a string)'),
    direction: z.enum(directions),
    amount: moneyOut,
    balanceAfter: moneyOut.nullable().describe('The account’s posted balance once this entry applied; null on a hot bank-side account in a transfer (its running balance is derived in entry listings and statements)'),
    postedAt: instant,
  })
  .meta({ id: 'Entry' })

export const balanceAfterSchema = z
  .object({ accountId: z.uuid(), posted: moneyOut, available: moneyOut })
  .meta({ id: 'BalanceAfter' })

const counterpartySchema = z
  .object({
    name: textSchema(200),
    account: textSchema(64).optional(),
    bank: textSchema(200).optional(),
    country: countrySchema.optional(),
  })
  .strict()
  .meta({ id: 'Counterparty' })

const metadataSchema = z
  .record(
    z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/),
    plainTextSchema(500),
  )
  .refine((m) => Object.keys(m).length <= 32, 'at most 32 metadata keys')

const transferDetails = {
  reference: textSchema(140).optional(),
  channel: z.enum(channels),
  counterparty: counterpartySchema.optional(),
  metadata: metadataSchema.optional(),
}

export const simpleTransferBody = z
  .object({ debitAccountId: z.uuid(), creditAccountId: z.uuid(), amount: positiveMoneySchema, ...transferDetails })
  .strict()
  .meta({ id: 'SimpleTransferRequest' })

export const legSchema = z
  .object({ accountId: z.uuid(), direction: z.enum(directions), amount: positiveMoneySchema })
  .strict()
  .meta({ id: 'TransferLeg' })

export const multiLegTransferBody = z
  .object({ entries: z.array(legSchema).min(2).max(maxTransferLegs), ...transferDetails })
  .strict()
  .meta({ id: 'MultiLegTransferRequest' })

export const transferBody = z.union([simpleTransferBody, multiLegTransferBody]).meta({ id: 'TransferRequest' })

export const transferSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(transferKinds),
    reference: z.string().nullable(),
    channel: z.enum(channels),
    counterparty: z.object({ name: z.string(), account: z.string().optional(), bank: z.string().optional(), country: z.string().optional() }).nullable(),
    metadata: z.record(z.string(), z.string()),
    reversalOf: z.uuid().nullable(),
    holdId: z.uuid().nullable(),
    postedAt: instant,
    entries: z.array(entrySchema),
  })
  .meta({ id: 'Transfer' })

export const transferHeaderSchema = transferSchema.omit({ entries: true }).meta({ id: 'TransferHeader' })

export const postedTransferSchema = transferSchema
  .extend({ balances: z.array(balanceAfterSchema).describe('Every account the transfer touched, after it') })
  .meta({ id: 'PostedTransfer' })

export const holdSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    amount: moneyOut,
    reason: z.string(),
    owner: z.string(),
    expiresAt: instant.nullable(),
    status: z.enum(holdStatuses),
    capturedAmount: moneyOut,
    captureTransferId: z.uuid().nullable(),
    createdAt: instant,
    closedAt: instant.nullable(),
  })
  .meta({ id: 'Hold' })

export const holdWithBalanceSchema = holdSchema.extend({ balance: balanceAfterSchema }).meta({ id: 'HoldWithBalance' })

export const newHoldBody = z
  .object({
    accountId: z.uuid(),
    amount: positiveMoneySchema,
    reason: textSchema(200),
    owner: textSchema(120).describe('Who placed the hold and answers for it (a team, a case id)'),
    expiresAt: instant.optional(),
  })
  .strict()
  .meta({ id: 'NewHold' })

export const captureBody = z
  .object({
    toAccountId: z.uuid(),
    amount: positiveMoneySchema.optional().describe('At most the held amount; absent → all of it. The rest is released.'),
    ...transferDetails,
    channel: z.enum(channels).optional(),
  })
  .strict()
  .meta({ id: 'HoldCapture' })

export const capturedSchema = z.object({ hold: holdSchema, transfer: postedTransferSchema }).meta({ id: 'HoldCaptured' })

export function toAccountDto(state: AccountState): z.output<typeof accountSchema> {
  const a = state.account
  const zero = { amountMinor: 0n, currency: a.currency }
  return {
    id: a.id, kind: a.kind, clientId: a.clientId, internalPurpose: a.internalPurpose, currency: a.currency,
    normalBalance: a.normalBalance, status: a.status, statusReason: a.statusReason ?? null, overdraftLimit: money({ ...zero, amountMinor: a.overdraftLimitMinor }),
    unbounded: a.unbounded, name: a.name, createdAt: a.createdAt.toISOString(),
    balances: {
      posted: money(postedBalance(a, state.balances)),
      available: money(availableBalance(a, state.balances)),
      held: money(heldBalance(a, state.balances)),
      postedDebits: money({ ...zero, amountMinor: state.balances.postedDebitsMinor }),
      postedCredits: money({ ...zero, amountMinor: state.balances.postedCreditsMinor }),
    },
  }
}

const noHotAccounts: ReadonlySet<string> = new Set()

export function toEntryDto(e: Entry, hot: ReadonlySet<string> = noHotAccounts): z.output<typeof entrySchema> {
  return {
    id: e.id, transferId: e.transferId, accountId: e.accountId, accountSequence: e.accountSequence.toString(),
    direction: e.direction, amount: money(e.amount), balanceAfter: hot.has(e.accountId) ? null : money(e.balanceAfter),
    postedAt: e.postedAt.toISOString(),
  }
}

export function toTransferHeaderDto(t: Transfer): z.output<typeof transferHeaderSchema> {
  return {
    id: t.id, kind: t.kind, reference: t.reference, channel: t.channel,
    counterparty: t.counterparty === null ? null : { ...t.counterparty }, metadata: { ...t.metadata },
    reversalOf: t.reversalOf, holdId: t.holdId, postedAt: t.postedAt.toISOString(),
  }
}

export function toTransferDto(t: TransferWithEntries, hot: ReadonlySet<string> = noHotAccounts): z.output<typeof transferSchema> {
  return { ...toTransferHeaderDto(t.transfer), entries: t.entries.map((e) => toEntryDto(e, hot)) }
}

export function toBalanceAfterDto(b: BalanceAfter): z.output<typeof balanceAfterSchema> {
  return { accountId: b.accountId, posted: money(b.posted), available: money(b.available) }
}

export function toPostedTransferDto(p: PostedTransfer, hot: ReadonlySet<string> = noHotAccounts): z.output<typeof postedTransferSchema> {
  return { ...toTransferDto(p, hot), balances: p.balancesAfter.map(toBalanceAfterDto) }
}

export function toHoldDto(h: Hold): z.output<typeof holdSchema> {
  return {
    id: h.id, accountId: h.accountId, amount: money(h.amount), reason: h.reason, owner: h.owner,
    expiresAt: h.expiresAt?.toISOString() ?? null, status: h.status, capturedAmount: money(h.capturedAmount),
    captureTransferId: h.captureTransferId, createdAt: h.createdAt.toISOString(), closedAt: h.closedAt?.toISOString() ?? null,
  }
}

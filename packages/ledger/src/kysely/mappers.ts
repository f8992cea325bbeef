import { money, type CurrencyCode } from '@strongroom/kernel'
import type {
  Account, AccountBalances, AccountKind, AccountState, AccountStatus, Channel, Counterparty, Direction, Entry, Hold,
  HoldStatus, InternalPurpose, NormalBalance, Transfer, TransferKind,
} from '../core/index.js'
import { decodeJson } from './json-codec.js'
import type { Selectable } from 'kysely'
import type { AccountTable, EntryTable, HoldTable, TransferTable } from './tables.js'

type AccountRow = Selectable<AccountTable>
type TransferRow = Selectable<TransferTable>
type EntryRow = Selectable<EntryTable>
type HoldRow = Selectable<HoldTable>

// The only place rows become domain values. Text columns carry CHECK
// constraints, so the casts restate what the database enforces.

export interface CounterSums {
  readonly posted_debits_minor: bigint
  readonly posted_credits_minor: bigint
  readonly pending_debits_minor: bigint
  readonly pending_credits_minor: bigint
}

export const noCounters: CounterSums = {
  posted_debits_minor: 0n, posted_credits_minor: 0n, pending_debits_minor: 0n, pending_credits_minor: 0n,
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    kind: row.kind as AccountKind,
    clientId: row.client_id,
    internalPurpose: row.internal_purpose as InternalPurpose | null,
    currency: row.currency as CurrencyCode,
    normalBalance: row.normal_balance as NormalBalance,
    status: row.status as AccountStatus,
    overdraftLimitMinor: BigInt(row.overdraft_limit_minor),
    unbounded: row.unbounded,
    name: row.name,
    createdAt: row.created_at,
    statusReason: row.status_reason,
  }
}

/** The account row's counters plus, for a hot account, the sums of its shards. */
export function toAccountState(row: AccountRow, shards: CounterSums = noCounters): AccountState {
  const balances: AccountBalances = {
    postedDebitsMinor: BigInt(row.posted_debits_minor) + BigInt(shards.posted_debits_minor),
    postedCreditsMinor: BigInt(row.posted_credits_minor) + BigInt(shards.posted_credits_minor),
    pendingDebitsMinor: BigInt(row.pending_debits_minor) + BigInt(shards.pending_debits_minor),
    pendingCreditsMinor: BigInt(row.pending_credits_minor) + BigInt(shards.pending_credits_minor),
  }
  return { account: toAccount(row), balances, entrySequence: BigInt(row.entry_sequence), lastPostedAt: row.last_posted_at }
}

export function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id,
    kind: row.kind as TransferKind,
    idempotencyKey: row.idempotency_key,
    reference: row.reference,
    channel: row.channel as Channel,
    counterparty: row.counterparty === null ? null : decodeJson<Counterparty>(row.counterparty),
    metadata: decodeJson<Record<string, string>>(row.metadata),
    reversalOf: row.reversal_of,
    holdId: row.hold_id,
    postedAt: row.posted_at,
  }
}

/** `balanceAfterMinor` is given for hot accounts, whose rows do not store it. */
export function toEntry(row: Pick<EntryRow, 'id' | 'transfer_id' | 'account_id' | 'direction' | 'amount_minor' | 'currency' | 'balance_after_minor' | 'account_sequence' | 'posted_at'>, balanceAfterMinor?: bigint): Entry {
  const currency = row.currency as CurrencyCode
  return {
    id: row.id,
    transferId: row.transfer_id,
    accountId: row.account_id,
    direction: row.direction as Direction,
    amount: money(BigInt(row.amount_minor), currency),
    balanceAfter: money(BigInt(balanceAfterMinor ?? row.balance_after_minor ?? 0n), currency),
    accountSequence: BigInt(row.account_sequence),
    postedAt: row.posted_at,
  }
}

export function toHold(row: HoldRow): Hold {
  const currency = row.currency as CurrencyCode
  return {
    id: row.id,
    accountId: row.account_id,
    amount: money(BigInt(row.amount_minor), currency),
    reason: row.reason,
    owner: row.owner,
    expiresAt: row.expires_at,
    status: row.status as HoldStatus,
    capturedAmount: money(BigInt(row.captured_minor), currency),
    captureTransferId: row.capture_transfer_id,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  }
}

export function toHoldRow(hold: Hold): HoldRow {
  return {
    id: hold.id,
    account_id: hold.accountId,
    amount_minor: hold.amount.amountMinor,
    currency: hold.amount.currency,
    reason: hold.reason,
    owner: hold.owner,
    expires_at: hold.expiresAt,
    status: hold.status,
    captured_minor: hold.capturedAmount.amountMinor,
    capture_transfer_id: hold.captureTransferId,
    created_at: hold.createdAt,
    closed_at: hold.closedAt,
  }
}

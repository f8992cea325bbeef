import type { ColumnType } from 'kysely'

type Json = ColumnType<unknown, string, string>

interface Counters {
  posted_debits_minor: ColumnType<bigint, bigint | undefined, bigint>
  posted_credits_minor: ColumnType<bigint, bigint | undefined, bigint>
  pending_debits_minor: ColumnType<bigint, bigint | undefined, bigint>
  pending_credits_minor: ColumnType<bigint, bigint | undefined, bigint>
}

export interface AccountTable extends Counters {
  id: string
  kind: string
  client_id: string | null
  internal_purpose: string | null
  currency: string
  normal_balance: string
  status: string
  status_reason: ColumnType<string | null, string | null | undefined, string | null>
  overdraft_limit_minor: bigint
  unbounded: boolean
  name: string
  created_at: Date
  entry_sequence: ColumnType<bigint, bigint | undefined, bigint>
  last_posted_at: Date | null
}

export interface AccountShardTable extends Counters {
  account_id: string
  shard: number
}

export interface TransferTable {
  id: string
  kind: string
  idempotency_key: string | null
  reference: string | null
  channel: string
  counterparty: ColumnType<unknown, string | null, string | null>
  metadata: Json
  reversal_of: string | null
  hold_id: string | null
  posted_at: Date
}

export interface EntryTable {
  id: string
  transfer_id: string
  leg: number
  account_id: string
  direction: string
  amount_minor: bigint
  currency: string
  balance_after_minor: bigint | null
  account_sequence: bigint
  posted_at: Date
  journal_sequence: ColumnType<bigint | null, never, bigint>
  previous_hash: ColumnType<string | null, never, string>
  hash: ColumnType<string | null, never, string>
  sealed_at: ColumnType<Date | null, never, Date>
}

export interface IdempotencyRecordTable {
  key: string
  fingerprint: string
  outcome: Json
  created_at: Date
}

export interface HoldTable {
  id: string
  account_id: string
  amount_minor: bigint
  currency: string
  reason: string
  owner: string
  expires_at: Date | null
  status: string
  captured_minor: bigint
  capture_transfer_id: string | null
  created_at: Date
  closed_at: Date | null
}

export interface JournalCheckpointTable {
  sequence: bigint
  hash: string
  sealed_at: Date
}

export interface LedgerTables {
  'ledger.account': AccountTable
  'ledger.account_shard': AccountShardTable
  'ledger.transfer': TransferTable
  'ledger.entry': EntryTable
  'ledger.idempotency_record': IdempotencyRecordTable
  'ledger.hold': HoldTable
  'ledger.journal_checkpoint': JournalCheckpointTable
}


import type { CurrencyCode, Page, PageRequest } from '@strongroom/kernel'
import type { AccountKind, AccountState, BalanceAfter } from './account.js'
import type { LedgerErrorCode } from './errors.js'
import type { Hold } from './hold.js'
import type { EntryWithTransfer } from './statement.js'
import type { Entry, Transfer, TransferWithEntries } from './transfer.js'

export interface AccountFilter {
  readonly clientId?: string | undefined
  readonly currency?: CurrencyCode | undefined
  readonly kind?: AccountKind | undefined
}

export interface TransferFilter {
  /** Transfers with at least one entry on this account. */
  readonly accountId?: string | undefined
}

/** What a key was first used for. A rejection is remembered as well as a posting. */
export type IdempotencyOutcome =
  | { readonly kind: 'posted'; readonly transferId: string; readonly balancesAfter: readonly BalanceAfter[] }
  | { readonly kind: 'rejected'; readonly code: LedgerErrorCode; readonly detail: string }

export interface IdempotencyRecord {
  readonly key: string
  /** `transferFingerprint` of the request first posted under the key. */
  readonly fingerprint: string
  readonly outcome: IdempotencyOutcome
  readonly createdAt: Date
}

/** Written in the transaction that posts, read after commit by other domains (at least once). */
export type LedgerEvent = { readonly type: 'TransferPosted'; readonly transfer: Transfer; readonly entries: readonly Entry[] }

/**
 * What the ledger service needs from storage, inside one transaction.
 *
 * Lock order, everywhere: a hold row before account rows, and account rows
 * in ascending id order. Two units of work can then never wait on each
 * other in a cycle.
 */
export interface LedgerStore {
  insertAccount(state: AccountState): Promise<void>
  findAccount(id: string): Promise<AccountState | undefined>
  listAccounts(filter: AccountFilter, page: PageRequest): Promise<Page<AccountState>>
  /**
   * Reads the accounts and locks them until the transaction ends, taking the
   * locks in ascending id order whatever order `ids` come in. Ids that do not
   * exist are left out of the answer.
   */
  lockAccounts(ids: readonly string[]): Promise<AccountState[]>
  /** Writes back accounts locked in this transaction: status, counters, entry sequence, last posting time. */
  saveAccounts(states: readonly AccountState[]): Promise<void>
  /** Sets the overdraft limit of an account locked in this transaction (rare, approved changes: kept off the posting path). */
  updateOverdraftLimit(accountId: string, limitMinor: bigint): Promise<void>

  /**
   * Stores transfers and their entries, entries in the given (leg) order. At
   * most one transfer may have a given `reversalOf`: a second one must fail
   * (a unique constraint), which makes "reversed at most once" hold under
   * concurrency.
   */
  appendTransfers(transfers: readonly TransferWithEntries[]): Promise<void>
  /** The transfer with its entries in leg order. */
  findTransfer(id: string): Promise<TransferWithEntries | undefined>
  findReversalOf(transferId: string): Promise<Transfer | undefined>
  listTransfers(filter: TransferFilter, page: PageRequest): Promise<Page<Transfer>>
  /** An account's entries by `accountSequence`; the cursor is over that sequence. */
  listEntries(accountId: string, page: PageRequest): Promise<Page<Entry>>
  /** The account's last entry (highest `accountSequence`) posted at or before `at`. */
  lastEntryAt(accountId: string, at: Date): Promise<Entry | undefined>
  /**
   * What a statement shows: the account's entries posted in `[from, toExclusive)`,
   * by `accountSequence`, each with its transfer's reference, counterparty
   * name, kind and channel — at most `limit` of them.
   */
  listEntriesBetween(accountId: string, from: Date, toExclusive: Date, limit: number): Promise<EntryWithTransfer[]>

  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>
  /**
   * Stores the record under a unique key. If another transaction stored the
   * same key first, this must fail and the repository's `inTransaction` must
   * run the unit of work again — which then finds that record and replays it.
   */
  insertIdempotencyRecord(record: IdempotencyRecord): Promise<void>

  insertHold(hold: Hold): Promise<void>
  /** Reads the hold and locks it until the transaction ends. */
  lockHold(id: string): Promise<Hold | undefined>
  findHold(id: string): Promise<Hold | undefined>
  updateHold(hold: Hold): Promise<void>
  /** Holds still `held` whose `expiresAt` is at or before `now`, soonest first. */
  listHoldsDue(now: Date, limit: number): Promise<Hold[]>

  /** The outbox: delivered after commit, at least once. */
  recordEvents(events: readonly LedgerEvent[]): Promise<void>
}

export interface LedgerRepository extends LedgerStore {
  /**
   * Runs `work` in one database transaction; the store it receives is bound
   * to it. Everything rolls back if `work` throws. On a deadlock, a
   * serialization failure or a unique-key race (see `insertIdempotencyRecord`,
   * `appendTransfers`) the repository may run `work` again from the start, so
   * `work` must have no effect outside the store.
   */
  inTransaction<T>(work: (store: LedgerStore) => Promise<T>): Promise<T>
}

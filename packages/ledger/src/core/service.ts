import { DomainError, money, type Clock, type IdGenerator, type Money, type Page, type PageRequest } from '@strongroom/kernel'
import { balanceAfter, type AccountState, type AccountStatus, type BalanceAfter } from './account.js'
import { decideAccountOpening, decideAccountStatusChange, type NewAccount } from './account-lifecycle.js'
import { LedgerError, type LedgerErrorCode, type Rejection } from './errors.js'
import {
  captureTransferRequest,
  decideCapture,
  decideExpiry,
  decideHold,
  decideVoid,
  releaseHold,
  type CaptureRequest,
  type Hold,
  type HoldRequest,
} from './hold.js'
import type { AccountFilter, IdempotencyRecord, LedgerRepository, LedgerStore, TransferFilter } from './ports.js'
import { decideReversal, type ReversalOptions } from './reversal.js'
import {
  accountIdsOf,
  accountsAfterPosting,
  decideTransfer,
  postingInstant,
  type Entry,
  type PostedTransfer,
  type Transfer,
  type TransferDecision,
  type TransferDetails,
  type TransferKind,
  type TransferRequest,
  type TransferWithEntries,
} from './transfer.js'
import { transferFingerprint } from './transfer-fingerprint.js'
import {
  buildStatement, maxStatementEntries, statementBounds, statementPeriodProblem, type Statement, type StatementPeriod,
} from './statement.js'

export interface LedgerDeps {
  readonly repo: LedgerRepository
  readonly clock: Clock
  readonly ids: IdGenerator
}

export interface PostOptions {
  /**
   * The caller's key for this transfer (the `Idempotency-Key` header, or a
   * business key such as an interest run id). Posting again under the same key
   * with the same request returns the first result — posted or rejected —
   * and posts nothing; with a different request it is refused.
   */
  readonly idempotencyKey?: string | undefined
}

export type BatchMode = 'atomic' | 'independent'

export type BatchItemResult =
  | { readonly kind: 'posted'; readonly transferId: string }
  | { readonly kind: 'rejected'; readonly code: LedgerErrorCode; readonly detail: string }

export interface HoldResult {
  readonly hold: Hold
  readonly balanceAfter: BalanceAfter
}

export interface CaptureResult {
  readonly hold: Hold
  readonly posted: PostedTransfer
}

/**
 * How long after a period ends before its closing balance is cross-checked
 * against a separate read: long enough for any transfer stamped inside the
 * period to have committed.
 */
const statementSettlingMs = 5 * 60_000

/** How many due holds `expireHolds` reads at a time; each is expired in its own short transaction. */
const expiryBatchSize = 100

export function createLedgerService(deps: LedgerDeps) {
  const { repo, clock, ids } = deps

  const fail = (rejection: Rejection): never => {
    throw new LedgerError(rejection.code, rejection.detail)
  }
  const accountNotFound = (id: string) => new LedgerError('ledger.account_not_found', `no account ${id}`, { accountId: id })
  const holdNotFound = (id: string) => new LedgerError('ledger.hold_not_found', `no hold ${id}`, { holdId: id })

  type Header = TransferDetails & { kind: TransferKind; idempotencyKey?: string | undefined; reversalOf?: string; holdId?: string }

  /** The transfer and entries a decided posting writes, with ids and one posting time. */
  function buildTransfer(decision: Extract<TransferDecision, { kind: 'post' }>, header: Header, postedAt: Date): TransferWithEntries {
    const transfer: Transfer = {
      id: ids.next(),
      kind: header.kind,
      idempotencyKey: header.idempotencyKey ?? null,
      reference: header.reference ?? null,
      channel: header.channel,
      counterparty: header.counterparty ?? null,
      metadata: { ...header.metadata },
      reversalOf: header.reversalOf ?? null,
      holdId: header.holdId ?? null,
      postedAt,
    }
    const entries: Entry[] = decision.entries.map((planned) => ({ ...planned, id: ids.next(), transferId: transfer.id, postedAt }))
    return { transfer, entries }
  }

  /** Writes a decided posting: the transfer, its entries, the accounts' new state and the outbox event. */
  async function post(
    store: LedgerStore,
    states: readonly AccountState[],
    decision: Extract<TransferDecision, { kind: 'post' }>,
    header: Header,
  ): Promise<PostedTransfer> {
    // Read the clock after the locks are held, and never behind the accounts'
    // latest entries, so postedAt follows each account's entry order.
    const postedAt = postingInstant(clock.now(), states)
    const { transfer, entries } = buildTransfer(decision, header, postedAt)
    await store.appendTransfers([{ transfer, entries }])
    await store.saveAccounts(accountsAfterPosting(states, decision, postedAt))
    await store.recordEvents([{ type: 'TransferPosted', transfer, entries }])
    return { transfer, entries, balancesAfter: decision.balancesAfter }
  }

  /** Ends a hold without a posting (void, expiry): lifts its reservation from the account. */
  async function release(store: LedgerStore, hold: Hold, closed: Hold): Promise<BalanceAfter> {
    const [state] = await store.lockAccounts([hold.accountId])
    if (!state) throw accountNotFound(hold.accountId)
    const after = releaseHold(state, hold)
    await store.saveAccounts([after])
    await store.updateHold(closed)
    return balanceAfter(after)
  }

  /**
   * An expired hold is expired in storage even when the request that found
   * it (a capture, a void) is refused: the work commits, then the refusal is
   * thrown, so the funds come free without waiting for the sweeper.
   */
  function expiredInstead(hold: Hold): LedgerError {
    return new LedgerError('ledger.hold_not_active', `hold ${hold.id} expired at ${hold.expiresAt?.toISOString()}`, { holdId: hold.id })
  }

  async function lockHold(store: LedgerStore, id: string): Promise<Hold> {
    const hold = await store.lockHold(id)
    if (!hold) throw holdNotFound(id)
    return hold
  }

  /** The result first given under a key, rebuilt from the stored transfer and the balances recorded with the key. */
  async function replayed(store: LedgerStore, first: IdempotencyRecord): Promise<PostedTransfer | undefined> {
    if (first.outcome.kind !== 'posted') return undefined
    const original = await store.findTransfer(first.outcome.transferId)
    if (!original) throw new Error(`ledger invariant broken: idempotency key ${first.key} points at missing transfer ${first.outcome.transferId}`)
    return { ...original, balancesAfter: first.outcome.balancesAfter }
  }

  return {
    async openAccount(input: NewAccount): Promise<AccountState> {
      const decision = decideAccountOpening(input, { id: ids.next(), now: clock.now() })
      if (decision.kind === 'reject') return fail(decision)
      await repo.inTransaction((store) => store.insertAccount(decision.state))
      return decision.state
    },

    async getAccount(id: string): Promise<AccountState> {
      const state = await repo.findAccount(id)
      if (!state) throw accountNotFound(id)
      return state
    },

    listAccounts: (filter: AccountFilter, page: PageRequest): Promise<Page<AccountState>> => repo.listAccounts(filter, page),

    /** Freeze, unfreeze or close. Closing needs a zero balance and no active hold; closed is final. */
    async changeAccountStatus(id: string, to: AccountStatus): Promise<AccountState> {
      return repo.inTransaction(async (store) => {
        const [state] = await store.lockAccounts([id])
        if (!state) throw accountNotFound(id)
        const decision = decideAccountStatusChange(state, to)
        if (decision.kind === 'reject') return fail(decision)
        if (decision.kind === 'unchanged') return state
        const next = { ...state, account: decision.account }
        await store.saveAccounts([next])
        return next
      })
    },

    async postTransfer(request: TransferRequest, options: PostOptions = {}): Promise<PostedTransfer> {
      const key = options.idempotencyKey
      const fingerprint = key === undefined ? '' : transferFingerprint(request)
      const result = await repo.inTransaction(async (store) => {
        if (key !== undefined) {
          const first = await store.findIdempotencyRecord(key)
          if (first) return { kind: 'replay' as const, first, original: await replayed(store, first) }
        }
        const states = await store.lockAccounts(accountIdsOf(request))
        const decision = decideTransfer(states, request)
        if (decision.kind === 'reject') {
          if (key !== undefined) {
            await store.insertIdempotencyRecord({
              key,
              fingerprint,
              outcome: { kind: 'rejected', code: decision.code, detail: decision.detail },
              createdAt: clock.now(),
            })
          }
          // Returned, not thrown: a thrown error would roll back the record of the rejection.
          return { kind: 'rejected' as const, decision }
        }
        const posted = await post(store, states, decision, { ...request, kind: 'transfer', idempotencyKey: key })
        if (key !== undefined) {
          await store.insertIdempotencyRecord({
            key,
            fingerprint,
            outcome: { kind: 'posted', transferId: posted.transfer.id, balancesAfter: posted.balancesAfter },
            createdAt: posted.transfer.postedAt,
          })
        }
        return { kind: 'posted' as const, posted }
      })

      if (result.kind === 'posted') return result.posted
      if (result.kind === 'rejected') return fail(result.decision)
      if (result.first.fingerprint !== fingerprint) {
        throw new LedgerError('ledger.idempotency_conflict', `idempotency key ${key} was used for a different request`, { idempotencyKey: key })
      }
      if (result.first.outcome.kind === 'rejected') return fail({ ...result.first.outcome, kind: 'reject' })
      return result.original!
    },

    /**
     * Posts many transfers. `atomic`: one database transaction — every
     * account of every transfer locked once, in id order; each transfer
     * decided against the balances the ones before it left; two inserts for
     * all headers and entries; if any transfer is refused, nothing posts and
     * the error names its index. `independent`: each transfer in its own
     * transaction, in order, with a result per item.
     */
    async postBatch(requests: readonly TransferRequest[], mode: BatchMode): Promise<BatchItemResult[]> {
      if (mode === 'independent') {
        const results: BatchItemResult[] = []
        for (const request of requests) {
          try {
            results.push({ kind: 'posted', transferId: (await this.postTransfer(request)).transfer.id })
          } catch (error) {
            if (!(error instanceof LedgerError)) throw error
            results.push({ kind: 'rejected', code: error.code, detail: error.message })
          }
        }
        return results
      }
      return repo.inTransaction(async (store) => {
        const locked = await store.lockAccounts([...new Set(requests.flatMap(accountIdsOf))])
        const current = new Map(locked.map((state) => [state.account.id, state]))
        const postedAt = postingInstant(clock.now(), locked)
        const written: TransferWithEntries[] = []
        requests.forEach((request, index) => {
          const states = accountIdsOf(request).flatMap((id) => current.get(id) ?? [])
          const decision = decideTransfer(states, request)
          if (decision.kind === 'reject') {
            throw new LedgerError(decision.code, `transfer ${index} of the batch: ${decision.detail}`, { index })
          }
          written.push(buildTransfer(decision, { ...request, kind: 'transfer' }, postedAt))
          for (const state of accountsAfterPosting(states, decision, postedAt)) current.set(state.account.id, state)
        })
        await store.appendTransfers(written)
        await store.saveAccounts([...current.values()])
        await store.recordEvents(written.map(({ transfer, entries }) => ({ type: 'TransferPosted' as const, transfer, entries })))
        return written.map(({ transfer }) => ({ kind: 'posted' as const, transferId: transfer.id }))
      })
    },

    async getTransfer(id: string): Promise<TransferWithEntries> {
      const found = await repo.findTransfer(id)
      if (!found) throw new LedgerError('ledger.transfer_not_found', `no transfer ${id}`, { transferId: id })
      return found
    },

    listTransfers: (filter: TransferFilter, page: PageRequest): Promise<Page<Transfer>> => repo.listTransfers(filter, page),

    async listEntries(accountId: string, page: PageRequest): Promise<Page<Entry>> {
      if (!(await repo.findAccount(accountId))) throw accountNotFound(accountId)
      return repo.listEntries(accountId, page)
    },

    /** Posts the mirror of a transfer, linked to it. See `decideReversal`. */
    async reverseTransfer(id: string, options: ReversalOptions = {}): Promise<PostedTransfer> {
      return repo.inTransaction(async (store) => {
        const original = await store.findTransfer(id)
        if (!original) throw new LedgerError('ledger.transfer_not_found', `no transfer ${id}`, { transferId: id })
        const reversal = decideReversal(original, (await store.findReversalOf(id)) !== undefined, options)
        if (reversal.kind === 'reject') return fail(reversal)
        const states = await store.lockAccounts(accountIdsOf(reversal.request))
        const decision = decideTransfer(states, reversal.request)
        if (decision.kind === 'reject') return fail(decision)
        return post(store, states, decision, { ...reversal.request, kind: 'reversal', reversalOf: id })
      })
    },

    async placeHold(request: HoldRequest): Promise<HoldResult> {
      return repo.inTransaction(async (store) => {
        const [state] = await store.lockAccounts([request.accountId])
        if (!state) throw accountNotFound(request.accountId)
        const decision = decideHold(state, request, { id: ids.next(), now: clock.now() })
        if (decision.kind === 'reject') return fail(decision)
        await store.insertHold(decision.hold)
        await store.saveAccounts([{ ...state, balances: decision.balanceAfter.balances }])
        return { hold: decision.hold, balanceAfter: decision.balanceAfter }
      })
    },

    /**
     * Settles a hold into `request.toAccountId`: at most the held amount, the
     * rest released (see `decideCapture`). The capture is one transfer; the
     * hold's reservation is lifted before its balance check, so a hold can
     * always pay for its own capture. It is still a transfer out of the
     * account, so a freeze stops it; voiding stays possible.
     */
    async captureHold(id: string, request: CaptureRequest): Promise<CaptureResult> {
      const result = await repo.inTransaction(async (store) => {
        const hold = await lockHold(store, id)
        const now = clock.now()
        const expiry = decideExpiry(hold, now)
        if (expiry.kind === 'expire') {
          await release(store, hold, expiry.hold)
          return { kind: 'expired' as const, hold: expiry.hold }
        }
        const capture = decideCapture(hold, request.amount, now)
        if (capture.kind === 'reject') return fail(capture)
        const locked = await store.lockAccounts([hold.accountId, request.toAccountId])
        const held = locked.find((state) => state.account.id === hold.accountId)
        if (!held) throw accountNotFound(hold.accountId)
        const states = locked.map((state) => (state === held ? releaseHold(state, hold) : state))
        const transferRequest = captureTransferRequest(held.account, hold, request, capture.captured)
        const decision = decideTransfer(states, transferRequest)
        if (decision.kind === 'reject') return fail(decision)
        const posted = await post(store, states, decision, { ...transferRequest, kind: 'capture', holdId: hold.id })
        const captured: Hold = { ...capture.hold, captureTransferId: posted.transfer.id }
        await store.updateHold(captured)
        return { kind: 'captured' as const, result: { hold: captured, posted } }
      })
      if (result.kind === 'expired') throw expiredInstead(result.hold)
      return result.result
    },

    async voidHold(id: string): Promise<HoldResult> {
      const result = await repo.inTransaction(async (store) => {
        const hold = await lockHold(store, id)
        const now = clock.now()
        const expiry = decideExpiry(hold, now)
        if (expiry.kind === 'expire') {
          await release(store, hold, expiry.hold)
          return { kind: 'expired' as const, hold: expiry.hold }
        }
        const decision = decideVoid(hold, now)
        if (decision.kind === 'reject') return fail(decision)
        return { kind: 'voided' as const, result: { hold: decision.hold, balanceAfter: await release(store, hold, decision.hold) } }
      })
      if (result.kind === 'expired') throw expiredInstead(result.hold)
      return result.result
    },

    async getHold(id: string): Promise<Hold> {
      const hold = await repo.findHold(id)
      if (!hold) throw holdNotFound(id)
      return hold
    },

    /**
     * The sweeper: expires every hold due at `now`, each in its own short
     * transaction so a long run never keeps accounts locked. A hold captured
     * or voided meanwhile is left alone. `now` may not run ahead of the
     * clock: that would end holds before their time.
     */
    async expireHolds(now: Date = clock.now()): Promise<Hold[]> {
      if (now.getTime() > clock.now().getTime()) throw new RangeError('expireHolds: `now` is ahead of the clock')
      const expired: Hold[] = []
      for (;;) {
        const due = await repo.listHoldsDue(now, expiryBatchSize)
        let progressed = false
        for (const candidate of due) {
          const hold = await repo.inTransaction(async (store) => {
            const current = await store.lockHold(candidate.id)
            if (!current) return null
            const decision = decideExpiry(current, now)
            if (decision.kind !== 'expire') return null
            await release(store, current, decision.hold)
            return decision.hold
          })
          if (hold) {
            expired.push(hold)
            progressed = true
          }
        }
        if (!progressed || due.length < expiryBatchSize) return expired
      }
    },

    /** The posted balance at an instant: the balance after the account's last entry at or before it. */
    async balanceAt(accountId: string, at: Date): Promise<Money> {
      const state = await repo.findAccount(accountId)
      if (!state) throw accountNotFound(accountId)
      const entry = await repo.lastEntryAt(accountId, at)
      return entry?.balanceAfter ?? money(0n, state.account.currency)
    },

    /**
     * An account statement for whole UTC days: the balance before the period,
     * every entry in it with its running balance, the balance at its end —
     * checked to add up (see `buildStatement`). Once the period is safely
     * over, the balance at its end is also read on its own and must agree.
     * More than `maxStatementEntries` entries are refused: ask for less.
     */
    async statement(accountId: string, period: StatementPeriod, generatedAt: Date = clock.now()): Promise<Statement> {
      const problem = statementPeriodProblem(period)
      if (problem !== undefined) throw new DomainError('common.invalid_input', problem, { from: period.from, to: period.to })
      const state = await repo.findAccount(accountId)
      if (!state) throw accountNotFound(accountId)
      const { account } = state
      const { start, endExclusive } = statementBounds(period)
      // The same reading as balanceAt: the balance after the last entry at or before an instant.
      const balanceAtOrBefore = async (at: Date) => (await repo.lastEntryAt(accountId, at))?.balanceAfter ?? money(0n, account.currency)
      // Decided before reading: a period that ended a while ago takes no new entries.
      const settled = endExclusive.getTime() + statementSettlingMs <= clock.now().getTime()
      const opening = await balanceAtOrBefore(new Date(start.getTime() - 1))
      const entries = await repo.listEntriesBetween(accountId, start, endExclusive, maxStatementEntries + 1)
      if (entries.length > maxStatementEntries) {
        throw new DomainError('common.invalid_input', `the period holds more than ${maxStatementEntries} entries: ask for a shorter one`, {
          accountId, from: period.from, to: period.to,
        })
      }
      const closing = settled ? await balanceAtOrBefore(new Date(endExclusive.getTime() - 1)) : undefined
      return buildStatement({ account, opening, entries, period, generatedAt, closing })
    },
  }

}

export type LedgerService = ReturnType<typeof createLedgerService>

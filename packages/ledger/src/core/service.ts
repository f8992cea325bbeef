import { createGroupCommitter, DomainError, money, type Clock, type GroupCommitOptions, type IdGenerator, type Money, type Page, type PageRequest } from '@strongroom/kernel'
import { balanceAfter, type AccountState, type AccountStatus, type BalanceAfter } from './account.js'
import { decideAccountOpening, decideAccountStatusChange, decideOverdraftLimit, type NewAccount } from './account-lifecycle.js'
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
  /**
   * How many posting transactions may run at once, and how many waiting
   * transfers one of them may take (defaults: 2 and 200). `{ lanes: 1,
   * maxBatch: 1 }` posts strictly one transfer per transaction.
   */
  readonly groupCommit?: GroupCommitOptions | undefined
}

interface SubmittedTransfer {
  readonly request: TransferRequest
  readonly key: string | undefined
  readonly fingerprint: string
}

type TransferOutcome =
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'posted'; readonly posted: PostedTransfer }
  | { readonly kind: 'rejected'; readonly rejection: Rejection }
  | { readonly kind: 'replay'; readonly first: IdempotencyRecord; readonly original: PostedTransfer }

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
  | { readonly kind: 'failed'; readonly error: unknown }

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

  /** A hold past its expiry is expired now, in this unit of work, whatever was asked of it. */
  async function expireIfDue(store: LedgerStore, hold: Hold, now: Date): Promise<{ kind: 'expired'; hold: Hold } | undefined> {
    const expiry = decideExpiry(hold, now)
    if (expiry.kind !== 'expire') return undefined
    await release(store, hold, expiry.hold)
    return { kind: 'expired', hold: expiry.hold }
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

  /**
   * One unit of work for many independent transfers: every account of every
   * transfer locked once, in id order; each transfer decided, in arrival
   * order, against the balances the ones before it left; a refusal refuses
   * that transfer only. All headers, entries, counters, idempotency records
   * and outbox events leave in a few statements, and commit once.
   */
  async function postTogether(items: readonly SubmittedTransfer[]): Promise<TransferOutcome[]> {
    return repo.inTransaction(async (store) => {
      const firsts = new Map<string, IdempotencyRecord>()
      for (const item of items) {
        if (item.key === undefined || firsts.has(item.key)) continue
        const first = await store.findIdempotencyRecord(item.key)
        if (first) firsts.set(item.key, first)
      }
      const locked = await store.lockAccounts([...new Set(items.flatMap((item) => accountIdsOf(item.request)))])
      const current = new Map(locked.map((state) => [state.account.id, state]))
      const touched = new Set<string>()
      const postedAt = postingInstant(clock.now(), locked)
      const written: TransferWithEntries[] = []
      const postedUnder = new Map<string, PostedTransfer>()
      const outcomes: TransferOutcome[] = []

      for (const item of items) {
        const first = item.key === undefined ? undefined : firsts.get(item.key)
        if (first) {
          const original = first.outcome.kind === 'posted'
            ? (postedUnder.get(first.key) ?? (await replayed(store, first)))
            : undefined
          outcomes.push({ kind: 'replay', first, original: original! })
          continue
        }
        const states = accountIdsOf(item.request).flatMap((id) => current.get(id) ?? [])
        const decision = decideTransfer(states, item.request)
        if (decision.kind === 'reject') {
          if (item.key !== undefined) {
            const record: IdempotencyRecord = {
              key: item.key, fingerprint: item.fingerprint, createdAt: postedAt,
              outcome: { kind: 'rejected', code: decision.code, detail: decision.detail },
            }
            firsts.set(item.key, record)
            await store.insertIdempotencyRecord(record)
          }
          outcomes.push({ kind: 'rejected', rejection: decision })
          continue
        }
        const transfer = buildTransfer(decision, { ...item.request, kind: 'transfer', idempotencyKey: item.key }, postedAt)
        for (const state of accountsAfterPosting(states, decision, postedAt)) {
          current.set(state.account.id, state)
          touched.add(state.account.id)
        }
        written.push(transfer)
        const posted: PostedTransfer = { ...transfer, balancesAfter: decision.balancesAfter }
        if (item.key !== undefined) {
          const record: IdempotencyRecord = {
            key: item.key, fingerprint: item.fingerprint, createdAt: postedAt,
            outcome: { kind: 'posted', transferId: transfer.transfer.id, balancesAfter: decision.balancesAfter },
          }
          firsts.set(item.key, record)
          postedUnder.set(item.key, posted)
          await store.insertIdempotencyRecord(record)
        }
        outcomes.push({ kind: 'posted', posted })
      }

      if (written.length > 0) {
        await store.appendTransfers(written)
        await store.saveAccounts([...touched].map((id) => current.get(id)!))
        await store.recordEvents(written.map(({ transfer, entries }) => ({ type: 'TransferPosted' as const, transfer, entries })))
      }
      return outcomes
    })
  }

  /**
   * A batch that fails for a reason other than a business rule (a database
   * error) is retried item by item, so one poisoned request cannot take its
   * neighbours down with it.
   */
  async function postIsolating(items: readonly SubmittedTransfer[]): Promise<TransferOutcome[]> {
    try {
      return await postTogether(items)
    } catch (error) {
      if (items.length === 1) return [{ kind: 'failed', error }]
      // One at a time, each settled on its own: the items that post are answered as posted,
      // and only the poisoned one carries the error.
      const outcomes: TransferOutcome[] = []
      for (const item of items) {
        try {
          outcomes.push((await postTogether([item]))[0]!)
        } catch (itemError) {
          outcomes.push({ kind: 'failed', error: itemError })
        }
      }
      return outcomes
    }
  }

  const submit = createGroupCommitter<SubmittedTransfer, TransferOutcome>(
    { lanes: deps.groupCommit?.lanes ?? 2, maxBatch: deps.groupCommit?.maxBatch ?? 200 },
    postIsolating,
  )

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
    /** Freezes, unfreezes or closes an account; the reason is kept on the account. */
    async changeAccountStatus(id: string, to: AccountStatus, reason?: string): Promise<AccountState> {
      return repo.inTransaction(async (store) => {
        const [state] = await store.lockAccounts([id])
        if (!state) throw accountNotFound(id)
        const decision = decideAccountStatusChange(state, to, reason)
        if (decision.kind === 'reject') return fail(decision)
        if (decision.kind === 'unchanged') return state
        const next = { ...state, account: decision.account }
        await store.saveAccounts([next])
        return next
      })
    },

    /** Sets an account's overdraft limit (the server lets this happen only through an approved request). */
    async setOverdraftLimit(id: string, limit: Money): Promise<AccountState> {
      return repo.inTransaction(async (store) => {
        const [state] = await store.lockAccounts([id])
        if (!state) throw accountNotFound(id)
        const decision = decideOverdraftLimit(state, limit)
        if (decision.kind === 'reject') return fail(decision)
        if (decision.kind === 'unchanged') return state
        await store.updateOverdraftLimit(id, decision.limitMinor)
        return { ...state, account: { ...state.account, overdraftLimitMinor: decision.limitMinor } }
      })
    },

    /**
     * Posts one transfer. Concurrent calls share database transactions (group
     * commit, see `postTogether`); each call still gets its own answer — its
     * posting, its refusal, or the first result under its idempotency key.
     */
    async postTransfer(request: TransferRequest, options: PostOptions = {}): Promise<PostedTransfer> {
      const key = options.idempotencyKey
      const fingerprint = key === undefined ? '' : transferFingerprint(request)
      const result = await submit({ request, key, fingerprint })
      if (result.kind === 'failed') throw result.error
      if (result.kind === 'posted') return result.posted
      if (result.kind === 'rejected') return fail(result.rejection)
      if (result.first.fingerprint !== fingerprint) {
        throw new LedgerError('ledger.idempotency_conflict', `idempotency key ${key} was used for a different request`, { idempotencyKey: key })
      }
      if (result.first.outcome.kind === 'rejected') return fail({ ...result.first.outcome, kind: 'reject' })
      return result.original
    },

    /**
     * Posts many transfers. `atomic`: one database transaction — every
     * account of every transfer locked once, in id order; each transfer
     * decided against the balances the ones before it left; two inserts for
     * all headers and entries; if any transfer is refused, nothing posts and
     * the error names its index. `independent`: one transaction too, but a
     * refused transfer is refused alone: a result per item, in order.
     */
    async postBatch(requests: readonly TransferRequest[], mode: BatchMode): Promise<BatchItemResult[]> {
      if (mode === 'independent') {
        const outcomes = await postIsolating(requests.map((request) => ({ request, key: undefined, fingerprint: '' })))
        return outcomes.map((o): BatchItemResult => {
          switch (o.kind) {
            case 'rejected':
              return { kind: 'rejected', code: o.rejection.code, detail: o.rejection.detail }
            case 'failed':
              // Posted nothing; the others of the batch are unaffected. The cause is for the server log.
              return { kind: 'failed', error: o.error }
            case 'posted':
              return { kind: 'posted', transferId: o.posted.transfer.id }
            case 'replay':
              return { kind: 'posted', transferId: o.original.transfer.id }
          }
        })
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

    /**
     * What was first answered under an idempotency key, if anything: for a caller
     * (FX) that must recognise its own retry before doing work that could differ.
     */
    async firstResultUnder(key: string): Promise<
      { readonly kind: 'posted'; readonly posted: PostedTransfer } | { readonly kind: 'rejected'; readonly rejection: Rejection } | undefined
    > {
      const first = await repo.findIdempotencyRecord(key)
      if (!first) return undefined
      if (first.outcome.kind === 'rejected') return { kind: 'rejected', rejection: { ...first.outcome, kind: 'reject' } }
      const original = await replayed(repo, first)
      return original && { kind: 'posted', posted: original }
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
        const expired = await expireIfDue(store, hold, now)
        if (expired) return expired
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
        const expired = await expireIfDue(store, hold, now)
        if (expired) return expired
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

import { keyAfter, pageFrom } from '@strongroom/kernel'
import type {
  AccountState,
  Entry,
  Hold,
  IdempotencyRecord,
  LedgerEvent,
  LedgerRepository,
  LedgerStore,
  Transfer,
} from '../core/index.js'

export interface InMemoryLedgerRepository extends LedgerRepository {
  /** Every account as it stands, in id order: what a trial balance reads. */
  accounts(): AccountState[]
  /** Every entry in the order it was posted: what the journal sealer reads. */
  entries(): Entry[]
  /** The outbox, in the order events were recorded by committed transactions. */
  events(): LedgerEvent[]
}

interface Tables {
  accounts: Map<string, AccountState>
  transfers: Map<string, Transfer>
  /** Leg order. */
  entriesByTransfer: Map<string, readonly Entry[]>
  /** accountSequence order. */
  entriesByAccount: Map<string, readonly Entry[]>
  journal: readonly Entry[]
  reversals: Map<string, string>
  idempotency: Map<string, IdempotencyRecord>
  holds: Map<string, Hold>
  events: readonly LedgerEvent[]
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The ledger repository in memory, for tests of code that uses the service.
 * Transactions run one at a time and roll back on a throw, like the
 * database does; the uniqueness the port promises (idempotency keys, one
 * reversal per transfer) is enforced and raises, as a constraint would.
 *
 * Each transaction writes to its own copy of the tables (maps copied,
 * records immutable) and publishes it on success, so a rollback is simply
 * dropping the copy, and no one outside sees uncommitted writes.
 */
export function createInMemoryLedgerRepository(): InMemoryLedgerRepository {
  let committed: Tables = {
    accounts: new Map(),
    transfers: new Map(),
    entriesByTransfer: new Map(),
    entriesByAccount: new Map(),
    journal: [],
    reversals: new Map(),
    idempotency: new Map(),
    holds: new Map(),
    events: [],
  }
  let queue: Promise<unknown> = Promise.resolve()

  const copy = (tables: Tables): Tables => ({
    accounts: new Map(tables.accounts),
    transfers: new Map(tables.transfers),
    entriesByTransfer: new Map(tables.entriesByTransfer),
    entriesByAccount: new Map(tables.entriesByAccount),
    journal: tables.journal,
    reversals: new Map(tables.reversals),
    idempotency: new Map(tables.idempotency),
    holds: new Map(tables.holds),
    events: tables.events,
  })

  function inTransaction<T>(work: (store: LedgerStore) => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      const working = copy(committed)
      const result = await work(storeOver(working))
      committed = working // commit; on a throw `working` is simply dropped
      return result
    })
    queue = run.catch(() => undefined)
    return run
  }

  // Outside a transaction, reads see what is committed and each write is a
  // transaction of its own (autocommit).
  const read = () => storeOver(committed)
  return {
    inTransaction,
    insertAccount: (state) => inTransaction((store) => store.insertAccount(state)),
    findAccount: (id) => read().findAccount(id),
    listAccounts: (filter, page) => read().listAccounts(filter, page),
    lockAccounts: (ids) => read().lockAccounts(ids),
    saveAccounts: (states) => inTransaction((store) => store.saveAccounts(states)),
    updateOverdraftLimit: (id, limit) => inTransaction((store) => store.updateOverdraftLimit(id, limit)),
    appendTransfers: (list) => inTransaction((store) => store.appendTransfers(list)),
    findTransfer: (id) => read().findTransfer(id),
    findReversalOf: (transferId) => read().findReversalOf(transferId),
    listTransfers: (filter, page) => read().listTransfers(filter, page),
    listEntries: (accountId, page) => read().listEntries(accountId, page),
    lastEntryAt: (accountId, at) => read().lastEntryAt(accountId, at),
    listEntriesBetween: (accountId, from, toExclusive, limit) => read().listEntriesBetween(accountId, from, toExclusive, limit),
    findIdempotencyRecord: (key) => read().findIdempotencyRecord(key),
    insertIdempotencyRecord: (record) => inTransaction((store) => store.insertIdempotencyRecord(record)),
    insertHold: (hold) => inTransaction((store) => store.insertHold(hold)),
    lockHold: (id) => read().lockHold(id),
    findHold: (id) => read().findHold(id),
    updateHold: (hold) => inTransaction((store) => store.updateHold(hold)),
    listHoldsDue: (now, limit) => read().listHoldsDue(now, limit),
    recordEvents: (events) => inTransaction((store) => store.recordEvents(events)),
    accounts: () => [...committed.accounts.values()].sort((a, b) => byId(a.account, b.account)),
    entries: () => [...committed.journal],
    events: () => [...committed.events],
  }
}

function storeOver(t: Tables): LedgerStore {
  function appendOne(transfer: Transfer, entries: readonly Entry[]): void {
    if (t.transfers.has(transfer.id)) throw new Error(`duplicate transfer id ${transfer.id}`)
    if (transfer.reversalOf !== null) {
      if (t.reversals.has(transfer.reversalOf)) throw new Error(`transfer ${transfer.reversalOf} is already reversed (unique constraint)`)
      t.reversals.set(transfer.reversalOf, transfer.id)
    }
    t.transfers.set(transfer.id, transfer)
    t.entriesByTransfer.set(transfer.id, [...entries])
    for (const entry of entries) {
      t.entriesByAccount.set(entry.accountId, [...(t.entriesByAccount.get(entry.accountId) ?? []), entry])
    }
    t.journal = [...t.journal, ...entries]
  }

  return {
    async insertAccount(state) {
      if (t.accounts.has(state.account.id)) throw new Error(`duplicate account id ${state.account.id}`)
      t.accounts.set(state.account.id, state)
    },
    async findAccount(id) {
      return t.accounts.get(id)
    },
    async listAccounts(filter, page) {
      const after = keyAfter(page)
      const rows = [...t.accounts.values()]
        .filter(({ account }) => filter.clientId === undefined || account.clientId === filter.clientId)
        .filter(({ account }) => filter.currency === undefined || account.currency === filter.currency)
        .filter(({ account }) => filter.kind === undefined || account.kind === filter.kind)
        .filter(({ account }) => after === undefined || account.id > after)
        .sort((a, b) => byId(a.account, b.account))
        .slice(0, page.limit + 1)
      return pageFrom(rows, page.limit, (state) => state.account.id)
    },
    async lockAccounts(ids) {
      return [...new Set(ids)]
        .sort()
        .map((id) => t.accounts.get(id))
        .filter((state): state is AccountState => state !== undefined)
    },
    async saveAccounts(states) {
      for (const state of states) {
        if (!t.accounts.has(state.account.id)) throw new Error(`no account ${state.account.id} to save`)
        t.accounts.set(state.account.id, state)
      }
    },

    async updateOverdraftLimit(id, limitMinor) {
      const state = t.accounts.get(id)
      if (!state) throw new Error(`no account ${id} to update`)
      t.accounts.set(id, { ...state, account: { ...state.account, overdraftLimitMinor: limitMinor } })
    },

    async appendTransfers(list) {
      for (const { transfer, entries } of list) appendOne(transfer, entries)
    },
    async findTransfer(id) {
      const transfer = t.transfers.get(id)
      return transfer && { transfer, entries: t.entriesByTransfer.get(id) ?? [] }
    },
    async findReversalOf(transferId) {
      const id = t.reversals.get(transferId)
      return id === undefined ? undefined : t.transfers.get(id)
    },
    async listTransfers(filter, page) {
      const after = keyAfter(page)
      const onAccount =
        filter.accountId === undefined ? undefined : new Set((t.entriesByAccount.get(filter.accountId) ?? []).map((e) => e.transferId))
      const rows = [...t.transfers.values()]
        .filter((transfer) => onAccount === undefined || onAccount.has(transfer.id))
        .filter((transfer) => after === undefined || transfer.id > after)
        .sort(byId)
        .slice(0, page.limit + 1)
      return pageFrom(rows, page.limit, (transfer) => transfer.id)
    },
    async listEntries(accountId, page) {
      const after = keyAfter(page)
      const from = after !== undefined && /^\d+$/.test(after) ? BigInt(after) : 0n
      const rows = (t.entriesByAccount.get(accountId) ?? []).filter((entry) => entry.accountSequence > from).slice(0, page.limit + 1)
      return pageFrom(rows, page.limit, (entry) => entry.accountSequence.toString())
    },
    async lastEntryAt(accountId, at) {
      const entries = t.entriesByAccount.get(accountId) ?? []
      for (let i = entries.length - 1; i >= 0; i--) {
        if (entries[i]!.postedAt.getTime() <= at.getTime()) return entries[i]
      }
      return undefined
    },
    async listEntriesBetween(accountId, from, toExclusive, limit) {
      return (t.entriesByAccount.get(accountId) ?? [])
        .filter((entry) => entry.postedAt.getTime() >= from.getTime() && entry.postedAt.getTime() < toExclusive.getTime())
        .sort((a, b) => (a.accountSequence < b.accountSequence ? -1 : a.accountSequence > b.accountSequence ? 1 : 0))
        .slice(0, limit)
        .map((entry) => {
          const transfer = t.transfers.get(entry.transferId)
          if (!transfer) throw new Error(`entry ${entry.id} points at missing transfer ${entry.transferId}`)
          return {
            ...entry,
            reference: transfer.reference,
            counterpartyName: transfer.counterparty?.name ?? null,
            transferKind: transfer.kind,
            channel: transfer.channel,
          }
        })
    },

    async findIdempotencyRecord(key) {
      return t.idempotency.get(key)
    },
    async insertIdempotencyRecord(record) {
      if (t.idempotency.has(record.key)) throw new Error(`idempotency key ${record.key} already stored (unique constraint)`)
      t.idempotency.set(record.key, record)
    },

    async insertHold(hold) {
      if (t.holds.has(hold.id)) throw new Error(`duplicate hold id ${hold.id}`)
      t.holds.set(hold.id, hold)
    },
    async lockHold(id) {
      return t.holds.get(id)
    },
    async findHold(id) {
      return t.holds.get(id)
    },
    async updateHold(hold) {
      if (!t.holds.has(hold.id)) throw new Error(`no hold ${hold.id} to update`)
      t.holds.set(hold.id, hold)
    },
    async listHoldsDue(now, limit) {
      return [...t.holds.values()]
        .filter((hold) => hold.status === 'held' && hold.expiresAt !== null && hold.expiresAt.getTime() <= now.getTime())
        .sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime() || byId(a, b))
        .slice(0, limit)
    },

    async recordEvents(events) {
      t.events = [...t.events, ...events]
    },
  }
}

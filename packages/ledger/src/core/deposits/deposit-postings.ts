import { LedgerError } from '../errors.js'
import type { LedgerService } from '../service.js'
import type { PostedTransfer } from '../transfer.js'
import type { DepositStore } from './ports.js'

export interface FlushReport {
  /** Postings now in the ledger (or found there already), by key. */
  readonly posted: ReadonlyMap<string, PostedTransfer>
  /** Postings that did not go through; they stay pending with the reason. `refused`: the ledger answered no (nothing moved). */
  readonly failed: readonly { readonly key: string; readonly depositId: string; readonly error: string; readonly refused: boolean }[]
}

const batch = 200

/**
 * Moves the money of committed deposit changes (see `DepositPosting`): each
 * pending posting goes to the ledger under its key — a second attempt after
 * a crash replays the first, never posts twice — and is then forgotten.
 * Postings are submitted together so the ledger's group commit shares
 * transactions between them.
 */
export function createPostingFlusher({ store, ledger }: { readonly store: DepositStore; readonly ledger: LedgerService }) {
  return async function flushPostings(depositIds: readonly string[] | null): Promise<FlushReport> {
    const posted = new Map<string, PostedTransfer>()
    const failed: { key: string; depositId: string; error: string; refused: boolean }[] = []
    const tried = new Set<string>()
    for (;;) {
      const pending = (await store.pendingPostings(depositIds, batch + tried.size)).filter((p) => !tried.has(p.key))
      if (pending.length === 0) break
      await Promise.all(pending.map(async (p) => {
        tried.add(p.key)
        try {
          const key = p.refusals === 0 ? p.key : `${p.key}/retry-${p.refusals}`
          posted.set(p.key, await ledger.postTransfer(p.request, { idempotencyKey: key }))
          await store.completePosting(p.key)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          const refused = error instanceof LedgerError
          failed.push({ key: p.key, depositId: p.depositId, error: message, refused })
          await store.failPosting(p.key, message, refused)
        }
      }))
    }
    return { posted, failed }
  }
}

export type FlushPostings = ReturnType<typeof createPostingFlusher>

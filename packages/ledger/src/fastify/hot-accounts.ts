import type { LedgerService } from '../core/index.js'

/**
 * Which accounts are hot (unbounded, bank-side). Their entries carry no
 * running balance of their own — it is derived in listings and statements —
 * so a transfer shows `balanceAfter: null` on their legs rather than a
 * provisional figure. Whether an account is unbounded never changes after it
 * opens, so the answer is remembered.
 */
export function createHotAccounts(ledger: Pick<LedgerService, 'getAccount'>) {
  const known = new Map<string, boolean>()
  return async function hotAmong(accountIds: readonly string[]): Promise<ReadonlySet<string>> {
    const hot = new Set<string>()
    for (const id of new Set(accountIds)) {
      let unbounded = known.get(id)
      if (unbounded === undefined) {
        unbounded = (await ledger.getAccount(id)).account.unbounded
        if (known.size > 100_000) known.clear()
        known.set(id, unbounded)
      }
      if (unbounded) hot.add(id)
    }
    return hot
  }
}

export type HotAccounts = ReturnType<typeof createHotAccounts>

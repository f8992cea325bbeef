import type { Actor } from '@strongroom/kernel'
import { LedgerError, type Account } from '../core/index.js'

/**
 * Who may see whose money. The ledger knows accounts, not books: the server
 * tells it which actors are limited to a book (relationship managers) and
 * which clients are in it. Outside the book an account is "not found".
 */
export interface LedgerVisibility {
  /** True when the actor sees only some clients' accounts (and no internal ones). */
  scoped(actor: Actor): boolean
  canSeeClient(actor: Actor, clientId: string): Promise<boolean>
}

export const everyoneSeesEverything: LedgerVisibility = {
  scoped: () => false,
  canSeeClient: async () => true,
}

export async function canSeeAccount(visibility: LedgerVisibility, actor: Actor, account: Pick<Account, 'clientId'>): Promise<boolean> {
  if (!visibility.scoped(actor)) return true
  return account.clientId !== null && (await visibility.canSeeClient(actor, account.clientId))
}

export function accountNotFound(id: string): LedgerError {
  return new LedgerError('ledger.account_not_found', `no account ${id}`, { accountId: id })
}

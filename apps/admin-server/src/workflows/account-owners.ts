import type { LedgerService } from '@strongroom/ledger'

/** What the transfer workflow asks of an account: whose it is and which side is money leaving. These never change once it is open. */
export interface AccountOwner {
  readonly kind: 'client' | 'internal'
  readonly clientId: string | null
  readonly normalBalance: 'debit' | 'credit'
}

/**
 * The owners of accounts, remembered: a transfer through the workflow asks
 * about each leg's account, and without this every transfer would pay extra
 * round trips for facts that cannot change. Unknown accounts are not
 * remembered (the ledger answers for them when the transfer posts).
 */
export function createAccountOwners(ledger: Pick<LedgerService, 'getAccount'>) {
  const known = new Map<string, AccountOwner>()
  return async function ownerOf(accountId: string): Promise<AccountOwner | undefined> {
    const cached = known.get(accountId)
    if (cached) return cached
    const state = await ledger.getAccount(accountId).catch(() => undefined)
    if (!state) return undefined
    const owner: AccountOwner = { kind: state.account.kind, clientId: state.account.clientId, normalBalance: state.account.normalBalance }
    if (known.size > 100_000) known.clear()
    known.set(accountId, owner)
    return owner
  }
}

export type AccountOwners = ReturnType<typeof createAccountOwners>

/** Whether a leg takes money out of the account: the side opposite its normal balance. */
export function isOutflow(owner: AccountOwner, direction: 'debit' | 'credit'): boolean {
  return owner.normalBalance === 'credit' ? direction === 'debit' : direction === 'credit'
}

import type { CurrencyCode } from '@strongroom/kernel'
import type { AccountState } from './account.js'

/** The posted totals of one currency across the ledger. */
export interface CurrencyTotals {
  readonly currency: CurrencyCode
  readonly debitsMinor: bigint
  readonly creditsMinor: bigint
  /** Debits equal credits: what double entry guarantees and what an auditor checks first. */
  readonly balanced: boolean
}

/**
 * Totals per currency, sorted by currency code. Only posted amounts count:
 * a hold moves no money between accounts, so it has no other side to
 * balance against.
 */
export function trialBalance(accounts: Iterable<Pick<AccountState, 'account' | 'balances'>>): CurrencyTotals[] {
  const totals = new Map<CurrencyCode, { debitsMinor: bigint; creditsMinor: bigint }>()
  for (const { account, balances } of accounts) {
    const total = totals.get(account.currency) ?? { debitsMinor: 0n, creditsMinor: 0n }
    totals.set(account.currency, {
      debitsMinor: total.debitsMinor + balances.postedDebitsMinor,
      creditsMinor: total.creditsMinor + balances.postedCreditsMinor,
    })
  }
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, { debitsMinor, creditsMinor }]) => ({ currency, debitsMinor, creditsMinor, balanced: debitsMinor === creditsMinor }))
}

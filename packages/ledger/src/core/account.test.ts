import { describe, expect, it } from 'vitest'
import { availableBalance, heldBalance, postedBalance } from './account.js'
import { decideAccountOpening, decideAccountStatusChange, type NewAccount } from './account-lifecycle.js'
import { anAccount, anInternalAccount, cny, usd } from '../testing/index.js'

const context = { id: 'acc-1', now: new Date('2026-03-01T09:00:00Z') }
const rejected = (code: string) => ({ kind: 'reject', code, detail: expect.any(String) })

describe('balances', () => {
  it('reads a credit-normal account as credits − debits, and available as posted − held', () => {
    const { account, balances } = anAccount({
      balances: { postedCreditsMinor: 50_000_00n, postedDebitsMinor: 12_000_00n, pendingDebitsMinor: 3_000_00n, pendingCreditsMinor: 7_00n },
    })
    expect(postedBalance(account, balances)).toEqual(cny('38000.00'))
    expect(availableBalance(account, balances)).toEqual(cny('35000.00')) // pending credits are not counted
    expect(heldBalance(account, balances)).toEqual(cny('3000.00'))
  })

  it('reads a debit-normal account as the mirror image', () => {
    const { account, balances } = anInternalAccount('cash_vault', 'USD', {
      balances: { postedCreditsMinor: 100n, postedDebitsMinor: 1_000n, pendingDebitsMinor: 5n, pendingCreditsMinor: 300n },
    })
    expect(postedBalance(account, balances)).toEqual(usd('9.00'))
    expect(availableBalance(account, balances)).toEqual(usd('6.00'))
  })

  it('can be negative: an overdrawn client, a vault that paid out more than it took in', () => {
    const { account, balances } = anAccount({ posted: cny('-12.34'), overdraftLimitMinor: 5000n })
    expect(postedBalance(account, balances)).toEqual(cny('-12.34'))
  })
})

describe('decideAccountOpening', () => {
  const client: NewAccount = { kind: 'client', clientId: 'client-9', currency: 'CNY', name: ' Demand deposit ' }

  it('opens a client account credit-normal, bounded, empty', () => {
    const decision = decideAccountOpening(client, context)
    expect(decision).toEqual({
      kind: 'open',
      state: {
        account: {
          id: 'acc-1', kind: 'client', clientId: 'client-9', internalPurpose: null, currency: 'CNY', normalBalance: 'credit',
          status: 'open', overdraftLimitMinor: 0n, unbounded: false, name: 'Demand deposit', createdAt: context.now,
        },
        balances: { postedDebitsMinor: 0n, postedCreditsMinor: 0n, pendingDebitsMinor: 0n, pendingCreditsMinor: 0n },
        entrySequence: 0n,
        lastPostedAt: null,
      },
    })
  })

  it('gives internal accounts the normal balance of their purpose unless told otherwise', () => {
    const open = (purpose: 'cash_vault' | 'fees' | 'interest_expense', normalBalance?: 'credit' | 'debit') => {
      const decision = decideAccountOpening({ kind: 'internal', internalPurpose: purpose, currency: 'CNY', name: purpose, unbounded: true, normalBalance }, context)
      return decision.kind === 'open' ? decision.state.account.normalBalance : decision.code
    }
    expect([open('cash_vault'), open('fees'), open('interest_expense'), open('fees', 'debit')]).toEqual(['debit', 'credit', 'debit', 'debit'])
  })

  it('stores an overdraft limit in minor units of the account currency', () => {
    const decision = decideAccountOpening({ ...client, overdraftLimit: cny('50000.00') }, context)
    expect(decision.kind === 'open' && decision.state.account.overdraftLimitMinor).toBe(5_000_000n)
  })

  it.each<[string, NewAccount, string]>([
    ['a client account without a client', { ...client, clientId: null }, 'ledger.invalid_account'],
    ['an unbounded client account', { ...client, unbounded: true }, 'ledger.invalid_account'],
    ['a client account with an internal purpose', { ...client, internalPurpose: 'fees' }, 'ledger.invalid_account'],
    ['an internal account without a purpose', { kind: 'internal', currency: 'CNY', name: 'x' }, 'ledger.invalid_account'],
    ['an internal account owned by a client', { kind: 'internal', internalPurpose: 'fees', clientId: 'c', currency: 'CNY', name: 'x' }, 'ledger.invalid_account'],
    ['a blank name', { ...client, name: '  ' }, 'ledger.invalid_account'],
    ['a negative overdraft limit', { ...client, overdraftLimit: cny('-1.00') }, 'ledger.invalid_account'],
    ['an overdraft limit in another currency', { ...client, overdraftLimit: usd('1.00') }, 'ledger.currency_mismatch'],
  ])('refuses %s', (_, input, code) => {
    expect(decideAccountOpening(input, context)).toEqual(rejected(code))
  })
})

describe('decideAccountStatusChange', () => {
  it('freezes, unfreezes and closes an empty account; closed is final', () => {
    const open = anAccount()
    const frozen = decideAccountStatusChange(open, 'frozen')
    expect(frozen.kind === 'change' && frozen.account.status).toBe('frozen')
    expect(decideAccountStatusChange(anAccount({ status: 'frozen' }), 'open').kind).toBe('change')
    expect(decideAccountStatusChange(anAccount({ status: 'frozen' }), 'closed').kind).toBe('change')
    expect(decideAccountStatusChange(open, 'open')).toEqual({ kind: 'unchanged' })
    expect(decideAccountStatusChange(anAccount({ status: 'closed' }), 'open')).toEqual(rejected('ledger.invalid_status_change'))
  })

  it('closes only an account with nothing posted and nothing held', () => {
    expect(decideAccountStatusChange(anAccount({ posted: cny('0.01') }), 'closed')).toEqual(rejected('ledger.account_not_empty'))
    expect(decideAccountStatusChange(anAccount({ posted: cny('-0.01'), overdraftLimitMinor: 100n }), 'closed')).toEqual(rejected('ledger.account_not_empty'))
    expect(decideAccountStatusChange(anAccount({ held: cny('1.00'), posted: cny('1.00') }), 'closed')).toEqual(rejected('ledger.account_not_empty'))
    // Money that came and went leaves counters behind but a zero balance.
    expect(decideAccountStatusChange(anAccount({ balances: { postedCreditsMinor: 500n, postedDebitsMinor: 500n, pendingDebitsMinor: 0n, pendingCreditsMinor: 0n } }), 'closed').kind).toBe('change')
  })
})

import { parseMoney, type CurrencyCode, type Money } from '@strongroom/kernel'
import { defaultNormalBalance } from '../core/index.js'
import type {
  Account,
  AccountBalances,
  AccountState,
  HoldRequest,
  InternalPurpose,
  NewAccount,
  SimpleTransferRequest,
} from '../core/index.js'

/** CNY in major units: `cny('250000.00')`. */
export const cny = (amount: string): Money => parseMoney(amount, 'CNY')
export const usd = (amount: string): Money => parseMoney(amount, 'USD')
export const eur = (amount: string): Money => parseMoney(amount, 'EUR')
export const jpy = (amount: string): Money => parseMoney(amount, 'JPY')

let counter = 0
const nextNumber = () => ++counter

export interface AccountStateOverrides extends Partial<Account> {
  /** The posted balance on the account's normal side (negative: overdrawn). */
  readonly posted?: Money
  /** Reserved by holds; lands on the outflow side whatever the normal balance. */
  readonly held?: Money
  readonly pendingDebits?: Money
  readonly pendingCredits?: Money
  readonly balances?: AccountBalances
  readonly entrySequence?: bigint
  readonly lastPostedAt?: Date | null
}

/**
 * An account as the store would return it, for testing decisions. By
 * default an open, bounded, credit-normal CNY client account with nothing
 * in it; say only what the test is about:
 * `anAccount({ posted: cny('100.00'), held: cny('30.00') })`.
 */
export function anAccount(overrides: AccountStateOverrides = {}): AccountState {
  const { posted, held, pendingDebits, pendingCredits, balances, entrySequence, lastPostedAt, ...fields } = overrides
  const n = nextNumber()
  const currency = fields.currency ?? posted?.currency ?? held?.currency ?? pendingDebits?.currency ?? pendingCredits?.currency ?? 'CNY'
  const account: Account = {
    id: `account-${String(n).padStart(4, '0')}`,
    kind: 'client',
    clientId: `client-${n}`,
    internalPurpose: null,
    currency,
    normalBalance: 'credit',
    status: 'open',
    overdraftLimitMinor: 0n,
    unbounded: false,
    name: `Test account ${n}`,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    ...fields,
  }
  const postedMinor = posted?.amountMinor ?? 0n
  const normalSide = postedMinor >= 0n ? postedMinor : 0n
  const otherSide = postedMinor < 0n ? -postedMinor : 0n
  const heldMinor = held?.amountMinor ?? 0n
  const credit = account.normalBalance === 'credit'
  return {
    account,
    balances: balances ?? {
      postedCreditsMinor: credit ? normalSide : otherSide,
      postedDebitsMinor: credit ? otherSide : normalSide,
      pendingDebitsMinor: (pendingDebits?.amountMinor ?? 0n) + (credit ? heldMinor : 0n),
      pendingCreditsMinor: (pendingCredits?.amountMinor ?? 0n) + (credit ? 0n : heldMinor),
    },
    entrySequence: entrySequence ?? 0n,
    lastPostedAt: lastPostedAt ?? null,
  }
}

/** One of the bank's own books: unbounded, debit- or credit-normal as its purpose says. */
export function anInternalAccount(purpose: InternalPurpose, currency: CurrencyCode = 'CNY', overrides: AccountStateOverrides = {}): AccountState {
  return anAccount({
    id: `${purpose}-${currency}`,
    kind: 'internal',
    clientId: null,
    internalPurpose: purpose,
    currency,
    normalBalance: defaultNormalBalance[purpose],
    unbounded: true,
    name: `${purpose} ${currency}`,
    ...overrides,
  })
}

/** The cash vault of a currency, id `vault-CNY`: where cash deposits come from and withdrawals go. */
export function aVault(currency: CurrencyCode = 'CNY', overrides: AccountStateOverrides = {}): AccountState {
  return anInternalAccount('cash_vault', currency, { id: vaultId(currency), ...overrides })
}

export const vaultId = (currency: CurrencyCode): string => `vault-${currency}`

const idOf = (account: AccountState | string) => (typeof account === 'string' ? account : account.account.id)

/** Cash paid in at the counter: the vault debited, the client credited. */
export function aDeposit(to: AccountState | string, amount: Money, overrides: Partial<SimpleTransferRequest> = {}): SimpleTransferRequest {
  return { debitAccountId: vaultId(amount.currency), creditAccountId: idOf(to), amount, channel: 'cash', reference: 'cash deposit', ...overrides }
}

/** Cash paid out at the counter: the client debited, the vault credited. */
export function aWithdrawal(from: AccountState | string, amount: Money, overrides: Partial<SimpleTransferRequest> = {}): SimpleTransferRequest {
  return { debitAccountId: idOf(from), creditAccountId: vaultId(amount.currency), amount, channel: 'cash', reference: 'cash withdrawal', ...overrides }
}

/** A payment between two accounts of the bank. */
export function aPayment(
  from: AccountState | string,
  to: AccountState | string,
  amount: Money,
  overrides: Partial<SimpleTransferRequest> = {},
): SimpleTransferRequest {
  return { debitAccountId: idOf(from), creditAccountId: idOf(to), amount, channel: 'transfer', reference: 'payment', ...overrides }
}

export function aHoldRequest(on: AccountState | string, amount: Money, overrides: Partial<HoldRequest> = {}): HoldRequest {
  return { accountId: idOf(on), amount, reason: 'pledged as collateral', owner: 'credit desk', expiresAt: null, ...overrides }
}

/** Input for `openAccount`: a CNY deposit account of a client. */
export function aNewClientAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  const n = nextNumber()
  return { kind: 'client', clientId: `client-${n}`, currency: 'CNY', name: `Deposit account ${n}`, ...overrides }
}

/** Input for `openAccount`: an internal account of the bank. */
export function aNewInternalAccount(purpose: InternalPurpose, currency: CurrencyCode = 'CNY', overrides: Partial<NewAccount> = {}): NewAccount {
  return { kind: 'internal', internalPurpose: purpose, currency, unbounded: true, name: `${purpose} ${currency}`, ...overrides }
}

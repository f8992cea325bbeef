import { describe, expect, it } from 'vitest'
import { DomainError, fixedClock, formatMoney, money, sequentialIds, type Money } from '@strongroom/kernel'
import type { Account } from './account.js'
import { LedgerError } from './errors.js'
import type { LedgerRepository } from './ports.js'
import { createLedgerService } from './service.js'
import {
  buildStatement,
  describeStatementLine,
  maxStatementEntries,
  statementBounds,
  statementPeriodProblem,
  type StatementSourceEntry,
} from './statement.js'
import { aNewClientAccount, aNewInternalAccount, anAccount, aVault, cny, createInMemoryLedgerRepository } from '../testing/index.js'

const january = { from: '2026-01-01', to: '2026-01-31' }
const generatedAt = new Date('2026-02-01T08:00:00.000Z')

const client: Account = anAccount({ id: 'acc-client', name: 'Li Wei deposit' }).account
const vault: Account = aVault('CNY').account

let entryNumber = 0
/** An entry of `account` as the store would list it; `balanceAfter` is what the row stores. */
function anEntry(
  account: Account,
  direction: 'debit' | 'credit',
  amount: Money,
  balanceAfter: Money | null,
  sequence: bigint,
  postedAt: string,
  extra: Partial<StatementSourceEntry> = {},
): StatementSourceEntry {
  entryNumber += 1
  return {
    id: `entry-${entryNumber}`, transferId: `transfer-${entryNumber}`, accountId: account.id, direction, amount, balanceAfter,
    accountSequence: sequence, postedAt: new Date(postedAt), ...extra,
  }
}

const figures = (list: readonly { amount: Money; balance: Money }[]) => list.map((l) => [formatMoney(l.amount), formatMoney(l.balance)])

describe('the statement period', () => {
  it('covers whole UTC days, both ends included', () => {
    expect(statementBounds(january)).toEqual({
      start: new Date('2026-01-01T00:00:00.000Z'), endExclusive: new Date('2026-02-01T00:00:00.000Z'), days: 31,
    })
    expect(statementBounds({ from: '2026-03-05', to: '2026-03-05' }).days).toBe(1)
  })

  it('accepts up to 366 days and refuses a 367th, or an end before the start, or a day that does not exist', () => {
    expect(statementPeriodProblem({ from: '2024-01-01', to: '2024-12-31' })).toBeUndefined() // a leap year: 366 days
    expect(statementPeriodProblem({ from: '2024-01-01', to: '2025-01-01' })).toMatch(/at most 366 days.*367/)
    expect(statementPeriodProblem({ from: '2026-01-02', to: '2026-01-01' })).toMatch(/after/)
    expect(statementPeriodProblem({ from: '2026-02-30', to: '2026-03-01' })).toMatch(/`from`/)
    expect(statementPeriodProblem({ from: '2026-01-01', to: '2026-1-31' })).toMatch(/`to`/)
    expect(() => statementBounds({ from: '2026-01-02', to: '2026-01-01' })).toThrow(RangeError)
  })
})

describe('buildStatement', () => {
  it('counts running balances from the opening balance, signed from the holder’s view (credit-normal)', () => {
    // By hand: 1,000.00 + 500.00 = 1,500.00; − 250.50 = 1,249.50; − 1,249.50 = 0.00; + 0.01 = 0.01.
    const statement = buildStatement({
      account: client,
      opening: cny('1000.00'),
      entries: [
        anEntry(client, 'credit', cny('500.00'), cny('1500.00'), 5n, '2026-01-01T00:00:00.000Z', { reference: 'salary', counterpartyName: 'ACME Ltd' }),
        anEntry(client, 'debit', cny('250.50'), cny('1249.50'), 6n, '2026-01-10T12:00:00.000Z'),
        anEntry(client, 'debit', cny('1249.50'), cny('0.00'), 7n, '2026-01-20T12:00:00.000Z'),
        anEntry(client, 'credit', cny('0.01'), cny('0.01'), 8n, '2026-01-31T23:59:59.999Z'),
      ],
      period: january,
      generatedAt,
    })
    expect(figures(statement.lines)).toEqual([
      ['500.00', '1500.00'],
      ['-250.50', '1249.50'],
      ['-1249.50', '0.00'],
      ['0.01', '0.01'],
    ])
    expect(formatMoney(statement.opening)).toBe('1000.00')
    expect(formatMoney(statement.closing)).toBe('0.01')
    expect(statement.totals).toEqual({ count: 4, credits: cny('500.01'), debits: cny('1500.00') })
    expect(statement.lines[0]).toMatchObject({ reference: 'salary', counterpartyName: 'ACME Ltd', direction: 'credit', accountSequence: 5n })
    expect(statement.lines[1]).toMatchObject({ reference: null, counterpartyName: null, transferKind: null })
    expect(statement.account).toEqual({ id: 'acc-client', name: 'Li Wei deposit', currency: 'CNY', kind: 'client', normalBalance: 'credit' })
    expect(statement.generatedAt).toBe(generatedAt)
  })

  it('mirrors the signs for a debit-normal account, and ignores the stored balance of a hot account', () => {
    // The vault (debit-normal, unbounded) stores no running balance — or, here, a wrong one that must not be read.
    // By hand: 10,000.00 + 2,000.00 (debit) = 12,000.00; − 500.00 (credit) = 11,500.00.
    const statement = buildStatement({
      account: vault,
      opening: cny('10000.00'),
      entries: [
        anEntry(vault, 'debit', cny('2000.00'), null, 901n, '2026-01-03T00:00:00.000Z'),
        anEntry(vault, 'credit', cny('500.00'), cny('0.00'), 977n, '2026-01-04T00:00:00.000Z'),
      ],
      period: january,
      generatedAt,
    })
    expect(figures(statement.lines)).toEqual([
      ['2000.00', '12000.00'],
      ['-500.00', '11500.00'],
    ])
    expect(statement.totals).toEqual({ count: 2, credits: cny('500.00'), debits: cny('2000.00') })
    expect(formatMoney(statement.closing)).toBe('11500.00')
  })

  it('refuses a bounded account whose stored running balance disagrees — or is missing', () => {
    const build = (stored: Money | null) => () =>
      buildStatement({
        account: client,
        opening: cny('100.00'),
        entries: [
          anEntry(client, 'credit', cny('50.00'), cny('150.00'), 1n, '2026-01-02T00:00:00.000Z'),
          anEntry(client, 'debit', cny('20.00'), stored, 2n, '2026-01-03T00:00:00.000Z'),
        ],
        period: january,
        generatedAt,
      })
    expect(build(cny('130.00'))).not.toThrow()
    expect(build(cny('130.01'))).toThrow(/invariant broken.*13000 minor units, the entry stores 13001/)
    expect(build(null)).toThrow(/stores no balance/)
  })

  it('refuses to disagree with a closing balance read on its own', () => {
    const build = (closing: Money) => () =>
      buildStatement({
        account: vault,
        opening: cny('10.00'),
        entries: [anEntry(vault, 'debit', cny('5.00'), null, 1n, '2026-01-02T00:00:00.000Z')],
        period: january,
        generatedAt,
        closing,
      })
    expect(build(cny('15.00'))).not.toThrow()
    expect(build(cny('15.01'))).toThrow(/does not add up: opening 1000 plus the period's entries is 1500, but the balance at the end of the period is 1501/)
  })

  it('refuses entries that are not the account’s, not in its currency, outside the period or out of order', () => {
    const build = (entries: StatementSourceEntry[]) => () =>
      buildStatement({ account: client, opening: cny('0.00'), entries, period: january, generatedAt })
    const at = '2026-01-15T00:00:00.000Z'
    expect(build([{ ...anEntry(client, 'credit', cny('1.00'), cny('1.00'), 1n, at), accountId: 'someone-else' }])).toThrow(/belongs to account someone-else/)
    expect(build([anEntry(client, 'credit', money(100n, 'USD'), money(100n, 'USD'), 1n, at)])).toThrow(/is in USD/)
    expect(build([anEntry(client, 'credit', cny('1.00'), cny('1.00'), 1n, '2026-02-01T00:00:00.000Z')])).toThrow(/outside 2026-01-01..2026-01-31/)
    expect(build([anEntry(client, 'credit', cny('1.00'), cny('1.00'), 1n, '2025-12-31T23:59:59.999Z')])).toThrow(/outside/)
    expect(build([
      anEntry(client, 'credit', cny('1.00'), cny('1.00'), 2n, at),
      anEntry(client, 'credit', cny('1.00'), cny('2.00'), 2n, at),
    ])).toThrow(/out of account-sequence order/)
    expect(() => buildStatement({ account: client, opening: money(0n, 'USD'), entries: [], period: january, generatedAt })).toThrow(/opening balance in USD/)
  })

  it('states a quiet period: no lines, closing equals opening', () => {
    const statement = buildStatement({ account: client, opening: cny('42.00'), entries: [], period: january, generatedAt })
    expect(statement.lines).toEqual([])
    expect(statement.totals).toEqual({ count: 0, credits: cny('0.00'), debits: cny('0.00') })
    expect(statement.closing).toEqual(cny('42.00'))
  })

  it('describes a line by its reference and counterparty, or by what kind of transfer it was', () => {
    expect(describeStatementLine({ reference: 'INV-7', counterpartyName: 'ACME', transferKind: 'transfer' })).toBe('INV-7 · ACME')
    expect(describeStatementLine({ reference: 'INV-7', counterpartyName: null, transferKind: 'reversal' })).toBe('Reversal: INV-7')
    expect(describeStatementLine({ reference: null, counterpartyName: null, transferKind: 'capture' })).toBe('Hold capture')
    expect(describeStatementLine({ reference: null, counterpartyName: null, transferKind: null })).toBe('Transfer')
  })
})

describe('ledger service — statement', () => {
  async function setup() {
    const repo = createInMemoryLedgerRepository()
    const clock = fixedClock('2025-12-31T10:00:00.000Z')
    const ledger = createLedgerService({ repo, clock, ids: sequentialIds() })
    const vaultId = (await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY'))).account.id
    const clientId = (await ledger.openAccount(aNewClientAccount({ name: 'Zhang San' }))).account.id
    const post = async (at: string, debitAccountId: string, creditAccountId: string, amount: string, extra: object = {}) => {
      clock.set(at)
      return ledger.postTransfer({ debitAccountId, creditAccountId, amount: cny(amount), channel: 'cash', ...extra })
    }
    return { repo, clock, ledger, vaultId, clientId, post }
  }

  it('reads the opening balance before the period, the entries inside it, and their transfers’ descriptions', async () => {
    const { ledger, clock, vaultId, clientId, post } = await setup()
    await post('2025-12-31T23:59:59.999Z', vaultId, clientId, '1000.00') // before: the opening balance
    await post('2026-01-01T00:00:00.000Z', vaultId, clientId, '200.00', { reference: 'top-up', counterparty: { name: 'Zhang Wei' } })
    await post('2026-01-31T23:59:59.999Z', clientId, vaultId, '50.25', { reference: 'cash out' })
    await post('2026-02-01T00:00:00.000Z', clientId, vaultId, '1.00') // after: not on the statement
    clock.set('2026-03-01T00:00:00.000Z')

    const statement = await ledger.statement(clientId, january)
    // By hand: opening 1,000.00; + 200.00 = 1,200.00; − 50.25 = 1,149.75.
    expect(formatMoney(statement.opening)).toBe('1000.00')
    expect(figures(statement.lines)).toEqual([['200.00', '1200.00'], ['-50.25', '1149.75']])
    expect(formatMoney(statement.closing)).toBe('1149.75')
    expect(statement.lines.map((l) => [l.reference, l.counterpartyName, l.transferKind, l.channel])).toEqual([
      ['top-up', 'Zhang Wei', 'transfer', 'cash'],
      ['cash out', null, 'transfer', 'cash'],
    ])
    expect(statement.generatedAt).toEqual(new Date('2026-03-01T00:00:00.000Z'))

    // The vault (debit-normal: cash in is a debit) sees the same figures from its side.
    const vaultStatement = await ledger.statement(vaultId, january)
    expect(formatMoney(vaultStatement.opening)).toBe('1000.00')
    expect(figures(vaultStatement.lines)).toEqual([['200.00', '1200.00'], ['-50.25', '1149.75']])
    expect(vaultStatement.lines.map((l) => l.direction)).toEqual(['debit', 'credit'])
  })

  it('refuses an unknown account and a bad period', async () => {
    const { ledger, clientId } = await setup()
    await expect(ledger.statement('no-such-account', january)).rejects.toSatisfy((e) => e instanceof LedgerError && e.code === 'ledger.account_not_found')
    await expect(ledger.statement(clientId, { from: '2026-02-01', to: '2026-01-01' })).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'common.invalid_input',
    )
  })

  it('cross-checks the closing balance of a settled period, and not of one still open', async () => {
    const { repo, clock, ledger, vaultId, clientId, post } = await setup()
    await post('2026-01-10T00:00:00.000Z', vaultId, clientId, '10.00')
    // A store whose point-in-time balance at the end of January disagrees with the entries it lists.
    const lying: LedgerRepository = {
      ...repo,
      lastEntryAt: async (accountId, at) => {
        const entry = await repo.lastEntryAt(accountId, at)
        return entry && at.getTime() >= new Date('2026-01-31T00:00:00.000Z').getTime() ? { ...entry, balanceAfter: cny('10.01') } : entry
      },
    }
    const overLying = createLedgerService({ repo: lying, clock, ids: sequentialIds() })
    clock.set('2026-01-31T12:00:00.000Z') // January still open: nothing to cross-check yet
    await expect(overLying.statement(clientId, january)).resolves.toMatchObject({ closing: cny('10.00') })
    clock.set('2026-02-01T00:10:00.000Z') // settled
    await expect(overLying.statement(clientId, january)).rejects.toThrow(/does not add up/)
    await expect(ledger.statement(clientId, january)).resolves.toMatchObject({ closing: cny('10.00') })
  })

  it(`refuses a period with more than ${maxStatementEntries} entries rather than building it`, async () => {
    const { repo, clock, clientId } = await setup()
    let asked = 0
    const crowded: LedgerRepository = {
      ...repo,
      listEntriesBetween: async (_accountId, _from, _to, limit) => {
        asked = limit
        return Array.from({ length: limit }, () => ({}) as never)
      },
    }
    const ledger = createLedgerService({ repo: crowded, clock, ids: sequentialIds() })
    await expect(ledger.statement(clientId, january)).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'common.invalid_input' && /more than 100000 entries/.test(e.message),
    )
    expect(asked).toBe(maxStatementEntries + 1)
  })
})

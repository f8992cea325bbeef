import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { money, type CurrencyCode } from '@strongroom/kernel'
import { availableBalance, postedBalance, type AccountState } from './account.js'
import { decideHold } from './hold.js'
import { trialBalance } from './trial-balance.js'
import {
  accountIdsOf,
  accountsAfterPosting,
  decideTransfer,
  legsOf,
  maxTransferLegs,
  postingInstant,
  type Leg,
  type MultiLegTransferRequest,
  type TransferDecision,
  type TransferRequest,
} from './transfer.js'
import { aDeposit, anAccount, anInternalAccount, aPayment, aVault, aWithdrawal, cny, usd } from '../testing/index.js'

const rejected = (code: string) => ({ kind: 'reject', code, detail: expect.any(String) })
const posted = (decision: TransferDecision) => {
  if (decision.kind !== 'post') throw new Error(`expected a posting, got ${decision.code}: ${decision.detail}`)
  return decision
}
const multi = (entries: Leg[]): MultiLegTransferRequest => ({ entries, channel: 'internal' })

describe('decideTransfer — known answers', () => {
  it('refuses a withdrawal that would take available below zero', () => {
    const account = anAccount({ posted: cny('100.00'), pendingDebits: cny('30.00') })
    const decision = decideTransfer([account, aVault()], aWithdrawal(account, cny('70.01')))
    expect(decision).toEqual(rejected('ledger.insufficient_funds'))
  })

  it('lets a withdrawal take available to exactly zero, holds included', () => {
    const account = anAccount({ posted: cny('100.00'), held: cny('30.00') })
    const { balancesAfter } = posted(decideTransfer([account, aVault()], aWithdrawal(account, cny('70.00'))))
    const after = balancesAfter.find((b) => b.accountId === account.account.id)!
    expect(after.posted).toEqual(cny('30.00'))
    expect(after.available).toEqual(cny('0.00'))
    expect(after.balances.pendingDebitsMinor).toBe(3000n) // the hold is untouched
  })

  it('records each entry with the posted balance after it, on each account’s normal side', () => {
    const account = anAccount({ posted: cny('1000.00'), entrySequence: 7n })
    const vault = aVault('CNY', { posted: cny('5000.00'), entrySequence: 41n })
    const { entries, balancesAfter } = posted(decideTransfer([account, vault], aDeposit(account, cny('250000.00'))))
    expect(entries).toEqual([
      { accountId: 'vault-CNY', direction: 'debit', amount: cny('250000.00'), balanceAfter: cny('255000.00'), accountSequence: 42n },
      { accountId: account.account.id, direction: 'credit', amount: cny('250000.00'), balanceAfter: cny('251000.00'), accountSequence: 8n },
    ])
    expect(balancesAfter.map((b) => [b.accountId, b.posted, b.available])).toEqual([
      ['vault-CNY', cny('255000.00'), cny('255000.00')],
      [account.account.id, cny('251000.00'), cny('251000.00')],
    ])
  })

  it('lets an unbounded internal account go below zero', () => {
    const account = anAccount({ posted: cny('10.00') })
    const vault = aVault()
    const { balancesAfter } = posted(decideTransfer([account, vault], aWithdrawal(account, cny('10.00'))))
    expect(balancesAfter.find((b) => b.accountId === 'vault-CNY')!.posted).toEqual(cny('-10.00'))
  })

  it('uses an overdraft up to its limit, and says so when the limit is what stops it', () => {
    const account = anAccount({ posted: cny('10.00'), overdraftLimitMinor: 5000n })
    const ok = posted(decideTransfer([account, aVault()], aWithdrawal(account, cny('60.00'))))
    expect(ok.balancesAfter.find((b) => b.accountId === account.account.id)!.available).toEqual(cny('-50.00'))
    expect(decideTransfer([account, aVault()], aWithdrawal(account, cny('60.01')))).toEqual(rejected('ledger.overdraft_limit_exceeded'))
  })

  it('still credits an account that is already below its floor (its limit was lowered)', () => {
    const account = anAccount({ posted: cny('-80.00'), overdraftLimitMinor: 5000n })
    expect(decideTransfer([account, aVault()], aDeposit(account, cny('10.00'))).kind).toBe('post')
    expect(decideTransfer([account, aVault()], aWithdrawal(account, cny('0.01')))).toEqual(rejected('ledger.overdraft_limit_exceeded'))
  })

  it('posts a balanced multi-leg transfer, one entry per leg, in leg order', () => {
    const payer = anAccount({ posted: cny('1000.00') })
    const payee = anAccount()
    const fees = anInternalAccount('fees')
    const { entries } = posted(
      decideTransfer(
        [payer, payee, fees],
        multi([
          { accountId: payer.account.id, direction: 'debit', amount: cny('1000.00') },
          { accountId: payee.account.id, direction: 'credit', amount: cny('990.00') },
          { accountId: fees.account.id, direction: 'credit', amount: cny('10.00') },
        ]),
      ),
    )
    expect(entries.map((e) => [e.accountId, e.direction, e.balanceAfter])).toEqual([
      [payer.account.id, 'debit', cny('0.00')],
      [payee.account.id, 'credit', cny('990.00')],
      [fees.account.id, 'credit', cny('10.00')],
    ])
  })

  it('gives an account on two legs two entries with two running balances', () => {
    const a = anAccount({ posted: cny('100.00'), entrySequence: 3n })
    const b = anAccount()
    const c = anAccount()
    const { entries, balancesAfter } = posted(
      decideTransfer(
        [a, b, c],
        multi([
          { accountId: a.account.id, direction: 'debit', amount: cny('30.00') },
          { accountId: a.account.id, direction: 'debit', amount: cny('20.00') },
          { accountId: b.account.id, direction: 'credit', amount: cny('25.00') },
          { accountId: c.account.id, direction: 'credit', amount: cny('25.00') },
        ]),
      ),
    )
    expect(entries.slice(0, 2).map((e) => [e.balanceAfter, e.accountSequence])).toEqual([
      [cny('70.00'), 4n],
      [cny('50.00'), 5n],
    ])
    expect(balancesAfter.map((x) => x.accountId)).toEqual([a.account.id, b.account.id, c.account.id])
  })

  it('checks the net outflow of an account against its floor, not each leg alone', () => {
    const a = anAccount({ posted: cny('10.00') })
    const b = anAccount({ posted: cny('100.00') })
    const decision = decideTransfer(
      [a, b],
      multi([
        { accountId: a.account.id, direction: 'debit', amount: cny('10.00') },
        { accountId: a.account.id, direction: 'debit', amount: cny('0.01') },
        { accountId: b.account.id, direction: 'credit', amount: cny('10.01') },
      ]),
    )
    expect(decision).toEqual(rejected('ledger.insufficient_funds'))
  })

  it('balances per currency, so CNY debits cannot pay for USD credits', () => {
    const a = anAccount({ posted: cny('100.00') })
    const b = anAccount({ currency: 'USD' })
    const decision = decideTransfer(
      [a, b],
      multi([
        { accountId: a.account.id, direction: 'debit', amount: cny('100.00') },
        { accountId: b.account.id, direction: 'credit', amount: money(10000n, 'USD') },
      ]),
    )
    expect(decision).toEqual({ kind: 'reject', code: 'ledger.unbalanced_entries', detail: 'debits and credits differ in CNY, USD' })
  })

  describe('refusals, each with its stable code', () => {
    const a = anAccount({ posted: cny('100.00') })
    const b = anAccount()

    it.each<[string, TransferRequest, string]>([
      ['one leg', multi([{ accountId: a.account.id, direction: 'debit', amount: cny('1.00') }]), 'ledger.unbalanced_entries'],
      ['no legs', multi([]), 'ledger.unbalanced_entries'],
      ['a zero amount', aPayment(a, b, cny('0.00')), 'ledger.invalid_amount'],
      ['a negative amount', aPayment(a, b, cny('-1.00')), 'ledger.invalid_amount'],
      ['an amount beyond a PostgreSQL bigint', aPayment(a, b, money(2n ** 63n, 'CNY')), 'ledger.invalid_amount'],
      ['the same account on both sides', aPayment(a, a, cny('1.00')), 'ledger.same_account'],
      [
        'the same account on both sides of a multi-leg transfer',
        multi([
          { accountId: a.account.id, direction: 'debit', amount: cny('2.00') },
          { accountId: a.account.id, direction: 'credit', amount: cny('1.00') },
          { accountId: b.account.id, direction: 'credit', amount: cny('1.00') },
        ]),
        'ledger.same_account',
      ],
      ['an unknown account', aPayment(a, 'nobody', cny('1.00')), 'ledger.account_not_found'],
      ['a leg in another currency than its account', aPayment(a, b, usd('1.00')), 'ledger.currency_mismatch'],
    ])('refuses %s', (_, request, code) => {
      expect(decideTransfer([a, b], request)).toEqual(rejected(code))
    })

    it('refuses more than the maximum number of legs', () => {
      const legs: Leg[] = Array.from({ length: maxTransferLegs + 1 }, (_, i) => ({
        accountId: i === 0 ? a.account.id : b.account.id,
        direction: i === 0 ? 'debit' : 'credit',
        amount: money(i === 0 ? BigInt(maxTransferLegs) : 1n, 'CNY'),
      }))
      expect(decideTransfer([a, b], multi(legs))).toEqual(rejected('ledger.too_many_entries'))
      expect(decideTransfer([a, b], multi(legs.slice(0, maxTransferLegs).map((l, i) => (i === 0 ? { ...l, amount: money(99n, 'CNY') } : l)))).kind).toBe('post')
    })

    it('explains a malformed request before looking at the accounts', () => {
      // Both unknown accounts and an unbalanced request: the request's own fault comes first.
      const request = multi([
        { accountId: 'x', direction: 'debit', amount: cny('1.00') },
        { accountId: 'y', direction: 'credit', amount: cny('2.00') },
      ])
      expect(decideTransfer([], request)).toEqual(rejected('ledger.unbalanced_entries'))
    })

    it('refuses any movement on a closed account, in or out', () => {
      const closed = anAccount({ status: 'closed' })
      expect(decideTransfer([closed, aVault()], aDeposit(closed, cny('1.00')))).toEqual(rejected('ledger.account_closed'))
      expect(decideTransfer([closed, aVault()], aWithdrawal(closed, cny('1.00')))).toEqual(rejected('ledger.account_closed'))
    })

    it('lets money into a frozen account but not out of it', () => {
      const frozen = anAccount({ status: 'frozen', posted: cny('100.00') })
      expect(decideTransfer([frozen, aVault()], aDeposit(frozen, cny('1.00'))).kind).toBe('post')
      expect(decideTransfer([frozen, aVault()], aWithdrawal(frozen, cny('1.00')))).toEqual(rejected('ledger.account_frozen'))
    })

    it('applies the freeze to the outflow side of a debit-normal account, which is the credit side', () => {
      const vault = aVault('CNY', { status: 'frozen' })
      const client = anAccount({ posted: cny('100.00') })
      expect(decideTransfer([vault, client], aDeposit(client, cny('1.00'))).kind).toBe('post') // vault debited: grows
      expect(decideTransfer([vault, client], aWithdrawal(client, cny('1.00')))).toEqual(rejected('ledger.account_frozen'))
    })

    it('checks a bounded debit-normal account against its own normal side, where a credit takes money out', () => {
      const settlement = anInternalAccount('settlement', 'CNY', { unbounded: false, posted: cny('100.00') })
      const client = anAccount({ posted: cny('1000.00') })
      // A debit grows a debit-normal account: always fine.
      expect(decideTransfer([settlement, client], aPayment(settlement, client, cny('500.00'))).kind).toBe('post')
      // A credit shrinks it: down to zero, not below.
      const credit = (amount: string) => aPayment(client, settlement, cny(amount))
      const { balancesAfter } = posted(decideTransfer([settlement, client], credit('100.00')))
      expect(balancesAfter.find((b) => b.accountId === settlement.account.id)!.available).toEqual(cny('0.00'))
      expect(decideTransfer([settlement, client], credit('100.01'))).toEqual(rejected('ledger.insufficient_funds'))
    })
  })

  it('lists the accounts a request touches once each, in lock order', () => {
    expect(accountIdsOf(aPayment('b', 'a', cny('1.00')))).toEqual(['a', 'b'])
    expect(legsOf(aPayment('b', 'a', cny('1.00'))).map((l) => l.direction)).toEqual(['debit', 'credit'])
  })

  it('never stamps a posting before an account’s latest entry', () => {
    const late = anAccount({ lastPostedAt: new Date('2026-01-01T10:00:00.005Z') })
    expect(postingInstant(new Date('2026-01-01T10:00:00.000Z'), [late, anAccount()]).toISOString()).toBe('2026-01-01T10:00:00.005Z')
    expect(postingInstant(new Date('2026-01-01T11:00:00.000Z'), [late]).toISOString()).toBe('2026-01-01T11:00:00.000Z')
  })
})

// ——— properties ————————————————————————————————————————————————————————————

/** A small bank: bounded client accounts (some with overdrafts), unbounded vaults and a fee book, in two currencies. */
function aSmallBank(): AccountState[] {
  return [
    anAccount({ id: 'c1', currency: 'CNY' }),
    anAccount({ id: 'c2', currency: 'CNY', overdraftLimitMinor: 50_000n }),
    anAccount({ id: 'c3', currency: 'CNY' }),
    anAccount({ id: 'u1', currency: 'USD' }),
    anAccount({ id: 'u2', currency: 'USD', overdraftLimitMinor: 1_000n }),
    aVault('CNY'),
    aVault('USD'),
    anInternalAccount('fees', 'CNY'),
  ]
}
const idsIn = (currency: CurrencyCode) => aSmallBank().filter((s) => s.account.currency === currency).map((s) => s.account.id)

// Small enough against the seeded balances that most transfers post; large
// enough that overdrafts and refusals still happen.
const anyAmount = fc.bigInt({ min: 1n, max: 400_000n })
const anyCurrency = fc.constantFrom<CurrencyCode>('CNY', 'USD')

/** Simple transfers between any two accounts of a currency — including ones the ledger must refuse. */
const aSimpleTransfer = anyCurrency.chain((currency) =>
  fc.record({
    // Mostly two different accounts; now and then the same one, which must be refused.
    pair: fc.oneof(
      { weight: 9, arbitrary: fc.shuffledSubarray(idsIn(currency), { minLength: 2, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(...idsIn(currency)).map((id) => [id, id]) },
    ),
    amount: anyAmount.map((minor) => money(minor, currency)),
    channel: fc.constantFrom('cash' as const, 'transfer' as const),
  }).map(({ pair: [debitAccountId, creditAccountId], amount, channel }) => ({ debitAccountId: debitAccountId!, creditAccountId: creditAccountId!, amount, channel })),
)

/** Multi-leg transfers balanced by construction: debits split into credits. */
const aMultiLegTransfer = anyCurrency.chain((currency) =>
  fc
    .shuffledSubarray(idsIn(currency), { minLength: 2 })
    .chain((ids) => {
      // Split the accounts into a debit side and a credit side, so no account is on both.
      const cut = 1 + Math.floor(ids.length / 3)
      return fc.tuple(
        fc.array(fc.tuple(fc.constantFrom(...ids.slice(0, cut)), anyAmount), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(...ids.slice(cut)), { minLength: 1, maxLength: 3 }),
      )
    })
    .map(([debits, creditIds]): MultiLegTransferRequest => {
      const total = debits.reduce((sum, [, amount]) => sum + amount, 0n)
      const share = total / BigInt(creditIds.length)
      const credits = creditIds.map((id, i) => ({
        accountId: id,
        direction: 'credit' as const,
        amount: money(i === 0 ? total - share * BigInt(creditIds.length - 1) : share, currency),
      }))
      return {
        entries: [...debits.map(([id, amount]) => ({ accountId: id, direction: 'debit' as const, amount: money(amount, currency) })), ...credits],
        channel: 'internal',
      }
    }),
)

const anyTransfer: fc.Arbitrary<TransferRequest> = fc.oneof(aSimpleTransfer, aSimpleTransfer, aMultiLegTransfer)

type Step = { op: 'transfer'; request: TransferRequest } | { op: 'hold'; accountId: string; amountMinor: bigint }
const aStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: anyTransfer.map((request) => ({ op: 'transfer' as const, request })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hold' as const), accountId: fc.constantFrom('c1', 'c2', 'u2'), amountMinor: anyAmount }) },
)

/** Runs decisions the way the service would, keeping accounts in a map. */
function runLedger(steps: readonly Step[], onPosted: (decision: Extract<TransferDecision, { kind: 'post' }>, before: Map<string, AccountState>) => void = () => {}) {
  const accounts = new Map(aSmallBank().map((s) => [s.account.id, s]))
  // Seed the client accounts with cash so that most transfers can go through.
  const seed = (id: string, minor: bigint) => {
    const state = accounts.get(id)!
    const decision = decideTransfer([...accounts.values()], { debitAccountId: `vault-${state.account.currency}`, creditAccountId: id, amount: money(minor, state.account.currency), channel: 'cash' })
    for (const after of accountsAfterPosting([...accounts.values()], posted(decision), new Date(0))) accounts.set(after.account.id, after)
  }
  seed('c1', 20_000_000n)
  seed('c3', 5_000_000n)
  seed('u1', 5_000_000n)
  let count = 0
  for (const step of steps) {
    if (step.op === 'hold') {
      const state = accounts.get(step.accountId)!
      const decision = decideHold(state, { accountId: step.accountId, amount: money(step.amountMinor, state.account.currency), reason: 'r', owner: 'o' }, { id: `h${count}`, now: new Date(0) })
      if (decision.kind === 'hold') accounts.set(step.accountId, { ...state, balances: decision.balanceAfter.balances })
      continue
    }
    const before = new Map(accounts)
    const decision = decideTransfer([...accounts.values()], step.request)
    if (decision.kind === 'post') {
      onPosted(decision, before)
      for (const after of accountsAfterPosting([...accounts.values()], decision, new Date(++count))) accounts.set(after.account.id, after)
    }
  }
  return accounts
}

describe('decideTransfer — properties', () => {
  it('keeps debits equal to credits per currency and never takes a bounded account below −overdraft', () => {
    fc.assert(
      fc.property(fc.array(aStep, { minLength: 5, maxLength: 60, size: 'medium' }), (steps) => {
        const accounts = runLedger(steps, (decision) => {
          // Each posting balances on its own…
          const net = new Map<string, bigint>()
          for (const e of decision.entries) net.set(e.amount.currency, (net.get(e.amount.currency) ?? 0n) + (e.direction === 'debit' ? 1n : -1n) * e.amount.amountMinor)
          expect([...net.values()].every((v) => v === 0n)).toBe(true)
        })
        // …so the ledger does too,
        expect(trialBalance(accounts.values()).every((t) => t.balanced)).toBe(true)
        // and no bounded account is past its floor, holds counted.
        for (const { account, balances } of accounts.values()) {
          if (!account.unbounded) expect(availableBalance(account, balances).amountMinor).toBeGreaterThanOrEqual(-account.overdraftLimitMinor)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('chains each account’s entries: consecutive sequences, each balance the previous plus or minus the amount', () => {
    fc.assert(
      fc.property(fc.array(anyTransfer.map((request) => ({ op: 'transfer' as const, request })), { minLength: 5, maxLength: 40, size: 'medium' }), (steps) => {
        const last = new Map<string, { sequence: bigint; balanceMinor: bigint }>()
        const accounts = runLedger(steps, (decision, before) => {
          for (const entry of decision.entries) {
            const state = before.get(entry.accountId)!
            const previous = last.get(entry.accountId) ?? { sequence: state.entrySequence, balanceMinor: postedBalance(state.account, state.balances).amountMinor }
            const sign = entry.direction === state.account.normalBalance ? 1n : -1n
            expect(entry.accountSequence).toBe(previous.sequence + 1n)
            expect(entry.balanceAfter.amountMinor).toBe(previous.balanceMinor + sign * entry.amount.amountMinor)
            last.set(entry.accountId, { sequence: entry.accountSequence, balanceMinor: entry.balanceAfter.amountMinor })
          }
        })
        for (const [id, { sequence, balanceMinor }] of last) {
          const { account, balances, entrySequence } = accounts.get(id)!
          expect(entrySequence).toBe(sequence)
          expect(postedBalance(account, balances).amountMinor).toBe(balanceMinor)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('decides the same whatever order the account states come in', () => {
    fc.assert(
      fc.property(anyTransfer, fc.func(fc.integer()), (request, order) => {
        const accounts = runLedger([])
        const shuffled = [...accounts.values()].sort((a, b) => order(a.account.id) - order(b.account.id))
        expect(decideTransfer(shuffled, request)).toEqual(decideTransfer([...accounts.values()], request))
      }),
      { numRuns: 100 },
    )
  })
})

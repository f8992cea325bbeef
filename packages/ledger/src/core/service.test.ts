import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fixedClock, sequentialIds, type CurrencyCode } from '@strongroom/kernel'
import { sealEntries, verifyChain } from './journal-seal.js'
import { LedgerError } from './errors.js'
import { createLedgerService, type LedgerService } from './service.js'
import { trialBalance } from './trial-balance.js'
import type { LedgerRepository, LedgerStore } from './ports.js'
import type { TransferRequest } from './transfer.js'
import {
  aDeposit,
  aHoldRequest,
  aNewClientAccount,
  aNewInternalAccount,
  aPayment,
  aWithdrawal,
  cny,
  createInMemoryLedgerRepository,
  usd,
  type InMemoryLedgerRepository,
} from '../testing/index.js'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

async function setup(repo: InMemoryLedgerRepository | LedgerRepository = createInMemoryLedgerRepository()) {
  const clock = fixedClock('2026-03-01T09:00:00.000Z')
  const ledger = createLedgerService({ repo, clock, ids: sequentialIds() })
  const vaults = {} as Record<'CNY' | 'USD', string>
  for (const currency of ['CNY', 'USD'] as const) {
    const vault = await ledger.openAccount(aNewInternalAccount('cash_vault', currency))
    vaults[currency] = vault.account.id
  }
  const client = await ledger.openAccount(aNewClientAccount())
  const deposit = (to: string, amount: ReturnType<typeof cny>) =>
    aDeposit(to, amount, { debitAccountId: vaults[amount.currency as 'CNY' | 'USD'] })
  const withdrawal = (from: string, amount: ReturnType<typeof cny>) =>
    aWithdrawal(from, amount, { creditAccountId: vaults[amount.currency as 'CNY' | 'USD'] })
  return { ledger, repo, clock, vaults, client: client.account.id, deposit, withdrawal }
}

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (error instanceof LedgerError) return error.code
    throw error
  }
}

describe('ledger service — accounts and transfers', () => {
  it('posts a deposit and answers with the balances of every account it touched', async () => {
    const { ledger, client, deposit, vaults } = await setup()
    const posted = await ledger.postTransfer(deposit(client, cny('250000.00')))
    expect(posted.transfer).toMatchObject({ kind: 'transfer', channel: 'cash', reversalOf: null, postedAt: new Date('2026-03-01T09:00:00.000Z') })
    expect(posted.balancesAfter.map((b) => [b.accountId, b.posted, b.available])).toEqual([
      [vaults.CNY, cny('250000.00'), cny('250000.00')],
      [client, cny('250000.00'), cny('250000.00')],
    ])
    expect(await ledger.getTransfer(posted.transfer.id)).toEqual({ transfer: posted.transfer, entries: posted.entries })
  })

  it('throws the decision’s code for a refused transfer and writes nothing', async () => {
    const { ledger, repo, client, withdrawal } = await setup()
    await expect(ledger.postTransfer(withdrawal(client, cny('0.01')))).rejects.toMatchObject({ name: 'LedgerError', code: 'ledger.insufficient_funds' })
    expect((repo as InMemoryLedgerRepository).entries()).toEqual([])
    expect((repo as InMemoryLedgerRepository).events()).toEqual([])
  })

  it('records a TransferPosted event in the same transaction as each posting', async () => {
    const { ledger, repo, client, deposit } = await setup()
    const posted = await ledger.postTransfer(deposit(client, cny('1.00')))
    expect((repo as InMemoryLedgerRepository).events()).toEqual([{ type: 'TransferPosted', transfer: posted.transfer, entries: posted.entries }])
  })

  it('rolls back every write of a unit of work that fails half-way', async () => {
    const inner = createInMemoryLedgerRepository()
    // A store whose outbox fails: the transfer, the entries and the balances must all go too.
    let failOutbox = false
    const flaky: LedgerRepository = {
      ...inner,
      inTransaction: (work) =>
        inner.inTransaction((store) =>
          work({
            ...store,
            recordEvents: async (events) => {
              if (failOutbox) throw new Error('outbox unavailable')
              return store.recordEvents(events)
            },
          } satisfies LedgerStore),
        ),
    }
    const { ledger, client, deposit } = await setup(flaky)
    await ledger.postTransfer(deposit(client, cny('10.00')))
    failOutbox = true
    await expect(ledger.postTransfer(deposit(client, cny('5.00')), { idempotencyKey: 'k' })).rejects.toThrow('outbox unavailable')
    failOutbox = false
    expect((await ledger.getAccount(client)).balances.postedCreditsMinor).toBe(1000n)
    expect(inner.entries()).toHaveLength(2)
    expect(await inner.findIdempotencyRecord('k')).toBeUndefined()
  })

  it('lets exactly 50 of 100 concurrent withdrawals of 10,000.00 through from 500,000.00', async () => {
    const { ledger, repo, client, deposit, withdrawal } = await setup()
    await ledger.postTransfer(deposit(client, cny('500000.00')))
    const results = await Promise.all(Array.from({ length: 100 }, () => codeOf(ledger.postTransfer(withdrawal(client, cny('10000.00'))))))
    expect(results.filter((r) => r === 'ok')).toHaveLength(50)
    expect(results.filter((r) => r === 'ledger.insufficient_funds')).toHaveLength(50)
    expect((await ledger.getAccount(client)).balances).toMatchObject({ postedCreditsMinor: 50_000_000n, postedDebitsMinor: 50_000_000n })
    expect(trialBalance((repo as InMemoryLedgerRepository).accounts()).every((t) => t.balanced)).toBe(true)
  })

  it('freezes, lets money in but not out, and closes only when empty', async () => {
    const { ledger, client, deposit, withdrawal } = await setup()
    await ledger.postTransfer(deposit(client, cny('100.00')))
    await ledger.changeAccountStatus(client, 'frozen')
    await ledger.postTransfer(deposit(client, cny('1.00')))
    expect(await codeOf(ledger.postTransfer(withdrawal(client, cny('1.00'))))).toBe('ledger.account_frozen')
    expect(await codeOf(ledger.changeAccountStatus(client, 'closed'))).toBe('ledger.account_not_empty')
    await ledger.changeAccountStatus(client, 'open')
    await ledger.postTransfer(withdrawal(client, cny('101.00')))
    expect((await ledger.changeAccountStatus(client, 'closed')).account.status).toBe('closed')
    expect(await codeOf(ledger.postTransfer(deposit(client, cny('1.00'))))).toBe('ledger.account_closed')
  })

  it('answers not found for unknown accounts and transfers', async () => {
    const { ledger } = await setup()
    expect(await codeOf(ledger.getAccount('nope'))).toBe('ledger.account_not_found')
    expect(await codeOf(ledger.getTransfer('nope'))).toBe('ledger.transfer_not_found')
    expect(await codeOf(ledger.balanceAt('nope', new Date()))).toBe('ledger.account_not_found')
    expect(await codeOf(ledger.openAccount(aNewClientAccount({ clientId: null })))).toBe('ledger.invalid_account')
  })

  it('lists an account’s entries in order, page by page, each with its running balance', async () => {
    const { ledger, client, deposit, withdrawal } = await setup()
    for (const amount of ['100.00', '50.00', '25.00']) await ledger.postTransfer(deposit(client, cny(amount)))
    await ledger.postTransfer(withdrawal(client, cny('30.00')))
    const first = await ledger.listEntries(client, { limit: 3 })
    const second = await ledger.listEntries(client, { limit: 3, cursor: first.nextCursor! })
    expect([...first.items, ...second.items].map((e) => [e.accountSequence, e.balanceAfter])).toEqual([
      [1n, cny('100.00')],
      [2n, cny('150.00')],
      [3n, cny('175.00')],
      [4n, cny('145.00')],
    ])
    expect(second.nextCursor).toBeNull()
    expect((await ledger.listTransfers({ accountId: client }, { limit: 10 })).items).toHaveLength(4)
  })

  it('answers the balance at any instant from the entries, and keeps posting times in order', async () => {
    const { ledger, clock, client, deposit, withdrawal } = await setup()
    await ledger.postTransfer(deposit(client, cny('100.00'))) // 09:00
    clock.set('2026-03-01T12:00:00.000Z')
    await ledger.postTransfer(withdrawal(client, cny('40.00')))
    clock.set('2026-03-01T11:00:00.000Z') // a server whose clock is behind
    const late = await ledger.postTransfer(deposit(client, cny('5.00')))
    expect(late.transfer.postedAt.toISOString()).toBe('2026-03-01T12:00:00.000Z')
    const at = (iso: string) => ledger.balanceAt(client, new Date(iso))
    expect(await at('2026-03-01T08:59:59.999Z')).toEqual(cny('0.00'))
    expect(await at('2026-03-01T09:00:00.000Z')).toEqual(cny('100.00'))
    expect(await at('2026-03-01T11:59:59.999Z')).toEqual(cny('100.00'))
    expect(await at('2026-03-01T12:00:00.000Z')).toEqual(cny('65.00'))
  })

  it('seals the journal it wrote into a chain that verifies', async () => {
    const { ledger, repo, client, deposit, withdrawal } = await setup()
    await ledger.postTransfer(deposit(client, cny('100.00')))
    await ledger.postTransfer(withdrawal(client, cny('40.00')))
    const rows = sealEntries(null, (repo as InMemoryLedgerRepository).entries(), sha256)
    expect(verifyChain(rows, sha256)).toMatchObject({ ok: true, count: 4 })
  })
})

describe('ledger service — idempotency', () => {
  it('replays the original result for the same key and request, and posts once', async () => {
    const { ledger, repo, client, deposit } = await setup()
    const first = await ledger.postTransfer(deposit(client, cny('100.00')), { idempotencyKey: 'key-1' })
    await ledger.postTransfer(deposit(client, cny('1.00')))
    const again = await ledger.postTransfer(deposit(client, cny('100.00')), { idempotencyKey: 'key-1' })
    expect(again).toEqual(first) // balances as they were then, not now
    expect((repo as InMemoryLedgerRepository).entries()).toHaveLength(4)
  })

  it('refuses the same key with a different request', async () => {
    const { ledger, client, deposit } = await setup()
    await ledger.postTransfer(deposit(client, cny('100.00')), { idempotencyKey: 'key-1' })
    expect(await codeOf(ledger.postTransfer(deposit(client, cny('100.01')), { idempotencyKey: 'key-1' }))).toBe('ledger.idempotency_conflict')
  })

  it('remembers a rejection: the same request under the same key stays refused after funds arrive', async () => {
    const { ledger, client, deposit, withdrawal } = await setup()
    expect(await codeOf(ledger.postTransfer(withdrawal(client, cny('10.00')), { idempotencyKey: 'w-1' }))).toBe('ledger.insufficient_funds')
    await ledger.postTransfer(deposit(client, cny('100.00')))
    expect(await codeOf(ledger.postTransfer(withdrawal(client, cny('10.00')), { idempotencyKey: 'w-1' }))).toBe('ledger.insufficient_funds')
    expect(await codeOf(ledger.postTransfer(withdrawal(client, cny('10.00')), { idempotencyKey: 'w-2' }))).toBe('ok')
  })

  it('posts once when the same key arrives twice at the same time', async () => {
    const { ledger, repo, client, deposit } = await setup()
    const [a, b] = await Promise.all([
      ledger.postTransfer(deposit(client, cny('7.00')), { idempotencyKey: 'race' }),
      ledger.postTransfer(deposit(client, cny('7.00')), { idempotencyKey: 'race' }),
    ])
    expect(a).toEqual(b)
    expect((repo as InMemoryLedgerRepository).entries()).toHaveLength(2)
  })

  it('answers every reuse of a key with its first result — property', async () => {
    const requests = (client: string, vault: string): TransferRequest[] => [
      aDeposit(client, cny('100.00'), { debitAccountId: vault }),
      aWithdrawal(client, cny('60.00'), { creditAccountId: vault }),
      aWithdrawal(client, cny('60.00'), { creditAccountId: vault, reference: 'other' }),
      aPayment(client, vault, cny('0.00')),
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(fc.constantFrom('k1', 'k2', 'k3')), fc.nat({ max: 3 })), { minLength: 1, maxLength: 25 }),
        async (calls) => {
          const { ledger, repo, client, vaults } = await setup()
          const catalogue = requests(client, vaults.CNY)
          const first = new Map<string, { request: number; result: unknown }>()
          let expectedPostings = 0
          for (const [key, which] of calls) {
            let result: unknown
            try {
              result = await ledger.postTransfer(catalogue[which]!, { idempotencyKey: key ?? undefined })
            } catch (error) {
              result = (error as LedgerError).code
            }
            if (key === null) {
              if (typeof result !== 'string') expectedPostings += 1
              continue
            }
            const seen = first.get(key)
            if (seen === undefined) {
              first.set(key, { request: which, result })
              if (typeof result !== 'string') expectedPostings += 1
            } else if (seen.request === which) {
              expect(result).toEqual(seen.result)
            } else {
              // Requests 1 and 2 differ only in reference: still a different request.
              expect(result).toBe('ledger.idempotency_conflict')
            }
          }
          expect((repo as InMemoryLedgerRepository).entries()).toHaveLength(expectedPostings * 2)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('ledger service — reversals', () => {
  it('restores the balances with a linked mirror transfer, once', async () => {
    const { ledger, client, deposit } = await setup()
    await ledger.postTransfer(deposit(client, cny('100.00')))
    const payee = (await ledger.openAccount(aNewClientAccount())).account.id
    const payment = await ledger.postTransfer(aPayment(client, payee, cny('30.00')))
    const reversal = await ledger.reverseTransfer(payment.transfer.id)
    expect(reversal.transfer).toMatchObject({ kind: 'reversal', reversalOf: payment.transfer.id })
    expect(reversal.balancesAfter.map((b) => [b.accountId, b.posted])).toEqual([
      [client, cny('100.00')],
      [payee, cny('0.00')],
    ])
    expect(await codeOf(ledger.reverseTransfer(payment.transfer.id))).toBe('ledger.already_reversed')
    expect(await codeOf(ledger.reverseTransfer(reversal.transfer.id))).toBe('ledger.not_reversible')
    expect(await codeOf(ledger.reverseTransfer('nope'))).toBe('ledger.transfer_not_found')
  })

  it('is refused when the money has moved on', async () => {
    const { ledger, client, deposit, withdrawal } = await setup()
    const credit = await ledger.postTransfer(deposit(client, cny('100.00')))
    await ledger.postTransfer(withdrawal(client, cny('100.00')))
    expect(await codeOf(ledger.reverseTransfer(credit.transfer.id))).toBe('ledger.insufficient_funds')
  })
})

describe('ledger service — holds', () => {
  async function withFunds() {
    const context = await setup()
    await context.ledger.postTransfer(context.deposit(context.client, cny('1000.00')))
    const merchant = (await context.ledger.openAccount(aNewClientAccount())).account.id
    return { ...context, merchant }
  }

  it('captures part of a hold into another account and releases the rest', async () => {
    const { ledger, client, merchant, withdrawal } = await withFunds()
    const { hold, balanceAfter } = await ledger.placeHold(aHoldRequest(client, cny('300.00')))
    expect(balanceAfter.available).toEqual(cny('700.00'))
    expect(await codeOf(ledger.postTransfer(withdrawal(client, cny('700.01'))))).toBe('ledger.insufficient_funds')
    const { hold: captured, posted } = await ledger.captureHold(hold.id, { toAccountId: merchant, amount: cny('120.00') })
    expect(captured).toMatchObject({ status: 'captured', capturedAmount: cny('120.00'), captureTransferId: posted.transfer.id })
    expect(posted.transfer).toMatchObject({ kind: 'capture', holdId: hold.id })
    const after = Object.fromEntries(posted.balancesAfter.map((b) => [b.accountId, [b.posted, b.available]]))
    expect(after[client]).toEqual([cny('880.00'), cny('880.00')]) // the other 180.00 is free again
    expect(after[merchant]).toEqual([cny('120.00'), cny('120.00')])
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: merchant }))).toBe('ledger.hold_not_active')
    expect(await codeOf(ledger.voidHold(hold.id))).toBe('ledger.hold_not_active')
  })

  it('lets a hold pay for its own capture, however little is left available', async () => {
    const { ledger, client, merchant } = await withFunds()
    const { hold } = await ledger.placeHold(aHoldRequest(client, cny('1000.00')))
    await ledger.captureHold(hold.id, { toAccountId: merchant })
    expect((await ledger.getAccount(client)).balances).toMatchObject({ postedDebitsMinor: 100_000n, pendingDebitsMinor: 0n })
  })

  it('refuses to capture more than the hold, or into an unknown account, and changes nothing', async () => {
    const { ledger, client, merchant } = await withFunds()
    const { hold } = await ledger.placeHold(aHoldRequest(client, cny('300.00')))
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: merchant, amount: cny('300.01') }))).toBe('ledger.capture_exceeds_hold')
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: 'nope' }))).toBe('ledger.account_not_found')
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: client }))).toBe('ledger.same_account')
    expect(await ledger.getHold(hold.id)).toEqual(hold)
    expect(await codeOf(ledger.getHold('nope'))).toBe('ledger.hold_not_found')
  })

  it('does not capture out of a frozen account, but still lets its holds be voided', async () => {
    const { ledger, client, merchant } = await withFunds()
    const { hold } = await ledger.placeHold(aHoldRequest(client, cny('300.00')))
    await ledger.changeAccountStatus(client, 'frozen')
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: merchant }))).toBe('ledger.account_frozen')
    expect(await codeOf(ledger.placeHold(aHoldRequest(client, cny('1.00'))))).toBe('ledger.account_frozen')
    expect((await ledger.voidHold(hold.id)).balanceAfter.available).toEqual(cny('1000.00'))
  })

  it('voids a hold and frees its amount', async () => {
    const { ledger, client } = await withFunds()
    const { hold } = await ledger.placeHold(aHoldRequest(client, cny('300.00')))
    const { hold: voided, balanceAfter } = await ledger.voidHold(hold.id)
    expect(voided.status).toBe('voided')
    expect(balanceAfter.available).toEqual(cny('1000.00'))
  })

  it('expires a hold whose time is up even before the sweeper runs, freeing the money', async () => {
    const { ledger, clock, client, merchant } = await withFunds()
    const { hold } = await ledger.placeHold(aHoldRequest(client, cny('300.00'), { expiresAt: new Date('2026-03-01T10:00:00.000Z') }))
    clock.set('2026-03-01T10:00:00.000Z')
    expect(await codeOf(ledger.captureHold(hold.id, { toAccountId: merchant }))).toBe('ledger.hold_not_active')
    // The refusal committed the expiry: the hold is expired and its amount available.
    expect(await ledger.getHold(hold.id)).toMatchObject({ status: 'expired', closedAt: new Date('2026-03-01T10:00:00.000Z') })
    expect((await ledger.getAccount(client)).balances.pendingDebitsMinor).toBe(0n)
  })

  it('sweeps due holds and leaves the rest', async () => {
    const { ledger, clock, client } = await withFunds()
    const soon = await ledger.placeHold(aHoldRequest(client, cny('100.00'), { expiresAt: new Date('2026-03-01T10:00:00.000Z') }))
    const later = await ledger.placeHold(aHoldRequest(client, cny('100.00'), { expiresAt: new Date('2026-03-02T10:00:00.000Z') }))
    const never = await ledger.placeHold(aHoldRequest(client, cny('100.00')))
    await ledger.voidHold(never.hold.id)
    clock.set('2026-03-01T12:00:00.000Z')
    expect((await ledger.expireHolds()).map((h) => h.id)).toEqual([soon.hold.id])
    expect(await ledger.expireHolds()).toEqual([])
    expect((await ledger.getHold(later.hold.id)).status).toBe('held')
    expect((await ledger.getAccount(client)).balances.pendingDebitsMinor).toBe(10_000n)
    await expect(ledger.expireHolds(new Date('2026-03-03T00:00:00.000Z'))).rejects.toBeInstanceOf(RangeError)
  })
})

describe('ledger service — many random transfers', () => {
  it('keeps the trial balance and every floor under random concurrent traffic — property', async () => {
    const currencies: CurrencyCode[] = ['CNY', 'USD']
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 4 }), fc.bigInt({ min: 1n, max: 300_000n }), fc.constantFrom(...currencies)), {
          minLength: 1,
          maxLength: 40,
        }),
        async (moves) => {
          const { ledger, repo, vaults, deposit } = await setup()
          const accounts: Record<string, string[]> = { CNY: [vaults.CNY], USD: [vaults.USD] }
          for (const currency of currencies) {
            for (let i = 0; i < 4; i++) {
              const opened = await ledger.openAccount(aNewClientAccount({ currency, overdraftLimit: i === 0 ? (currency === 'CNY' ? cny('500.00') : usd('500.00')) : undefined }))
              accounts[currency]!.push(opened.account.id)
              await ledger.postTransfer(deposit(opened.account.id, currency === 'CNY' ? cny('1000.00') : usd('1000.00')))
            }
          }
          // Fire them all at once: the repository serializes, the balance checks must hold anyway.
          await Promise.all(
            moves.map(([from, to, minor, currency]) =>
              codeOf(ledger.postTransfer(aPayment(accounts[currency]![from]!, accounts[currency]![to]!, { amountMinor: minor, currency }))),
            ),
          )
          const states = (repo as InMemoryLedgerRepository).accounts()
          expect(trialBalance(states).every((t) => t.balanced)).toBe(true)
          for (const { account, balances } of states) {
            if (account.unbounded) continue
            expect(balances.postedCreditsMinor - balances.postedDebitsMinor - balances.pendingDebitsMinor).toBeGreaterThanOrEqual(-account.overdraftLimitMinor)
          }
        },
      ),
      { numRuns: 50 },
    )
  })
})

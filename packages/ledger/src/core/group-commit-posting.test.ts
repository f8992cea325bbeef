import { describe, expect, it } from 'vitest'
import { fixedClock, sequentialIds } from '@strongroom/kernel'
import { createLedgerService } from './service.js'
import type { LedgerRepository } from './ports.js'
import { aDeposit, aNewClientAccount, aNewInternalAccount, aWithdrawal, cny, createInMemoryLedgerRepository } from '../testing/index.js'

describe('postTransfer under group commit', () => {
  async function setup() {
    const inner = createInMemoryLedgerRepository()
    let transactions = 0
    const repo: LedgerRepository = { ...inner, inTransaction: (work) => ((transactions += 1), inner.inTransaction(work)) }
    const ledger = createLedgerService({ repo, clock: fixedClock('2026-03-01T09:00:00Z'), ids: sequentialIds(), groupCommit: { lanes: 1, maxBatch: 100 } })
    const vault = (await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY'))).account.id
    const client = (await ledger.openAccount(aNewClientAccount())).account.id
    await ledger.postTransfer(aDeposit(client, cny('500000.00'), { debitAccountId: vault }))
    return { ledger, vault, client, inner, transactions: () => transactions }
  }

  it('answers each of 100 concurrent withdrawals on its own: exactly 50 of 10,000.00 from 500,000.00 post', async () => {
    const { ledger, vault, client, transactions } = await setup()
    const before = transactions()
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => ledger.postTransfer(aWithdrawal(client, cny('10000.00'), { creditAccountId: vault }))),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code))
      .toEqual(Array(50).fill('ledger.insufficient_funds'))
    expect(transactions() - before).toBeLessThan(10) // shared transactions, not one each
    expect((await ledger.getAccount(client)).balances.postedDebitsMinor).toBe(50_000_000n)
  })

  it('replays a key used twice in one batch, and refuses it with another request', async () => {
    const { ledger, vault, client, inner } = await setup()
    const request = aWithdrawal(client, cny('1.00'), { creditAccountId: vault })
    const [a, b, c] = await Promise.allSettled([
      ledger.postTransfer(request, { idempotencyKey: 'k' }),
      ledger.postTransfer(request, { idempotencyKey: 'k' }),
      ledger.postTransfer({ ...request, amount: cny('2.00') }, { idempotencyKey: 'k' }),
    ])
    expect(a.status === 'fulfilled' && b.status === 'fulfilled' && a.value.transfer.id === b.value.transfer.id).toBe(true)
    expect(c.status === 'rejected' && c.reason.code).toBe('ledger.idempotency_conflict')
    expect(inner.entries().filter((e) => e.accountId === client)).toHaveLength(2) // the deposit and one withdrawal
  })

  it('keeps each account’s entry sequence and running balance continuous across a batch', async () => {
    const { ledger, vault, client, inner } = await setup()
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ledger.postTransfer(aWithdrawal(client, cny(`${i + 1}.00`), { creditAccountId: vault }))))
    const entries = inner.entries().filter((e) => e.accountId === client).sort((x, y) => Number(x.accountSequence - y.accountSequence))
    entries.forEach((e, i) => expect(e.accountSequence).toBe(BigInt(i + 1)))
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i - 1]!.balanceAfter.amountMinor - entries[i]!.amount.amountMinor).toBe(entries[i]!.balanceAfter.amountMinor)
    }
    expect(entries.at(-1)!.balanceAfter.amountMinor).toBe(50_000_000n - 21_000n)
  })
})

describe('a poisoned transfer in a shared transaction', () => {
  it('fails alone: its neighbours are posted and answered as posted, once each', async () => {
    const inner = createInMemoryLedgerRepository()
    const repo: LedgerRepository = {
      ...inner,
      inTransaction: (work) => inner.inTransaction((store) => work({
        ...store,
        appendTransfers: async (list) => {
          if (list.some((t) => t.transfer.reference === 'poison')) throw new Error('storage refused the row')
          return store.appendTransfers(list)
        },
      })),
    }
    const ledger = createLedgerService({ repo, clock: fixedClock('2026-03-01T09:00:00Z'), ids: sequentialIds(), groupCommit: { lanes: 1, maxBatch: 100 } })
    const vault = (await ledger.openAccount(aNewInternalAccount('cash_vault', 'CNY'))).account.id
    const client = (await ledger.openAccount(aNewClientAccount())).account.id
    const deposit = (reference: string) => ledger.postTransfer(aDeposit(client, cny('10.00'), { debitAccountId: vault, reference }))
    const results = await Promise.allSettled([deposit('a'), deposit('b'), deposit('poison'), deposit('c')])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('storage refused the row')
    expect(inner.entries().filter((e) => e.accountId === client).map((e) => e.amount.amountMinor)).toEqual([1000n, 1000n, 1000n])

    const batch = await ledger.postBatch([aDeposit(client, cny('1.00'), { debitAccountId: vault, reference: 'poison' }), aDeposit(client, cny('2.00'), { debitAccountId: vault })], 'independent')
    expect(batch.map((r) => r.kind)).toEqual(['failed', 'posted'])
  })
})

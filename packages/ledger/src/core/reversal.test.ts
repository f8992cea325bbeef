import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { money } from '@strongroom/kernel'
import { availableBalance, postedBalance, type AccountState } from './account.js'
import { decideReversal } from './reversal.js'
import { accountsAfterPosting, decideTransfer, type Entry, type TransferRequest, type TransferWithEntries } from './transfer.js'
import { anAccount, anInternalAccount, aDeposit, aPayment, aVault, cny } from '../testing/index.js'

const rejected = (code: string) => ({ kind: 'reject', code, detail: expect.any(String) })
const postedAt = new Date('2026-03-01T09:00:00Z')

/** Posts `request` against `states` the way the service would, returning the stored transfer and the new states. */
function post(states: readonly AccountState[], request: TransferRequest, id = 't-1'): { stored: TransferWithEntries; after: AccountState[] } {
  const decision = decideTransfer(states, request)
  if (decision.kind !== 'post') throw new Error(decision.detail)
  const entries: Entry[] = decision.entries.map((e, i) => ({ ...e, id: `${id}-e${i}`, transferId: id, postedAt }))
  const changed = new Map(accountsAfterPosting(states, decision, postedAt).map((s) => [s.account.id, s]))
  return {
    stored: {
      transfer: {
        id, kind: 'transfer', idempotencyKey: null, reference: request.reference ?? null, channel: request.channel,
        counterparty: request.counterparty ?? null, metadata: {}, reversalOf: null, holdId: null, postedAt,
      },
      entries,
    },
    after: states.map((s) => changed.get(s.account.id) ?? s),
  }
}

describe('decideReversal', () => {
  const client = anAccount({ posted: cny('10.00') })
  const states = [client, aVault()]

  it('mirrors every entry, in order, on the other side, linked to the original', () => {
    const { stored } = post(states, aDeposit(client, cny('250.00'), { counterparty: { name: 'Li Wei' } }))
    expect(decideReversal(stored, false)).toEqual({
      kind: 'reverse',
      reversalOf: 't-1',
      request: {
        entries: [
          { accountId: 'vault-CNY', direction: 'credit', amount: cny('250.00') },
          { accountId: client.account.id, direction: 'debit', amount: cny('250.00') },
        ],
        channel: 'cash',
        reference: 'reversal of t-1',
        counterparty: { name: 'Li Wei' },
        metadata: { reversalOf: 't-1' },
      },
    })
  })

  it('reverses a transfer at most once, and never reverses a reversal', () => {
    const { stored } = post(states, aDeposit(client, cny('1.00')))
    expect(decideReversal(stored, true)).toEqual(rejected('ledger.already_reversed'))
    expect(decideReversal({ ...stored, transfer: { ...stored.transfer, kind: 'reversal' } }, false)).toEqual(rejected('ledger.not_reversible'))
  })

  it('is refused like any transfer once the money has been spent', () => {
    const other = anAccount()
    const { stored, after } = post([client, other], aPayment(client, other, cny('10.00')))
    const { after: spent } = post([...after, aVault()], { debitAccountId: other.account.id, creditAccountId: 'vault-CNY', amount: cny('10.00'), channel: 'cash' }, 't-2')
    const reversal = decideReversal(stored, false)
    if (reversal.kind !== 'reverse') throw new Error('expected a reversal')
    expect(decideTransfer(spent, reversal.request)).toEqual(rejected('ledger.insufficient_funds'))
  })

  it('restores every balance exactly — property', () => {
    const ids = ['a', 'b', 'c', 'fees']
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids), fc.bigInt({ min: 1n, max: 10n ** 12n })), { minLength: 1, maxLength: 5 }),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        (opening, legs, heldMinor) => {
          const start: AccountState[] = [
            anAccount({ id: 'a', posted: money(opening[0]!, 'CNY'), held: money(heldMinor < opening[0]! ? heldMinor : 0n, 'CNY') }),
            anAccount({ id: 'b', posted: money(opening[1]!, 'CNY'), overdraftLimitMinor: 10n ** 6n }),
            anAccount({ id: 'c', posted: money(opening[2]!, 'CNY') }),
            anInternalAccount('fees', 'CNY', { id: 'fees' }),
          ]
          // A multi-leg transfer made of simple pairs, skipping an account paying itself.
          const pairs = legs.filter(([from, to]) => from !== to)
          const debited = new Set(pairs.map(([from]) => from))
          const usable = pairs.filter(([, to]) => !debited.has(to))
          fc.pre(usable.length > 0)
          const request: TransferRequest = {
            entries: usable.flatMap(([from, to, amount]) => [
              { accountId: from, direction: 'debit' as const, amount: money(amount, 'CNY') },
              { accountId: to, direction: 'credit' as const, amount: money(amount, 'CNY') },
            ]),
            channel: 'internal',
          }
          const decision = decideTransfer(start, request)
          fc.pre(decision.kind === 'post')
          const { stored, after } = post(start, request)
          const reversal = decideReversal(stored, false)
          if (reversal.kind !== 'reverse') throw new Error('expected a reversal')
          // Right after the original, the reversal is always allowed…
          const { after: restored } = post(after, reversal.request, 't-2')
          // …and puts every posted and available balance back to the fen.
          for (const [i, state] of restored.entries()) {
            const was = start[i]!
            expect(postedBalance(state.account, state.balances)).toEqual(postedBalance(was.account, was.balances))
            expect(availableBalance(state.account, state.balances)).toEqual(availableBalance(was.account, was.balances))
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { money } from '@strongroom/kernel'
import { availableBalance, type AccountState } from './account.js'
import { captureTransferRequest, decideCapture, decideExpiry, decideHold, decideVoid, releaseHold, type Hold } from './hold.js'
import { decideTransfer } from './transfer.js'
import { aHoldRequest, anAccount, anInternalAccount, aWithdrawal, aVault, cny, usd } from '../testing/index.js'

const t0 = new Date('2026-03-01T09:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const rejected = (code: string) => ({ kind: 'reject', code, detail: expect.any(String) })

function placed(state: AccountState, amount = cny('300.00'), expiresAt: Date | null = at(60_000)) {
  const decision = decideHold(state, aHoldRequest(state, amount, { expiresAt }), { id: 'hold-1', now: t0 })
  if (decision.kind !== 'hold') throw new Error(decision.detail)
  return { ...decision, state: { ...state, balances: decision.balanceAfter.balances } }
}

describe('decideHold', () => {
  it('reserves the amount: posted stays, available drops', () => {
    const account = anAccount({ posted: cny('1000.00') })
    const { hold, balanceAfter } = placed(account)
    expect(hold).toMatchObject({ id: 'hold-1', status: 'held', amount: cny('300.00'), capturedAmount: cny('0.00'), closedAt: null })
    expect([balanceAfter.posted, balanceAfter.available]).toEqual([cny('1000.00'), cny('700.00')])
  })

  it('counts earlier holds, and the overdraft', () => {
    const account = anAccount({ posted: cny('1000.00'), held: cny('600.00'), overdraftLimitMinor: 100_00n })
    expect(decideHold(account, aHoldRequest(account, cny('500.00')), { id: 'h', now: t0 }).kind).toBe('hold')
    expect(decideHold(account, aHoldRequest(account, cny('500.01')), { id: 'h', now: t0 })).toEqual(rejected('ledger.overdraft_limit_exceeded'))
    const noOverdraft = anAccount({ posted: cny('1000.00'), held: cny('600.00') })
    expect(decideHold(noOverdraft, aHoldRequest(noOverdraft, cny('400.01')), { id: 'h', now: t0 })).toEqual(rejected('ledger.insufficient_funds'))
  })

  it('makes a later withdrawal see the reservation', () => {
    const { state } = placed(anAccount({ posted: cny('1000.00') }))
    expect(decideTransfer([state, aVault()], aWithdrawal(state, cny('700.01')))).toEqual(rejected('ledger.insufficient_funds'))
    expect(decideTransfer([state, aVault()], aWithdrawal(state, cny('700.00'))).kind).toBe('post')
  })

  it('reserves on the credit side of a debit-normal account', () => {
    const settlement = anInternalAccount('settlement', 'CNY', { unbounded: false, posted: cny('100.00') })
    const { balanceAfter } = placed(settlement, cny('40.00'))
    expect(balanceAfter.balances.pendingCreditsMinor).toBe(40_00n)
    expect(balanceAfter.available).toEqual(cny('60.00'))
  })

  it.each<[string, AccountState, Parameters<typeof aHoldRequest>[2], string]>([
    ['a zero amount', anAccount({ posted: cny('10.00') }), { amount: cny('0.00') }, 'ledger.invalid_amount'],
    ['a blank reason', anAccount({ posted: cny('10.00') }), { reason: ' ' }, 'ledger.invalid_hold'],
    ['no owner', anAccount({ posted: cny('10.00') }), { owner: '' }, 'ledger.invalid_hold'],
    ['an expiry that has passed', anAccount({ posted: cny('10.00') }), { expiresAt: t0 }, 'ledger.invalid_hold'],
    ['another currency', anAccount({ posted: cny('10.00') }), { amount: usd('1.00') }, 'ledger.currency_mismatch'],
    ['a frozen account', anAccount({ posted: cny('10.00'), status: 'frozen' }), {}, 'ledger.account_frozen'],
    ['a closed account', anAccount({ status: 'closed' }), {}, 'ledger.account_closed'],
  ])('refuses %s', (_, state, overrides, code) => {
    expect(decideHold(state, aHoldRequest(state, cny('1.00'), overrides), { id: 'h', now: t0 })).toEqual(rejected(code))
  })
})

describe('the hold state machine', () => {
  const { hold } = placed(anAccount({ posted: cny('1000.00') }))

  it('captures part and releases the rest, closing the hold', () => {
    expect(decideCapture(hold, cny('120.00'), at(1))).toEqual({
      kind: 'capture',
      hold: { ...hold, status: 'captured', capturedAmount: cny('120.00'), closedAt: at(1) },
      captured: cny('120.00'),
      released: cny('180.00'),
    })
  })

  it('captures the whole hold when no amount is given', () => {
    const decision = decideCapture(hold, undefined, at(1))
    expect(decision.kind === 'capture' && [decision.captured, decision.released]).toEqual([cny('300.00'), cny('0.00')])
  })

  it('never captures more than was held', () => {
    expect(decideCapture(hold, cny('300.01'), at(1))).toEqual(rejected('ledger.capture_exceeds_hold'))
    expect(decideCapture(hold, cny('0.00'), at(1))).toEqual(rejected('ledger.invalid_amount'))
    expect(decideCapture(hold, usd('1.00'), at(1))).toEqual(rejected('ledger.currency_mismatch'))
  })

  it('treats every end as final', () => {
    const captured = (decideCapture(hold, cny('1.00'), at(1)) as { hold: Hold }).hold
    const voided = (decideVoid(hold, at(1)) as { hold: Hold }).hold
    const expired = (decideExpiry(hold, at(60_000)) as { hold: Hold }).hold
    for (const ended of [captured, voided, expired]) {
      expect(decideCapture(ended, undefined, at(2))).toEqual(rejected('ledger.hold_not_active'))
      expect(decideVoid(ended, at(2))).toEqual(rejected('ledger.hold_not_active'))
      expect(decideExpiry(ended, at(120_000))).toEqual(rejected('ledger.hold_not_active'))
    }
  })

  it('expires at its expiry instant, whether or not the sweeper has run', () => {
    expect(decideExpiry(hold, at(59_999))).toEqual({ kind: 'not_due' })
    expect(decideCapture(hold, undefined, at(59_999)).kind).toBe('capture')
    // The sweeper has not marked it expired, but its time is up:
    expect(hold.status).toBe('held')
    expect(decideCapture(hold, undefined, at(60_000))).toEqual(rejected('ledger.hold_not_active'))
    expect(decideVoid(hold, at(60_000))).toEqual(rejected('ledger.hold_not_active'))
    expect(decideExpiry(hold, at(90_000))).toEqual({
      kind: 'expire',
      hold: { ...hold, status: 'expired', closedAt: at(60_000) }, // when it expired, not when the sweeper came
      released: cny('300.00'),
    })
  })

  it('never expires a hold without an expiry', () => {
    const { hold: forever } = placed(anAccount({ posted: cny('1000.00') }), cny('1.00'), null)
    expect(decideExpiry(forever, at(10 ** 12))).toEqual({ kind: 'not_due' })
  })

  it('captures out of a debit-normal account by crediting it', () => {
    const settlement = anInternalAccount('settlement', 'CNY', { unbounded: false, posted: cny('100.00') })
    const { hold: onSettlement } = placed(settlement, cny('40.00'))
    const request = captureTransferRequest(settlement.account, onSettlement, { toAccountId: 'client' }, cny('40.00'))
    expect([request.debitAccountId, request.creditAccountId]).toEqual(['client', settlement.account.id])
    const fromClient = captureTransferRequest(anAccount().account, onSettlement, { toAccountId: 'x' }, cny('1.00'))
    expect(fromClient.creditAccountId).toBe('x')
  })
})

describe('holds — properties', () => {
  type Op = { kind: 'capture'; amountMinor: bigint | null } | { kind: 'void' } | { kind: 'expire' } | { kind: 'wait'; ms: number }
  const anOp: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('capture' as const), amountMinor: fc.option(fc.bigInt({ min: -10n, max: 60_000n })) }),
    fc.constant({ kind: 'void' as const }),
    fc.constant({ kind: 'expire' as const }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  )

  it('never captures more than the hold, ends once, and always gives the reservation back in full', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 50_000n }),
        fc.option(fc.integer({ min: 1, max: 100_000 })),
        fc.array(anOp, { maxLength: 12 }),
        (amountMinor, expiresIn, ops) => {
          let state = anAccount({ posted: cny('1000.00') })
          const decision = decideHold(state, aHoldRequest(state, money(amountMinor, 'CNY'), { expiresAt: expiresIn === null ? null : at(expiresIn) }), { id: 'h', now: t0 })
          if (decision.kind !== 'hold') throw new Error(decision.detail)
          let hold = decision.hold
          state = { ...state, balances: decision.balanceAfter.balances }
          let now = 0
          let ends = 0
          for (const op of ops) {
            if (op.kind === 'wait') {
              now += op.ms
              continue
            }
            const before = hold
            const result =
              op.kind === 'capture'
                ? decideCapture(hold, op.amountMinor === null ? undefined : money(op.amountMinor, 'CNY'), at(now))
                : op.kind === 'void'
                  ? decideVoid(hold, at(now))
                  : decideExpiry(hold, at(now))
            if (result.kind === 'reject' || result.kind === 'not_due') continue
            expect(before.status).toBe('held') // only a live hold ends…
            ends += 1
            hold = result.hold
            state = releaseHold(state, before)
            expect(result.released.amountMinor + hold.capturedAmount.amountMinor).toBe(before.amount.amountMinor)
            if (result.kind === 'capture') {
              // …and at most what it held, while its time lasts.
              expect(hold.capturedAmount.amountMinor).toBeGreaterThan(0n)
              expect(hold.capturedAmount.amountMinor).toBeLessThanOrEqual(hold.amount.amountMinor)
              expect(expiresIn === null || now < expiresIn).toBe(true)
            }
          }
          expect(ends).toBeLessThanOrEqual(1)
          expect(hold.capturedAmount.amountMinor).toBeLessThanOrEqual(hold.amount.amountMinor)
          // Once it ends nothing stays reserved; while it lives exactly its amount does.
          expect(availableBalance(state.account, state.balances)).toEqual(hold.status === 'held' ? money(100_000n - amountMinor, 'CNY') : cny('1000.00'))
        },
      ),
      { numRuns: 500 },
    )
  })
})

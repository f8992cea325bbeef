import { describe, expect, it } from 'vitest'
import { money } from '@strongroom/kernel'
import { transferFingerprint } from './transfer-fingerprint.js'
import type { MultiLegTransferRequest, SimpleTransferRequest } from './transfer.js'
import { cny } from '../testing/index.js'

const simple: SimpleTransferRequest = {
  debitAccountId: 'a',
  creditAccountId: 'b',
  amount: cny('250000.00'),
  channel: 'transfer',
  reference: 'invoice 7',
  counterparty: { name: 'Li Wei', bank: 'ICBC', country: 'CN' },
  metadata: { branch: 'SH01', desk: 'private banking' },
}

describe('transferFingerprint', () => {
  it('does not depend on key order, absent-vs-undefined fields, or extra properties', () => {
    const same = {
      metadata: { desk: 'private banking', branch: 'SH01' },
      counterparty: { country: 'CN', bank: 'ICBC', name: 'Li Wei', account: undefined },
      reference: 'invoice 7',
      channel: 'transfer' as const,
      amount: { currency: 'CNY' as const, amountMinor: 25_000_000n, display: '250,000.00' },
      creditAccountId: 'b',
      debitAccountId: 'a',
      note: 'not part of the request',
    }
    expect(transferFingerprint(same)).toBe(transferFingerprint(simple))
  })

  it.each<[string, SimpleTransferRequest]>([
    ['amount', { ...simple, amount: cny('250000.01') }],
    ['currency', { ...simple, amount: money(25_000_000n, 'HKD') }],
    ['debit account', { ...simple, debitAccountId: 'c' }],
    ['credit account', { ...simple, creditAccountId: 'c' }],
    ['channel', { ...simple, channel: 'cash' }],
    ['reference', { ...simple, reference: 'invoice 8' }],
    ['no reference', { ...simple, reference: undefined }],
    ['counterparty', { ...simple, counterparty: { ...simple.counterparty!, country: 'HK' } }],
    ['metadata', { ...simple, metadata: { ...simple.metadata, desk: 'corporate' } }],
  ])('changes with the %s', (_, changed) => {
    expect(transferFingerprint(changed)).not.toBe(transferFingerprint(simple))
  })

  it('tells the two forms apart, and keeps leg order', () => {
    const legs: MultiLegTransferRequest = {
      entries: [
        { accountId: 'a', direction: 'debit', amount: cny('250000.00') },
        { accountId: 'b', direction: 'credit', amount: cny('250000.00') },
      ],
      channel: 'transfer',
    }
    const { debitAccountId, creditAccountId, amount, ...details } = simple
    expect(transferFingerprint({ ...legs, ...details })).not.toBe(transferFingerprint(simple))
    expect(transferFingerprint({ ...legs, entries: [...legs.entries].reverse() })).not.toBe(transferFingerprint(legs))
  })
})

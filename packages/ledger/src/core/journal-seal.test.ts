import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { money, type CurrencyCode } from '@strongroom/kernel'
import { canonicalEntryContent, genesisHash, sealEntries, sealHash, verifyChain, type SealedEntry, type Sha256 } from './journal-seal.js'
import type { Entry, Transfer } from './transfer.js'
import { cny } from '../testing/index.js'

const sha256: Sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex')

const anEntry = (n: number, overrides: Partial<Entry> = {}): Entry => ({
  id: `entry-${n}`,
  transferId: `transfer-${Math.ceil(n / 2)}`,
  accountId: n % 2 ? 'vault-CNY' : 'account-1',
  accountSequence: BigInt(n),
  direction: n % 2 ? 'debit' : 'credit',
  amount: cny('250000.00'),
  balanceAfter: cny(`${n}.00`),
  postedAt: new Date(Date.UTC(2026, 2, 1, 9, 0, 0, n)),
  ...overrides,
})

describe('canonicalEntryContent', () => {
  it('is exactly this text — rows already sealed depend on it never changing', () => {
    expect(canonicalEntryContent(anEntry(3))).toBe(
      'entry/v1["entry-3","transfer-2","vault-CNY","3","debit","25000000","CNY","300","CNY","2026-03-01T09:00:00.003Z"]',
    )
  })

  it('cannot be shifted by a value that contains a separator', () => {
    const a = canonicalEntryContent(anEntry(1, { id: 'x","y', transferId: 'z' }))
    const b = canonicalEntryContent(anEntry(1, { id: 'x', transferId: 'y","z' }))
    expect(a).not.toBe(b)
  })
})

describe('sealing and verifying', () => {
  it('links the first row to the genesis hash and each row to the one before', () => {
    const [first, second] = sealEntries(null, [anEntry(1), anEntry(2)], sha256)
    expect(first!.seal).toEqual({
      sequence: 1n,
      previousHash: genesisHash,
      hash: sha256(`1\n${genesisHash}\n${canonicalEntryContent(anEntry(1))}`),
    })
    expect(second!.seal.previousHash).toBe(first!.seal.hash)
    expect(second!.seal.hash).toBe(sealHash(first!.seal.hash, 2n, canonicalEntryContent(anEntry(2)), sha256))
    expect(genesisHash).toMatch(/^0{64}$/)
  })

  it('continues a chain from its head, batch after batch, and verifies page by page', () => {
    const firstBatch = sealEntries(null, [1, 2, 3].map((n) => anEntry(n)), sha256)
    const head = firstBatch[2]!.seal
    const secondBatch = sealEntries(head, [4, 5].map((n) => anEntry(n)), sha256)
    expect(secondBatch.map((r) => r.seal.sequence)).toEqual([4n, 5n])
    const whole = verifyChain([...firstBatch, ...secondBatch], sha256)
    expect(whole).toEqual({ ok: true, count: 5, head: { sequence: 5n, hash: secondBatch[1]!.seal.hash } })
    const page1 = verifyChain(firstBatch, sha256)
    const page2 = verifyChain(secondBatch, sha256, { after: page1.ok ? page1.head! : undefined })
    expect(page2).toEqual(whole.ok ? { ...whole, count: 2 } : whole)
  })

  it('accepts an empty journal', () => {
    expect(verifyChain([], sha256)).toEqual({ ok: true, count: 0, head: null })
  })

  it('finds rows cut from the end only against a head kept elsewhere', () => {
    const rows = sealEntries(null, [1, 2, 3, 4].map((n) => anEntry(n)), sha256)
    const head = { sequence: 4n, hash: rows[3]!.seal.hash }
    expect(verifyChain(rows.slice(0, 3), sha256).ok).toBe(true)
    expect(verifyChain(rows.slice(0, 3), sha256, { expectedHead: head })).toMatchObject({ ok: false, reason: 'truncated', firstBrokenSequence: 4n })
    expect(verifyChain(rows, sha256, { expectedHead: head }).ok).toBe(true)
  })

  it('finds a chain rewritten and re-sealed from a row onwards, against a head kept elsewhere', () => {
    const rows = sealEntries(null, [1, 2, 3, 4].map((n) => anEntry(n)), sha256)
    const head = { sequence: 4n, hash: rows[3]!.seal.hash }
    const forged = [...rows.slice(0, 2), ...sealEntries(rows[1]!.seal, [anEntry(3, { amount: cny('1.00') }), anEntry(4)], sha256)]
    expect(verifyChain(forged, sha256).ok).toBe(true) // internally consistent…
    expect(verifyChain(forged, sha256, { expectedHead: head })).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBrokenSequence: 4n })
  })
})

// ——— tampering, as a superuser bypassing the trigger could ————————————————

const anyCurrency = fc.constantFrom<CurrencyCode>('CNY', 'USD', 'JPY', 'KWD')
const anyEntry: fc.Arbitrary<Entry> = fc
  .record({
    id: fc.uuid(),
    transferId: fc.uuid(),
    accountId: fc.string({ minLength: 1, maxLength: 12 }),
    accountSequence: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    direction: fc.constantFrom('debit' as const, 'credit' as const),
    amountMinor: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
    balanceMinor: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
    currency: anyCurrency,
    postedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms)),
  })
  .map(({ amountMinor, balanceMinor, currency, ...rest }) => ({
    ...rest,
    amount: money(amountMinor, currency),
    balanceAfter: money(balanceMinor, currency),
  }))

type Tamper = (entry: Entry) => Entry
const tampers: Record<string, Tamper> = {
  id: (e) => ({ ...e, id: `${e.id}x` }),
  transferId: (e) => ({ ...e, transferId: `${e.transferId}x` }),
  accountId: (e) => ({ ...e, accountId: `${e.accountId}x` }),
  accountSequence: (e) => ({ ...e, accountSequence: e.accountSequence + 1n }),
  direction: (e) => ({ ...e, direction: e.direction === 'debit' ? 'credit' : 'debit' }),
  amount: (e) => ({ ...e, amount: money(e.amount.amountMinor - 1n, e.amount.currency) }),
  currency: (e) => ({ ...e, amount: money(e.amount.amountMinor, e.amount.currency === 'CNY' ? 'USD' : 'CNY') }),
  balanceAfter: (e) => ({ ...e, balanceAfter: money(e.balanceAfter.amountMinor + 1n, e.balanceAfter.currency) }),
  postedAt: (e) => ({ ...e, postedAt: new Date(e.postedAt.getTime() + 1) }),
}

const aChain = fc.array(anyEntry, { minLength: 2, maxLength: 25 }).map((entries) => sealEntries(null, entries, sha256))
const aChainAndRow = aChain.chain((rows) => fc.tuple(fc.constant(rows), fc.nat({ max: rows.length - 1 })))

describe('verifyChain — properties', () => {
  it('verifies every untouched chain', () => {
    fc.assert(
      fc.property(aChain, (rows) => {
        expect(verifyChain(rows, sha256)).toMatchObject({ ok: true, count: rows.length })
      }),
    )
  })

  it('finds any single changed field, at the row it was changed in', () => {
    fc.assert(
      fc.property(aChainAndRow, fc.constantFrom(...Object.keys(tampers)), ([rows, i], field) => {
        const tampered = rows.map((row, j): SealedEntry => (j === i ? { ...row, entry: tampers[field]!(row.entry) } : row))
        expect(verifyChain(tampered, sha256)).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBrokenSequence: BigInt(i + 1) })
      }),
      { numRuns: 300 },
    )
  })

  it('finds a changed seal: hash, link or sequence', () => {
    fc.assert(
      fc.property(aChainAndRow, fc.constantFrom('hash', 'previousHash', 'sequence'), ([rows, i], part) => {
        const flip = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1)
        const tampered = rows.map((row, j): SealedEntry => {
          if (j !== i) return row
          if (part === 'hash') return { ...row, seal: { ...row.seal, hash: flip(row.seal.hash) } }
          if (part === 'previousHash') return { ...row, seal: { ...row.seal, previousHash: flip(row.seal.previousHash) } }
          return { ...row, seal: { ...row.seal, sequence: row.seal.sequence + 100n } }
        })
        const reason = { hash: 'hash_mismatch', previousHash: 'previous_hash_mismatch', sequence: 'sequence_gap' }[part]
        expect(verifyChain(tampered, sha256)).toMatchObject({ ok: false, reason, firstBrokenSequence: BigInt(i + 1) })
      }),
      { numRuns: 300 },
    )
  })

  it('finds a deleted row, even when the rows after it are renumbered', () => {
    fc.assert(
      fc.property(aChainAndRow, ([rows, i]) => {
        fc.pre(i < rows.length - 1) // deleting the last row needs a recorded head: tested above
        const without = rows.filter((_, j) => j !== i)
        expect(verifyChain(without, sha256)).toMatchObject({ ok: false, reason: 'sequence_gap', firstBrokenSequence: BigInt(i + 1) })
        const renumbered = without.map((row, j): SealedEntry => ({ ...row, seal: { ...row.seal, sequence: BigInt(j + 1) } }))
        expect(verifyChain(renumbered, sha256)).toMatchObject({ ok: false, firstBrokenSequence: BigInt(i + 1) })
      }),
      { numRuns: 200 },
    )
  })

  it('finds a swapped pair, whether whole rows or only their contents were swapped', () => {
    fc.assert(
      fc.property(aChainAndRow, ([rows, i]) => {
        fc.pre(i < rows.length - 1)
        const swapped = [...rows]
        ;[swapped[i], swapped[i + 1]] = [rows[i + 1]!, rows[i]!]
        expect(verifyChain(swapped, sha256)).toMatchObject({ ok: false, firstBrokenSequence: BigInt(i + 1) })
        const contentsSwapped = rows.map((row, j): SealedEntry =>
          j === i ? { ...row, entry: rows[i + 1]!.entry } : j === i + 1 ? { ...row, entry: rows[i]!.entry } : row,
        )
        expect(verifyChain(contentsSwapped, sha256)).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBrokenSequence: BigInt(i + 1) })
      }),
      { numRuns: 200 },
    )
  })
})

describe('sealing the transfer header with its entries (entry/v2)', () => {
  const aTransfer = (overrides: Partial<Transfer> = {}): Transfer => ({
    id: 'transfer-1', kind: 'transfer', idempotencyKey: null, reference: 'INV-7', channel: 'transfer',
    counterparty: { name: 'Acme Ltd', country: 'HK' }, metadata: { a: '1', b: '2' }, reversalOf: null, holdId: null,
    postedAt: new Date(Date.UTC(2026, 2, 1, 9)), ...overrides,
  })

  it('changes with every header field, and not with the order of metadata keys', () => {
    const base = canonicalEntryContent(anEntry(1), aTransfer())
    expect(base.startsWith('entry/v2')).toBe(true)
    expect(canonicalEntryContent(anEntry(1), aTransfer({ metadata: { b: '2', a: '1' } }))).toBe(base)
    const changed: Partial<Transfer>[] = [
      { reference: 'INV-8' }, { channel: 'cash' }, { counterparty: { name: 'Acme Ltd', country: 'SG' } }, { counterparty: null },
      { metadata: { a: '1', b: '3' } }, { reversalOf: 'transfer-0' }, { holdId: 'hold-1' }, { kind: 'reversal' },
      { idempotencyKey: 'k' }, { postedAt: new Date(Date.UTC(2026, 2, 1, 10)) },
    ]
    for (const change of changed) expect(canonicalEntryContent(anEntry(1), aTransfer(change)), JSON.stringify(change)).not.toBe(base)
  })

  it('verifies a chain sealed with headers, and finds a header changed afterwards', () => {
    const sealed = sealEntries(null, [1, 2, 3].map((n) => ({ entry: anEntry(n), transfer: aTransfer({ id: anEntry(n).transferId }) })), sha256)
    expect(verifyChain(sealed, sha256)).toMatchObject({ ok: true, count: 3 })
    const forged = sealed.map((row, i) => (i === 1 ? { ...row, transfer: aTransfer({ id: row.entry.transferId, reference: 'forged' }) } : row))
    expect(verifyChain(forged, sha256)).toMatchObject({ ok: false, firstBrokenSequence: 2n, reason: 'hash_mismatch' })
  })
})

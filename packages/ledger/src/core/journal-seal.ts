import type { Entry, Transfer } from './transfer.js'

/**
 * SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. A port,
 * so the core stays free of `node:crypto` and runs anywhere; the server
 * passes `(t) => createHash('sha256').update(t, 'utf8').digest('hex')`.
 */
export type Sha256 = (text: string) => string

/** The previous hash of the first sealed row. */
export const genesisHash = '0'.repeat(64)

/** Where a chain (or a verified stretch of it) ends: the next row links to this. */
export interface JournalHead {
  readonly sequence: bigint
  readonly hash: string
}

/** A row's place in the chain. Sequences are 1, 2, 3, … with no gaps. */
export interface JournalSeal {
  readonly sequence: bigint
  readonly previousHash: string
  readonly hash: string
}

export interface SealedEntry {
  readonly entry: Entry
  /** The entry's transfer, when its header is sealed with it (`entry/v2`). */
  readonly transfer?: Transfer | undefined
  readonly seal: JournalSeal
}

/** An entry to seal, with its transfer's header when the chain should cover that too. */
export type SealInput = Entry | { readonly entry: Entry; readonly transfer: Transfer }

/**
 * The exact text an entry's hash covers: every field that gives the entry its
 * meaning, in a fixed order, as a JSON array so that no value can run into
 * the next (an id containing the separator cannot shift the fields). Amounts
 * are minor-unit integers and the time is ISO 8601 in UTC with milliseconds,
 * so the text is the same whichever driver read the row. The version prefix
 * lets a future format coexist with rows sealed under this one.
 */
export function canonicalEntryContent(entry: Entry, transfer?: Transfer): string {
  // v2 also binds the header of the entry's transfer — reference, counterparty, metadata,
  // what it reverses — so those cannot be rewritten behind a valid chain either.
  if (transfer !== undefined) return `entry/v2${JSON.stringify([...entryFields(entry), ...transferFields(transfer)])}`
  return `entry/v1${JSON.stringify(entryFields(entry))}`
}

function entryFields(entry: Entry): string[] {
  return [
    entry.id,
    entry.transferId,
    entry.accountId,
    entry.accountSequence.toString(),
    entry.direction,
    entry.amount.amountMinor.toString(),
    entry.amount.currency,
    entry.balanceAfter.amountMinor.toString(),
    entry.balanceAfter.currency,
    entry.postedAt.toISOString(),
  ]
}

function sortedRecord(record: Readonly<Record<string, string | undefined>> | null): string | null {
  if (record === null) return null
  return JSON.stringify(Object.keys(record).sort().map((k) => [k, record[k] ?? null]))
}

function transferFields(t: Transfer): (string | null)[] {
  return [
    t.id, t.kind, t.idempotencyKey, t.reference, t.channel,
    sortedRecord(t.counterparty as Readonly<Record<string, string | undefined>> | null), sortedRecord(t.metadata),
    t.reversalOf, t.holdId, t.postedAt.toISOString(),
  ]
}

/** The hash of one row: it binds the row's content to its position and to everything sealed before it. */
export function sealHash(previousHash: string, sequence: bigint, content: string, sha256: Sha256): string {
  return sha256(`${sequence}\n${previousHash}\n${content}`)
}

/**
 * Seals a batch of posted entries onto the end of the chain. Sealing runs
 * after commit, in batches, by one sealer at a time: posting never waits on
 * a global chain lock, and the order within the chain is simply the order
 * the sealer took the entries in.
 */
export function sealEntries(head: JournalHead | null, entries: readonly SealInput[], sha256: Sha256): SealedEntry[] {
  let previousHash = head?.hash ?? genesisHash
  let sequence = head?.sequence ?? 0n
  return entries.map((input) => {
    const { entry, transfer } = 'entry' in input ? input : { entry: input, transfer: undefined }
    sequence += 1n
    const hash = sealHash(previousHash, sequence, canonicalEntryContent(entry, transfer), sha256)
    const seal: JournalSeal = { sequence, previousHash, hash }
    previousHash = hash
    return transfer === undefined ? { entry, seal } : { entry, transfer, seal }
  })
}

export const chainBreaks = ['sequence_gap', 'previous_hash_mismatch', 'hash_mismatch', 'truncated'] as const
/**
 * `sequence_gap`: a row is missing or out of place. `previous_hash_mismatch`:
 * the link to the row before was cut (rows deleted and renumbered, or
 * re-sealed). `hash_mismatch`: the row's content or hash was changed.
 * `truncated`: the chain ends before the head recorded elsewhere.
 */
export type ChainBreak = (typeof chainBreaks)[number]

export type ChainVerification =
  | { readonly ok: true; readonly count: number; readonly head: JournalHead | null }
  | { readonly ok: false; readonly firstBrokenSequence: bigint; readonly reason: ChainBreak; readonly detail: string }

export interface VerifyOptions {
  /**
   * Verify a stretch that continues from this head (the `head` of the previous
   * stretch), so a long journal is checked page by page. Default: from genesis.
   */
  readonly after?: JournalHead | undefined
  /**
   * A head recorded outside the journal table (the last one verify reported,
   * a value published to auditors). Deleting rows from the END of a chain
   * leaves a valid shorter chain; only a head kept elsewhere reveals it.
   * Pass it when `rows` run to the end of the journal (with the last page,
   * when paging): a chain that stops short of it is `truncated`, and a row at
   * its sequence with another hash is a `hash_mismatch`.
   */
  readonly expectedHead?: JournalHead | undefined
}

/**
 * Recomputes the chain over `rows`, given in sequence order, and reports the
 * first broken link. It trusts nothing stored in a row except as something
 * to compare against: every hash is recomputed from the content.
 */
export function verifyChain(rows: Iterable<SealedEntry>, sha256: Sha256, options: VerifyOptions = {}): ChainVerification {
  let previousHash = options.after?.hash ?? genesisHash
  let expected = (options.after?.sequence ?? 0n) + 1n
  let count = 0
  for (const { entry, transfer, seal } of rows) {
    if (seal.sequence !== expected) {
      return broken(expected, 'sequence_gap', `expected sequence ${expected}, found ${seal.sequence}`)
    }
    if (seal.previousHash !== previousHash) {
      return broken(expected, 'previous_hash_mismatch', `row ${expected} does not link to the row before it`)
    }
    const hash = sealHash(previousHash, seal.sequence, canonicalEntryContent(entry, transfer), sha256)
    if (seal.hash !== hash) {
      return broken(expected, 'hash_mismatch', `row ${expected} (entry ${entry.id}) does not match its hash`)
    }
    // A chain rewritten and re-sealed from some row onwards is internally
    // consistent; the head kept elsewhere is what it can no longer match.
    if (options.expectedHead !== undefined && seal.sequence === options.expectedHead.sequence && hash !== options.expectedHead.hash) {
      return broken(expected, 'hash_mismatch', `row ${expected} does not match the recorded head`)
    }
    previousHash = hash
    expected += 1n
    count += 1
  }
  const last = expected - 1n
  const head = count === 0 ? (options.after ?? null) : { sequence: last, hash: previousHash }
  if (options.expectedHead !== undefined && (head?.sequence ?? 0n) < options.expectedHead.sequence) {
    return broken(last + 1n, 'truncated', `the chain ends at ${last}, the recorded head is ${options.expectedHead.sequence}`)
  }
  return { ok: true, count, head }
}

function broken(sequence: bigint, reason: ChainBreak, detail: string): ChainVerification {
  return { ok: false, firstBrokenSequence: sequence, reason, detail }
}

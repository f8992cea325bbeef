/**
 * Identifiers are a port too, so tests can make them predictable.
 *
 * Production ids are UUIDv7 (RFC 9562): time-ordered, so b-tree inserts stay
 * local and `ORDER BY id` approximates creation order, which cursor
 * pagination relies on.
 */
export interface IdGenerator {
  next(): string
}

// Random bytes are drawn 4 KiB at a time: one getRandomValues call per id
// was a measurable share of the ledger's CPU under load (a batch makes
// thousands of ids). Web Crypto, so the kernel runs in Node, Deno, browsers.
const randomPool = new Uint8Array(4096)
let randomOffset = randomPool.length

function randomBytes16(): Uint8Array {
  if (randomOffset + 16 > randomPool.length) {
    globalThis.crypto.getRandomValues(randomPool)
    randomOffset = 0
  }
  const bytes = randomPool.slice(randomOffset, randomOffset + 16)
  randomOffset += 16
  return bytes
}

export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes16()
  const ms = BigInt(now)
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 9562 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const uuidv7Ids: IdGenerator = Object.freeze({ next: () => uuidv7() })

/** Deterministic ids for tests: `prefix-000001`, `prefix-000002`, … as valid UUIDs. */
export function sequentialIds(): IdGenerator {
  let n = 0
  return {
    next() {
      n += 1
      return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`
    },
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export function isUuid(value: string): boolean {
  return uuidPattern.test(value)
}

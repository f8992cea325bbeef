import { nameParticles } from './normalize-name.js'

/**
 * Blocking: the few listed names worth scoring for a query, found without
 * looking at the other twenty thousand.
 *
 * Every listed token is filed under itself and, from four letters on, under
 * each spelling with one letter deleted (the symmetric-delete scheme of
 * SymSpell): a query token and a listed token share a key exactly when they
 * are equal or one edit apart — a letter wrong, missing, extra, or two
 * neighbours swapped (MARTHA, MARHTA and MARTA meet at MARTA). Runs of two and
 * three neighbouring tokens are filed written together as well, and so is
 * the whole name, so "fang wei" finds "Fangwei" and "fangwei" finds
 * "Fang Wei".
 *
 * A listed name is a candidate when the query tokens it shares carry at
 * least half of the query's information, each token weighted by its length
 * and by how rare it is among listed names (inverse document frequency):
 * "Garcia" alone can make a candidate of "GARCIA LOPEZ, Juan", the common
 * "Mohammed" alone cannot.
 * The best-covered candidates, up to a limit, are handed on to be scored.
 */
export interface CandidateIndex {
  /** Listed names (by position) worth scoring for the query's tokens, best-covered first. */
  candidates(queryTokens: readonly string[], limit: number): number[]
  readonly size: number
}

/** Tokens shorter than this get no one-deletion keys: "li" would otherwise meet every "l" and "i". */
const minimumDeletionLength = 4
/** Share of the query's information a candidate must share. */
const minimumCoverage = 0.5
/** Only the first 31 query tokens take part: coverage is kept as a bit set. */
const maximumQueryTokens = 31

function deletions(token: string): string[] {
  if (token.length < minimumDeletionLength) return []
  const out: string[] = []
  for (let i = 0; i < token.length; i++) {
    if (i > 0 && token[i] === token[i - 1]) continue // deleting either of a double letter gives the same key
    out.push(token.slice(0, i) + token.slice(i + 1))
  }
  return out
}

/** Tokens that find candidates: particles and single letters say too little, unless they are all there is. */
function searchable(tokens: readonly string[]): boolean[] {
  const meaningful = tokens.map((t) => t.length > 1 && !nameParticles.has(t))
  return meaningful.some(Boolean) ? meaningful : tokens.map((t) => t.length > 0)
}

class Postings {
  private readonly lists = new Map<string, number[]>()
  add(key: string, id: number): void {
    const list = this.lists.get(key)
    if (!list) this.lists.set(key, [id])
    else if (list[list.length - 1] !== id) list.push(id)
  }
  freeze(): Map<string, Int32Array> {
    const frozen = new Map<string, Int32Array>()
    for (const [key, ids] of this.lists) frozen.set(key, Int32Array.from(ids))
    return frozen
  }
}

export function buildCandidateIndex(names: readonly (readonly string[])[]): CandidateIndex {
  const tokenPostings = new Postings()
  const joinPostings = new Postings()
  names.forEach((tokens, id) => {
    const use = searchable(tokens)
    tokens.forEach((token, i) => {
      if (!use[i]) return
      tokenPostings.add(token, id)
      for (const key of deletions(token)) tokenPostings.add(key, id)
    })
    for (let length = 2; length <= 3; length++) {
      for (let at = 0; at + length <= tokens.length; at++) joinPostings.add(tokens.slice(at, at + length).join(''), id)
    }
    if (tokens.length > 1) {
      // the whole name run together, as written and turned round (surname last instead of first)
      joinPostings.add(tokens.join(''), id)
      joinPostings.add([...tokens.slice(1), tokens[0]].join(''), id)
      joinPostings.add([tokens[tokens.length - 1], ...tokens.slice(0, -1)].join(''), id)
    }
  })
  const byToken = tokenPostings.freeze()
  const byJoin = joinPostings.freeze()
  const total = names.length

  // Per-search scratch, reused: the query tokens each name shares, as bits, and which names were touched.
  const cover = new Int32Array(total)
  const touched: number[] = []

  const mark = (ids: Int32Array | undefined, bits: number): number => {
    if (!ids) return 0
    let fresh = 0
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!
      const before = cover[id]!
      if (before === 0) touched.push(id)
      if ((before & bits) !== bits) {
        if ((before & bits) === 0) fresh++
        cover[id] = before | bits
      }
    }
    return fresh
  }

  return {
    size: total,
    candidates(queryTokens, limit) {
      const tokens = queryTokens.slice(0, maximumQueryTokens)
      const use = searchable(tokens)
      // how many listed names each query token reaches: its rarity
      const reach = new Array<number>(tokens.length).fill(0)
      tokens.forEach((token, i) => {
        if (!use[i]) return
        const bit = 1 << i
        reach[i]! += mark(byToken.get(token), bit)
        for (const key of deletions(token)) reach[i]! += mark(byToken.get(key), bit)
        reach[i]! += mark(byJoin.get(token), bit)
      })
      for (let length = 2; length <= 3; length++) {
        for (let at = 0; at + length <= tokens.length; at++) {
          let bits = 0
          for (let k = at; k < at + length; k++) bits |= 1 << k
          const run = tokens.slice(at, at + length).join('')
          mark(byToken.get(run), bits)
          mark(byJoin.get(run), bits)
        }
      }
      if (tokens.length > 3) mark(byJoin.get(tokens.join('')), (1 << tokens.length) - 1)

      // A token weighs its length times its rarity, as in the scoring, so a short rare token ("co") cannot
      // outweigh the name itself. A token that reaches no listed name cannot tell candidates apart: it weighs
      // nothing here (the scoring still counts it).
      const weight = tokens.map((t, i) => (use[i] && reach[i]! > 0 ? t.length * Math.log(1 + total / reach[i]!) : 0))
      const needed = minimumCoverage * weight.reduce((a, b) => a + b, 0)
      const scored: { id: number; covered: number }[] = []
      for (const id of touched) {
        const bits = cover[id]!
        cover[id] = 0
        let covered = 0
        for (let i = 0; i < tokens.length; i++) if (bits & (1 << i)) covered += weight[i]!
        if (covered >= needed - 1e-9) scored.push({ id, covered })
      }
      touched.length = 0
      scored.sort((a, b) => b.covered - a.covered || a.id - b.id)
      return scored.slice(0, limit).map((s) => s.id)
    },
  }
}

import { nameParticles } from './normalize-name.js'
import { isPinyinSyllable } from './pinyin-syllables.js'

/**
 * How alike two names are, from 0 to 1.
 *
 * Tokens compare by Jaro-Winkler, the measure made for short personal names
 * at the US Census (Winkler 1990), averaged with an edit-distance similarity.
 * Jaro-Winkler forgives transpositions and typos near the end, but on its own
 * it also rates different short names alike: "Marin"/"Martinez" 0.91,
 * "Salma"/"Salim" 0.91, "Huang"/"Zhang" 0.87. Counting the edits (Damerau's
 * optimal string alignment: a swap of neighbours is one edit) tells those
 * apart from a typo, which is one edit, while keeping the Winkler prefix
 * credit for variants like "Mansour"/"Mansur"; two different pinyin
 * syllables never pair (see pinyin-syllables.ts).
 *
 * Names compare as sets of tokens, so what matters is which tokens pair up,
 * not where they stand:
 *
 * - order is free ("LI, Fangwei" = "Fangwei Li");
 * - a token of the listed name the query leaves out costs only its drop
 *   cost, a share of its weight (a middle name is usually dropped, a surname
 *   is not), while a query token nothing matches costs its whole weight;
 * - tokens joined on one side and split on the other pair up
 *   ("fang wei" = "fangwei", "abd al rahman" = "abdalrahman").
 */

// Scratch space for the match flags, grown when a longer string comes by (names are short).
let flagsA = new Uint8Array(64)
let flagsB = new Uint8Array(64)

/** The Jaro similarity (Jaro 1989). */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2)
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2)
  flagsA.fill(0, 0, la)
  flagsB.fill(0, 0, lb)
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i)
    const hi = Math.min(lb - 1, i + window)
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let halfTranspositions = 0
  for (let i = 0, k = 0; i < la; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++
    k++
  }
  const m = matches
  return (m / la + m / lb + (m - halfTranspositions / 2) / m) / 3
}

/**
 * Jaro-Winkler: Jaro raised for a common prefix of up to four characters, by
 * 0.1 a character, when Jaro is above 0.7 (Winkler's boost threshold).
 * MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b)
  if (j <= 0.7) return j
  const limit = Math.min(4, a.length, b.length)
  let prefix = 0
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return j + prefix * 0.1 * (1 - j)
}

/**
 * Tokens with what each counts for. `weights[i]` is how much token i says
 * about who is named (its length, less for particles such as "al" or "de");
 * `dropCosts[i]` is the share of that weight lost when the other name leaves
 * the token out. Only the listed side's drop costs are read.
 */
export interface WeightedTokens {
  readonly tokens: readonly string[]
  readonly weights: readonly number[]
  readonly dropCosts: readonly number[]
}

// Scratch rows for the edit distance.
let rowBefore = new Int32Array(64)
let rowPrevious = new Int32Array(64)
let rowCurrent = new Int32Array(64)

/** Damerau-Levenshtein distance in its optimal-string-alignment form: insert, delete, replace, swap neighbours. */
export function editDistance(a: string, b: string): number {
  const la = a.length
  const lb = b.length
  if (la === 0) return lb
  if (lb === 0) return la
  if (lb + 1 > rowCurrent.length) {
    rowBefore = new Int32Array((lb + 1) * 2)
    rowPrevious = new Int32Array((lb + 1) * 2)
    rowCurrent = new Int32Array((lb + 1) * 2)
  }
  for (let j = 0; j <= lb; j++) rowPrevious[j] = j
  for (let i = 1; i <= la; i++) {
    rowCurrent[0] = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1)
      let d = Math.min(rowPrevious[j]! + 1, rowCurrent[j - 1]! + 1, rowPrevious[j - 1]! + (ca === cb ? 0 : 1))
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, rowBefore[j - 2]! + 1)
      rowCurrent[j] = d
    }
    const spare = rowBefore
    rowBefore = rowPrevious
    rowPrevious = rowCurrent
    rowCurrent = spare
  }
  return rowPrevious[lb]!
}

/** Below this, two tokens are not the same name spelt differently but different names. */
export const minimumTokenSimilarity = 0.8
/** An initial ("J") stands for any name it begins ("John"), a little short of spelling it. */
const initialSimilarity = 0.9
/** Two different pinyin syllables: different characters, so different names (see pinyin-syllables.ts). */
const differentSyllables = 0.5

/**
 * How alike two tokens are: the mean of Jaro-Winkler and 1 − edits / longer
 * length. One typo: "Prcac"/"Prcak" 0.86, "Mansour"/"Mansur" 0.91,
 * "Chinamasa"/"Chinamasha" 0.94; different names: "Martinez"/"Marin" 0.77,
 * "Salma"/"Salim" 0.75 — below the 0.8 at which tokens pair.
 */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1
  if ((a.length === 1 && b.charCodeAt(0) === a.charCodeAt(0)) || (b.length === 1 && a.charCodeAt(0) === b.charCodeAt(0))) return initialSimilarity
  if (isPinyinSyllable(a) && isPinyinSyllable(b)) return differentSyllables
  const jw = jaroWinkler(a, b)
  // Far apart by Jaro-Winkler already: the edit distance cannot bring the mean up to a match.
  if (jw < 2 * minimumTokenSimilarity - 1) return jw / 2
  return (jw + 1 - editDistance(a, b) / Math.max(a.length, b.length)) / 2
}

/** Pairs tokens best-first (greedy) and scores the pairing: matched weight over all weight that counts. */
function align(q: WeightedTokens, c: WeightedTokens): number {
  const n = q.tokens.length
  const m = c.tokens.length
  if (n === 0 || m === 0) return 0
  const sims = new Float64Array(n * m)
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sims[i * m + j] = tokenSimilarity(q.tokens[i]!, c.tokens[j]!)
  let usedQ = 0 // bit sets: names have far fewer than 32 tokens, and longer ones only lose their tail
  let usedC = 0
  let matched = 0
  let total = 0
  for (;;) {
    let best = minimumTokenSimilarity
    let bi = -1
    let bj = -1
    for (let i = 0; i < n && i < 31; i++) {
      if (usedQ & (1 << i)) continue
      for (let j = 0; j < m && j < 31; j++) {
        if (usedC & (1 << j)) continue
        const s = sims[i * m + j]!
        if (s > best || (s === best && bi < 0)) {
          best = s
          bi = i
          bj = j
        }
      }
    }
    if (bi < 0) break
    usedQ |= 1 << bi
    usedC |= 1 << bj
    const wq = q.weights[bi]!
    const wc = c.weights[bj]!
    if (q.tokens[bi]!.length === 1 || c.tokens[bj]!.length === 1) {
      // An initial pairs with a name but explains only its first letter: the rest of the name stays unmatched.
      const w = 2 * Math.min(wq, wc)
      matched += best * w
      total += w + (wq > wc ? wq - wc : (wc - wq) * c.dropCosts[bj]!)
    } else {
      matched += best * (wq + wc)
      total += wq + wc
    }
  }
  // A query token nothing matches counts in full. A listed token nothing matches was left out — it costs its drop
  // cost — unless the query gave another name in its place: "Ivan Kuznetsov" has not left out the "Artem" of
  // "KUZNETSOV, Artem", it contradicts it. So as many listed tokens as there are unmatched query tokens, the
  // heaviest first, count in full.
  let contradicted = 0
  for (let i = 0; i < n; i++) {
    if (i < 31 && usedQ & (1 << i)) continue
    total += q.weights[i]!
    const token = q.tokens[i]!
    if (token.length > 1 && !nameParticles.has(token)) contradicted++ // a particle or an initial contradicts nothing
  }
  const left: number[] = []
  for (let j = 0; j < m; j++) if (j >= 31 || !(usedC & (1 << j))) left.push(j)
  if (contradicted > 0 && left.length > 1) left.sort((x, y) => c.weights[y]! - c.weights[x]!)
  for (const j of left) total += c.weights[j]! * (contradicted-- > 0 ? 1 : c.dropCosts[j]!)
  return total === 0 ? 0 : matched / total
}

/** The tokens with the run [at, at + length) written together as one. */
function joined(t: WeightedTokens, at: number, length: number): WeightedTokens {
  const tokens = t.tokens.slice(0, at)
  const weights = t.weights.slice(0, at)
  const dropCosts = t.dropCosts.slice(0, at)
  let token = ''
  let weight = 0
  let dropCost = 1
  for (let k = at; k < at + length; k++) {
    token += t.tokens[k]
    weight += t.weights[k]!
    dropCost = Math.min(dropCost, t.dropCosts[k]!)
  }
  tokens.push(token, ...t.tokens.slice(at + length))
  weights.push(weight, ...t.weights.slice(at + length))
  dropCosts.push(dropCost, ...t.dropCosts.slice(at + length))
  return { tokens, weights, dropCosts }
}

/** Whether a joined run could be one of the other side's tokens: same first two letters, length within two. */
function couldBe(run: string, other: readonly string[]): boolean {
  for (const t of other) {
    if (t.length > 2 && Math.abs(t.length - run.length) <= 2 && t.charCodeAt(0) === run.charCodeAt(0) && t.charCodeAt(1) === run.charCodeAt(1)) return true
  }
  return false
}

/** Each way of writing two or three neighbouring tokens of `t` as one that might pair with a token of `other`. */
function* joinings(t: WeightedTokens, other: readonly string[]): Generator<WeightedTokens> {
  for (let length = 2; length <= 3; length++) {
    for (let at = 0; at + length <= t.tokens.length; at++) {
      let run = ''
      for (let k = at; k < at + length; k++) run += t.tokens[k]
      if (couldBe(run, other)) yield joined(t, at, length)
    }
  }
}

/**
 * The similarity of a query's name to a listed name, both weighted: the best
 * pairing of their tokens as written, or with neighbouring tokens of either
 * side written together.
 */
export function weightedNameSimilarity(query: WeightedTokens, listed: WeightedTokens): number {
  let best = align(query, listed)
  if (best >= 1) return 1
  for (const q of joinings(query, listed.tokens)) best = Math.max(best, align(q, listed))
  for (const c of joinings(listed, query.tokens)) best = Math.max(best, align(query, c))
  return Math.min(1, best)
}

/** The default weight of a token: its length, half of it for a particle. */
export function tokenWeight(token: string, particles: ReadonlySet<string> = new Set()): number {
  return particles.has(token) ? token.length / 2 : token.length
}

/** What leaving out a listed token costs when nothing is known of its role: half its weight. */
export const defaultDropCost = 0.5

/**
 * The similarity of a query's tokens to a listed name's tokens, robust to
 * token order, a dropped middle name and joined or split tokens. Tokens weigh
 * their length; a listed token the query leaves out costs half its weight.
 */
export function tokenSetSimilarity(query: readonly string[], listed: readonly string[]): number {
  const weigh = (tokens: readonly string[]): WeightedTokens => ({
    tokens,
    weights: tokens.map((t) => tokenWeight(t)),
    dropCosts: tokens.map(() => defaultDropCost),
  })
  return weightedNameSimilarity(weigh(query), weigh(listed))
}

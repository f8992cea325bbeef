/**
 * Sanctions screening over the real OFAC SDN snapshot, on one core.
 *
 *   npm run bench:screening
 *
 * Reads ../shared/data/ofac (sdn.csv, alt.csv, add.csv), parses it and builds
 * the screening index once (both timed), then:
 *
 * 1. runs the labelled set (`buildLabelledSet`, seed SCREENING_BENCH_SEED,
 *    default 20260101) and reports recall and precision at the review
 *    threshold — per screened name, and per hit;
 * 2. times a stream of single searches, one after another on this thread:
 *    the labelled queries and SCREENING_BENCH_RANDOM (default 20,000) random
 *    names that match nothing in particular, shuffled, after a warm-up pass
 *    that is not counted. Each search is timed alone (performance.now), so the
 *    percentiles are per search; throughput is searches over the summed time.
 *
 * Targets: p50 ≤ 0.5 ms a search; recall ≥ 0.95 at precision ≥ 0.9.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildLabelledSet, createScreeningIndex, evaluateScreening, parseOfacSdn, randomFrom, type ScreeningQuery } from '@strongroom/compliance'

const seed = Number(process.env.SCREENING_BENCH_SEED ?? 20260101)
const randomCount = Number(process.env.SCREENING_BENCH_RANDOM ?? 20_000)
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(randomCount) || randomCount < 0) {
  process.stderr.write('SCREENING_BENCH_SEED and SCREENING_BENCH_RANDOM must be whole numbers\n')
  process.exit(2)
}
const targets = { p50Ms: 0.5, recall: 0.95, precision: 0.9 }

const ofac = new URL('../../../shared/data/ofac/', import.meta.url)
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, ofac)), 'utf8')
const files = { sdn: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv') }

const ms = (from: number) => performance.now() - from
const fixed = (x: number, digits = 3) => x.toFixed(digits)
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET')

let started = performance.now()
const entries = parseOfacSdn(files)
const parseMs = ms(started)
started = performance.now()
const index = createScreeningIndex(entries)
const buildMs = ms(started)
const aliases = entries.reduce((n, e) => n + e.aliases.length, 0)
process.stdout.write(`OFAC SDN: ${entries.length} entries, ${aliases} aliases, ${index.nameCount} names indexed\n`)
process.stdout.write(`parse ${fixed(parseMs, 0)} ms, index build ${fixed(buildMs, 0)} ms (rules ${index.rules.version})\n\n`)

// --- quality -------------------------------------------------------------------------------------------------------
const set = buildLabelledSet(entries, seed)
const quality = evaluateScreening(index, set)
process.stdout.write(`labelled set (seed ${seed}): ${quality.positives} positives, ${quality.negatives} negatives, threshold ${quality.threshold}\n`)
for (const [variant, tally] of Object.entries(quality.byVariant)) {
  process.stdout.write(`  ${variant.padEnd(15)} ${String(tally.right).padStart(4)} / ${String(tally.queries).padEnd(4)} right\n`)
}
process.stdout.write(`  recall          ${fixed(quality.recall)}   (target ≥ ${targets.recall})\n`)
process.stdout.write(`  precision       ${fixed(quality.precision)}   (target ≥ ${targets.precision}; per screened name)\n`)
process.stdout.write(`  hit precision   ${fixed(quality.hitPrecision)}   (share of all review-or-block hits that are the expected entry)\n`)
process.stdout.write(`  false positives ${fixed(quality.falsePositiveRate)}   (share of negatives with a hit at review or above)\n\n`)

// --- speed ---------------------------------------------------------------------------------------------------------
const random = randomFrom(seed ^ 0x5eed)
const consonants = 'bcdfghjklmnprstvwz'
const vowels = 'aeiou'
const word = () => {
  let w = ''
  for (let s = 0, n = 2 + Math.floor(random() * 2); s < n; s++) w += consonants[Math.floor(random() * consonants.length)]! + vowels[Math.floor(random() * vowels.length)]!
  return w.charAt(0).toUpperCase() + w.slice(1)
}
const randomQuery = (): ScreeningQuery => {
  const name = Array.from({ length: 2 + Math.floor(random() * 2) }, word).join(' ')
  const roll = random()
  if (roll < 0.3) return { name, entityType: 'individual', dateOfBirth: `${1940 + Math.floor(random() * 60)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`, country: 'GB' }
  if (roll < 0.4) return { name: `${name} Trading Limited`, entityType: 'entity' }
  return { name }
}
// Labelled queries are names close to listed ones (the expensive case: many candidates to score); random names
// mostly find no candidate at all. Both are reported, and the target is judged on the whole stream.
const stream: { query: ScreeningQuery; labelled: boolean }[] = [
  ...set.map((q) => ({ query: q.query, labelled: true })),
  ...Array.from({ length: randomCount }, () => ({ query: randomQuery(), labelled: false })),
]
for (let i = stream.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1))
  ;[stream[i], stream[j]] = [stream[j]!, stream[i]!]
}

for (const { query } of stream) index.search(query) // warm-up, not counted
const latencies = new Float64Array(stream.length)
let hits = 0
for (let i = 0; i < stream.length; i++) {
  const t0 = performance.now()
  hits += index.search(stream[i]!.query).length
  latencies[i] = performance.now() - t0
}

function summary(times: Float64Array) {
  const sorted = Float64Array.from(times).sort()
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  const total = times.reduce((a, b) => a + b, 0)
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1]!, mean: total / times.length, perSecond: times.length / (total / 1000) }
}
const line = (label: string, s: ReturnType<typeof summary>, count: number) =>
  `  ${label.padEnd(9)} ${String(count).padStart(6)} searches   p50 ${fixed(s.p50)} ms   p90 ${fixed(s.p90)} ms   p99 ${fixed(s.p99)} ms   max ${fixed(s.max)} ms   mean ${fixed(s.mean)} ms   ${fixed(s.perSecond, 0)} searches/s\n`
const all = summary(latencies)
const labelledTimes = latencies.filter((_, i) => stream[i]!.labelled)
const randomTimes = latencies.filter((_, i) => !stream[i]!.labelled)
const p50 = all.p50
process.stdout.write(`search, single-threaded, one search at a time (${hits} hits returned in all)\n`)
process.stdout.write(line('all', all, latencies.length))
process.stdout.write(line('labelled', summary(labelledTimes), labelledTimes.length))
if (randomTimes.length > 0) process.stdout.write(line('random', summary(randomTimes), randomTimes.length))
process.stdout.write(`  throughput ${fixed(all.perSecond, 0)} searches/s on one core\n\n`)

process.stdout.write('targets\n')
process.stdout.write(`  p50 ≤ ${targets.p50Ms} ms: ${fixed(p50)} ms — ${met(p50 <= targets.p50Ms)}\n`)
const qualityMet = quality.recall >= targets.recall && quality.precision >= targets.precision
process.stdout.write(`  recall ≥ ${targets.recall} at precision ≥ ${targets.precision}: recall ${fixed(quality.recall)}, precision ${fixed(quality.precision)} — ${met(qualityMet)}\n`)
process.exitCode = p50 <= targets.p50Ms && qualityMet ? 0 : 1

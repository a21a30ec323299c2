/**
 * Scale benchmark: the candidate index and verification at 100, 1,000 and 10,000 targets, on one
 * core, searched as a worker searches (decode → ORB → rankCandidates → pickHit), without adding
 * 10,000 targets through the engine (an hour on two cores): target features are extracted once
 * per machine and feature recipe, exactly as the engine extracts them, then each size builds a
 * DescriptorIndex in this process.
 *
 * Two query sets, reported apart:
 * - **realistic** (bench/realistic, the one the goals are set on): real photographs and text,
 *   low-texture and card prints, photographed by three.js in Chromium (perspective, blur, noise,
 *   light, curved labels) over real backdrops, captured as the app captures; registered prints
 *   first, then distractors up to the size. Recall per split: `tune` (what parameters may be
 *   chosen on) and the held-back `test`; flat and curved views apart; false hits on unregistered
 *   prints and backdrops alone. Beside it, at the sizes ≤ BENCH_BASELINE_MAX (100), the
 *   accuracy-tuned brute force (bench/BruteForceBaseline.ts) on every BENCH_BASELINE_EVERY-th
 *   view (3: it takes seconds a query).
 * - **synthetic** (the second line, as before this benchmark existed): generated posters 1..N,
 *   24 photos + 8 clutter scenes per size (bench/queries.ts).
 *
 * Prints ONE JSON document. BENCH_SCALE_SIZES=100,1000 narrows the sizes; BENCH_SYNTHETIC=0 or
 * BENCH_REALISTIC=0 skips a set; BENCH_BASELINE_MAX=0 skips the baseline; BENCH_SPLIT=tune asks
 * only the tune split's views and the negatives (what a tuning session may look at).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { DescriptorIndex, keyBitsFor } from '../server/src/engine/DescriptorIndex.ts'
import { type Features, indexedDescriptors } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../server/src/engine/loadOpenCv.ts'
import { nativeCv } from '../server/src/engine/nativeCv.ts'
import { pickHit, rankCandidates } from '../server/src/engine/rankCandidates.ts'
import { queryFeatures } from '../server/src/engine/searchFeatures.ts'
import { VERIFY_TOP_K } from '../server/src/engine/tuning.ts'
import { ACCURATE, BruteForceBaseline } from './BruteForceBaseline.ts'
import { cachedPoster } from './posters.ts'
import { makeQueries, percentile, score } from './queries.ts'
import { library } from './realistic/library.ts'
import { DEFAULT_CAPTURE, queriesFor, realisticDataset, runViews } from './realistic/runViews.ts'
import { summarize, tuneMisses } from './realistic/score.ts'
import { libraryFeatures, notRecommended } from './realistic/targetFeatures.ts'
import { decodeFeatures, featureFile } from './scaleFeatures.ts'

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100,1000,10000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b)
const POSITIVES = Number(process.env.BENCH_SCALE_POSITIVES ?? 24)
const NEGATIVES = 8
const BASELINE_MAX = Number(process.env.BENCH_BASELINE_MAX ?? 100)
const BASELINE_EVERY = Number(process.env.BENCH_BASELINE_EVERY ?? 3)
const SPLIT = process.env.BENCH_SPLIT ?? 'all'
const log = (msg: string) => process.stderr.write(`[bench:scale] ${msg}\n`)
const root = resolve(import.meta.dirname, '..')
const cv = await loadOpenCv()

/** One search as a worker runs it, timed in its two halves. */
function searcher(index: DescriptorIndex, targets: Map<string, Features>) {
  return async (jpeg: Uint8Array) => {
    const started = performance.now()
    const { features: query } = await queryFeatures(cv, jpeg)
    const extracted = performance.now()
    const { candidates } = rankCandidates(cv, index, targets, query, { topK: VERIFY_TOP_K, activeOnly: true })
    const hit = pickHit(candidates)
    return { got: hit ? hit.targetId : null, decodeExtractMs: extracted - started, matchVerifyMs: performance.now() - extracted }
  }
}

function buildIndex(names: string[], features: Features[]) {
  const index = new DescriptorIndex()
  const targets = new Map<string, Features>()
  names.forEach((name, i) => {
    index.upsert(name, indexedDescriptors(features[i]!), true)
    targets.set(name, features[i]!)
  })
  const started = performance.now()
  index.query(new Uint8Array(32), { limit: 1, activeOnly: true }) // the lazy rebuild
  return { index, targets, rebuildMs: Math.round(performance.now() - started) }
}

async function realistic(): Promise<Record<string, unknown>> {
  const dataset = await realisticDataset(log)
  const largest = SIZES[SIZES.length - 1]!
  const all = library(dataset.catalogue, largest)
  const features = await libraryFeatures(all, log)
  const unusable = await notRecommended(all.slice(0, Math.min(all.length, dataset.catalogue.prints.length)))
  const sizes: Record<string, unknown> = {}
  let smallestP50: number | undefined
  for (const size of SIZES) {
    const names = all.slice(0, size).map((t) => t.name)
    const { index, targets, rebuildMs } = buildIndex(names, features.slice(0, size))
    const queries = queriesFor(dataset, new Set(names)).filter(
      (q) => SPLIT === 'all' || q.view.split === SPLIT || q.view.split === 'negative',
    )
    log(`${size} targets: ${queries.length} views`)
    const outcomes = await runViews(queries, DEFAULT_CAPTURE, searcher(index, targets))
    const engine = summarize(outcomes, unusable)
    smallestP50 ??= engine.searchP50Ms
    const entry: Record<string, unknown> = {
      targets: size,
      keyBits: keyBitsFor(features.slice(0, size).reduce((n, f) => n + f.descriptors.length / 32, 0)),
      rebuildMs,
      engine: { ...engine, searchP50OverSmallest: Math.round((engine.searchP50Ms / smallestP50) * 100) / 100 },
      tuneMisses: tuneMisses(outcomes),
    }
    log(
      `${size}: ${JSON.stringify({ test: engine.test.flat, curved: engine.test.curved, tune: engine.tune.flat, negatives: engine.negatives, p50: engine.searchP50Ms })}`,
    )
    if (size <= BASELINE_MAX) {
      const baseline = new BruteForceBaseline(cv, features.slice(0, size), ACCURATE)
      log(`${size}: brute-force baseline on every ${BASELINE_EVERY}th view`)
      const base = await runViews(
        queries,
        DEFAULT_CAPTURE,
        async (jpeg) => {
          const t = await baseline.search(jpeg)
          return { got: t < 0 ? null : names[t]! }
        },
        BASELINE_EVERY,
      )
      baseline.dispose()
      // The engine on exactly the same views, so the two are comparable.
      const sameViews = new Set(base.map((o) => o.view.spec.id))
      entry.bruteForceBaseline = {
        settings: ACCURATE,
        everyNthView: BASELINE_EVERY,
        baseline: summarize(base, unusable),
        engineOnSameViews: summarize(
          outcomes.filter((o) => sameViews.has(o.view.spec.id)),
          unusable,
        ),
      }
      log(`${size}: baseline ${JSON.stringify(summarize(base, unusable).test.flat)}`)
    }
    sizes[String(size)] = entry
  }
  return {
    capture: DEFAULT_CAPTURE,
    prints: dataset.catalogue.prints.length,
    negativePrints: dataset.catalogue.negatives.length,
    views: dataset.views.length,
    sizes,
  }
}

/** Extracts the missing poster features, one child process per core over interleaved ranges. */
async function ensurePosterFeatures(count: number): Promise<void> {
  let missing = 0
  for (let seed = 1; seed <= count; seed++) if (!existsSync(featureFile(seed))) missing++
  if (missing === 0) return
  const processes = Math.max(1, Math.min(availableParallelism(), count))
  log(`extracting features of ${missing} posters in ${processes} processes (cached for later runs)`)
  const chunk = Math.ceil(count / processes)
  await Promise.all(
    Array.from({ length: processes }, (_, p) => {
      const from = p * chunk + 1
      const to = Math.min(count, (p + 1) * chunk)
      if (from > to) return Promise.resolve() // more processes than chunks (e.g. 100 targets, 16 cores)
      return new Promise<void>((done, fail) => {
        const child = spawn(
          process.execPath,
          [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/scaleFeatures.ts'), String(from), String(to)],
          { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
        )
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`bench/scaleFeatures.ts ${from} ${to} exited with ${code}`))))
      })
    }),
  )
}

async function synthetic(): Promise<Record<string, unknown>> {
  const largest = SIZES[SIZES.length - 1]!
  await ensurePosterFeatures(largest)
  const features: Features[] = []
  for (let seed = 1; seed <= largest; seed++) features.push(decodeFeatures(readFileSync(featureFile(seed))))
  const sizes: Record<string, unknown> = {}
  let smallestTotalP50: number | undefined
  for (const size of SIZES) {
    const { index, targets, rebuildMs } = buildIndex(
      features.slice(0, size).map((_, i) => String(i)),
      features.slice(0, size),
    )
    const queries = await makeQueries(size, async (i) => (await cachedPoster(i + 1)).png, POSITIVES, size * 1000, {
      longSide: 800,
      quality: 0.5,
      negatives: NEGATIVES,
    })
    const search = searcher(index, targets)
    const front: number[] = []
    const back: number[] = []
    const results: { got: number; expected: number }[] = []
    for (const q of queries) {
      const answer = await search(q.photo)
      front.push(answer.decodeExtractMs)
      back.push(answer.matchVerifyMs)
      results.push({ got: answer.got === null ? -1 : Number(answer.got), expected: q.expected })
    }
    const totalP50 = percentile(
      front.map((ms, i) => ms + back[i]!),
      50,
    )
    smallestTotalP50 ??= totalP50
    const entry = {
      targets: size,
      ...score(results),
      decodeExtractP50Ms: percentile(front, 50),
      matchVerifyP50Ms: percentile(back, 50),
      searchP50Ms: totalP50,
      searchP50OverSmallest: Math.round((totalP50 / smallestTotalP50) * 100) / 100,
      rebuildMs,
    }
    sizes[String(size)] = entry
    log(`synthetic ${JSON.stringify(entry)}`)
  }
  return { queries: { positives: POSITIVES, negatives: NEGATIVES, longSidePx: 800, jpegQuality: 0.5 }, sizes }
}

const report: Record<string, unknown> = { opencv: nativeCv() ? `native ${nativeCv()!.opencvVersion}` : 'opencv.js (WebAssembly)' }
if (process.env.BENCH_REALISTIC !== '0') report.realistic = await realistic()
if (process.env.BENCH_SYNTHETIC !== '0') report.synthetic = await synthetic()
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)

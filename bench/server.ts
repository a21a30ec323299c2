/**
 * Recognition benchmark, through the whole engine (worker threads, the add path, a temp file DB):
 * 1. **realistic** (the goals are set on it; bench/realistic): real photographs, text, low-texture
 *    and card prints photographed by three.js in Chromium and captured as the app captures, at 100
 *    and 1,000 targets (BENCH_REAL_SIZES); recall per split (tune / held-back test), flat and curved
 *    apart, wrong and false hits, latency; beside it at 100 targets the accuracy-tuned brute force
 *    (bench/BruteForceBaseline.ts) on every third view (BENCH_BASELINE_EVERY);
 * 2. **synthetic** (the second line, as before): sample targets + generated posters at 10, 100 and
 *    1000 targets (BENCH_SIZES), with the engine-like brute force at the smaller sizes;
 * then the index at 100–10,000 targets (bench/scale.ts, both query sets) and throughput under 50
 * concurrent clients (bench/load.ts). Prints ONE JSON document on stdout; progress goes to stderr.
 * BENCH_REALISTIC=0 / BENCH_SYNTHETIC=0 / BENCH_SCALE=0 / BENCH_LOAD=0 skip a part.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { decodeImage } from '../server/src/engine/decodeImage.ts'
import { extractFeatures } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../server/src/engine/loadOpenCv.ts'
import { nativeCv } from '../server/src/engine/nativeCv.ts'
import { RecognitionEngine } from '../server/src/engine/RecognitionEngine.ts'
import { QUERY_MAX_SIDE_PX, QUERY_NFEATURES, TARGET_MAX_SIDE_PX, TARGET_NFEATURES } from '../server/src/engine/tuning.ts'
import { assetTargets, type NamedImage } from '../tests/helpers/sampleTargets.ts'
import { ACCURATE, BruteForceBaseline } from './BruteForceBaseline.ts'
import { cachedPoster } from './posters.ts'
import { makeQueries, percentile, score } from './queries.ts'
import { library } from './realistic/library.ts'
import { DEFAULT_CAPTURE, queriesFor, realisticDataset, runViews } from './realistic/runViews.ts'
import { summarize, tuneMisses } from './realistic/score.ts'
import { libraryFeatures, notRecommended } from './realistic/targetFeatures.ts'

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number)
const REAL_SIZES = (process.env.BENCH_REAL_SIZES ?? '100,1000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b)
const BASELINE_EVERY = Number(process.env.BENCH_BASELINE_EVERY ?? 3)
/** Positive queries per size (fewer at 1000 so the run stays within minutes). */
const POSITIVES: Record<number, number> = { 10: 20, 100: 20, 1000: 12 }
const NEGATIVES = 8
/**
 * Queries are sent as the app captures them (src/core/config.ts DEFAULT_CONFIG: long side 800 px,
 * JPEG 0.5), not as 1280-px camera photos: that is what the recognizer receives in production.
 * BENCH_QUERY_LONG_SIDE=0 sends the full photos instead.
 */
const QUERY_LONG_SIDE = Number(process.env.BENCH_QUERY_LONG_SIDE ?? 800)
const QUERY_QUALITY = Number(process.env.BENCH_QUERY_QUALITY ?? 0.5)
/** The baseline is linear in targets; beyond this it takes seconds per query. */
const BASELINE_MAX_TARGETS = Number(process.env.BENCH_BASELINE_MAX ?? 100)

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)

/** A fresh engine on a temp DB for `run`, closed and removed after. */
async function withEngine<T>(run: (engine: RecognitionEngine) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-server-'))
  const engine = await RecognitionEngine.open({ dbPath: join(dir, 'bench.db'), logger: log })
  try {
    return await run(engine)
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Adds `images` through the engine's add path, two in flight (both workers busy); returns the ids. */
async function addAll(engine: RecognitionEngine, images: { name: string; image: () => Promise<Buffer> }[], ids: string[]): Promise<void> {
  for (let i = 0; i < images.length; i += 2) {
    const batch = await Promise.all(
      images.slice(i, i + 2).map(async (t) => engine.addTarget({ image: await t.image(), name: t.name, allowSimilar: true })),
    )
    ids.push(...batch.map((r) => r.targetId))
    if (ids.length % 100 === 0) log(`${ids.length} targets added`)
  }
}

async function realistic(): Promise<Record<string, unknown>> {
  const dataset = await realisticDataset(log)
  const all = library(dataset.catalogue, REAL_SIZES[REAL_SIZES.length - 1]!)
  const sizes: Record<string, unknown> = {}
  await withEngine(async (engine) => {
    const ids: string[] = []
    for (const size of REAL_SIZES) {
      const addStarted = performance.now()
      await addAll(engine, all.slice(ids.length, size), ids)
      const addMs = Math.round(performance.now() - addStarted)
      const nameOf = new Map(ids.map((id, i) => [id, all[i]!.name]))
      const queries = queriesFor(dataset, new Set(all.slice(0, size).map((t) => t.name)))
      log(`${size} targets ready (${addMs} ms adding); ${queries.length} views`)
      const outcomes = await runViews(queries, DEFAULT_CAPTURE, async (jpeg) => {
        const { hit } = await engine.search(jpeg)
        return { got: hit ? (nameOf.get(hit.target.targetId) ?? hit.target.targetId) : null }
      })
      const features = await libraryFeatures(all.slice(0, size), log)
      const unusable = await notRecommended(all.slice(0, size))
      const entry: Record<string, unknown> = {
        targets: size,
        engine: summarize(outcomes, unusable),
        addTargetsMs: addMs,
        tuneMisses: tuneMisses(outcomes),
      }
      log(`${size}: engine ${JSON.stringify((entry.engine as { test: unknown }).test)}`)
      if (size <= BASELINE_MAX_TARGETS) {
        const baseline = new BruteForceBaseline(cv, features, ACCURATE)
        const base = await runViews(
          queries,
          DEFAULT_CAPTURE,
          async (jpeg) => {
            const t = await baseline.search(jpeg)
            return { got: t < 0 ? null : all[t]!.name }
          },
          BASELINE_EVERY,
        )
        baseline.dispose()
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
        log(`${size}: baseline ${JSON.stringify(summarize(base, unusable).test)}`)
      }
      sizes[String(size)] = entry
    }
  })
  return {
    capture: DEFAULT_CAPTURE,
    prints: dataset.catalogue.prints.length,
    negativePrints: dataset.catalogue.negatives.length,
    views: dataset.views.length,
    sizes,
  }
}

async function synthetic(): Promise<Record<string, unknown>> {
  const targets: NamedImage[] = [...assetTargets()]
  const sizes: Record<string, unknown> = {}
  await withEngine(async (engine) => {
    const ids: string[] = []
    let seed = 1
    for (const size of SIZES) {
      const addStarted = performance.now()
      while (targets.length < size) targets.push(await cachedPoster(seed++))
      await addAll(
        engine,
        targets.slice(ids.length, size).map((t) => ({ name: t.name, image: async () => t.png })),
        ids,
      )
      const addMs = performance.now() - addStarted
      log(`${size} targets ready (${Math.round(addMs)} ms adding); making queries`)
      const queries = await makeQueries(size, async (i) => targets[i]!.png, POSITIVES[size] ?? 12, size * 1000, {
        longSide: QUERY_LONG_SIDE,
        quality: QUERY_QUALITY,
        negatives: NEGATIVES,
      })
      const latencies: number[] = []
      const results: { got: number; expected: number }[] = []
      for (const q of queries) {
        const outcome = await engine.search(q.photo)
        latencies.push(outcome.timings.totalMs)
        results.push({ got: outcome.hit ? ids.indexOf(outcome.hit.target.targetId) : -1, expected: q.expected })
      }
      const entry: Record<string, unknown> = {
        targets: size,
        engine: { ...score(results), p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) },
        addTargetsMs: Math.round(addMs),
      }
      log(`${size}: engine ${JSON.stringify(entry.engine)}`)
      if (size <= BASELINE_MAX_TARGETS) {
        const features = await Promise.all(
          targets.slice(0, size).map(async (t) => extractFeatures(cv, await decodeImage(t.png, TARGET_MAX_SIDE_PX), TARGET_NFEATURES)),
        )
        const baseline = new BruteForceBaseline(cv, features)
        const baseLatencies: number[] = []
        const baseResults: { got: number; expected: number }[] = []
        for (const q of queries) {
          const started = performance.now()
          baseResults.push({ got: await baseline.search(q.photo), expected: q.expected })
          baseLatencies.push(performance.now() - started)
        }
        baseline.dispose()
        const base = { ...score(baseResults), p50Ms: percentile(baseLatencies, 50), p95Ms: percentile(baseLatencies, 95) }
        entry.bruteForceBaseline = base
        entry.baselineOverEngineP50 = Math.round((base.p50Ms / (entry.engine as { p50Ms: number }).p50Ms) * 100) / 100
        log(`${size}: baseline ${JSON.stringify(base)}`)
      }
      sizes[String(size)] = entry
    }
  })
  return {
    queries: QUERY_LONG_SIDE > 0 ? { longSidePx: QUERY_LONG_SIDE, jpegQuality: QUERY_QUALITY } : 'full 1280-px photos',
    sizes,
  }
}

const cv = await loadOpenCv()
const report: Record<string, unknown> = {
  machine: { cores: availableParallelism(), node: process.version },
  opencv: nativeCv() ? `native ${nativeCv()!.opencvVersion}` : 'opencv.js (WebAssembly)',
  features: {
    targetMaxSidePx: TARGET_MAX_SIDE_PX,
    targetNFeatures: TARGET_NFEATURES,
    queryMaxSidePx: QUERY_MAX_SIDE_PX,
    queryNFeatures: QUERY_NFEATURES,
  },
}
if (process.env.BENCH_REALISTIC !== '0') report.realistic = await realistic()
if (process.env.BENCH_SYNTHETIC !== '0') report.synthetic = await synthetic()

// 10,000 targets through the engine's own add path would take an hour here, so the largest size
// is measured by bench/scale.ts (the same index, verification and query protocol on one core,
// features extracted once per machine); throughput at 50 concurrent clients by bench/load.ts
// against `crs serve`. Each prints its own JSON, which joins this report. BENCH_SCALE=0 or
// BENCH_LOAD=0 skips one.
report.scale =
  process.env.BENCH_SCALE === '0'
    ? 'skipped (BENCH_SCALE=0)'
    : childJson('bench/scale.ts', { BENCH_SCALE_SIZES: process.env.BENCH_SCALE_SIZES ?? '100,1000,10000', BENCH_BASELINE_MAX: '0' }) // the baseline ran above
report.throughput = process.env.BENCH_LOAD === '0' ? 'skipped (BENCH_LOAD=0)' : childJson('bench/load.ts', {})
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)

function childJson(script: string, env: Record<string, string>): unknown {
  log(`running ${script}`)
  const root = resolve(import.meta.dirname, '..')
  const run = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  try {
    return JSON.parse(run.stdout) as unknown
  } catch {
    return { error: `${script} exited with ${run.status} and printed no JSON` }
  }
}

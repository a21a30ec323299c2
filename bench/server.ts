/**
 * Recognition benchmark: recall, false-hit rate and search latency at 10, 100 and 1000 targets
 * (sample targets + generated posters, added through the engine's own add path into a temp file
 * DB), against a brute-force baseline (ORB + one BFMatcher knn over all target descriptors +
 * voting + the same verification) at the smaller sizes; then the index at 100–10,000 targets
 * (bench/scale.ts) and throughput under 50 concurrent clients (bench/load.ts). Prints ONE JSON
 * document on stdout; progress goes to stderr. Sizes can be narrowed with BENCH_SIZES=10,100;
 * BENCH_SCALE=0 / BENCH_LOAD=0 skip the other two parts.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { decodeImage } from '../server/src/engine/decodeImage.ts'
import { DESCRIPTOR_BYTES, extractFeatures, type Features } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv, type OpenCv } from '../server/src/engine/loadOpenCv.ts'
import { pickHit, type VerifiedCandidate } from '../server/src/engine/rankCandidates.ts'
import { RecognitionEngine } from '../server/src/engine/RecognitionEngine.ts'
import { QUERY_MAX_SIDE_PX, QUERY_NFEATURES, TARGET_MAX_SIDE_PX, TARGET_NFEATURES } from '../server/src/engine/tuning.ts'
import { verifyMatch } from '../server/src/engine/verifyMatch.ts'
import { assetTargets, type NamedImage } from '../tests/helpers/sampleTargets.ts'
import { cachedPoster } from './posters.ts'
import { makeQueries, percentile, score } from './queries.ts'

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number)
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

/** ORB + one BFMatcher knn over every target descriptor, per-target votes, top-3 verification. */
class BruteForceBaseline {
  private readonly all: OpenCv
  private readonly owner: number[] = []
  constructor(
    private readonly cv: OpenCv,
    private readonly features: Features[],
  ) {
    const total = features.reduce((n, f) => n + f.descriptors.length / DESCRIPTOR_BYTES, 0)
    this.all = new cv.Mat(total, DESCRIPTOR_BYTES, cv.CV_8UC1)
    let row = 0
    features.forEach((f, t) => {
      this.all.data.set(f.descriptors, row * DESCRIPTOR_BYTES)
      for (let i = 0; i < f.descriptors.length / DESCRIPTOR_BYTES; i++) this.owner.push(t)
      row += f.descriptors.length / DESCRIPTOR_BYTES
    })
  }
  async search(photo: Buffer): Promise<number> {
    const { cv } = this
    const query = extractFeatures(cv, await decodeImage(photo, QUERY_MAX_SIDE_PX), QUERY_NFEATURES)
    const q = new cv.Mat(query.descriptors.length / DESCRIPTOR_BYTES, DESCRIPTOR_BYTES, cv.CV_8UC1)
    q.data.set(query.descriptors)
    const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false)
    const knn = new cv.DMatchVectorVector()
    const votes = new Map<number, number>()
    try {
      matcher.knnMatch(q, this.all, knn, 2)
      for (let i = 0; i < knn.size(); i++) {
        const pair = knn.get(i)
        if (pair.size() < 2) continue
        const m = pair.get(0)
        if (m.distance < 0.8 * pair.get(1).distance) votes.set(this.owner[m.trainIdx]!, (votes.get(this.owner[m.trainIdx]!) ?? 0) + 1)
      }
    } finally {
      q.delete()
      matcher.delete()
      knn.delete()
    }
    const top = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)
    const verified: VerifiedCandidate[] = top.map(([t, v]) => ({ targetId: String(t), votes: v, inliers: verifyMatch(cv, query, this.features[t]!).inliers }))
    verified.sort((a, b) => b.inliers - a.inliers)
    const hit = pickHit(verified)
    return hit ? Number(hit.targetId) : -1
  }
  dispose(): void {
    this.all.delete()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-server-'))
const engine = await RecognitionEngine.open({ dbPath: join(dir, 'bench.db'), logger: log })
const cv = await loadOpenCv()
const targets: NamedImage[] = [...assetTargets()]
const ids: string[] = []
const report: Record<string, unknown> = {
  machine: { cores: availableParallelism(), node: process.version },
  queries: QUERY_LONG_SIDE > 0 ? { longSidePx: QUERY_LONG_SIDE, jpegQuality: QUERY_QUALITY } : 'full 1280-px photos',
  features: { targetMaxSidePx: TARGET_MAX_SIDE_PX, targetNFeatures: TARGET_NFEATURES, queryMaxSidePx: QUERY_MAX_SIDE_PX, queryNFeatures: QUERY_NFEATURES },
  sizes: {} as Record<string, unknown>,
}
try {
  let seed = 1
  for (const size of SIZES) {
    const addStarted = performance.now()
    while (targets.length < size) targets.push(await cachedPoster(seed++))
    const pending = targets.slice(ids.length, size)
    // Two adds in flight keep both workers busy; the engine does the rest.
    for (let i = 0; i < pending.length; i += 2) {
      const batch = await Promise.all(pending.slice(i, i + 2).map((t) => engine.addTarget({ image: t.png, name: t.name, allowSimilar: true })))
      ids.push(...batch.map((r) => r.targetId))
      if (ids.length % 100 === 0) log(`${ids.length} targets added`)
    }
    const addMs = performance.now() - addStarted
    log(`${size} targets ready (${Math.round(addMs)} ms adding); making queries`)
    const queries = await makeQueries(size, async (i) => targets[i]!.png, POSITIVES[size] ?? 12, size * 1000, { longSide: QUERY_LONG_SIDE, quality: QUERY_QUALITY, negatives: NEGATIVES })
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
      const features = await Promise.all(targets.slice(0, size).map(async (t) => extractFeatures(cv, await decodeImage(t.png, TARGET_MAX_SIDE_PX), TARGET_NFEATURES)))
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
    ;(report.sizes as Record<string, unknown>)[String(size)] = entry
  }
} finally {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}

// 10,000 targets through the engine's own add path would take an hour here, so the largest size
// is measured by bench/scale.ts (the same index, verification and query protocol on one core,
// features extracted once per machine); throughput at 50 concurrent clients by bench/load.ts
// against `crs serve`. Each prints its own JSON, which joins this report. BENCH_SCALE=0 or
// BENCH_LOAD=0 skips one.
report.scale = process.env.BENCH_SCALE === '0' ? 'skipped (BENCH_SCALE=0)' : childJson('bench/scale.ts', { BENCH_SCALE_SIZES: process.env.BENCH_SCALE_SIZES ?? '100,1000,10000' })
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

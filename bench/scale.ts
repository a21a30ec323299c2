/**
 * Scale benchmark: the candidate index and verification at 100, 1,000 and 10,000 targets, on one
 * core, with bench/server.ts's query protocol. It answers "how does a search grow with the library"
 * without adding 10,000 targets through the engine (an hour on two cores): target features are
 * extracted once per machine, exactly as the engine extracts them, by bench/scaleFeatures.ts (one
 * process per core, cached in .cache/bench-features; ~15 min for 10,000 on 2 cores), then each
 * size builds a DescriptorIndex in this process and searches it as a worker does (decode → ORB →
 * rankCandidates). Targets are generated posters 1..N (no sample targets, so sizes nest).
 *
 * Prints ONE JSON document: per size recall, false hits, p50 of decode+extract, of voting +
 * verification and of the whole search, the index rebuild time, and the whole search's p50 as a
 * multiple of the smallest size's. BENCH_SCALE_SIZES=100,1000 narrows it; BENCH_SCALE_POSITIVES
 * sets the photos per size (default 24, plus 8 clutter scenes).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { DescriptorIndex, keyBitsFor } from '../server/src/engine/DescriptorIndex.ts'
import { decodeImage } from '../server/src/engine/decodeImage.ts'
import { extractFeatures, type Features } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../server/src/engine/loadOpenCv.ts'
import { pickHit, rankCandidates } from '../server/src/engine/rankCandidates.ts'
import { QUERY_MAX_SIDE_PX, QUERY_NFEATURES, VERIFY_TOP_K } from '../server/src/engine/tuning.ts'
import { cachedPoster } from './posters.ts'
import { makeQueries, percentile, score } from './queries.ts'
import { decodeFeatures, featureFile } from './scaleFeatures.ts'

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100,1000,10000').split(',').map(Number)
const POSITIVES = Number(process.env.BENCH_SCALE_POSITIVES ?? 24)
const NEGATIVES = 8
const log = (msg: string) => process.stderr.write(`[bench:scale] ${msg}\n`)
const root = resolve(import.meta.dirname, '..')

/** Extracts the missing features, one child process per core over interleaved ranges. */
async function ensureFeatures(count: number): Promise<void> {
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
        const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/scaleFeatures.ts'), String(from), String(to)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`bench/scaleFeatures.ts ${from} ${to} exited with ${code}`))))
      })
    }),
  )
}

const largest = Math.max(...SIZES)
await ensureFeatures(largest)
const features: Features[] = []
for (let seed = 1; seed <= largest; seed++) features.push(decodeFeatures(readFileSync(featureFile(seed))))
const cv = await loadOpenCv()

const report: Record<string, unknown> = { queries: { positives: POSITIVES, negatives: NEGATIVES, longSidePx: 800, jpegQuality: 0.5 }, sizes: {} as Record<string, unknown> }
let smallestTotalP50: number | undefined
for (const size of [...SIZES].sort((a, b) => a - b)) {
  const index = new DescriptorIndex()
  const targets = new Map<string, Features>()
  for (let i = 0; i < size; i++) {
    index.upsert(String(i), features[i]!.descriptors, true)
    targets.set(String(i), features[i]!)
  }
  const rebuildStarted = performance.now()
  index.query(new Uint8Array(32), { limit: 1, activeOnly: true }) // the lazy rebuild
  const rebuildMs = Math.round(performance.now() - rebuildStarted)
  const queries = await makeQueries(size, async (i) => (await cachedPoster(i + 1)).png, POSITIVES, size * 1000, { longSide: 800, quality: 0.5, negatives: NEGATIVES })
  const front: number[] = []
  const back: number[] = []
  const results: { got: number; expected: number }[] = []
  for (const q of queries) {
    const started = performance.now()
    const query = extractFeatures(cv, await decodeImage(q.photo, QUERY_MAX_SIDE_PX), QUERY_NFEATURES)
    const extracted = performance.now()
    const { candidates } = rankCandidates(cv, index, targets, query, { topK: VERIFY_TOP_K, activeOnly: true })
    back.push(performance.now() - extracted)
    front.push(extracted - started)
    const hit = pickHit(candidates)
    results.push({ got: hit ? Number(hit.targetId) : -1, expected: q.expected })
  }
  const totalP50 = percentile(front.map((ms, i) => ms + back[i]!), 50)
  smallestTotalP50 ??= totalP50
  const entry = {
    targets: size,
    keyBits: keyBitsFor(features.slice(0, size).reduce((n, f) => n + f.descriptors.length / 32, 0)),
    ...score(results),
    decodeExtractP50Ms: percentile(front, 50),
    matchVerifyP50Ms: percentile(back, 50),
    matchVerifyP95Ms: percentile(back, 95),
    searchP50Ms: totalP50,
    searchP50OverSmallest: Math.round((totalP50 / smallestTotalP50) * 100) / 100,
    rebuildMs,
  }
  ;(report.sizes as Record<string, unknown>)[String(size)] = entry
  log(JSON.stringify(entry))
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)

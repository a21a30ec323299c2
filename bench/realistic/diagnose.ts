/**
 * `tsx bench/realistic/diagnose.ts [SIZE]`: where the engine loses the views of the **tune** split
 * it misses at SIZE targets (default 1000). The held-back test split is never looked at here.
 * For each miss, one stage is blamed, the first that fails:
 * - `features`: even exhaustive matching of the engine's own query and target features (BFMatcher
 *   knn + ratio + the same verification) finds under HIT_MIN_INLIERS inliers: the pixels are there
 *   (see the brute-force baseline) but the features are not;
 * - `index`: exhaustive matching finds a hit, but the true target is not among the VERIFY_TOP_K
 *   voted candidates, or has too few correspondences to be verified;
 * - `verification`: voted and verified, but its correspondences give under HIT_MIN_INLIERS inliers;
 * - `ambiguity`: enough inliers, but a runner-up within HIT_MIN_RATIO_TO_RUNNER_UP;
 * - `wrong`: another target won.
 * Prints ONE JSON document: counts per stage, then one line per miss with the numbers.
 */
import { DescriptorIndex } from '../../server/src/engine/DescriptorIndex.ts'
import { type Features, indexedDescriptors } from '../../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../../server/src/engine/loadOpenCv.ts'
import { pickHit, rankCandidates } from '../../server/src/engine/rankCandidates.ts'
import { queryFeatures } from '../../server/src/engine/searchFeatures.ts'
import { HIT_MIN_INLIERS, VERIFY_TOP_K } from '../../server/src/engine/tuning.ts'
import { verifyMatch } from '../../server/src/engine/verifyMatch.ts'
import { library } from './library.ts'
import { DEFAULT_CAPTURE, queriesFor, realisticDataset } from './runViews.ts'
import { queryImage } from './dataset.ts'
import { libraryFeatures } from './targetFeatures.ts'

const SIZE = Number(process.argv[2] ?? 1000)
const log = (m: string) => process.stderr.write(`[diagnose] ${m}\n`)
const cv = await loadOpenCv()
const dataset = await realisticDataset(log)
const targets = library(dataset.catalogue, SIZE)
const features = await libraryFeatures(targets, log)
const index = new DescriptorIndex()
const byName = new Map<string, Features>()
targets.forEach((t, i) => {
  index.upsert(t.name, indexedDescriptors(features[i]!), true)
  byName.set(t.name, features[i]!)
})
const stages: Record<string, number> = {}
const misses: Record<string, unknown>[] = []
let asked = 0
for (const { view, expected } of queriesFor(dataset, new Set(byName.keys()))) {
  if (expected === null || view.split !== 'tune') continue
  asked++
  const { features: query } = await queryFeatures(cv, await queryImage(view, DEFAULT_CAPTURE))
  const { candidates } = rankCandidates(cv, index, byName, query, { topK: VERIFY_TOP_K, activeOnly: true })
  const hit = pickHit(candidates)
  if (hit?.targetId === expected) continue
  const voted = index.query(query.descriptors, { limit: 50, activeOnly: true })
  const rank = voted.findIndex((c) => c.id === expected)
  const mine = voted[rank]
  const exhaustive = verifyMatch(cv, query, byName.get(expected)!)
  const verified = candidates.find((c) => c.targetId === expected)
  const stage = hit
    ? 'wrong'
    : exhaustive.inliers < HIT_MIN_INLIERS
      ? 'features'
      : rank < 0 || rank >= VERIFY_TOP_K || !verified
        ? 'index'
        : verified.inliers < HIT_MIN_INLIERS
          ? 'verification'
          : 'ambiguity'
  stages[stage] = (stages[stage] ?? 0) + 1
  misses.push({
    view: view.spec.id,
    stage,
    kind: view.kind,
    curved: view.curved,
    coverage: Math.round(view.spec.coverage * 100) / 100,
    tilt: view.spec.pose.kind === 'flat' ? Math.round(view.spec.pose.tiltDeg) : `wrap ${Math.round(view.spec.pose.wrapDeg)}`,
    exposure: Math.round(view.spec.light.exposure * 100) / 100,
    glare: view.spec.light.glare > 0,
    motionPx: Math.round(view.spec.motionPx),
    defocusPx: Math.round(view.spec.defocusPx * 10) / 10,
    queryFeatures: query.keypoints.length / 2,
    voteRank: rank,
    pairs: mine ? mine.pairs.length / 2 : 0,
    indexInliers: verified?.inliers ?? null,
    exhaustiveInliers: exhaustive.inliers,
    exhaustiveMatches: exhaustive.matches,
    best: candidates[0] ? `${candidates[0].targetId} (${candidates[0].inliers})` : null,
  })
}
process.stdout.write(`${JSON.stringify({ size: SIZE, tuneViews: asked, missed: misses.length, stages, misses }, null, 1)}\n`)

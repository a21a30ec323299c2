/**
 * `tsx bench/realistic/margins.ts [SIZE]`: the inlier margins the hit rule works with, on the
 * **tune** split and the negatives only (the held-back test split is never looked at here). Each
 * view's top VERIFY_TOP_K voted candidates are verified exhaustively (BFMatcher knn + ratio + the
 * engine's homography checks), so the figures are what the search could reach with its features:
 * - for a view of a print in the library: the true target's inliers and the best other target's;
 * - for a negative (backdrop alone, unregistered print): the best target's inliers.
 * Prints ONE JSON document: sorted distributions, then what hit rules (minimum inliers × the
 * runner-up ratio) would give on these views.
 */
import { DescriptorIndex } from '../../server/src/engine/DescriptorIndex.ts'
import { type Features, indexedDescriptors } from '../../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../../server/src/engine/loadOpenCv.ts'
import { rankCandidates } from '../../server/src/engine/rankCandidates.ts'
import { queryFeatures } from '../../server/src/engine/searchFeatures.ts'
import { HIT_MIN_RATIO_TO_RUNNER_UP, VERIFY_TOP_K } from '../../server/src/engine/tuning.ts'
import { queryImage } from './dataset.ts'
import { library } from './library.ts'
import { DEFAULT_CAPTURE, queriesFor, realisticDataset } from './runViews.ts'
import { libraryFeatures, notRecommended } from './targetFeatures.ts'

const SIZE = Number(process.argv[2] ?? 100)
const log = (m: string) => process.stderr.write(`[margins] ${m}\n`)
const cv = await loadOpenCv()
const dataset = await realisticDataset(log)
const targets = library(dataset.catalogue, SIZE)
const features = await libraryFeatures(targets, log)
const unusable = await notRecommended(targets.slice(0, Math.min(targets.length, dataset.catalogue.prints.length)))
const index = new DescriptorIndex()
const byName = new Map<string, Features>()
targets.forEach((t, i) => {
  index.upsert(t.name, indexedDescriptors(features[i]!), true)
  byName.set(t.name, features[i]!)
})

interface Row {
  view: string
  curved: boolean
  expected: string | null
  /** True target's inliers (positives), then the best other candidate's. */
  own: number
  other: number
}
const rows: Row[] = []
for (const { view, expected } of queriesFor(dataset, new Set(byName.keys()))) {
  if (view.split === 'test') continue
  if (expected !== null && unusable.has(expected)) continue
  const { features: query } = await queryFeatures(cv, await queryImage(view, DEFAULT_CAPTURE))
  const { candidates } = rankCandidates(cv, index, byName, query, { topK: VERIFY_TOP_K, activeOnly: true, exhaustive: true })
  const own = expected === null ? 0 : (candidates.find((c) => c.targetId === expected)?.inliers ?? 0)
  const other = Math.max(0, ...candidates.filter((c) => c.targetId !== expected).map((c) => c.inliers))
  rows.push({ view: view.spec.id, curved: view.curved, expected, own, other })
}

const positives = rows.filter((r) => r.expected !== null)
const negatives = rows.filter((r) => r.expected === null)
const rules: Record<string, unknown>[] = []
for (const min of [8, 10, 12, 14, 16, 18, 20]) {
  const hit = (own: number, other: number) => own >= min && own >= HIT_MIN_RATIO_TO_RUNNER_UP * other
  rules.push({
    minInliers: min,
    flat: positives.filter((r) => !r.curved && hit(r.own, r.other)).length,
    curved: positives.filter((r) => r.curved && hit(r.own, r.other)).length,
    wrong: positives.filter((r) => hit(r.other, r.own)).length,
    falseHits: negatives.filter((r) => r.other >= min).length,
  })
}
const sorted = (xs: number[]) => xs.sort((a, b) => a - b)
console.log(
  JSON.stringify(
    {
      targets: SIZE,
      views: {
        flat: positives.filter((r) => !r.curved).length,
        curved: positives.filter((r) => r.curved).length,
        negatives: negatives.length,
      },
      ownInliers: sorted(positives.map((r) => r.own)),
      bestOtherOnPositives: sorted(positives.map((r) => r.other)),
      bestOnNegatives: sorted(negatives.map((r) => r.other)),
      rules,
    },
    null,
    1,
  ),
)

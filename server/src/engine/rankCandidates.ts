import type { DescriptorIndex } from './DescriptorIndex.ts'
import { DESCRIPTOR_BYTES, type Features, indexedFeatures } from './extractFeatures.ts'
import type { OpenCv } from './loadOpenCv.ts'
import {
  CONFIRM_BELOW_INLIERS,
  fallbackBudget,
  FALLBACK_MIN_INLIERS,
  HIT_MIN_INLIERS,
  HIT_MIN_RATIO_TO_RUNNER_UP,
  SIMILAR_MIN_INLIERS,
  VOTE_ALL_UP_TO_TARGETS,
  VOTE_MAX_FEATURES,
} from './tuning.ts'
import { verifyMatch, verifyPairs } from './verifyMatch.ts'

export interface VerifiedCandidate {
  targetId: string
  votes: number
  inliers: number
}

export interface RankTimings {
  matchMs: number
  verifyMs: number
}

/**
 * Index voting, then homography verification of the best-voted candidates, in vote order, then
 * exhaustive re-matching of near misses.
 *
 * `exhaustive: false` (search) verifies the index's own correspondences and skips candidates that
 * cannot change the answer: inliers ⊆ correspondences, and a hit needs HIT_MIN_INLIERS and
 * HIT_MIN_RATIO_TO_RUNNER_UP × the runner-up, so a candidate with fewer correspondences than
 * max(HIT_MIN_INLIERS, best so far) / HIT_MIN_RATIO_TO_RUNNER_UP can neither be the hit nor veto
 * it. (Skipping below HIT_MIN_INLIERS instead, as before, let a 14–19-pair runner-up go unseen and
 * a best of 20–28 inliers pass as unambiguous.)
 *
 * `exhaustive: true` (similar / duplicate check) re-matches every candidate with BFMatcher knn,
 * because there recall matters more than speed. Returns verified candidates, best inliers first.
 */
export function rankCandidates(
  cv: OpenCv,
  index: DescriptorIndex,
  targets: ReadonlyMap<string, Features>,
  query: Features,
  { topK, activeOnly, excludeId, exhaustive = false }: { topK: number; activeOnly: boolean; excludeId?: string; exhaustive?: boolean },
): { candidates: VerifiedCandidate[]; timings: RankTimings } {
  const t0 = performance.now()
  const voted = index
    .query(votingDescriptors(query, index.size), { limit: topK + 1, activeOnly })
    .filter((c) => c.id !== excludeId)
    .slice(0, topK)
  const t1 = performance.now()
  const candidates: VerifiedCandidate[] = []
  /** Exhaustive (ratio-tested) inliers per target, where already computed: the fallback's, for `confirmHit`. */
  const matchedExhaustively = new Map<string, number>()
  let bestInliers = 0
  for (const { id, votes, pairs } of voted) {
    const target = targets.get(id)
    if (!target) continue
    if (!exhaustive && pairs.length / 2 < Math.max(HIT_MIN_INLIERS, bestInliers) / HIT_MIN_RATIO_TO_RUNNER_UP) continue
    // `similar` and the duplicate check compare with what the index holds: a repetitive target's
    // verification set made two different text posters in one typeface "similar" (2 → 4 of 29).
    const inliers = exhaustive ? verifyMatch(cv, query, indexedFeatures(target)).inliers : verifyPairs(cv, query, target, pairs).inliers
    bestInliers = Math.max(bestInliers, inliers)
    candidates.push({ targetId: id, votes, inliers })
  }
  // A small, tilted or blurred view can leave the true target with only a part of its
  // correspondences in the index (measured at 1,000 targets: 12 and 18 inliers from the index's
  // pairs against 20+ from exhaustive matching), or with too few to be verified at all (small
  // text prints), while clutter's candidates verify to 0–12. So when the quick pass finds no hit,
  // candidates that already show some geometry, then the best-voted one (two in a large library,
  // where the vote is coarser: `fallbackBudget`), are re-matched exhaustively (2–3 ms natively,
  // ~100 ms in WebAssembly each) before "no match". Most frames without a hit show no print at
  // all: this is what they cost.
  const byInliers = (a: VerifiedCandidate, b: VerifiedCandidate) => b.inliers - a.inliers
  const hasHit = () => pickHit(candidates.toSorted(byInliers)) !== null
  if (!exhaustive && !hasHit()) {
    const nearMisses = candidates.filter((c) => c.inliers >= FALLBACK_MIN_INLIERS).sort(byInliers)
    const order: { id: string; votes: number }[] = nearMisses.map((c) => ({ id: c.targetId, votes: c.votes }))
    const budget = fallbackBudget(index.size)
    for (const v of voted.slice(0, budget.bestVoted)) if (!order.some((o) => o.id === v.id)) order.push({ id: v.id, votes: v.votes })
    for (const { id, votes } of order.slice(0, budget.candidates)) {
      const target = targets.get(id)
      if (!target) continue
      const inliers = verifyMatch(cv, query, target).inliers
      matchedExhaustively.set(id, inliers)
      const known = candidates.find((c) => c.targetId === id)
      // The ratio-tested count stands, as confirmHit's does: a runner-up whose index pairs verified
      // to 24 but whose real matches are 5 must not veto the true target.
      if (known) known.inliers = inliers
      else candidates.push({ targetId: id, votes, inliers })
      if (hasHit()) break
    }
  }
  candidates.sort(byInliers)
  if (!exhaustive) {
    confirmHit(candidates, byInliers, (id) => {
      const target = targets.get(id)
      return matchedExhaustively.get(id) ?? (target ? verifyMatch(cv, query, target).inliers : 0)
    })
  }
  return { candidates, timings: { matchMs: t1 - t0, verifyMs: performance.now() - t1 } }
}

/**
 * The query descriptors that vote: all of them up to VOTE_ALL_UP_TO_TARGETS, then the strongest
 * VOTE_MAX_FEATURES (extractFeatures orders them strongest first). Voting costs in proportion to
 * the query's features and grows with the library; verification still uses every feature.
 */
function votingDescriptors(query: Features, targets: number): Uint8Array {
  if (targets <= VOTE_ALL_UP_TO_TARGETS) return query.descriptors
  return query.descriptors.subarray(0, Math.min(query.descriptors.length, VOTE_MAX_FEATURES * DESCRIPTOR_BYTES))
}

/**
 * A hit the index's own correspondences verified with fewer than CONFIRM_BELOW_INLIERS inliers
 * must verify again with exhaustive, ratio-tested matches, whose count then stands (the next
 * candidate is confirmed in turn if that demotes it). The index pairs each query feature with its
 * nearest target feature however ambiguous; with the tilted views a target holds ~3 × the
 * features, and unregistered flyers in a registered flyer's fonts, or card spreads sharing a card,
 * verified to 20–25 such inliers (6 false hits in 140 negatives, tune split) where ratio-tested
 * matching finds 0–13. One exhaustive match: 2–3 ms natively, ~45 ms in WebAssembly, per hit.
 */
function confirmHit(
  candidates: VerifiedCandidate[],
  byInliers: (a: VerifiedCandidate, b: VerifiedCandidate) => number,
  exhaustiveInliers: (targetId: string) => number,
): void {
  const confirmed = new Set<string>()
  for (;;) {
    const hit = pickHit(candidates)
    if (!hit || hit.inliers >= CONFIRM_BELOW_INLIERS || confirmed.has(hit.targetId)) return
    confirmed.add(hit.targetId)
    hit.inliers = exhaustiveInliers(hit.targetId)
    candidates.sort(byInliers)
  }
}

/**
 * The winner, or null: enough inliers and clearly ahead of the runner-up, unless the runner-up is
 * a look-alike of the same print (see `lookAlikes`).
 */
export function pickHit(candidates: readonly VerifiedCandidate[]): VerifiedCandidate | null {
  const [best, runnerUp] = candidates
  if (!best || best.inliers < HIT_MIN_INLIERS) return null
  if (runnerUp && best.inliers < HIT_MIN_RATIO_TO_RUNNER_UP * runnerUp.inliers && runnerUp.inliers < SIMILAR_MIN_INLIERS) return null
  return best
}

/**
 * The hit and every candidate too close to it to tell apart that still matches as well as a
 * look-alike does (SIMILAR_MIN_INLIERS, the duplicate check's own bar). The runner-up veto is
 * against coin flips between different posters sharing a few words (20–35 inliers); two targets
 * that both match at that level are copies of one print, which the store only holds because one
 * was added with allowSimilar. Vetoing then made the original unrecognizable along with the copy;
 * the caller picks one of these instead (the oldest: a copy never takes the original's place).
 */
export function lookAlikes(candidates: readonly VerifiedCandidate[], hit: VerifiedCandidate): VerifiedCandidate[] {
  return candidates.filter((c) => c === hit || (c.inliers >= SIMILAR_MIN_INLIERS && hit.inliers < HIT_MIN_RATIO_TO_RUNNER_UP * c.inliers))
}

/** 0–1 confidence that saturates around 100 inliers (true matches measure 30–300). */
export function hitScore(inliers: number): number {
  return Math.round((1 - Math.exp(-inliers / 40)) * 1000) / 1000
}

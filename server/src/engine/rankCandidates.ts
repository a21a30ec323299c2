import type { DescriptorIndex } from './DescriptorIndex.ts'
import type { Features } from './extractFeatures.ts'
import type { OpenCv } from './loadOpenCv.ts'
import { HIT_MIN_INLIERS, HIT_MIN_RATIO_TO_RUNNER_UP } from './tuning.ts'
import { verifyMatch } from './verifyMatch.ts'

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
 * Index voting, then homography verification of the top `topK` candidates. Returns every verified
 * candidate, best inliers first.
 */
export function rankCandidates(
  cv: OpenCv,
  index: DescriptorIndex,
  targets: ReadonlyMap<string, Features>,
  query: Features,
  { topK, activeOnly, excludeId }: { topK: number; activeOnly: boolean; excludeId?: string },
): { candidates: VerifiedCandidate[]; timings: RankTimings } {
  const t0 = performance.now()
  const voted = index.query(query.descriptors, { limit: topK + 1, activeOnly }).filter((c) => c.id !== excludeId).slice(0, topK)
  const t1 = performance.now()
  const candidates: VerifiedCandidate[] = []
  for (const { id, votes } of voted) {
    const target = targets.get(id)
    if (!target) continue
    candidates.push({ targetId: id, votes, inliers: verifyMatch(cv, query, target).inliers })
  }
  candidates.sort((a, b) => b.inliers - a.inliers)
  return { candidates, timings: { matchMs: t1 - t0, verifyMs: performance.now() - t1 } }
}

/** The unambiguous winner, or null: enough inliers and clearly ahead of the runner-up. */
export function pickHit(candidates: readonly VerifiedCandidate[]): VerifiedCandidate | null {
  const [best, runnerUp] = candidates
  if (!best || best.inliers < HIT_MIN_INLIERS) return null
  if (runnerUp && best.inliers < HIT_MIN_RATIO_TO_RUNNER_UP * runnerUp.inliers) return null
  return best
}

/** 0–1 confidence that saturates around 100 inliers (true matches measure 30–300). */
export function hitScore(inliers: number): number {
  return Math.round((1 - Math.exp(-inliers / 40)) * 1000) / 1000
}

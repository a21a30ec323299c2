/**
 * The decision around verification, with the index and the homography stubbed: which candidates
 * are verified, which are skipped, and when the exhaustive fallback runs. (Real pixels through the
 * whole pipeline: RecognitionEngine.test.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Candidate, DescriptorIndex } from '../../../../server/src/engine/DescriptorIndex.ts'
import type { Features } from '../../../../server/src/engine/extractFeatures.ts'

/** Inliers each target verifies to, from its index correspondences and exhaustively. */
const fromPairs = new Map<string, number>()
const exhaustive = new Map<string, number>()
const verified: string[] = []

vi.mock('../../../../server/src/engine/verifyMatch.ts', () => ({
  verifyPairs: (_cv: unknown, _query: Features, target: Features & { id: string }) => {
    verified.push(`pairs:${target.id}`)
    return { inliers: fromPairs.get(target.id) ?? 0, matches: 0 }
  },
  verifyMatch: (_cv: unknown, _query: Features, target: Features & { id: string }) => {
    verified.push(`exhaustive:${target.id}`)
    return { inliers: exhaustive.get(target.id) ?? 0, matches: 0 }
  },
}))

const { lookAlikes, pickHit, rankCandidates } = await import('../../../../server/src/engine/rankCandidates.ts')
const { LARGE_LIBRARY_FALLBACK_CANDIDATES, VOTE_ALL_UP_TO_TARGETS, VOTE_MAX_FEATURES } = await import(
  '../../../../server/src/engine/tuning.ts'
)

const query: Features = { width: 100, height: 100, keypoints: new Float32Array(), descriptors: new Uint8Array() }

/** An index that answers with these candidates (id, votes, correspondences), in this order. */
function run(candidates: Array<[id: string, votes: number, pairs: number]>, librarySize = candidates.length) {
  const index = {
    size: librarySize,
    query: () => candidates.map(([id, votes, pairs]): Candidate => ({ id, votes, pairs: new Uint32Array(2 * pairs) })),
  } as unknown as DescriptorIndex
  const targets = new Map(candidates.map(([id]) => [id, { ...query, id } as Features]))
  const { candidates: ranked } = rankCandidates(null, index, targets, query, { topK: 8, activeOnly: true })
  return { ranked, hit: pickHit(ranked) }
}

beforeEach(() => {
  fromPairs.clear()
  exhaustive.clear()
  verified.length = 0
})

describe('rankCandidates', () => {
  it('verifies a candidate with too few correspondences to win but enough to veto, so a look-alike makes the answer ambiguous', () => {
    // A has only 18 correspondences (it can never be a hit), B verifies to 22 inliers: A at 18
    // would make B ambiguous (22 < 1.5 × 18), so A must be verified, not skipped.
    fromPairs.set('A', 18).set('B', 22)
    const { hit } = run([
      ['A', 30, 18],
      ['B', 20, 40],
    ])
    expect(verified).toContain('pairs:A')
    expect(hit).toBeNull()
  })

  // Regression: a copy of a target added with allowSimilar made the original unrecognizable too:
  // two equally good matches were refused as a coin flip.
  it('lets a runner-up that matches like a look-alike (≥ 50 inliers) stand beside the hit instead of vetoing it', () => {
    fromPairs.set('A', 80).set('B', 78).set('C', 30)
    const { ranked, hit } = run([
      ['A', 60, 120],
      ['B', 58, 118],
      ['C', 20, 60],
    ])
    expect(hit?.targetId).toBe('A')
    expect(lookAlikes(ranked, hit!).map((c) => c.targetId)).toEqual(['A', 'B'])
    // …while a runner-up below that bar still vetoes a close call (different posters sharing words).
    fromPairs.set('A', 45).set('B', 40)
    expect(
      run([
        ['A', 60, 120],
        ['B', 58, 118],
      ]).hit,
    ).toBeNull()
  })

  it('skips candidates that can neither win nor veto, and answers the clear winner', () => {
    fromPairs.set('B', 90).set('A', 0)
    const { hit } = run([
      ['B', 80, 120],
      ['A', 10, 50], // 50 < 90 / 1.5: cannot veto 90
      ['C', 5, 12], // 12 < 20 / 1.5: cannot matter at all
    ])
    expect(hit?.targetId).toBe('B')
    expect(verified).toEqual(['pairs:B'])
  })

  it('re-matches near misses exhaustively first', () => {
    fromPairs.set('A', 15).set('B', 3)
    exhaustive.set('A', 64)
    const { hit } = run([
      ['A', 20, 60],
      ['B', 18, 60],
    ])
    expect(hit?.targetId).toBe('A')
    expect(verified).toEqual(['pairs:A', 'pairs:B', 'exhaustive:A'])
  })

  it('re-matches only the best-voted candidate exhaustively when nothing verified (up to VOTE_ALL_UP_TO_TARGETS targets), so a frame of clutter costs one exhaustive match', () => {
    fromPairs.set('A', 0).set('B', 5)
    const { hit } = run([
      ['A', 40, 80],
      ['B', 30, 70],
      ['C', 20, 60],
      ['D', 10, 50],
    ])
    expect(hit).toBeNull()
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:A'])
  })

  it('re-matches near misses (≥ 8 inliers) best first before the best-voted candidate, at most FALLBACK_CANDIDATES', () => {
    fromPairs.set('B', 9).set('C', 15).set('D', 10).set('E', 11)
    const { hit } = run([
      ['A', 40, 80],
      ['B', 30, 70],
      ['C', 20, 60],
      ['D', 10, 50],
      ['E', 9, 50],
    ])
    expect(hit).toBeNull()
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:C', 'exhaustive:E', 'exhaustive:D'])

    // One near miss: it, then the best-voted candidate.
    verified.length = 0
    fromPairs.clear()
    fromPairs.set('C', 8)
    run([
      ['A', 40, 80],
      ['B', 30, 70],
      ['C', 20, 60],
    ])
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:C', 'exhaustive:A'])
  })

  it('in a library larger than VOTE_ALL_UP_TO_TARGETS, re-matches the two best-voted after the near misses, at most LARGE_LIBRARY_FALLBACK_CANDIDATES', () => {
    // The coarser vote of a large library put the true target (T, 60 inliers exhaustively)
    // second, behind a look-alike text poster whose index pairs verify to nothing.
    exhaustive.set('T', 60)
    const ranking: Array<[string, number, number]> = [
      ['L', 40, 30],
      ['T', 30, 30],
      ['C', 20, 30],
    ]
    expect(run(ranking).hit).toBeNull() // a small library: the best-voted only
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:L'])
    verified.length = 0
    expect(run(ranking, VOTE_ALL_UP_TO_TARGETS).hit).toBeNull() // …up to VOTE_ALL_UP_TO_TARGETS included
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:L'])

    verified.length = 0
    expect(run(ranking, VOTE_ALL_UP_TO_TARGETS + 1).hit?.targetId).toBe('T')
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:L', 'exhaustive:T'])

    // Two best-voted, not more: a true target voted third stays unmatched (a frame of clutter costs two).
    verified.length = 0
    const third: Array<[string, number, number]> = [
      ['L', 40, 30],
      ['C', 30, 30],
      ['T', 20, 30],
    ]
    expect(run(third, VOTE_ALL_UP_TO_TARGETS + 1).hit).toBeNull()
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:L', 'exhaustive:C'])

    // Near misses keep their place first (one of them may veto a look-alike's hit), and the budget holds.
    verified.length = 0
    exhaustive.clear()
    fromPairs.set('N1', 12).set('N2', 10).set('N3', 9)
    const crowded: Array<[string, number, number]> = [
      ['L', 40, 30],
      ['T', 30, 30],
      ['N1', 20, 30],
      ['N2', 15, 30],
      ['N3', 12, 30],
    ]
    expect(run(crowded, VOTE_ALL_UP_TO_TARGETS + 1).hit).toBeNull()
    const matched = verified.filter((v) => v.startsWith('exhaustive'))
    expect(matched).toEqual(['exhaustive:N1', 'exhaustive:N2', 'exhaustive:N3', 'exhaustive:L'])
    expect(matched).toHaveLength(LARGE_LIBRARY_FALLBACK_CANDIDATES)
  })

  it('confirms a hit under CONFIRM_BELOW_INLIERS index inliers by exhaustive matching, whose count stands', () => {
    // An unregistered flyer in a registered flyer's fonts: the index pairs verify to 25, ratio-tested matches to 6.
    fromPairs.set('F', 25)
    exhaustive.set('F', 6)
    const refused = run([['F', 30, 100]])
    expect(refused.hit).toBeNull()
    expect(verified).toEqual(['pairs:F', 'exhaustive:F'])

    // A true view that the index verifies to 30: confirmed with its exhaustive 34.
    verified.length = 0
    fromPairs.set('T', 30)
    exhaustive.set('T', 34)
    const confirmed = run([['T', 30, 100]])
    expect(confirmed.hit?.targetId).toBe('T')
    expect(confirmed.hit?.inliers).toBe(34)
  })

  it('does not re-verify a hit at CONFIRM_BELOW_INLIERS or above, and confirms the next candidate once the first is demoted', () => {
    fromPairs.set('A', 50)
    expect(run([['A', 30, 100]]).hit?.targetId).toBe('A')
    expect(verified).toEqual(['pairs:A'])

    // A (40 from the index, a hit over B's 24) falls to 3 when confirmed; B is then the hit, confirmed in turn.
    verified.length = 0
    fromPairs.set('A', 40).set('B', 24)
    exhaustive.set('A', 3).set('B', 26)
    const { hit } = run([
      ['A', 30, 100],
      ['B', 20, 100],
    ])
    expect(hit?.targetId).toBe('B')
    expect(hit?.inliers).toBe(26)
    expect(verified).toEqual(['pairs:A', 'pairs:B', 'exhaustive:A', 'exhaustive:B'])
  })

  it("lets the fallback's exhaustive count stand, so a runner-up the index over-counts does not veto the true target", () => {
    // B 24 and C 21 from the index: ambiguous, so the fallback re-matches B (5), then C is the hit and is confirmed (28).
    fromPairs.set('B', 24).set('C', 21)
    exhaustive.set('B', 5).set('C', 28)
    const { hit } = run([
      ['B', 30, 100],
      ['C', 20, 100],
    ])
    expect(hit?.targetId).toBe('C')
    expect(hit?.inliers).toBe(28)
    expect(verified.filter((v) => v.startsWith('exhaustive'))).toEqual(['exhaustive:B', 'exhaustive:C'])
  })

  it('finds a true target whose few index correspondences were too few to verify (a small text print)', () => {
    // T has 10 correspondences: under 20 / 1.5, so the quick pass skips it; exhaustively it has 40 inliers.
    exhaustive.set('T', 40)
    const { ranked, hit } = run([
      ['T', 12, 10],
      ['X', 8, 40],
    ])
    expect(verified).toEqual(['pairs:X', 'exhaustive:T'])
    expect(hit?.targetId).toBe('T')
    expect(ranked.map((c) => c.targetId)).toEqual(['T', 'X'])
  })

  it('votes with all query features up to VOTE_ALL_UP_TO_TARGETS targets, then with the strongest VOTE_MAX_FEATURES', () => {
    const voted: number[] = []
    const many: Features = { ...query, keypoints: new Float32Array(2 * 1200), descriptors: new Uint8Array(32 * 1200) }
    for (const size of [VOTE_ALL_UP_TO_TARGETS, VOTE_ALL_UP_TO_TARGETS + 1]) {
      const index = {
        size,
        query: (descriptors: Uint8Array) => {
          voted.push(descriptors.length / 32)
          expect(descriptors.byteOffset).toBe(many.descriptors.byteOffset) // a prefix: the strongest
          return []
        },
      } as unknown as DescriptorIndex
      rankCandidates(null, index, new Map(), many, { topK: 8, activeOnly: true })
    }
    expect(voted).toEqual([1200, VOTE_MAX_FEATURES])
  })
})

import type { OpenCv } from './loadOpenCv.ts'

/**
 * BFMatcher (Hamming) knn, k = 2, in opencv.js, laid out as the native addon's `knn2` lays it out:
 * [trainIdx1, dist1, trainIdx2, dist2] per query row, −1 when absent. The one place that reads an
 * opencv.js DMatchVectorVector: `get(i)` hands out a copy of the row on the wasm heap that only
 * `delete()` frees — without it every exhaustive match leaked ~84 KB, and a worker's heap ran out
 * after ~12,000 of them (tests/unit/server/engine/verifyMatchMemory.test.ts).
 */
export function wasmKnn2(cv: OpenCv, queryMat: OpenCv, trainMat: OpenCv): Int32Array {
  const out = new Int32Array(4 * queryMat.rows).fill(-1)
  const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false)
  const knn = new cv.DMatchVectorVector()
  try {
    matcher.knnMatch(queryMat, trainMat, knn, 2)
    for (let i = 0; i < knn.size(); i++) {
      const row = knn.get(i)
      try {
        for (let j = 0; j < Math.min(2, row.size()); j++) {
          const match = row.get(j)
          out[4 * match.queryIdx + 2 * j] = match.trainIdx
          out[4 * match.queryIdx + 2 * j + 1] = match.distance
        }
      } finally {
        row.delete()
      }
    }
    return out
  } finally {
    matcher.delete()
    knn.delete()
  }
}

export interface RatioMatch {
  /** Query row. */
  q: number
  /** Train (target) row. */
  t: number
  /** Nearest over second-nearest distance: lower is more distinctive. */
  quality: number
}

/** The rows of a `knn2` layout whose nearest neighbour passes Lowe's ratio test against the second. */
export function ratioTested(knn: Int32Array, ratio: number): RatioMatch[] {
  const found: RatioMatch[] = []
  for (let i = 0; i < knn.length / 4; i++) {
    const [m, dm, , dn] = [knn[4 * i]!, knn[4 * i + 1]!, knn[4 * i + 2]!, knn[4 * i + 3]!]
    if (m >= 0 && dn >= 0 && dm < ratio * dn) found.push({ q: i, t: m, quality: dm / Math.max(1, dn) })
  }
  return found
}

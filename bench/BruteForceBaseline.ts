/**
 * The brute-force baseline the benchmarks put beside the engine: ORB on the query, one BFMatcher
 * knn (k=2) over every target descriptor at once, Lowe's ratio test, votes per target, then the
 * engine's own homography verification (RHO, plausibility checks) of the best-voted targets and the
 * engine's hit rule. No index: it shows what exhaustive matching finds in the same features, at
 * a cost linear in the library. `accurate()` is the setting the reference used (query
 * 1280 px, 5000 features, ratio 0.8, ≥ 10 inliers): what the pixels hold, at seconds a query.
 */
import { decodeImage } from '../server/src/engine/decodeImage.ts'
import { DESCRIPTOR_BYTES, extractFeatures, type Features } from '../server/src/engine/extractFeatures.ts'
import type { OpenCv } from '../server/src/engine/loadOpenCv.ts'
import { ratioTested, wasmKnn2 } from '../server/src/engine/knn2.ts'
import { HIT_MIN_RATIO_TO_RUNNER_UP, QUERY_MAX_SIDE_PX, QUERY_NFEATURES } from '../server/src/engine/tuning.ts'
import { verifyMatch } from '../server/src/engine/verifyMatch.ts'

export interface BaselineSettings {
  queryMaxSide: number
  queryFeatures: number
  ratio: number
  /** Best-voted targets verified with a homography. */
  verify: number
  minInliers: number
}

/** The engine's own query settings and hit threshold. */
export const ENGINE_LIKE: BaselineSettings = {
  queryMaxSide: QUERY_MAX_SIDE_PX,
  queryFeatures: QUERY_NFEATURES,
  ratio: 0.8,
  verify: 3,
  minInliers: 20,
}
/** The accuracy-tuned reference. */
export const ACCURATE: BaselineSettings = { queryMaxSide: 1280, queryFeatures: 5000, ratio: 0.8, verify: 5, minInliers: 10 }

export class BruteForceBaseline {
  private readonly all: OpenCv
  private readonly owner: number[] = []
  constructor(
    private readonly cv: OpenCv,
    private readonly features: Features[],
    private readonly settings: BaselineSettings = ENGINE_LIKE,
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

  /** Index of the target found, or -1. */
  async search(photo: Uint8Array): Promise<number> {
    const { cv, settings } = this
    const query = extractFeatures(cv, await decodeImage(photo, settings.queryMaxSide), settings.queryFeatures)
    const rows = query.descriptors.length / DESCRIPTOR_BYTES
    if (rows < 2) return -1
    const q = new cv.Mat(rows, DESCRIPTOR_BYTES, cv.CV_8UC1)
    q.data.set(query.descriptors)
    const votes = new Map<number, number>()
    let knn: Int32Array
    try {
      knn = wasmKnn2(cv, q, this.all)
    } finally {
      q.delete()
    }
    for (const { t } of ratioTested(knn, settings.ratio)) votes.set(this.owner[t]!, (votes.get(this.owner[t]!) ?? 0) + 1)
    const top = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, settings.verify)
    const verified = top
      .map(([t]) => ({ t, inliers: verifyMatch(cv, query, this.features[t]!).inliers }))
      .sort((a, b) => b.inliers - a.inliers)
    const [best, runnerUp] = verified
    if (!best || best.inliers < settings.minInliers) return -1
    if (runnerUp && best.inliers < HIT_MIN_RATIO_TO_RUNNER_UP * runnerUp.inliers) return -1
    return best.t
  }

  dispose(): void {
    this.all.delete()
  }
}

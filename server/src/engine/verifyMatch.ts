import { DESCRIPTOR_BYTES, type Features } from './extractFeatures.ts'
import { ratioTested, wasmKnn2 } from './knn2.ts'
import type { OpenCv } from './loadOpenCv.ts'
import { nativeCv, RHO } from './nativeCv.ts'
import { RANSAC_REPROJ_PX, VERIFY_RATIO } from './tuning.ts'

/** findHomography needs 4 points; below this RANSAC "succeeds" on noise (docs/opencv-node-notes.md: 4 inliers is common for wrong targets). */
const MIN_MATCHES_FOR_HOMOGRAPHY = 8
/** The projected target must cover at least this fraction of the query frame (tinier = noise fit). */
const MIN_AREA_FRACTION = 0.002
/** …and at most this (a target held very close can overflow the frame, but not 30x). */
const MAX_AREA_FRACTION = 30
/** Shortest/longest side of the projected quad; flatter than this is a degenerate fit, not a photo. */
const MIN_SIDE_RATIO = 0.08
/**
 * Robust estimator: OpenCV's RHO (PROSAC-based) instead of plain RANSAC. Measured in this WASM
 * build on 30–200 correspondences: same inliers on half-inlier data, but on outlier-only data
 * (every clutter frame) RANSAC runs all its iterations, 65–75 ms per candidate, RHO 0.1–1.4 ms.
 */
const RANSAC_MAX_ITERS = 2_000
const RANSAC_CONFIDENCE = 0.999
/**
 * The inliers' bounding box must span at least this fraction of the target's width AND height.
 * Two posters sharing a word in the same font fit a homography with 20–35 inliers along one text
 * line (a thin strip); a real view of the target spreads inliers over it (see README).
 */
const MIN_INLIER_EXTENT = 0.1
/**
 * …unless there are this many inliers. A shared word gives 20–35; a real view of a poster whose
 * only texture is one band of text (flat colour elsewhere) gives 60–120 inliers in a strip under
 * 10 % of its height, and refusing those cost 20 % recall at 100 targets (bench/server.ts).
 */
const STRIP_MIN_INLIERS = 50
/** See `verifyPairs`: the closest correspondences are verified on their own as well. */
const HEAD_PAIRS = 128

export interface Verification {
  inliers: number
  /** The inliers' bounding box in the target, as the smaller of its width and height fractions. */
  extent?: number
  /** Ratio-test matches fed to RANSAC. */
  matches: number
  /** Why a homography was rejected, for logs and tests. */
  rejected?: string
}

/**
 * Exact verification of one candidate: BFMatcher knn (k=2) + Lowe ratio, RANSAC homography from
 * target to query, then sanity checks on the projected target quad. Inliers are 0 when rejected.
 * The matches go to RHO best ratio first: in query order (as before), a view whose true matches
 * were 10–15 % of 150–300 ratio-test matches often found no fit in 2,000 iterations (realistic
 * benchmark, tune split, top 8 candidates matched exhaustively: views whose true target reaches
 * 14 inliers, 1.5 × the runner-up, 80 → 83 of 124).
 */
export function verifyMatch(cv: OpenCv, query: Features, target: Features): Verification {
  const nq = query.descriptors.length / DESCRIPTOR_BYTES
  const nt = target.descriptors.length / DESCRIPTOR_BYTES
  if (nq < 2 || nt < 2) return { inliers: 0, matches: 0, rejected: 'too few features' }
  const found = ratioTested(nearestTwo(cv, query, target), VERIFY_RATIO)
  // RHO is PROSAC: it samples the head of the list first, so the most distinctive matches go first.
  found.sort((a, b) => a.quality - b.quality)
  const src: number[] = []
  const dst: number[] = []
  for (const { q, t } of found) {
    src.push(target.keypoints[2 * t]!, target.keypoints[2 * t + 1]!)
    dst.push(query.keypoints[2 * q]!, query.keypoints[2 * q + 1]!)
  }
  const matches = found.length
  if (matches < MIN_MATCHES_FOR_HOMOGRAPHY) return { inliers: 0, matches, rejected: 'too few matches' }
  return { ...homographyInliers(cv, src, dst, target, query), matches }
}

/** The two nearest target descriptors of each query descriptor, natively or in opencv.js (knn2.ts's layout). */
function nearestTwo(cv: OpenCv, query: Features, target: Features): Int32Array {
  const native = nativeCv()
  if (native) return native.knn2(query.descriptors, target.descriptors)
  const queryMat = descriptorMat(cv, query.descriptors, query.descriptors.length / DESCRIPTOR_BYTES)
  const targetMat = descriptorMat(cv, target.descriptors, target.descriptors.length / DESCRIPTOR_BYTES)
  try {
    return wasmKnn2(cv, queryMat, targetMat)
  } finally {
    queryMat.delete()
    targetMat.delete()
  }
}

/**
 * Verification of one candidate from correspondences the index already found (query index,
 * target index pairs, closest first): RANSAC homography from target to query plus the same sanity
 * checks as `verifyMatch`. This is the search path; `verifyMatch` (exhaustive knn) serves `similar()`.
 *
 * A long list is also verified by its closest HEAD_PAIRS alone, and the better plausible fit wins:
 * on a text poster, far correspondences from repeated letters can outvote the true view with a
 * fit along one text line, which the sanity checks then reject (measured: all 398 pairs → a
 * rejected strip; the closest 150 → 47 inliers spread over 68 % of the poster).
 */
export function verifyPairs(cv: OpenCv, query: Features, target: Features, pairs: Uint32Array): Verification {
  const full = verifySubset(cv, query, target, pairs)
  if (pairs.length / 2 <= HEAD_PAIRS) return full
  const head = verifySubset(cv, query, target, pairs.subarray(0, 2 * HEAD_PAIRS))
  return head.inliers > full.inliers ? head : full
}

function verifySubset(cv: OpenCv, query: Features, target: Features, pairs: Uint32Array): Verification {
  const matches = pairs.length / 2
  if (matches < MIN_MATCHES_FOR_HOMOGRAPHY) return { inliers: 0, matches, rejected: 'too few matches' }
  const src: number[] = []
  const dst: number[] = []
  for (let i = 0; i < pairs.length; i += 2) {
    const q = pairs[i]!
    const t = pairs[i + 1]!
    src.push(target.keypoints[2 * t]!, target.keypoints[2 * t + 1]!)
    dst.push(query.keypoints[2 * q]!, query.keypoints[2 * q + 1]!)
  }
  return { ...homographyInliers(cv, src, dst, target, query), matches }
}

function descriptorMat(cv: OpenCv, bytes: Uint8Array, rows: number): OpenCv {
  const mat = new cv.Mat(rows, DESCRIPTOR_BYTES, cv.CV_8UC1)
  mat.data.set(bytes)
  return mat
}

function homographyInliers(cv: OpenCv, src: number[], dst: number[], target: Features, query: Features): Omit<Verification, 'matches'> {
  const n = src.length / 2
  const native = nativeCv()
  if (native) {
    const { h, mask } = native.homography(
      Float32Array.from(src),
      Float32Array.from(dst),
      RHO,
      RANSAC_REPROJ_PX,
      RANSAC_MAX_ITERS,
      RANSAC_CONFIDENCE,
    )
    if (!h) return { inliers: 0, rejected: 'no homography' }
    return judgeHomography(Array.from(h), mask, src, target, query)
  }
  const srcMat = cv.matFromArray(n, 1, cv.CV_32FC2, src)
  const dstMat = cv.matFromArray(n, 1, cv.CV_32FC2, dst)
  const mask = new cv.Mat()
  let h: OpenCv = null
  try {
    h = cv.findHomography(srcMat, dstMat, RHO, RANSAC_REPROJ_PX, mask, RANSAC_MAX_ITERS, RANSAC_CONFIDENCE)
    if (h.empty() || h.rows !== 3) return { inliers: 0, rejected: 'no homography' }
    return judgeHomography(Array.from(h.data64F as Float64Array), mask.data as Uint8Array, src, target, query)
  } finally {
    srcMat.delete()
    dstMat.delete()
    mask.delete()
    h?.delete()
  }
}

/** Inliers of a fitted homography after the plausibility and thin-strip checks (0 when rejected). */
function judgeHomography(h: number[], mask: Uint8Array, src: number[], target: Features, query: Features): Omit<Verification, 'matches'> {
  const reason = implausibleHomography(h, target, query)
  if (reason) return { inliers: 0, rejected: reason }
  let inliers = 0
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let i = 0; i < src.length / 2; i++) {
    if (!mask[i]) continue
    inliers++
    const x = src[2 * i]!
    const y = src[2 * i + 1]!
    ;[minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)]
  }
  const extent = Math.min((maxX - minX) / target.width, (maxY - minY) / target.height)
  if (extent < MIN_INLIER_EXTENT && inliers < STRIP_MIN_INLIERS)
    return { inliers: 0, extent, rejected: 'inliers cover a thin strip of the target' }
  return { inliers, extent }
}

/** Returns why the homography cannot be a photo of a flat target, or null when it is plausible. */
export function implausibleHomography(h: number[], target: Features, query: Features): string | null {
  const corners = [
    [0, 0],
    [target.width, 0],
    [target.width, target.height],
    [0, target.height],
  ] as const
  const quad: [number, number][] = []
  for (const [x, y] of corners) {
    const w = h[6]! * x + h[7]! * y + h[8]!
    // A corner behind the camera (w ≤ 0) means the fit folds the plane through infinity.
    if (!(w > 1e-9)) return 'corner behind camera'
    quad.push([(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w])
  }
  // Convex and not mirrored: every turn has the same sign as the target's own (clockwise in image coords).
  let area = 0
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!
    const [bx, by] = quad[(i + 1) % 4]!
    const [cx, cy] = quad[(i + 2) % 4]!
    if ((bx - ax) * (cy - by) - (by - ay) * (cx - bx) <= 0) return 'quad not convex or mirrored'
    area += ax * by - bx * ay
  }
  area /= 2
  const frame = query.width * query.height
  if (area < MIN_AREA_FRACTION * frame) return 'projected target too small'
  if (area > MAX_AREA_FRACTION * frame) return 'projected target too large'
  const sides = quad.map(([ax, ay], i) => {
    const [bx, by] = quad[(i + 1) % 4]!
    return Math.hypot(bx - ax, by - ay)
  })
  if (Math.min(...sides) < MIN_SIDE_RATIO * Math.max(...sides)) return 'projected target too skewed'
  return null
}

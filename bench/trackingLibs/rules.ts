/**
 * Acceptance rules every pipeline applies, copied from src/tracking/PlanarTracker.ts so that a
 * library is not credited (or blamed) for a looser or stricter check than ours.
 */
import { plausibleQuad, projectCorners, type Mat3 } from '../../src/tracking/homography'

/** Detection: RANSAC inliers needed, absolute and as a share of the matches. */
export const DETECT_MIN_INLIERS = 8
export const DETECT_MIN_SHARE = 0.15
/** Detection: Hamming distance cap and Lowe ratio (PlanarTracker: 70, 0.85). */
export const MATCH_MAX_DISTANCE = 70
export const MATCH_RATIO = 0.85
/** RANSAC reprojection thresholds (px at the working size): detection 4, flow refit 2. */
export const DETECT_RANSAC_PX = 4
export const FLOW_RANSAC_PX = 2
export const DETECT_RANSAC_ITERATIONS = 600
export const FLOW_RANSAC_ITERATIONS = 120
/** Flow refit: inliers needed, absolute and as a share of the points tried. */
export const FLOW_MIN_INLIERS = 10
export const FLOW_MIN_SHARE = 0.3
/** Feature budgets: frame level 0 and level 1 (half size); the reference per √2 scale step. */
export const FRAME_FEATURES = 1400
export const FRAME_FEATURES_HALF = 700
export const REFERENCE_FEATURES_PER_SCALE = 180
/** Optical flow: 11×11 window, 4 pyramid levels, 10 iterations (src/tracking/templateFlow.ts). */
export const FLOW_WINDOW = 11
export const FLOW_LEVELS = 4
export const FLOW_ITERATIONS = 10
/** Tracking points per reference pyramid level. */
export const TRACK_POINTS = 120
/** Longest side of the reference's level 0 (ReferenceTarget's default). */
export const REFERENCE_MAX_SIDE = 512

/** Corners convex, not mirrored, at least ~1 % of a 480-px frame, at most 40× its area. */
export function plausible(h: Mat3, width: number, height: number): boolean {
  return plausibleQuad(projectCorners(h, width, height), 400, 1e7)
}

/** Frame pixels per reference pixel near (x, y): √|det J| (templateFlow's localScale). */
export { localScale } from '../../src/tracking/templateFlow'

/** The reference pyramid level whose resolution matches `pixelsPerRef` (ReferenceTarget.levelFor). */
export function levelFor(pixelsPerRef: number, levels: number): number {
  const k = Math.floor(Math.log2(1 / Math.max(1e-6, pixelsPerRef)))
  return Math.max(0, Math.min(levels - 1, k))
}

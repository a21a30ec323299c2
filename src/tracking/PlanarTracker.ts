/**
 * Finds and follows one flat print through camera frames. Two modes:
 * - **detect**: ORB features of the frame matched to the reference's, a RANSAC homography, then
 *   one optical-flow pass from it so the first pose is as exact as every later one;
 * - **track**: optical flow of the reference's own texture from the predicted pose
 *   (constant-velocity), then a RANSAC refit. Falls back to detect when too few points agree.
 * Pure computation on grey images: it runs in the tracking worker and in unit tests unchanged.
 */
import { buildPyramid, type GreyImage } from './GreyImage'
import { invert3, multiply3, plausibleQuad, projectCorners, ransacHomography, type Mat3 } from './homography'
import { detectFeatures, matchFeatures } from './orb'
import type { ReferenceTarget } from './ReferenceTarget'
import { trackTemplates } from './templateFlow'

export type TrackerMode = 'tracking' | 'lost'

export interface TrackerOptions {
  /** Frame pyramid levels for optical flow. @default 4 */
  pyramidLevels?: number
  /** ORB features per detection frame (a cluttered background takes most of them). @default 1400 */
  detectFeatures?: number
  /** Correspondences the flow refit needs (and at least this share of the points it tried). @default 10 */
  minInliers?: number
  /** @default 0.3 */
  minInlierShare?: number
  /** Seeded RANSAC in tests. @default Math.random */
  random?: () => number
}

export interface TrackStep {
  mode: TrackerMode
  /** Reference → frame homography (level-0 frame pixels), or null when lost. */
  h: Mat3 | null
  /** TL, TR, BR, BL of the print in frame pixels, or null. */
  corners: [number, number][] | null
  /** How this frame was handled. */
  method: 'flow' | 'detect' | 'none'
  inliers: number
  /** Milliseconds spent. */
  ms: number
}

export class PlanarTracker {
  readonly reference: ReferenceTarget
  #options: Required<TrackerOptions>
  /** Last two poses, for the constant-velocity prediction. */
  #h: Mat3 | null = null
  #previous: Mat3 | null = null
  /** The last pose before the track was lost: tried first when the print comes back. */
  #lastSeen: Mat3 | null = null

  constructor(reference: ReferenceTarget, options: TrackerOptions = {}) {
    this.reference = reference
    this.#options = {
      pyramidLevels: options.pyramidLevels ?? 4,
      detectFeatures: options.detectFeatures ?? 1400,
      minInliers: options.minInliers ?? 10,
      minInlierShare: options.minInlierShare ?? 0.3,
      random: options.random ?? Math.random,
    }
  }

  get tracking(): boolean {
    return this.#h !== null
  }

  /** Forgets the pose (a new target, or a reset from the app). */
  reset(): void {
    this.#h = null
    this.#previous = null
    this.#lastSeen = null
  }

  /**
   * A pose where the print probably is (e.g. where the recognizer saw it): tried with optical flow
   * before a full detection on the next frame.
   */
  hint(h: Mat3): void {
    this.#lastSeen = h
  }

  process(frame: GreyImage): TrackStep {
    const started = now()
    const pyramid = buildPyramid(frame, this.#options.pyramidLevels, 12)
    // The last frame's pose, if it had one: whatever finds the print now, the motion since then
    // feeds the next prediction.
    const before = this.#h
    if (before) {
      const predicted = this.#predict()
      const refined = this.#flow(pyramid, predicted) ?? (predicted !== before ? this.#flow(pyramid, before) : null)
      if (refined) return this.#accept(refined.h, 'flow', refined.inliers, started, before)
      this.#lastSeen = before
      this.#h = null
      this.#previous = null
    }
    // Lost: where it was last is the cheapest guess, then a full search.
    if (this.#lastSeen) {
      const again = this.#flow(pyramid, this.#lastSeen)
      if (again) return this.#accept(again.h, 'flow', again.inliers, started, before)
    }
    const found = this.#detect(pyramid)
    if (found) {
      const refined = this.#flow(pyramid, found.h)
      if (refined) return this.#accept(refined.h, 'detect', refined.inliers, started, before)
    }
    return { mode: 'lost', h: null, corners: null, method: found ? 'detect' : 'none', inliers: 0, ms: now() - started }
  }

  #accept(h: Mat3, method: 'flow' | 'detect', inliers: number, started: number, previous: Mat3 | null): TrackStep {
    this.#previous = previous
    this.#h = h
    this.#lastSeen = h
    return {
      mode: 'tracking',
      h,
      corners: projectCorners(h, this.reference.width, this.reference.height),
      method,
      inliers,
      ms: now() - started,
    }
  }

  /** Constant velocity: the last frame-to-frame motion applied once more. */
  #predict(): Mat3 {
    const h = this.#h!
    const previous = this.#previous
    if (!previous) return h
    const back = invert3(previous)
    if (!back) return h
    const predicted = multiply3(multiply3(h, back), h)
    return this.#plausible(predicted) ? predicted : h
  }

  #flow(pyramid: GreyImage[], h: Mat3): { h: Mat3; inliers: number } | null {
    const flow = trackTemplates(pyramid, h, this.reference)
    const { minInliers, minInlierShare } = this.#options
    if (flow.count < minInliers) return null
    const fit = ransacHomography(flow.src, flow.dst, {
      threshold: 2,
      maxIterations: 120,
      random: this.#options.random,
      accept: (m) => this.#plausible(m),
    })
    if (!fit || fit.inlierCount < minInliers || fit.inlierCount < minInlierShare * flow.tried) return null
    return { h: fit.h, inliers: fit.inlierCount }
  }

  #detect(pyramid: GreyImage[]): { h: Mat3; inliers: number } | null {
    // Level 0 finds small and mid-sized prints (the reference's own √2 scales cover 15–100 % of
    // the frame's width); level 1, tried only when that fails, the ones that fill the view.
    for (let level = 0; level < Math.min(2, pyramid.length); level++) {
      const found = this.#detectAt(
        pyramid[level]!,
        2 ** level,
        level === 0 ? this.#options.detectFeatures : this.#options.detectFeatures / 2,
      )
      if (found) return found
    }
    return null
  }

  #detectAt(image: GreyImage, scale: number, maxFeatures: number): { h: Mat3; inliers: number } | null {
    const reference = this.reference
    const features = detectFeatures(image, { maxFeatures })
    if (features.count < 8) return null
    const matches = matchFeatures(features, reference.features, 70, 0.85, reference.featurePositions)
    if (matches.length < 8) return null
    const src = new Float32Array(matches.length * 2)
    const dst = new Float32Array(matches.length * 2)
    matches.forEach((m, k) => {
      src[2 * k] = reference.featurePositions[2 * m.train]!
      src[2 * k + 1] = reference.featurePositions[2 * m.train + 1]!
      dst[2 * k] = features.points[2 * m.query]! * scale
      dst[2 * k + 1] = features.points[2 * m.query + 1]! * scale
    })
    const fit = ransacHomography(src, dst, {
      threshold: 4 * scale,
      maxIterations: 600,
      random: this.#options.random,
      accept: (m) => this.#plausible(m),
    })
    return fit && fit.inlierCount >= 8 && fit.inlierCount >= 0.15 * matches.length ? { h: fit.h, inliers: fit.inlierCount } : null
  }

  /** Corners convex, not mirrored, at least ~1 % of a 480-px frame, at most 40× its area. */
  #plausible(h: Mat3): boolean {
    return plausibleQuad(projectCorners(h, this.reference.width, this.reference.height), 400, 1e7)
  }
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now()
}

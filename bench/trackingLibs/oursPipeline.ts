/**
 * Our own TypeScript (src/tracking) behind the Pipeline interface: the same calls PlanarTracker
 * makes in #detect and #flow (those are private, so their few lines are repeated here; the
 * 'ours-shipped' run drives PlanarTracker itself and shows the repetition is faithful).
 */
import { buildPyramid, type GreyImage } from '../../src/tracking/GreyImage'
import { ransacHomography, type Mat3 } from '../../src/tracking/homography'
import { detectFeatures, matchFeatures } from '../../src/tracking/orb'
import { ReferenceTarget } from '../../src/tracking/ReferenceTarget'
import { trackTemplates } from '../../src/tracking/templateFlow'
import type { Fit, Pipeline } from './pipeline'
import * as rules from './rules'

export class OursPipeline implements Pipeline {
  readonly name: string = 'ours'
  /** Milliseconds per stage and call, to see where the time goes (bench JSON: stagesMs). */
  readonly stages: Record<string, number[]> = {}
  #reference: ReferenceTarget | null = null
  /** The last frame's pyramid: detection and flow on one frame share it, as in PlanarTracker. */
  #pyramidOf: GreyImage | null = null
  #pyramid: GreyImage[] = []

  async init(reference: GreyImage): Promise<void> {
    this.#reference = new ReferenceTarget(reference, { maxSide: rules.REFERENCE_MAX_SIDE })
  }

  detect(frame: GreyImage): Fit | null {
    const reference = this.#reference!
    const pyramid = this.#pyramidFor(frame)
    for (let level = 0; level < Math.min(2, pyramid.length); level++) {
      const image = pyramid[level]!
      const features = this.#timed('detectFeatures', () =>
        detectFeatures(image, { maxFeatures: level === 0 ? rules.FRAME_FEATURES : rules.FRAME_FEATURES_HALF }),
      )
      if (features.count < 8) continue
      const matches = this.#timed('matchFeatures', () =>
        matchFeatures(features, reference.features, rules.MATCH_MAX_DISTANCE, rules.MATCH_RATIO, reference.featurePositions),
      )
      if (matches.length < 8) continue
      const scale = 2 ** level
      const src = new Float32Array(matches.length * 2)
      const dst = new Float32Array(matches.length * 2)
      matches.forEach((m, k) => {
        src[2 * k] = reference.featurePositions[2 * m.train]!
        src[2 * k + 1] = reference.featurePositions[2 * m.train + 1]!
        dst[2 * k] = features.points[2 * m.query]! * scale
        dst[2 * k + 1] = features.points[2 * m.query + 1]! * scale
      })
      const fit = this.#timed('detectRansac', () =>
        ransacHomography(src, dst, {
          threshold: rules.DETECT_RANSAC_PX * scale,
          maxIterations: rules.DETECT_RANSAC_ITERATIONS,
          accept: (m) => rules.plausible(m, reference.width, reference.height),
        }),
      )
      // Half size only when full size found nothing (PlanarTracker since 9a3a3bc on track).
      if (fit && fit.inlierCount >= rules.DETECT_MIN_INLIERS && fit.inlierCount >= rules.DETECT_MIN_SHARE * matches.length)
        return { h: fit.h, inliers: fit.inlierCount }
    }
    return null
  }

  track(frame: GreyImage, _previous: GreyImage, h: Mat3, predicted: Mat3): Fit | null {
    const pyramid = this.#pyramidFor(frame)
    return this.#flow(pyramid, predicted) ?? (predicted !== h ? this.#flow(pyramid, h) : null)
  }

  refine(frame: GreyImage, h: Mat3): Fit | null {
    return this.#flow(this.#pyramidFor(frame), h)
  }

  #flow(pyramid: GreyImage[], h: Mat3): Fit | null {
    const reference = this.#reference!
    const flow = this.#timed('trackTemplates', () => trackTemplates(pyramid, h, reference))
    if (flow.count < rules.FLOW_MIN_INLIERS) return null
    const fit = this.#timed('flowRansac', () =>
      ransacHomography(flow.src, flow.dst, {
        threshold: rules.FLOW_RANSAC_PX,
        maxIterations: rules.FLOW_RANSAC_ITERATIONS,
        accept: (m) => rules.plausible(m, reference.width, reference.height),
      }),
    )
    if (!fit || fit.inlierCount < rules.FLOW_MIN_INLIERS || fit.inlierCount < rules.FLOW_MIN_SHARE * flow.tried) return null
    return { h: fit.h, inliers: fit.inlierCount }
  }

  #timed<T>(stage: string, f: () => T): T {
    const started = performance.now()
    const out = f()
    ;(this.stages[stage] ??= []).push(performance.now() - started)
    return out
  }

  #pyramidFor(frame: GreyImage): GreyImage[] {
    if (this.#pyramidOf !== frame) {
      this.#pyramid = this.#timed('buildPyramid', () => buildPyramid(frame, rules.FLOW_LEVELS, 12))
      this.#pyramidOf = frame
    }
    return this.#pyramid
  }
}

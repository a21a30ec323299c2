import { decodeImage, type GreyImage } from './decodeImage.ts'
import { extractFeatures, type Features, featureCount } from './extractFeatures.ts'
import type { OpenCv } from './loadOpenCv.ts'
import { selfSimilarity } from './selfSimilarity.ts'
import { withTiltedViews } from './tiltedViews.ts'
import { withVerificationFeatures } from './verificationFeatures.ts'
import {
  QUERY_MAX_SIDE_PX,
  QUERY_MIN_SIDE_PX,
  QUERY_NFEATURES,
  QUERY_RETRY_BELOW,
  QUERY_RETRY_FAST_THRESHOLD,
  REPETITIVE_BELOW,
  REPETITIVE_NFEATURES,
  REPETITIVE_TILT_NFEATURES,
  TARGET_MAX_SIDE_PX,
  TARGET_NFEATURES,
} from './tuning.ts'

/**
 * A search's query features, as every search path computes them (the engine's workers, the
 * benchmarks): decoded and resized so the long side is within [QUERY_MIN_SIDE_PX,
 * QUERY_MAX_SIDE_PX], then ORB. Timed in its two halves for the engine's timings.
 */
export async function queryFeatures(cv: OpenCv, image: Uint8Array): Promise<{ features: Features; decodeMs: number; extractMs: number }> {
  const t0 = performance.now()
  const grey = await decodeImage(image, QUERY_MAX_SIDE_PX, QUERY_MIN_SIDE_PX)
  const t1 = performance.now()
  let features = extractFeatures(cv, grey, QUERY_NFEATURES)
  if (featureCount(features) < QUERY_RETRY_BELOW) {
    const retry = extractFeatures(cv, grey, QUERY_NFEATURES, QUERY_RETRY_FAST_THRESHOLD)
    if (featureCount(retry) > featureCount(features)) features = retry
  }
  return { features, decodeMs: t1 - t0, extractMs: performance.now() - t1 }
}

/**
 * A target's features from its stored, normalised image (the bytes `normaliseTargetImage` made):
 * the upright ORB features, which the grade reads, and those plus the tilted views' (tiltedViews.ts),
 * which the index and verification use. A repetitive target (text, card spreads: REPETITIVE_BELOW)
 * also gets a richer set after those, for exhaustive verification only (`Features.indexed`).
 */
export async function targetFeatures(
  cv: OpenCv,
  normalised: Uint8Array,
): Promise<{ grey: GreyImage; upright: Features; features: Features }> {
  const grey = await decodeImage(normalised, TARGET_MAX_SIDE_PX)
  const upright = extractFeatures(cv, grey, TARGET_NFEATURES)
  const features = withTiltedViews(cv, grey, upright)
  if (selfSimilarity(upright) >= REPETITIVE_BELOW) return { grey, upright, features }
  const more = withTiltedViews(cv, grey, extractFeatures(cv, grey, REPETITIVE_NFEATURES), REPETITIVE_TILT_NFEATURES)
  return { grey, upright, features: withVerificationFeatures(features, more) }
}

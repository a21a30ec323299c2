import { type Features, featureCount } from './extractFeatures.ts'
import { descriptorWords, hamming256 } from './hamming.ts'

/** Features closer than this (px) are one spot found at two pyramid levels, not a repetition. */
const SAME_SPOT_PX = 10

/**
 * How alike a target's features are to each other: the median, over its features, of the Hamming
 * distance (of 256 bits) to the nearest feature at another spot. Text and card spreads repeat the
 * same letter and pip corners all over the print; in the realistic benchmark's prints (upright
 * 500 features) text pages measured 42–54, card spreads 43–65, most photographs 60–80. Quadratic
 * in the count: ~2 ms for 500 features, once per target.
 */
export function selfSimilarity(features: Features): number {
  const count = featureCount(features)
  if (count < 2) return 256
  const words = descriptorWords(features.descriptors)
  const points = features.keypoints
  const nearest = new Uint16Array(count)
  for (let i = 0; i < count; i++) {
    let best = 256
    for (let j = 0; j < count; j++) {
      const dx = points[2 * i]! - points[2 * j]!
      const dy = points[2 * i + 1]! - points[2 * j + 1]!
      if (dx * dx + dy * dy < SAME_SPOT_PX * SAME_SPOT_PX) continue
      best = Math.min(best, hamming256(words, i * 8, words, j * 8))
    }
    nearest[i] = best
  }
  return nearest.sort()[count >> 1]!
}

import { type Features, featureCount } from './extractFeatures.ts'
import { descriptorWords, hamming256 } from './hamming.ts'

/** Features closer than this (px) are one spot found at two pyramid levels, not a repetition. */
const SAME_SPOT_PX = 10

/**
 * Per feature, the Hamming distance (of 256 bits) to the nearest feature at least `sameSpotPx`
 * away: how alike the print is to itself there (256 when there is no other feature). Quadratic in
 * the count: ~2 ms for 500 features. `crs grade`'s look-alike measure reads it too.
 */
export function nearestElsewhere(features: Features, sameSpotPx = SAME_SPOT_PX): Uint16Array {
  const count = featureCount(features)
  const words = descriptorWords(features.descriptors)
  const points = features.keypoints
  const nearest = new Uint16Array(count).fill(256)
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      const dx = points[2 * i]! - points[2 * j]!
      const dy = points[2 * i + 1]! - points[2 * j + 1]!
      if (dx * dx + dy * dy < sameSpotPx * sameSpotPx) continue
      nearest[i] = Math.min(nearest[i]!, hamming256(words, i * 8, words, j * 8))
    }
  }
  return nearest
}

/**
 * How alike a target's features are to each other: the median of `nearestElsewhere`. Text and
 * card spreads repeat the same letter and pip corners all over the print; in the realistic
 * benchmark's prints (upright 500 features) text pages measured 42–54, card spreads 43–65, most
 * photographs 60–80. 256 for fewer than two features.
 */
export function selfSimilarity(features: Features): number {
  const nearest = nearestElsewhere(features).sort()
  return nearest.length < 2 ? 256 : nearest[nearest.length >> 1]!
}

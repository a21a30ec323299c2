import type { GreyImage } from './decodeImage.ts'
import type { Features } from './extractFeatures.ts'
import { featureCount } from './extractFeatures.ts'
import type { GradeReport } from './types.ts'
import { TARGET_NFEATURES } from './tuning.ts'

/** Grid used for the spread and contrast measures (EasyAR "trackableFeatureDistribution"). */
const GRID = 4
/** A cell "holds features" when it has at least this many keypoints. */
const MIN_FEATURES_PER_CELL = 3
/** Below this many ORB features a target cannot produce HIT_MIN_INLIERS inliers in a real photo. */
const UNUSABLE_FEATURES = 40
/** Mean per-cell grey standard deviation below this is a flat image (0–255 scale). */
const LOW_CONTRAST = 20
/**
 * …and below this, a misty one, which costs two steps. A misty landscape photo measured 5–6 with
 * 360–410 features in half the grid, most of them in one clump, and graded 2 "good" with the
 * one-step penalty; at that contrast a camera's noise and JPEG leave little of the detail it has.
 * The sample targets measure 27–71, generated posters 27–56.
 */
const VERY_LOW_CONTRAST = 10

/**
 * Detection grade, 0 (easy) … 4 (poor), −1 unusable, from three measures of the normalised target:
 * ORB feature count, how many cells of a 4×4 grid hold features, and mean local contrast.
 */
export function gradeImage(image: GreyImage, features: Features): GradeReport {
  const count = featureCount(features)
  const cells = new Uint32Array(GRID * GRID)
  for (let i = 0; i < count; i++) {
    const cx = Math.min(GRID - 1, Math.floor((features.keypoints[2 * i]! / features.width) * GRID))
    const cy = Math.min(GRID - 1, Math.floor((features.keypoints[2 * i + 1]! / features.height) * GRID))
    cells[cy * GRID + cx]! += 1
  }
  const spread = cells.filter((n) => n >= MIN_FEATURES_PER_CELL).length / cells.length
  const contrast = meanCellStdDev(image)

  const reasons: string[] = []
  let grade = 0
  if (count < UNUSABLE_FEATURES) {
    return { grade: -1, featureCount: count, spread, contrast: round1(contrast), reasons: [`only ${count} features: nothing to recognise`] }
  }
  if (count < TARGET_NFEATURES * 0.3) {
    grade += 2
    reasons.push(`too few features (${count})`)
  } else if (count < TARGET_NFEATURES * 0.7) {
    grade += 1
    reasons.push(`fewer features than ideal (${count})`)
  }
  if (spread < 0.5) {
    grade += 2
    reasons.push(`features bunched in one area (${Math.round(spread * 100)}% of the grid)`)
  } else if (spread < 0.75) {
    grade += 1
    reasons.push(`features unevenly spread (${Math.round(spread * 100)}% of the grid)`)
  }
  if (contrast < VERY_LOW_CONTRAST) {
    grade += 2
    reasons.push(`very low contrast (${round1(contrast)}): what detail there is is faint, and a camera's noise hides it`)
  } else if (contrast < LOW_CONTRAST) {
    grade += 1
    reasons.push(`low contrast (${round1(contrast)})`)
  }
  return { grade: Math.min(4, grade), featureCount: count, spread, contrast: round1(contrast), reasons }
}

function meanCellStdDev({ data, width, height }: GreyImage): number {
  let total = 0
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const x0 = Math.floor((gx * width) / GRID)
      const x1 = Math.floor(((gx + 1) * width) / GRID)
      const y0 = Math.floor((gy * height) / GRID)
      const y1 = Math.floor(((gy + 1) * height) / GRID)
      let sum = 0
      let sumSq = 0
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = data[y * width + x]!
          sum += v
          sumSq += v * v
        }
      }
      const n = Math.max(1, (x1 - x0) * (y1 - y0))
      total += Math.sqrt(Math.max(0, sumSq / n - (sum / n) ** 2))
    }
  }
  return total / (GRID * GRID)
}

function round1(x: number): number {
  return Math.round(x * 10) / 10
}

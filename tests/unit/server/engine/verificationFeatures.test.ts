/**
 * A repetitive target's verification set (selfSimilarity.ts, verificationFeatures.ts), on real
 * pixels: text pages are told from the sample targets, the index still holds exactly the usual
 * features, and small, tilted views of a page verify to more inliers with the richer set (text is
 * most of what the realistic benchmark's engine missed).
 */
import { describe, expect, it } from 'vitest'
import { extractFeatures, featureCount, indexedDescriptors, indexedFeatures } from '../../../../server/src/engine/extractFeatures.ts'
import { decodeImage, normaliseTargetImage } from '../../../../server/src/engine/decodeImage.ts'
import { loadOpenCv } from '../../../../server/src/engine/loadOpenCv.ts'
import { queryFeatures, targetFeatures } from '../../../../server/src/engine/searchFeatures.ts'
import { selfSimilarity } from '../../../../server/src/engine/selfSimilarity.ts'
import { withTiltedViews } from '../../../../server/src/engine/tiltedViews.ts'
import { HIT_MIN_INLIERS, REPETITIVE_BELOW, TARGET_MAX_SIDE_PX, TARGET_NFEATURES } from '../../../../server/src/engine/tuning.ts'
import { verifyMatch } from '../../../../server/src/engine/verifyMatch.ts'
import { makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'
import { assetTargets } from '../../../helpers/sampleTargets.ts'

const cv = await loadOpenCv()
const SEEDS = [3, 7, 11, 19, 23, 29]
const page = (seed: number) => makePoster(seed, { kind: 'text', width: 900, height: 1200 })

describe('repetitive targets', () => {
  it('are text pages, not the sample targets', async () => {
    for (const seed of SEEDS) {
      const { upright } = await targetFeatures(cv, await normaliseTargetImage(await page(seed), TARGET_MAX_SIDE_PX))
      expect(selfSimilarity(upright), `page ${seed}`).toBeLessThan(REPETITIVE_BELOW)
    }
    const samples = assetTargets()
    expect(samples.length).toBeGreaterThan(0)
    for (const { name, png } of samples) {
      const { upright, features } = await targetFeatures(cv, await normaliseTargetImage(png, TARGET_MAX_SIDE_PX))
      expect(selfSimilarity(upright), name).toBeGreaterThanOrEqual(REPETITIVE_BELOW)
      expect(features.indexed, name).toBeUndefined()
    }
  })

  it('keep the usual features first, for the index, and add others at new spots after them', async () => {
    const normalised = await normaliseTargetImage(await page(3), TARGET_MAX_SIDE_PX)
    const { features } = await targetFeatures(cv, normalised)
    const grey = await decodeImage(normalised, TARGET_MAX_SIDE_PX)
    const usual = withTiltedViews(cv, grey, extractFeatures(cv, grey, TARGET_NFEATURES))
    expect(features.indexed).toBe(featureCount(usual))
    expect(indexedDescriptors(features)).toEqual(usual.descriptors)
    expect(features.keypoints.subarray(0, usual.keypoints.length)).toEqual(usual.keypoints)
    expect(featureCount(features)).toBeGreaterThan(2 * featureCount(usual))
    const spots = new Set<string>()
    for (let i = 0; i < featureCount(features); i++) spots.add(`${features.keypoints[2 * i]},${features.keypoints[2 * i + 1]}`)
    // Tilted views can map two corners onto one spot; the richer set adds none of its own twice.
    expect(spots.size).toBeGreaterThan(featureCount(features) * 0.97)
  })

  it('let small, tilted views of a text page verify to more inliers than the indexed features alone', async () => {
    let indexedViews = 0
    let allViews = 0
    let indexedInliers = 0
    let allInliers = 0
    for (const seed of SEEDS) {
      const poster = await page(seed)
      const { features } = await targetFeatures(cv, await normaliseTargetImage(poster, TARGET_MAX_SIDE_PX))
      for (const [coverage, tiltDeg] of [
        [0.3, 30],
        [0.5, 45],
      ] as const) {
        const photo = await makeQueryPhoto(poster, {
          seed,
          width: 450,
          height: 800,
          coverage,
          tiltDeg: tiltDeg + (seed % 6),
          blur: 0.8,
          jpegQuality: 60,
        })
        const { features: query } = await queryFeatures(cv, photo)
        const before = verifyMatch(cv, query, indexedFeatures(features)).inliers
        const after = verifyMatch(cv, query, features).inliers
        indexedInliers += before
        allInliers += after
        if (before >= HIT_MIN_INLIERS) indexedViews++
        if (after >= HIT_MIN_INLIERS) allViews++
      }
    }
    console.log(`12 text views: ${indexedViews} → ${allViews} reach ${HIT_MIN_INLIERS} inliers; inliers ${indexedInliers} → ${allInliers}`)
    // Measured: 8 → 12 views, 428 → 636 inliers (opencv.js); 7 → 12, 385 → 622 (native).
    expect(allViews).toBeGreaterThanOrEqual(indexedViews + 2)
    expect(allInliers).toBeGreaterThan(indexedInliers * 1.3)
  })
})

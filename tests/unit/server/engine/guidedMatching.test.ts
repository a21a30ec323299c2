/**
 * Guided matching (guidedPairs.ts, verifyMatch.ts `guided`), on real pixels: text posters seen at
 * 42° verify to a few tens of inliers from ratio-tested matches, because their repeated letters
 * fail Lowe's test; once those fix the geometry, the letters' positions tell them apart. Wrong
 * targets — other text posters in the same fonts — must stay far below.
 */
import { describe, expect, it } from 'vitest'
import { normaliseTargetImage } from '../../../../server/src/engine/decodeImage.ts'
import type { Features } from '../../../../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../../../../server/src/engine/loadOpenCv.ts'
import { queryFeatures, targetFeatures } from '../../../../server/src/engine/searchFeatures.ts'
import { GUIDED_MIN_INLIERS, HIT_MIN_RATIO_TO_RUNNER_UP, TARGET_MAX_SIDE_PX } from '../../../../server/src/engine/tuning.ts'
import { verifyMatch } from '../../../../server/src/engine/verifyMatch.ts'
import { makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'

const cv = await loadOpenCv()

async function textTarget(seed: number): Promise<Features> {
  return (await targetFeatures(cv, await normaliseTargetImage(await makePoster(seed, { kind: 'text' }), TARGET_MAX_SIDE_PX))).features
}

describe('guided matching', () => {
  it('grows a steep text view from a few tens of inliers to well past them, and wrong text posters stay far behind', async () => {
    const seeds = [1, 12, 14]
    const others = await Promise.all([2, 3, 5, 9, 10].map(textTarget))
    let plainSum = 0
    let guidedSum = 0
    for (const seed of seeds) {
      const poster = await makePoster(seed, { kind: 'text' })
      const photo = await makeQueryPhoto(poster, { seed, width: 800, height: 450, coverage: 0.22, tiltDeg: 42, blur: 1, jpegQuality: 60 })
      const { features: query } = await queryFeatures(cv, photo)
      const target = await textTarget(seed)
      const plain = verifyMatch(cv, query, target, { guide: false })
      const guided = verifyMatch(cv, query, target)
      const wrong = Math.max(...others.map((o) => verifyMatch(cv, query, o).inliers))
      console.log(`seed ${seed}: ${plain.inliers} → ${guided.inliers} inliers guided; best wrong poster ${wrong}`)
      expect(plain.inliers).toBeGreaterThanOrEqual(GUIDED_MIN_INLIERS)
      expect(guided.unguided).toBe(plain.inliers)
      expect(guided.inliers).toBeGreaterThan(plain.inliers)
      expect(guided.inliers).toBeGreaterThanOrEqual(HIT_MIN_RATIO_TO_RUNNER_UP * 2 * wrong)
      plainSum += plain.inliers
      guidedSum += guided.inliers
    }
    // Measured: 22 → 51, 25 → 84, 43 → 154 (90 → 289); wrong posters 0–11.
    expect(guidedSum).toBeGreaterThanOrEqual(2 * plainSum)
  })

  it('leaves a fit under GUIDED_MIN_INLIERS as it was', async () => {
    const seed = 8
    const photo = await makeQueryPhoto(await makePoster(seed, { kind: 'text' }), {
      seed,
      width: 800,
      height: 450,
      coverage: 0.22,
      tiltDeg: 42,
      blur: 1,
      jpegQuality: 60,
    })
    const { features: query } = await queryFeatures(cv, photo)
    const target = await textTarget(seed)
    const plain = verifyMatch(cv, query, target, { guide: false })
    expect(plain.inliers).toBeLessThan(GUIDED_MIN_INLIERS)
    expect(verifyMatch(cv, query, target)).toEqual(plain)
  })
})

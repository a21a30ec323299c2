/**
 * Exhaustive verification's second estimator (verifyMatch.ts `homographyInliers`), on real pixels:
 * a steep view of a text poster, whose repeated letters crowd the head of the ratio-tested matches
 * with wrong pairs, gets no plausible fit from RHO alone and a clear one from USAC_ACCURATE; the
 * same view against 29 other posters in the same font stays below a hit.
 */
import { describe, expect, it } from 'vitest'
import { normaliseTargetImage } from '../../../../server/src/engine/decodeImage.ts'
import type { Features } from '../../../../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../../../../server/src/engine/loadOpenCv.ts'
import { nativeCv } from '../../../../server/src/engine/nativeCv.ts'
import { queryFeatures, targetFeatures } from '../../../../server/src/engine/searchFeatures.ts'
import { HIT_MIN_INLIERS, HIT_MIN_RATIO_TO_RUNNER_UP, TARGET_MAX_SIDE_PX } from '../../../../server/src/engine/tuning.ts'
import { verifyMatch } from '../../../../server/src/engine/verifyMatch.ts'
import { makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'

const cv = await loadOpenCv()
/** Text posters 1–30 (one generator, one font), as stored. */
const posters = new Map<number, Features>()
for (let seed = 1; seed <= 30; seed++) {
  const image = await normaliseTargetImage(await makePoster(seed, { kind: 'text' }), TARGET_MAX_SIDE_PX)
  posters.set(seed, (await targetFeatures(cv, image)).features)
}

async function steepView(seed: number, tiltDeg: number): Promise<Features> {
  const photo = await makeQueryPhoto(await makePoster(seed, { kind: 'text' }), {
    seed,
    width: 800,
    height: 450,
    coverage: 0.35,
    tiltDeg,
    blur: 1,
    jpegQuality: 60,
  })
  return (await queryFeatures(cv, photo)).features
}

describe('verifyMatch', () => {
  it.each([
    [9, 40],
    [16, 40],
    [25, 50],
  ])('finds text poster %i seen at %i° (RHO alone misses it in opencv.js), and no other poster in its font', async (seed, tiltDeg) => {
    const query = await steepView(seed, tiltDeg)
    const own = posters.get(seed)!
    const rhoAlone = verifyMatch(cv, query, own, { secondEstimator: false })
    const both = verifyMatch(cv, query, own)
    const others = [...posters].filter(([s]) => s !== seed).map(([, target]) => verifyMatch(cv, query, target).inliers)
    const runnerUp = Math.max(...others)
    console.log(
      `text ${seed} at ${tiltDeg}°: RHO ${rhoAlone.inliers} (${rhoAlone.rejected}), with USAC ${both.inliers}; best other ${runnerUp}`,
    )
    // Measured in opencv.js: RHO 0 (a strip, a fold) → 55 / 59 / 69, other posters ≤ 18. Native
    // OpenCV 4.6's RHO settles on other fits than opencv.js 4.12's (nativeCv.ts) and finds these
    // three alone (52 / 51 / 64; others ≤ 19).
    if (!nativeCv()) expect(rhoAlone.inliers).toBeLessThan(HIT_MIN_INLIERS)
    expect(both.inliers).toBeGreaterThanOrEqual(HIT_MIN_INLIERS)
    expect(runnerUp).toBeLessThan(HIT_MIN_INLIERS)
    expect(both.inliers).toBeGreaterThanOrEqual(HIT_MIN_RATIO_TO_RUNNER_UP * runnerUp)
  })

  it('keeps RHO alone where it already finds a hit (the second estimator runs on near misses only)', async () => {
    const poster = await makePoster(3, { kind: 'poster' })
    const target = (await targetFeatures(cv, await normaliseTargetImage(poster, TARGET_MAX_SIDE_PX))).features
    const photo = await makeQueryPhoto(poster, { seed: 3, width: 800, height: 450, coverage: 0.4, tiltDeg: 15, blur: 0.5, jpegQuality: 75 })
    const { features: query } = await queryFeatures(cv, photo)
    const rhoAlone = verifyMatch(cv, query, target, { secondEstimator: false })
    expect(rhoAlone.inliers).toBeGreaterThanOrEqual(HIT_MIN_INLIERS)
    expect(verifyMatch(cv, query, target)).toEqual(rhoAlone)
  })
})

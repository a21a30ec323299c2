/**
 * The engine's whole search and target path frees what it allocates on opencv.js's heap: a
 * worker runs for days, and its 1 GB wasm heap is never given back. Checked by where the wasm
 * allocator puts a small block, before and after many rounds (it climbs only while blocks are
 * never freed); verifyMatchMemory.test.ts holds the exhaustive match that once leaked.
 */
import { describe, expect, it } from 'vitest'
import { DescriptorIndex } from '../../../../server/src/engine/DescriptorIndex.ts'
import { normaliseTargetImage } from '../../../../server/src/engine/decodeImage.ts'
import { type Features, indexedDescriptors } from '../../../../server/src/engine/extractFeatures.ts'
import { gradeImage } from '../../../../server/src/engine/gradeImage.ts'
import { loadOpenCv } from '../../../../server/src/engine/loadOpenCv.ts'
import { nativeCv } from '../../../../server/src/engine/nativeCv.ts'
import { rankCandidates } from '../../../../server/src/engine/rankCandidates.ts'
import { queryFeatures, targetFeatures } from '../../../../server/src/engine/searchFeatures.ts'
import { TARGET_MAX_SIDE_PX, VERIFY_TOP_K } from '../../../../server/src/engine/tuning.ts'
import { wasmHeapTop } from '../../../helpers/wasmHeap.ts'
import { makeClutterScene, makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'

const cv = await loadOpenCv()

describe('the engine on opencv.js', () => {
  it.skipIf(nativeCv() !== null)('leaves the wasm heap where it was after searches, hits and misses, and target extraction', async () => {
    const posters = await Promise.all([1, 2, 3].map((seed) => makePoster(seed)))
    const index = new DescriptorIndex()
    const targets = new Map<string, Features>()
    const normalised: Uint8Array[] = []
    for (const [i, png] of posters.entries()) {
      const image = await normaliseTargetImage(png, TARGET_MAX_SIDE_PX)
      normalised.push(image)
      const { features } = await targetFeatures(cv, image)
      index.upsert(`t${i}`, indexedDescriptors(features), true)
      targets.set(`t${i}`, features)
    }
    const hit = await makeQueryPhoto(posters[0]!, {
      seed: 1,
      width: 800,
      height: 450,
      coverage: 0.35,
      tiltDeg: 20,
      blur: 1,
      jpegQuality: 60,
    })
    // No print in view, and a dim one: the paths through the dim-frame retry and the fallback.
    const miss = await makeClutterScene({ seed: 4, width: 800, height: 450 })
    const dim = await makeQueryPhoto(posters[1]!, {
      seed: 2,
      width: 800,
      height: 450,
      coverage: 0.2,
      tiltDeg: 35,
      blur: 2.5,
      jpegQuality: 55,
      brightness: -70,
      contrast: 0.35,
    })
    const round = async () => {
      for (const photo of [hit, miss, dim]) {
        const { features } = await queryFeatures(cv, photo)
        rankCandidates(cv, index, targets, features, { topK: VERIFY_TOP_K, activeOnly: true })
        rankCandidates(cv, index, targets, features, { topK: VERIFY_TOP_K, activeOnly: true, exhaustive: true })
      }
      const { grey, upright } = await targetFeatures(cv, normalised[2]!)
      gradeImage(grey, upright)
    }
    await round() // the allocator's first use of each size
    const before = wasmHeapTop(cv)
    for (let i = 0; i < 5; i++) await round()
    const grown = wasmHeapTop(cv) - before
    console.log(`heap top moved ${grown} bytes over 5 rounds`)
    // Measured: 0 bytes; with the ratio test's old leak (knn rows never freed), 3.9 MB.
    expect(grown).toBeLessThan(256 * 1024)
  })
})

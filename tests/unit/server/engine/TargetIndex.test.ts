/**
 * A worker's library (TargetIndex.ts, what engineWorker applies the main thread's broadcasts to):
 * the candidate index holds only a target's indexed features, verification gets them all, and
 * activation and removal reach both.
 */
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../../server/src/engine/DescriptorIndex.ts'
import type { Features } from '../../../../server/src/engine/extractFeatures.ts'
import { TargetIndex } from '../../../../server/src/engine/TargetIndex.ts'

const BYTES = 32
const COUNT = 200
const INDEXED = 120

/** Random descriptors: any two are ~128 bits apart, far beyond the index's 64-bit vote radius. */
function features(seed: number, indexed?: number): Features {
  const random = mulberry32(seed)
  return {
    width: 640,
    height: 480,
    keypoints: Float32Array.from({ length: COUNT * 2 }, () => random() * 480),
    descriptors: Uint8Array.from({ length: COUNT * BYTES }, () => Math.floor(random() * 256)),
    ...(indexed === undefined ? {} : { indexed }),
  }
}

/** Descriptors `from`..`to` of a feature set, as a query. */
const slice = (f: Features, from: number, to: number) => f.descriptors.slice(from * BYTES, to * BYTES)
const search = (library: TargetIndex, query: Uint8Array) => library.index.query(query, { limit: 8, activeOnly: true })

describe('TargetIndex', () => {
  it('indexes only the indexed features of a target that has a verification set, and keeps them all for verification', () => {
    const library = new TargetIndex()
    const page = features(1, INDEXED)
    library.apply({ type: 'upsert', targetId: 'page', active: true, features: page })
    expect(library.targets.get('page')).toBe(page)

    const [hit] = search(library, slice(page, 0, INDEXED))
    expect(hit?.id).toBe('page')
    expect(hit?.pairs.length).toBe(2 * INDEXED)
    // The verification set's own descriptors are not in the index: they find nothing.
    expect(search(library, slice(page, INDEXED, COUNT))).toEqual([])
  })

  it('indexes every feature of a target without the mark', () => {
    const library = new TargetIndex()
    const photo = features(2)
    library.apply({ type: 'upsert', targetId: 'photo', active: true, features: photo })
    expect(search(library, slice(photo, INDEXED, COUNT))[0]?.pairs.length).toBe(2 * (COUNT - INDEXED))
  })

  it('applies activation and removal to the index and the feature sets', () => {
    const library = new TargetIndex()
    const page = features(3, INDEXED)
    library.apply({ type: 'upsert', targetId: 'page', active: true, features: page })
    library.apply({ type: 'setActive', targetId: 'page', active: false })
    expect(search(library, slice(page, 0, 10))).toEqual([])
    library.apply({ type: 'setActive', targetId: 'page', active: true })
    expect(search(library, slice(page, 0, 10))[0]?.id).toBe('page')
    library.apply({ type: 'remove', targetId: 'page' })
    expect(search(library, slice(page, 0, 10))).toEqual([])
    expect(library.targets.has('page')).toBe(false)
  })
})

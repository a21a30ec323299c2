/**
 * The native fast path (server/native, `npm run build:native`) against opencv.js on the same real
 * pixels: the same ORB keypoints, nearly the same descriptors, and the same verification verdicts,
 * so targets stored by one path are found by the other. Run with CRS_NATIVE=1 after
 * `npm run build:native`; otherwise the engine must run on opencv.js.
 */
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../../server/src/engine/decodeImage.ts'
import { loadOpenCv } from '../../../../server/src/engine/loadOpenCv.ts'
import { NATIVE_ADDON, nativeCv } from '../../../../server/src/engine/nativeCv.ts'
import { makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'
import { existsSync } from 'node:fs'

describe('native OpenCV path', () => {
  it('loads exactly when it is built and asked for (CRS_NATIVE=1)', () => {
    expect(nativeCv() !== null).toBe(existsSync(NATIVE_ADDON) && process.env.CRS_NATIVE === '1')
  })

  it.runIf(nativeCv() !== null)('gives the keypoints and (within rounding) the descriptors of opencv.js', async () => {
    const cv = await loadOpenCv()
    const native = nativeCv()!
    const grey = await decodeImage(await makePoster(5), 640)
    const mat = cv.matFromArray(grey.height, grey.width, cv.CV_8UC1, grey.data)
    const orb = new cv.ORB(500)
    const kps = new cv.KeyPointVector()
    const desc = new cv.Mat()
    const none = new cv.Mat()
    orb.detectAndCompute(mat, none, kps, desc)
    const wasm = Array.from({ length: desc.rows }, (_, i) => ({
      x: kps.get(i).pt.x as number,
      y: kps.get(i).pt.y as number,
      d: desc.data.slice(i * 32, i * 32 + 32) as Uint8Array,
    }))
    for (const m of [mat, orb, kps, desc, none]) m.delete()

    const n = native.orb(grey.data, grey.width, grey.height, 500, 8, 1.2, 20)
    const count = n.keypoints.length / 6
    expect(count).toBe(wasm.length)
    let sameDescriptor = 0
    for (let i = 0; i < count; i++) {
      // At the same position (several pyramid levels can share one), the closest descriptor.
      const twins = wasm.filter((w) => Math.hypot(w.x - n.keypoints[6 * i]!, w.y - n.keypoints[6 * i + 1]!) < 0.01)
      expect(twins.length, `keypoint ${i}`).toBeGreaterThan(0)
      const distance = (d: Uint8Array) => d.reduce((sum, byte, b) => sum + popcount(byte ^ n.descriptors[i * 32 + b]!), 0)
      const bits = Math.min(...twins.map((t) => distance(t.d)))
      if (bits === 0) sameDescriptor++
      expect(bits).toBeLessThanOrEqual(16)
    }
    expect(sameDescriptor / count).toBeGreaterThan(0.9)
  })

  it.runIf(nativeCv() !== null)('fits the same homography as opencv.js to a photo of a poster', async () => {
    const cv = await loadOpenCv()
    const native = nativeCv()!
    const poster = await decodeImage(await makePoster(9), 640)
    const photo = await decodeImage(
      await makeQueryPhoto(await makePoster(9), {
        seed: 3,
        width: 1280,
        height: 720,
        coverage: 0.4,
        tiltDeg: 20,
        blur: 1,
        jpegQuality: 70,
      }),
      1280,
    )
    const t = native.orb(poster.data, poster.width, poster.height, 500, 8, 1.2, 20)
    const q = native.orb(photo.data, photo.width, photo.height, 1500, 8, 1.2, 20)
    const knn = native.knn2(q.descriptors, t.descriptors)
    const src: number[] = []
    const dst: number[] = []
    for (let i = 0; i < knn.length / 4; i++) {
      if (knn[4 * i]! >= 0 && knn[4 * i + 3]! >= 0 && knn[4 * i + 1]! < 0.8 * knn[4 * i + 3]!) {
        src.push(t.keypoints[6 * knn[4 * i]!]!, t.keypoints[6 * knn[4 * i]! + 1]!)
        dst.push(q.keypoints[6 * i]!, q.keypoints[6 * i + 1]!)
      }
    }
    expect(src.length / 2).toBeGreaterThan(40)
    const mine = native.homography(Float32Array.from(src), Float32Array.from(dst), cv.RHO, 5, 2000, 0.999)
    const s = cv.matFromArray(src.length / 2, 1, cv.CV_32FC2, src)
    const d = cv.matFromArray(dst.length / 2, 1, cv.CV_32FC2, dst)
    const mask = new cv.Mat()
    const h = cv.findHomography(s, d, cv.RHO, 5, mask, 2000, 0.999)
    const theirs = Array.from(h.data64F as Float64Array)
    for (const m of [s, d, mask, h]) m.delete()
    // The same mapping: both homographies send the poster's corners within a few pixels.
    for (const [x, y] of [
      [0, 0],
      [poster.width, 0],
      [poster.width, poster.height],
      [0, poster.height],
    ] as const) {
      const a = project(Array.from(mine.h!), x, y)
      const b = project(theirs, x, y)
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(6)
    }
  })
})

function project(h: number[], x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w]
}

function popcount(v: number): number {
  let n = 0
  for (; v; v &= v - 1) n++
  return n
}

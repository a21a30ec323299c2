import { describe, expect, it } from 'vitest'
import {
  applyH,
  fitHomography,
  invert3,
  multiply3,
  plausibleQuad,
  projectCorners,
  quadArea,
  ransacHomography,
} from '../../../../src/tracking/homography'

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 4294967296
  }
}

const KNOWN = Float64Array.of(0.9, -0.12, 130, 0.08, 1.05, 40, 0.0004, -0.0002, 1)

describe('homography', () => {
  it('fits a known homography exactly from four pairs and from many', () => {
    const src = Float64Array.of(0, 0, 300, 0, 300, 200, 0, 200, 150, 100, 40, 170, 260, 30)
    const dst = new Float64Array(src.length)
    for (let i = 0; i < src.length; i += 2) dst.set(applyH(KNOWN, src[i]!, src[i + 1]!), i)
    for (const n of [4, 7]) {
      const h = fitHomography(src.subarray(0, 2 * n), dst.subarray(0, 2 * n))!
      for (let k = 0; k < 9; k++) expect(h[k]).toBeCloseTo(KNOWN[k]!, 6)
    }
  })

  it('refuses collinear points', () => {
    const src = Float64Array.of(0, 0, 1, 1, 2, 2, 3, 3)
    expect(fitHomography(src, src)).toBeNull()
  })

  it('inverts and composes', () => {
    const inv = invert3(KNOWN)!
    const id = multiply3(KNOWN, inv)
    for (let k = 0; k < 9; k++) expect(id[k]! / id[8]!).toBeCloseTo(k % 4 === 0 ? 1 : 0, 9)
    expect(invert3(Float64Array.of(1, 2, 3, 2, 4, 6, 0, 0, 1))).toBeNull()
  })

  it('RANSAC recovers the model with 40 % outliers and marks them', () => {
    const random = seeded(7)
    const n = 100
    const src = new Float64Array(2 * n)
    const dst = new Float64Array(2 * n)
    const outlier = new Set<number>()
    for (let i = 0; i < n; i++) {
      src[2 * i] = random() * 400
      src[2 * i + 1] = random() * 300
      const p = applyH(KNOWN, src[2 * i]!, src[2 * i + 1]!)
      if (i % 5 < 2) {
        outlier.add(i)
        dst[2 * i] = random() * 640
        dst[2 * i + 1] = random() * 480
      } else {
        dst[2 * i] = p[0]! + (random() - 0.5) * 0.6
        dst[2 * i + 1] = p[1]! + (random() - 0.5) * 0.6
      }
    }
    const fit = ransacHomography(src, dst, { threshold: 2, random: seeded(1) })!
    expect(fit.inlierCount).toBeGreaterThanOrEqual(58)
    for (const i of outlier) expect(fit.inliers[i]).toBe(0)
    for (const [x, y] of [
      [0, 0],
      [400, 300],
      [200, 150],
    ] as const) {
      const a = applyH(fit.h, x, y)
      const b = applyH(KNOWN, x, y)
      expect(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!)).toBeLessThan(0.5)
    }
  })

  it('tells a print seen by a camera from a collapsed or mirrored fit', () => {
    const corners = projectCorners(KNOWN, 300, 200)
    expect(plausibleQuad(corners, 100)).toBe(true)
    expect(
      quadArea([
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ).toBe(100)
    const mirrored = corners.map(([x, y]) => [-x, y] as [number, number])
    expect(plausibleQuad(mirrored, 100)).toBe(false)
    const bowtie: [number, number][] = [
      [0, 0],
      [100, 100],
      [100, 0],
      [0, 100],
    ]
    expect(plausibleQuad(bowtie, 1)).toBe(false)
    expect(plausibleQuad(corners, 1e9)).toBe(false)
  })
})

import type { Features } from './extractFeatures.ts'
import { descriptorWords, hamming256 } from './hamming.ts'
import { GUIDED_LOCAL_RATIO } from './tuning.ts'

/** Projections closer than this (L1, px) are one spot of the print seen in two of its views (tiltedViews.ts). */
const SAME_SPOT_PX = 2

/**
 * Guided matching: given a homography `h` (target → query, row-major 3 × 3), pairs each query
 * feature with the target feature whose projection lies within `radius` px of it and whose
 * descriptor is closest, if that distance is under `maxDistance` bits and under GUIDED_LOCAL_RATIO
 * × the closest among the other spots within the radius (Lowe's test, but only among neighbours
 * the geometry allows). Returns query, target index pairs (as `verifyPairs` takes them), closest
 * first.
 *
 * Why: Lowe's ratio test drops a match whose second neighbour is nearly as close, and on a page of
 * text nearly every corner has a twin (the same letters in the same font elsewhere), so a clear
 * view of a text print keeps 5–15 % of its true matches and verifies to 8–18 inliers, under the
 * hit's 20. Once those few fix the geometry, position tells the twins apart: the same views then
 * verify to 37–250 inliers, while wrong targets (other pages in the same fonts) stay at 0–10.
 */
export function guidedPairs(h: ArrayLike<number>, query: Features, target: Features, radius: number, maxDistance: number): Uint32Array {
  const nt = target.keypoints.length / 2
  const nq = query.keypoints.length / 2
  // Projected target keypoints, bucketed in a grid of `radius`-px cells.
  const px = new Float32Array(nt)
  const py = new Float32Array(nt)
  const columns = Math.ceil(query.width / radius) + 3
  const rows = Math.ceil(query.height / radius) + 3
  const cells = new Map<number, number[]>()
  const cellOf = (x: number, y: number) => (Math.floor(y / radius) + 1) * columns + Math.floor(x / radius) + 1
  for (let j = 0; j < nt; j++) {
    const x = target.keypoints[2 * j]!
    const y = target.keypoints[2 * j + 1]!
    const w = h[6]! * x + h[7]! * y + h[8]!
    if (!(w > 1e-9)) continue
    px[j] = (h[0]! * x + h[1]! * y + h[2]!) / w
    py[j] = (h[3]! * x + h[4]! * y + h[5]!) / w
    if (!(px[j]! >= -radius && py[j]! >= -radius && px[j]! < query.width + radius && py[j]! < query.height + radius)) continue
    const cell = cellOf(px[j]!, py[j]!)
    const list = cells.get(cell)
    if (list) list.push(j)
    else cells.set(cell, [j])
  }
  const queryWords = descriptorWords(query.descriptors)
  const targetWords = descriptorWords(target.descriptors)
  const found: { q: number; t: number; d: number }[] = []
  const r2 = radius * radius
  for (let i = 0; i < nq; i++) {
    const x = query.keypoints[2 * i]!
    const y = query.keypoints[2 * i + 1]!
    const centre = cellOf(x, y)
    const near: number[] = [] // target index, distance, …
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const cell = centre + dy * columns + dx
        if (cell < 0 || cell >= columns * rows) continue
        const list = cells.get(cell)
        if (!list) continue
        for (const j of list) {
          const ex = px[j]! - x
          const ey = py[j]! - y
          if (ex * ex + ey * ey <= r2) near.push(j, hamming256(queryWords, i * 8, targetWords, j * 8))
        }
      }
    }
    let bestJ = -1
    let best = 257
    for (let k = 0; k < near.length; k += 2) if (near[k + 1]! < best) [bestJ, best] = [near[k]!, near[k + 1]!]
    if (bestJ < 0 || best >= maxDistance) continue
    // The runner-up among other spots (a tilted view's copy of the same spot is not a rival).
    let second = 256
    for (let k = 0; k < near.length; k += 2) {
      const j = near[k]!
      if (Math.abs(px[j]! - px[bestJ]!) + Math.abs(py[j]! - py[bestJ]!) > SAME_SPOT_PX) second = Math.min(second, near[k + 1]!)
    }
    if (best < GUIDED_LOCAL_RATIO * second) found.push({ q: i, t: bestJ, d: best })
  }
  found.sort((a, b) => a.d - b.d)
  const pairs = new Uint32Array(2 * found.length)
  found.forEach(({ q, t }, k) => {
    pairs[2 * k] = q
    pairs[2 * k + 1] = t
  })
  return pairs
}

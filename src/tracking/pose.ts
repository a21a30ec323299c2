/**
 * From the print's four corners in a camera frame to its 6-DoF pose, in three.js camera space,
 * with the camera intrinsics assumed in src/scene/cameraModel.ts (the video's longer side spans
 * 67°). A wrong guess scales depth and size together: the print's outline on screen stays exact
 * (it is the tracked corners), only content that rises off the print changes its perspective a
 * little (about 1 % per degree).
 */
import { fitHomography } from './homography'
import type { Intrinsics } from '../scene/cameraModel'

export { intrinsicsFor, viewFovDeg, LONG_SIDE_FOV_DEG, type Intrinsics } from '../scene/cameraModel'

export interface Pose {
  /** Column-major 4×4 (three.js `Matrix4.elements` order): print space → camera space. */
  matrix: number[]
  /** Distance from the camera to the print's centre (m). */
  distanceM: number
}

/**
 * Pose of a `widthM` × `heightM` print whose corners TL, TR, BR, BL are at `corners` (pixels of a
 * frame with intrinsics `k`). Print space: origin at its centre, x to its right, y to its top,
 * z out of its face (towards a viewer in front of it). Camera space is three's: x right, y up,
 * looking down −z. Null when the corners cannot be a print in front of the camera.
 */
export function poseFromCorners(
  corners: readonly (readonly [number, number])[],
  widthM: number,
  heightM: number,
  k: Intrinsics,
): Pose | null {
  const w = widthM / 2
  const h = heightM / 2
  // Print plane in OpenCV object convention (y down), to normalised image coordinates.
  const object = Float64Array.of(-w, -h, w, -h, w, h, -w, h)
  const image = new Float64Array(8)
  corners.forEach(([x, y], i) => {
    image[2 * i] = (x - k.cx) / k.fx
    image[2 * i + 1] = (y - k.cy) / k.fy
  })
  const hm = fitHomography(object, image)
  if (!hm) return null
  // [r1 r2 t] = λ·H (K already removed).
  const a1 = [hm[0]!, hm[3]!, hm[6]!]
  const a2 = [hm[1]!, hm[4]!, hm[7]!]
  const a3 = [hm[2]!, hm[5]!, hm[8]!]
  let lambda = 2 / (norm(a1) + norm(a2))
  if (a3[2]! * lambda < 0) lambda = -lambda // the print is in front of the camera
  const r1 = a1.map((v) => v * lambda)
  const r2 = a2.map((v) => v * lambda)
  const t = a3.map((v) => v * lambda)
  const r = nearestRotation([r1, r2, cross(r1, r2)])
  if (!r || !(t[2]! > 0)) return null
  // OpenCV camera (x right, y down, z forward) and object (y down, z into the print) → three's:
  // flip y and z on both sides. R' = C·R·F, t' = C·t with C = F = diag(1, −1, −1).
  const sign = [1, -1, -1]
  const m = new Array<number>(16).fill(0)
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) m[col * 4 + row] = sign[row]! * r[col]![row]! * sign[col]!
    m[12 + row] = sign[row]! * t[row]!
  }
  m[15] = 1
  return { matrix: m, distanceM: norm(t) }
}

function norm(v: readonly number[]): number {
  return Math.hypot(v[0]!, v[1]!, v[2]!)
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!]
}

/**
 * The rotation closest to three columns that are only nearly orthonormal (noise in the corners):
 * polar decomposition by Newton iteration, R ← (R + R⁻ᵀ) / 2, which converges in a few steps.
 * Columns in, columns out.
 */
function nearestRotation(columns: number[][]): number[][] | null {
  // Row-major 3×3 with the given columns.
  let m = [0, 1, 2].map((row) => [0, 1, 2].map((col) => columns[col]![row]!))
  for (let it = 0; it < 20; it++) {
    const inv = inverse3x3(m)
    if (!inv) return null
    const next = m.map((row, i) => row.map((v, j) => (v + inv[j]![i]!) / 2))
    const change = next.reduce((s, row, i) => s + row.reduce((a, v, j) => a + Math.abs(v - m[i]![j]!), 0), 0)
    m = next
    if (change < 1e-12) break
  }
  return [0, 1, 2].map((col) => [0, 1, 2].map((row) => m[row]![col]!))
}

function inverse3x3(m: number[][]): number[][] | null {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [[number, number, number], [number, number, number], [number, number, number]]
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  if (Math.abs(det) < 1e-15) return null
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ]
}

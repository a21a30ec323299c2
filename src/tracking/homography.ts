/**
 * 3×3 homographies (row-major, 9 numbers) between the print's reference image and a camera frame:
 * estimation from point pairs (normalised DLT, least squares), RANSAC, and the checks that keep a
 * degenerate fit from ever reaching the screen. Pure maths, no DOM.
 */
export type Mat3 = Float64Array

export function identity3(): Mat3 {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1)
}

export function multiply3(a: ArrayLike<number>, b: ArrayLike<number>): Mat3 {
  const out = new Float64Array(9)
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!
    }
  }
  return out
}

/** Inverse, or null when (numerically) singular. */
export function invert3(m: ArrayLike<number>): Mat3 | null {
  const [a, b, c, d, e, f, g, h, i] = [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!]
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null
  const s = 1 / det
  return Float64Array.of(
    A * s,
    -(b * i - c * h) * s,
    (b * f - c * e) * s,
    B * s,
    (a * i - c * g) * s,
    -(a * f - c * d) * s,
    C * s,
    -(a * h - b * g) * s,
    (a * e - b * d) * s,
  )
}

/** Scales so that m[8] = 1 (when it can): equal homographies then compare equal. */
export function normalize3(m: Mat3): Mat3 {
  const s = m[8]!
  if (Math.abs(s) > 1e-12) for (let k = 0; k < 9; k++) m[k]! /= s
  return m
}

/** Maps (x, y) through H; writes into `out` (length ≥ 2) and returns it. */
export function applyH(h: ArrayLike<number>, x: number, y: number, out: number[] | Float64Array = [0, 0]): number[] | Float64Array {
  const w = h[6]! * x + h[7]! * y + h[8]!
  out[0] = (h[0]! * x + h[1]! * y + h[2]!) / w
  out[1] = (h[3]! * x + h[4]! * y + h[5]!) / w
  return out
}

/**
 * Least-squares homography from n ≥ 4 pairs (`src[2k], src[2k+1]` → `dst[2k], dst[2k+1]`), over
 * the pairs listed in `use` (all when omitted). Hartley-normalised DLT with h33 = 1, solved through
 * the 8×8 normal equations: enough for the well-spread, normalised points we feed it.
 * Returns null for a degenerate set (collinear points, too few pairs).
 */
export function fitHomography(src: ArrayLike<number>, dst: ArrayLike<number>, use?: ArrayLike<number>, count?: number): Mat3 | null {
  const n = use ? (count ?? use.length) : src.length / 2
  if (n < 4) return null
  const idx = (k: number): number => (use ? use[k]! : k)
  const ns = normaliser(src, n, idx)
  const nd = normaliser(dst, n, idx)
  // Normal equations AᵀA h = Aᵀb, accumulated directly (8×8 + 8).
  const ata = new Float64Array(64)
  const atb = new Float64Array(8)
  const row = new Float64Array(8)
  for (let k = 0; k < n; k++) {
    const i = idx(k)
    const x = (src[2 * i]! - ns.cx) * ns.s
    const y = (src[2 * i + 1]! - ns.cy) * ns.s
    const u = (dst[2 * i]! - nd.cx) * nd.s
    const v = (dst[2 * i + 1]! - nd.cy) * nd.s
    row.set([x, y, 1, 0, 0, 0, -u * x, -u * y])
    accumulate(ata, atb, row, u)
    row.set([0, 0, 0, x, y, 1, -v * x, -v * y])
    accumulate(ata, atb, row, v)
  }
  const h = solve8(ata, atb)
  if (!h) return null
  const hn = Float64Array.of(h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1)
  // Undo the normalisations: H = Td⁻¹ · Hn · Ts.
  const ts = Float64Array.of(ns.s, 0, -ns.s * ns.cx, 0, ns.s, -ns.s * ns.cy, 0, 0, 1)
  const tdInv = Float64Array.of(1 / nd.s, 0, nd.cx, 0, 1 / nd.s, nd.cy, 0, 0, 1)
  const out = normalize3(multiply3(tdInv, multiply3(hn, ts)))
  return out.every(Number.isFinite) ? out : null
}

function normaliser(p: ArrayLike<number>, n: number, idx: (k: number) => number): { cx: number; cy: number; s: number } {
  let cx = 0
  let cy = 0
  for (let k = 0; k < n; k++) {
    cx += p[2 * idx(k)]!
    cy += p[2 * idx(k) + 1]!
  }
  cx /= n
  cy /= n
  let d = 0
  for (let k = 0; k < n; k++) d += Math.hypot(p[2 * idx(k)]! - cx, p[2 * idx(k) + 1]! - cy)
  d /= n
  return { cx, cy, s: d > 1e-12 ? Math.SQRT2 / d : 1 }
}

function accumulate(ata: Float64Array, atb: Float64Array, row: Float64Array, b: number): void {
  for (let r = 0; r < 8; r++) {
    const v = row[r]!
    if (v === 0) continue
    atb[r]! += v * b
    for (let c = 0; c < 8; c++) ata[r * 8 + c]! += v * row[c]!
  }
}

/** Gaussian elimination with partial pivoting on an 8×8 system (destroys its inputs). */
function solve8(a: Float64Array, b: Float64Array): Float64Array | null {
  const n = 8
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r
    if (Math.abs(a[pivot * n + col]!) < 1e-10) return null
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c]!
        a[col * n + c] = a[pivot * n + c]!
        a[pivot * n + c] = t
      }
      const t = b[col]!
      b[col] = b[pivot]!
      b[pivot] = t
    }
    const inv = 1 / a[col * n + col]!
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! * inv
      if (f === 0) continue
      for (let c = col; c < n; c++) a[r * n + c]! -= f * a[col * n + c]!
      b[r]! -= f * b[col]!
    }
  }
  const x = new Float64Array(n)
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!
    for (let c = r + 1; c < n; c++) s -= a[r * n + c]! * x[c]!
    x[r] = s / a[r * n + r]!
  }
  return x
}

export interface RansacOptions {
  /** Reprojection error (px, in `dst` units) under which a pair counts as an inlier. */
  threshold: number
  /** @default 400 */
  maxIterations?: number
  /** Stop early once this probability of having seen an all-inlier sample is reached. @default 0.995 */
  confidence?: number
  /** Uniform [0, 1) source; seeded in tests so results repeat. @default Math.random */
  random?: () => number
  /** Rejects a candidate model before it is scored (e.g. a flipped or collapsed print). */
  accept?: (h: Mat3) => boolean
}

export interface RansacResult {
  h: Mat3
  /** 1 for each inlier pair. */
  inliers: Uint8Array
  inlierCount: number
}

/**
 * RANSAC over minimal 4-pair samples, then two least-squares refits on the inliers (each refit
 * re-selects them). Null when no model reaches 4 inliers.
 */
export function ransacHomography(src: ArrayLike<number>, dst: ArrayLike<number>, options: RansacOptions): RansacResult | null {
  const n = src.length / 2
  if (n < 4) return null
  const random = options.random ?? Math.random
  const maxIterations = options.maxIterations ?? 400
  const confidence = options.confidence ?? 0.995
  const t2 = options.threshold * options.threshold
  let best: Mat3 | null = null
  let bestCount = 0
  let needed = maxIterations
  const sample = new Int32Array(4)
  const p = [0, 0]
  for (let it = 0; it < needed && it < maxIterations; it++) {
    if (!drawSample(sample, n, random)) continue
    const h = fitHomography(src, dst, sample, 4)
    if (!h || (options.accept && !options.accept(h))) continue
    let count = 0
    for (let i = 0; i < n; i++) {
      applyH(h, src[2 * i]!, src[2 * i + 1]!, p)
      const dx = p[0]! - dst[2 * i]!
      const dy = p[1]! - dst[2 * i + 1]!
      if (dx * dx + dy * dy < t2) count++
    }
    if (count > bestCount) {
      bestCount = count
      best = h
      const ratio = count / n
      const denom = Math.log(1 - ratio ** 4)
      needed = denom < 0 ? Math.min(maxIterations, Math.ceil(Math.log(1 - confidence) / denom)) : maxIterations
    }
  }
  if (!best || bestCount < 4) return null
  let inliers = markInliers(best, src, dst, t2)
  for (let round = 0; round < 2; round++) {
    const use = indicesOf(inliers.mask)
    if (use.length < 4) break
    const refit = fitHomography(src, dst, use)
    if (!refit || (options.accept && !options.accept(refit))) break
    const next = markInliers(refit, src, dst, t2)
    if (next.count < inliers.count) break
    best = refit
    inliers = next
  }
  return { h: best, inliers: inliers.mask, inlierCount: inliers.count }
}

function drawSample(sample: Int32Array, n: number, random: () => number): boolean {
  for (let k = 0; k < 4; k++) {
    let tries = 0
    let i: number
    do {
      i = Math.floor(random() * n)
      tries++
    } while (tries < 20 && sample.subarray(0, k).includes(i))
    if (sample.subarray(0, k).includes(i)) return false
    sample[k] = i
  }
  return true
}

function markInliers(h: Mat3, src: ArrayLike<number>, dst: ArrayLike<number>, t2: number): { mask: Uint8Array; count: number } {
  const n = src.length / 2
  const mask = new Uint8Array(n)
  const p = [0, 0]
  let count = 0
  for (let i = 0; i < n; i++) {
    applyH(h, src[2 * i]!, src[2 * i + 1]!, p)
    const dx = p[0]! - dst[2 * i]!
    const dy = p[1]! - dst[2 * i + 1]!
    if (dx * dx + dy * dy < t2) {
      mask[i] = 1
      count++
    }
  }
  return { mask, count }
}

function indicesOf(mask: Uint8Array): Int32Array {
  const out: number[] = []
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i)
  return Int32Array.from(out)
}

/** The four corners of a w×h reference mapped through H: TL, TR, BR, BL. */
export function projectCorners(h: ArrayLike<number>, w: number, h2: number): [number, number][] {
  return [
    [0, 0],
    [w, 0],
    [w, h2],
    [0, h2],
  ].map(([x, y]) => {
    const p = applyH(h, x!, y!)
    return [p[0]!, p[1]!] as [number, number]
  })
}

/**
 * Is this a picture of a flat print a camera could see? The corners must form a convex,
 * counter-flip (same winding as the reference) quadrilateral whose area and side ratios stay in
 * bounds. Catches the collapsed and mirrored fits that RANSAC sometimes accepts on few pairs.
 */
export function plausibleQuad(corners: readonly (readonly [number, number])[], minArea: number, maxArea = Infinity): boolean {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const a = corners[i]!
    const b = corners[(i + 1) % 4]!
    const c = corners[(i + 2) % 4]!
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
    if (!Number.isFinite(cross) || cross === 0) return false
    const s = Math.sign(cross)
    if (sign === 0) sign = s
    else if (s !== sign) return false
  }
  // Image y points down, so the reference's TL→TR→BR→BL winding is clockwise on screen: cross > 0.
  if (sign < 0) return false
  const area = quadArea(corners)
  if (!(area >= minArea && area <= maxArea)) return false
  const sides = [0, 1, 2, 3].map((i) => Math.hypot(corners[(i + 1) % 4]![0] - corners[i]![0], corners[(i + 1) % 4]![1] - corners[i]![1]))
  return Math.max(...sides) / Math.min(...sides) < 12
}

export function quadArea(corners: readonly (readonly [number, number])[]): number {
  let a = 0
  for (let i = 0; i < 4; i++) {
    const p = corners[i]!
    const q = corners[(i + 1) % 4]!
    a += p[0] * q[1] - q[0] * p[1]
  }
  return Math.abs(a) / 2
}

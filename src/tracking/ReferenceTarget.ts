/**
 * What the tracker knows about one print, built once from its image (EasyAR's `trackingImage`):
 * - `levels`: a factor-2 pyramid the optical flow samples templates from (the level matching the
 *   print's size on screen, so templates never alias);
 * - `trackPointsAt(level)`: per level, well-textured corners (Shi–Tomasi) spread over the print,
 *   found the first time that level is needed (a print is drawn at one or two sizes while it is
 *   followed; finding them for all six levels up front was a third of the lock time);
 * - `features` / `featurePositions`: ORB features at √2 scale steps, for finding the print again.
 * All positions are in "reference pixels": pixels of level 0.
 */
import { buildPyramid, resizeGrey, type GreyImage } from './GreyImage'
import { detectFeatures, FEATURE_BORDER, type Features } from './orb'

export interface ReferenceOptions {
  /** Longest side of level 0 (px); larger images are scaled down. @default 512 */
  maxSide?: number
  /** Tracking points per level. @default 120 */
  trackPoints?: number
  /** ORB features per detection scale. @default 180 */
  featuresPerScale?: number
}

export class ReferenceTarget {
  readonly width: number
  readonly height: number
  readonly levels: GreyImage[]
  readonly #trackPoints: (Float32Array | undefined)[]
  readonly #perLevel: number
  readonly features: Features
  /** x, y of each feature in reference pixels (the descriptors' own scale folded back). */
  readonly featurePositions: Float32Array

  constructor(image: GreyImage, options: ReferenceOptions = {}) {
    const maxSide = options.maxSide ?? 512
    const scale = Math.min(1, maxSide / Math.max(image.width, image.height))
    const base = scale < 1 ? resizeGrey(image, Math.round(image.width * scale), Math.round(image.height * scale)) : image
    this.width = base.width
    this.height = base.height
    this.levels = buildPyramid(base, 6, 12)
    this.#perLevel = options.trackPoints ?? 120
    this.#trackPoints = this.levels.map(() => undefined)
    const { features, positions } = multiScaleFeatures(base, options.featuresPerScale ?? 180)
    this.features = features
    this.featurePositions = positions
  }

  /** The tracking points of a pyramid level: x, y pairs in reference pixels. */
  trackPointsAt(level: number): Float32Array {
    let points = this.#trackPoints[level]
    if (!points) {
      points = goodFeatures(this.levels[level]!, this.#perLevel, 2 ** level)
      this.#trackPoints[level] = points
    }
    return points
  }

  /** The pyramid level to sample for a print drawn at `pixelsPerRef` frame pixels per reference pixel. */
  levelFor(pixelsPerRef: number): number {
    const k = Math.floor(Math.log2(1 / Math.max(1e-6, pixelsPerRef)))
    return Math.max(0, Math.min(this.levels.length - 1, k))
  }
}

/**
 * ORB features of the reference at sizes 1, 1/√2, 1/2 … down to ~64 px: a frame's single scale
 * then meets one of them within ±20 %, which BRIEF tolerates.
 */
function multiScaleFeatures(base: GreyImage, perScale: number): { features: Features; positions: Float32Array } {
  const parts: { features: Features; scale: number }[] = []
  for (let s = 1; Math.min(base.width, base.height) * s >= 2 * FEATURE_BORDER + 24; s /= Math.SQRT2) {
    const image = s === 1 ? base : resizeGrey(base, Math.round(base.width * s), Math.round(base.height * s))
    parts.push({ features: detectFeatures(image, { maxFeatures: perScale, threshold: 16, gridCells: 6 }), scale: s })
  }
  const count = parts.reduce((n, p) => n + p.features.count, 0)
  const points = new Float32Array(count * 2)
  const angles = new Float32Array(count)
  const descriptors = new Uint32Array(count * 8)
  const positions = new Float32Array(count * 2)
  let at = 0
  for (const { features, scale } of parts) {
    points.set(features.points, at * 2)
    angles.set(features.angles, at)
    descriptors.set(features.descriptors, at * 8)
    for (let k = 0; k < features.count; k++) {
      positions[(at + k) * 2] = features.points[2 * k]! / scale
      positions[(at + k) * 2 + 1] = features.points[2 * k + 1]! / scale
    }
    at += features.count
  }
  return { features: { points, angles, descriptors, count }, positions }
}

/**
 * Shi–Tomasi corners (the smaller eigenvalue of the 7×7 structure tensor), strongest first,
 * at least `minDistance` apart, spread over an 8×8 grid; positions scaled by `toRef`.
 */
export function goodFeatures(image: GreyImage, max: number, toRef: number, margin = 6): Float32Array {
  const { width: w, height: h } = image
  const score = minEigenMap(image)
  let best = 0
  for (let y = margin; y < h - margin; y++) for (let x = margin; x < w - margin; x++) best = Math.max(best, score[y * w + x]!)
  // Local maxima above 1 % of the strongest: weak corners only add noise to the fit.
  const floor = best * 0.01
  const candidates: number[] = []
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin; x < w - margin; x++) {
      const i = y * w + x
      const s = score[i]!
      if (s <= floor) continue
      if (s < score[i - 1]! || s <= score[i + 1]! || s < score[i - w - 1]! || s < score[i - w]! || s < score[i - w + 1]!) continue
      if (s <= score[i + w - 1]! || s <= score[i + w]! || s <= score[i + w + 1]!) continue
      candidates.push(i)
    }
  }
  candidates.sort((a, b) => score[b]! - score[a]!)
  // Strongest first, at least minDistance apart (an occupancy grid of that cell size), and no
  // more than a fair share per 8×8 region so the points cover the print.
  const minDistance = Math.max(4, Math.sqrt((w * h) / (max * 3)))
  const occupancy = new Map<number, number[]>()
  const gridCols = Math.ceil(w / minDistance) + 1
  const region = Math.max(w, h) / 8
  const perRegion = new Map<number, number>()
  const cap = Math.max(2, Math.ceil((max / 64) * 2.5))
  const out: number[] = []
  for (const i of candidates) {
    if (out.length >= max * 2) break
    const x = i % w
    const y = (i - x) / w
    const key = Math.floor(y / region) * 16 + Math.floor(x / region)
    if ((perRegion.get(key) ?? 0) >= cap) continue
    const gx = Math.floor(x / minDistance)
    const gy = Math.floor(y / minDistance)
    let close = false
    for (let dy = -1; dy <= 1 && !close; dy++) {
      for (let dx = -1; dx <= 1 && !close; dx++) {
        for (const j of occupancy.get((gy + dy) * gridCols + gx + dx) ?? []) {
          const jx = j % w
          const jy = (j - jx) / w
          if ((jx - x) ** 2 + (jy - y) ** 2 < minDistance * minDistance) {
            close = true
            break
          }
        }
      }
    }
    if (close) continue
    const cell = gy * gridCols + gx
    const list = occupancy.get(cell)
    if (list) list.push(i)
    else occupancy.set(cell, [i])
    perRegion.set(key, (perRegion.get(key) ?? 0) + 1)
    out.push(x * toRef, y * toRef)
  }
  return Float32Array.from(out)
}

/** The smaller eigenvalue of the structure tensor summed over 7×7 windows, for every pixel (box sums: O(pixels)). */
function minEigenMap(image: GreyImage): Float32Array {
  const { width: w, height: h, data } = image
  const n = w * h
  const xx = new Float32Array(n)
  const yy = new Float32Array(n)
  const xy = new Float32Array(n)
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const gx = data[i + 1]! - data[i - 1]!
      const gy = data[i + w]! - data[i - w]!
      xx[i] = gx * gx
      yy[i] = gy * gy
      xy[i] = gx * gy
    }
  }
  const sxx = boxSum(xx, w, h, 3)
  const syy = boxSum(yy, w, h, 3)
  const sxy = boxSum(xy, w, h, 3)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const a = sxx[i]!
    const c = syy[i]!
    const b = sxy[i]!
    out[i] = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b)
  }
  return out
}

/** Sum over a (2r+1)² window, separable running sums (zero outside the image). */
function boxSum(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    let acc = 0
    const row = y * w
    for (let x = -r; x < w + r; x++) {
      if (x + r < w) acc += src[row + x + r]!
      if (x - r - 1 >= 0) acc -= src[row + x - r - 1]!
      if (x >= 0 && x < w) tmp[row + x] = acc
    }
  }
  const out = new Float32Array(w * h)
  for (let x = 0; x < w; x++) {
    let acc = 0
    for (let y = -r; y < h + r; y++) {
      if (y + r < h) acc += tmp[(y + r) * w + x]!
      if (y - r - 1 >= 0) acc -= tmp[(y - r - 1) * w + x]!
      if (y >= 0 && y < h) out[y * w + x] = acc
    }
  }
  return out
}

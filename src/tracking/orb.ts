/**
 * ORB-style features for (re-)detecting the print: FAST-9 corners ranked by the Harris response
 * and spread over a grid, an intensity-centroid orientation, and a 256-bit steered BRIEF (ORB's
 * learned test pattern) sampled from a blurred copy of the image. Brute-force Hamming matching with a ratio
 * test. Small enough to read in one sitting; fast enough for ~500 features per frame in a worker.
 */
import { blurGrey, type GreyImage } from './GreyImage'
import { ORB_PATTERN } from './orbPattern'

export interface Features {
  /** Keypoint positions, interleaved x, y (pixels of the image they were found in). */
  readonly points: Float32Array
  /** Orientation in radians, one per keypoint. */
  readonly angles: Float32Array
  /** 8 × 32-bit words per keypoint. */
  readonly descriptors: Uint32Array
  readonly count: number
}

export interface DetectOptions {
  /** Most keypoints kept. */
  maxFeatures: number
  /** FAST intensity threshold (grey levels). @default 20 */
  threshold?: number
  /** Grid cells across the longer side: keypoints are spread so no area hogs the budget. @default 8 */
  gridCells?: number
}

/** Distance from the border a keypoint needs for its rotated 31×31 BRIEF patch (plus the blur). */
export const FEATURE_BORDER = 18
const PATCH_RADIUS = 15
const WORDS = 8

/** Bresenham circle of radius 3, clockwise from the top (FAST's 16 pixels). */
const CIRCLE: readonly (readonly [number, number])[] = [
  [0, -3],
  [1, -3],
  [2, -2],
  [3, -1],
  [3, 0],
  [3, 1],
  [2, 2],
  [1, 3],
  [0, 3],
  [-1, 3],
  [-2, 2],
  [-3, 1],
  [-3, 0],
  [-3, -1],
  [-2, -2],
  [-1, -3],
]

/** The pattern rotated into 30 angle bins (12° each), as ORB does: steering is a table lookup. */
const ANGLE_BINS = 30
const STEERED: Int8Array[] = Array.from({ length: ANGLE_BINS }, (_, bin) => {
  const a = (bin * 2 * Math.PI) / ANGLE_BINS
  const c = Math.cos(a)
  const s = Math.sin(a)
  const out = new Int8Array(ORB_PATTERN.length)
  for (let i = 0; i < ORB_PATTERN.length; i += 2) {
    const x = ORB_PATTERN[i]!
    const y = ORB_PATTERN[i + 1]!
    out[i] = Math.round(c * x - s * y)
    out[i + 1] = Math.round(s * x + c * y)
  }
  return out
})

/** Offsets of the orientation disc (radius 15) per row: intensity centroid over a circle. */
const DISC_HALF_WIDTH = Int32Array.from({ length: PATCH_RADIUS + 1 }, (_, dy) =>
  Math.floor(Math.sqrt(PATCH_RADIUS * PATCH_RADIUS - dy * dy)),
)

export function detectFeatures(image: GreyImage, options: DetectOptions): Features {
  const threshold = options.threshold ?? 20
  let corners = fastCorners(image, threshold, FEATURE_BORDER)
  // Too few in a low-contrast view: lower the bar once (a dim print still has structure).
  if (corners.length < options.maxFeatures / 2 && threshold > 8) corners = fastCorners(image, Math.max(6, threshold >> 1), FEATURE_BORDER)
  const scored = corners.map((i) => ({ i, score: harrisAt(image, i) }))
  const kept = spreadOverGrid(scored, image.width, image.height, options.maxFeatures, options.gridCells ?? 8)
  const blurred = blurGrey(image, 2)
  return describe(
    image,
    blurred,
    kept.map((k) => k.i),
  )
}

/** Describes given integer pixel positions (index = y·width + x), e.g. reference keypoints. */
export function describe(image: GreyImage, blurred: GreyImage, indices: readonly number[]): Features {
  const n = indices.length
  const points = new Float32Array(n * 2)
  const angles = new Float32Array(n)
  const descriptors = new Uint32Array(n * WORDS)
  const w = image.width
  for (let k = 0; k < n; k++) {
    const i = indices[k]!
    const x = i % w
    const y = (i - x) / w
    points[2 * k] = x
    points[2 * k + 1] = y
    const angle = orientation(image, x, y)
    angles[k] = angle
    let bin = Math.round((angle / (2 * Math.PI)) * ANGLE_BINS) % ANGLE_BINS
    if (bin < 0) bin += ANGLE_BINS
    const pattern = STEERED[bin]!
    const d = blurred.data
    for (let word = 0; word < WORDS; word++) {
      let bits = 0
      for (let b = 0; b < 32; b++) {
        const t = (word * 32 + b) * 4
        const p = d[(y + pattern[t + 1]!) * w + x + pattern[t]!]!
        const q = d[(y + pattern[t + 3]!) * w + x + pattern[t + 2]!]!
        if (p < q) bits |= 1 << b
      }
      descriptors[k * WORDS + word] = bits >>> 0
    }
  }
  return { points, angles, descriptors, count: n }
}

/** FAST-9 on a 16-pixel circle: 9 contiguous pixels all brighter or all darker by `threshold`. */
export function fastCorners(image: GreyImage, threshold: number, border: number): number[] {
  const { width: w, height: h, data } = image
  const offsets = CIRCLE.map(([dx, dy]) => dy * w + dx)
  const o0 = offsets[0]!
  const o4 = offsets[4]!
  const o8 = offsets[8]!
  const o12 = offsets[12]!
  const out: number[] = []
  const ring = new Int16Array(16)
  for (let y = border; y < h - border; y++) {
    for (let x = border; x < w - border; x++) {
      const i = y * w + x
      const c = data[i]!
      const hi = c + threshold
      const lo = c - threshold
      // Quick rejection: a 9-pixel arc covers at least two of the four compass pixels.
      const a = data[i + o0]!
      const b = data[i + o4]!
      const cc = data[i + o8]!
      const d = data[i + o12]!
      const brighter = (a > hi ? 1 : 0) + (b > hi ? 1 : 0) + (cc > hi ? 1 : 0) + (d > hi ? 1 : 0)
      const darker = (a < lo ? 1 : 0) + (b < lo ? 1 : 0) + (cc < lo ? 1 : 0) + (d < lo ? 1 : 0)
      if (brighter < 2 && darker < 2) continue
      for (let k = 0; k < 16; k++) ring[k] = data[i + offsets[k]!]!
      if (hasArc(ring, hi, lo)) out.push(i)
    }
  }
  return nonMaxSuppress(image, out, threshold)
}

function hasArc(ring: Int16Array, hi: number, lo: number): boolean {
  let runHi = 0
  let runLo = 0
  for (let k = 0; k < 16 + 8; k++) {
    const v = ring[k & 15]!
    if (v > hi) {
      runHi++
      runLo = 0
      if (runHi >= 9) return true
    } else if (v < lo) {
      runLo++
      runHi = 0
      if (runLo >= 9) return true
    } else {
      runHi = 0
      runLo = 0
    }
  }
  return false
}

/** Keeps a corner only if no 8-neighbour corner has a larger score (sum of |ring − centre| beyond t). */
function nonMaxSuppress(image: GreyImage, corners: number[], threshold: number): number[] {
  const { width: w, data } = image
  const offsets = CIRCLE.map(([dx, dy]) => dy * w + dx)
  const score = new Float32Array(data.length)
  for (const i of corners) {
    const c = data[i]!
    let s = 1
    for (const o of offsets) {
      const d = Math.abs(data[i + o]! - c) - threshold
      if (d > 0) s += d
    }
    score[i] = s
  }
  return corners.filter((i) => {
    const s = score[i]!
    return !(
      score[i - w - 1]! >= s ||
      score[i - w]! >= s ||
      score[i - w + 1]! >= s ||
      score[i - 1]! >= s ||
      score[i + 1]! > s ||
      score[i + w - 1]! > s ||
      score[i + w]! > s ||
      score[i + w + 1]! > s
    )
  })
}

/** Harris response (k = 0.04) over a 7×7 window of central-difference gradients. */
export function harrisAt(image: GreyImage, index: number): number {
  const { width: w, data } = image
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let dy = -3; dy <= 3; dy++) {
    for (let dx = -3; dx <= 3; dx++) {
      const i = index + dy * w + dx
      const gx = data[i + 1]! - data[i - 1]!
      const gy = data[i + w]! - data[i - w]!
      sxx += gx * gx
      syy += gy * gy
      sxy += gx * gy
    }
  }
  return sxx * syy - sxy * sxy - 0.04 * (sxx + syy) * (sxx + syy)
}

/** Best-scored items per grid cell first, then the rest by score, up to `max`. */
export function spreadOverGrid<T extends { i: number; score: number }>(
  items: T[],
  width: number,
  height: number,
  max: number,
  cellsAcross: number,
): T[] {
  if (items.length <= max) return items
  const cell = Math.max(width, height) / cellsAcross
  const cols = Math.ceil(width / cell)
  const cells = new Map<number, T[]>()
  for (const item of items) {
    const x = item.i % width
    const y = (item.i - x) / width
    const key = Math.floor(y / cell) * cols + Math.floor(x / cell)
    let list = cells.get(key)
    if (!list) cells.set(key, (list = []))
    list.push(item)
  }
  const perCell = Math.max(1, Math.floor(max / cells.size))
  const chosen: T[] = []
  const rest: T[] = []
  for (const list of cells.values()) {
    list.sort((a, b) => b.score - a.score)
    chosen.push(...list.slice(0, perCell))
    rest.push(...list.slice(perCell))
  }
  if (chosen.length >= max) return chosen.sort((a, b) => b.score - a.score).slice(0, max)
  rest.sort((a, b) => b.score - a.score)
  return chosen.concat(rest.slice(0, max - chosen.length))
}

/** Angle of the intensity centroid over a radius-15 disc (ORB's orientation). */
function orientation(image: GreyImage, x: number, y: number): number {
  const { width: w, data } = image
  let m01 = 0
  let m10 = 0
  for (let dy = -PATCH_RADIUS; dy <= PATCH_RADIUS; dy++) {
    const half = DISC_HALF_WIDTH[Math.abs(dy)]!
    const row = (y + dy) * w + x
    for (let dx = -half; dx <= half; dx++) {
      const v = data[row + dx]!
      m10 += dx * v
      m01 += dy * v
    }
  }
  return Math.atan2(m01, m10)
}

export function hamming(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  let d = 0
  for (let k = 0; k < WORDS; k++) {
    let v = (a[ai * WORDS + k]! ^ b[bi * WORDS + k]!) >>> 0
    v -= (v >>> 1) & 0x55555555
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
    d += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
  }
  return d
}

export interface Match {
  /** Index into the query features. */
  query: number
  /** Index into the train (reference) features. */
  train: number
  distance: number
}

/**
 * For each query feature, its nearest train feature when it is clearly the nearest (Lowe's ratio
 * test on Hamming distances) and close enough in absolute terms.
 *
 * `trainPositions` (x, y per train feature, in one common frame) makes the ratio test ignore
 * runners-up that sit where the best one sits: the reference holds every corner at several
 * scales, and a corner must not lose to its own copy one level down.
 */
export function matchFeatures(
  query: Features,
  train: Features,
  maxDistance = 64,
  ratio = 0.8,
  trainPositions?: Float32Array,
  sameSpot = 6,
): Match[] {
  const out: Match[] = []
  const near2 = sameSpot * sameSpot
  const far = (a: number, b: number): boolean => {
    if (!trainPositions) return true
    const dx = trainPositions[2 * a]! - trainPositions[2 * b]!
    const dy = trainPositions[2 * a + 1]! - trainPositions[2 * b + 1]!
    return dx * dx + dy * dy > near2
  }
  const qd = query.descriptors
  const td = train.descriptors
  const bits = POPCOUNT16
  const n = train.count
  for (let q = 0; q < query.count; q++) {
    const qo = q * WORDS
    const q0 = qd[qo]!,
      q1 = qd[qo + 1]!,
      q2 = qd[qo + 2]!,
      q3 = qd[qo + 3]!
    const q4 = qd[qo + 4]!,
      q5 = qd[qo + 5]!,
      q6 = qd[qo + 6]!,
      q7 = qd[qo + 7]!
    let best = 257
    let second = 257
    let bestIndex = -1
    for (let t = 0, to = 0; t < n; t++, to += WORDS) {
      // Hamming distance by 16-bit table lookups, in two halves: most candidates are already
      // worse than the runner-up after the first half, and are dropped there.
      let x = (q0 ^ td[to]!) >>> 0
      let d = bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q1 ^ td[to + 1]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q2 ^ td[to + 2]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q3 ^ td[to + 3]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      if (d >= second) continue
      x = (q4 ^ td[to + 4]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q5 ^ td[to + 5]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q6 ^ td[to + 6]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      x = (q7 ^ td[to + 7]!) >>> 0
      d += bits[x & 0xffff]! + bits[x >>> 16]!
      if (d < best) {
        if (bestIndex >= 0 && far(bestIndex, t)) second = best
        best = d
        bestIndex = t
      } else if (d < second && far(bestIndex, t)) second = d
    }
    if (bestIndex >= 0 && best <= maxDistance && best < ratio * second) out.push({ query: q, train: bestIndex, distance: best })
  }
  return out
}

/** Set bits of every 16-bit number (64 KB, built once). */
const POPCOUNT16: Uint8Array = (() => {
  const table = new Uint8Array(65536)
  for (let i = 1; i < 65536; i++) table[i] = (i & 1) + table[i >> 1]!
  return table
})()

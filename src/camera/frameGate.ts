/**
 * Smart capture's judgement: is this camera frame worth a search request? Decided on a small
 * greyscale thumbnail (long side `THUMBNAIL_LONG_SIDE`), so the checks cost well under a
 * millisecond of arithmetic. Pure and DOM-free: the pixels come from src/camera/SmartCapture.ts
 * in the app, and from sharp in the tests and in bench/frameGate.ts.
 *
 * A frame is skipped when it is
 * - `dark`: mean luma below `minMeanLuma` (lens covered, a dark room);
 * - `flat`: luma standard deviation below `minContrast` (a blank wall, the ceiling);
 * - `blurry`: `sharpness` below `minSharpness` (motion blur, out of focus);
 * - `unchanged`: the same view as the last frame that was SENT and came back a miss.
 *
 * Thresholds come from bench/frameGate.ts; the numbers and the reasoning are in
 * docs/smart-capture.md.
 */

/** One byte of luma per pixel, row by row. */
export interface Thumbnail {
  readonly data: Uint8Array | Uint8ClampedArray
  readonly width: number
  readonly height: number
}

export type SkipReason = 'dark' | 'flat' | 'blurry' | 'unchanged'

export interface GateVerdict {
  send: boolean
  /** Why the frame is not worth sending (only when `send` is false). */
  reason?: SkipReason
  /**
   * The view moved since the last request and has now come to rest on something other than the
   * last miss: worth sending at once rather than at the next interval.
   */
  settled?: boolean
}

export interface FrameMetrics {
  /** Mean luma, 0–255. */
  meanLuma: number
  /** Standard deviation of luma, 0–255. */
  contrast: number
  /**
   * Laplacian energy over gradient energy (Σ L² / Σ |∇|²). Blur lowers it and it hardly depends
   * on the scene's content or contrast, unlike the raw variance of the Laplacian (measured: the
   * same sharp photo spans 4× in Laplacian variance across posters, this ratio 1.4×).
   */
  sharpness: number
}

export interface GateThresholds {
  minMeanLuma: number
  minContrast: number
  minSharpness: number
  /** A pixel of the smoothed thumbnail "changed" when it differs by more than this (grey levels). */
  changedLevel: number
  /** Two views are the same when at most this fraction of pixels changed (after aligning them). */
  maxSameFraction: number
}

/**
 * How many recent missed views "unchanged" compares against. A phone held still still sways
 * between a few positions; one remembered miss matches only the frames near its own position
 * (measured in the browser e2e clip: 9 requests in 16 s with one, the refresh cadence with three).
 */
export const MISS_MEMORY = 3

/** Long side of the thumbnail the gate judges, in pixels. */
export const THUMBNAIL_LONG_SIDE = 96

/** Chosen from bench/frameGate.ts (see docs/smart-capture.md). */
export const DEFAULT_THRESHOLDS: Readonly<GateThresholds> = {
  minMeanLuma: 20,
  minContrast: 5,
  minSharpness: 1.1,
  changedLevel: 32,
  maxSameFraction: 0.015,
}

/**
 * Views are compared after the best whole-pixel shift within ±this many thumbnail pixels
 * (±40 px of a 1280-px frame), so hand shake does not read as a new view.
 */
export const MAX_SHIFT = 3

/** Mean luma, contrast and sharpness of a thumbnail. */
export function measureFrame(thumbnail: Thumbnail): FrameMetrics {
  const { data, width: w, height: h } = thumbnail
  const n = w * h
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < n; i++) {
    const v = data[i]!
    sum += v
    sumSq += v * v
  }
  const meanLuma = n > 0 ? sum / n : 0
  const contrast = n > 0 ? Math.sqrt(Math.max(0, sumSq / n - meanLuma * meanLuma)) : 0
  let laplacian = 0
  let gradient = 0
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const c = data[i]!
      const right = data[i + 1]!
      const down = data[i + w]!
      const l = 4 * c - data[i - 1]! - right - data[i - w]! - down
      laplacian += l * l
      gradient += (right - c) * (right - c) + (down - c) * (down - c)
    }
  }
  return { meanLuma, contrast, sharpness: gradient > 0 ? laplacian / gradient : 0 }
}

/**
 * 3×3 binomial blur into `out` (same size; edges clamped). Comparing smoothed thumbnails makes a
 * sub-pixel shift of a busy scene read as "same" (measured: it halves the shake residual).
 */
export function smoothThumbnail(thumbnail: Thumbnail, out: Uint8Array, scratch: Uint16Array): void {
  const { data, width: w, height: h } = thumbnail
  for (let y = 0; y < h; y++) {
    const row = y * w
    for (let x = 0; x < w; x++) {
      const left = data[row + (x > 0 ? x - 1 : 0)]!
      const right = data[row + (x < w - 1 ? x + 1 : x)]!
      scratch[row + x] = left + 2 * data[row + x]! + right
    }
  }
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * w
    const row = y * w
    const down = (y < h - 1 ? y + 1 : y) * w
    for (let x = 0; x < w; x++) out[row + x] = (scratch[up + x]! + 2 * scratch[row + x]! + scratch[down + x]! + 8) >> 4
  }
}

/**
 * Fraction of pixels (0–1) that differ by more than `level` between two smoothed thumbnails of
 * the same size, after aligning them by the best shift within ±`maxShift`. The shift is the one
 * with the least absolute difference on every other pixel of every other row (a quarter of the
 * work; the thumbnails are smoothed, so the sparse grid finds the same shift).
 */
export function changedFraction(a: Uint8Array, b: Uint8Array, width: number, height: number, level: number, maxShift = MAX_SHIFT): number {
  const s = Math.max(0, Math.min(maxShift, Math.floor((Math.min(width, height) - 2) / 4)))
  // Start from no shift and move only for a strictly better one: a still view stays at (0, 0).
  let bestDx = 0
  let bestDy = 0
  let bestSum = sparseDifference(a, b, width, height, s, 0, 0, Infinity)
  for (let dy = -s; dy <= s; dy++) {
    for (let dx = -s; dx <= s; dx++) {
      if (bestSum === 0) break
      if (dx === 0 && dy === 0) continue
      const sum = sparseDifference(a, b, width, height, s, dx, dy, bestSum)
      if (sum < bestSum) {
        bestSum = sum
        bestDx = dx
        bestDy = dy
      }
    }
  }
  let changed = 0
  let count = 0
  for (let y = s; y < height - s; y++) {
    const ra = y * width
    const rb = (y + bestDy) * width + bestDx
    for (let x = s; x < width - s; x++) {
      if (Math.abs(a[ra + x]! - b[rb + x]!) > level) changed++
      count++
    }
  }
  return count > 0 ? changed / count : 0
}

/**
 * Sum of absolute differences on every other pixel of every other row, `b` shifted by (dx, dy).
 * Stops once the sum reaches `limit` (that shift has already lost), which skips most of the work
 * for shifts far from the best one.
 */
function sparseDifference(
  a: Uint8Array,
  b: Uint8Array,
  width: number,
  height: number,
  margin: number,
  dx: number,
  dy: number,
  limit: number,
): number {
  let sum = 0
  for (let y = margin; y < height - margin && sum < limit; y += 2) {
    const ra = y * width
    const rb = (y + dy) * width + dx
    for (let x = margin; x < width - margin; x += 2) sum += Math.abs(a[ra + x]! - b[rb + x]!)
  }
  return sum
}

/**
 * Decides frame by frame; remembers the last frame sent that came back a miss, and the previous
 * frame judged (to tell a moving view from a settled one).
 * @example
 * const gate = new FrameGate()
 * const verdict = gate.assess(thumbnail)
 * if (verdict.send) {
 *   gate.noteSent()
 *   const result = await search(frame)
 *   gate.noteResult(result.kind === 'miss' ? 'miss' : 'other')
 * }
 */
export class FrameGate {
  readonly thresholds: GateThresholds
  /** Smoothed thumbnails: the one judged now, the one before it, the one sent, the last miss. */
  #current = new Uint8Array(0)
  #previous = new Uint8Array(0)
  #sent = new Uint8Array(0)
  /** The last MISS_MEMORY missed views, oldest first; `#missCount` of them are valid. */
  #misses: Uint8Array[] = []
  #missCount = 0
  #scratch = new Uint16Array(0)
  #width = 0
  #height = 0
  #hasCurrent = false
  #hasPrevious = false
  #hasSent = false
  /** The view moved (two frames in a row differed) since the last frame was sent. */
  #moved = false

  constructor(thresholds: Partial<GateThresholds> = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds }
  }

  /** Judges the frame and remembers it as the latest one. */
  assess(thumbnail: Thumbnail): GateVerdict {
    const { width, height } = thumbnail
    if (width !== this.#width || height !== this.#height)
      this.#resize(width, height)
      // The previous frame's buffer is recycled for this one.
    ;[this.#previous, this.#current] = [this.#current, this.#previous]
    this.#hasPrevious = this.#hasCurrent
    smoothThumbnail(thumbnail, this.#current, this.#scratch)
    this.#hasCurrent = true

    const t = this.thresholds
    const stable = this.#hasPrevious && !this.#differs(this.#current, this.#previous)
    if (this.#hasPrevious && !stable) this.#moved = true

    const metrics = measureFrame(thumbnail)
    if (metrics.meanLuma < t.minMeanLuma) return { send: false, reason: 'dark' }
    if (metrics.contrast < t.minContrast) return { send: false, reason: 'flat' }
    if (metrics.sharpness < t.minSharpness) return { send: false, reason: 'blurry' }
    const hasMiss = this.#missCount > 0
    for (let i = this.#missCount - 1; i >= 0; i--) {
      if (!this.#differs(this.#current, this.#misses[i]!)) return { send: false, reason: 'unchanged' }
    }
    return { send: true, settled: hasMiss && this.#moved && stable }
  }

  /** The frame judged last is being sent. */
  noteSent(): void {
    if (!this.#hasCurrent) return
    this.#sent.set(this.#current)
    this.#hasSent = true
    this.#moved = false
  }

  /** How the frame sent last fared: only a miss makes "the same view" worth skipping. */
  noteResult(kind: 'miss' | 'other'): void {
    if (kind === 'miss' && this.#hasSent) {
      // Newest last; when full, the oldest buffer is recycled (no allocation per miss).
      let slot: Uint8Array
      if (this.#missCount < MISS_MEMORY) slot = this.#misses[this.#missCount++]!
      else {
        slot = this.#misses.shift()!
        this.#misses.push(slot)
      }
      slot.set(this.#sent)
    } else {
      this.#missCount = 0
    }
  }

  /** Forgets every frame (scanning starts over). */
  reset(): void {
    this.#hasCurrent = this.#hasPrevious = this.#hasSent = false
    this.#missCount = 0
    this.#moved = false
  }

  #differs(a: Uint8Array, b: Uint8Array): boolean {
    const t = this.thresholds
    return changedFraction(a, b, this.#width, this.#height, t.changedLevel) > t.maxSameFraction
  }

  #resize(width: number, height: number): void {
    const n = width * height
    this.#width = width
    this.#height = height
    this.#current = new Uint8Array(n)
    this.#previous = new Uint8Array(n)
    this.#sent = new Uint8Array(n)
    this.#misses = Array.from({ length: MISS_MEMORY }, () => new Uint8Array(n))
    this.#scratch = new Uint16Array(n)
    this.reset()
  }
}

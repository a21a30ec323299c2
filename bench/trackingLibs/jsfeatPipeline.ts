/**
 * jsfeat 0.0.8 (plain JS, 2014) behind the Pipeline interface, used the way its own ORB and
 * optical-flow demos use it: FAST corners, the demo's intensity-centroid angle, `orb.describe` on
 * a Gaussian-blurred frame, `motion_estimator.ransac` with the `homography2d` kernel,
 * `pyramid_t` + `optical_flow_lk.track`, `warp_perspective`. jsfeat has no descriptor matcher
 * (its demo brute-forces Hamming distances inline): the matcher here does the same, with the ratio
 * test and thresholds src/tracking uses.
 */
import jsfeat from 'jsfeat'
import type { GreyImage } from '../../src/tracking/GreyImage'
import { applyH, invert3, type Mat3 } from '../../src/tracking/homography'
import { matchBinary } from './matchBinary'
import type { FlowFrom, Fit, Pipeline } from './pipeline'
import * as rules from './rules'

/** The ORB patch is 32×32 around the corner, plus the 15-px angle disc: stay this far from the edge. */
const BORDER = 17
/** Row half-widths of the radius-15 disc for the intensity centroid (jsfeat's ORB demo). */
const U_MAX = Int32Array.of(15, 15, 15, 15, 14, 14, 14, 13, 13, 12, 11, 10, 9, 8, 6, 3, 0)

interface ReferenceLevel {
  image: jsfeat.matrix_t
  /** x, y per tracking point, in reference (level-0) pixels. */
  points: Float32Array
}

export class JsfeatPipeline implements Pipeline {
  readonly name: string
  readonly #flowFrom: FlowFrom
  #width = 0
  #height = 0
  #levels: ReferenceLevel[] = []
  #descriptors = new Uint32Array(0)
  #positions = new Float32Array(0)
  #featureCount = 0
  /** Pyramids of the last two frames, by frame object (a frame is detected and tracked once each). */
  #pyramids = new Map<GreyImage, jsfeat.pyramid_t>()
  readonly #kernel = new jsfeat.motion_model.homography2d()

  constructor(flowFrom: FlowFrom = 'previous') {
    this.#flowFrom = flowFrom
    this.name = flowFrom === 'previous' ? 'jsfeat' : 'jsfeat-ref'
  }

  async init(reference: GreyImage): Promise<void> {
    this.#width = reference.width
    this.#height = reference.height
    const base = toMatrix(reference)
    // Reference pyramid (jsfeat's pyrdown: 2×2 box) with well-textured points per level for the flow.
    const images = [base]
    while (images.length < 6 && Math.min(images.at(-1)!.cols, images.at(-1)!.rows) >= 48) {
      const next = new jsfeat.matrix_t(images.at(-1)!.cols >> 1, images.at(-1)!.rows >> 1, jsfeat.U8C1_t)
      jsfeat.imgproc.pyrdown(images.at(-1)!, next)
      images.push(next)
    }
    this.#levels = images.map((image, level) => ({ image, points: trackPoints(image, rules.TRACK_POINTS, 2 ** level) }))
    // ORB features at √2 scale steps, as ReferenceTarget does (one frame scale then meets one of them).
    const descriptors: Uint32Array[] = []
    const positions: number[] = []
    for (let s = 1; Math.min(reference.width, reference.height) * s >= 2 * BORDER + 24; s /= Math.SQRT2) {
      const scaled = s === 1 ? base : new jsfeat.matrix_t(Math.round(reference.width * s), Math.round(reference.height * s), jsfeat.U8C1_t)
      if (s !== 1) jsfeat.imgproc.resample(base, scaled, scaled.cols, scaled.rows)
      const found = describeFrame(scaled, rules.REFERENCE_FEATURES_PER_SCALE, 16)
      descriptors.push(found.descriptors)
      for (const k of found.keypoints) positions.push(k.x / s, k.y / s)
    }
    this.#featureCount = positions.length / 2
    this.#descriptors = new Uint32Array(this.#featureCount * 8)
    let at = 0
    for (const d of descriptors) {
      this.#descriptors.set(d, at)
      at += d.length
    }
    this.#positions = Float32Array.from(positions)
  }

  detect(frame: GreyImage): Fit | null {
    const pyramid = this.#pyramidFor(frame)
    for (let level = 0; level < 2; level++) {
      const image = pyramid.data[level]!
      const found = describeFrame(image, level === 0 ? rules.FRAME_FEATURES : rules.FRAME_FEATURES_HALF, 20)
      if (found.keypoints.length < 8) continue
      const matches = matchBinary(found.descriptors, found.keypoints.length, this.#descriptors, this.#featureCount, this.#positions)
      if (matches.length < 8) continue
      const scale = 2 ** level
      const from = matches.map((m) => ({ x: this.#positions[2 * m.train]!, y: this.#positions[2 * m.train + 1]! }))
      const to = matches.map((m) => ({ x: found.keypoints[m.query]!.x * scale, y: found.keypoints[m.query]!.y * scale }))
      const fit = this.#ransac(from, to, rules.DETECT_RANSAC_PX * scale, rules.DETECT_RANSAC_ITERATIONS)
      // Half size only when full size found nothing, as src/tracking's PlanarTracker does.
      if (fit && fit.inliers >= rules.DETECT_MIN_INLIERS && fit.inliers >= rules.DETECT_MIN_SHARE * matches.length) return fit
    }
    return null
  }

  track(frame: GreyImage, previous: GreyImage, h: Mat3, predicted: Mat3): Fit | null {
    return this.#flowFrom === 'previous'
      ? this.#flow(frame, this.#pyramidFor(previous), h)
      : this.#flow(frame, this.#warpedReference(predicted, frame), predicted)
  }

  get refine(): ((frame: GreyImage, h: Mat3) => Fit | null) | undefined {
    // From the previous frame there is nothing to polish a detection with; from the reference there is.
    return this.#flowFrom === 'reference' ? (frame, h) => this.#flow(frame, this.#warpedReference(h, frame), h) : undefined
  }

  /** LK from `from` (a pyramid where the print sits at pose `h`) to `frame`, then RANSAC. */
  #flow(frame: GreyImage, from: jsfeat.pyramid_t, h: Mat3): Fit | null {
    const level = rules.levelFor(rules.localScale(h, this.#width / 2, this.#height / 2), this.#levels.length)
    const points = this.#levels[level]!.points
    const margin = (rules.FLOW_WINDOW >> 1) + 1
    const src: number[] = []
    const prevXy: number[] = []
    const p = [0, 0]
    for (let i = 0; i < points.length; i += 2) {
      applyH(h, points[i]!, points[i + 1]!, p)
      if (p[0]! < margin || p[1]! < margin || p[0]! >= frame.width - margin || p[1]! >= frame.height - margin) continue
      src.push(points[i]!, points[i + 1]!)
      prevXy.push(p[0]!, p[1]!)
    }
    const tried = src.length / 2
    if (tried < rules.FLOW_MIN_INLIERS) return null
    const current = this.#pyramidFor(frame)
    const prev = Float32Array.from(prevXy)
    const next = new Float32Array(prev.length)
    const status = new Uint8Array(tried)
    jsfeat.optical_flow_lk.track(from, current, prev, next, tried, rules.FLOW_WINDOW, rules.FLOW_ITERATIONS, status, 0.01, 1e-4)
    const a: jsfeat.Point[] = []
    const b: jsfeat.Point[] = []
    for (let k = 0; k < tried; k++) {
      if (!status[k]) continue
      a.push({ x: src[2 * k]!, y: src[2 * k + 1]! })
      b.push({ x: next[2 * k]!, y: next[2 * k + 1]! })
    }
    if (a.length < rules.FLOW_MIN_INLIERS) return null
    const fit = this.#ransac(a, b, rules.FLOW_RANSAC_PX, rules.FLOW_RANSAC_ITERATIONS)
    if (!fit || fit.inliers < rules.FLOW_MIN_INLIERS || fit.inliers < rules.FLOW_MIN_SHARE * tried) return null
    return fit
  }

  /** The reference level that matches the print's size, warped into frame pixels at pose `h`, as a pyramid. */
  #warpedReference(h: Mat3, frame: GreyImage): jsfeat.pyramid_t {
    const level = rules.levelFor(rules.localScale(h, this.#width / 2, this.#height / 2), this.#levels.length)
    const image = this.#levels[level]!.image
    const s = 2 ** level
    // Frame → level pixels: (h · diag(s, s, 1))⁻¹; warp_perspective takes the destination → source map.
    const toLevel = invert3(Float64Array.of(h[0]! * s, h[1]! * s, h[2]!, h[3]! * s, h[4]! * s, h[5]!, h[6]! * s, h[7]! * s, h[8]!))
    const pyramid = newPyramid(frame.width, frame.height)
    const base = pyramid.data[0]!
    const transform = new jsfeat.matrix_t(3, 3, jsfeat.F32_t | jsfeat.C1_t)
    transform.data.set(toLevel ?? h)
    jsfeat.imgproc.warp_perspective(image, base, transform, 0)
    pyramid.build(base, true)
    return pyramid
  }

  #ransac(from: jsfeat.Point[], to: jsfeat.Point[], threshold: number, iterations: number): Fit | null {
    const count = from.length
    const model = new jsfeat.matrix_t(3, 3, jsfeat.F32_t | jsfeat.C1_t)
    const mask = new jsfeat.matrix_t(count, 1, jsfeat.U8C1_t)
    const params = new jsfeat.ransac_params_t(4, threshold, 0.5, 0.995)
    if (!jsfeat.motion_estimator.ransac(params, this.#kernel, from, to, count, model, mask, iterations)) return null
    // One least-squares refit on the inliers with the same kernel (jsfeat's RANSAC returns the best sample's model).
    const inFrom: jsfeat.Point[] = []
    const inTo: jsfeat.Point[] = []
    for (let i = 0; i < count; i++) {
      if (!mask.data[i]) continue
      inFrom.push(from[i]!)
      inTo.push(to[i]!)
    }
    if (inFrom.length >= 4) {
      const refit = new jsfeat.matrix_t(3, 3, jsfeat.F32_t | jsfeat.C1_t)
      if (this.#kernel.run(inFrom, inTo, refit, inFrom.length) > 0) model.data.set(refit.data)
    }
    const h = Float64Array.from(model.data as Float32Array)
    if (!h.every(Number.isFinite) || !rules.plausible(h, this.#width, this.#height)) return null
    // Inliers of the final model (the refit may have moved a few across the threshold).
    let inliers = 0
    const p = [0, 0]
    for (let i = 0; i < count; i++) {
      applyH(h, from[i]!.x, from[i]!.y, p)
      if ((p[0]! - to[i]!.x) ** 2 + (p[1]! - to[i]!.y) ** 2 < threshold * threshold) inliers++
    }
    return { h, inliers }
  }

  #pyramidFor(frame: GreyImage): jsfeat.pyramid_t {
    let pyramid = this.#pyramids.get(frame)
    if (!pyramid) {
      pyramid = newPyramid(frame.width, frame.height)
      pyramid.data[0]!.data.set(frame.data)
      pyramid.build(pyramid.data[0]!, true)
      // Keep the newest two: the current frame and the one before it.
      if (this.#pyramids.size >= 2) this.#pyramids.delete(this.#pyramids.keys().next().value!)
      this.#pyramids.set(frame, pyramid)
    }
    return pyramid
  }
}

function newPyramid(width: number, height: number): jsfeat.pyramid_t {
  const pyramid = new jsfeat.pyramid_t(rules.FLOW_LEVELS)
  pyramid.allocate(width, height, jsfeat.U8C1_t)
  return pyramid
}

/** jsfeat detectors fill caller-made keypoint objects: one pool per image size, made once (as its demos do). */
const pools = new Map<number, jsfeat.keypoint_t[]>()
function keypointPool(image: jsfeat.matrix_t): jsfeat.keypoint_t[] {
  const size = image.cols * image.rows
  let pool = pools.get(size)
  if (!pool) pools.set(size, (pool = Array.from({ length: size >> 2 }, () => new jsfeat.keypoint_t())))
  return pool
}

function toMatrix(image: GreyImage): jsfeat.matrix_t {
  const m = new jsfeat.matrix_t(image.width, image.height, jsfeat.U8C1_t)
  m.data.set(image.data)
  return m
}

/**
 * FAST corners (threshold lowered once when a dim view has too few, as src/tracking does), the
 * strongest `max` by FAST score, each with its intensity-centroid angle, described by jsfeat's ORB
 * on a 5×5 Gaussian blur of the image (the demo's recipe).
 */
function describeFrame(
  image: jsfeat.matrix_t,
  max: number,
  threshold: number,
): { keypoints: jsfeat.keypoint_t[]; descriptors: Uint32Array } {
  const pool = keypointPool(image)
  jsfeat.fast_corners.set_threshold(threshold)
  let count = jsfeat.fast_corners.detect(image, pool, BORDER)
  if (count < max / 2 && threshold > 8) {
    jsfeat.fast_corners.set_threshold(Math.max(6, threshold >> 1))
    count = jsfeat.fast_corners.detect(image, pool, BORDER)
  }
  const keypoints = pool
    .slice(0, count)
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
  for (const k of keypoints) k.angle = icAngle(image, k.x, k.y)
  const blurred = new jsfeat.matrix_t(image.cols, image.rows, jsfeat.U8C1_t)
  jsfeat.imgproc.gaussian_blur(image, blurred, 5)
  const descriptors = new jsfeat.matrix_t(32, Math.max(1, keypoints.length), jsfeat.U8C1_t)
  jsfeat.orb.describe(blurred, keypoints, keypoints.length, descriptors)
  const bytes = descriptors.data as Uint8Array
  return { keypoints, descriptors: new Uint32Array(bytes.buffer, bytes.byteOffset, keypoints.length * 8).slice() }
}

/** ORB's orientation: the angle of the intensity centroid over a radius-15 disc (jsfeat's ORB demo). */
function icAngle(image: jsfeat.matrix_t, px: number, py: number): number {
  const src = image.data
  const step = image.cols
  const centre = py * step + px
  let m01 = 0
  let m10 = 0
  for (let u = -15; u <= 15; u++) m10 += u * src[centre + u]!
  for (let v = 1; v <= 15; v++) {
    let sum = 0
    const d = U_MAX[v]!
    for (let u = -d; u <= d; u++) {
      const plus = src[centre + u + v * step]!
      const minus = src[centre + u - v * step]!
      sum += plus - minus
      m10 += u * (plus + minus)
    }
    m01 += v * sum
  }
  return Math.atan2(m01, m10)
}

/**
 * Points for the flow on one reference level: yape06 (jsfeat's Laplacian + min-eigenvalue
 * detector, its "good features"), strongest first, at least a few pixels apart.
 */
function trackPoints(image: jsfeat.matrix_t, max: number, toRef: number): Float32Array {
  const pool = keypointPool(image)
  jsfeat.yape06.laplacian_threshold = 30
  jsfeat.yape06.min_eigen_value_threshold = 25
  const count = jsfeat.yape06.detect(image, pool, 8)
  const sorted = pool.slice(0, count).sort((a, b) => b.score - a.score)
  const minDistance = Math.max(4, Math.sqrt((image.cols * image.rows) / (max * 3)))
  const kept: jsfeat.keypoint_t[] = []
  for (const k of sorted) {
    if (kept.length >= max) break
    if (kept.some((q) => (q.x - k.x) ** 2 + (q.y - k.y) ** 2 < minDistance * minDistance)) continue
    kept.push(k)
  }
  return Float32Array.from(kept.flatMap((k) => [k.x * toRef, k.y * toRef]))
}

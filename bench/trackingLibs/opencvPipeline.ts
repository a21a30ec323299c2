/**
 * opencv.js (@techstark/opencv-js 4.12.0-release.1, the server's build) behind the Pipeline
 * interface: ORB + BFMatcher.knnMatch + findHomography(RANSAC) for detection;
 * calcOpticalFlowPyrLK + findHomography(RANSAC) for tracking; goodFeaturesToTrack, pyrDown and
 * warpPerspective around them. This build does not export buildOpticalFlowPyramid, so every
 * calcOpticalFlowPyrLK call builds both pyramids again (the previous frame's included).
 */
import cvModule from '@techstark/opencv-js'
import type { GreyImage } from '../../src/tracking/GreyImage'
import { applyH, type Mat3 } from '../../src/tracking/homography'
import { readyOpenCv, type CvMat, type CvORB, type OpenCv } from './opencv'
import type { FlowFrom, Fit, Pipeline } from './pipeline'
import * as rules from './rules'

interface ReferenceLevel {
  image: CvMat
  /** x, y per tracking point, in reference (level-0) pixels. */
  points: Float32Array
}

export class OpenCvPipeline implements Pipeline {
  readonly name: string
  readonly #flowFrom: FlowFrom
  #cv: OpenCv | null = null
  #width = 0
  #height = 0
  #levels: ReferenceLevel[] = []
  #descriptors: CvMat | null = null
  #positions = new Float32Array(0)
  #orb: CvORB | null = null
  /** Same budget with FAST's threshold halved, for a dim view (as src/tracking retries). */
  #orbLow: CvORB | null = null
  /** Mats of the last two frames, by frame object. */
  #mats = new Map<GreyImage, CvMat>()

  constructor(flowFrom: FlowFrom = 'previous') {
    this.#flowFrom = flowFrom
    this.name = flowFrom === 'previous' ? 'opencv' : 'opencv-ref'
  }

  async init(reference: GreyImage): Promise<void> {
    const cv = (this.#cv = await readyOpenCv(cvModule))
    this.#width = reference.width
    this.#height = reference.height
    const base = cv.matFromArray(reference.height, reference.width, cv.CV_8UC1, reference.data)
    const images = [base]
    while (images.length < 6 && Math.min(images.at(-1)!.cols, images.at(-1)!.rows) >= 48) {
      const next = new cv.Mat()
      cv.pyrDown(images.at(-1)!, next)
      images.push(next)
    }
    this.#levels = images.map((image, level) => ({ image, points: this.#goodFeatures(image, rules.TRACK_POINTS, 2 ** level) }))
    // The reference at √2 steps down to ~64 px, as src/tracking's ReferenceTarget: one ORB over that many levels.
    let levels = 0
    for (let s = 1; Math.min(reference.width, reference.height) * s >= 2 * 31 + 24; s /= Math.SQRT2) levels++
    const referenceOrb = new cv.ORB(rules.REFERENCE_FEATURES_PER_SCALE * levels, Math.SQRT2, levels, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 16)
    const keypoints = new cv.KeyPointVector()
    const mask = new cv.Mat()
    this.#descriptors = new cv.Mat()
    referenceOrb.detectAndCompute(base, mask, keypoints, this.#descriptors)
    this.#positions = new Float32Array(keypoints.size() * 2)
    for (let i = 0; i < keypoints.size(); i++) {
      const k = keypoints.get(i)
      this.#positions[2 * i] = k.pt.x
      this.#positions[2 * i + 1] = k.pt.y
    }
    keypoints.delete()
    mask.delete()
    referenceOrb.delete()
    // Frame: the budget src/tracking spends at full size and at half size. ORB gives level l a share
    // of nfeatures in proportion to 1/scaleFactor^l, so 2 levels at scale 2 split it exactly 2 : 1.
    this.#orb = new cv.ORB(rules.FRAME_FEATURES + rules.FRAME_FEATURES_HALF, 2, 2, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 20)
    this.#orbLow = new cv.ORB(rules.FRAME_FEATURES + rules.FRAME_FEATURES_HALF, 2, 2, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 10)
  }

  detect(frame: GreyImage): Fit | null {
    const cv = this.#cv!
    const image = this.#matFor(frame)
    const mask = new cv.Mat()
    let keypoints = new cv.KeyPointVector()
    let descriptors = new cv.Mat()
    this.#orb!.detectAndCompute(image, mask, keypoints, descriptors)
    if (keypoints.size() < (rules.FRAME_FEATURES + rules.FRAME_FEATURES_HALF) / 2) {
      keypoints.delete()
      descriptors.delete()
      keypoints = new cv.KeyPointVector()
      descriptors = new cv.Mat()
      this.#orbLow!.detectAndCompute(image, mask, keypoints, descriptors)
    }
    mask.delete()
    try {
      if (keypoints.size() < 8 || descriptors.rows === 0) return null
      // k = 4: the ratio test's runner-up must sit elsewhere on the print, as in src/tracking (the
      // reference pyramid holds each corner at several levels, and a corner must not lose to its copy).
      const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false)
      const knn = new cv.DMatchVectorVector()
      matcher.knnMatch(descriptors, this.#descriptors!, knn, 4)
      const src: number[] = []
      const dst: number[] = []
      for (let i = 0; i < knn.size(); i++) {
        const row = knn.get(i)
        const best = row.size() > 0 ? row.get(0) : null
        if (best && best.distance <= rules.MATCH_MAX_DISTANCE) {
          let second = 257
          for (let j = 1; j < row.size(); j++) {
            const m = row.get(j)
            const dx = this.#positions[2 * m.trainIdx]! - this.#positions[2 * best.trainIdx]!
            const dy = this.#positions[2 * m.trainIdx + 1]! - this.#positions[2 * best.trainIdx + 1]!
            if (dx * dx + dy * dy > 36) {
              second = m.distance
              break
            }
          }
          if (best.distance < rules.MATCH_RATIO * second) {
            const k = keypoints.get(best.queryIdx)
            src.push(this.#positions[2 * best.trainIdx]!, this.#positions[2 * best.trainIdx + 1]!)
            dst.push(k.pt.x, k.pt.y)
          }
        }
        row.delete()
      }
      knn.delete()
      matcher.delete()
      const matches = src.length / 2
      if (matches < 8) return null
      const fit = this.#homography(src, dst, rules.DETECT_RANSAC_PX, rules.DETECT_RANSAC_ITERATIONS)
      if (!fit || fit.inliers < rules.DETECT_MIN_INLIERS || fit.inliers < rules.DETECT_MIN_SHARE * matches) return null
      return fit
    } finally {
      keypoints.delete()
      descriptors.delete()
    }
  }

  track(frame: GreyImage, previous: GreyImage, h: Mat3, predicted: Mat3): Fit | null {
    if (this.#flowFrom === 'previous') return this.#flow(frame, this.#matFor(previous), h)
    const warped = this.#warpedReference(predicted, frame)
    try {
      return this.#flow(frame, warped, predicted)
    } finally {
      warped.delete()
    }
  }

  get refine(): ((frame: GreyImage, h: Mat3) => Fit | null) | undefined {
    if (this.#flowFrom !== 'reference') return undefined
    return (frame, h) => {
      const warped = this.#warpedReference(h, frame)
      try {
        return this.#flow(frame, warped, h)
      } finally {
        warped.delete()
      }
    }
  }

  /** LK from `from` (an image where the print sits at pose `h`) to `frame`, then RANSAC. */
  #flow(frame: GreyImage, from: CvMat, h: Mat3): Fit | null {
    const cv = this.#cv!
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
    const prevPts = cv.matFromArray(tried, 1, cv.CV_32FC2, prevXy)
    const nextPts = new cv.Mat()
    const status = new cv.Mat()
    const err = new cv.Mat()
    const criteria = new cv.TermCriteria(cv.TERM_CRITERIA_COUNT | cv.TERM_CRITERIA_EPS, rules.FLOW_ITERATIONS, 0.01)
    cv.calcOpticalFlowPyrLK(
      from,
      this.#matFor(frame),
      prevPts,
      nextPts,
      status,
      err,
      new cv.Size(rules.FLOW_WINDOW, rules.FLOW_WINDOW),
      rules.FLOW_LEVELS - 1,
      criteria,
      0,
      1e-4,
    )
    const a: number[] = []
    const b: number[] = []
    for (let k = 0; k < tried; k++) {
      if (!status.data[k]) continue
      a.push(src[2 * k]!, src[2 * k + 1]!)
      b.push(nextPts.data32F[2 * k]!, nextPts.data32F[2 * k + 1]!)
    }
    prevPts.delete()
    nextPts.delete()
    status.delete()
    err.delete()
    if (a.length / 2 < rules.FLOW_MIN_INLIERS) return null
    const fit = this.#homography(a, b, rules.FLOW_RANSAC_PX, rules.FLOW_RANSAC_ITERATIONS)
    if (!fit || fit.inliers < rules.FLOW_MIN_INLIERS || fit.inliers < rules.FLOW_MIN_SHARE * tried) return null
    return fit
  }

  /** findHomography(RANSAC) (OpenCV refines the winner on its inliers with Levenberg–Marquardt). */
  #homography(src: number[], dst: number[], threshold: number, iterations: number): Fit | null {
    const cv = this.#cv!
    const n = src.length / 2
    const a = cv.matFromArray(n, 1, cv.CV_32FC2, src)
    const b = cv.matFromArray(n, 1, cv.CV_32FC2, dst)
    const mask = new cv.Mat()
    const m = cv.findHomography(a, b, cv.RANSAC, threshold, mask, iterations, 0.995)
    try {
      if (m.empty()) return null
      const h = Float64Array.from(m.data64F)
      if (!h.every(Number.isFinite) || !rules.plausible(h, this.#width, this.#height)) return null
      let inliers = 0
      for (let i = 0; i < n; i++) inliers += mask.data[i] ? 1 : 0
      return { h, inliers }
    } finally {
      a.delete()
      b.delete()
      mask.delete()
      m.delete()
    }
  }

  /** The reference level that matches the print's size, warped into frame pixels at pose `h`. */
  #warpedReference(h: Mat3, frame: GreyImage): CvMat {
    const cv = this.#cv!
    const level = rules.levelFor(rules.localScale(h, this.#width / 2, this.#height / 2), this.#levels.length)
    const s = 2 ** level
    // Level pixels → frame pixels: h · diag(s, s, 1).
    const m = cv.matFromArray(3, 3, cv.CV_64FC1, [h[0]! * s, h[1]! * s, h[2]!, h[3]! * s, h[4]! * s, h[5]!, h[6]! * s, h[7]! * s, h[8]!])
    const out = new cv.Mat()
    cv.warpPerspective(this.#levels[level]!.image, out, m, new cv.Size(frame.width, frame.height), cv.INTER_LINEAR, cv.BORDER_REPLICATE)
    m.delete()
    return out
  }

  /** goodFeaturesToTrack (Shi–Tomasi, 7×7 blocks), spacing as src/tracking's ReferenceTarget. */
  #goodFeatures(image: CvMat, max: number, toRef: number): Float32Array {
    const cv = this.#cv!
    const corners = new cv.Mat()
    const mask = new cv.Mat()
    const minDistance = Math.max(4, Math.sqrt((image.cols * image.rows) / (max * 3)))
    cv.goodFeaturesToTrack(image, corners, max, 0.01, minDistance, mask, 7, false, 0.04)
    const out = Float32Array.from(corners.data32F, (v) => v * toRef)
    corners.delete()
    mask.delete()
    return out
  }

  #matFor(frame: GreyImage): CvMat {
    let mat = this.#mats.get(frame)
    if (!mat) {
      const cv = this.#cv!
      mat = new cv.Mat(frame.height, frame.width, cv.CV_8UC1)
      mat.data.set(frame.data)
      // Keep the newest two: the current frame and the one before it.
      if (this.#mats.size >= 2) {
        const oldest = this.#mats.keys().next().value!
        this.#mats.get(oldest)!.delete()
        this.#mats.delete(oldest)
      }
      this.#mats.set(frame, mat)
    }
    return mat
  }
}

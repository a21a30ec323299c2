/**
 * Pyramidal Lucas–Kanade against the print itself, not against the previous frame: each tracking
 * point's template is the reference image warped by the predicted homography, so errors do not
 * accumulate (no drift) and a point that was occluded comes back on its own. Per window the
 * template's gain and bias are matched to the frame's, so a lighting ramp or glare does not pull
 * the points. The result is a set of reference → frame correspondences for a robust refit.
 */
import type { GreyImage } from './GreyImage'
import { applyH, invert3, type Mat3 } from './homography'
import type { ReferenceTarget } from './ReferenceTarget'

export interface FlowOptions {
  /** Half window size (px): the window is (2·half+1)². @default 5 */
  half?: number
  /** Gauss–Newton iterations per level. @default 10 */
  iterations?: number
  /** Correlation of template and frame window a point needs to count. @default 0.7 */
  minNcc?: number
}

export interface FlowResult {
  /** Reference positions (x, y) of the points that converged. */
  src: Float32Array
  /** Their positions in the frame (level-0 pixels). */
  dst: Float32Array
  /** Normalised cross-correlation of each converged point's window (−1…1). */
  ncc: Float32Array
  count: number
  /** Points that were inside the frame and tried. */
  tried: number
}

/**
 * @param frame the frame pyramid, level 0 first
 * @param h reference → level-0 frame pixels (the prediction)
 */
export function trackTemplates(frame: readonly GreyImage[], h: Mat3, reference: ReferenceTarget, options: FlowOptions = {}): FlowResult {
  const half = options.half ?? 5
  const iterations = options.iterations ?? 10
  const minNcc = options.minNcc ?? 0.7
  const size = 2 * half + 1
  const n = size * size
  const base = frame[0]!

  // The print's size on screen picks the reference level (and so the point set).
  const pixelsPerRef = localScale(h, reference.width / 2, reference.height / 2)
  const refLevel = reference.levelFor(pixelsPerRef)
  const points = reference.trackPointsAt(refLevel)
  const count = points.length / 2
  // Coarse levels only help while the print is big enough there to carry texture.
  let top = frame.length - 1
  while (top > 0 && (pixelsPerRef * reference.width) / 2 ** top < 28) top--

  const hInvs: Mat3[] = []
  const hs: Mat3[] = []
  for (let l = 0; l <= top; l++) {
    const s = 1 / 2 ** l
    const hl = Float64Array.of(h[0]! * s, h[1]! * s, h[2]! * s, h[3]! * s, h[4]! * s, h[5]! * s, h[6]!, h[7]!, h[8]!)
    hs.push(hl)
    hInvs.push(invert3(hl) ?? hl)
  }

  const template = new Float32Array((size + 2) * (size + 2))
  const gx = new Float32Array(n)
  const gy = new Float32Array(n)
  const t = new Float32Array(n)
  const win = new Float32Array(n)
  const src = new Float32Array(count * 2)
  const dst = new Float32Array(count * 2)
  const nccs = new Float32Array(count)
  const p = [0, 0]
  const q = [0, 0]
  let found = 0
  let tried = 0

  for (let i = 0; i < count; i++) {
    const rx = points[2 * i]!
    const ry = points[2 * i + 1]!
    applyH(h, rx, ry, p)
    if (!(p[0]! >= half + 1 && p[1]! >= half + 1 && p[0]! < base.width - half - 2 && p[1]! < base.height - half - 2)) continue
    tried++
    let dx = 0
    let dy = 0
    let ok = true
    let ncc = 0
    for (let l = top; l >= 0; l--) {
      const image = frame[l]!
      applyH(hs[l]!, rx, ry, q)
      const cx = q[0]!
      const cy = q[1]!
      // Template: the reference seen through the predicted homography, one pixel of margin for
      // gradients. Over a 13-px window the homography is affine to well under a hundredth of a
      // pixel, so the window is sampled along its local Jacobian (no division per pixel).
      const hl = hInvs[l]!
      const scaleHere = localScale(hs[l]!, rx, ry)
      const level = reference.levelFor(scaleHere)
      const ref = reference.levels[level]!
      const toLevel = 1 / 2 ** level
      const w0 = hl[6]! * cx + hl[7]! * cy + hl[8]!
      const u0 = (hl[0]! * cx + hl[1]! * cy + hl[2]!) / w0
      const v0 = (hl[3]! * cx + hl[4]! * cy + hl[5]!) / w0
      const dudx = ((hl[0]! - hl[6]! * u0) / w0) * toLevel
      const dudy = ((hl[1]! - hl[7]! * u0) / w0) * toLevel
      const dvdx = ((hl[3]! - hl[6]! * v0) / w0) * toLevel
      const dvdy = ((hl[4]! - hl[7]! * v0) / w0) * toLevel
      sampleAffine(ref, u0 * toLevel, v0 * toLevel, dudx, dudy, dvdx, dvdy, half + 1, template)
      let sxx = 0
      let syy = 0
      let sxy = 0
      let mean = 0
      const stride = size + 2
      for (let wy = 0, k = 0; wy < size; wy++) {
        for (let wx = 0; wx < size; wx++, k++) {
          const c = (wy + 1) * stride + wx + 1
          const ex = (template[c + 1]! - template[c - 1]!) / 2
          const ey = (template[c + stride]! - template[c - stride]!) / 2
          gx[k] = ex
          gy[k] = ey
          t[k] = template[c]!
          mean += template[c]!
          sxx += ex * ex
          syy += ey * ey
          sxy += ex * ey
        }
      }
      mean /= n
      let variance = 0
      for (let k = 0; k < n; k++) {
        t[k]! -= mean
        variance += t[k]! * t[k]!
      }
      const det = sxx * syy - sxy * sxy
      // A flat or edge-only window cannot place the point: skip the level (finer ones may work).
      if (det < 1e-3 * (sxx + syy) ** 2 || variance < n * 4) {
        if (l === 0) ok = false
        if (l > 0) {
          dx *= 2
          dy *= 2
        }
        continue
      }
      const tStd = Math.sqrt(variance / n)
      const inv00 = syy / det
      const inv01 = -sxy / det
      const inv11 = sxx / det
      for (let it = 0; it < iterations; it++) {
        // Frame window at the current guess, matched to the template's gain and bias.
        const wm = sampleShifted(image, cx + dx, cy + dy, half, win)
        let wv = 0
        for (let k = 0; k < n; k++) {
          win[k]! -= wm
          wv += win[k]! * win[k]!
        }
        const gain = wv > 1e-6 ? tStd / Math.sqrt(wv / n) : 1
        let bx = 0
        let by = 0
        let cross = 0
        for (let k = 0; k < n; k++) {
          const e = win[k]! * gain - t[k]!
          bx += gx[k]! * e
          by += gy[k]! * e
          cross += win[k]! * t[k]!
        }
        ncc = wv > 1e-6 ? cross / Math.sqrt(wv * variance) : 0
        const ux = inv00 * bx + inv01 * by
        const uy = inv01 * bx + inv11 * by
        dx -= ux
        dy -= uy
        if (ux * ux + uy * uy < 1e-4) break
        if (Math.abs(dx) > half * 4 || Math.abs(dy) > half * 4) {
          ok = false
          break
        }
      }
      if (!ok) break
      if (l > 0) {
        dx *= 2
        dy *= 2
      }
    }
    if (!ok || ncc < minNcc) continue
    applyH(h, rx, ry, q)
    src[2 * found] = rx
    src[2 * found + 1] = ry
    dst[2 * found] = q[0]! + dx
    dst[2 * found + 1] = q[1]! + dy
    nccs[found] = ncc
    found++
  }
  return { src: src.subarray(0, found * 2), dst: dst.subarray(0, found * 2), ncc: nccs.subarray(0, found), count: found, tried }
}

/** Frame pixels per reference pixel near (x, y): √|det J| of the homography there. */
export function localScale(h: ArrayLike<number>, x: number, y: number): number {
  const w = h[6]! * x + h[7]! * y + h[8]!
  const u = (h[0]! * x + h[1]! * y + h[2]!) / w
  const v = (h[3]! * x + h[4]! * y + h[5]!) / w
  const j00 = (h[0]! - h[6]! * u) / w
  const j01 = (h[1]! - h[7]! * u) / w
  const j10 = (h[3]! - h[6]! * v) / w
  const j11 = (h[4]! - h[7]! * v) / w
  return Math.sqrt(Math.abs(j00 * j11 - j01 * j10))
}

/**
 * The (2r+1)² window centred on (x, y): every pixel shares the same fractional offset, so the
 * bilinear weights are computed once and each sample is four reads. Edges clamp. Returns the mean.
 */
function sampleShifted(image: GreyImage, x: number, y: number, r: number, out: Float32Array): number {
  const { width: w, height: h, data } = image
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const w00 = (1 - fx) * (1 - fy)
  const w10 = fx * (1 - fy)
  const w01 = (1 - fx) * fy
  const w11 = fx * fy
  let sum = 0
  let k = 0
  for (let wy = -r; wy <= r; wy++) {
    const ya = clampIndex(y0 + wy, h) * w
    const yb = clampIndex(y0 + wy + 1, h) * w
    for (let wx = -r; wx <= r; wx++, k++) {
      const xa = clampIndex(x0 + wx, w)
      const xb = clampIndex(x0 + wx + 1, w)
      const v = w00 * data[ya + xa]! + w10 * data[ya + xb]! + w01 * data[yb + xa]! + w11 * data[yb + xb]!
      out[k] = v
      sum += v
    }
  }
  return sum / k
}

/** Bilinear samples of `image` on the grid (u, v) + a·(i, j), i, j in −r…r, row by row. */
function sampleAffine(
  image: GreyImage,
  u: number,
  v: number,
  dudx: number,
  dudy: number,
  dvdx: number,
  dvdy: number,
  r: number,
  out: Float32Array,
): void {
  const { width: w, height: h, data } = image
  const maxX = w - 1
  const maxY = h - 1
  let k = 0
  for (let j = -r; j <= r; j++) {
    for (let i = -r; i <= r; i++, k++) {
      let x = u + dudx * i + dudy * j
      let y = v + dvdx * i + dvdy * j
      x = x < 0 ? 0 : x > maxX ? maxX : x
      y = y < 0 ? 0 : y > maxY ? maxY : y
      const x0 = x | 0
      const y0 = y | 0
      const x1 = x0 < maxX ? x0 + 1 : x0
      const y1 = y0 < maxY ? y0 + 1 : y0
      const fx = x - x0
      const fy = y - y0
      const a = data[y0 * w + x0]!
      const b = data[y0 * w + x1]!
      const c = data[y1 * w + x0]!
      const d = data[y1 * w + x1]!
      const top = a + (b - a) * fx
      out[k] = top + (c + (d - c) * fx - top) * fy
    }
  }
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i
}

/**
 * Camera frames of a print at known corners, made in plain TypeScript: the print's RGB pixels
 * warped by the homography its four corners define, over a background, then optional defocus,
 * sensor noise, a lighting gain and an occluding "hand". The ground truth is exact (the corners
 * were chosen), so the tracker's unit tests, its e2e clip and `bench:tracking` all score against it.
 */
import sharp from 'sharp'
import { fitHomography, invert3, applyH } from '../../src/tracking/homography.ts'

export interface RgbImage {
  width: number
  height: number
  /** RGB, 3 bytes per pixel. */
  data: Uint8Array
}

export type Corners = [[number, number], [number, number], [number, number], [number, number]]

export async function loadRgb(file: string | Buffer, maxSide?: number): Promise<RgbImage> {
  let image = sharp(file).removeAlpha()
  if (maxSide) image = image.resize({ width: maxSide, height: maxSide, fit: 'inside' })
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

/** A background of the given size: `source` cover-resized, or a soft gradient with blotches. */
export async function makeBackground(width: number, height: number, source?: string | Buffer): Promise<RgbImage> {
  if (source) {
    const { data } = await sharp(source).removeAlpha().resize(width, height, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true })
    return { width, height, data: new Uint8Array(data) }
  }
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      data[i] = 90 + (60 * x) / width
      data[i + 1] = 85 + (40 * y) / height
      data[i + 2] = 80
    }
  }
  return { width, height, data }
}

export interface RenderOptions {
  /** Multiplies the print's brightness (lighting ramp: 0.5 dim … 1.4 glare). @default 1 */
  gain?: number
  /** Gaussian defocus sigma in px, applied to the whole frame. @default 0 */
  blur?: number
  /** Sensor noise sigma in grey levels. @default 0 */
  noise?: number
  /** Seed for the noise. @default 1 */
  seed?: number
  /** Occluder: a skin-toned ellipse covering this share of the print's area, at its right side. @default 0 */
  occlusion?: number
  /** Horizontal motion blur length in px. @default 0 */
  motionBlur?: number
}

/** Draws `print` with its corners at `corners` (TL, TR, BR, BL in frame px) over a copy of `background`. */
export function renderPrint(print: RgbImage, background: RgbImage, corners: Corners, options: RenderOptions = {}): RgbImage {
  const { width, height } = background
  const out = new Uint8Array(background.data)
  const src = Float64Array.of(0, 0, print.width, 0, print.width, print.height, 0, print.height)
  const dst = Float64Array.from(corners.flat())
  const h = fitHomography(src, dst)
  const inv = h && invert3(h)
  if (!inv) throw new Error('renderPrint: degenerate corners')
  const gain = options.gain ?? 1
  const xs = corners.map((c) => c[0])
  const ys = corners.map((c) => c[1])
  const x0 = Math.max(0, Math.floor(Math.min(...xs)))
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)))
  const y0 = Math.max(0, Math.floor(Math.min(...ys)))
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)))
  const p = [0, 0]
  // 2×2 supersampling: the print's edge and fine print are anti-aliased, as a lens would.
  const offsets = [-0.25, 0.25]
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let r = 0
      let g = 0
      let b = 0
      let inside = 0
      for (const oy of offsets) {
        for (const ox of offsets) {
          applyH(inv, x + ox, y + oy, p)
          const u = p[0]!
          const v = p[1]!
          if (u < 0 || v < 0 || u >= print.width || v >= print.height) continue
          const [pr, pg, pb] = bilinearRgb(print, u - 0.5, v - 0.5)
          r += pr
          g += pg
          b += pb
          inside++
        }
      }
      if (!inside) continue
      const i = (y * width + x) * 3
      const a = inside / 4
      out[i] = clamp8(out[i]! * (1 - a) + (r / inside) * gain * a)
      out[i + 1] = clamp8(out[i + 1]! * (1 - a) + (g / inside) * gain * a)
      out[i + 2] = clamp8(out[i + 2]! * (1 - a) + (b / inside) * gain * a)
    }
  }
  let image: RgbImage = { width, height, data: out }
  if (options.occlusion) occlude(image, corners, options.occlusion)
  if (options.motionBlur) image = motionBlur(image, options.motionBlur)
  if (options.blur) image = gaussianBlur(image, options.blur)
  if (options.noise) addNoise(image, options.noise, options.seed ?? 1)
  return image
}

/** Luma of an RGB image (BT.601, as the tracker's own conversion). */
export function toGrey(image: RgbImage): { width: number; height: number; data: Uint8Array } {
  const grey = new Uint8Array(image.width * image.height)
  for (let i = 0, j = 0; i < grey.length; i++, j += 3)
    grey[i] = (image.data[j]! * 77 + image.data[j + 1]! * 150 + image.data[j + 2]! * 29) >> 8
  return { width: image.width, height: image.height, data: grey }
}

/** Corners of a print `widthPx` wide (aspect of `print`) centred at (cx, cy), turned `rollDeg` in the image plane and tilted `tiltDeg` about its horizontal axis (simple perspective). */
export function cornersAt(
  print: { width: number; height: number },
  cx: number,
  cy: number,
  widthPx: number,
  rollDeg = 0,
  tiltDeg = 0,
  focalPx = 600,
): Corners {
  const w = widthPx
  const hgt = (widthPx * print.height) / print.width
  const tilt = (tiltDeg * Math.PI) / 180
  const roll = (rollDeg * Math.PI) / 180
  const distance = focalPx
  const pts = [
    [-w / 2, -hgt / 2],
    [w / 2, -hgt / 2],
    [w / 2, hgt / 2],
    [-w / 2, hgt / 2],
  ].map(([x, y]) => {
    // Tilt about the x axis: y shrinks, z moves; then project with the focal length.
    const yy = y! * Math.cos(tilt)
    const z = distance + y! * Math.sin(tilt)
    const px = (x! * distance) / z
    const py = (yy * distance) / z
    return [cx + px * Math.cos(roll) - py * Math.sin(roll), cy + px * Math.sin(roll) + py * Math.cos(roll)] as [number, number]
  })
  return pts as Corners
}

function bilinearRgb(image: RgbImage, x: number, y: number): [number, number, number] {
  const w = image.width
  const h = image.height
  const cx = Math.min(Math.max(x, 0), w - 1)
  const cy = Math.min(Math.max(y, 0), h - 1)
  const x0 = Math.floor(cx)
  const y0 = Math.floor(cy)
  const x1 = Math.min(x0 + 1, w - 1)
  const y1 = Math.min(y0 + 1, h - 1)
  const fx = cx - x0
  const fy = cy - y0
  const d = image.data
  const out: [number, number, number] = [0, 0, 0]
  for (let c = 0; c < 3; c++) {
    const a = d[(y0 * w + x0) * 3 + c]!
    const b = d[(y0 * w + x1) * 3 + c]!
    const e = d[(y1 * w + x0) * 3 + c]!
    const f = d[(y1 * w + x1) * 3 + c]!
    out[c] = (a + (b - a) * fx) * (1 - fy) + (e + (f - e) * fx) * fy
  }
  return out
}

function occlude(image: RgbImage, corners: Corners, share: number): void {
  // An ellipse centred on the print's right half whose area is `share` of the print's.
  const [tl, tr, br, bl] = corners
  const cx = ((tr[0] + br[0]) / 2) * 0.75 + ((tl[0] + bl[0]) / 2) * 0.25
  const cy = (tl[1] + tr[1] + br[1] + bl[1]) / 4
  const area = Math.abs((tr[0] - tl[0]) * (bl[1] - tl[1]) - (tr[1] - tl[1]) * (bl[0] - tl[0]))
  const ry = Math.sqrt((area * share) / Math.PI / 0.6)
  const rx = ry * 0.6
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(image.height, cy + ry); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(image.width, cx + rx); x++) {
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue
      const i = (y * image.width + x) * 3
      const shade = 1 - 0.25 * ((x - cx) / rx)
      image.data[i] = clamp8(205 * shade)
      image.data[i + 1] = clamp8(160 * shade)
      image.data[i + 2] = clamp8(135 * shade)
    }
  }
}

function gaussianBlur(image: RgbImage, sigma: number): RgbImage {
  const radius = Math.max(1, Math.ceil(sigma * 2.5))
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)))
  const sum = kernel.reduce((a, b) => a + b, 0)
  return convolve(
    image,
    kernel.map((k) => k / sum),
    true,
  )
}

function motionBlur(image: RgbImage, length: number): RgbImage {
  const n = Math.max(1, Math.round(length))
  return convolve(
    image,
    Array.from({ length: n }, () => 1 / n),
    false,
  )
}

/** Separable convolution; vertical pass only when `both`. */
function convolve(image: RgbImage, kernel: number[], both: boolean): RgbImage {
  const { width: w, height: h } = image
  const r = (kernel.length - 1) >> 1
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(src.length)
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          let acc = 0
          for (let k = -r; k <= r; k++) {
            const xx = horizontal ? Math.min(w - 1, Math.max(0, x + k)) : x
            const yy = horizontal ? y : Math.min(h - 1, Math.max(0, y + k))
            acc += src[(yy * w + xx) * 3 + c]! * kernel[k + r]!
          }
          out[(y * w + x) * 3 + c] = clamp8(acc)
        }
      }
    }
    return out
  }
  let data = pass(image.data, true)
  if (both) data = pass(data, false)
  return { width: w, height: h, data }
}

function addNoise(image: RgbImage, sigma: number, seed: number): void {
  let s = seed >>> 0 || 1
  const random = (): number => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
  for (let i = 0; i < image.data.length; i += 3) {
    const n = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * sigma
    for (let c = 0; c < 3; c++) image.data[i + c] = clamp8(image.data[i + c]! + n)
  }
}

function clamp8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
}

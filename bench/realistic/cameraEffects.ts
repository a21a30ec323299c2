/**
 * What a phone camera and the app's capture do to a rendered view, in the order they happen:
 * auto-exposure, defocus and motion blur (optics, hand shake), sensor noise that grows with the
 * exposure gain, then
 * the app's capture (scaled so the long side is `longSide`, JPEG at the view's quality).
 * Deterministic: the noise comes from the view's seed.
 */
import sharp from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { loadOpenCv } from '../../server/src/engine/loadOpenCv.ts'
import type { ViewSpec } from './viewSpecs.ts'

export interface CaptureSettings {
  /** Long side of the frame sent, px (the app's captureLongSide). */
  longSide: number
  /** JPEG quality 0–1; `undefined` uses the view's own (0.5–0.75). */
  quality?: number
}

/** The camera frame (raw RGB, spec size) after optics and sensor; not yet captured. */
export async function cameraFrame(rendered: Buffer, spec: ViewSpec): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(rendered).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let rgb: Buffer = data
  const gain = autoExposure(rgb, spec)
  if (spec.motionPx >= 1) rgb = await motionBlur(rgb, info.width, info.height, spec.motionPx, spec.motionDeg)
  if (spec.defocusPx >= 0.3)
    rgb = await sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } })
      .blur(spec.defocusPx)
      .raw()
      .toBuffer()
  addSensorNoise(rgb, spec, gain)
  return { data: rgb, width: info.width, height: info.height }
}

/** The mean grey a phone's auto-exposure aims at (about 18 % reflectance in sRGB). */
const EXPOSURE_TARGET = 118
/** Most gain a phone camera applies before the picture stays dark (a high ISO). */
const MAX_GAIN = 4

/**
 * A phone camera meters the scene and scales the signal to a mid-grey mean; in a dim room it runs
 * out of gain and the frame stays darker and noisier. Without this, "dim" views were uniformly
 * darkened to half contrast, which no phone delivers (ORB's FAST threshold is absolute, so such
 * frames held almost no features). Returns the gain applied, which scales the sensor noise.
 */
function autoExposure(rgb: Buffer, spec: ViewSpec): number {
  let sum = 0
  for (let p = 0; p < rgb.length; p += 3) sum += 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!
  const mean = Math.max(1, sum / (rgb.length / 3))
  // Bright scenes are metered to the target; dim ones (low exposure) fall a little short of it.
  const aim = EXPOSURE_TARGET * Math.min(1, 0.7 + 0.3 * (spec.light.exposure / 0.55))
  const gain = Math.min(MAX_GAIN, Math.max(0.6, aim / mean))
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.round(rgb[i]! * gain))
  return gain
}

/** The JPEG the app would send for this frame. */
export async function capture(
  frame: { data: Buffer; width: number; height: number },
  spec: ViewSpec,
  settings: CaptureSettings,
): Promise<Buffer> {
  const quality = settings.quality ?? spec.jpegQuality
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .resize(settings.longSide, settings.longSide, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: Math.round(quality * 100) })
    .toBuffer()
}

/** A straight streak of `length` px at `angleDeg`, as a normalised line kernel. */
async function motionBlur(rgb: Buffer, width: number, height: number, length: number, angleDeg: number): Promise<Buffer> {
  const cv = await loadOpenCv()
  const size = Math.ceil(length) | 1
  const kernel = new Float32Array(size * size)
  const c = (size - 1) / 2
  const [dx, dy] = [Math.cos((angleDeg * Math.PI) / 180), Math.sin((angleDeg * Math.PI) / 180)]
  let sum = 0
  for (let i = 0; i <= 4 * size; i++) {
    const t = (i / (4 * size) - 0.5) * length
    const x = Math.round(c + t * dx)
    const y = Math.round(c + t * dy)
    if (x >= 0 && y >= 0 && x < size && y < size && kernel[y * size + x] === 0) {
      kernel[y * size + x] = 1
      sum++
    }
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum
  const src = cv.matFromArray(height, width, cv.CV_8UC3, rgb)
  const k = cv.matFromArray(size, size, cv.CV_32FC1, kernel)
  const dst = new cv.Mat()
  try {
    cv.filter2D(src, dst, -1, k, new cv.Point(-1, -1), 0, cv.BORDER_REFLECT)
    return Buffer.from(dst.data)
  } finally {
    src.delete()
    k.delete()
    dst.delete()
  }
}

/**
 * Gaussian luminance noise plus weaker colour noise, amplified with the exposure gain (a dim room
 * is a high ISO). Draws come from a table of normal samples indexed by the seeded generator: one
 * random number per pixel instead of four Box–Muller pairs (the frame has ~1 M pixels).
 */
function addSensorNoise(rgb: Buffer, spec: ViewSpec, gain: number): void {
  const rnd = mulberry32(spec.seed ^ 0x9e3779b9)
  const sigma = spec.noise * Math.sqrt(Math.max(1, gain))
  const normals = normalTable(rnd)
  for (let p = 0; p < rgb.length; p += 3) {
    const r = (rnd() * 0x100000000) >>> 0
    const luma = normals[r & 4095]! * sigma
    for (let c = 0; c < 3; c++) {
      const v = rgb[p + c]! + luma + normals[(r >>> (8 + 8 * c)) & 4095]! * sigma * 0.35
      rgb[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
    }
  }
}

/** 4096 standard normal samples (Box–Muller). */
function normalTable(rnd: () => number): Float32Array {
  const table = new Float32Array(4096)
  for (let i = 0; i < table.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(1e-12, rnd())))
    const a = 2 * Math.PI * rnd()
    table[i] = r * Math.cos(a)
    table[i + 1] = r * Math.sin(a)
  }
  return table
}

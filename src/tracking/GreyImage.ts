/**
 * An 8-bit single-channel image, the tracker's only pixel format: frames arrive as RGBA from a
 * canvas and are reduced to luma once; every later step (pyramids, features, optical flow) reads
 * these. Pure functions, no DOM: they run in the tracking worker and in unit tests alike.
 */
export interface GreyImage {
  readonly width: number
  readonly height: number
  readonly data: Uint8Array
}

export function createGrey(width: number, height: number): GreyImage {
  return { width, height, data: new Uint8Array(width * height) }
}

/** RGBA (canvas ImageData layout) → luma, BT.601 weights in fixed point (the camera's own matrix). */
export function rgbaToGrey(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, out?: GreyImage): GreyImage {
  const image = out && out.width === width && out.height === height ? out : createGrey(width, height)
  const grey = image.data
  for (let i = 0, j = 0, n = width * height; i < n; i++, j += 4) {
    grey[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8
  }
  return image
}

/**
 * Half-size image through a [1 4 6 4 1]/16 Gaussian in both directions (OpenCV's pyrDown):
 * the blur keeps the smaller level from aliasing, which optical flow and BRIEF both hate.
 */
export function pyrDown(src: GreyImage): GreyImage {
  const w = src.width
  const h = src.height
  const dw = Math.max(1, w >> 1)
  const dh = Math.max(1, h >> 1)
  const s = src.data
  // Horizontal pass at full height, every other column, in 16ths.
  const tmp = new Uint16Array(dw * h)
  for (let y = 0; y < h; y++) {
    const row = y * w
    for (let x = 0; x < dw; x++) {
      const cx = 2 * x
      const a = s[row + clamp(cx - 2, w)]!
      const b = s[row + clamp(cx - 1, w)]!
      const c = s[row + cx]!
      const d = s[row + clamp(cx + 1, w)]!
      const e = s[row + clamp(cx + 2, w)]!
      tmp[y * dw + x] = a + 4 * b + 6 * c + 4 * d + e
    }
  }
  const out = createGrey(dw, dh)
  const o = out.data
  for (let y = 0; y < dh; y++) {
    const cy = 2 * y
    const r0 = clamp(cy - 2, h) * dw
    const r1 = clamp(cy - 1, h) * dw
    const r2 = cy * dw
    const r3 = clamp(cy + 1, h) * dw
    const r4 = clamp(cy + 2, h) * dw
    for (let x = 0; x < dw; x++) {
      const sum = tmp[r0 + x]! + 4 * tmp[r1 + x]! + 6 * tmp[r2 + x]! + 4 * tmp[r3 + x]! + tmp[r4 + x]!
      o[y * dw + x] = (sum + 128) >> 8
    }
  }
  return out
}

/** Levels 0…n−1, each half the size of the one before; stops before a side drops under `minSide`. */
export function buildPyramid(base: GreyImage, levels: number, minSide = 16): GreyImage[] {
  const pyramid = [base]
  while (pyramid.length < levels) {
    const last = pyramid[pyramid.length - 1]!
    if (Math.min(last.width, last.height) < minSide * 2) break
    pyramid.push(pyrDown(last))
  }
  return pyramid
}

/** Bilinear resize to an exact size (area-averaged when shrinking by more than 2: halves first). */
export function resizeGrey(src: GreyImage, width: number, height: number): GreyImage {
  let from = src
  while (from.width >= width * 2 && from.height >= height * 2) from = pyrDown(from)
  const out = createGrey(width, height)
  const sx = from.width / width
  const sy = from.height / height
  for (let y = 0; y < height; y++) {
    const fy = (y + 0.5) * sy - 0.5
    for (let x = 0; x < width; x++) {
      out.data[y * width + x] = Math.round(sampleBilinear(from, (x + 0.5) * sx - 0.5, fy))
    }
  }
  return out
}

/** Bilinear sample with edge clamping (coordinates in pixels, pixel centres at integers). */
export function sampleBilinear(image: GreyImage, x: number, y: number): number {
  const w = image.width
  const h = image.height
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y
  const x0 = Math.floor(cx)
  const y0 = Math.floor(cy)
  const x1 = x0 + 1 < w ? x0 + 1 : x0
  const y1 = y0 + 1 < h ? y0 + 1 : y0
  const fx = cx - x0
  const fy = cy - y0
  const d = image.data
  const top = d[y0 * w + x0]! + (d[y0 * w + x1]! - d[y0 * w + x0]!) * fx
  const bottom = d[y1 * w + x0]! + (d[y1 * w + x1]! - d[y1 * w + x0]!) * fx
  return top + (bottom - top) * fy
}

/** Separable box-of-boxes blur (≈ Gaussian σ≈radius·0.8) used before BRIEF tests; returns a new image. */
export function blurGrey(src: GreyImage, radius: number): GreyImage {
  const { width: w, height: h } = src
  const tmp = new Uint8Array(w * h)
  const out = createGrey(w, h)
  const size = 2 * radius + 1
  for (let y = 0; y < h; y++) {
    const row = y * w
    let sum = 0
    for (let k = -radius; k <= radius; k++) sum += src.data[row + clamp(k, w)]!
    for (let x = 0; x < w; x++) {
      tmp[row + x] = Math.round(sum / size)
      sum += src.data[row + clamp(x + radius + 1, w)]! - src.data[row + clamp(x - radius, w)]!
    }
  }
  for (let x = 0; x < w; x++) {
    let sum = 0
    for (let k = -radius; k <= radius; k++) sum += tmp[clamp(k, h) * w + x]!
    for (let y = 0; y < h; y++) {
      out.data[y * w + x] = Math.round(sum / size)
      sum += tmp[clamp(y + radius + 1, h) * w + x]! - tmp[clamp(y - radius, h) * w + x]!
    }
  }
  return out
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i
}

/**
 * Deterministic, pure-Node generators of recognition test data (sharp + OpenCV WASM):
 * - `makePoster`: varied synthetic target images (posters, packaging labels, text-heavy, low-texture);
 * - `makeClutterScene`: a cluttered desk/wall-like photo that contains no target;
 * - `makeQueryPhoto`: a "phone photo" of a target: perspective tilt, in-plane rotation, scale,
 *   clutter around it, lighting change, blur, sensor noise and JPEG compression.
 * Same seed → same bytes. Used by the engine tests, bench/server.ts and the browser e2e fake camera.
 */
import sharp from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { loadOpenCv } from '../../server/src/engine/loadOpenCv.ts'

export type PosterKind = 'poster' | 'label' | 'text' | 'lowTexture'
export const POSTER_KINDS: readonly PosterKind[] = ['poster', 'label', 'text', 'lowTexture']

export interface PosterOptions {
  /** @default 640 */
  width?: number
  /** @default 480 */
  height?: number
  /** @default one of POSTER_KINDS picked by the seed (low-texture only when asked for) */
  kind?: PosterKind
}

export interface SceneOptions {
  seed: number
  width: number
  height: number
  /** @default 85 */
  jpegQuality?: number
}

export interface QueryPhotoOptions {
  seed: number
  width: number
  height: number
  /** Fraction of the frame's area the target covers (before tilt), e.g. 0.15–0.6. */
  coverage: number
  /** Out-of-plane tilt in degrees, in a seed-chosen direction. */
  tiltDeg: number
  /** Gaussian blur sigma in px (0 = none). */
  blur: number
  jpegQuality: number
  /** In-plane rotation in degrees. @default seed-chosen in ±15 */
  rotationDeg?: number
  /** Added to every channel (−255…255). @default seed-chosen in ±25 */
  brightness?: number
  /** Contrast multiplier around mid-grey. @default seed-chosen in 0.8–1.15 */
  contrast?: number
  /** Gaussian sensor-noise sigma in grey levels. @default 3 */
  noise?: number
}

const PALETTE = [
  '#e63946',
  '#f1faee',
  '#a8dadc',
  '#457b9d',
  '#1d3557',
  '#2a9d8f',
  '#e9c46a',
  '#f4a261',
  '#264653',
  '#ffb703',
  '#8338ec',
  '#06d6a0',
  '#111111',
  '#fafafa',
]
const SYLLABLES = ['ka', 'lo', 'mi', 'ven', 'tor', 'sa', 'ri', 'pex', 'lum', 'dor', 'na', 'qui', 'zel', 'bo', 'fra', 'gu', 'xi', 'mon']
/** The perspective camera sits this many frame-widths from the target (≈ a phone's 65° field of view). */
const CAMERA_DISTANCE_FRAMES = 0.8

type Random = () => number

/** A varied synthetic target image (PNG), like posters, labels and pages people point a phone at. */
export async function makePoster(seed: number, { width = 640, height = 480, kind }: PosterOptions = {}): Promise<Buffer> {
  const rnd = mulberry32(seed * 7919 + 17)
  const chosen = kind ?? (['poster', 'label', 'text'] as const)[Math.floor(rnd() * 3)]!
  const svg = svgDocument(width, height, posterBody(chosen, rnd, width, height))
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** A cluttered scene (JPEG) with no target in it: shapes, gradients, stripes and text. */
export async function makeClutterScene({ seed, width, height, jpegQuality = 85 }: SceneOptions): Promise<Buffer> {
  return sharp(await clutterPng(seed, width, height))
    .jpeg({ quality: jpegQuality })
    .toBuffer()
}

/** A realistic camera frame (JPEG) showing `target` on a cluttered background. */
export async function makeQueryPhoto(target: Buffer | Uint8Array, opts: QueryPhotoOptions): Promise<Buffer> {
  const { seed, width: W, height: H } = opts
  const rnd = mulberry32(seed * 104729 + 3)
  const cv = await loadOpenCv()
  const [background, art] = await Promise.all([
    sharp(await clutterPng(seed + 1_000_003, W, H))
      .ensureAlpha()
      .raw()
      .toBuffer(),
    sharp(target).flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  ])
  const tw = art.info.width
  const th = art.info.height
  const quad = targetQuad(rnd, opts, tw, th)

  const src = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, tw, 0, tw, th, 0, th])
  const dst = cv.matFromArray(4, 1, cv.CV_32FC2, quad.flat())
  const M = cv.getPerspectiveTransform(src, dst)
  const artMat = new cv.Mat(th, tw, cv.CV_8UC4)
  artMat.data.set(art.data)
  const warped = new cv.Mat()
  let layer: Uint8Array
  try {
    cv.warpPerspective(artMat, warped, M, new cv.Size(W, H), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0, 0))
    layer = new Uint8Array(warped.data)
  } finally {
    for (const mat of [src, dst, M, artMat, warped]) mat.delete()
  }

  const brightness = opts.brightness ?? (rnd() - 0.5) * 50
  const contrast = opts.contrast ?? 0.8 + rnd() * 0.35
  const noise = opts.noise ?? 3
  const gauss = gaussian(rnd)
  const out = Buffer.alloc(W * H * 3)
  for (let p = 0, q = 0; p < W * H * 4; p += 4, q += 3) {
    const a = layer[p + 3]! / 255
    const n = noise > 0 ? gauss() * noise : 0
    for (let c = 0; c < 3; c++) {
      const v = background[p + c]! * (1 - a) + layer[p + c]! * a
      out[q + c] = clamp((v - 128) * contrast + 128 + brightness + n)
    }
  }
  let photo = sharp(out, { raw: { width: W, height: H, channels: 3 } })
  if (opts.blur >= 0.3) photo = photo.blur(opts.blur)
  return photo.jpeg({ quality: opts.jpegQuality }).toBuffer()
}

/** Corners (TL, TR, BR, BL) of the target in the frame: scaled to `coverage`, rotated, tilted, projected, placed. */
function targetQuad(rnd: Random, opts: QueryPhotoOptions, tw: number, th: number): [number, number][] {
  const { width: W, height: H } = opts
  const aspect = tw / th
  let rw = Math.sqrt(opts.coverage * W * H * aspect)
  let rh = rw / aspect
  const fit = Math.min(1, (0.95 * W) / rw, (0.95 * H) / rh)
  rw *= fit
  rh *= fit
  const roll = ((opts.rotationDeg ?? (rnd() - 0.5) * 30) * Math.PI) / 180
  const tilt = (opts.tiltDeg * Math.PI) / 180
  const direction = rnd() * 2 * Math.PI
  const ax = tilt * Math.cos(direction)
  const ay = tilt * Math.sin(direction)
  const f = CAMERA_DISTANCE_FRAMES * Math.max(W, H)
  const corners = [
    [-rw / 2, -rh / 2],
    [rw / 2, -rh / 2],
    [rw / 2, rh / 2],
    [-rw / 2, rh / 2],
  ] as const
  const projected = corners.map(([x0, y0]) => {
    // roll (z), then tilt about x, then about y; the camera looks down +z from distance f.
    let x = x0 * Math.cos(roll) - y0 * Math.sin(roll)
    let y = x0 * Math.sin(roll) + y0 * Math.cos(roll)
    let z = 0
    ;[y, z] = [y * Math.cos(ax) - z * Math.sin(ax), y * Math.sin(ax) + z * Math.cos(ax)]
    ;[x, z] = [x * Math.cos(ay) + z * Math.sin(ay), -x * Math.sin(ay) + z * Math.cos(ay)]
    return [(x * f) / (f + z), (y * f) / (f + z)] as [number, number]
  })
  const xs = projected.map((p) => p[0])
  const ys = projected.map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const cx = placement(rnd(), W, minX, maxX)
  const cy = placement(rnd(), H, minY, maxY)
  return projected.map(([x, y]) => [x + cx, y + cy])
}

/** A centre coordinate that keeps [min, max] inside [0, size] when it fits, else centres it. */
function placement(u: number, size: number, min: number, max: number): number {
  const lo = -min
  const hi = size - max
  return hi >= lo ? lo + u * (hi - lo) : size / 2
}

async function clutterPng(seed: number, width: number, height: number): Promise<Buffer> {
  const rnd = mulberry32(seed * 31337 + 5)
  const parts: string[] = [gradientBackground(rnd, width, height)]
  const shapes = 70 + Math.floor(rnd() * 40)
  for (let i = 0; i < shapes; i++) parts.push(randomShape(rnd, width, height, 0.25))
  for (let i = 0; i < 14; i++) parts.push(randomText(rnd, width, height, 14 + rnd() * 40))
  return sharp(Buffer.from(svgDocument(width, height, parts.join(''))))
    .png()
    .toBuffer()
}

function posterBody(kind: PosterKind, rnd: Random, w: number, h: number): string {
  const parts: string[] = []
  switch (kind) {
    case 'poster': {
      parts.push(gradientBackground(rnd, w, h))
      for (let i = 0; i < 35; i++) parts.push(randomShape(rnd, w, h, 0.3))
      parts.push(textAt(word(rnd, 2).toUpperCase(), w * 0.08, h * 0.2, h * 0.14, pick(rnd, PALETTE), 'bold'))
      for (let i = 0; i < 5; i++) parts.push(randomText(rnd, w, h, 16 + rnd() * 20))
      break
    }
    case 'label': {
      parts.push(`<rect width="${w}" height="${h}" fill="${pick(rnd, PALETTE)}"/>`)
      const bands = 3 + Math.floor(rnd() * 4)
      for (let i = 0; i < bands; i++) {
        const y = rnd() * h
        parts.push(
          `<rect x="0" y="${y.toFixed(1)}" width="${w}" height="${(h * (0.04 + rnd() * 0.12)).toFixed(1)}" fill="${pick(rnd, PALETTE)}"/>`,
        )
      }
      // A barcode-like block and a badge, as on packaging.
      const bx = rnd() * w * 0.6
      for (let x = 0; x < w * 0.3; x += 2 + Math.floor(rnd() * 5)) {
        parts.push(
          `<rect x="${(bx + x).toFixed(1)}" y="${(h * 0.72).toFixed(1)}" width="${1 + Math.floor(rnd() * 3)}" height="${(h * 0.2).toFixed(1)}" fill="#111"/>`,
        )
      }
      parts.push(
        `<circle cx="${(w * (0.2 + rnd() * 0.6)).toFixed(1)}" cy="${(h * (0.2 + rnd() * 0.3)).toFixed(1)}" r="${(h * 0.15).toFixed(1)}" fill="${pick(rnd, PALETTE)}" stroke="#111" stroke-width="4"/>`,
      )
      parts.push(textAt(word(rnd, 2).toUpperCase(), w * 0.06, h * 0.45, h * 0.12, '#111', 'bold'))
      for (let i = 0; i < 6; i++) parts.push(randomText(rnd, w, h, 14 + rnd() * 16))
      break
    }
    case 'text': {
      parts.push(`<rect width="${w}" height="${h}" fill="#fbfaf5"/>`)
      parts.push(textAt(word(rnd, 3), w * 0.06, h * 0.12, h * 0.08, '#202020', 'bold'))
      const lineH = h * 0.055
      for (let y = h * 0.2; y < h * 0.95; y += lineH) {
        parts.push(
          textAt(
            Array.from({ length: 4 + Math.floor(rnd() * 4) }, () => word(rnd, 1)).join(' '),
            w * 0.06,
            y,
            lineH * 0.75,
            '#303030',
            'normal',
          ),
        )
      }
      break
    }
    case 'lowTexture': {
      const [a, b] = [pick(rnd, PALETTE), pick(rnd, PALETTE)]
      parts.push(
        `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}" stop-opacity="0.85"/></linearGradient></defs>`,
      )
      parts.push(`<rect width="${w}" height="${h}" fill="url(#g)"/>`)
      parts.push(`<circle cx="${w / 2}" cy="${h / 2}" r="${h * 0.3}" fill="#ffffff" fill-opacity="0.25"/>`)
      break
    }
  }
  return parts.join('')
}

function gradientBackground(rnd: Random, w: number, h: number): string {
  const id = `bg${Math.floor(rnd() * 1e9)}`
  return (
    `<defs><linearGradient id="${id}" x1="${rnd().toFixed(2)}" y1="0" x2="${rnd().toFixed(2)}" y2="1">` +
    `<stop offset="0" stop-color="${pick(rnd, PALETTE)}"/><stop offset="1" stop-color="${pick(rnd, PALETTE)}"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#${id})"/>`
  )
}

function randomShape(rnd: Random, w: number, h: number, maxFrac: number): string {
  const x = rnd() * w
  const y = rnd() * h
  const s = (0.02 + rnd() * maxFrac) * Math.min(w, h)
  const fill = pick(rnd, PALETTE)
  const opacity = (0.5 + rnd() * 0.5).toFixed(2)
  const stroke = rnd() < 0.4 ? ` stroke="${pick(rnd, PALETTE)}" stroke-width="${(1 + rnd() * 5).toFixed(1)}"` : ''
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${s.toFixed(1)}" height="${(s * (0.3 + rnd() * 1.5)).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"${stroke} transform="rotate(${(rnd() * 90).toFixed(0)} ${x.toFixed(1)} ${y.toFixed(1)})"/>`
    case 1:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(s / 2).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"${stroke}/>`
    case 2:
      return `<ellipse cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" rx="${(s / 2).toFixed(1)}" ry="${(s / (2 + rnd() * 3)).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"${stroke}/>`
    case 3: {
      const pts = Array.from(
        { length: 3 + Math.floor(rnd() * 4) },
        () => `${(x + (rnd() - 0.5) * s * 2).toFixed(1)},${(y + (rnd() - 0.5) * s * 2).toFixed(1)}`,
      ).join(' ')
      return `<polygon points="${pts}" fill="${fill}" fill-opacity="${opacity}"${stroke}/>`
    }
    default: {
      const pts = Array.from(
        { length: 4 + Math.floor(rnd() * 5) },
        () => `${(x + (rnd() - 0.5) * s * 3).toFixed(1)},${(y + (rnd() - 0.5) * s * 3).toFixed(1)}`,
      ).join(' ')
      return `<polyline points="${pts}" fill="none" stroke="${fill}" stroke-width="${(2 + rnd() * 8).toFixed(1)}"/>`
    }
  }
}

function randomText(rnd: Random, w: number, h: number, size: number): string {
  return textAt(
    Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => word(rnd, 1)).join(' '),
    rnd() * w * 0.8,
    size + rnd() * (h - size),
    size,
    pick(rnd, PALETTE),
    rnd() < 0.5 ? 'bold' : 'normal',
  )
}

function textAt(text: string, x: number, y: number, size: number, fill: string, weight: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size.toFixed(1)}" font-weight="${weight}" fill="${fill}">${text}</text>`
}

function word(rnd: Random, parts: number): string {
  return Array.from({ length: parts }, () => Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(rnd, SYLLABLES)).join('')).join(
    ' ',
  )
}

function svgDocument(w: number, h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`
}

function pick<T>(rnd: Random, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!
}

function gaussian(rnd: Random): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
}

import sharp from 'sharp'
import type { Metadata, Sharp } from 'sharp'
import { EngineError } from './types.ts'

// libvips' operation cache (sharp's default: up to 50 MB and 100 operations) only pays off when
// the same image is processed again; every search is a new camera frame, so for a server that
// runs for days it would only hold memory.
sharp.cache(false)

/** EasyAR refuses images over 2 MB (docs/crs-protocol.md §4); the HTTP layer answers 422 first, this is the backstop. */
export const MAX_ENCODED_BYTES = 2 * 1024 * 1024
/** Decompression-bomb guard: a 2 MB PNG can declare 20000x20000; sharp refuses it from the header. */
export const MAX_INPUT_PIXELS = 40_000_000
/** Below this on the short side there is nothing ORB can use (its patch is 31 px, 8 pyramid levels). */
export const MIN_SIDE_PX = 64

export interface GreyImage {
  /** One byte per pixel, row-major. */
  data: Uint8Array
  width: number
  height: number
  /** Size of the image before resizing (after EXIF rotation). */
  sourceWidth: number
  sourceHeight: number
}

/**
 * Decodes JPEG/PNG/WebP bytes to greyscale, EXIF-rotated, resized so the long side is at most
 * `maxSide` (and, when `minSide` is given, at least `minSide`: enlarged). Throws EngineError 427
 * for anything that is not a usable image, 422 when too large.
 */
export async function decodeImage(bytes: Uint8Array, maxSide: number, minSide = 0): Promise<GreyImage> {
  const meta = await readMeta(bytes, maxSide, minSide)
  const swap = (meta.orientation ?? 1) >= 5
  const sourceWidth = swap ? meta.height : meta.width
  const sourceHeight = swap ? meta.width : meta.height
  const side = Math.min(maxSide, Math.max(minSide, Math.max(sourceWidth, sourceHeight)))
  try {
    const { data, info } = await pipeline(bytes)
      .greyscale()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: minSide === 0 })
      .raw()
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      sourceWidth,
      sourceHeight,
    }
  } catch (error) {
    throw new EngineError(427, `decodeImage: image could not be decoded (${(error as Error).message})`, 'image')
  }
}

/**
 * The normalised colour image we store for a target (and return as trackingImage): EXIF-rotated,
 * long side at most `maxSide`, JPEG. Features are extracted from exactly this resize.
 */
export async function normaliseTargetImage(bytes: Uint8Array, maxSide: number): Promise<Uint8Array> {
  await readMeta(bytes, maxSide)
  try {
    const jpeg = await pipeline(bytes)
      .flatten({ background: '#ffffff' }) // EasyAR treats transparent pixels as white (docs/crs-protocol.md §4)
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 92 })
      .toBuffer()
    return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length)
  } catch (error) {
    throw new EngineError(427, `decodeImage: image could not be decoded (${(error as Error).message})`, 'image')
  }
}

function pipeline(bytes: Uint8Array): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate()
}

/**
 * Header-only checks: cheap, and they refuse bombs and tiny images before any pixel is decoded.
 * `maxSide` (and `minSide`, see decodeImage) bound the long side the image will be resized to:
 * its short side must still hold MIN_SIDE_PX after that.
 */
async function readMeta(bytes: Uint8Array, maxSide: number, minSide = 0): Promise<Metadata & { width: number; height: number }> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new EngineError(427, 'decodeImage: empty image', 'image')
  if (bytes.length > MAX_ENCODED_BYTES) throw new EngineError(422, `decodeImage: image is ${bytes.length} bytes, over 2 MB`, 'image')
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
  } catch (error) {
    throw new EngineError(427, `decodeImage: not an image (${(error as Error).message})`, 'image')
  }
  const { width, height, format } = meta
  if (!width || !height || !['jpeg', 'png', 'webp'].includes(format ?? '')) {
    throw new EngineError(427, `decodeImage: unsupported image format ${format ?? 'unknown'}`, 'image')
  }
  if (width * height > MAX_INPUT_PIXELS) {
    throw new EngineError(427, `decodeImage: ${width}x${height} exceeds ${MAX_INPUT_PIXELS} pixels`, 'image')
  }
  if (Math.min(width, height) < MIN_SIDE_PX) {
    throw new EngineError(427, `decodeImage: ${width}x${height} is too small (min ${MIN_SIDE_PX} px a side)`, 'image')
  }
  // Resizing keeps the aspect ratio, so a long strip ends up a line: a 64000x64 PNG (12 KB) became
  // 1280x1 for a search, on which OpenCV's ORB threw from WASM (a 501 with no message, a stack
  // trace logged, and ~100 MB of WASM heap kept per 300 requests). Refused from the header instead.
  const long = Math.max(width, height)
  const shortAfterResize = Math.floor((Math.min(width, height) * Math.min(maxSide, Math.max(minSide, long))) / long)
  if (shortAfterResize < MIN_SIDE_PX) {
    throw new EngineError(
      427,
      `decodeImage: ${width}x${height} is too narrow (its short side would be ${shortAfterResize} px at ${maxSide} px long, min ${MIN_SIDE_PX})`,
      'image',
    )
  }
  return { ...meta, width, height }
}

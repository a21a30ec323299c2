/**
 * Real pixels for the smart-capture tests: thumbnails (as SmartCapture makes them) of generated
 * camera frames from tests/helpers/scenes.ts — a static cluttered view with hand shake, a target
 * photo with hand shake, and blurred, dark and blank frames.
 */
import sharp from 'sharp'
import { THUMBNAIL_LONG_SIDE, type Thumbnail } from '../../../../src/camera/frameGate'
import { lumaThumbnail, THUMBNAIL_OVERSAMPLE, thumbnailSize } from '../../../../src/camera/lumaThumbnail'
import { makeClutterScene, makePoster, makeQueryPhoto } from '../../../helpers/scenes'

const W = 640
const H = 360
/** Room around the frame for shifted crops. */
const M = 16
/** Hand shake at 640 × 360 (the e2e clip shakes up to 18 px at 1280 × 720). */
const SHAKE: readonly (readonly [number, number])[] = [
  [0, 0],
  [5, 2],
  [-7, 4],
  [9, -9],
  [-3, -6],
]

export interface GateScenes {
  /** The same cluttered view (no target), shaken a little from frame to frame. */
  clutter: Thumbnail[]
  /** A target photo (a different view), shaken the same way. */
  target: Thumbnail[]
  /** The target photo, strongly blurred (Gaussian σ 8 px at 640 px). */
  blurred: Thumbnail
  /** The target photo at 8 % exposure. */
  dark: Thumbnail
  /** A blank wall. */
  wall: Thumbnail
  /** A camera panning along a long cluttered wall: PAN_VIEWS views, each clearly another. */
  pan: Thumbnail[]
}

/** Views in `pan`, PAN_STEP px apart (a view repeats only after the whole pan). */
const PAN_VIEWS = 24
const PAN_STEP = 80

/** The app's thumbnail of an encoded frame: drawn at 2× then block-averaged (see SmartCapture). */
export async function toThumbnail(image: Buffer): Promise<Thumbnail> {
  const meta = await sharp(image).metadata()
  const size = thumbnailSize(meta.width!, meta.height!, THUMBNAIL_LONG_SIDE)!
  const f = THUMBNAIL_OVERSAMPLE
  const rgba = await sharp(image)
    .resize(size.width * f, size.height * f, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer()
  const data = new Uint8Array(size.width * size.height)
  lumaThumbnail(rgba, size.width, size.height, f, data)
  return { data, ...size }
}

async function shaken(wide: Buffer): Promise<Thumbnail[]> {
  return Promise.all(
    SHAKE.map(async ([dx, dy]) =>
      toThumbnail(
        await sharp(wide)
          .extract({ left: M + dx, top: M + dy, width: W, height: H })
          .jpeg({ quality: 85 })
          .toBuffer(),
      ),
    ),
  )
}

export async function makeGateScenes(): Promise<GateScenes> {
  const clutterWide = await makeClutterScene({ seed: 41, width: W + 2 * M, height: H + 2 * M })
  const poster = await makePoster(7, { kind: 'poster' })
  const photoWide = await makeQueryPhoto(poster, {
    seed: 9,
    width: W + 2 * M,
    height: H + 2 * M,
    coverage: 0.4,
    tiltDeg: 15,
    blur: 0.5,
    jpegQuality: 85,
  })
  const photo = await sharp(photoWide).extract({ left: M, top: M, width: W, height: H }).jpeg({ quality: 85 }).toBuffer()
  const { data: raw, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const darkRaw = Buffer.from(raw.map((v) => Math.round(v * 0.08)))
  const dark = await sharp(darkRaw, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer()
  const wall = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 182, g: 176, b: 168 } } })
    .jpeg({ quality: 85 })
    .toBuffer()
  const panWide = await makeClutterScene({ seed: 43, width: W + PAN_VIEWS * PAN_STEP, height: H })
  const pan = await Promise.all(
    Array.from({ length: PAN_VIEWS }, async (_, i) =>
      toThumbnail(
        await sharp(panWide)
          .extract({ left: i * PAN_STEP, top: 0, width: W, height: H })
          .jpeg({ quality: 85 })
          .toBuffer(),
      ),
    ),
  )
  return {
    pan,
    clutter: await shaken(clutterWide),
    target: await shaken(photoWide),
    blurred: await toThumbnail(await sharp(photo).blur(8).jpeg({ quality: 85 }).toBuffer()),
    dark: await toThumbnail(dark),
    wall: await toThumbnail(wall),
  }
}

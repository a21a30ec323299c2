/**
 * Grabs the current camera frame as a base64 JPEG for `POST /search`.
 *
 * The frame is drawn with an identity transform, so it is the UNMIRRORED camera image even
 * when the preview is mirrored (mirroring is a CSS / texture flip of the preview only): the
 * recognizer must see the print the right way round.
 */
import type { AppConfig } from '../core/config'
import type { VideoRect } from '../core/coverFit'

export interface CapturedFrame {
  /** base64 JPEG without a `data:` prefix. */
  image: string
  /** Encoded JPEG bytes (not the base64 length). */
  bytes: number
  width: number
  height: number
}

/** The canvas surface we need; `HTMLCanvasElement` satisfies it (and fakes do in tests). */
export interface CaptureCanvas {
  width: number
  height: number
  getContext(id: '2d'): CaptureContext | null
  toDataURL(type?: string, quality?: number): string
}

export interface CaptureContext {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void
  drawImage(image: CanvasImageSource, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void
}

/** The video surface we need; `HTMLVideoElement` satisfies it. */
export interface CaptureVideo {
  readonly videoWidth: number
  readonly videoHeight: number
  readonly readyState: number
}

/** `HTMLMediaElement.HAVE_CURRENT_DATA`: a frame is available to draw. */
const HAVE_CURRENT_DATA = 2

/**
 * Size of the captured frame: the long side becomes `longSide`, aspect kept, never upscaled.
 * Returns `null` when the video has no frame size yet.
 */
export function captureSize(videoW: number, videoH: number, longSide: number): { width: number; height: number } | null {
  if (!(videoW > 0) || !(videoH > 0) || !Number.isFinite(videoW) || !Number.isFinite(videoH)) return null
  const long = Math.max(videoW, videoH)
  const scale = longSide > 0 ? Math.min(1, longSide / long) : 1
  return {
    width: Math.max(1, Math.round(videoW * scale)),
    height: Math.max(1, Math.round(videoH * scale)),
  }
}

export interface FrameCaptureDeps {
  video: CaptureVideo
  /** Read live at each capture (`captureLongSide`, `jpegQuality`). */
  config: Pick<AppConfig, 'captureLongSide' | 'jpegQuality'>
  /** @default () => document.createElement('canvas') */
  createCanvas?: () => CaptureCanvas
  /**
   * The part of the frame the visitor sees (scene/coverFit.ts `visibleRect`), read at each
   * capture; only that part is sent. Null or absent: the whole frame.
   */
  visible?: () => VideoRect | null
}

/**
 * Captures frames into one reused canvas.
 * @example
 * const frames = new FrameCapture({ video, config })
 * const controller = new RecognitionController({ client, capture: () => frames.capture(), config })
 */
export class FrameCapture {
  readonly #video: CaptureVideo
  readonly #config: FrameCaptureDeps['config']
  readonly #createCanvas: () => CaptureCanvas
  readonly #visible: () => VideoRect | null
  #canvas: CaptureCanvas | null = null

  constructor(deps: FrameCaptureDeps) {
    this.#video = deps.video
    this.#config = deps.config
    this.#createCanvas = deps.createCanvas ?? (() => document.createElement('canvas') as unknown as CaptureCanvas)
    this.#visible = deps.visible ?? (() => null)
  }

  /** The current frame, or `null` when the video has no frame yet. Throws if encoding fails. */
  async capture(): Promise<CapturedFrame | null> {
    const video = this.#video
    if (video.readyState < HAVE_CURRENT_DATA) return null
    const crop = cropWithin(this.#visible(), video.videoWidth, video.videoHeight)
    const size = crop
      ? captureSize(crop.width, crop.height, this.#config.captureLongSide)
      : captureSize(video.videoWidth, video.videoHeight, this.#config.captureLongSide)
    if (!size) return null
    this.#canvas ??= this.#createCanvas()
    const canvas = this.#canvas
    if (canvas.width !== size.width) canvas.width = size.width
    if (canvas.height !== size.height) canvas.height = size.height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('captureFrame: no 2D canvas context')
    context.setTransform(1, 0, 0, 1, 0, 0)
    const source = video as unknown as CanvasImageSource
    if (crop) context.drawImage(source, crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height)
    else context.drawImage(source, 0, 0, size.width, size.height)
    const encoded = await encodeJpeg(canvas, this.#config.jpegQuality)
    return { ...encoded, width: size.width, height: size.height }
  }

  /** Releases the canvas backing store. */
  dispose(): void {
    if (this.#canvas) {
      this.#canvas.width = 0
      this.#canvas.height = 0
    }
    this.#canvas = null
  }
}

/**
 * The visible part as whole video pixels inside the frame, or null to send the whole frame (no
 * region, an empty one, or one that is the whole frame anyway).
 */
export function cropWithin(region: VideoRect | null, videoW: number, videoH: number): VideoRect | null {
  if (!region || !(videoW > 0 && videoH > 0)) return null
  const x = Math.max(0, Math.floor(region.x))
  const y = Math.max(0, Math.floor(region.y))
  const width = Math.min(videoW, Math.ceil(region.x + region.width)) - x
  const height = Math.min(videoH, Math.ceil(region.y + region.height)) - y
  if (!(width > 0 && height > 0) || (width === videoW && height === videoH)) return null
  return { x, y, width, height }
}

/**
 * JPEG-encodes the canvas with the synchronous `toDataURL`. Measured in Chromium (headless, while
 * the WebGL loop runs): `toDataURL` took ~5 ms for a 640×360 frame, while `toBlob` resolved only
 * after ~1,070 ms, because its callback is queued behind rendering. At our frame sizes the
 * synchronous encode is the fast path, and it is what EasyAR's own web sample uses.
 */
export async function encodeJpeg(canvas: CaptureCanvas, quality: number): Promise<{ image: string; bytes: number }> {
  const url = canvas.toDataURL('image/jpeg', quality)
  const comma = url.indexOf('base64,')
  if (comma < 0) throw new Error('captureFrame: canvas.toDataURL produced no base64 data')
  const image = url.slice(comma + 'base64,'.length)
  return { image, bytes: base64DecodedLength(image) }
}

/** Bytes encoded by a padded base64 string. */
export function base64DecodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return Math.floor((base64.length * 3) / 4) - padding
}

/**
 * Smart capture on the camera video: grabs a tiny greyscale thumbnail of the current frame and
 * asks FrameGate (src/camera/frameGate.ts) whether the frame is worth a search request. It is the
 * `gate` of RecognitionController, which owns the timing (re-checks, the interval, refreshes).
 *
 * The thumbnail is drawn `THUMBNAIL_OVERSAMPLE` times larger than it is judged, then averaged in
 * blocks (lumaThumbnail), so its quality does not depend on how the browser downscales.
 */
import type { AppConfig } from '../core/config'
import { FrameGate, THUMBNAIL_LONG_SIDE, type GateVerdict } from './frameGate'
import type { CaptureVideo } from './captureFrame'
import { lumaThumbnail, THUMBNAIL_OVERSAMPLE, thumbnailSize } from './lumaThumbnail'

/** `HTMLMediaElement.HAVE_CURRENT_DATA`: a frame is available to draw. */
const HAVE_CURRENT_DATA = 2

/** The canvas surface we need; `HTMLCanvasElement` satisfies it (and fakes do in tests). */
export interface ThumbnailCanvas {
  width: number
  height: number
  getContext(id: '2d', options: { willReadFrequently: boolean }): ThumbnailContext | null
}

export interface ThumbnailContext {
  imageSmoothingEnabled: boolean
  imageSmoothingQuality: 'low' | 'medium' | 'high'
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void
  getImageData(sx: number, sy: number, sw: number, sh: number): { readonly data: Uint8ClampedArray }
}

export interface SmartCaptureDeps {
  video: CaptureVideo
  /** `smartCapture` is read live (URL `?smart=0`, debug panel). */
  config: Pick<AppConfig, 'smartCapture'>
  /** @default new FrameGate() */
  gate?: FrameGate
  /** @default () => document.createElement('canvas') */
  createCanvas?: () => ThumbnailCanvas
}

/**
 * @example
 * const smart = new SmartCapture({ video, config })
 * const controller = new RecognitionController({ client, capture, gate: smart, config })
 */
export class SmartCapture {
  readonly #video: CaptureVideo
  readonly #config: SmartCaptureDeps['config']
  readonly #gate: FrameGate
  readonly #createCanvas: () => ThumbnailCanvas
  #canvas: ThumbnailCanvas | null = null
  #context: ThumbnailContext | null = null
  #thumbnail = new Uint8Array(0)

  constructor(deps: SmartCaptureDeps) {
    this.#video = deps.video
    this.#config = deps.config
    this.#gate = deps.gate ?? new FrameGate()
    this.#createCanvas = deps.createCanvas ?? (() => document.createElement('canvas') as unknown as ThumbnailCanvas)
  }

  /** Off: the loop sends every frame at the fixed interval, as without smart capture. */
  get enabled(): boolean {
    return this.#config.smartCapture
  }

  /** Verdict on the current video frame; `null` when there is no frame (or no 2D canvas) to judge. */
  assess(): GateVerdict | null {
    const video = this.#video
    if (video.readyState < HAVE_CURRENT_DATA) return null
    const size = thumbnailSize(video.videoWidth, video.videoHeight, THUMBNAIL_LONG_SIDE)
    if (!size) return null
    const context = this.#prepare(size.width * THUMBNAIL_OVERSAMPLE, size.height * THUMBNAIL_OVERSAMPLE)
    if (!context) return null
    const w = size.width * THUMBNAIL_OVERSAMPLE
    const h = size.height * THUMBNAIL_OVERSAMPLE
    context.setTransform(1, 0, 0, 1, 0, 0)
    context.drawImage(video as unknown as CanvasImageSource, 0, 0, w, h)
    // getImageData allocates its result; the 2D canvas has no way to read into a buffer we own.
    const rgba = context.getImageData(0, 0, w, h).data
    const n = size.width * size.height
    if (this.#thumbnail.length !== n) this.#thumbnail = new Uint8Array(n)
    lumaThumbnail(rgba, size.width, size.height, THUMBNAIL_OVERSAMPLE, this.#thumbnail)
    return this.#gate.assess({ data: this.#thumbnail, width: size.width, height: size.height })
  }

  noteSent(): void {
    this.#gate.noteSent()
  }

  noteResult(kind: 'miss' | 'other'): void {
    this.#gate.noteResult(kind)
  }

  reset(): void {
    this.#gate.reset()
  }

  /** Releases the canvas backing store. */
  dispose(): void {
    if (this.#canvas) {
      this.#canvas.width = 0
      this.#canvas.height = 0
    }
    this.#canvas = null
    this.#context = null
  }

  #prepare(width: number, height: number): ThumbnailContext | null {
    this.#canvas ??= this.#createCanvas()
    const canvas = this.#canvas
    if (canvas.width !== width) canvas.width = width
    if (canvas.height !== height) canvas.height = height
    // Frequent small reads: a CPU-backed canvas avoids a GPU readback stall per check.
    this.#context ??= canvas.getContext('2d', { willReadFrequently: true })
    const context = this.#context
    if (!context) return null
    // Resizing a canvas resets its state, so set smoothing every time.
    context.imageSmoothingEnabled = true
    context.imageSmoothingQuality = 'medium'
    return context
  }
}

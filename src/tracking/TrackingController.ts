/**
 * Follows the recognized print in the camera video, on the page's side: feeds a small copy of
 * each new video frame to the tracking worker (one frame in flight, so a slow device drops frames
 * instead of queueing them), smooths the corners it answers with a One-Euro filter, and keeps the
 * state the page shows: off → starting → tracking ⇄ lost.
 *
 * Main-thread work per frame is one `postMessage` with a WebCodecs `VideoFrame` transferred (the
 * worker reads its Y plane and scales it); where VideoFrame is missing, a scaled
 * `createImageBitmap`, and last a small canvas read-back, take its place (`HandOff`).
 *
 * Over 400 lines on purpose: the worker's lifecycle, the three hand-off paths, the state machine
 * and the held frames of the in-step mode share one set of races (stale answers after `follow()`,
 * one frame in flight, a worker that fails mid-frame), which stay right only when read together;
 * the maths lives elsewhere (pose.ts, OneEuroFilter.ts, the worker).
 */
import { Emitter } from '../core/Emitter'
import { CORNER_FILTER, OneEuroFilter } from './OneEuroFilter'
import type { Corners, FromWorker, ToWorker } from './workerProtocol'

export type TrackingState = 'off' | 'starting' | 'tracking' | 'lost'
export type HandOff = 'auto' | 'videoframe' | 'bitmap' | 'pixels'

export interface TrackingSnapshot {
  state: TrackingState
  targetId: string | null
  /** TL, TR, BR, BL in 0..1 of the video frame that was tracked; null unless tracking. */
  corners: Corners | null
  /** Frames tracked per second over the last second. */
  fps: number
}

export interface TrackingEvents {
  state: { state: TrackingState }
}

/** In-step mode: a tracked camera frame and the smoothed corners that belong to it. */
export interface HeldFrame {
  frame: VideoFrame
  corners: Corners
  /** performance.now() when the frame was taken. */
  capturedAt: number
  /** Its test-clip tag (−1 without `probe`). */
  tag: number
}

/** What the page measures per frame, for the debug panel and `bench:tracking`. */
export interface TrackingStats {
  /** Main-thread milliseconds of the last frame handed to the worker (median of the last 60). */
  mainThreadMs: number
  /** Worker milliseconds of the last frame (median of the last 60). */
  workerMs: number
  /** Frames the worker answered for the current target. */
  frames: number
  /** Milliseconds from `follow()` to the first locked pose, or null before it. */
  lockMs: number | null
  /** Of which: milliseconds from `follow()` until the worker had read the print (null before). */
  loadMs: number | null
  /** Of `loadMs`: the worker's own time decoding the print and building its reference. */
  referenceMs: number | null
  /** Frames the worker answered after reading the print and before the lock (null before it). */
  lockFrames: number | null
  /** Milliseconds the last re-lock took after the print was lost, or null. */
  relockMs: number | null
  /** How the last frame was handled: optical flow, a full detection, or neither. */
  method: 'flow' | 'detect' | 'none'
  /** The last probed frame tag (test clips only), or −1. */
  tag: number
  /** Raw (unfiltered) corners of the last result, for scoring filters in the benchmark. */
  rawCorners: Corners | null
  /** The video's `presentedFrames` count when the last answered frame was taken (−1 unknown). */
  presented: number
  /** How frames reach the worker in this browser. */
  handOff: Exclude<HandOff, 'auto'>
}

type PrintStats = Omit<TrackingStats, 'handOff' | 'mainThreadMs' | 'workerMs'>

/** Before the first answer about a print. */
const NO_STATS: PrintStats = {
  frames: 0,
  lockMs: null,
  loadMs: null,
  referenceMs: null,
  lockFrames: null,
  relockMs: null,
  method: 'none',
  tag: -1,
  rawCorners: null,
  presented: -1,
}

export interface TrackingControllerOptions {
  video: HTMLVideoElement
  /** Longest side of the frames the worker tracks (px). @default 480 */
  workingLongSide?: number
  /** Read test clips' frame tags (`?trackprobe`). @default false */
  probe?: boolean
  /** Seconds a print may stay unseen after its hit before the state says `lost`. @default 2.5 */
  startTimeoutS?: number
  /**
   * How frames reach the worker: a WebCodecs VideoFrame (no copy on the page; the worker scales
   * it), a scaled ImageBitmap, or pixels read from a small canvas. 'auto' takes the first the
   * browser supports, in that order. @default 'auto'
   */
  handOff?: HandOff
  /**
   * Keep each tracked frame (a VideoFrame clone) so the background can show exactly the frame the
   * pose belongs to (`heldFrame()`), instead of the live video with the pose predicted to it.
   * Needs the VideoFrame hand-off. @default false
   */
  inStep?: boolean
  /** @default a module worker on ./tracker.worker.ts */
  createWorker?: () => Worker
}

/** Frames kept in the fps window (ms). */
const FPS_WINDOW_MS = 1000
/** After this long without the print, frames are searched at LOST_SLOW_FPS only. */
const LOST_SLOW_AFTER_MS = 4000
const LOST_SLOW_FPS = 5
/** Longest extrapolation of the corners to the display time (ms): beyond this, prediction guesses. */
const MAX_PREDICT_MS = 80

export class TrackingController extends Emitter<TrackingEvents> {
  readonly #video: HTMLVideoElement
  readonly #longSide: number
  readonly #probe: boolean
  readonly #startTimeoutMs: number
  readonly #createWorker: () => Worker
  #worker: Worker | null = null
  #state: TrackingState = 'off'
  #targetId: string | null = null
  #generation = 0
  #seq = 0
  #inFlight = false
  #running = false
  #disposed = false
  #frameHandle = 0
  #rafHandle = 0
  #lastVideoTime = -1
  /** Capture time (performance.now()) and presentedFrames of each frame in flight, by seq. */
  #captureTimes = new Map<number, { at: number; presented: number }>()
  #filter = new OneEuroFilter(CORNER_FILTER)
  #corners: Corners | null = null
  /** Filtered corners in long-side units and the capture time they belong to (for prediction). */
  #filtered: Float64Array | null = null
  #filteredAt = 0
  #trackedTimes: number[] = []
  #followedAt = 0
  #lostAt: number | null = null
  /** The hand-off in use; downgraded when a browser refuses one. */
  #handOff: Exclude<HandOff, 'auto'>
  #readCanvas: HTMLCanvasElement | null = null
  #mainMs: number[] = []
  #workerMs: number[] = []
  /** The per-print figures; the medians and the hand-off are filled in by `stats()`. */
  #stats: PrintStats = { ...NO_STATS }
  #startTimer: ReturnType<typeof setTimeout> | null = null
  #lastSentAt = 0
  #referenceAspect: number | null = null
  readonly #inStep: boolean
  /** In-step mode: the display copy of each frame in flight, by seq, and the one on screen. */
  #displayFrames = new Map<number, VideoFrame>()
  #held: HeldFrame | null = null

  constructor(options: TrackingControllerOptions) {
    super()
    this.#video = options.video
    this.#longSide = options.workingLongSide ?? 480
    this.#probe = options.probe ?? false
    this.#startTimeoutMs = (options.startTimeoutS ?? 2.5) * 1000
    this.#inStep = options.inStep ?? false
    const handOff = options.handOff ?? 'auto'
    this.#handOff = handOff !== 'auto' ? handOff : typeof VideoFrame === 'function' ? 'videoframe' : 'bitmap'
    this.#createWorker =
      options.createWorker ?? (() => new Worker(new URL('./tracker.worker.ts', import.meta.url), { type: 'module', name: 'print-tracker' }))
  }

  get state(): TrackingState {
    return this.#state
  }

  /** Height / width of the followed print's image, once the worker has read it; null before. */
  get referenceAspect(): number | null {
    return this.#referenceAspect
  }

  snapshot(): TrackingSnapshot {
    return {
      state: this.#state,
      targetId: this.#targetId,
      corners: this.#state === 'tracking' && this.#corners ? (this.#corners.map((c) => [...c]) as Corners) : null,
      fps: this.#fps(performance.now()),
    }
  }

  stats(): TrackingStats {
    return { ...this.#stats, mainThreadMs: median(this.#mainMs), workerMs: median(this.#workerMs), handOff: this.#handOff }
  }

  /**
   * Starts following a print: its image (EasyAR's `trackingImage`) and, when the recognizer said
   * where it saw it, a hint (corners in 0..1 of that frame). Replaces any print followed before.
   */
  follow(targetId: string, image: Blob, hint: Corners | null = null): void {
    if (this.#disposed) return
    const worker = this.#ensureWorker()
    if (!worker) return
    this.#generation++
    this.#targetId = targetId
    this.#referenceAspect = null
    this.#resetTrack()
    this.#followedAt = performance.now()
    this.#stats = { ...NO_STATS, tag: this.#stats.tag }
    this.#post({ type: 'target', generation: this.#generation, image, hint })
    this.#setState('starting')
    this.#armStartTimeout()
    this.start()
  }

  /**
   * Starts the worker and lets it compile its hot code before there is a print to follow (call
   * while the visitor aims; the module is already loaded by then).
   */
  warm(): void {
    if (this.#disposed || this.#worker) return
    if (this.#ensureWorker()) this.#post({ type: 'warm' })
  }

  /** Stops following (content cleared, new scan). */
  clear(): void {
    this.#generation++
    this.#targetId = null
    this.#resetTrack()
    if (this.#worker) this.#post({ type: 'clear', generation: this.#generation })
    this.#clearStartTimeout()
    this.#setState('off')
  }

  /** Pumps frames while a print is followed (idempotent). */
  start(): void {
    if (this.#running || this.#disposed) return
    this.#running = true
    this.#scheduleFrame()
  }

  /** Pauses the pump (camera paused, AR session); the followed print is kept. */
  stop(): void {
    this.#running = false
    const video = this.#video as HTMLVideoElement & { cancelVideoFrameCallback?: (handle: number) => void }
    if (this.#frameHandle && video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.#frameHandle)
    if (this.#rafHandle) cancelAnimationFrame(this.#rafHandle)
    this.#frameHandle = 0
    this.#rafHandle = 0
  }

  dispose(): void {
    if (this.#disposed) return
    this.stop()
    this.clear()
    this.#disposed = true
    this.#worker?.terminate()
    this.#worker = null
    this.#readCanvas = null
    this.removeAllListeners()
  }

  /**
   * The smoothed corners (0..1 of the video), extrapolated to `atMs` (performance.now() time of
   * the frame about to be drawn) by the filter's velocity, so the content does not trail the
   * background by the tracker's latency. Null unless tracking.
   */
  cornersAt(atMs: number): Corners | null {
    if (this.#state !== 'tracking' || !this.#filtered) return null
    const ahead = Math.min(MAX_PREDICT_MS, Math.max(0, atMs - this.#filteredAt)) / 1000
    const velocity = this.#filter.velocity
    const { sx, sy } = this.#units()
    const out: [number, number][] = []
    for (let i = 0; i < 4; i++) {
      const x = this.#filtered[2 * i]! + (velocity ? velocity[2 * i]! * ahead : 0)
      const y = this.#filtered[2 * i + 1]! + (velocity ? velocity[2 * i + 1]! * ahead : 0)
      out.push([x / sx, y / sy])
    }
    return out as Corners
  }

  /** The smoothed corners of the last tracked frame, at that frame's time (no prediction). */
  cornersAtFrame(): Corners | null {
    return this.cornersAt(this.#filteredAt)
  }

  #ensureWorker(): Worker | null {
    if (this.#worker) return this.#worker
    try {
      const worker = this.#createWorker()
      worker.addEventListener('message', this.#onMessage)
      worker.addEventListener('error', this.#onWorkerError)
      this.#worker = worker
      return worker
    } catch (error) {
      console.warn('TrackingController: no tracking worker', error)
      this.#setState('off')
      return null
    }
  }

  #post(message: ToWorker, transfer: Transferable[] = []): void {
    this.#worker?.postMessage(message, transfer)
  }

  #scheduleFrame(): void {
    if (!this.#running) return
    const video = this.#video as HTMLVideoElement & {
      requestVideoFrameCallback?: (cb: (now: number, metadata: { presentedFrames: number }) => void) => number
    }
    if (typeof video.requestVideoFrameCallback === 'function') this.#frameHandle = video.requestVideoFrameCallback(this.#onVideoFrame)
    else this.#rafHandle = requestAnimationFrame(this.#onAnimationFrame)
  }

  #onAnimationFrame = (now: number): void => {
    this.#rafHandle = 0
    // Without requestVideoFrameCallback: a frame is new when the video's time moved.
    const time = this.#video.currentTime
    if (time !== this.#lastVideoTime) {
      this.#lastVideoTime = time
      this.#onVideoFrame(now)
      return
    }
    this.#scheduleFrame()
  }

  #onVideoFrame = (now: number, metadata?: { presentedFrames?: number }): void => {
    this.#frameHandle = 0
    if (!this.#running) return
    if (!this.#inFlight && this.#state !== 'off' && this.#video.videoWidth > 0 && this.#due(now))
      this.#sendFrame(now, metadata?.presentedFrames ?? -1)
    this.#scheduleFrame()
  }

  /**
   * Every frame while tracking or just lost; after LOST_SLOW_AFTER_MS without the print, a full
   * search of each frame is wasted battery: look LOST_SLOW_FPS times a second instead.
   */
  #due(now: number): boolean {
    if (this.#state !== 'lost' || this.#lostAt === null || now - this.#lostAt < LOST_SLOW_AFTER_MS) return true
    if (now - this.#lastSentAt < 1000 / LOST_SLOW_FPS) return false
    return true
  }

  #sendFrame(capturedAt: number, presented: number): void {
    this.#lastSentAt = capturedAt
    const started = performance.now()
    const video = this.#video
    const scale = Math.min(1, this.#longSide / Math.max(video.videoWidth, video.videoHeight))
    const width = Math.max(16, Math.round(video.videoWidth * scale))
    const height = Math.max(16, Math.round(video.videoHeight * scale))
    const seq = ++this.#seq
    const generation = this.#generation
    this.#inFlight = true
    this.#captureTimes.set(seq, { at: capturedAt, presented })
    if (this.#handOff === 'videoframe') {
      try {
        const frame = new VideoFrame(video, { timestamp: Math.round(capturedAt * 1000) })
        if (this.#inStep) this.#displayFrames.set(seq, frame.clone())
        this.#post({ type: 'videoframe', generation, seq, frame, width, height, probe: this.#probe }, [frame as unknown as Transferable])
        this.#recordMain(performance.now() - started)
        return
      } catch (error) {
        console.warn('TrackingController: VideoFrame hand-off failed; using ImageBitmap', error)
        this.#handOff = 'bitmap'
      }
    }
    if (this.#handOff === 'bitmap') {
      createImageBitmap(video, { resizeWidth: width, resizeHeight: height, resizeQuality: 'low' }).then(
        (bitmap) => {
          if (generation !== this.#generation || this.#disposed) {
            bitmap.close()
            this.#frameDone(seq)
            return
          }
          const posting = performance.now()
          this.#post({ type: 'frame', generation, seq, bitmap, probe: this.#probe }, [bitmap])
          this.#recordMain(performance.now() - posting + (this.#pendingMain.get(seq) ?? 0))
        },
        () => {
          // Older WebKit: no scaling from a video element. Read a small canvas instead from now on.
          this.#handOff = 'pixels'
          this.#frameDone(seq)
        },
      )
      this.#pendingMain.set(seq, performance.now() - started)
      return
    }
    const canvas = (this.#readCanvas ??= document.createElement('canvas'))
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context) {
      this.#frameDone(seq)
      return
    }
    context.drawImage(video, 0, 0, width, height)
    const rgba = context.getImageData(0, 0, width, height).data.buffer
    this.#post({ type: 'pixels', generation, seq, width, height, rgba, probe: this.#probe }, [rgba])
    this.#recordMain(performance.now() - started)
  }

  /** Synchronous main-thread time spent before the bitmap exists, by seq (added when it is posted). */
  #pendingMain = new Map<number, number>()

  #recordMain(ms: number): void {
    this.#mainMs.push(ms)
    if (this.#mainMs.length > 60) this.#mainMs.shift()
  }

  #frameDone(seq: number): VideoFrame | null {
    const display = this.#displayFrames.get(seq) ?? null
    this.#displayFrames.delete(seq)
    this.#captureTimes.delete(seq)
    this.#pendingMain.delete(seq)
    this.#inFlight = false
    return display
  }

  /**
   * In-step mode: the last tracked frame and its corners, for the background to show with the
   * pose that belongs to it. Null unless tracking. The controller owns (and closes) the frame.
   */
  heldFrame(): HeldFrame | null {
    return this.#state === 'tracking' ? this.#held : null
  }

  #hold(frame: VideoFrame | null, corners: Corners | null, tag: number, capturedAt: number): void {
    if (!frame) return
    if (!corners) {
      frame.close()
      return
    }
    this.#held?.frame.close()
    this.#held = { frame, corners, capturedAt, tag }
  }

  #releaseHeld(): void {
    this.#held?.frame.close()
    this.#held = null
    for (const frame of this.#displayFrames.values()) frame.close()
    this.#displayFrames.clear()
  }

  #onMessage = (event: MessageEvent<FromWorker>): void => {
    const message = event.data
    if (message.type === 'ready' || message.type === 'failed') {
      if (message.generation !== this.#generation) return
      if (message.type === 'ready') {
        this.#referenceAspect = message.width > 0 ? message.height / message.width : null
        this.#stats.loadMs = performance.now() - this.#followedAt
        this.#stats.referenceMs = message.ms
      }
      if (message.type === 'failed') {
        console.warn('TrackingController: the print image could not be read:', message.message)
        this.#clearStartTimeout()
        this.#setState('lost')
      }
      return
    }
    const captured = this.#captureTimes.get(message.seq)
    const capturedAt = captured?.at ?? performance.now()
    const display = this.#frameDone(message.seq)
    if (message.type === 'skipped' || message.generation !== this.#generation) {
      display?.close()
      return
    }
    this.#workerMs.push(message.ms)
    if (this.#workerMs.length > 60) this.#workerMs.shift()
    const stats = this.#stats
    stats.frames++
    stats.method = message.method
    stats.tag = message.tag
    stats.rawCorners = message.corners
    stats.presented = captured?.presented ?? -1
    const now = performance.now()
    if (message.mode === 'tracking' && message.corners) {
      if (this.#state !== 'tracking') {
        if (stats.lockMs === null) {
          stats.lockMs = now - this.#followedAt
          stats.lockFrames = stats.frames
        } else if (this.#lostAt !== null) stats.relockMs = now - this.#lostAt
        this.#filter.reset()
      }
      this.#lostAt = null
      this.#corners = message.corners
      const { sx, sy } = this.#units()
      this.#filtered = this.#filter.filter(
        message.corners.flatMap(([x, y]) => [x * sx, y * sy]),
        capturedAt / 1000,
      )
      this.#filteredAt = capturedAt
      this.#trackedTimes.push(now)
      this.#clearStartTimeout()
      this.#setState('tracking')
      this.#hold(display, this.cornersAtFrame(), message.tag, capturedAt)
    } else {
      display?.close()
    }
    if (message.mode !== 'tracking' && this.#state === 'tracking') {
      this.#lostAt = now
      this.#corners = null
      this.#setState('lost')
    }
  }

  #onWorkerError = (event: ErrorEvent): void => {
    console.warn('TrackingController: the tracking worker failed', event.message)
    event.preventDefault()
    this.#worker?.terminate()
    this.#worker = null
    this.#inFlight = false
    this.#setState(this.#targetId ? 'lost' : 'off')
  }

  /** Corner coordinates in units of the video's longer side (isotropic for the filter). */
  #units(): { sx: number; sy: number } {
    const w = this.#video.videoWidth || 1
    const h = this.#video.videoHeight || 1
    const long = Math.max(w, h)
    return { sx: w / long, sy: h / long }
  }

  #fps(now: number): number {
    while (this.#trackedTimes.length && now - this.#trackedTimes[0]! > FPS_WINDOW_MS) this.#trackedTimes.shift()
    return this.#state === 'off' ? 0 : this.#trackedTimes.length
  }

  #resetTrack(): void {
    this.#releaseHeld()
    this.#corners = null
    this.#filtered = null
    this.#filter.reset()
    this.#trackedTimes = []
    this.#lostAt = null
    this.#captureTimes.clear()
    this.#pendingMain.clear()
    this.#inFlight = false
  }

  #armStartTimeout(): void {
    this.#clearStartTimeout()
    this.#startTimer = setTimeout(() => {
      this.#startTimer = null
      if (this.#state === 'starting') {
        this.#lostAt = performance.now()
        this.#setState('lost')
      }
    }, this.#startTimeoutMs)
  }

  #clearStartTimeout(): void {
    if (this.#startTimer) clearTimeout(this.#startTimer)
    this.#startTimer = null
  }

  #setState(state: TrackingState): void {
    if (state === this.#state) return
    this.#state = state
    this.emit('state', { state })
  }
}

function median(values: readonly number[]): number {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[sorted.length >> 1]! * 100) / 100
}

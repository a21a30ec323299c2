/**
 * Content that stands on the print: on a hit whose meta anchors to the print (`anchor`, default
 * `print`) and whose answer carries the print's image (EasyAR's `trackingImage`), the print is
 * followed in the camera video (TrackingController, in a worker) and the content anchor is put on
 * it every frame (PrintAnchor). While the print is out of view the content holds, then returns to
 * the screen placement; when it comes back it is found again without a new search.
 *
 * This room is in the entry chunk and small: the tracker itself is the lazy tracking chunk
 * (./trackingRuntime.ts), prefetched by `warm()` while the visitor aims.
 *
 * State: `tracking` (`data-tracking`): off | starting | tracking | lost.
 */
import { Emitter } from '../core/Emitter'
import type { AppConfig } from '../core/config'
import type { ContentManager } from '../content/ContentManager'
import { base64ToBytes } from '../protocol/base64'
import type { SceneRenderer } from '../scene/SceneRenderer'
import type { ShowPipeline, ShownContent } from '../show/ShowPipeline'
import type { ArModes } from '../xr/ArModes'
import { DEFAULT_PRINT_WIDTH_M, targetWidthM } from '../xr/realScale'
import type { PrintAnchor } from './PrintAnchor'
import type { TrackingController, TrackingSnapshot, TrackingState, TrackingStats } from './TrackingController'

export type { TrackingSnapshot, TrackingState, TrackingStats } from './TrackingController'

type Runtime = typeof import('./trackingRuntime')

export interface PrintTrackingState {
  tracking: TrackingState
}

export interface PrintTrackingEvents {
  change: { state: Readonly<PrintTrackingState> }
}

export interface PrintTrackingOptions {
  config: Pick<AppConfig, 'tracking' | 'trackingProbe'>
  /** Distance of the screen placement (m), the content manager's. */
  screenDistanceM: number
  /** @default the lazy tracking chunk */
  loadRuntime?: () => Promise<Runtime>
}

/** What is followed: the target and the content placed on it once shown. */
interface Followed {
  targetId: string
  widthM: number
  scale: number
}

const OFF: TrackingSnapshot = { state: 'off', targetId: null, corners: null, fps: 0 }

export class PrintTracking extends Emitter<PrintTrackingEvents> {
  readonly #opts: PrintTrackingOptions
  readonly #loadRuntime: () => Promise<Runtime>
  #state: PrintTrackingState = { tracking: 'off' }
  #runtime: Promise<Runtime | null> | null = null
  #controller: TrackingController | null = null
  #anchor: PrintAnchor | null = null
  #offController: (() => void) | null = null
  #video: HTMLVideoElement | null = null
  #mirrored = false
  #scene: Pick<SceneRenderer, 'camera'> | null = null
  #content: ContentManager | null = null
  #followed: Followed | null = null
  /** Bumped by every follow/clear: a chunk that loads late for an older target is not used. */
  #generation = 0
  #paused = false
  #disposed = false

  constructor(options: PrintTrackingOptions) {
    super()
    this.#opts = options
    this.#loadRuntime = options.loadRuntime ?? (() => import('./trackingRuntime'))
  }

  get state(): Readonly<PrintTrackingState> {
    return this.#state
  }

  /** The camera's video (on every new stream): frames come from it; `mirrored`: front camera. */
  setVideo(video: HTMLVideoElement, mirrored: boolean): void {
    this.#video = video
    this.#mirrored = mirrored
  }

  /** The scene whose camera the pose is computed for. */
  setScene(scene: Pick<SceneRenderer, 'camera'> | null): void {
    this.#scene = scene
  }

  /**
   * Follows the print of whatever `show` shows (from the hit, placing the content once it is on
   * screen, stopping with it) and waits while `ar` runs a WebXR session, which borrows the camera
   * and the content. Returns the unsubscribe.
   */
  connect(show: ShowPipeline, ar: ArModes): () => void {
    const offs = [
      show.on('show', ({ shown }) => this.follow(shown)),
      show.on('shown', () => show.content && this.attach(show.content)),
      show.on('clear', () => this.clear()),
      ar.on('change', ({ state }) => (state.xr === 'starting' || state.xr === 'presenting' ? this.pause() : this.resume())),
    ]
    return () => {
      for (const off of offs) off()
    }
  }

  /** Loads the tracking chunk and warms its worker while the visitor aims. */
  warm(): void {
    if (!this.#opts.config.tracking) return
    void this.#ensureRuntime().then((runtime) => {
      if (runtime && this.#ensureController(runtime)) this.#controller?.warm()
    })
  }

  /**
   * New content was chosen (ShowPipeline 'show'): follow its print when the meta anchors to the
   * print, the hit carried the print's image, and there is a camera video. Otherwise tracking is off.
   */
  follow(shown: ShownContent): void {
    this.clear()
    const target = shown.target
    const image = target?.trackingImage
    const video = this.#video
    // A live camera only: a chosen photo (no-camera fallback) has nothing to follow.
    const live = !!video && video.srcObject !== null && video.videoWidth > 0
    if (!this.#opts.config.tracking || shown.description.anchor !== 'print' || !target || typeof image !== 'string' || !live) return
    const bytes = base64ToBytes(image)
    if (!bytes) {
      console.warn('PrintTracking: the trackingImage is not base64; content stays on the screen')
      return
    }
    const generation = this.#generation
    this.#followed = {
      targetId: target.targetId,
      widthM: targetWidthM(target.size) ?? DEFAULT_PRINT_WIDTH_M,
      scale: shown.description.scale,
    }
    this.#set({ tracking: 'starting' })
    void this.#ensureRuntime().then((runtime) => {
      if (generation !== this.#generation || this.#disposed) return
      if (!runtime || !this.#ensureController(runtime)) {
        this.#followed = null
        this.#set({ tracking: 'off' })
        return
      }
      this.#controller!.follow(target.targetId, new Blob([bytes as Uint8Array<ArrayBuffer>]))
      if (!this.#paused) this.#controller!.start()
    })
  }

  /**
   * The content is on screen (ShowPipeline 'shown'): from now on its anchor is placed on the print
   * (on the screen until the print is found).
   */
  attach(content: ContentManager): void {
    this.#content = content
    const object = content.currentObject
    const followed = this.#followed
    const anchor = this.#anchor
    if (!followed || !object || !anchor || this.#paused) return
    anchor.setVideo(this.#video?.videoWidth ?? 0, this.#video?.videoHeight ?? 0, this.#mirrored)
    const aspect = this.#controller?.referenceAspect ?? 1
    anchor.attach(
      { anchor: content.anchor, widthM: followed.widthM, heightM: followed.widthM * aspect, scale: followed.scale, content: object },
      this.#controller?.state === 'tracking',
    )
    content.setFollowCamera(false)
  }

  /** Nothing to follow (content cleared, a new scan, a photo instead of the camera). */
  clear(): void {
    this.#generation++
    this.#followed = null
    this.#controller?.clear()
    this.#release()
    this.#set({ tracking: 'off' })
  }

  /** The camera and the render loop are lent away (a WebXR session): stop following for now. */
  pause(): void {
    if (this.#paused) return
    this.#paused = true
    this.#controller?.stop()
    this.#anchor?.detach()
  }

  /** Back from a pause: follow again, with the content back on the print once it is found. */
  resume(): void {
    if (!this.#paused) return
    this.#paused = false
    if (!this.#followed) return
    this.#controller?.start()
    if (this.#content) this.attach(this.#content)
  }

  /** Per rendered frame (before the render): the content anchor follows the print. */
  update(dt: number): void {
    const anchor = this.#anchor
    const controller = this.#controller
    if (this.#paused || !anchor?.attached || !controller) return
    const aspect = controller.referenceAspect
    if (aspect && this.#followed) anchor.setPrintHeight(this.#followed.widthM * aspect)
    anchor.update(dt, controller.cornersAt(performance.now()))
  }

  /** `printAR.tracking()`. */
  snapshot(): TrackingSnapshot {
    return this.#controller && this.#followed ? this.#controller.snapshot() : { ...OFF }
  }

  /** The figures behind it (debug panel, benchmarks); null before the tracking chunk is loaded. */
  stats(): (TrackingStats & { placement: 'screen' | 'print' }) | null {
    const stats = this.#controller?.stats()
    return stats ? { ...stats, placement: this.#anchor?.placement ?? 'screen' } : null
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#generation++
    this.#release()
    this.#offController?.()
    this.#controller?.dispose()
    this.#controller = null
    this.#anchor = null
    this.removeAllListeners()
  }

  /** Gives the content anchor back to the content manager (in front of the camera). */
  #release(): void {
    if (this.#anchor?.attached) {
      this.#anchor.detach()
      this.#content?.setFollowCamera(true)
    }
  }

  #ensureRuntime(): Promise<Runtime | null> {
    const loading = (this.#runtime ??= this.#loadRuntime().catch((error: unknown) => {
      console.warn('PrintTracking: the tracking chunk failed to load; content stays on the screen', error)
      // Not poisoned: the next hit tries again (the network may be back).
      if (this.#runtime === loading) this.#runtime = null
      return null
    }))
    return loading
  }

  #ensureController(runtime: Runtime): boolean {
    if (this.#controller) return true
    const video = this.#video
    const scene = this.#scene
    if (!video || !scene || this.#disposed) return false
    const controller = new runtime.TrackingController({ video, probe: this.#opts.config.trackingProbe })
    this.#controller = controller
    this.#anchor = new runtime.PrintAnchor({ camera: scene.camera, screenDistanceM: this.#opts.screenDistanceM })
    this.#offController = controller.on('state', ({ state }) => {
      if (this.#followed) this.#set({ tracking: state })
    })
    return true
  }

  #set(patch: Partial<PrintTrackingState>): void {
    if (this.#disposed) return
    if (patch.tracking === undefined || patch.tracking === this.#state.tracking) return
    this.#state = { ...this.#state, ...patch }
    this.emit('change', { state: this.#state })
  }
}

/**
 * Composition root: builds the parts, owns the start order (camera → render loop → recognition)
 * and the dispose order (its reverse), and routes: the overlay's buttons to the parts, the
 * parts' states to the overlay, and one part's news to the part that acts on it. It decides
 * nothing a part can decide itself and never reads the overlay back. Nothing heavy is created
 * before the visitor taps "start" except the overlay; the content manager is loaded on the
 * first hit (src/show/ShowPipeline.ts).
 */
import { CameraStream } from '../camera/CameraStream'
import { AudioUnlock } from '../content/AudioUnlock'
import { chromeIntentUrl, httpsUrlHint, type Capabilities } from '../core/capabilities'
import { sanitizeConfig, type AppConfig } from '../core/config'
import type { CameraStatus } from '../core/status'
import { whenIdle } from '../core/whenIdle'
import { Keepsakes } from '../keepsake/Keepsakes'
import { PhotoFallback } from '../photoFallback/PhotoFallback'
import type { MetaResult } from '../protocol/meta'
import { createRecognition } from '../recognition/createRecognition'
import type { RecognitionController } from '../recognition/RecognitionController'
import { CameraBackground } from '../scene/CameraBackground'
import { visibleRect } from '../core/coverFit'
import { SceneRenderer } from '../scene/SceneRenderer'
import { ShowPipeline } from '../show/ShowPipeline'
import { Telemetry } from '../telemetry/Telemetry'
import { CONTENT_DISTANCE_M } from '../content/contentDistance'
import { PrintTracking } from '../tracking/PrintTracking'
import { copyText } from '../ui/copyText'
import { visitorLanguages } from '../ui/language'
import { privacyNote } from '../ui/privacyNote'
import { StatusOverlay } from '../ui/StatusOverlay'
import { strings } from '../ui/strings'
import { ArModes } from '../xr/ArModes'
import { overlayActions } from './overlayActions'
import type { AppParts } from './AppParts'
import { AppReadout } from './AppReadout'

export interface AppOptions {
  document: Document
  window: Window
  config: AppConfig
  capabilities: Capabilities
}

type AppPhase = 'created' | 'starting' | 'running' | 'disposed'

export class App {
  readonly config: AppConfig
  readonly overlay: StatusOverlay
  /** What printAR and the debug panel read (the parts' snapshots). */
  readonly readout: AppReadout
  readonly #opts: AppOptions
  readonly #audio: AudioUnlock
  readonly #show: ShowPipeline
  readonly #ar: ArModes
  readonly #photo: PhotoFallback
  readonly #telemetry = new Telemetry()
  readonly #tracking: PrintTracking
  /** Where "copy link" points: the https address when this page is plain http. */
  readonly #httpsHint: string | null
  #camera: CameraStream | null = null
  #scene: SceneRenderer | null = null
  #background: CameraBackground | null = null
  #keepsakes: Keepsakes | null = null
  #recognition: RecognitionController | null = null
  #off: Array<() => void> = []
  #phase: AppPhase = 'created'

  constructor(options: AppOptions) {
    this.#opts = options
    this.config = options.config
    const { document: doc, window: win, capabilities: caps } = options
    const privacy = privacyNote(this.config.clientEndUrl)
    this.overlay = new StatusOverlay({ root: doc.documentElement, document: doc, privacyNote: privacy })
    this.#httpsHint = caps.secure ? null : httpsUrlHint(win.location)
    this.#audio = new AudioUnlock(win)
    this.#show = new ShowPipeline({
      baseUrl: doc.baseURI,
      scene: () => this.#scene,
      audioContext: () => this.#audio.context,
      noWebglMessage: strings.status.webglMissing,
      languages: visitorLanguages(win.navigator, win.location.search),
    })
    this.#ar = new ArModes({ window: win, document: doc, secure: caps.secure, show: this.#show })
    this.#photo = new PhotoFallback({ document: doc, config: this.config })
    this.#tracking = new PrintTracking({ config: this.config, screenDistanceM: CONTENT_DISTANCE_M })
    const parts: AppParts = {
      show: this.#show,
      ar: this.#ar,
      photo: this.#photo,
      tracking: this.#tracking,
      telemetry: this.#telemetry,
      camera: () => this.#camera,
      scene: () => this.#scene,
      background: () => this.#background,
      keepsakes: () => this.#keepsakes,
    }
    this.readout = new AppReadout(parts)
    const actions = overlayActions(this, parts)
    this.overlay.set({
      inAppBrowser: caps.inAppBrowser,
      platform: caps.ios ? 'ios' : caps.android ? 'android' : 'other',
      // Android hands an intent:// link to Chrome; nothing can leave an iOS in-app browser but its menu.
      openInBrowserHref: caps.inAppBrowser && caps.android ? chromeIntentUrl(win.location) : null,
      httpsHint: this.#httpsHint,
    })
    this.#off.push(
      this.overlay.on('action', ({ action, deviceId, file }) => void actions[action](deviceId, file)),
      this.overlay.mirror(this.#show),
      // After a hit the loop has already stopped itself; content from elsewhere (debug panel,
      // printAR.showMeta) stops it so it can't replace what is on screen.
      this.#show.on('show', () => {
        if (this.#recognition?.status !== 'recognized') this.#recognition?.stop()
      }),
      this.#show.on('shown', () => this.#recognition?.markShowing()),
      // Content stands on the print it was found on (src/tracking).
      this.overlay.mirror(this.#tracking),
      this.#tracking.connect(this.#show, this.#ar),
      this.overlay.mirror(this.#ar),
      this.overlay.relay(this.#ar),
      this.overlay.mirror(this.#photo),
      this.overlay.relay(this.#photo),
      this.#photo.on('searching', () => this.#show.clear()),
      this.#photo.on('searched', ({ outcome }) => {
        this.#telemetry.countPhotoSearch(outcome.kind)
        if (outcome.kind === 'hit') this.#show.showTarget(outcome.target)
      }),
    )
    this.#ar.start()
  }

  /** From the "Tap to start" button: a user gesture, so later play() calls are allowed. */
  async start(): Promise<void> {
    if (this.#phase !== 'created') return
    this.#phase = 'starting'
    this.overlay.set({ started: true })
    const { document: doc, capabilities: caps } = this.#opts
    this.#audio.unlock()

    // 1. Camera.
    const video = doc.getElementById('camera-video') as HTMLVideoElement
    const camera = new CameraStream({ video, inAppBrowser: caps.inAppBrowser, insecure: !caps.secure })
    this.#camera = camera
    this.#off.push(
      camera.on('status', ({ status }) => this.#onCameraStatus(status)),
      camera.on('fallback', () => this.overlay.set({ cameraFallback: true })),
      camera.on('stream', ({ mirrored }) => {
        this.#background?.attach(video, mirrored)
        this.#tracking.setVideo(video, mirrored)
        this.overlay.selectCamera(camera.deviceId)
      }),
      camera.on('resize', () => this.#background?.fit()),
      camera.on('devices', ({ devices }) => this.overlay.setCameras(devices, camera.deviceId)),
      camera.on('needs-gesture', () => this.overlay.set({ cameraNeedsGesture: true })),
    )

    // 2. Render loop (needs WebGL; the camera notice still works without it).
    this.#startScene()

    await camera.start()
    if ((this.#phase as AppPhase) === 'disposed') return
    this.#scene?.start()
    this.#phase = 'running'
    // 3. Recognition starts from #onCameraStatus('live') (also after a retry or a switch).
    if (camera.status === 'live') this.#startRecognition()
    // Warm the content and meta chunks while the visitor aims, so a hit shows faster.
    whenIdle(this.#opts.window, () => {
      this.#show.warm()
      this.#tracking.warm()
    })
  }

  /** Forget the current content / hit and scan again. */
  rescan(): void {
    this.#show.clear()
    this.#recognition?.rescan()
  }

  /** Shows content for meta (base64, a URL, JSON text or an object) exactly as a hit would. */
  showMeta(meta: string | object, targetName?: string): Promise<MetaResult> {
    return this.#show.showMeta(meta, targetName)
  }

  /** "Copy link": the https address when this page is plain http, else this one. */
  async copyLink(): Promise<void> {
    const { window: win, document: doc } = this.#opts
    const ok = await copyText(this.#httpsHint ?? win.location.href, win.navigator, doc)
    this.overlay.flash({ kind: ok ? 'copied' : 'copy-failed' })
  }

  /** Re-clamps the config after the debug panel edited it. */
  configChanged(): void {
    sanitizeConfig(this.config)
    this.#scene?.setMaxPixelRatio(this.config.maxPixelRatio)
  }

  dispose(): void {
    if (this.#phase === 'disposed') return
    this.#phase = 'disposed'
    this.#ar.dispose()
    this.#keepsakes?.dispose()
    this.#photo.dispose()
    for (const off of this.#off.splice(0).reverse()) off()
    // Reverse of the start order: recognition → content → render loop → background → camera.
    this.#recognition?.dispose()
    this.#tracking.dispose()
    this.#show.dispose()
    this.#scene?.dispose()
    this.#background?.dispose()
    this.#camera?.dispose()
    this.#audio.dispose()
    this.overlay.dispose()
  }

  #startScene(): void {
    const { document: doc, window: win } = this.#opts
    try {
      const canvas = doc.getElementById('scene') as HTMLCanvasElement
      const scene = new SceneRenderer({ canvas, maxPixelRatio: this.config.maxPixelRatio })
      this.#scene = scene
      this.#tracking.setScene(scene)
      const background = new CameraBackground(scene.scene)
      this.#background = background
      const media = () => (this.#show.content?.currentVideo ?? null) as HTMLMediaElement | null
      const keepsakes = new Keepsakes({
        scene,
        background,
        media,
        modelSound: () => this.#show.content?.soundOutput ?? null,
        navigator: win.navigator,
        document: doc,
      })
      this.#keepsakes = keepsakes
      this.#off.push(
        this.overlay.mirror(keepsakes),
        this.overlay.relay(keepsakes),
        background.follow(scene),
        scene.on('contextlost', () => this.overlay.set({ render: 'context-lost' })),
        scene.on('contextrestored', () => this.overlay.set({ render: 'ok' })),
        scene.onFrame((dt) => {
          this.#show.update(dt)
          this.#tracking.update(dt)
        }),
      )
    } catch (error) {
      console.error('App: WebGL is not available', error)
      this.overlay.set({ render: 'no-webgl' })
    }
  }

  #startRecognition(): void {
    const camera = this.#camera
    if (!this.#recognition && camera) {
      // Search what the visitor sees: the cover-fitted part of the frame under the page.
      const video = camera.video
      const visible = () =>
        this.#scene ? visibleRect(video.videoWidth, video.videoHeight, this.#scene.size.width, this.#scene.size.height) : null
      const recognition = createRecognition(video, this.config, visible)
      this.#recognition = recognition
      this.#off.push(
        this.#telemetry.watch(recognition),
        recognition.on('status', ({ status, message }) => this.overlay.set({ recognition: status, recognitionDetail: message || null })),
        recognition.on('hit', ({ target }) => this.#show.showTarget(target)),
        recognition.on('error', ({ detail }) => {
          if (detail.fatal) this.overlay.set({ recognitionDetail: detail.message })
          console.warn('App: recognition error:', detail.message)
        }),
      )
    }
    // Nothing to scan while content is up; "scan again" restarts it.
    const content = this.#show.state.content
    if (content === 'none' || content === 'error') this.#recognition?.start()
  }

  #onCameraStatus(status: CameraStatus): void {
    const settled = status === 'live' || status === 'idle' || status === 'paused'
    this.overlay.set(settled ? { camera: status, cameraFallback: false } : { camera: status })
    this.#photo.followCamera(status, this.#background)
    if (status === 'live' && this.#phase === 'running') this.#startRecognition()
    else if (status !== 'live') this.#recognition?.stop()
  }
}

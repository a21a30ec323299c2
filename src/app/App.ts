/**
 * Composition root: owns the start order camera → render loop → recognition, routes events
 * between the parts and the overlay, and disposes in reverse. It creates nothing heavy before
 * the visitor taps "start" except the overlay; the content manager (GLTFLoader, gsap) is
 * loaded on the first hit.
 */
import { httpsUrlHint, safeHttpUrl, type Capabilities } from '../capabilities'
import { CameraStream } from '../camera/CameraStream'
import { sanitizeConfig, type AppConfig } from '../config'
import type { ContentDescription, MetaResult } from '../protocol/meta'
import type { CrsTarget } from '../protocol/types'
import { CameraBackground } from '../scene/CameraBackground'
import { SceneRenderer } from '../scene/SceneRenderer'
import type { ContentStatus, ContentType } from '../status'
import { StatusOverlay, type OverlayAction } from '../ui/StatusOverlay'
import { privacyNote } from '../ui/privacyNote'
import { strings } from '../ui/strings'
import { detectXr, canOfferXr, type XrState } from '../xr/xrSupport'
import { placedWidthM, targetWidthM } from '../xr/realScale'
import type { ArSession, ArSessionInfo } from '../xr/ArSession'
import { offerQuickLook, quickLookEnvironment, supportsQuickLook } from '../xr/quickLook'
import { QuickLookOffer } from '../xr/QuickLookOffer'
import type { ContentPort, RecognitionPort, Telemetry } from './ports'
import type { ClipRecorder } from '../capture/ClipRecorder'
import { loadPhoto, releasePhoto, type PhotoSource } from '../photo/loadPhoto'
import type { SearchOutcome } from '../protocol/searchOutcome'

export interface SceneDeps {
  scene: SceneRenderer['scene']
  camera: SceneRenderer['camera']
  renderer: SceneRenderer['renderer']
  /** The app's AudioContext, unlocked by the start tap (null before it, or without Web Audio). */
  audioContext?: () => AudioContext | null
}

export interface AppOptions {
  document: Document
  window: Window
  config: AppConfig
  capabilities: Capabilities
  /** Builds the recognition loop on the camera's video (called once, after the camera is live). */
  createRecognition: (video: HTMLVideoElement, config: AppConfig) => RecognitionPort
  /** Loads and builds the content manager (dynamic import: keeps GLTFLoader/gsap out of the entry). */
  loadContent: (deps: SceneDeps) => Promise<ContentPort>
  /** One recognition search for a chosen photo (no-camera fallback); without it no photo is offered. */
  searchPhoto?: (photo: PhotoSource, config: AppConfig, signal?: AbortSignal) => Promise<SearchOutcome>
}

/** Read-only view of the shown content, for tests and the debug panel. */
export interface ContentSnapshot {
  status: ContentStatus
  type: ContentType | null
  targetName: string | null
  title: string | null
  caption: string | null
  link: string | null
  /** The shown content's sound (`data-audio`); null when it has none. */
  sound: import('../status').SoundState | null
  /** The calls to action on screen (validated). */
  actions: readonly import('../protocol/meta').ContentAction[]
  error: string | null
  /** Live playback facts (absent until content has been loaded once). */
  visible: boolean
  animationTime: number
  videoTime: number
  /** Pieces on screen (meta `items`); 1 for a single model or video. */
  pieces: number
}

export type AppPhase = 'created' | 'starting' | 'running' | 'disposed'

/** JPEG quality of photos: near-lossless for a keepsake (the camera frame is already compressed). */
const PHOTO_QUALITY = 0.92

/** The last photo or clip made, for tests and support. */
export interface CaptureSnapshot {
  kind: 'photo' | 'clip'
  type: string
  bytes: number
  width: number | null
  height: number | null
  delivered: string
}

/** WebXR state for tests and support: the button state plus the live session's facts. */
export interface XrSnapshot {
  state: XrState | null
  session: ArSessionInfo | null
}

/**
 * The meta decoder, loaded on demand: it grows with every authoring feature and the first page
 * load does not need it (it is fetched while the visitor aims, with the content chunk).
 */
let metaModule: Promise<typeof import('../protocol/meta')> | null = null
function loadMeta(): Promise<typeof import('../protocol/meta')> {
  const loading = (metaModule ??= import('../protocol/meta'))
  // A failed chunk load (offline) must not poison later attempts.
  loading.catch(() => {
    if (metaModule === loading) metaModule = null
  })
  return loading
}

export class App {
  readonly config: AppConfig
  readonly overlay: StatusOverlay
  #opts: AppOptions
  #camera: CameraStream | null = null
  #scene: SceneRenderer | null = null
  #background: CameraBackground | null = null
  #recognition: RecognitionPort | null = null
  #content: ContentPort | null = null
  #contentLoading: Promise<ContentPort | null> | null = null
  #unsubscribe: Array<() => void> = []
  #phase: AppPhase = 'created'
  /** Bumped by every show/clear: a content load that finishes late is dropped. */
  #showGeneration = 0
  /** Bumped by every hit, showMeta and clear: a meta decoded late (decoder chunk) is dropped. */
  #decodeGeneration = 0
  #pendingPlay = new Set<'camera' | 'content'>()
  /** The shown content's description and its target's printed width (m), for AR placement. */
  #shown: { description: ContentDescription; targetWidthM: number | null } | null = null
  /** The recognized target's printed width (m) from its CRS `size`, until the next show. */
  #hitTargetWidthM: number | null = null
  #xr: ArSession | null = null
  #xrUnsubscribe: Array<() => void> = []
  /** iOS AR Quick Look is possible in this browser (decided once). */
  #quickLookSupported: boolean
  #quickLook = new QuickLookOffer()
  #recorder: ClipRecorder | null = null
  /** Created inside the start tap, so the browser lets it play: models' sounds go through it. */
  #audioContext: AudioContext | null = null
  /** The chosen photo shown as the background (no-camera fallback); owned here. */
  #photo: PhotoSource | null = null
  #photoSearch: AbortController | null = null
  #lastCapture: CaptureSnapshot | null = null
  #telemetry: Telemetry = {
    lastRoundTripMs: null,
    lastPayloadBytes: null,
    requests: 0,
    hits: 0,
    misses: 0,
    errors: 0,
    skipped: { dark: 0, flat: 0, blurry: 0, unchanged: 0 },
    settledSends: 0,
    lastCheckMs: null,
    fps: 0,
    recognition: 'idle',
  }

  constructor(options: AppOptions) {
    this.#opts = options
    this.config = options.config
    const doc = options.document
    this.overlay = new StatusOverlay({ root: doc.documentElement, document: doc, privacyNote: privacyNote(this.config.clientEndUrl) })
    const caps = options.capabilities
    const location = options.window.location
    this.overlay.set({
      inAppBrowser: caps.inAppBrowser,
      httpsHint: caps.secure ? null : httpsUrlHint(location),
      canChoosePhoto: !!options.searchPhoto,
    })
    this.#unsubscribe.push(
      this.overlay.on('action', ({ action, deviceId, file }) => (action === 'choose-photo' ? void (file && this.usePhoto(file)) : this.#onAction(action, deviceId))),
    )
    const nav = options.window.navigator as (Navigator & { xr?: XRSystem }) | undefined
    this.#quickLookSupported = !!nav && supportsQuickLook(quickLookEnvironment(doc, nav))
    this.#unsubscribe.push(this.#quickLook.on('change', ({ state, href }) => this.overlay.set({ quickLook: state, quickLookHref: href })))
    void detectXr(nav?.xr, caps.secure).then((xr) => {
      this.overlay.set({ xr })
      this.#updateQuickLook()
      this.#warmXr()
    })
  }

  get phase(): AppPhase {
    return this.#phase
  }

  /** From the "Tap to start" button: a user gesture, so later play() calls are allowed. */
  async start(): Promise<void> {
    if (this.#phase !== 'created') return
    this.#phase = 'starting'
    this.overlay.set({ started: true })
    const { document: doc, config, capabilities: caps } = this.#opts
    this.#unlockAudio()

    // 1. Camera.
    const video = doc.getElementById('camera-video') as HTMLVideoElement
    const camera = new CameraStream({ video, inAppBrowser: caps.inAppBrowser, insecure: !caps.secure })
    this.#camera = camera
    this.#unsubscribe.push(
      camera.on('status', ({ status }) => this.#onCameraStatus(status)),
      camera.on('fallback', () => this.overlay.set({ cameraFallback: true })),
      camera.on('stream', ({ mirrored }) => {
        this.#background?.attach(video, mirrored)
        this.overlay.selectCamera(camera.deviceId)
      }),
      camera.on('resize', () => this.#background?.fit()),
      camera.on('devices', ({ devices }) => this.overlay.setCameras(devices, camera.deviceId)),
      camera.on('needs-gesture', () => this.#needPlay('camera')),
    )

    // 2. Render loop (needs WebGL; the camera notice still works without it).
    try {
      const canvas = doc.getElementById('scene') as HTMLCanvasElement
      const scene = new SceneRenderer({ canvas, maxPixelRatio: config.maxPixelRatio })
      this.#scene = scene
      const background = new CameraBackground(scene.scene)
      this.#background = background
      background.setViewSize(scene.size.width, scene.size.height)
      this.overlay.set({
        canPhoto: true,
        canRecord: typeof globalThis.MediaRecorder === 'function' && typeof canvas.captureStream === 'function',
      })
      this.#unsubscribe.push(
        scene.on('resize', ({ width, height }) => background.setViewSize(width, height)),
        scene.on('contextlost', () => this.overlay.set({ render: 'context-lost' })),
        scene.on('contextrestored', () => {
          background.rebuild()
          this.overlay.set({ render: 'ok' })
        }),
        scene.onFrame((dt) => {
          this.#content?.update(dt)
          this.#telemetry.fps = scene.fps
        }),
      )
    } catch (error) {
      console.error('App: WebGL is not available', error)
      this.overlay.set({ render: 'no-webgl' })
    }

    await camera.start()
    if ((this.#phase as AppPhase) === 'disposed') return
    this.#scene?.start()
    this.#phase = 'running'
    // 3. Recognition starts from #onCameraStatus('live') (also after a retry or a switch).
    if (camera.status === 'live') this.#startRecognition()
    // Warm the content and meta chunks while the visitor aims, so a hit shows faster.
    this.#idle(() => {
      void this.#ensureContent()
      void loadMeta().catch(() => {})
    })
  }

  /** Forget the current content / hit and scan again. */
  rescan(): void {
    this.#clearContent()
    this.overlay.set({ metaError: null })
    this.#recognition?.rescan()
  }

  /**
   * Shows content for a target meta string (base64, a URL, or JSON text), exactly as a hit
   * would. Returns the decode result so callers (debug panel, tests) can report errors.
   */
  async showMeta(meta: string | object, targetName = 'pasted meta'): Promise<MetaResult> {
    const generation = ++this.#decodeGeneration
    const { decodeMeta, encodeMeta } = await loadMeta()
    const raw = typeof meta === 'string' ? meta.trim() : JSON.stringify(meta)
    // JSON text is not valid meta on the wire (meta is base64); encode it the way CRS stores it.
    const wire = raw.startsWith('{') ? encodeMeta(raw) : raw
    const result = decodeMeta(wire, { baseUrl: this.#opts.document.baseURI })
    if (generation === this.#decodeGeneration && this.#phase !== 'disposed') {
      this.#hitTargetWidthM = null
      this.#handleDecoded(targetName, result)
    }
    return result
  }

  telemetry(): Telemetry {
    return { ...this.#telemetry, fps: Math.round((this.#scene?.fps ?? 0) * 10) / 10 }
  }

  /** three's live GPU resource counts (`renderer.info.memory`): disposal is checked against these. */
  gpuMemory(): { geometries: number; textures: number } {
    const memory = this.#scene?.renderer.info.memory
    return { geometries: memory?.geometries ?? 0, textures: memory?.textures ?? 0 }
  }

  content(): ContentSnapshot {
    const s = this.overlay.state
    return {
      status: s.content,
      type: s.contentType,
      targetName: s.targetName,
      title: s.contentTitle,
      caption: s.contentCaption,
      link: s.contentLink,
      sound: s.content === 'shown' ? s.sound : null,
      actions: s.contentActions ?? [],
      error: s.metaError ? `${s.metaError.reason}` : s.contentError,
      visible: false,
      animationTime: 0,
      videoTime: 0,
      pieces: 0,
      ...(this.#content?.info?.() ?? {}),
    }
  }

  /** Re-clamps the config after the debug panel edited it. */
  configChanged(): void {
    sanitizeConfig(this.config)
    this.#scene?.setMaxPixelRatio(this.config.maxPixelRatio)
  }

  /** The WebXR button state and the live AR session's facts. */
  xr(): XrSnapshot {
    return { state: this.overlay.state.xr, session: this.#xr?.info() ?? null }
  }

  /**
   * "AR: place in your room": the shown content leaves the camera view for a WebXR immersive-ar
   * session. Call from the tap (the browser needs the gesture). The camera is released for the
   * session (phones give the camera to the AR runtime) and reopened when it ends.
   */
  async enterAr(): Promise<void> {
    const state = this.overlay.state
    if (this.#xr || state.xr === 'starting' || !canOfferXr(state.xr) || state.content !== 'shown') return
    const scene = this.#scene
    const world = this.#content?.world?.()
    const xrSystem = (this.#opts.window.navigator as Navigator & { xr?: XRSystem }).xr
    if (!scene || !world || !this.#shown || !xrSystem) return
    this.overlay.set({ xr: 'starting', xrPlacement: null })
    let ArSessionClass: typeof ArSession
    try {
      ArSessionClass = (await import('../xr/ArSession')).ArSession
    } catch (error) {
      this.#xrEnded(`the AR module failed to load: ${String(error)}`)
      return
    }
    if (this.#phase === 'disposed') return
    this.#camera?.stop()
    const session = new ArSessionClass({
      xr: xrSystem,
      renderer: scene.renderer,
      scene: scene.scene,
      camera: scene.camera,
      content: world,
      overlayRoot: this.#opts.document.body,
      onFrame: (callback) => scene.onFrame(callback),
      widthM: placedWidthM(this.#shown.targetWidthM, this.#shown.description.scale),
    })
    this.#xr = session
    this.#xrUnsubscribe.push(
      session.on('placement', ({ placement }) => this.overlay.set({ xr: 'presenting', xrPlacement: placement })),
      session.on('end', ({ error }) => this.#xrEnded(error)),
    )
    await session.start()
  }

  /** The last photo or clip (what it was, not its bytes). */
  lastCapture(): CaptureSnapshot | null {
    return this.#lastCapture
  }

  /**
   * One photo of what the visitor sees: the camera frame (the scene background) and the content,
   * rendered once at the camera's own resolution, as JPEG; shared where the browser can share
   * files, else downloaded.
   */
  async takePhoto(): Promise<Blob | null> {
    const scene = this.#scene
    if (!scene || this.overlay.state.photoBusy) return null
    // The camera's (or the chosen photo's) own resolution.
    const source = this.#background?.sourceSize
    const width = source?.width ?? Math.round(scene.size.width * scene.renderer.getPixelRatio())
    const height = source?.height ?? Math.round(scene.size.height * scene.renderer.getPixelRatio())
    this.overlay.set({ photoBusy: true })
    // VideoTexture uploads when the video reports a new frame, one frame late at times: the
    // photo takes the frame the visitor sees now.
    const texture = this.#background?.texture
    if (texture) texture.needsUpdate = true
    try {
      let encoded: Promise<Blob | null> = Promise.resolve(null)
      scene.renderAt(
        width,
        height,
        // toBlob copies the pixels now; encoding finishes after the screen size is back.
        (canvas) => (encoded = new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY))),
        (w, h) => this.#background?.setViewSize(w, h),
      )
      const photo = await encoded
      if (!photo) throw new Error('the canvas gave no image')
      const delivered = await this.#deliver(photo, 'jpg')
      this.#lastCapture = { kind: 'photo', type: photo.type, bytes: photo.size, width, height, delivered }
      if (delivered === 'downloaded') this.overlay.flash(strings.capture.photoSaved)
      return photo
    } catch (error) {
      console.warn('App: photo failed', error)
      this.overlay.flash(strings.capture.failed)
      return null
    } finally {
      this.overlay.set({ photoBusy: false })
    }
  }

  /** Starts a clip of the AR view, or stops the one recording (it also stops at its time limit). */
  async toggleRecording(): Promise<void> {
    if (this.#recorder) {
      this.#recorder.stop()
      return
    }
    const scene = this.#scene
    if (!scene || !this.overlay.state.canRecord) return
    let ClipRecorderClass: typeof ClipRecorder
    try {
      ClipRecorderClass = (await import('../capture/ClipRecorder')).ClipRecorder
    } catch (error) {
      console.warn('App: the recorder failed to load', error)
      this.overlay.flash(strings.capture.failed)
      return
    }
    if (this.#recorder || this.#phase === 'disposed') return
    const recorder = new ClipRecorderClass({ canvas: scene.canvas, audioTracks: this.#contentAudioTracks() })
    this.#recorder = recorder
    const off = recorder.on('tick', ({ recording, seconds }) => this.overlay.set({ recording: recording ? seconds : null }))
    let empty = false
    try {
      const clip = await recorder.start()
      empty = clip.size === 0
      if (empty) throw new Error('the recording is empty')
      const delivered = await this.#deliver(clip, clip.type.includes('mp4') ? 'mp4' : 'webm')
      this.#lastCapture = { kind: 'clip', type: clip.type, bytes: clip.size, width: scene.canvas.width, height: scene.canvas.height, delivered }
      if (delivered === 'downloaded') this.overlay.flash(strings.capture.clipSaved)
    } catch (error) {
      console.warn('App: recording failed', error)
      // A browser whose MediaRecorder refuses the stream or records nothing (WebKitGTK on
      // GStreamer < 1.24 does both) fails the same way every time: "try again" would be untrue.
      // Say so, and stop offering Record for this visit; Photo still works.
      const unsupported = empty || (error instanceof DOMException && error.name === 'NotSupportedError')
      if (unsupported) this.overlay.set({ canRecord: false })
      this.overlay.flash(unsupported ? strings.capture.clipUnsupported : strings.capture.failed)
    } finally {
      off()
      recorder.dispose()
      if (this.#recorder === recorder) this.#recorder = null
      this.overlay.set({ recording: null })
    }
  }

  /** Audio of the shown video, so a clip of a video target has its sound (when the browser allows). */
  #contentAudioTracks(): MediaStreamTrack[] {
    const media = this.#content?.media?.() as (HTMLMediaElement & { captureStream?: () => MediaStream }) | null | undefined
    try {
      return media?.captureStream?.().getAudioTracks() ?? []
    } catch {
      // Cross-origin media without CORS cannot be captured: record the picture only.
      return []
    }
  }

  async #deliver(blob: Blob, extension: string): Promise<string> {
    const { captureFileName, shareOrDownload } = await import('../capture/shareOrDownload')
    const { window: win, document: doc } = this.#opts
    return shareOrDownload(blob, captureFileName(extension), { navigator: win.navigator, document: doc })
  }

  /**
   * No-camera fallback: a chosen photo becomes the background and goes through the same
   * recognition (re-encoded like a camera frame); a hit shows its content over the photo.
   * A newer photo cancels an older one's search.
   */
  async usePhoto(file: Blob): Promise<void> {
    const search = this.#opts.searchPhoto
    if (!search || this.#phase === 'disposed') return
    this.#photoSearch?.abort()
    const abort = new AbortController()
    this.#photoSearch = abort
    this.#clearContent()
    this.overlay.set({ photo: 'searching', metaError: null })
    let photo: PhotoSource
    try {
      photo = await loadPhoto(file, this.#opts.document)
    } catch (error) {
      if (abort.signal.aborted) return
      console.warn('App: the photo could not be read', error)
      this.overlay.set({ photo: 'error' })
      this.overlay.flash(strings.photo.unreadable)
      return
    }
    if (abort.signal.aborted || (this.#phase as AppPhase) === 'disposed') {
      releasePhoto(photo)
      return
    }
    const previous = this.#photo
    this.#photo = photo
    this.#background?.showImage(photo)
    if (previous) releasePhoto(previous)
    let outcome: SearchOutcome
    try {
      outcome = await search(photo, this.config, abort.signal)
    } catch (error) {
      outcome = { kind: 'retryable', reason: String(error) }
    }
    if (abort.signal.aborted || (this.#phase as AppPhase) === 'disposed') return
    this.#photoSearch = null
    this.#telemetry.requests++
    if (outcome.kind === 'hit') {
      this.#telemetry.hits++
      this.overlay.set({ photo: 'shown' })
      this.#onHit(outcome.target)
    } else {
      if (outcome.kind === 'miss') this.#telemetry.misses++
      else console.warn('App: photo search failed:', outcome)
      this.overlay.set({ photo: outcome.kind === 'miss' ? 'no-match' : 'error' })
    }
  }

  /** Leaves the AR session (the overlay's "Exit AR"); #xrEnded follows from the session's 'end'. */
  exitAr(): void {
    this.#xr?.end()
  }

  dispose(): void {
    if (this.#phase === 'disposed') return
    this.#phase = 'disposed'
    this.#showGeneration++
    this.#xr?.dispose()
    this.#quickLook.dispose()
    this.#recorder?.dispose()
    this.#photoSearch?.abort()
    for (const off of this.#unsubscribe.splice(0).reverse()) off()
    // Reverse of the start order: recognition → content → render loop → background → camera.
    this.#recognition?.dispose()
    this.#recognition = null
    this.#content?.dispose()
    this.#content = null
    this.#scene?.dispose()
    this.#scene = null
    this.#background?.dispose()
    this.#background = null
    this.#camera?.dispose()
    this.#camera = null
    if (this.#photo) releasePhoto(this.#photo)
    this.#photo = null
    void this.#audioContext?.close().catch(() => {})
    this.#audioContext = null
    this.overlay.dispose()
  }

  #startRecognition(): void {
    if (!this.#recognition) {
      const camera = this.#camera
      if (!camera) return
      const recognition = this.#opts.createRecognition(camera.video, this.config)
      this.#recognition = recognition
      this.#unsubscribe.push(
        recognition.onStatus((status, detail) => {
          this.#telemetry.recognition = status
          this.overlay.set({ recognition: status, recognitionDetail: detail ?? null })
        }),
        recognition.onHit((target) => this.#onHit(target)),
        recognition.onError((message, fatal) => {
          this.#telemetry.errors++
          if (fatal) this.overlay.set({ recognitionDetail: message })
          console.warn('App: recognition error:', message)
        }),
        recognition.onTelemetry((t) => {
          const tel = this.#telemetry
          if (t.roundTripMs !== undefined) tel.lastRoundTripMs = Math.round(t.roundTripMs)
          if (t.payloadBytes !== undefined) tel.lastPayloadBytes = t.payloadBytes
          if (t.requests !== undefined) tel.requests = t.requests
          if (t.hits !== undefined) tel.hits = t.hits
          if (t.misses !== undefined) tel.misses = t.misses
          if (t.errors !== undefined) tel.errors = t.errors
          if (t.skipped !== undefined) tel.skipped = { ...t.skipped }
          if (t.settledSends !== undefined) tel.settledSends = t.settledSends
          if (t.checkMs !== undefined) tel.lastCheckMs = t.checkMs
        }),
      )
    }
    // Nothing to scan while content is up; "scan again" restarts it.
    if (this.overlay.state.content === 'none' || this.overlay.state.content === 'error') this.#recognition.start()
  }

  #onCameraStatus(status: import('../status').CameraStatus): void {
    const patch: Parameters<StatusOverlay['set']>[0] = { camera: status }
    if (status === 'live' || status === 'idle' || status === 'paused') patch.cameraFallback = false
    this.overlay.set(patch)
    if (status === 'live') {
      // The camera is back (e.g. "Try again" after allowing it): it replaces the chosen photo.
      if (this.#photo) {
        this.#photoSearch?.abort()
        releasePhoto(this.#photo)
        this.#photo = null
        this.overlay.set({ photo: null })
      }
      if (this.#phase === 'running') this.#startRecognition()
    } else {
      this.#recognition?.stop()
      // A chosen photo stays the background while the camera is unusable.
      if (status !== 'paused' && status !== 'starting' && !this.#photo) this.#background?.detach()
    }
  }

  #onHit(target: CrsTarget): void {
    const name = target.name?.trim() || target.targetId
    const generation = ++this.#decodeGeneration
    const stale = () => generation !== this.#decodeGeneration || this.#phase === 'disposed'
    loadMeta().then(
      ({ decodeMeta }) => {
        if (stale()) return
        this.#hitTargetWidthM = targetWidthM(target.size)
        this.#handleDecoded(name, decodeMeta(target.meta, { baseUrl: this.#opts.document.baseURI }))
      },
      (error: unknown) => {
        if (stale()) return
        console.warn('App: the meta decoder failed to load', error)
        this.overlay.set({ targetName: name, content: 'error', contentError: String(error) })
      },
    )
  }

  #handleDecoded(targetName: string, result: MetaResult): void {
    if (!result.ok) {
      // Stop on it rather than re-scanning: the same print would hit again every second (each
      // search is billed). The message names the target; "Scan again" goes on.
      this.#clearContent()
      this.overlay.set({ targetName, content: 'error', metaError: { target: targetName, reason: result.error.message } })
      return
    }
    void this.#show(targetName, result.value)
  }

  async #show(targetName: string, description: ContentDescription): Promise<void> {
    const generation = ++this.#showGeneration
    this.#shown = { description, targetWidthM: this.#hitTargetWidthM }
    this.#hitTargetWidthM = null
    this.#quickLook.clear()
    // After a hit the loop has already stopped itself; content from elsewhere (debug panel,
    // printAR.showMeta) stops it so it can't replace what is on screen.
    if (this.#recognition && this.#recognition.status !== 'recognized') this.#recognition.stop()
    this.#pendingPlay.delete('content')
    this.overlay.set({
      metaError: null,
      targetName,
      contentType: description.type,
      contentTitle: description.title ?? null,
      contentCaption: description.caption ?? null,
      contentLink: safeHttpUrl(description.link),
      contentActions: description.actions ?? null,
      contentError: null,
      content: 'loading',
      progress: 0,
      needsGesture: this.#pendingPlay.size > 0,
      sound: null,
    })
    const content = await this.#ensureContent()
    if (generation !== this.#showGeneration) return
    if (!content) {
      this.overlay.set({ content: 'error', contentError: strings.status.webglMissing })
      return
    }
    try {
      await content.show(description)
    } catch (error) {
      if (generation !== this.#showGeneration) return
      const reason = error instanceof Error ? error.message : String(error)
      this.overlay.set({ content: 'error', contentError: reason, progress: null })
    }
  }

  #clearContent(): void {
    this.#showGeneration++
    this.#decodeGeneration++
    this.#shown = null
    this.#quickLook.clear()
    this.#content?.clear()
    this.#pendingPlay.delete('content')
    this.overlay.set({
      content: 'none',
      contentType: null,
      targetName: null,
      contentTitle: null,
      contentCaption: null,
      contentLink: null,
      contentActions: null,
      contentError: null,
      progress: null,
      sound: null,
      needsGesture: this.#pendingPlay.size > 0,
    })
  }

  #ensureContent(): Promise<ContentPort | null> {
    if (this.#content) return Promise.resolve(this.#content)
    const scene = this.#scene
    if (!scene) return Promise.resolve(null)
    this.#contentLoading ??= this.#opts
      .loadContent({ scene: scene.scene, camera: scene.camera, renderer: scene.renderer, audioContext: () => this.#audioContext })
      .then((content) => {
        if (this.#phase === 'disposed') {
          content.dispose()
          return null
        }
        this.#content = content
        this.#unsubscribe.push(
          content.onStatus((status, detail) => {
            // Clearing old content must not hide the "can't read this target's content" error.
            if (status === 'none' && this.overlay.state.metaError) return
            const patch: Parameters<StatusOverlay['set']>[0] = { content: status }
            if (status === 'error') {
              patch.contentError = detail ?? null
              console.warn('App: content failed:', detail)
            }
            if (status !== 'loading') patch.progress = null
            if (status === 'none') patch.sound = null
            if (status === 'shown') this.#recognition?.markShowing()
            this.overlay.set(patch)
            if (status === 'shown') {
              this.#updateQuickLook()
              this.#warmXr()
            }
          }),
          content.onProgress((fraction) => this.overlay.set({ progress: fraction })),
          content.onNeedsGesture((needed) => {
            if (needed) this.#needPlay('content')
            else this.#pendingPlay.delete('content')
            this.overlay.set({ needsGesture: this.#pendingPlay.size > 0 })
          }),
          content.onSound?.((sound) => this.overlay.set({ sound })) ?? (() => {}),
        )
        return content
      })
      .catch((error: unknown) => {
        console.error('App: the content module failed to load', error)
        this.#contentLoading = null
        return null
      })
    return this.#contentLoading
  }

  /**
   * The one way back from AR (normal exit, system back, failed start): the session has already
   * undone its own changes; here the camera background comes back with the same content.
   */
  #xrEnded(error: string | null): void {
    for (const off of this.#xrUnsubscribe.splice(0)) off()
    this.#xr = null
    if (this.#phase === 'disposed') return
    this.overlay.set({ xr: error ? 'failed' : 'ready', xrPlacement: null })
    if (error) {
      console.warn('App: AR session failed:', error)
      this.overlay.flash(strings.xr.failed(shortReason(error)))
    }
    this.#scene?.resize()
    void this.#camera?.start()
  }

  /**
   * Fetches the AR chunk as soon as the button is offered: requestSession must run while the
   * tap still counts as a user gesture, so the tap should not wait for the network.
   */
  #warmXr(): void {
    const s = this.overlay.state
    if (s.xr === 'ready' && s.content === 'shown') void import('../xr/ArSession').catch(() => {})
  }

  /** Offers "View in your space" for a shown model where Quick Look (and no WebXR AR) exists. */
  #updateQuickLook(): void {
    const s = this.overlay.state
    const shown = this.#shown
    const wanted = offerQuickLook({ quickLook: this.#quickLookSupported, xr: s.xr, content: s.content, contentType: s.contentType })
    if (!wanted || !shown) {
      if (this.#quickLook.state !== null) this.#quickLook.clear()
      return
    }
    if (this.#quickLook.state !== null) return
    const widthM = placedWidthM(shown.targetWidthM, shown.description.scale)
    if (shown.description.usdzUrl) {
      void this.#quickLook.prepare({ usdzUrl: shown.description.usdzUrl })
      return
    }
    const object = this.#content?.model?.()
    if (object) void this.#quickLook.prepare({ object, widthM })
  }

  /**
   * The start tap is the visitor's first gesture: an AudioContext created and resumed inside it
   * is allowed to play for the rest of the visit (iOS and Chrome alike). Without a gesture (or
   * where the browser still refuses) it stays suspended and sounds report "blocked".
   */
  #unlockAudio(): void {
    const win = this.#opts.window as Window & { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }
    const Context = win.AudioContext ?? win.webkitAudioContext
    if (!Context || this.#audioContext) return
    try {
      const context = new Context()
      this.#audioContext = context
      void context.resume().catch(() => {})
    } catch (error) {
      console.warn('App: no Web Audio; models play without sound', error)
    }
  }

  #needPlay(what: 'camera' | 'content'): void {
    this.#pendingPlay.add(what)
    this.overlay.set({ needsGesture: true })
  }

  #onAction(action: OverlayAction, deviceId?: string): void {
    const camera = this.#camera
    switch (action) {
      case 'start':
        void this.start()
        break
      case 'retry':
        void camera?.retry()
        break
      case 'switch':
        void camera?.switchFacing()
        break
      case 'pick':
        if (deviceId) void camera?.selectDevice(deviceId)
        break
      case 'rescan':
        this.rescan()
        break
      case 'close':
        this.rescan()
        break
      case 'play': {
        const pending = [...this.#pendingPlay]
        this.#pendingPlay.clear()
        this.overlay.set({ needsGesture: false })
        if (pending.includes('camera')) void camera?.resume()
        if (pending.includes('content')) void this.#content?.play?.()
        break
      }
      case 'replay':
        this.#content?.replay?.()
        break
      case 'sound':
        void this.#content?.toggleSound?.()
        break
      case 'copy-link':
        void this.#copyLink()
        break
      case 'ar':
        void this.enterAr()
        break
      case 'xr-exit':
        this.exitAr()
        break
      case 'photo':
        void this.takePhoto()
        break
      case 'record':
        void this.toggleRecording()
        break
    }
  }

  async #copyLink(): Promise<void> {
    const { window: win, document: doc } = this.#opts
    const url = this.overlay.state.httpsHint ?? win.location.href
    const ok = await copyText(url, win.navigator, doc)
    this.overlay.flash(ok ? strings.status.copied : strings.status.copyFailed)
  }

  #idle(task: () => void): void {
    const win = this.#opts.window as Window & { requestIdleCallback?: (cb: () => void, o?: object) => number }
    if (win.requestIdleCallback) win.requestIdleCallback(task, { timeout: 2000 })
    else setTimeout(task, 500)
  }
}

/** The first clause of an error, for the visitor (the whole message goes to the console). */
function shortReason(error: string): string {
  const text = error.replace(/^\w+Error: /, '').split(/[.:\n]/)[0]?.trim() || error
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

/** Clipboard API first; the execCommand fallback covers in-app webviews without it. */
export async function copyText(text: string, nav: Navigator | undefined, doc: Document | undefined): Promise<boolean> {
  try {
    if (nav?.clipboard?.writeText) {
      await nav.clipboard.writeText(text)
      return true
    }
  } catch {
    // Permission refused or not focused: try the legacy path.
  }
  if (!doc?.body) return false
  const area = doc.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  doc.body.append(area)
  area.select()
  area.setSelectionRange(0, text.length)
  let ok = false
  try {
    ok = doc.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}

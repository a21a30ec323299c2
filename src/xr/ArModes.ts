/**
 * Beyond the screen: the shown content can leave the camera view, by the WebXR session "AR:
 * place in your room" (src/xr/ArSession.ts, a lazy chunk) or, where WebXR AR is missing but
 * Safari opens `<a rel="ar">`, by the AR Quick Look link "View in your space" for models
 * (src/xr/QuickLookOffer.ts). A phone with both gets WebXR.
 *
 * Lifecycle: `start()` asks the browser whether WebXR AR exists (once, at page load); `enter()`
 * borrows the render loop and the camera for a session (phones give the camera to the AR
 * runtime) and gives them back when it ends, however it ends; `dispose()` is final.
 * It follows the show pipeline: every new or cleared content withdraws the Quick Look offer,
 * content on screen makes it (and warms the AR chunk).
 */
import { Emitter } from '../core/Emitter'
import type { Flash } from '../core/status'
import type { CameraStream } from '../camera/CameraStream'
import type { SceneRenderer } from '../scene/SceneRenderer'
import type { ShowPipeline } from '../show/ShowPipeline'
import type { ArSession, ArSessionInfo } from './ArSession'
import { offerQuickLook, quickLookEnvironment, supportsQuickLook } from './quickLook'
import { QuickLookOffer, type QuickLookState } from './QuickLookOffer'
import { placedWidthM, targetWidthM } from './realScale'
import { canOfferXr, detectXr, type XrPlacement, type XrState } from './xrSupport'

export interface ArModesState {
  /** WebXR immersive-ar availability / session (src/xr/xrSupport.ts); null while checking. */
  xr: XrState | null
  /** Placement step inside an AR session; null outside one. */
  xrPlacement: XrPlacement | null
  /** AR Quick Look offer for the shown model; null: not offered. */
  quickLook: QuickLookState | null
  /** The `<a rel="ar">` href once ready (usdzUrl or a blob: URL). */
  quickLookHref: string | null
}

/** WebXR state for tests and support: the button state plus the live session's facts. */
export interface XrSnapshot {
  state: XrState | null
  session: ArSessionInfo | null
}

export interface ArModesEvents {
  change: { state: Readonly<ArModesState> }
  flash: Flash
}

export interface ArModesOptions {
  window: Window
  document: Document
  /** The page is a secure context (WebXR exists only there). */
  secure: boolean
  /** The content on screen. */
  show: ShowPipeline
}

type XrNavigator = Navigator & { xr?: XRSystem }

export class ArModes extends Emitter<ArModesEvents> {
  readonly #opts: ArModesOptions
  readonly #quickLook = new QuickLookOffer()
  /** iOS AR Quick Look is possible in this browser (decided once). */
  readonly #quickLookSupported: boolean
  #state: ArModesState = { xr: null, xrPlacement: null, quickLook: null, quickLookHref: null }
  #session: ArSession | null = null
  #offSession: Array<() => void> = []
  #offParts: Array<() => void> = []
  #started = false
  #disposed = false

  constructor(options: ArModesOptions) {
    super()
    this.#opts = options
    const nav = options.window.navigator as XrNavigator | undefined
    this.#quickLookSupported = !!nav && supportsQuickLook(quickLookEnvironment(options.document, nav))
  }

  get state(): Readonly<ArModesState> {
    return this.#state
  }

  info(): XrSnapshot {
    return { state: this.#state.xr, session: this.#session?.info() ?? null }
  }

  /** Asks whether WebXR AR exists and starts following the shown content. Idempotent. */
  start(): void {
    if (this.#started || this.#disposed) return
    this.#started = true
    const show = this.#opts.show
    this.#offParts.push(
      this.#quickLook.on('change', ({ state, href }) => this.#set({ quickLook: state, quickLookHref: href })),
      show.on('show', () => this.#quickLook.clear()),
      show.on('clear', () => this.#quickLook.clear()),
      show.on('shown', () => this.#contentShown()),
    )
    const nav = this.#opts.window.navigator as XrNavigator | undefined
    void detectXr(nav?.xr, this.#opts.secure).then((xr) => {
      if (this.#disposed) return
      this.#set({ xr })
      this.#contentShown()
    })
  }

  /**
   * "AR: place in your room": the shown content leaves the camera view for a WebXR immersive-ar
   * session. Call from the tap (the browser needs the gesture). The camera is released for the
   * session and reopened when it ends.
   */
  async enter(scene: SceneRenderer | null, camera: CameraStream | null): Promise<void> {
    const { show, window: win, document: doc } = this.#opts
    const xr = this.#state.xr
    if (this.#session || xr === 'starting' || !canOfferXr(xr) || show.state.content !== 'shown') return
    const manager = show.content
    const shown = show.shown
    const xrSystem = (win.navigator as XrNavigator).xr
    if (!scene || !manager?.info().visible || !shown || !xrSystem) return
    this.#set({ xr: 'starting', xrPlacement: null })
    let ArSessionClass: typeof ArSession
    try {
      ArSessionClass = (await import('./ArSession')).ArSession
    } catch (error) {
      this.#ended(`the AR module failed to load: ${String(error)}`, scene, camera)
      return
    }
    if (this.#disposed) return
    camera?.stop()
    const session = new ArSessionClass({
      xr: xrSystem,
      renderer: scene.renderer,
      scene: scene.scene,
      camera: scene.camera,
      content: { object: manager.anchor, setFollowCamera: (follow) => manager.setFollowCamera(follow) },
      overlayRoot: doc.body,
      onFrame: (callback) => scene.onFrame(callback),
      widthM: placedWidthM(targetWidthM(shown.target?.size), shown.description.scale),
    })
    this.#session = session
    this.#offSession.push(
      session.on('placement', ({ placement }) => this.#set({ xr: 'presenting', xrPlacement: placement })),
      session.on('end', ({ error }) => this.#ended(error, scene, camera)),
    )
    await session.start()
  }

  /** Leaves the AR session ("Exit AR"); the session's 'end' brings the camera back. */
  exit(): void {
    this.#session?.end()
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#session?.dispose()
    for (const off of this.#offParts.splice(0)) off()
    this.#quickLook.dispose()
    this.removeAllListeners()
  }

  /**
   * The one way back from AR (normal exit, system back, failed start): the session has already
   * undone its own changes; here the camera background comes back with the same content.
   */
  #ended(error: string | null, scene: SceneRenderer, camera: CameraStream | null): void {
    for (const off of this.#offSession.splice(0)) off()
    this.#session = null
    if (this.#disposed) return
    this.#set({ xr: error ? 'failed' : 'ready', xrPlacement: null })
    if (error) {
      console.warn('ArModes: AR session failed:', error)
      this.emit('flash', { kind: 'xr-failed', reason: shortReason(error) })
    }
    scene.resize()
    void camera?.start()
  }

  /** Content is on screen (or WebXR support was just decided): offer Quick Look, warm WebXR. */
  #contentShown(): void {
    this.#updateQuickLook()
    // Fetch the AR chunk as soon as the button is offered: requestSession must run while the
    // tap still counts as a user gesture, so the tap should not wait for the network.
    const offered = this.#state.xr === 'ready' && this.#opts.show.state.content === 'shown'
    if (offered) void import('./ArSession').catch(() => {})
  }

  /** Offers "View in your space" for a shown model where Quick Look (and no WebXR AR) exists. */
  #updateQuickLook(): void {
    const show = this.#opts.show
    const shown = show.shown
    const { content, contentType } = show.state
    const wanted = offerQuickLook({ quickLook: this.#quickLookSupported, xr: this.#state.xr, content, contentType })
    if (!wanted || !shown) {
      if (this.#quickLook.state !== null) this.#quickLook.clear()
      return
    }
    if (this.#quickLook.state !== null) return
    if (shown.description.usdzUrl) {
      void this.#quickLook.prepare({ usdzUrl: shown.description.usdzUrl })
      return
    }
    const manager = show.content
    const object = manager?.info().type === 'model' ? manager.currentObject : null
    const widthM = placedWidthM(targetWidthM(shown.target?.size), shown.description.scale)
    if (object) void this.#quickLook.prepare({ object, widthM })
  }

  #set(patch: Partial<ArModesState>): void {
    if (this.#disposed) return
    this.#state = { ...this.#state, ...patch }
    this.emit('change', { state: this.#state })
  }
}

/** The first clause of an error, for the visitor (the whole message goes to the console). */
function shortReason(error: string): string {
  const text =
    error
      .replace(/^\w+Error: /, '')
      .split(/[.:\n]/)[0]
      ?.trim() || error
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

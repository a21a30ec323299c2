/**
 * One WebXR immersive-ar session that takes the content shown on screen into the room:
 * a reticle follows the hit-test against real surfaces, a tap ('select') places the content
 * there at real scale (src/xr/realScale.ts), a tap elsewhere moves it, and pinch / two-finger
 * twist on the DOM overlay scale and turn it.
 *
 * Loaded with a dynamic import only when the visitor taps "AR: place in your room".
 *
 * Lifecycle: `start()` requests the session (call it from the tap: browsers need the gesture)
 * and resolves true once presenting, false if it failed. However the session ends — "Exit AR",
 * the system back gesture, a failed start, `end()` or `dispose()` — everything is undone in ONE
 * place (#finish): listeners, hit-test source, anchor, reticle, the content's screen-mode
 * placement, the camera pose and renderer.xr; then 'end' is emitted exactly once.
 */
import { Box3, type Quaternion, Vector3, type Object3D, type PerspectiveCamera, type Scene, type WebGLRenderer } from 'three'
import { Emitter } from '../core/Emitter'
import { Reticle } from './Reticle'
import { TwoFingerGesture, type GestureChange } from './twoFingerGesture'
import type { XrPlacement } from './xrSupport'

/** The shown content, as the session moves it. */
export interface WorldContent {
  /** The content's anchor group: positioned, turned and scaled in the world while presenting. */
  readonly object: Object3D
  /** true: kept in front of the camera every frame (screen mode); false: stays where put. */
  setFollowCamera(follow: boolean): void
}

export interface ArSessionOptions {
  xr: XRSystem
  renderer: WebGLRenderer
  scene: Scene
  camera: PerspectiveCamera
  content: WorldContent
  /** The DOM overlay root: stays visible in the session, receives the touches. */
  overlayRoot: HTMLElement
  /** Per-frame hook of the app's render loop (it keeps running inside the session). */
  onFrame(callback: (dt: number) => void): () => void
  /** Footprint width (m) of the content once placed. */
  widthM: number
}

export interface ArSessionEvents {
  placement: { placement: XrPlacement }
  /** `error`: why the session could not start or broke; null for a normal exit. */
  end: { error: string | null }
}

/** Facts for tests and telemetry. */
export interface ArSessionInfo {
  presenting: boolean
  placement: XrPlacement
  reticle: [number, number, number] | null
  /** The surface point the content stands on, once placed. */
  placedAt: [number, number, number] | null
  /** World-space bottom (min y) of the content's bounds, once placed. */
  contentBottom: number | null
  /** Current uniform scale of the content anchor. */
  scale: number
  /** The content's footprint (widest horizontal extent) in metres, once placed. */
  footprintM: number | null
  enabledFeatures: string[]
}

export const REQUIRED_FEATURES = ['hit-test']
export const OPTIONAL_FEATURES = ['dom-overlay', 'anchors', 'light-estimation', 'local-floor']
/** Pinch limits relative to the real-scale size. */
const MIN_USER_SCALE = 0.1
const MAX_USER_SCALE = 10
/** After a two-finger gesture, ignore selects for this long (ms): lifting fingers is not a tap. */
const GESTURE_SELECT_GRACE_MS = 300

type Phase = 'idle' | 'starting' | 'presenting' | 'ended'

export class ArSession extends Emitter<ArSessionEvents> {
  #opts: ArSessionOptions
  #phase: Phase = 'idle'
  #session: XRSession | null = null
  #hitSource: XRHitTestSource | null = null
  #lastHit: XRHitTestResult | null = null
  #xrAnchor: XRAnchor | null = null
  #reticle: Reticle | null = null
  #gesture: TwoFingerGesture
  #gestureEndedAt = -Infinity
  #placement: XrPlacement = 'seeking'
  #offFrame: (() => void) | null = null
  #saved: {
    background: Scene['background']
    position: Vector3
    quaternion: Quaternion
    anchor: { visible: boolean; scale: Vector3; position: Vector3; quaternion: Quaternion }
  } | null = null
  // Placement: the content's bottom stands on #surface; scale = #baseScale × #userScale.
  #surface: Vector3 | null = null
  #baseScale = 1
  #bottomLocal = 0
  /** Footprint in anchor units (scale 1). */
  #footprint = 0
  #yaw = 0
  #userScale = 1
  #twist = 0
  #gestureStart = { scale: 1, twist: 0 }

  constructor(options: ArSessionOptions) {
    super()
    this.#opts = options
    this.#gesture = new TwoFingerGesture({
      target: options.overlayRoot,
      onActive: (active) => {
        if (active) this.#gestureStart = { scale: this.#userScale, twist: this.#twist }
        else this.#gestureEndedAt = performance.now()
      },
      onChange: (change) => this.#onGesture(change),
    })
  }

  get placement(): XrPlacement {
    return this.#placement
  }

  /** Requests the session and enters it. Resolves true when presenting, false when it failed. */
  async start(): Promise<boolean> {
    if (this.#phase !== 'idle') return this.#phase === 'presenting'
    this.#phase = 'starting'
    const { xr, renderer, overlayRoot } = this.#opts
    let session: XRSession
    try {
      session = await xr.requestSession('immersive-ar', {
        requiredFeatures: REQUIRED_FEATURES,
        optionalFeatures: OPTIONAL_FEATURES,
        domOverlay: { root: overlayRoot },
      })
    } catch (error) {
      this.#finish(describe(error))
      return false
    }
    if (this.#phase !== 'starting') {
      // end()/dispose() came while the browser was asking: do not keep a session nobody wants.
      void session.end().catch(() => {})
      return false
    }
    this.#session = session
    session.addEventListener('end', this.#onEnd)
    try {
      const features = enabledFeatures(session)
      // 'local-floor' puts y = 0 on the floor (surfaces get real heights); 'local' always exists.
      renderer.xr.setReferenceSpaceType(features.includes('local-floor') ? 'local-floor' : 'local')
      this.#enterWorld()
      renderer.xr.enabled = true
      await renderer.xr.setSession(session)
      const viewer = await session.requestReferenceSpace('viewer')
      const source = await session.requestHitTestSource?.({ space: viewer })
      if (!source) throw new Error('hit-test is not available')
      if (this.#phase !== 'starting') {
        source.cancel()
        return false
      }
      this.#hitSource = source
    } catch (error) {
      this.#finish(describe(error))
      return false
    }
    session.addEventListener('select', this.#onSelect)
    overlayRoot.addEventListener('beforexrselect', this.#onBeforeSelect)
    this.#gesture.start()
    this.#offFrame = this.#opts.onFrame(this.#onFrame)
    this.#phase = 'presenting'
    this.emit('placement', { placement: this.#placement })
    return true
  }

  /** Leaves the session (e.g. "Exit AR"); 'end' follows. */
  end(): void {
    if (this.#phase === 'ended' || this.#phase === 'idle') return
    this.#finish(null)
  }

  dispose(): void {
    this.end()
    this.removeAllListeners()
  }

  info(): ArSessionInfo {
    const anchor = this.#opts.content.object
    let contentBottom: number | null = null
    if (this.#surface && anchor.visible) {
      anchor.updateMatrixWorld(true)
      contentBottom = new Box3().setFromObject(anchor).min.y
    }
    const reticle = this.#reticle?.object.visible ? new Vector3().setFromMatrixPosition(this.#reticle.object.matrix) : null
    return {
      presenting: this.#phase === 'presenting',
      placement: this.#placement,
      reticle: reticle ? reticle.toArray() : null,
      placedAt: this.#surface ? this.#surface.toArray() : null,
      contentBottom,
      scale: anchor.scale.x,
      footprintM: this.#surface && this.#footprint > 0 ? this.#footprint * anchor.scale.x : null,
      enabledFeatures: this.#session ? enabledFeatures(this.#session) : [],
    }
  }

  // ── internals ─────────────────────────────────────────────────────────────

  /** Takes the content out of screen mode: hidden until placed, no camera background. */
  #enterWorld(): void {
    const { scene, camera, content } = this.#opts
    const anchor = content.object
    this.#saved = {
      background: scene.background,
      position: camera.position.clone(),
      quaternion: camera.quaternion.clone(),
      anchor: {
        visible: anchor.visible,
        scale: anchor.scale.clone(),
        position: anchor.position.clone(),
        quaternion: anchor.quaternion.clone(),
      },
    }
    // The passthrough camera is the background now; an opaque one would hide the room.
    scene.background = null
    content.setFollowCamera(false)
    anchor.visible = false
    this.#reticle = new Reticle(scene)
  }

  /**
   * The one cleanup path. Idempotent. Ends the session too unless it already ended (its own
   * 'end' event brought us here): a start that failed half-way must not leave it running.
   */
  #finish(error: string | null, sessionEnded = false): void {
    if (this.#phase === 'ended') return
    const wasStarted = this.#saved !== null
    this.#phase = 'ended'
    const { renderer, scene, camera, content, overlayRoot } = this.#opts
    this.#offFrame?.()
    this.#offFrame = null
    this.#gesture.dispose()
    overlayRoot.removeEventListener('beforexrselect', this.#onBeforeSelect)
    const session = this.#session
    this.#session = null
    session?.removeEventListener('select', this.#onSelect)
    session?.removeEventListener('end', this.#onEnd)
    if (session && !sessionEnded) void session.end().catch(() => {})
    try {
      this.#hitSource?.cancel()
    } catch {
      // Already cancelled with its session.
    }
    this.#hitSource = null
    this.#lastHit = null
    this.#xrAnchor?.delete()
    this.#xrAnchor = null
    this.#reticle?.dispose()
    this.#reticle = null
    if (wasStarted && this.#saved) {
      const saved = this.#saved
      scene.background = saved.background
      const anchor = content.object
      anchor.visible = saved.anchor.visible
      anchor.scale.copy(saved.anchor.scale)
      anchor.position.copy(saved.anchor.position)
      anchor.quaternion.copy(saved.anchor.quaternion)
      // three restores fov/zoom itself; the pose it wrote into the camera is ours to undo.
      camera.position.copy(saved.position)
      camera.quaternion.copy(saved.quaternion)
      camera.updateMatrixWorld(true)
      content.setFollowCamera(true)
    }
    this.#saved = null
    this.#surface = null
    renderer.xr.enabled = false
    this.emit('end', { error })
  }

  #onEnd = (): void => this.#finish(null, true)

  #onFrame = (): void => {
    const { renderer } = this.#opts
    const frame = renderer.xr.getFrame() as XRFrame | null
    const space = renderer.xr.getReferenceSpace()
    if (!frame || !space || !this.#hitSource) return
    const hit = frame.getHitTestResults(this.#hitSource)[0] ?? null
    const pose = hit?.getPose(space) ?? null
    this.#lastHit = pose ? hit : null
    this.#reticle?.setPose(pose ? pose.transform.matrix : null)
    if (this.#placement !== 'placed') this.#setPlacement(pose ? 'aiming' : 'seeking')
    // A tracked anchor keeps the content on the surface as the device's map of the room improves.
    const anchor = this.#xrAnchor
    if (anchor && this.#surface && frame.trackedAnchors?.has(anchor)) {
      const anchorPose = frame.getPose(anchor.anchorSpace, space)
      if (anchorPose) {
        const p = anchorPose.transform.position
        this.#surface.set(p.x, p.y, p.z)
        this.#apply()
      }
    }
  }

  /** Taps on the overlay's buttons and cards are not placements. */
  #onBeforeSelect = (event: Event): void => {
    const target = event.target as Element | null
    if (target?.closest?.('button, a, select, input, label, .card')) event.preventDefault()
  }

  #onSelect = (): void => {
    if (this.#phase !== 'presenting') return
    if (this.#gesture.active || performance.now() - this.#gestureEndedAt < GESTURE_SELECT_GRACE_MS) return
    const hit = this.#lastHit
    const reticle = this.#reticle?.object
    if (!hit || !reticle?.visible) return
    this.#place(new Vector3().setFromMatrixPosition(reticle.matrix), hit)
  }

  #place(point: Vector3, hit: XRHitTestResult): void {
    const { content, camera } = this.#opts
    const anchor = content.object
    if (!this.#surface) this.#measure()
    this.#surface = point.clone()
    // Face the viewer: the content's +z (its front) towards the device, upright on the surface.
    const eye = camera.getWorldPosition(new Vector3())
    this.#yaw = Math.atan2(eye.x - point.x, eye.z - point.z)
    anchor.visible = true
    this.#apply()
    this.#setPlacement('placed')
    // Anchors are optional: without them the content stays at the hit point.
    this.#xrAnchor?.delete()
    this.#xrAnchor = null
    const placedAt = this.#surface
    void hit
      .createAnchor?.()
      ?.then((xrAnchor) => {
        if (this.#phase === 'presenting' && this.#surface === placedAt) this.#xrAnchor = xrAnchor
        else xrAnchor.delete()
      })
      .catch(() => {})
  }

  /** Content bounds in the anchor's own space → scale for real width, and where its bottom is. */
  #measure(): void {
    const anchor = this.#opts.content.object
    anchor.position.set(0, 0, 0)
    anchor.quaternion.identity()
    anchor.scale.setScalar(1)
    anchor.updateMatrixWorld(true)
    // The anchor's parent is the scene (identity), so world bounds are anchor-space bounds.
    const box = new Box3().setFromObject(anchor)
    if (box.isEmpty()) {
      this.#baseScale = 1
      this.#bottomLocal = 0
      this.#footprint = 0
      return
    }
    const size = box.getSize(new Vector3())
    const footprint = Math.max(size.x, size.z)
    this.#footprint = footprint
    this.#baseScale = footprint > 0 ? this.#opts.widthM / footprint : 1
    this.#bottomLocal = box.min.y
  }

  #apply(): void {
    const surface = this.#surface
    if (!surface) return
    const anchor = this.#opts.content.object
    const scale = this.#baseScale * this.#userScale
    anchor.scale.setScalar(scale)
    anchor.quaternion.setFromAxisAngle(UP, this.#yaw + this.#twist)
    // Turning about the anchor's own up axis keeps the bottom level; scaling moves it, so lift.
    anchor.position.set(surface.x, surface.y - this.#bottomLocal * scale, surface.z)
    anchor.updateMatrixWorld(true)
  }

  #onGesture(change: GestureChange): void {
    if (this.#placement !== 'placed') return
    this.#userScale = Math.min(MAX_USER_SCALE, Math.max(MIN_USER_SCALE, this.#gestureStart.scale * change.scale))
    // Clockwise on screen turns the content clockwise seen from above (negative about +y).
    this.#twist = this.#gestureStart.twist - change.rotation
    this.#apply()
  }

  #setPlacement(placement: XrPlacement): void {
    if (placement === this.#placement) return
    this.#placement = placement
    this.emit('placement', { placement })
  }
}

const UP = new Vector3(0, 1, 0)

function enabledFeatures(session: XRSession): string[] {
  const features = (session as XRSession & { enabledFeatures?: readonly string[] }).enabledFeatures
  return features ? [...features] : []
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message
  return String(error)
}

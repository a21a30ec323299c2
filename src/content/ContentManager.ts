/**
 * Owns the recognized content in front of the camera: at most one model or video at a time.
 *
 * - `show(desc)` cancels a pending load (cancellation is a silent return), lets the current
 *   content leave while the new one loads, then animates the new one in. Load failures do not
 *   reject: they become status `error` + an `error` event (errors are emitted at the boundary).
 * - `clear()` animates the current content out, then disposes it.
 * - `update(dt)` once per rendered frame (mixers; keeps the anchor in front of the camera).
 * - `dispose()` frees everything at once: geometries, materials, textures, mixers, tweens,
 *   video elements, decoder workers, the anchor and its lights.
 *
 * Events: `status` `{status, message}` (message = the reason, for `error`), `progress` `{progress}` (0–1), `needs-gesture`
 * `{needsGesture}`, `audio` `{canUnmute}`, `error` `{detail: {type, message}}`.
 *
 * Over 400 lines on purpose: the one owner of what is shown; every resource it creates (loaders,
 * entries, animators, sounds, lights, the anchor) is disposed here, beside where it is made.
 */
import {
  type Camera,
  DirectionalLight,
  Group,
  HemisphereLight,
  OrthographicCamera,
  PerspectiveCamera,
  Quaternion,
  Vector3,
  type Object3D,
  type WebGLRenderer,
} from 'three'
import type { ContentDescription, ContentType, Piece } from '../protocol/meta'
import { Emitter } from '../core/Emitter'
import type { ContentStatus, SoundState } from '../core/status'
import { createGsapAnimator, createInstantAnimator, type Animator, type AnimatorFactory } from './animations'
import type { Content, ViewFrame } from './Content'
import { GltfContent, type GltfLike } from './GltfContent'
import { createModelLoader, type ModelLoader } from './loadGltf'
import { VideoPlaneContent, type VideoLike } from './VideoPlaneContent'
import { createListener, loadSoundBuffer, ModelSound } from './ModelSound'
import { GroupContent, type PlacedPiece } from './GroupContent'
import { TextPanelContent } from './TextPanelContent'
import type { AudioListener } from 'three'

import { CONTENT_DISTANCE_M } from './contentDistance'

export { CONTENT_DISTANCE_M } from './contentDistance'

export type ContentErrorType = 'load-failed' | 'playback-failed'

export interface ContentManagerEvents {
  status: { status: ContentStatus; message: string }
  progress: { progress: number }
  'needs-gesture': { needsGesture: boolean }
  /** The shown content's sound state; null when it has none (or nothing is shown). */
  sound: { state: SoundState | null }
  /** `canUnmute`: a video is shown and muted (offer "sound on"); false when not (any more). */
  audio: { canUnmute: boolean }
  error: { detail: { type: ContentErrorType; message: string } }
}

export interface ContentInfo {
  type: ContentType | null
  visible: boolean
  /** Seconds into the model's clip. */
  animationTime: number
  /** Seconds into the video. */
  videoTime: number
  title: string | null
  link: string | null
  /** Pieces on screen: 1 for one model or video, n for meta `items`, 0 for none. */
  pieces: number
  /** The entrance animation has finished (false while the content pops in, and with none shown). */
  entered: boolean
  status: ContentStatus
  needsGesture: boolean
  muted: boolean
}

export interface ContentManagerDeps {
  scene: Object3D
  camera: Camera
  renderer: WebGLRenderer
  /** Keep the content in front of the camera every frame. @default true (camera-background mode) */
  followCamera?: boolean
  /** Add a soft light rig for models to the content anchor. @default true */
  lights?: boolean
  // Injection points for tests:
  /** @default createModelLoader(renderer) (lazy: imported on the first model) */
  createModelLoader?: () => Promise<{
    loadGltf(url: string, signal: AbortSignal, onProgress?: (f: number) => void): Promise<GltfLike>
    dispose(): void
  }>
  /** The app's AudioContext (unlocked on the start tap); null: model sounds are not played. @default () => null */
  audioContext?: () => AudioContext | null
  /** @default () => document.createElement('video') */
  createVideo?: () => VideoLike
  /** @default createGsapAnimator (gsap imported lazily) */
  createAnimator?: AnimatorFactory
}

interface Entry {
  content: Content
  desc: ContentDescription
  /** Scaled by the enter/leave animation; `content.object` inside keeps its own fit/scale. */
  wrapper: Group
  animator: Animator
  /** The model's meta `audio`, when it loaded. */
  sound: ModelSound | null
  disposed: boolean
  /** Its entrance animation has finished. */
  entered: boolean
  unsubscribe: (() => void)[]
}

/**
 * @example
 * const content = new ContentManager({ scene, camera, renderer })
 * content.on('needs-gesture', ({ needsGesture }) => playButton.hidden = !needsGesture)
 * playButton.onclick = () => content.play()
 * renderer.setAnimationLoop(() => { content.update(clock.getDelta()); renderer.render(scene, camera) })
 * await content.show(description) // from decodeMeta()
 */
export class ContentManager extends Emitter<ContentManagerEvents> {
  readonly #scene: Object3D
  readonly #camera: Camera
  readonly #renderer: WebGLRenderer
  #followCamera: boolean
  readonly #createModelLoader: NonNullable<ContentManagerDeps['createModelLoader']>
  readonly #createVideo: ContentManagerDeps['createVideo']
  readonly #createAnimator: AnimatorFactory
  readonly #audioContext: () => AudioContext | null
  #listener: AudioListener | null = null
  /** Decoded model sounds of this visit, by URL: a target seen again plays at once. */
  readonly #soundBuffers = new Map<string, AudioBuffer>()
  /** The visitor's choice for this visit (the sound button); null: the author's meta decides. */
  #soundWanted: boolean | null = null
  #sound: SoundState | null = null
  /** Last `audio` event value (sent on change only). */
  #canUnmute = false
  /** Positioned in front of the camera; content goes inside. */
  readonly #anchor = new Group()
  readonly #lights: (HemisphereLight | DirectionalLight)[] = []
  #modelLoader: Promise<Awaited<ReturnType<NonNullable<ContentManagerDeps['createModelLoader']>>>> | null = null
  #current: Entry | null = null
  readonly #leaving = new Set<Entry>()
  #pending: AbortController | null = null
  #generation = 0
  #status: ContentStatus = 'none'
  #disposed = false

  constructor(deps: ContentManagerDeps) {
    super()
    this.#scene = deps.scene
    this.#camera = deps.camera
    this.#renderer = deps.renderer
    this.#followCamera = deps.followCamera ?? true
    this.#createModelLoader = deps.createModelLoader ?? ((): Promise<ModelLoader> => createModelLoader(this.#renderer))
    this.#createVideo = deps.createVideo
    this.#createAnimator = deps.createAnimator ?? createGsapAnimator
    this.#audioContext = deps.audioContext ?? (() => null)
    this.#anchor.name = 'content:anchor'
    if (deps.lights ?? true) {
      const hemi = new HemisphereLight(0xffffff, 0x444455, 1.6)
      const key = new DirectionalLight(0xffffff, 2)
      key.position.set(0.5, 1, 1)
      this.#lights.push(hemi, key)
      this.#anchor.add(hemi, key, key.target)
    }
    this.#scene.add(this.#anchor)
  }

  get status(): ContentStatus {
    return this.#status
  }

  /** The group the content sits in: WebXR placement moves, turns and scales it in the world. */
  get anchor(): Object3D {
    return this.#anchor
  }

  /** The shown content's own object (model or video plane), inside the anchor; null when none. */
  get currentObject(): Object3D | null {
    return this.#current?.content.object ?? null
  }

  /** The shown video's element (for recording its sound), or null. */
  get currentVideo(): VideoLike | null {
    const content = this.#current?.content
    return videoOf(content)?.video ?? null
  }

  /** true: in front of the camera every frame (camera-background mode); false: stays where put. */
  setFollowCamera(follow: boolean): void {
    this.#followCamera = follow
    if (follow) this.#placeAnchor()
  }

  /**
   * Replaces the current content with `desc`. Resolves when the new content has entered, when it
   * failed (status `error`), or at once if a newer `show()`/`clear()`/`dispose()` superseded it.
   */
  async show(desc: ContentDescription): Promise<void> {
    if (this.#disposed) return
    const generation = ++this.#generation
    this.#pending?.abort()
    const abort = new AbortController()
    this.#pending = abort
    const leaving = this.#retireCurrent()
    this.#setStatus('loading', '')
    this.#emitProgress(0)

    let content: Content
    // The sound loads alongside the model; a sound that fails leaves the model silent, not broken.
    const soundPiece = soundPieceOf(desc)
    const soundLoad = this.#loadSound(soundPiece?.desc ?? null, abort.signal)
    try {
      if (this.#followCamera) this.#placeAnchor()
      content = await this.#load(desc, abort.signal)
    } catch (error) {
      if (abort.signal.aborted || generation !== this.#generation) return
      this.#pending = null
      const message = `ContentManager: could not load ${desc.type} ${desc.url}: ${errorMessage(error)}`
      this.#setStatus('error', message)
      this.emit('error', { detail: { type: 'load-failed', message } })
      return
    }
    await leaving
    const soundBuffer = await soundLoad
    const animator = generation === this.#generation ? await this.#makeAnimator() : null
    if (!animator || generation !== this.#generation) {
      animator?.dispose()
      content.dispose()
      return
    }
    this.#pending = null

    const wrapper = new Group()
    wrapper.name = `content:${desc.type}-wrapper`
    wrapper.add(content.object)
    const context = this.#audioContext()
    const soundParent = content instanceof GroupContent ? content.pieceObject(soundPiece?.index ?? -1) : content.object
    const sound =
      soundBuffer && context && soundParent && soundPiece
        ? new ModelSound((this.#listener ??= createListener(context, this.#camera)), soundBuffer, soundParent, soundPiece.desc.loop)
        : null
    const entry: Entry = { content, desc, wrapper, animator, sound, disposed: false, entered: false, unsubscribe: [] }
    const primaryVideo = videoOf(content)
    if (primaryVideo) {
      entry.unsubscribe.push(
        primaryVideo.on('needs-gesture', (e) => this.emit('needs-gesture', { needsGesture: e.needsGesture })),
        primaryVideo.on('error', (e) => {
          if (this.#current !== entry) return
          this.#setStatus('error', e.message)
          this.emit('error', { detail: { type: 'playback-failed', message: e.message } })
        }),
      )
    }
    this.#current = entry
    this.#anchor.add(wrapper)
    if (this.#followCamera) this.#placeAnchor()
    this.#emitProgress(1)
    this.#setStatus('shown', '')
    // Pieces enter one after the other (their own delays); a single content pops in at once.
    const entering =
      content instanceof GroupContent
        ? Promise.all(content.pieces.map((p) => animator.enter(p.wrapper, p.content.fadeMaterials, p.delay))).then(() => {})
        : animator.enter(wrapper, content.fadeMaterials)
    const videos = content instanceof GroupContent ? content.videos : primaryVideo ? [primaryVideo] : []
    if (videos.length > 0) this.#emitAudio()
    for (const video of videos) void video.autoplay()
    void this.#applySound(entry)
    await entering
    entry.entered = true
  }

  /** Animates the current content out and disposes it; cancels a pending load. */
  async clear(): Promise<void> {
    if (this.#disposed) return
    this.#generation++
    this.#pending?.abort()
    this.#pending = null
    const leaving = this.#retireCurrent()
    this.#setStatus('none', '')
    this.#emitProgress(0)
    await leaving
  }

  /** Per rendered frame. */
  update(dtSeconds: number): void {
    if (this.#disposed) return
    if (this.#followCamera && (this.#current || this.#leaving.size > 0)) this.#placeAnchor()
    this.#current?.content.update(dtSeconds)
    for (const entry of this.#leaving) entry.content.update(dtSeconds)
  }

  /** For the UI, telemetry and tests. */
  info(): ContentInfo {
    const entry = this.#current
    const video = entry ? videoOf(entry.content) : null
    return {
      type: entry?.content.type ?? null,
      visible: entry !== null && this.#status === 'shown',
      animationTime: entry?.content.animationTime ?? 0,
      videoTime: entry?.content.videoTime ?? 0,
      title: entry?.desc.title ?? null,
      link: entry?.desc.link ?? null,
      pieces: !entry ? 0 : entry.content instanceof GroupContent ? entry.content.pieces.length : 1,
      entered: entry?.entered ?? false,
      status: this.#status,
      needsGesture: video?.needsGesture ?? false,
      muted: video?.muted ?? true,
    }
  }

  /** Plays the current video; call from a user gesture. Resolves whether it plays. */
  play(): Promise<boolean> {
    const content = this.#current?.content
    if (content instanceof GroupContent) return Promise.all(content.videos.map((v) => v.play())).then((all) => all.every(Boolean))
    return content instanceof VideoPlaneContent ? content.play() : Promise.resolve(false)
  }

  /** Plays the current content again from the start (a "replay" call to action; from a tap). */
  replay(): void {
    this.#current?.content.replay()
  }

  /** The shown content's sound state (null: it has none). */
  get sound(): SoundState | null {
    return this.#sound
  }

  /**
   * Where the model sounds mix (three's audio listener, ahead of the speakers) while the visitor
   * hears them: what a clip records. Null when muted, blocked, or no model sound is playing.
   */
  get soundOutput(): AudioNode | null {
    return this.#sound === 'on' && this.#current?.sound ? (this.#listener?.getInput() ?? null) : null
  }

  /**
   * The sound button: on → off, off/blocked → on. Call it from the tap (the gesture is what lets
   * the browser start audio). The choice holds for the rest of the visit (later content too).
   */
  async toggleSound(): Promise<void> {
    const entry = this.#current
    if (!entry) return
    this.#soundWanted = this.#sound !== 'on'
    await this.#applySound(entry)
  }

  /** Mutes/unmutes the current video; unmuting must be called from a user gesture. */
  setMuted(muted: boolean): void {
    const video = videoOf(this.#current?.content)
    if (!video) return
    video.setMuted(muted)
    this.#emitAudio()
  }

  /** `setMuted(false)`, plus `play()` in case the tap also has to start playback. */
  unmute(): Promise<boolean> {
    this.setMuted(false)
    return this.play()
  }

  get muted(): boolean {
    return this.info().muted
  }

  /** Frees everything now (no leave animation). Final. */
  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#generation++
    this.#pending?.abort()
    this.#pending = null
    if (this.#current) this.#disposeEntry(this.#current)
    this.#current = null
    for (const entry of this.#leaving) this.#disposeEntry(entry)
    this.#leaving.clear()
    void this.#modelLoader?.then(
      (loader) => loader.dispose(),
      () => {},
    )
    this.#modelLoader = null
    this.#listener?.removeFromParent()
    this.#listener = null
    this.#soundBuffers.clear()
    for (const light of this.#lights) light.dispose()
    this.#anchor.removeFromParent()
    this.#setStatus('none', '')
    this.removeAllListeners()
  }

  // ── internals ─────────────────────────────────────────────────────────────

  async #load(desc: ContentDescription, signal: AbortSignal): Promise<Content> {
    if (desc.items) return this.#loadGroup(desc, desc.items, signal)
    return this.#loadOne(desc, signal, (f) => this.#emitProgress(Math.min(0.99, f)))
  }

  /** Loads every piece at once; one failure frees the others and fails the whole target. */
  async #loadGroup(desc: ContentDescription, items: readonly Piece[], signal: AbortSignal): Promise<Content> {
    const frame = this.#viewFrame()
    const progress = items.map(() => 0)
    const report = () => this.#emitProgress(Math.min(0.99, progress.reduce((a, b) => a + b, 0) / progress.length))
    const settled = await Promise.allSettled(
      items.map(async (item, index): Promise<PlacedPiece> => {
        if (item.type === 'text') {
          progress[index] = 1
          return { content: new TextPanelContent(item, frame), delay: item.delay }
        }
        const content = await this.#loadOne(item, signal, (f) => {
          progress[index] = f
          report()
        })
        progress[index] = 1
        report()
        return { content, delay: item.delay }
      }),
    )
    const pieces = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed || signal.aborted) {
      for (const piece of pieces) piece.content.dispose()
      signal.throwIfAborted()
      throw failed!.reason
    }
    return new GroupContent(pieces, desc)
  }

  async #loadOne(desc: ContentDescription, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<Content> {
    const frame = this.#viewFrame()
    if (desc.type === 'model') {
      this.#modelLoader ??= this.#createModelLoader()
      const loaderPromise = this.#modelLoader
      // A failed lazy import must not poison the next attempt.
      loaderPromise.catch(() => {
        if (this.#modelLoader === loaderPromise) this.#modelLoader = null
      })
      const loader = await loaderPromise
      signal.throwIfAborted()
      const gltf = await loader.loadGltf(desc.url, signal, onProgress)
      return new GltfContent(gltf, desc, frame)
    }
    const video = new VideoPlaneContent(desc, this.#createVideo)
    try {
      await video.load(signal, frame)
    } catch (error) {
      video.dispose()
      throw error
    }
    return video
  }

  /** Detaches the current entry and animates it out, then disposes it. */
  #retireCurrent(): Promise<void> {
    const entry = this.#current
    if (!entry) return Promise.resolve()
    this.#current = null
    this.#leaving.add(entry)
    // Its sound stops with the decision, not after the leave animation.
    entry.sound?.dispose()
    this.#setSound(null)
    const video = videoOf(entry.content)
    if (video) {
      if (video.needsGesture) this.emit('needs-gesture', { needsGesture: false })
      this.#emitAudio()
    }
    return entry.animator
      .leave(entry.wrapper, entry.content.fadeMaterials)
      .catch(() => {})
      .then(() => {
        this.#leaving.delete(entry)
        this.#disposeEntry(entry)
      })
  }

  #disposeEntry(entry: Entry): void {
    if (entry.disposed) return
    entry.disposed = true
    for (const off of entry.unsubscribe) off()
    entry.animator.dispose()
    entry.sound?.dispose()
    entry.content.dispose()
    entry.wrapper.removeFromParent()
  }

  /** Resolves the model's sound buffer, or null (no `audio`, no AudioContext, or it failed). Never rejects. */
  async #loadSound(desc: ContentDescription | null, signal: AbortSignal): Promise<AudioBuffer | null> {
    const context = desc?.type === 'model' && desc.audio ? this.#audioContext() : null
    if (!context || !desc?.audio) return null
    const cached = this.#soundBuffers.get(desc.audio)
    if (cached) return cached
    try {
      const buffer = await loadSoundBuffer(context, desc.audio, signal)
      this.#soundBuffers.set(desc.audio, buffer)
      return buffer
    } catch (error) {
      if (!signal.aborted) console.warn(`ContentManager: the sound ${desc.audio} could not load; the model stays silent`, error)
      return null
    }
  }

  /** Puts the entry's sound in the wanted state (the visitor's choice, else the author's). */
  async #applySound(entry: Entry): Promise<void> {
    const video = videoOf(entry.content)
    if (!video && !entry.sound) {
      this.#setSound(null)
      return
    }
    // Videos follow meta `muted` (default true); a model's `audio` is there to be heard.
    const wanted = this.#soundWanted ?? (video ? !entry.desc.muted : true)
    const ok = video ? await video.setSound(wanted) : await entry.sound!.setOn(wanted)
    if (this.#current !== entry) return
    this.#setSound(!wanted ? 'off' : ok ? 'on' : 'blocked')
    if (video) this.#emitAudio()
  }

  #setSound(state: SoundState | null): void {
    if (this.#sound === state) return
    this.#sound = state
    this.emit('sound', { state })
  }

  async #makeAnimator(): Promise<Animator> {
    try {
      return await this.#createAnimator()
    } catch {
      return createInstantAnimator()
    }
  }

  #placeAnchor(): void {
    const camera = this.#camera
    camera.updateMatrixWorld()
    const position = camera.getWorldPosition(new Vector3())
    const direction = camera.getWorldDirection(new Vector3())
    this.#anchor.position.copy(position).addScaledVector(direction, CONTENT_DISTANCE_M)
    this.#anchor.quaternion.copy(camera.getWorldQuaternion(new Quaternion()))
  }

  /** Visible size of the view at `CONTENT_DISTANCE_M`. */
  #viewFrame(): ViewFrame {
    return viewFrameAt(this.#camera, CONTENT_DISTANCE_M)
  }

  #setStatus(status: ContentStatus, message: string): void {
    this.#status = status
    this.emit('status', { status, message })
  }

  #emitAudio(): void {
    const video = videoOf(this.#current?.content)
    const canUnmute = !!video && video.muted
    if (canUnmute === this.#canUnmute) return
    this.#canUnmute = canUnmute
    this.emit('audio', { canUnmute })
  }

  #emitProgress(progress: number): void {
    this.emit('progress', { progress })
  }
}

/** The video the play and sound buttons speak for: the content itself, or a group's first video. */
function videoOf(content: Content | undefined): VideoPlaneContent | null {
  if (content instanceof VideoPlaneContent) return content
  return content instanceof GroupContent ? content.video : null
}

/** The model (or model piece) whose meta `audio` plays: the first with one. */
function soundPieceOf(desc: ContentDescription): { desc: ContentDescription; index: number } | null {
  if (!desc.items) return desc.type === 'model' && desc.audio ? { desc, index: -1 } : null
  const index = desc.items.findIndex((p) => p.type === 'model' && !!p.audio)
  const piece = desc.items[index]
  return piece && piece.type !== 'text' ? { desc: piece, index } : null
}

/** Width/height in metres seen by `camera` at `distance` in front of it. */
export function viewFrameAt(camera: Camera, distance: number): ViewFrame {
  if (camera instanceof PerspectiveCamera) {
    const height = (2 * distance * Math.tan((camera.fov * Math.PI) / 360)) / camera.zoom
    return { width: height * camera.aspect, height }
  }
  if (camera instanceof OrthographicCamera) {
    return { width: (camera.right - camera.left) / camera.zoom, height: (camera.top - camera.bottom) / camera.zoom }
  }
  return { width: 1, height: 1 }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A video on a plane with the video's aspect ratio, in front of the camera.
 *
 * The `<video>` is created here (and released here): `playsinline`, `muted` (only muted video
 * may autoplay on iOS/Chrome), `crossOrigin = 'anonymous'` (a WebGL texture needs CORS),
 * `loop` per meta. A rejected `play()` (autoplay policy) keeps the content shown and raises
 * `needsGesture` (event `needs-gesture`), so the UI offers a play button that calls `play()`
 * inside the user's tap. Unmuting also needs a tap: call `setMuted(false)` from a gesture.
 */
import {
  DoubleSide,
  Group,
  MathUtils,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  SRGBColorSpace,
  VideoTexture,
  type ShaderMaterial,
} from 'three'
import type { ContentDescription } from '../protocol/meta'
import { Emitter } from '../core/Emitter'
import type { Content, ViewFrame } from './Content'
import { createAlphaVideoMaterial, visibleAspect } from './alphaVideoMaterial'

/** Video height as a fraction of the view height… */
export const VIDEO_HEIGHT_FRACTION = 0.5
/** …and width at most this fraction of the view width. */
export const VIDEO_WIDTH_FRACTION = 0.9

/** The `<video>` surface we use; `HTMLVideoElement` satisfies it, tests pass a fake. */
export interface VideoLike {
  src: string
  muted: boolean
  loop: boolean
  playsInline: boolean
  crossOrigin: string | null
  preload: string
  readonly videoWidth: number
  readonly videoHeight: number
  currentTime: number
  readonly paused: boolean
  readonly error: { code: number; message: string } | null
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
  play(): Promise<void>
  pause(): void
  load(): void
}

export interface VideoPlaneEvents {
  'needs-gesture': { needsGesture: boolean }
  /** A media error after the video was shown (network drop, decode error). */
  error: { message: string }
}

const MEDIA_ERRORS: Record<number, string> = {
  1: 'loading was aborted',
  2: 'a network error stopped the download',
  3: 'the video could not be decoded',
  4: 'the video format or URL is not supported (or CORS refused it)',
}

export class VideoPlaneContent extends Emitter<VideoPlaneEvents> implements Content {
  readonly type = 'video' as const
  readonly object = new Group()
  readonly video: VideoLike
  #mesh: Mesh<PlaneGeometry, MeshBasicMaterial | ShaderMaterial> | null = null
  #texture: VideoTexture | null = null
  #needsGesture = false
  #disposed = false
  readonly #desc: ContentDescription

  constructor(desc: ContentDescription, createVideo: () => VideoLike = () => document.createElement('video') as unknown as VideoLike) {
    super()
    this.#desc = desc
    this.object.name = 'content:video'
    const video = createVideo()
    video.setAttribute('playsinline', '')
    video.setAttribute('webkit-playsinline', '')
    video.playsInline = true
    video.muted = true
    video.setAttribute('muted', '')
    video.crossOrigin = 'anonymous'
    video.loop = desc.loop
    video.preload = 'auto'
    this.video = video
  }

  get fadeMaterials() {
    return this.#mesh ? [this.#mesh.material] : []
  }

  get animationTime(): number {
    return 0
  }

  get videoTime(): number {
    return this.video.currentTime
  }

  get needsGesture(): boolean {
    return this.#needsGesture
  }

  get muted(): boolean {
    return this.video.muted
  }

  /**
   * Starts loading and resolves once the size is known (`loadedmetadata`), with the plane built.
   * Rejects with a message on a media error, or with the signal's reason when aborted.
   */
  load(signal: AbortSignal, frame: ViewFrame): Promise<void> {
    const video = this.video
    return new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        video.removeEventListener('loadedmetadata', onMeta)
        video.removeEventListener('error', onError)
        signal.removeEventListener('abort', onAbort)
      }
      const onMeta = () => {
        cleanup()
        this.#build(frame)
        video.addEventListener('error', this.#onLateError)
        resolve()
      }
      const onError = () => {
        cleanup()
        reject(new Error(`VideoPlaneContent: ${mediaErrorMessage(video)} (${this.#desc.url})`))
      }
      const onAbort = () => {
        cleanup()
        reject(signal.reason)
      }
      if (signal.aborted) return reject(signal.reason)
      video.addEventListener('loadedmetadata', onMeta)
      video.addEventListener('error', onError)
      signal.addEventListener('abort', onAbort)
      video.src = this.#desc.url
      video.load()
    })
  }

  /**
   * Plays. Call it from a user gesture after `needs-gesture`. Resolves `true` when playing,
   * `false` when the browser still refuses (needsGesture stays/gets set).
   */
  async play(): Promise<boolean> {
    if (this.#disposed) return false
    try {
      await this.video.play()
      this.#setNeedsGesture(false)
      return true
    } catch (error) {
      if (this.#disposed) return false
      // AbortError = play() interrupted by pause()/a new load: not a policy refusal.
      if ((error as { name?: string } | null)?.name === 'AbortError') return false
      this.#setNeedsGesture(true)
      return false
    }
  }

  /** Unmuting must happen inside a user gesture or the browser pauses the video. */
  setMuted(muted: boolean): void {
    this.video.muted = muted
    if (muted) this.video.setAttribute('muted', '')
    else this.video.removeAttribute('muted')
  }

  /**
   * Sound on or off. On: unmuted playback, which the browser allows after a gesture in this visit
   * (the start tap) or inside one (the sound button); where it refuses (a rejected play(), or a
   * video paused by the unmute), the video goes on muted and this resolves false.
   */
  async setSound(on: boolean): Promise<boolean> {
    if (this.#disposed) return false
    this.setMuted(!on)
    if (!on) return true
    const video = this.video
    try {
      await video.play()
    } catch (error) {
      if (this.#disposed) return false
      this.setMuted(true)
      if ((error as { name?: string } | null)?.name !== 'AbortError') void this.play()
      return false
    }
    if (this.#disposed) return false
    if (video.paused) {
      this.setMuted(true)
      void this.play()
      return false
    }
    this.#setNeedsGesture(false)
    return true
  }

  /** Starts playback if meta says `autoplay` (default); otherwise asks for a gesture. */
  async autoplay(): Promise<void> {
    if (this.#desc.autoplay) await this.play()
    else this.#setNeedsGesture(true)
  }

  /** From the visitor's tap (a "replay" button), so play() is allowed even if autoplay was not. */
  replay(): void {
    if (this.#disposed) return
    this.video.currentTime = 0
    void this.play()
  }

  update(): void {
    // VideoTexture updates itself (requestVideoFrameCallback or per-render check).
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    const video = this.video
    video.removeEventListener('error', this.#onLateError)
    // Release the decoder and the network connection now, not at GC.
    video.pause()
    video.removeAttribute('src')
    video.load()
    this.#texture?.dispose()
    this.#mesh?.geometry.dispose()
    this.#mesh?.material.dispose()
    this.#texture = null
    this.#mesh = null
    this.object.removeFromParent()
    this.removeAllListeners()
  }

  #build(frame: ViewFrame): void {
    const video = this.video
    const alpha = this.#desc.alpha
    const aspect = visibleAspect(video.videoWidth, video.videoHeight, alpha)
    let height = VIDEO_HEIGHT_FRACTION * frame.height
    let width = height * aspect
    if (width > VIDEO_WIDTH_FRACTION * frame.width) {
      width = VIDEO_WIDTH_FRACTION * frame.width
      height = width / aspect
    }
    const texture = new VideoTexture(video as unknown as HTMLVideoElement)
    texture.colorSpace = SRGBColorSpace
    const material = alpha
      ? createAlphaVideoMaterial(texture, alpha)
      : new MeshBasicMaterial({ map: texture, side: DoubleSide, transparent: true, toneMapped: false })
    const mesh = new Mesh(new PlaneGeometry(width, height), material)
    mesh.name = 'content:video-plane'
    this.#texture = texture
    this.#mesh = mesh
    this.object.add(mesh)
    this.object.scale.setScalar(this.#desc.scale)
    this.object.position.set(...this.#desc.position)
    this.object.rotation.set(...(this.#desc.rotation.map((deg) => MathUtils.degToRad(deg)) as [number, number, number]))
  }

  readonly #onLateError = (): void => {
    this.emit('error', { message: `VideoPlaneContent: ${mediaErrorMessage(this.video)} (${this.#desc.url})` })
  }

  #setNeedsGesture(value: boolean): void {
    if (this.#needsGesture === value) return
    this.#needsGesture = value
    this.emit('needs-gesture', { needsGesture: value })
  }
}

function mediaErrorMessage(video: VideoLike): string {
  const error = video.error
  if (!error) return 'the video failed to load'
  return `${MEDIA_ERRORS[error.code] ?? 'the video failed to load'}${error.message ? `: ${error.message}` : ''}`
}

/**
 * The camera: getUserMedia with a fallback ladder, a front/back switch and a device picker,
 * tracks released while the page is hidden, every failure reported as its own status.
 *
 * Lifecycle: `start()` (idempotent) → 'starting' → 'live'; hidden page → 'paused' (tracks
 * stopped) → visible → 'live' again; `stop()` → 'idle'; `dispose()` is final.
 * The `<video>` it feeds is the source of the scene background and of the captured frames.
 */
import { Emitter } from '../core/Emitter'
import type { CameraStatus } from '../core/status'
import { CameraError, cameraStatusFromError, type CameraFailure } from './cameraErrors'
import { buildConstraintLadder, openWithFallback, type Facing } from './constraints'

export type { Facing }

export interface CameraDevice {
  deviceId: string
  label: string
}

export interface CameraStreamEvents {
  status: { status: CameraStatus; error?: unknown }
  /** A constraint step failed and a simpler one is being tried ("degrade and show each step"). */
  fallback: { step: number; error: unknown }
  /** The video shows a (new) stream; `mirrored` = front camera, flip the preview. */
  stream: { video: HTMLVideoElement; mirrored: boolean; facing: Facing; deviceId: string | null }
  /** The video's intrinsic size changed (rotation, new camera, new resolution). */
  resize: { width: number; height: number }
  /** The list of cameras changed (labels appear after permission). */
  devices: { devices: CameraDevice[] }
  /** `video.play()` was refused; call `resume()` from a user gesture. */
  'needs-gesture': { reason: unknown }
}

export interface CameraStreamOptions {
  video: HTMLVideoElement
  mediaDevices?: MediaDevices | undefined
  /** Document used for visibilitychange; defaults to the global one. */
  document?: Document | undefined
  /** Name of the in-app browser we run in (capabilities), to word failures. */
  inAppBrowser?: string | null
  /** The page is not a secure context: getUserMedia cannot work. */
  insecure?: boolean
  facing?: Facing
}

const FRONT_LABEL = /\b(front|user|face ?time|selfie)\b/i

export class CameraStream extends Emitter<CameraStreamEvents> {
  readonly video: HTMLVideoElement
  #mediaDevices: MediaDevices | undefined
  #document: Document | undefined
  #inAppBrowser: string | null
  #insecure: boolean

  #status: CameraStatus = 'idle'
  #facing: Facing
  #deviceId: string | null = null
  #mirrored = false
  #devices: CameraDevice[] = []
  #stream: MediaStream | null = null
  /** True between start() and stop(): the visitor wants the camera. */
  #wanted = false
  #disposed = false
  /** Bumped by every open/release; a getUserMedia answer for an older generation is dropped. */
  #generation = 0
  #opening: Promise<boolean> | null = null
  /** `video.play()` was refused and no tap has retried it yet. */
  #needsGesture = false

  constructor(options: CameraStreamOptions) {
    super()
    this.video = options.video
    this.#mediaDevices = options.mediaDevices ?? globalThis.navigator?.mediaDevices
    this.#document = options.document ?? globalThis.document
    this.#inAppBrowser = options.inAppBrowser ?? null
    this.#insecure = options.insecure ?? false
    this.#facing = options.facing ?? 'environment'
    prepareVideo(this.video)
  }

  get status(): CameraStatus {
    return this.#status
  }
  get facing(): Facing {
    return this.#facing
  }
  get mirrored(): boolean {
    return this.#mirrored
  }
  get deviceId(): string | null {
    return this.#deviceId
  }
  get devices(): readonly CameraDevice[] {
    return this.#devices
  }
  get stream(): MediaStream | null {
    return this.#stream
  }
  /** The video refused to play without a tap ('needs-gesture'); `resume()` from a tap clears it. */
  get needsGesture(): boolean {
    return this.#needsGesture
  }

  /** Opens the camera. Idempotent: a second call while starting or live returns the same result. */
  start(): Promise<boolean> {
    if (this.#disposed) return Promise.resolve(false)
    if (this.#wanted && (this.#opening || this.#status === 'live')) return this.#opening ?? Promise.resolve(true)
    this.#wanted = true
    this.#document?.addEventListener('visibilitychange', this.#onVisibility)
    this.#mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange)
    if (this.#document?.visibilityState === 'hidden') {
      this.#setStatus('paused')
      return Promise.resolve(false)
    }
    return this.#open()
  }

  /** Stops every track and forgets the wish to have a camera. */
  stop(): void {
    if (!this.#wanted) return
    this.#wanted = false
    this.#document?.removeEventListener('visibilitychange', this.#onVisibility)
    this.#mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange)
    this.#release('idle')
  }

  /** Retry after a failure (from the retry button: a user gesture). */
  retry(): Promise<boolean> {
    if (this.#disposed) return Promise.resolve(false)
    if (!this.#wanted) return this.start()
    this.#release('idle')
    return this.#open()
  }

  /** Flips between the back and the front camera. */
  switchFacing(): Promise<boolean> {
    this.#facing = this.#facing === 'environment' ? 'user' : 'environment'
    this.#deviceId = null
    return this.#reopen()
  }

  /** Uses one camera from `devices` (the picker). */
  selectDevice(deviceId: string): Promise<boolean> {
    if (deviceId === this.#deviceId && this.#status === 'live') return Promise.resolve(true)
    this.#deviceId = deviceId || null
    return this.#reopen()
  }

  /** Plays the video again after `needs-gesture`; call from a tap. */
  async resume(): Promise<void> {
    this.#needsGesture = false
    try {
      await this.video.play()
    } catch (reason) {
      this.#needsGesture = true
      this.emit('needs-gesture', { reason })
    }
  }

  dispose(): void {
    if (this.#disposed) return
    this.stop()
    this.#disposed = true
    this.video.srcObject = null
    this.removeAllListeners()
  }

  #reopen(): Promise<boolean> {
    if (this.#disposed) return Promise.resolve(false)
    if (!this.#wanted) return this.start()
    this.#release('starting')
    return this.#open()
  }

  #open(): Promise<boolean> {
    const generation = ++this.#generation
    const opening = this.#doOpen(generation).finally(() => {
      if (this.#opening === opening) this.#opening = null
    })
    this.#opening = opening
    return opening
  }

  async #doOpen(generation: number): Promise<boolean> {
    const isCurrent = () => generation === this.#generation && this.#wanted && !this.#disposed
    this.#setStatus('starting')
    try {
      if (this.#insecure) throw new CameraError('insecure', 'the page is not a secure context (HTTPS needed)')
      const md = this.#mediaDevices
      if (!md || typeof md.getUserMedia !== 'function') {
        const status: CameraFailure = this.#inAppBrowser ? 'in-app-browser' : 'unsupported'
        throw new CameraError(status, 'navigator.mediaDevices.getUserMedia is missing')
      }
      const ladder = buildConstraintLadder({ facing: this.#facing, deviceId: this.#deviceId })
      const { stream } = await openWithFallback(
        (c) => md.getUserMedia(c),
        ladder,
        (step, error) => {
          if (isCurrent()) this.emit('fallback', { step, error })
        },
        isCurrent,
      )
      if (!isCurrent()) {
        stopTracks(stream)
        return false
      }
      this.#attach(stream)
      await this.#waitForMetadata()
      if (!isCurrent()) return false
      await this.#play()
      if (!isCurrent()) return false
      this.#setStatus('live')
      this.emit('stream', { video: this.video, mirrored: this.#mirrored, facing: this.#facing, deviceId: this.#deviceId })
      this.emit('resize', { width: this.video.videoWidth, height: this.video.videoHeight })
      void this.#refreshDevices()
      return true
    } catch (error) {
      if (!isCurrent()) return false
      this.#release(cameraStatusFromError(error, { inAppBrowser: this.#inAppBrowser, insecure: this.#insecure }), error)
      return false
    }
  }

  #attach(stream: MediaStream): void {
    this.#stream = stream
    const track = stream.getVideoTracks()[0]
    const settings = track?.getSettings?.() ?? {}
    // Trust what the browser says the camera faces; desktop webcams say nothing, so a picked
    // camera's label decides, and otherwise what we asked for.
    const facingMode = settings.facingMode
    if (facingMode) this.#mirrored = facingMode === 'user'
    else if (this.#deviceId && track?.label) this.#mirrored = FRONT_LABEL.test(track.label)
    else this.#mirrored = this.#facing === 'user'
    track?.addEventListener('ended', this.#onTrackEnded)
    this.video.addEventListener('resize', this.#onVideoResize)
    this.video.srcObject = stream
  }

  /** Waits for the video's size to be known (`loadedmetadata`), then play() works on iOS WeChat. */
  #waitForMetadata(): Promise<void> {
    const video = this.video
    if (video.readyState >= 1 && video.videoWidth > 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        video.removeEventListener('loadedmetadata', done)
        clearTimeout(timer)
        resolve()
      }
      // Some webviews never fire loadedmetadata for a MediaStream; don't hang on them.
      const timer = setTimeout(done, METADATA_TIMEOUT_MS)
      video.addEventListener('loadedmetadata', done)
    })
  }

  async #play(): Promise<void> {
    try {
      await this.video.play()
    } catch (reason) {
      // Muted inline video is allowed to autoplay nearly everywhere; Low Power Mode on iOS is
      // the known exception. Stay 'live' (frames still decode for capture) and ask for a tap.
      const name = (reason as { name?: string } | null)?.name
      if (name === 'AbortError') return // superseded by a newer srcObject
      this.#needsGesture = true
      this.emit('needs-gesture', { reason })
    }
  }

  /** One cleanup path: hidden page, stop(), failure, switch and track end all come here. */
  #release(status: CameraStatus, error?: unknown): void {
    this.#generation++
    this.#opening = null
    const stream = this.#stream
    this.#stream = null
    if (stream) {
      for (const track of stream.getVideoTracks()) track.removeEventListener('ended', this.#onTrackEnded)
      stopTracks(stream)
    }
    this.video.removeEventListener('resize', this.#onVideoResize)
    if (this.video.srcObject) {
      this.video.pause()
      this.video.srcObject = null
    }
    this.#setStatus(status, error)
  }

  async #refreshDevices(): Promise<void> {
    const md = this.#mediaDevices
    if (!md?.enumerateDevices) return
    try {
      const all = await md.enumerateDevices()
      const devices = all
        .filter((d) => d.kind === 'videoinput' && d.deviceId)
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }))
      if (this.#stream && !this.#deviceId) {
        this.#deviceId = this.#stream.getVideoTracks()[0]?.getSettings?.().deviceId ?? null
      }
      const changed =
        devices.length !== this.#devices.length ||
        devices.some((d, i) => d.deviceId !== this.#devices[i]?.deviceId || d.label !== this.#devices[i]?.label)
      this.#devices = devices
      if (changed) this.emit('devices', { devices })
    } catch (error) {
      console.warn('CameraStream: enumerateDevices failed', error)
    }
  }

  #setStatus(status: CameraStatus, error?: unknown): void {
    if (status === this.#status && error === undefined) return
    this.#status = status
    this.emit('status', error === undefined ? { status } : { status, error })
  }

  #onVisibility = (): void => {
    if (!this.#wanted) return
    if (this.#document?.visibilityState === 'hidden') {
      // Free the camera for other apps and the battery; the LED goes off too.
      if (this.#stream || this.#opening) this.#release('paused')
    } else if (this.#status === 'paused') {
      void this.#open()
    }
  }

  #onDeviceChange = (): void => {
    void this.#refreshDevices()
  }

  #onTrackEnded = (): void => {
    // The camera was unplugged, revoked in settings, or taken by another app.
    if (this.#wanted) this.#release('busy', new CameraError('busy', 'the camera track ended'))
  }

  #onVideoResize = (): void => {
    const { videoWidth: width, videoHeight: height } = this.video
    if (width > 0 && height > 0) this.emit('resize', { width, height })
  }
}

/** Time to wait for `loadedmetadata` before trying play() anyway (ms). */
const METADATA_TIMEOUT_MS = 3000

function prepareVideo(video: HTMLVideoElement): void {
  video.muted = true
  video.defaultMuted = true
  video.playsInline = true
  video.autoplay = true
  // Attributes too: old iOS reads the attribute, not the property.
  video.setAttribute('muted', '')
  video.setAttribute('playsinline', '')
  video.setAttribute('webkit-playsinline', '')
  video.setAttribute('autoplay', '')
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop()
}

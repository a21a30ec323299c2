/**
 * The visitor's keepsakes: a **photo** of what they see (the camera frame with the content over
 * it, rendered once at the camera's own resolution, as JPEG) and a **clip** of the view (with
 * the content video's sound, or the model's sound while the visitor has sound on). Each is shared where the browser can share files, else downloaded.
 * The recorder and the share code are dynamic imports: most visits never use them.
 *
 * Built once the render loop exists (no WebGL, no keepsakes). State (mirrored by the overlay):
 * whether each is possible, a photo being made, the seconds recorded.
 */
import { Emitter } from '../core/Emitter'
import type { Flash } from '../core/status'
import type { CameraBackground } from '../scene/CameraBackground'
import type { SceneRenderer } from '../scene/SceneRenderer'
import type { ClipRecorder } from './ClipRecorder'

export interface KeepsakeState {
  /** A photo can be made (the render loop is up). */
  canPhoto: boolean
  /** A clip can be recorded (MediaRecorder and canvas.captureStream exist). */
  canRecord: boolean
  /** Seconds recorded so far while a clip records; null when not recording. */
  recording: number | null
  /** A photo is being made (the button is busy). */
  photoBusy: boolean
}

/** Without a render loop: nothing to keep. */
export const NO_KEEPSAKES: Readonly<KeepsakeState> = {
  canPhoto: false,
  canRecord: false,
  recording: null,
  photoBusy: false,
}

/** The last photo or clip made (what it was, not its bytes), for tests and support. */
export interface KeepsakeSnapshot {
  kind: 'photo' | 'clip'
  type: string
  bytes: number
  width: number | null
  height: number | null
  delivered: string
}

export interface KeepsakesEvents {
  change: { state: Readonly<KeepsakeState> }
  flash: Flash
}

export interface KeepsakesOptions {
  scene: SceneRenderer
  background: CameraBackground
  /** The shown video's element, whose sound goes into clips; null when none is shown. */
  media: () => HTMLMediaElement | null
  /**
   * The model sound's mix (on the app's AudioContext) while the visitor hears it, which goes
   * into clips; null when muted, blocked or silent. @default () => null
   */
  modelSound?: () => AudioNode | null
  navigator: Navigator
  document: Document
}

/** Clips need MediaRecorder and canvas.captureStream (the recorder itself is a lazy chunk). */
function canRecord(canvas: HTMLCanvasElement, Recorder: typeof MediaRecorder | undefined = globalThis.MediaRecorder): boolean {
  return typeof Recorder === 'function' && typeof canvas.captureStream === 'function'
}

/** JPEG quality of photos: near-lossless for a keepsake (the camera frame is already compressed). */
const PHOTO_QUALITY = 0.92

export class Keepsakes extends Emitter<KeepsakesEvents> {
  readonly #opts: KeepsakesOptions
  #state: KeepsakeState
  #recorder: ClipRecorder | null = null
  #last: KeepsakeSnapshot | null = null
  #disposed = false

  constructor(options: KeepsakesOptions) {
    super()
    this.#opts = options
    this.#state = { ...NO_KEEPSAKES, canPhoto: true, canRecord: canRecord(options.scene.canvas) }
  }

  get state(): Readonly<KeepsakeState> {
    return this.#state
  }
  /** The last photo or clip made. */
  get last(): KeepsakeSnapshot | null {
    return this.#last
  }

  /** One photo of what the visitor sees; resolves with the JPEG, or null when it failed. */
  async takePhoto(): Promise<Blob | null> {
    const { scene, background } = this.#opts
    if (this.#state.photoBusy || this.#disposed) return null
    // The camera's (or the chosen photo's) own resolution.
    const source = background.sourceSize
    const width = source?.width ?? Math.round(scene.size.width * scene.renderer.getPixelRatio())
    const height = source?.height ?? Math.round(scene.size.height * scene.renderer.getPixelRatio())
    this.#set({ photoBusy: true })
    // VideoTexture uploads when the video reports a new frame, one frame late at times: the
    // photo takes the frame the visitor sees now.
    const texture = background.texture
    if (texture) texture.needsUpdate = true
    try {
      let encoded: Promise<Blob | null> = Promise.resolve(null)
      scene.renderAt(
        width,
        height,
        // toBlob copies the pixels now; encoding finishes after the screen size is back.
        (canvas) => (encoded = new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY))),
        (w, h) => background.setViewSize(w, h),
      )
      const photo = await encoded
      if (!photo) throw new Error('the canvas gave no image')
      const delivered = await this.#deliver(photo, 'jpg')
      this.#last = { kind: 'photo', type: photo.type, bytes: photo.size, width, height, delivered }
      if (delivered === 'downloaded') this.emit('flash', { kind: 'photo-saved' })
      return photo
    } catch (error) {
      console.warn('Keepsakes: photo failed', error)
      this.emit('flash', { kind: 'capture-failed' })
      return null
    } finally {
      this.#set({ photoBusy: false })
    }
  }

  /** Starts a clip of the view, or stops the one recording (it also stops at its time limit). */
  async toggleRecording(): Promise<void> {
    if (this.#recorder) {
      this.#recorder.stop()
      return
    }
    if (!this.#state.canRecord || this.#disposed) return
    let ClipRecorderClass: typeof ClipRecorder
    try {
      ClipRecorderClass = (await import('./ClipRecorder')).ClipRecorder
    } catch (error) {
      console.warn('Keepsakes: the recorder failed to load', error)
      this.emit('flash', { kind: 'capture-failed' })
      return
    }
    if (this.#recorder || this.#disposed) return
    const canvas = this.#opts.scene.canvas
    const modelSound = this.#modelSoundTap()
    const recorder = new ClipRecorderClass({ canvas, audioTracks: [...this.#contentAudioTracks(), ...(modelSound?.tracks ?? [])] })
    this.#recorder = recorder
    const off = recorder.on('tick', ({ recording, seconds }) => this.#set({ recording: recording ? seconds : null }))
    let empty = false
    try {
      const clip = await recorder.start()
      empty = clip.size === 0
      if (empty) throw new Error('the recording is empty')
      const delivered = await this.#deliver(clip, clip.type.includes('mp4') ? 'mp4' : 'webm')
      const { width, height } = canvas
      this.#last = { kind: 'clip', type: clip.type, bytes: clip.size, width, height, delivered }
      if (delivered === 'downloaded') this.emit('flash', { kind: 'clip-saved' })
    } catch (error) {
      console.warn('Keepsakes: recording failed', error)
      // A browser whose MediaRecorder refuses the stream or records nothing (WebKitGTK on
      // GStreamer < 1.24 does both) fails the same way every time: "try again" would be untrue.
      // Say so, and stop offering Record for this visit; Photo still works.
      const unsupported = empty || (error instanceof DOMException && error.name === 'NotSupportedError')
      if (unsupported) this.#set({ canRecord: false })
      this.emit('flash', { kind: unsupported ? 'clip-unsupported' : 'capture-failed' })
    } finally {
      off()
      modelSound?.release()
      recorder.dispose()
      if (this.#recorder === recorder) this.#recorder = null
      this.#set({ recording: null })
    }
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#recorder?.dispose()
    this.#recorder = null
    this.removeAllListeners()
  }

  /** Audio of the shown video, so a clip of a video target has its sound (when the browser allows). */
  #contentAudioTracks(): MediaStreamTrack[] {
    const media = this.#opts.media() as (HTMLMediaElement & { captureStream?: () => MediaStream }) | null
    try {
      return media?.captureStream?.().getAudioTracks() ?? []
    } catch {
      // Cross-origin media without CORS cannot be captured: record the picture only.
      return []
    }
  }

  /**
   * The model's sound for a clip: a MediaStream destination on the app's AudioContext fed from the
   * listener's mix, beside the speakers (what the visitor hears, so their mute holds: muting
   * mid-clip records silence). None when the visitor has sound off, or where Web Audio cannot make
   * a stream.
   */
  #modelSoundTap(): { tracks: MediaStreamTrack[]; release: () => void } | null {
    const node = this.#opts.modelSound?.() ?? null
    const context = node?.context as (BaseAudioContext & Partial<Pick<AudioContext, 'createMediaStreamDestination'>>) | undefined
    if (!node || typeof context?.createMediaStreamDestination !== 'function') return null
    try {
      const destination = context.createMediaStreamDestination()
      node.connect(destination)
      return {
        tracks: destination.stream.getAudioTracks(),
        release: () => {
          try {
            node.disconnect(destination)
          } catch {
            // Already cut: the content (and its listener) went while the clip recorded.
          }
        },
      }
    } catch (error) {
      console.warn('Keepsakes: the model sound cannot be recorded; the clip has the picture only', error)
      return null
    }
  }

  async #deliver(blob: Blob, extension: string): Promise<string> {
    const { keepsakeFileName, shareOrDownload } = await import('./shareOrDownload')
    const { navigator, document } = this.#opts
    return shareOrDownload(blob, keepsakeFileName(extension), { navigator, document })
  }

  #set(patch: Partial<KeepsakeState>): void {
    if (this.#disposed) return
    this.#state = { ...this.#state, ...patch }
    this.emit('change', { state: this.#state })
  }
}

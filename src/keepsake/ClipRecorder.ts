/**
 * Records the AR view as a short clip: MediaRecorder on the canvas's captureStream (plus the
 * content video's sound when there is one), MP4 where the browser records it (Safari, recent
 * Chrome), else WebM. Stops by itself at `limitSeconds`. Owns the stream it captures and
 * stops its tracks when done.
 */
import { Emitter } from '../core/Emitter'

export interface ClipRecorderEvents {
  /** Every second while recording, and once with `recording: false` at the end. */
  tick: { recording: boolean; seconds: number }
}

export interface ClipRecorderOptions {
  canvas: HTMLCanvasElement
  /** Extra tracks to record (the content video's audio); the recorder stops them when done. */
  audioTracks?: MediaStreamTrack[]
  limitSeconds?: number
  /** @default globalThis.MediaRecorder */
  MediaRecorder?: typeof MediaRecorder
}

/** Preferred containers, best first. */
const MIME_CANDIDATES = [
  'video/mp4;codecs=avc1,mp4a',
  'video/mp4',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm',
]
export const DEFAULT_LIMIT_SECONDS = 15
const FPS = 30

/** The first container the browser can record, or '' (let MediaRecorder choose). */
export function pickRecordingMime(isTypeSupported: (mime: string) => boolean): string {
  for (const mime of MIME_CANDIDATES) {
    try {
      if (isTypeSupported(mime)) return mime
    } catch {
      // Some browsers throw on unknown codecs strings instead of answering false.
    }
  }
  return ''
}

export class ClipRecorder extends Emitter<ClipRecorderEvents> {
  #opts: ClipRecorderOptions
  #recorder: MediaRecorder | null = null
  #stream: MediaStream | null = null
  #chunks: Blob[] = []
  #timer: ReturnType<typeof setInterval> | undefined
  #seconds = 0
  #done: Promise<Blob> | null = null

  constructor(options: ClipRecorderOptions) {
    super()
    this.#opts = options
  }

  get recording(): boolean {
    return this.#recorder?.state === 'recording'
  }

  /** Starts recording; resolves with the clip when stopped (by `stop()` or the time limit). */
  start(): Promise<Blob> {
    if (this.#done) return this.#done
    const Recorder = this.#opts.MediaRecorder ?? globalThis.MediaRecorder
    const stream = this.#opts.canvas.captureStream(FPS)
    for (const track of this.#opts.audioTracks ?? []) stream.addTrack(track)
    this.#stream = stream
    const mimeType = pickRecordingMime((m) => Recorder.isTypeSupported(m))
    const recorder = new Recorder(stream, mimeType ? { mimeType } : undefined)
    this.#recorder = recorder
    this.#done = new Promise<Blob>((resolve, reject) => {
      recorder.addEventListener('dataavailable', (e) => {
        if (e.data.size > 0) this.#chunks.push(e.data)
      })
      recorder.addEventListener('stop', () => {
        const type = (recorder.mimeType || mimeType || 'video/webm').split(';')[0]!
        this.#release()
        resolve(new Blob(this.#chunks, { type }))
      })
      recorder.addEventListener('error', (e) => {
        this.#release()
        reject((e as Event & { error?: unknown }).error ?? new Error('MediaRecorder failed'))
      })
    })
    // Chunks every second: a crash mid-clip still leaves most of it.
    recorder.start(1000)
    const limit = this.#opts.limitSeconds ?? DEFAULT_LIMIT_SECONDS
    this.#seconds = 0
    this.emit('tick', { recording: true, seconds: 0 })
    this.#timer = setInterval(() => {
      this.#seconds++
      this.emit('tick', { recording: true, seconds: this.#seconds })
      if (this.#seconds >= limit) this.stop()
    }, 1000)
    return this.#done
  }

  stop(): void {
    clearInterval(this.#timer)
    if (this.#recorder?.state === 'recording') this.#recorder.stop()
  }

  dispose(): void {
    this.stop()
    this.removeAllListeners()
  }

  #release(): void {
    clearInterval(this.#timer)
    // The canvas track and the handed-over audio tracks are all ours (stopping a capture track
    // does not stop the element it was captured from).
    for (const track of this.#stream?.getTracks() ?? []) track.stop()
    this.#stream = null
    this.#recorder = null
    this.emit('tick', { recording: false, seconds: this.#seconds })
  }
}

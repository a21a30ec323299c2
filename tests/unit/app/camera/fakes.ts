/** Plain-object fakes of the browser media APIs for the camera's unit tests (Node, no DOM). */

export class FakeTrack extends EventTarget {
  stopped = false
  constructor(
    readonly label = 'Fake camera',
    readonly settings: MediaTrackSettings = {},
  ) {
    super()
  }
  stop(): void {
    this.stopped = true
  }
  getSettings(): MediaTrackSettings {
    return this.settings
  }
}

export class FakeStream {
  readonly tracks: FakeTrack[]
  constructor(track = new FakeTrack()) {
    this.tracks = [track]
  }
  getTracks(): FakeTrack[] {
    return this.tracks
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks
  }
}

/** A <video> that "loads" a stream: loadedmetadata fires on the next tick. */
export class FakeVideo extends EventTarget {
  muted = false
  defaultMuted = false
  playsInline = false
  autoplay = false
  readyState = 0
  videoWidth = 0
  videoHeight = 0
  paused = true
  playCalls = 0
  playError: unknown = null
  attributes = new Map<string, string>()
  #src: unknown = null
  constructor(
    public width = 1280,
    public height = 720,
  ) {
    super()
  }
  get srcObject(): unknown {
    return this.#src
  }
  set srcObject(value: unknown) {
    this.#src = value
    this.readyState = 0
    this.videoWidth = 0
    this.videoHeight = 0
    if (value) {
      setTimeout(() => {
        this.readyState = 4
        this.videoWidth = this.width
        this.videoHeight = this.height
        this.dispatchEvent(new Event('loadedmetadata'))
      }, 0)
    }
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value)
  }
  async play(): Promise<void> {
    this.playCalls++
    if (this.playError) throw this.playError
    this.paused = false
  }
  pause(): void {
    this.paused = true
  }
  /** Simulates a rotation / new resolution. */
  resizeTo(width: number, height: number): void {
    this.videoWidth = this.width = width
    this.videoHeight = this.height = height
    this.dispatchEvent(new Event('resize'))
  }
}

export class FakeDocument extends EventTarget {
  visibilityState: DOMDocument['visibilityState'] = 'visible'
  setVisibility(state: 'visible' | 'hidden'): void {
    this.visibilityState = state
    this.dispatchEvent(new Event('visibilitychange'))
  }
}
type DOMDocument = Document

export const domError = (name: string, message = name) => Object.assign(new Error(message), { name })

/**
 * mediaDevices whose getUserMedia runs `decide(constraints)`: return a stream or throw.
 * Records every constraints object asked for.
 */
export class FakeMediaDevices extends EventTarget {
  calls: MediaStreamConstraints[] = []
  streams: FakeStream[] = []
  devices: Array<{ kind: string; deviceId: string; label: string }> = [{ kind: 'videoinput', deviceId: 'cam-back', label: 'Back Camera' }]
  constructor(public decide: (c: MediaStreamConstraints) => FakeStream | Error = () => new FakeStream()) {
    super()
  }
  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.calls.push(constraints)
    const result = this.decide(constraints)
    if (result instanceof Error) throw result
    this.streams.push(result)
    return result as unknown as MediaStream
  }
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.devices as unknown as MediaDeviceInfo[]
  }
}

/** Resolves after pending timers and microtasks (loadedmetadata is a 0-ms timer). */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 5))

export const videoConstraints = (c: MediaStreamConstraints) => c.video as MediaTrackConstraints | boolean

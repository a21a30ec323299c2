/**
 * What the shell needs from the recognition loop and the content manager. The real classes
 * (src/recognition/RecognitionController.ts, src/content/ContentManager.ts) are adapted to
 * these in src/app/adapters.ts, so App stays testable with plain fakes.
 */
import type { Object3D } from 'three'
import type { ContentDescription } from '../protocol/meta'
import type { CrsTarget } from '../protocol/types'
import type { ContentStatus, RecognitionStatus, SoundState } from '../status'

/** Live numbers for the debug panel and `window.printAR.telemetry()`. */
export interface Telemetry {
  /** Last search round trip (ms). */
  lastRoundTripMs: number | null
  /** Bytes of the last request body. */
  lastPayloadBytes: number | null
  requests: number
  hits: number
  misses: number
  errors: number
  /** Smart capture: checks that found the frame not worth a request, by reason. */
  skipped: SkipCounts
  /** Smart capture: requests sent before the interval because the view changed and settled. */
  settledSends: number
  /** Smart capture: duration of the last check (ms); null when off or not yet run. */
  lastCheckMs: number | null
  fps: number
  recognition: RecognitionStatus
}

export interface SkipCounts {
  dark: number
  flat: number
  blurry: number
  unchanged: number
}

export interface RecognitionTelemetry {
  roundTripMs?: number
  payloadBytes?: number
  requests?: number
  hits?: number
  misses?: number
  errors?: number
  skipped?: SkipCounts
  settledSends?: number
  checkMs?: number
}

export interface RecognitionPort {
  readonly status: RecognitionStatus
  start(): void
  stop(): void
  /** Forget the current hit and scan again. */
  rescan(): void
  /** The recognized content is on screen (recognized → showing). */
  markShowing(): void
  dispose(): void
  onStatus(listener: (status: RecognitionStatus, detail?: string) => void): () => void
  onHit(listener: (target: CrsTarget) => void): () => void
  onError(listener: (message: string, fatal: boolean) => void): () => void
  onTelemetry(listener: (telemetry: RecognitionTelemetry) => void): () => void
}

export interface ContentPort {
  show(description: ContentDescription): Promise<void> | void
  clear(): void
  update(dt: number): void
  dispose(): void
  /** Retry playback from a user gesture (after 'needs-gesture'). */
  play?(): Promise<void> | void
  /** Play the content again from the start (from a user gesture). */
  replay?(): void
  /** The sound button: on ⇄ off, or "tap for sound" → on (from the user's tap). */
  toggleSound?(): Promise<void> | void
  onStatus(listener: (status: ContentStatus, detail?: string) => void): () => void
  onProgress(listener: (fraction: number) => void): () => void
  /** `true`: playback needs a tap (show "Play"); `false`: no longer. */
  onNeedsGesture(listener: (needed: boolean) => void): () => void
  /** The shown content's sound state; null when it has no sound. */
  onSound?(listener: (state: SoundState | null) => void): () => void
  /** Live playback facts of the current content, for telemetry and tests. */
  info?(): ContentPlayback
  /** The shown video's element (its sound goes into recordings), or null. */
  media?(): HTMLMediaElement | null
  /** The shown model's own object (for the USDZ export), or null (no model shown). */
  model?(): Object3D | null
  /** The shown content as an object to place in the world (WebXR), or null when none is shown. */
  world?(): WorldContentPort | null
}

export interface WorldContentPort {
  /** The content's anchor group. */
  readonly object: Object3D
  /** true: kept in front of the camera every frame (screen mode); false: stays where put. */
  setFollowCamera(follow: boolean): void
}

export interface ContentPlayback {
  visible: boolean
  /** Seconds the model's animation mixer has advanced. */
  animationTime: number
  /** The video's currentTime, in seconds. */
  videoTime: number
  muted: boolean
  /** Pieces on screen (meta `items`), 1 for a single model or video. */
  pieces: number
}

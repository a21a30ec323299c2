/**
 * The visit's live numbers for the `?debug` panel and `window.printAR.telemetry()`: the
 * recognition loop's counters (copied from its 'telemetry' events), its status, the photo
 * fallback's searches, and the render loop's fps (read when asked).
 */
import type { RecognitionStatus } from '../core/status'
import type { SearchOutcome } from '../protocol/searchOutcome'
import type { RecognitionController, SkipCounts } from '../recognition/RecognitionController'

export interface TelemetrySnapshot {
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

export class Telemetry {
  /** `fps` is filled in by `snapshot()`; it sits here to keep the snapshot's key order. */
  #counts: TelemetrySnapshot = {
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

  /** Follows a recognition loop; returns the function that stops following it. */
  watch(recognition: Pick<RecognitionController, 'on'>): () => void {
    const offs = [
      recognition.on('status', ({ status }) => (this.#counts.recognition = status)),
      recognition.on('error', () => this.#counts.errors++),
      recognition.on('telemetry', ({ telemetry: t }) => {
        const c = this.#counts
        // A loop that has not sent anything yet keeps the last known figures.
        if (t.lastRoundTripMs !== null) c.lastRoundTripMs = Math.round(t.lastRoundTripMs)
        if (t.lastPayloadBytes !== null) c.lastPayloadBytes = t.lastPayloadBytes
        c.requests = t.requestsSent
        c.hits = t.hits
        c.misses = t.misses
        c.errors = t.errors
        c.skipped = { ...t.skipped }
        c.settledSends = t.settledSends
        if (t.lastCheckMs !== null) c.lastCheckMs = t.lastCheckMs
      }),
    ]
    return () => offs.forEach((off) => off())
  }

  /** One search for a chosen photo (the no-camera fallback). */
  countPhotoSearch(kind: SearchOutcome['kind']): void {
    this.#counts.requests++
    if (kind === 'hit') this.#counts.hits++
    else if (kind === 'miss') this.#counts.misses++
  }

  /** The numbers now; `fps` is the render loop's, rounded to one decimal. */
  snapshot(fps: number): TelemetrySnapshot {
    return { ...this.#counts, fps: Math.round(fps * 10) / 10 }
  }
}

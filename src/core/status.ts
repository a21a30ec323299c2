/**
 * Status unions of the app's stateful parts. Each is mirrored into a `data-*` attribute on
 * <html> (see ui/StatusOverlay), so users' CSS and our Playwright tests can see it:
 *   data-camera, data-recognition, data-content, data-audio. (`data-content-type` mirrors
 *   ContentType, declared with the meta it comes from in src/protocol/meta.ts.)
 */
export type CameraStatus =
  | 'idle'
  | 'starting'
  | 'live'
  | 'paused'
  | 'denied'
  | 'no-camera'
  | 'busy'
  | 'insecure'
  | 'in-app-browser'
  | 'unsupported'
  | 'error'

export type RecognitionStatus =
  | 'idle'
  | 'scanning'
  | 'searching'
  | 'recognized'
  | 'showing'
  | 'backoff'
  | 'throttled'
  | 'paused'
  | 'config-error'
  /** The cloud refused a search for today's quota (HTTP 402 + statusCode 21): the loop has stopped. */
  | 'quota-exhausted'

export type ContentStatus = 'none' | 'loading' | 'shown' | 'error'

/**
 * The shown content's sound (`data-audio`): `on`; `off` (muted by the visitor or the author);
 * `blocked` (the browser refused audio without a tap: the sound button says "Tap for sound").
 * Absent (null) when the content has no sound.
 */
export type SoundState = 'on' | 'off' | 'blocked'

/**
 * A short line the overlay shows over the status for a few seconds, as the part that has
 * something to say reports it; the words are the overlay's (src/ui/strings.ts).
 */
export type Flash =
  | { kind: 'copied' | 'copy-failed' | 'photo-saved' | 'clip-saved' | 'capture-failed' | 'clip-unsupported' | 'photo-unreadable' }
  /** `reason`: the first clause of the error (the whole of it goes to the console). */
  | { kind: 'xr-failed'; reason: string }

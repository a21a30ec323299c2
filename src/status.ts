/**
 * Status unions of the app's stateful parts. Each is mirrored into a `data-*` attribute on
 * <html> (see ui/StatusOverlay), so users' CSS and our Playwright tests can see it:
 *   data-camera, data-recognition, data-content, data-content-type, data-target-name.
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

export type ContentStatus = 'none' | 'loading' | 'shown' | 'error'

export type ContentType = 'model' | 'video'

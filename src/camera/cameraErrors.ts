/**
 * getUserMedia failures → camera status. Each status has its own message and action in the UI
 * (see ui/strings.ts), so the visitor always knows what to do next.
 */
import type { CameraStatus } from '../core/status'

/** Camera statuses that are failures (the camera is not showing anything). */
export type CameraFailure = Extract<CameraStatus, 'denied' | 'no-camera' | 'busy' | 'insecure' | 'in-app-browser' | 'unsupported' | 'error'>

export interface CameraErrorContext {
  /** Name of the in-app browser we run in, if any (see capabilities.detectInAppBrowser). */
  inAppBrowser?: string | null
  /** The page is not a secure context. */
  insecure?: boolean
}

/** Error thrown by CameraStream when the environment cannot give a camera at all. */
export class CameraError extends Error {
  override readonly name = 'CameraError'
  constructor(
    readonly status: CameraFailure,
    message: string,
    readonly sourceError?: unknown,
  ) {
    super(`CameraStream: ${message}`)
  }
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string') return error.name
  return ''
}

/**
 * Maps a getUserMedia rejection (a DOMException, by name) to a camera status.
 * In an in-app browser, "not allowed"/"not supported" usually means the webview blocks the
 * camera, not that the visitor said no: we send them to a real browser instead.
 */
export function cameraStatusFromError(error: unknown, context: CameraErrorContext = {}): CameraFailure {
  if (error instanceof CameraError) return error.status
  const name = errorName(error)
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // old Chrome
    case 'SecurityError':
      if (context.insecure) return 'insecure'
      return context.inAppBrowser ? 'in-app-browser' : 'denied'
    case 'NotFoundError':
    case 'DevicesNotFoundError': // old Chrome
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError': // old Chrome
      return 'no-camera'
    case 'NotReadableError':
    case 'TrackStartError': // old Chrome
    case 'AbortError':
      return 'busy'
    case 'NotSupportedError':
    case 'TypeError':
      if (context.insecure) return 'insecure'
      return context.inAppBrowser ? 'in-app-browser' : 'unsupported'
    default:
      return 'error'
  }
}

/** True for statuses where pressing "retry" may help without leaving the page. */
export function isRetryable(status: CameraStatus): boolean {
  return status === 'denied' || status === 'busy' || status === 'no-camera' || status === 'error'
}

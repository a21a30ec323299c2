import { describe, expect, it } from 'vitest'
import { CameraError, cameraStatusFromError, isRetryable } from '../../../../src/camera/cameraErrors'

/** DOMException-like errors: only `name` matters (as in browsers). */
const err = (name: string) => Object.assign(new Error(name), { name })

describe('cameraStatusFromError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['PermissionDeniedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-camera'],
    ['DevicesNotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['ConstraintNotSatisfiedError', 'no-camera'],
    ['NotReadableError', 'busy'],
    ['TrackStartError', 'busy'],
    ['AbortError', 'busy'],
    ['NotSupportedError', 'unsupported'],
    ['TypeError', 'unsupported'],
    ['SomethingNewError', 'error'],
  ])('maps %s to %s', (name, status) => {
    expect(cameraStatusFromError(err(name))).toBe(status)
  })

  it('maps a real DOMException by name', () => {
    expect(cameraStatusFromError(new DOMException('no', 'NotAllowedError'))).toBe('denied')
    expect(cameraStatusFromError(new DOMException('in use', 'NotReadableError'))).toBe('busy')
  })

  it('treats a refusal inside an in-app browser as in-app-browser, not denied', () => {
    expect(cameraStatusFromError(err('NotAllowedError'), { inAppBrowser: 'Instagram' })).toBe('in-app-browser')
    expect(cameraStatusFromError(err('NotSupportedError'), { inAppBrowser: 'WeChat' })).toBe('in-app-browser')
    // a busy camera is still busy there
    expect(cameraStatusFromError(err('NotReadableError'), { inAppBrowser: 'WeChat' })).toBe('busy')
  })

  it('reports insecure when the page is not a secure context', () => {
    expect(cameraStatusFromError(err('NotAllowedError'), { insecure: true })).toBe('insecure')
    expect(cameraStatusFromError(err('TypeError'), { insecure: true })).toBe('insecure')
  })

  it('keeps the status of its own CameraError', () => {
    expect(cameraStatusFromError(new CameraError('unsupported', 'x'))).toBe('unsupported')
  })

  it('maps non-errors to error', () => {
    expect(cameraStatusFromError(undefined)).toBe('error')
    expect(cameraStatusFromError('boom')).toBe('error')
  })

  it('offers retry where a retry can help', () => {
    expect(isRetryable('denied')).toBe(true)
    expect(isRetryable('busy')).toBe(true)
    expect(isRetryable('insecure')).toBe(false)
    expect(isRetryable('unsupported')).toBe(false)
  })
})

import { describe, expect, it, vi } from 'vitest'
import { canOfferXr, detectXr } from '../../../../src/xr/xrSupport'
import { deriveView, INITIAL_VIEW_STATE, type ViewState } from '../../../../src/ui/viewState'
import { mirrorStatusAttributes, type AttributeTarget } from '../../../../src/ui/StatusOverlay'

const shown = (patch: Partial<ViewState>): ViewState => ({
  ...INITIAL_VIEW_STATE,
  started: true,
  camera: 'live',
  cameraCount: 1,
  content: 'shown',
  contentType: 'model',
  targetName: 'tea-box',
  ...patch,
})

describe('detectXr: one state per case', () => {
  it('no navigator.xr on a secure page is "unsupported"', async () => {
    expect(await detectXr(undefined, true)).toBe('unsupported')
  })
  it('no navigator.xr on plain http is "needs-https" (WebXR only exists on secure pages)', async () => {
    expect(await detectXr(undefined, false)).toBe('needs-https')
  })
  it('immersive-ar supported is "ready"; not supported is "unsupported"', async () => {
    expect(await detectXr({ isSessionSupported: async () => true }, true)).toBe('ready')
    expect(await detectXr({ isSessionSupported: async () => false }, true)).toBe('unsupported')
  })
  it('a refused support check (permissions policy) is "not-allowed"', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const refused = { isSessionSupported: () => Promise.reject(new DOMException('blocked', 'SecurityError')) }
    expect(await detectXr(refused, true)).toBe('not-allowed')
    warn.mockRestore()
  })
  it('the button is offered when ready, after a failed start, and (disabled) while starting', () => {
    expect(
      ['unsupported', 'needs-https', 'not-allowed', 'ready', 'starting', 'presenting', 'failed', null].filter((s) =>
        canOfferXr(s as never),
      ),
    ).toEqual(['ready', 'starting', 'failed'])
  })
})

describe('view state with WebXR', () => {
  it('offers "AR: place in your room" only once content is shown and AR is ready', () => {
    expect(deriveView(shown({ xr: 'ready' })).buttons).toContain('ar')
    expect(deriveView(shown({ xr: 'failed' })).buttons).toContain('ar')
    expect(deriveView(shown({ xr: 'unsupported' })).buttons).not.toContain('ar')
    expect(deriveView(shown({ xr: 'needs-https' })).buttons).not.toContain('ar')
    expect(deriveView(shown({ xr: null })).buttons).not.toContain('ar')
    expect(deriveView(shown({ xr: 'ready', content: 'loading' })).buttons).not.toContain('ar')
    expect(deriveView(shown({ xr: 'ready', content: 'none', recognition: 'scanning' })).buttons).not.toContain('ar')
  })

  it('in the session only "Exit AR" and the placement hint remain', () => {
    const seeking = deriveView(shown({ xr: 'presenting', xrPlacement: 'seeking', camera: 'idle' }))
    expect(seeking.buttons).toEqual(['xr-exit'])
    expect(seeking.message).toMatch(/find a table or the floor/)
    expect(seeking.notice).toBeNull()
    expect(deriveView(shown({ xr: 'presenting', xrPlacement: 'aiming', contentTitle: 'Volt' })).message).toBe('Tap to place “Volt”')
    expect(deriveView(shown({ xr: 'presenting', xrPlacement: 'placed' })).message).toMatch(/pinch to resize/)
  })

  it('mirrors data-xr, and data-xr-placement only while presenting', () => {
    const attrs = new Map<string, string>()
    const root: AttributeTarget = { setAttribute: (n, v) => attrs.set(n, v), removeAttribute: (n) => attrs.delete(n) }
    mirrorStatusAttributes(root, shown({ xr: 'presenting', xrPlacement: 'aiming' }))
    expect(attrs.get('data-xr')).toBe('presenting')
    expect(attrs.get('data-xr-placement')).toBe('aiming')
    mirrorStatusAttributes(root, shown({ xr: 'ready', xrPlacement: 'aiming' }))
    expect(attrs.get('data-xr')).toBe('ready')
    expect(attrs.has('data-xr-placement')).toBe(false)
  })
})

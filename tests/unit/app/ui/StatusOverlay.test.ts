import { describe, expect, it } from 'vitest'
import { StatusOverlay, mirrorStatusAttributes, type AttributeTarget } from '../../../../src/ui/StatusOverlay'
import { deriveView, INITIAL_VIEW_STATE, type ViewState } from '../../../../src/ui/viewState'

/** The smallest element the attribute mirror needs. */
class FakeElement implements AttributeTarget {
  attrs = new Map<string, string>()
  setAttribute(name: string, value: string): void {
    this.attrs.set(name, String(value))
  }
  removeAttribute(name: string): void {
    this.attrs.delete(name)
  }
}

const state = (patch: Partial<ViewState>): ViewState => ({ ...INITIAL_VIEW_STATE, started: true, ...patch })

describe('StatusOverlay attribute mirror', () => {
  it('mirrors the initial statuses onto the root', () => {
    const root = new FakeElement()
    new StatusOverlay({ root })
    expect(Object.fromEntries(root.attrs)).toEqual({
      'data-camera': 'idle',
      'data-recognition': 'idle',
      'data-content': 'none',
      'data-render': 'ok',
      'data-started': 'false',
      'data-tracking': 'off',
    })
  })

  it('mirrors the print tracking state as data-tracking', () => {
    const root = new FakeElement()
    const overlay = new StatusOverlay({ root })
    for (const tracking of ['starting', 'tracking', 'lost', 'off'] as const) {
      overlay.set({ tracking })
      expect(root.attrs.get('data-tracking')).toBe(tracking)
    }
  })

  it('follows every status change, and removes type and name when there is no content', () => {
    const root = new FakeElement()
    const overlay = new StatusOverlay({ root })
    overlay.set({ started: true, camera: 'live', recognition: 'scanning' })
    expect(root.attrs.get('data-camera')).toBe('live')
    expect(root.attrs.get('data-recognition')).toBe('scanning')
    expect(root.attrs.get('data-started')).toBe('true')

    overlay.set({ recognition: 'recognized', content: 'loading', contentType: 'model', targetName: 'Tea box' })
    expect(root.attrs.get('data-content')).toBe('loading')
    expect(root.attrs.get('data-content-type')).toBe('model')
    expect(root.attrs.get('data-target-name')).toBe('Tea box')

    overlay.set({ content: 'shown' })
    expect(root.attrs.get('data-content')).toBe('shown')

    overlay.set({ content: 'none', contentType: null, targetName: null, recognition: 'scanning' })
    expect(root.attrs.has('data-content-type')).toBe(false)
    expect(root.attrs.has('data-target-name')).toBe(false)
  })

  it.each(['denied', 'no-camera', 'busy', 'insecure', 'in-app-browser', 'unsupported', 'paused'] as const)(
    'mirrors camera status %s',
    (camera) => {
      const root = new FakeElement()
      mirrorStatusAttributes(root, state({ camera }))
      expect(root.attrs.get('data-camera')).toBe(camera)
    },
  )

  it('mirrors a lost WebGL context', () => {
    const root = new FakeElement()
    const overlay = new StatusOverlay({ root })
    overlay.set({ render: 'context-lost' })
    expect(root.attrs.get('data-render')).toBe('context-lost')
  })

  it('does nothing after dispose', () => {
    const root = new FakeElement()
    const overlay = new StatusOverlay({ root })
    overlay.dispose()
    overlay.set({ camera: 'live' })
    expect(root.attrs.get('data-camera')).toBe('idle')
  })
})

describe('deriveView', () => {
  it('says how to put content back on its print while the print is out of view', () => {
    const shown = { camera: 'live' as const, content: 'shown' as const, targetName: 'tea-box', contentTitle: 'Tea' }
    expect(deriveView(state({ ...shown, tracking: 'tracking' })).message).toBe('')
    const lost = deriveView(state({ ...shown, tracking: 'lost' }))
    expect(lost.message).toMatch(/Point at the print/)
    expect(lost.buttons).toContain('rescan')
    // A refused autoplay still comes first: the visitor must tap to play.
    expect(deriveView(state({ ...shown, tracking: 'lost', needsGesture: true })).message).toMatch(/play/i)
  })

  it('tells the visitor how to re-allow a denied camera and offers retry', () => {
    const view = deriveView(state({ camera: 'denied' }))
    expect(view.notice?.title).toMatch(/blocked/)
    expect(view.notice?.body).toMatch(/Allow/)
    expect(view.buttons).toEqual(['retry'])
    expect(view.tone).toBe('error')
  })

  it('offers copy link (and retry) in an in-app browser, naming the app', () => {
    const view = deriveView(state({ camera: 'in-app-browser', inAppBrowser: 'Instagram' }))
    expect(view.notice?.body).toMatch(/Instagram/)
    expect(view.buttons).toEqual(['copy-link', 'retry'])
  })

  it('shows the https URL on an insecure origin', () => {
    const view = deriveView(state({ camera: 'insecure', httpsHint: 'https://192.168.1.2:5173/' }))
    expect(view.notice?.hint).toBe('https://192.168.1.2:5173/')
    expect(view.buttons).toEqual(['copy-link'])
  })

  it('asks to close other apps when the camera is busy', () => {
    expect(deriveView(state({ camera: 'busy' })).notice?.body).toMatch(/Close it/)
  })

  it('shows the reticle while scanning, and switch only when there may be two cameras', () => {
    const scanning = deriveView(state({ camera: 'live', recognition: 'scanning', cameraCount: 2 }))
    expect(scanning.reticle).toBe('scanning')
    expect(scanning.buttons).toContain('switch')
    expect(scanning.picker).toBe(true)
    const single = deriveView(state({ camera: 'live', recognition: 'scanning', cameraCount: 1 }))
    expect(single.buttons).not.toContain('switch')
    expect(single.picker).toBe(false)
  })

  it('tells a quota refusal apart from a busy service, and offers scan again only after the quota', () => {
    const busy = deriveView(state({ camera: 'live', recognition: 'throttled' }))
    expect(busy.message).toMatch(/busy/)
    expect(busy.buttons).not.toContain('rescan')
    const quota = deriveView(state({ camera: 'live', recognition: 'quota-exhausted' }))
    expect(quota.message).toMatch(/scan limit for today.*tomorrow/)
    expect(quota.message).not.toMatch(/busy/)
    expect(quota.tone).toBe('error')
    expect(quota.buttons).toContain('rescan')
  })

  it('names the target whose meta is broken and offers scan again', () => {
    const view = deriveView(
      state({ camera: 'live', recognition: 'scanning', metaError: { target: 'Tea box', reason: 'meta is not JSON' } }),
    )
    expect(view.message).toBe('“Tea box” has content we can’t read: meta is not JSON')
    expect(view.buttons).toContain('rescan')
  })

  it('shows progress while loading and the controls once shown', () => {
    const loading = deriveView(state({ camera: 'live', content: 'loading', targetName: 'Poster', progress: 0.4 }))
    expect(loading.progress).toBe(0.4)
    expect(loading.message).toMatch(/Loading “Poster”/)
    const shown = deriveView(state({ camera: 'live', content: 'shown', targetName: 'Poster', sound: 'off' }))
    expect(shown.buttons).toEqual(expect.arrayContaining(['sound', 'rescan', 'close']))
    expect(shown.progress).toBeNull()
  })

  it('offers play when autoplay was refused', () => {
    expect(deriveView(state({ camera: 'live', content: 'shown', needsGesture: true })).buttons[0]).toBe('play')
    expect(deriveView(state({ camera: 'live', recognition: 'scanning', needsGesture: true })).buttons).toContain('play')
  })

  it('says when the service is unreachable or throttling', () => {
    expect(deriveView(state({ camera: 'live', recognition: 'backoff' })).tone).toBe('warn')
    expect(deriveView(state({ camera: 'live', recognition: 'throttled' })).message).toMatch(/busy/)
    expect(deriveView(state({ camera: 'live', recognition: 'config-error', recognitionDetail: 'no token' })).message).toMatch(/no token/)
  })
})

describe('calls to action in the view state', () => {
  it('the caption and actions are part of the shown content and gone after close', () => {
    const overlay = new StatusOverlay({ root: new FakeElement() })
    const actions = [{ kind: 'link' as const, label: 'Tickets', url: 'https://x.example/' }]
    overlay.set({ started: true, camera: 'live', content: 'shown', contentType: 'model', contentCaption: 'Hi', contentActions: actions })
    expect(overlay.state.contentActions).toBe(actions)
    expect(overlay.state.contentCaption).toBe('Hi')
  })
})

describe('messages that need the visitor to act', () => {
  const urgent = (patch: Partial<ViewState>) => deriveView(state(patch)).urgent

  it('are urgent for every camera failure, content that failed, the network down, the quota, a config error, no WebGL', () => {
    for (const camera of ['denied', 'no-camera', 'busy', 'insecure', 'in-app-browser', 'unsupported', 'error'] as const)
      expect(urgent({ camera }), camera).toBe(true)
    expect(urgent({ camera: 'live', content: 'error', targetName: 'tea-box' })).toBe(true)
    expect(urgent({ camera: 'live', metaError: { target: 'tea-box', reason: 'bad' } })).toBe(true)
    expect(urgent({ camera: 'live', recognition: 'backoff' })).toBe(true)
    expect(urgent({ camera: 'live', recognition: 'quota-exhausted' })).toBe(true)
    expect(urgent({ camera: 'live', recognition: 'config-error' })).toBe(true)
    expect(urgent({ camera: 'live', render: 'no-webgl' })).toBe(true)
    expect(urgent({ camera: 'denied', photo: 'error' })).toBe(true)
  })

  it('are not urgent for news: scanning, found, loading, shown, busy service, recording, a photo searching', () => {
    expect(urgent({ camera: 'starting' })).toBe(false)
    expect(urgent({ camera: 'live', recognition: 'scanning' })).toBe(false)
    expect(urgent({ camera: 'live', recognition: 'recognized', targetName: 'tea-box' })).toBe(false)
    expect(urgent({ camera: 'live', recognition: 'throttled' })).toBe(false)
    expect(urgent({ camera: 'live', content: 'loading', targetName: 'tea-box' })).toBe(false)
    expect(urgent({ camera: 'live', content: 'shown', targetName: 'tea-box' })).toBe(false)
    expect(urgent({ camera: 'live', content: 'shown', targetName: 'tea-box', recording: 3 })).toBe(false)
    expect(urgent({ camera: 'denied', photo: 'searching' })).toBe(false)
  })
})

describe('an in-app browser that cannot use the camera', () => {
  const inApp = { camera: 'in-app-browser' as const, inAppBrowser: 'Instagram', canChoosePhoto: true }

  it('offers a photo of the print first, on every phone', () => {
    for (const platform of ['ios', 'android', 'other'] as const)
      expect(deriveView(state({ ...inApp, platform })).choosePhoto, platform).toBe(true)
  })

  it('on Android, offers "Open in Chrome" and says to tap it', () => {
    const view = deriveView(
      state({ ...inApp, platform: 'android', openInBrowserHref: 'intent://x/#Intent;scheme=https;package=com.android.chrome;end' }),
    )
    expect(view.openInBrowser).toBe(true)
    expect(view.notice?.body).toMatch(/Instagram.*Open in Chrome.*photo/)
  })

  it('on iOS, sends the visitor to the app’s own menu (“Open in Safari”): no link can leave the web view', () => {
    const view = deriveView(state({ ...inApp, platform: 'ios' }))
    expect(view.openInBrowser).toBe(false)
    expect(view.notice?.body).toMatch(/menu.*Open in Safari/)
  })
})

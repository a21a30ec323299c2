import { describe, expect, it } from 'vitest'
import { Emitter } from '../../../../src/core/Emitter'
import type { ContentDescription } from '../../../../src/protocol/meta'
import {
  INITIAL_SHOW_STATE,
  type ShowPipeline,
  type ShowPipelineEvents,
  type ShowState,
  type ShownContent,
} from '../../../../src/show/ShowPipeline'
import { ArModes, type ArModesState } from '../../../../src/xr/ArModes'

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36'

/** The show pipeline as ArModes sees it: its state, what is shown, and its events. */
class FakeShow extends Emitter<ShowPipelineEvents> {
  state: ShowState = { ...INITIAL_SHOW_STATE }
  shown: ShownContent | null = null
  content = null
  say<K extends keyof ShowPipelineEvents>(type: K, payload: ShowPipelineEvents[K]): void {
    this.emit(type, payload)
  }
  showModel(description: Partial<ContentDescription>): void {
    const shown = { description: { type: 'model', url: 'https://x/m.glb', scale: 1, ...description } as ContentDescription, target: null }
    this.say('show', { shown })
    this.shown = shown
    this.state = { ...this.state, content: 'shown', contentType: description.type ?? 'model' }
    this.say('shown', { shown })
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(options: { userAgent?: string; xr?: boolean | 'absent'; secure?: boolean } = {}) {
  const xr = options.xr ?? 'absent'
  const navigator = {
    userAgent: options.userAgent ?? ANDROID_CHROME,
    maxTouchPoints: 5,
    ...(xr === 'absent' ? {} : { xr: { isSessionSupported: async () => xr } }),
  }
  const document = { createElement: () => ({ relList: { supports: (token: string) => token === 'ar' } }), body: {} } as unknown as Document
  const show = new FakeShow()
  const modes = new ArModes({
    window: { navigator } as unknown as Window,
    document,
    secure: options.secure ?? true,
    show: show as unknown as ShowPipeline,
  })
  const states: ArModesState[] = []
  modes.on('change', ({ state }) => states.push(state))
  return { modes, show, states }
}

describe('ArModes', () => {
  it('says whether WebXR AR exists: unsupported, needs https, or ready', async () => {
    const none = setup({ xr: 'absent' })
    const insecure = setup({ xr: 'absent', secure: false })
    const ready = setup({ xr: true })
    for (const { modes } of [none, insecure, ready]) modes.start()
    await flush()
    expect(none.modes.state.xr).toBe('unsupported')
    expect(insecure.modes.state.xr).toBe('needs-https')
    expect(ready.modes.state.xr).toBe('ready')
    expect(ready.modes.info()).toEqual({ state: 'ready', session: null })
  })

  it('on an iPhone offers Quick Look for a shown model, and withdraws it when the content changes or goes', async () => {
    const { modes, show } = setup({ userAgent: IPHONE_SAFARI })
    modes.start()
    await flush()
    show.showModel({ usdzUrl: 'https://x/m.usdz' })
    expect(modes.state).toMatchObject({ quickLook: 'ready', quickLookHref: 'https://x/m.usdz' })
    show.say('show', { shown: show.shown! })
    expect(modes.state).toMatchObject({ quickLook: null, quickLookHref: null })
    show.showModel({ usdzUrl: 'https://x/m.usdz' })
    show.say('clear', {})
    expect(modes.state.quickLook).toBeNull()
  })

  it('never offers Quick Look for a video, nor where WebXR AR exists (it wins)', async () => {
    const iphone = setup({ userAgent: IPHONE_SAFARI })
    iphone.modes.start()
    await flush()
    iphone.show.showModel({ type: 'video', usdzUrl: 'https://x/m.usdz' })
    expect(iphone.modes.state.quickLook).toBeNull()
    const both = setup({ userAgent: IPHONE_SAFARI, xr: true })
    both.modes.start()
    await flush()
    both.show.showModel({ usdzUrl: 'https://x/m.usdz' })
    expect(both.modes.state.quickLook).toBeNull()
  })

  it('enter() does nothing until content is shown, and nothing once disposed', async () => {
    const { modes, show, states } = setup({ xr: true })
    modes.start()
    await flush()
    const before = states.length
    await modes.enter(null, null)
    expect(states.length).toBe(before)
    modes.dispose()
    show.showModel({})
    expect(states.length).toBe(before)
  })
})

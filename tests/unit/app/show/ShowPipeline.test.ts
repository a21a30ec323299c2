import { describe, expect, it, vi } from 'vitest'
import type { ContentManager, ContentManagerDeps, ContentManagerEvents } from '../../../../src/content/ContentManager'
import { Emitter } from '../../../../src/core/Emitter'
import type { ContentStatus } from '../../../../src/core/status'
import * as meta from '../../../../src/protocol/meta'
import type { ContentDescription } from '../../../../src/protocol/meta'
import type { CrsTarget } from '../../../../src/protocol/types'
import type { MetaDecoder } from '../../../../src/show/loadMeta'
import { ShowPipeline, type ShowPipelineOptions, type ShowState } from '../../../../src/show/ShowPipeline'

const BASE = 'https://ar.example.com/app/'
const NO_WEBGL = 'no WebGL here'

/** The content manager's surface the pipeline uses; `say()` lets a test speak for it. */
class FakeContent extends Emitter<ContentManagerEvents> {
  shows: ContentDescription[] = []
  clears = 0
  plays = 0
  replays = 0
  soundToggles = 0
  updates: number[] = []
  disposed = false
  /** When set, show() waits for it (a load in flight). */
  gate: Promise<void> | null = null
  /** show() emits 'shown' by itself unless false. */
  autoShown = true

  say<K extends keyof ContentManagerEvents>(type: K, payload: ContentManagerEvents[K]): void {
    this.emit(type, payload)
  }
  async show(desc: ContentDescription): Promise<void> {
    this.shows.push(desc)
    this.say('status', { status: 'loading', message: '' })
    this.say('progress', { progress: 0 })
    await this.gate
    if (!this.autoShown) return
    this.say('progress', { progress: 1 })
    this.say('status', { status: 'shown', message: '' })
  }
  async clear(): Promise<void> {
    this.clears++
    this.say('status', { status: 'none', message: '' })
    this.say('progress', { progress: 0 })
  }
  async play(): Promise<boolean> {
    this.plays++
    return true
  }
  replay(): void {
    this.replays++
  }
  async toggleSound(): Promise<void> {
    this.soundToggles++
  }
  update(dt: number): void {
    this.updates.push(dt)
  }
  info() {
    return {
      type: 'model' as const,
      visible: true,
      animationTime: 1.5,
      videoTime: 0,
      title: 'x',
      link: null,
      pieces: 1,
      entered: true,
      status: 'shown' as ContentStatus,
      needsGesture: false,
      muted: true,
    }
  }
  dispose(): void {
    this.disposed = true
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

const target = (metaObject: unknown, extra: Partial<CrsTarget> = {}): CrsTarget => ({
  targetId: 'id-1',
  name: ' Tea box ',
  meta: typeof metaObject === 'string' ? metaObject : meta.encodeMeta(metaObject),
  ...extra,
})

function setup(options: Partial<ShowPipelineOptions> & { content?: FakeContent } = {}) {
  const content = options.content ?? new FakeContent()
  const created: ContentManagerDeps[] = []
  const pipeline = new ShowPipeline({
    baseUrl: BASE,
    noWebglMessage: NO_WEBGL,
    scene: () => ({ scene: {}, camera: {}, renderer: {} }) as unknown as ReturnType<ShowPipelineOptions['scene']>,
    loadMeta: async () => meta,
    createContent: async (deps) => {
      created.push(deps)
      return content as unknown as ContentManager
    },
    ...options,
  })
  const states: ShowState[] = []
  const events: string[] = []
  pipeline.on('change', ({ state }) => states.push(state))
  pipeline.on('show', ({ shown }) => events.push(`show ${shown.target?.targetId ?? 'pasted'}`))
  pipeline.on('shown', ({ shown }) => events.push(`shown ${shown.description.type}`))
  pipeline.on('clear', () => events.push('clear'))
  return { pipeline, content, created, states, events }
}

describe('ShowPipeline: a hit → meta → content', () => {
  it('decodes the hit’s meta and shows it, saying what it shows, with the target it came from', async () => {
    const { pipeline, content, created, events } = setup()
    const hit = target(
      {
        type: 'model',
        url: 'content/robot.glb',
        title: 'Robot',
        caption: 'Hi',
        link: 'https://x.example/t',
        actions: [{ label: 'Again', action: 'replay' }],
      },
      { size: '20' },
    )
    pipeline.showTarget(hit)
    await flush()
    expect(content.shows).toHaveLength(1)
    expect(content.shows[0]?.url).toBe(`${BASE}content/robot.glb`)
    expect(pipeline.state).toMatchObject({
      content: 'shown',
      contentType: 'model',
      targetName: 'Tea box',
      contentTitle: 'Robot',
      contentCaption: 'Hi',
      contentLink: 'https://x.example/t',
      contentActions: [{ kind: 'replay', label: 'Again' }],
      contentError: null,
      metaError: null,
      progress: null,
    })
    expect(pipeline.shown?.target).toBe(hit)
    expect(events).toEqual(['show id-1', 'shown model'])
    // The content manager is built once, without a second light rig.
    expect(created).toHaveLength(1)
    expect(created[0]?.lights).toBe(false)
  })

  it('names an unnamed target by its id', async () => {
    const { pipeline } = setup()
    pipeline.showTarget(target({ url: 'a.mp4' }, { name: '  ' }))
    await flush()
    expect(pipeline.state.targetName).toBe('id-1')
    expect(pipeline.state.contentType).toBe('video')
  })

  it('stops on unreadable meta with a message naming the target, and shows nothing', async () => {
    const { pipeline, content, events } = setup()
    pipeline.showTarget(target({ type: 'model', url: 'javascript:alert(1)' }))
    await flush()
    expect(content.shows).toHaveLength(0)
    expect(pipeline.state.content).toBe('error')
    expect(pipeline.state.metaError?.target).toBe('Tea box')
    expect(pipeline.state.metaError?.reason).toMatch(/javascript/)
    expect(pipeline.snapshot().error).toBe(pipeline.state.metaError?.reason)
    expect(events).toEqual(['clear'])
  })

  it('keeps the unreadable-meta message when old content finishes leaving', async () => {
    const { pipeline, content } = setup()
    pipeline.warm()
    await flush()
    pipeline.showTarget(target('not base64 at all!'))
    await flush()
    content.say('status', { status: 'none', message: '' })
    expect(pipeline.state.content).toBe('error')
    expect(pipeline.state.metaError).not.toBeNull()
  })

  it('drops a meta decoded after a newer hit (the decoder chunk was slow)', async () => {
    const slow = deferred<MetaDecoder>()
    let calls = 0
    const { pipeline, content } = setup({ loadMeta: () => (++calls === 1 ? slow.promise : Promise.resolve(meta)) })
    pipeline.showTarget(target({ url: 'first.mp4' }, { targetId: 'first' }))
    pipeline.showTarget(target({ url: 'second.mp4' }, { targetId: 'second' }))
    await flush()
    slow.resolve(meta)
    await flush()
    expect(content.shows.map((d) => d.url)).toEqual([`${BASE}second.mp4`])
    expect(pipeline.shown?.target?.targetId).toBe('second')
  })

  it('drops a content load that finishes after clear()', async () => {
    const module = deferred<ContentManager>()
    const content = new FakeContent()
    const { pipeline } = setup({ content, createContent: () => module.promise })
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    expect(pipeline.state.content).toBe('loading')
    pipeline.clear()
    module.resolve(content as unknown as ContentManager)
    await flush()
    expect(content.shows).toHaveLength(0)
    expect(pipeline.state.content).toBe('none')
    expect(pipeline.shown).toBeNull()
  })

  it('drops a meta decoded after clear()', async () => {
    const slow = deferred<MetaDecoder>()
    const { pipeline, content } = setup({ loadMeta: () => slow.promise })
    pipeline.showTarget(target({ url: 'a.mp4' }))
    pipeline.clear()
    slow.resolve(meta)
    await flush()
    expect(content.shows).toHaveLength(0)
    expect(pipeline.state).toMatchObject({ content: 'none', targetName: null })
  })

  it('says so when the meta decoder cannot load, naming the target', async () => {
    const { pipeline } = setup({ loadMeta: () => Promise.reject(new Error('offline')) })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    warn.mockRestore()
    expect(pipeline.state).toMatchObject({ content: 'error', targetName: 'Tea box', contentError: 'Error: offline' })
  })

  it('reports content as an error when there is no scene to show it in (no WebGL)', async () => {
    const { pipeline, created } = setup({ scene: () => null })
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    expect(created).toHaveLength(0)
    expect(pipeline.state).toMatchObject({ content: 'error', contentError: NO_WEBGL })
  })

  it('builds the content manager again after its chunk failed to load (offline, then back)', async () => {
    const content = new FakeContent()
    let attempts = 0
    const { pipeline } = setup({
      createContent: async () => {
        if (++attempts === 1) throw new Error('chunk failed')
        return content as unknown as ContentManager
      },
    })
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    error.mockRestore()
    expect(pipeline.state.content).toBe('error')
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    expect(attempts).toBe(2)
    expect(pipeline.state.content).toBe('shown')
  })

  it('turns a failed content load into an error with its reason; scanning again clears it', async () => {
    const content = new FakeContent()
    content.autoShown = false
    const { pipeline } = setup({ content })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    content.say('status', { status: 'error', message: 'could not load video' })
    warn.mockRestore()
    expect(pipeline.state).toMatchObject({ content: 'error', contentError: 'could not load video', progress: null })
    pipeline.clear()
    expect(content.clears).toBe(1)
    expect(pipeline.state).toMatchObject({ content: 'none', contentError: null, targetName: null })
  })

  it('follows the load: progress while loading, none once shown; sound as the content says', async () => {
    const content = new FakeContent()
    const loaded = deferred<void>()
    content.gate = loaded.promise
    const { pipeline } = setup({ content })
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    content.say('progress', { progress: 0.4 })
    expect(pipeline.state).toMatchObject({ content: 'loading', progress: 0.4 })
    loaded.resolve()
    await flush()
    expect(pipeline.state).toMatchObject({ content: 'shown', progress: null })
    content.say('sound', { state: 'blocked' })
    expect(pipeline.state.sound).toBe('blocked')
    pipeline.toggleSound()
    expect(content.soundToggles).toBe(1)
  })

  it('asks for a tap when the video refused to play; play() retries it once', async () => {
    const { pipeline, content } = setup()
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    content.say('needs-gesture', { needsGesture: true })
    expect(pipeline.state.needsGesture).toBe(true)
    pipeline.play()
    pipeline.play()
    expect(content.plays).toBe(1)
    expect(pipeline.state.needsGesture).toBe(false)
    // New content starts without the old refusal.
    content.say('needs-gesture', { needsGesture: true })
    pipeline.showTarget(target({ url: 'b.mp4' }))
    await flush()
    expect(pipeline.state.needsGesture).toBe(false)
  })
})

describe('ShowPipeline.showMeta (debug panel, printAR.showMeta)', () => {
  it('shows JSON text or an object as a hit would, with no target, and returns the decode result', async () => {
    const { pipeline, content, events } = setup()
    const result = await pipeline.showMeta('{"type":"video","url":"clip.mp4","title":"T"}')
    expect(result.ok).toBe(true)
    await flush()
    expect(pipeline.state).toMatchObject({ targetName: 'pasted meta', contentTitle: 'T', content: 'shown' })
    expect(pipeline.shown?.target).toBeNull()
    const second = await pipeline.showMeta({ type: 'model', url: 'm.glb' }, 'debug meta')
    expect(second.ok).toBe(true)
    await flush()
    expect(content.shows.map((d) => d.type)).toEqual(['video', 'model'])
    expect(pipeline.state.targetName).toBe('debug meta')
    expect(events).toEqual(['show pasted', 'shown video', 'show pasted', 'shown model'])
  })

  it('returns an invalid result and shows the message instead', async () => {
    const { pipeline, content } = setup()
    const result = await pipeline.showMeta({ url: 'data:text/html,hi' })
    expect(result.ok).toBe(false)
    expect(content.shows).toHaveLength(0)
    expect(pipeline.state.metaError?.target).toBe('pasted meta')
  })
})

describe('ShowPipeline lifecycle', () => {
  it('snapshot(): what printAR.content() reports, with live playback facts once content is loaded', async () => {
    const { pipeline } = setup()
    expect(pipeline.snapshot()).toEqual({
      status: 'none',
      type: null,
      targetName: null,
      title: null,
      caption: null,
      link: null,
      sound: null,
      actions: [],
      error: null,
      visible: false,
      animationTime: 0,
      videoTime: 0,
      pieces: 0,
      entered: false,
    })
    pipeline.showTarget(target({ type: 'model', url: 'm.glb', title: 'Robot' }))
    await flush()
    expect(pipeline.snapshot()).toMatchObject({
      status: 'shown',
      type: 'model',
      title: 'Robot',
      visible: true,
      animationTime: 1.5,
      pieces: 1,
      entered: true,
      muted: true,
    })
  })

  it('warm() builds the content manager ahead of the first hit; update() reaches it', async () => {
    const { pipeline, content, created } = setup()
    pipeline.warm()
    await flush()
    expect(created).toHaveLength(1)
    expect(pipeline.content).toBe(content)
    pipeline.update(0.016)
    expect(content.updates).toEqual([0.016])
  })

  it('dispose() frees the content manager, even one still loading, and ignores later results', async () => {
    const module = deferred<ContentManager>()
    const content = new FakeContent()
    const { pipeline, states } = setup({ content, createContent: () => module.promise })
    pipeline.warm()
    pipeline.dispose()
    module.resolve(content as unknown as ContentManager)
    await flush()
    expect(content.disposed).toBe(true)
    expect(pipeline.content).toBeNull()
    const before = states.length
    pipeline.showTarget(target({ url: 'a.mp4' }))
    await flush()
    expect(states.length).toBe(before)
  })
})

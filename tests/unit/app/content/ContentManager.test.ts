import { Group, PerspectiveCamera, Scene, type Mesh, type MeshBasicMaterial, type PlaneGeometry } from 'three'
import { describe, expect, it, vi } from 'vitest'
import { createGsapAnimator, createInstantAnimator, type Animator } from '../../../../src/content/animations'
import { CONTENT_DISTANCE_M, ContentManager, viewFrameAt } from '../../../../src/content/ContentManager'
import type { GltfLike } from '../../../../src/content/GltfContent'
import type { ContentStatus } from '../../../../src/core/status'
import { DisposeCounter, FakeVideo, desc, fakeGltf, fakeRenderer } from './fakes'

const VIDEO = desc({ type: 'video', url: 'https://app.test/content/clip.mp4', title: 'Clip', link: 'https://example.com' })

/** Resolves on the next microtasks (enough for our promise chains). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

function setup(options: { animator?: () => Animator } = {}) {
  const scene = new Scene()
  const camera = new PerspectiveCamera(60, 0.5, 0.01, 100)
  const counter = new DisposeCounter()
  const videos: FakeVideo[] = []
  const loads: { url: string; signal: AbortSignal; resolve: (g: GltfLike) => void; reject: (e: unknown) => void }[] = []
  const loaderDispose = vi.fn()
  const manager = new ContentManager({
    scene,
    camera,
    renderer: fakeRenderer,
    createModelLoader: async () => ({
      loadGltf: (url, signal, onProgress) =>
        new Promise<GltfLike>((resolve, reject) => {
          onProgress?.(0.5)
          loads.push({ url, signal, resolve, reject })
        }),
      dispose: loaderDispose,
    }),
    createVideo: () => {
      const video = new FakeVideo()
      videos.push(video)
      return video
    },
    createAnimator: async () => (options.animator ?? createInstantAnimator)(),
  })
  const statuses: ContentStatus[] = []
  manager.on('status', (e) => statuses.push(e.status))
  const progress: number[] = []
  manager.on('progress', (e) => progress.push(e.progress))
  return { scene, camera, counter, videos, loads, manager, statuses, progress, loaderDispose }
}

describe('ContentManager', () => {
  it('adds an anchor in front of the camera and removes it on dispose', () => {
    const { scene, manager } = setup()
    const anchor = scene.getObjectByName('content:anchor')!
    expect(anchor).toBeDefined()
    manager.update(0.016)
    manager.dispose()
    expect(scene.getObjectByName('content:anchor')).toBeUndefined()
  })

  it('shows a model: loading → shown, progress to 1, positioned CONTENT_DISTANCE_M ahead', async () => {
    const { scene, manager, loads, counter, statuses, progress } = setup()
    const shown = manager.show(desc({ title: 'Robot' }))
    await flush()
    expect(statuses).toEqual(['loading'])
    loads[0]!.resolve(fakeGltf(counter))
    await shown
    expect(statuses).toEqual(['loading', 'shown'])
    expect(progress[0]).toBe(0)
    expect(progress).toContain(0.5)
    expect(progress.at(-1)).toBe(1)
    const anchor = scene.getObjectByName('content:anchor')!
    expect(anchor.position.z).toBeCloseTo(-CONTENT_DISTANCE_M)
    expect(manager.info()).toMatchObject({ type: 'model', visible: true, title: 'Robot', link: null, status: 'shown' })
    manager.update(0.25)
    expect(manager.info().animationTime).toBeCloseTo(0.25)
  })

  it('says when the entrance animation has finished (entered), not as soon as the content is shown', async () => {
    let finishEntering = () => {}
    const animator: Animator = {
      ...createInstantAnimator(),
      enter: () => new Promise<void>((resolve) => (finishEntering = resolve)),
    }
    const { manager, loads, counter } = setup({ animator: () => animator })
    expect(manager.info().entered).toBe(false)
    const shown = manager.show(desc())
    await flush()
    loads[0]!.resolve(fakeGltf(counter))
    await flush()
    expect(manager.info()).toMatchObject({ status: 'shown', visible: true, entered: false })
    finishEntering()
    await shown
    expect(manager.info().entered).toBe(true)
  })

  it('replacing content disposes the previous one (counts back to baseline)', async () => {
    const { manager, loads, counter } = setup()
    const first = manager.show(desc())
    await flush()
    loads[0]!.resolve(fakeGltf(counter))
    await first
    expect(counter.live).toBe(5)
    const second = manager.show(desc({ url: 'https://app.test/b.glb' }))
    await flush()
    loads[1]!.resolve(fakeGltf(counter))
    await second
    expect(counter.live).toBe(5)
    await manager.clear()
    expect(counter.live).toBe(0)
    expect(manager.info()).toMatchObject({ type: null, visible: false, status: 'none' })
  })

  it('a newer show() cancels the pending load silently; a late result is disposed, never shown', async () => {
    const { manager, loads, counter, statuses } = setup()
    const first = manager.show(desc({ url: 'https://app.test/slow.glb' }))
    await flush()
    const second = manager.show(desc({ url: 'https://app.test/fast.glb' }))
    await flush()
    expect(loads[0]!.signal.aborted).toBe(true)
    loads[1]!.resolve(fakeGltf(counter))
    await second
    loads[0]!.resolve(fakeGltf(counter)) // the loader ignored the abort
    await first
    expect(statuses).not.toContain('error')
    expect(counter.live).toBe(5) // only the shown model is alive
    expect(manager.info().status).toBe('shown')
    manager.dispose()
    expect(counter.live).toBe(0)
  })

  it('a load failure becomes status error + error event (show() does not reject)', async () => {
    const { manager, loads, statuses } = setup()
    const errors: string[] = []
    manager.on('error', (e) => errors.push(e.detail.message))
    const shown = manager.show(desc())
    await flush()
    loads[0]!.reject(new Error('loadGltf: HTTP 404 for https://app.test/content/robot.glb'))
    await expect(shown).resolves.toBeUndefined()
    expect(statuses.at(-1)).toBe('error')
    expect(errors[0]).toContain('HTTP 404')
    expect(errors[0]).toContain('model')
  })

  it('clear() during a load cancels it silently', async () => {
    const { manager, loads, statuses } = setup()
    const shown = manager.show(desc())
    await flush()
    await manager.clear()
    loads[0]!.reject(new DOMException('aborted', 'AbortError'))
    await shown
    expect(loads[0]!.signal.aborted).toBe(true)
    expect(statuses).toEqual(['loading', 'none'])
  })

  it('shows a video on a plane with the video aspect, muted + playsinline + CORS', async () => {
    const { manager, videos, scene } = setup()
    const shown = manager.show(VIDEO)
    await flush()
    const video = videos[0]!
    expect(video.muted).toBe(true)
    expect(video.playsInline).toBe(true)
    expect(video.attributes.has('playsinline')).toBe(true)
    expect(video.crossOrigin).toBe('anonymous')
    expect(video.loop).toBe(true)
    expect(video.src).toBe(VIDEO.url)
    video.emit('loadedmetadata')
    await shown
    const plane = scene.getObjectByName('content:video-plane') as unknown as { geometry: { parameters: { width: number; height: number } } }
    expect(plane.geometry.parameters.width / plane.geometry.parameters.height).toBeCloseTo(16 / 9)
    await flush()
    expect(video.calls).toContain('play')
    expect(manager.info()).toMatchObject({ type: 'video', visible: true, needsGesture: false, muted: true, title: 'Clip' })
  })

  it('a refused autoplay keeps status shown and raises needs-gesture; play() from a tap clears it', async () => {
    const { manager, videos, statuses } = setup()
    const gestures: boolean[] = []
    manager.on('needs-gesture', (e) => gestures.push(e.needsGesture))
    const audio: boolean[] = []
    manager.on('audio', (e) => audio.push(e.canUnmute))
    const shown = manager.show(VIDEO)
    await flush()
    videos[0]!.playBehaviour = 'reject'
    videos[0]!.emit('loadedmetadata')
    await shown
    await flush()
    expect(statuses.at(-1)).toBe('shown')
    expect(gestures).toEqual([true])
    expect(manager.info().needsGesture).toBe(true)
    videos[0]!.playBehaviour = 'resolve'
    expect(await manager.play()).toBe(true)
    expect(gestures).toEqual([true, false])
    await manager.unmute()
    expect(manager.muted).toBe(false)
    manager.setMuted(true)
    expect(manager.muted).toBe(true)
    expect(audio).toEqual([true, false, true])
    await manager.clear()
    expect(audio.at(-1)).toBe(false)
    expect(gestures.at(-1)).toBe(false)
  })

  it('sound: a video follows meta muted, the sound button toggles it for the visit, and a refusal is "blocked"', async () => {
    const { manager, videos } = setup()
    const states: (string | null)[] = []
    manager.on('sound', (e) => states.push(e.state))
    const shown = manager.show(VIDEO) // muted by default: the author's choice
    await flush()
    videos[0]!.emit('loadedmetadata')
    await shown
    await flush()
    expect(manager.sound).toBe('off')
    await manager.toggleSound()
    expect(manager.sound).toBe('on')
    expect(videos[0]!.muted).toBe(false)
    await manager.toggleSound()
    expect(manager.sound).toBe('off')
    expect(videos[0]!.muted).toBe(true)

    // The visitor turned it off: the next video stays off even if its author wanted sound.
    const next = manager.show({ ...VIDEO, muted: false })
    await flush()
    videos[1]!.emit('loadedmetadata')
    await next
    await flush()
    expect(manager.sound).toBe('off')
    // Sound wanted, browser refuses unmuted play: muted playback goes on, state "blocked".
    videos[1]!.playBehaviour = 'reject'
    await manager.toggleSound()
    expect(manager.sound).toBe('blocked')
    expect(videos[1]!.muted).toBe(true)
    videos[1]!.playBehaviour = 'resolve'
    await manager.toggleSound()
    expect(manager.sound).toBe('on')
    await manager.clear()
    expect(manager.sound).toBeNull()
    expect(states).toEqual(['off', 'on', 'off', null, 'off', 'blocked', 'on', null])
  })

  it('a model without "audio" has no sound state', async () => {
    const { manager, loads, counter } = setup()
    const shown = manager.show(desc({ type: 'model', url: 'https://app.test/m.glb' }))
    await flush()
    loads[0]!.resolve(fakeGltf(counter))
    await shown
    await flush()
    expect(manager.sound).toBeNull()
  })

  it('meta items: every piece loads at once, each enters after its own delay, the group is one content', async () => {
    const entered: { name: string; delay: number | undefined }[] = []
    const recording = (): Animator => ({
      enter: (root, _materials, delay) => {
        entered.push({ name: root.name, delay })
        return Promise.resolve()
      },
      leave: () => Promise.resolve(),
      dispose: () => {},
    })
    const { manager, loads, videos, counter, progress } = setup({ animator: recording })
    const model = desc({ type: 'model', url: 'https://app.test/m.glb' })
    const video = desc({ type: 'video', url: 'https://app.test/v.mp4' })
    const shown = manager.show({
      ...model,
      items: [
        { ...model, delay: 0 },
        { ...video, delay: 0.4 },
      ],
    })
    await flush()
    expect(loads).toHaveLength(1)
    expect(videos).toHaveLength(1)
    videos[0]!.emit('loadedmetadata')
    loads[0]!.resolve(fakeGltf(counter))
    await shown
    await flush()
    expect(entered).toEqual([
      { name: 'content:piece-0', delay: 0 },
      { name: 'content:piece-1', delay: 0.4 },
    ])
    expect(progress.at(-1)).toBe(1)
    expect(manager.info()).toMatchObject({ pieces: 2, visible: true })
    expect(videos[0]!.calls).toContain('play')
    await manager.clear()
    expect(videos[0]!.src).toBe('')
    expect(counter.live).toBe(0) // the model piece's geometries, materials and textures too
  })

  it('meta items: one piece failing fails the target and frees the pieces that loaded', async () => {
    const { manager, loads, videos, counter, statuses } = setup()
    const model = desc({ type: 'model', url: 'https://app.test/m.glb' })
    const video = desc({ type: 'video', url: 'https://app.test/v.mp4' })
    const shown = manager.show({
      ...model,
      items: [
        { ...model, delay: 0 },
        { ...video, delay: 0.2 },
      ],
    })
    await flush()
    loads[0]!.resolve(fakeGltf(counter))
    await flush()
    videos[0]!.error = { code: 4, message: '' }
    videos[0]!.emit('error')
    await shown
    expect(statuses.at(-1)).toBe('error')
    expect(manager.info().pieces).toBe(0)
  })

  it('a video load error → status error with a message', async () => {
    const { manager, videos, statuses } = setup()
    const errors: string[] = []
    manager.on('error', (e) => errors.push(e.detail.message))
    const shown = manager.show(VIDEO)
    await flush()
    videos[0]!.error = { code: 4, message: 'MEDIA_ELEMENT_ERROR: Format error' }
    videos[0]!.emit('error')
    await shown
    expect(statuses.at(-1)).toBe('error')
    expect(errors[0]).toContain('not supported')
    expect(errors[0]).toContain(VIDEO.url)
    // the failed element was released
    expect(videos[0]!.calls).toContain('pause')
    expect(videos[0]!.src).toBe('')
  })

  it('closing a video releases the element (pause, remove src, load) and its GPU resources', async () => {
    const { manager, videos, scene } = setup()
    const shown = manager.show(VIDEO)
    await flush()
    videos[0]!.emit('loadedmetadata')
    await shown
    const video = videos[0]!
    // Count GPU resource disposal on what the plane holds.
    const counter = new DisposeCounter()
    const plane = scene.getObjectByName('content:video-plane') as Mesh<PlaneGeometry, MeshBasicMaterial>
    counter.track(plane.geometry)
    counter.track(plane.material)
    counter.track(plane.material.map!)
    await manager.clear()
    expect(counter.live).toBe(0)
    expect(video.calls.slice(-2)).toEqual(['pause', 'load:'])
    expect(video.attributes.has('src')).toBe(false)
    expect(video.listenerCount()).toBe(0)
    expect(scene.getObjectByName('content:video-plane')).toBeUndefined()
  })

  it('dispose() frees content, leaving content, decoders and lights at once', async () => {
    const { manager, loads, counter, loaderDispose } = setup()
    const shown = manager.show(desc())
    await flush()
    loads[0]!.resolve(fakeGltf(counter))
    await shown
    manager.dispose()
    await flush()
    expect(counter.live).toBe(0)
    expect(loaderDispose).toHaveBeenCalledOnce()
    await manager.show(desc()) // no-op after dispose
    expect(loads).toHaveLength(1)
  })

  it('the gsap animator (lazy import) pops in and its context reverts on dispose, resolving pending tweens', async () => {
    const animator = await createGsapAnimator()
    const root = new Group()
    const entering = animator.enter(root)
    expect(root.scale.x).toBeLessThan(0.01)
    animator.dispose()
    await expect(entering).resolves.toBeUndefined()
    await expect(animator.leave(root)).resolves.toBeUndefined()
  })

  // The pop-in (a scale bounce from nothing) ran even with "reduce motion" on.
  it('with reduce motion on, content appears at full size at once: no scale tween', async () => {
    const matchMedia = vi.fn((query: string) => ({ matches: query === '(prefers-reduced-motion: reduce)' }))
    vi.stubGlobal('window', { matchMedia })
    try {
      const animator = await createGsapAnimator()
      const root = new Group()
      const entering = animator.enter(root)
      expect(root.scale.x).toBe(1) // at once, not after a tween
      await entering
      expect(matchMedia).toHaveBeenCalledWith('(prefers-reduced-motion: reduce)')
      animator.dispose()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('viewFrameAt gives the visible size at a distance', () => {
    const camera = new PerspectiveCamera(90, 2, 0.1, 10)
    const frame = viewFrameAt(camera, 1)
    expect(frame.height).toBeCloseTo(2)
    expect(frame.width).toBeCloseTo(4)
  })
})

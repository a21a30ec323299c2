/** Plain fakes and counters for content tests (no DOM, no WebGL). */
import { AnimationClip, BoxGeometry, Group, Mesh, MeshStandardMaterial, NumberKeyframeTrack, Texture, type WebGLRenderer } from 'three'
import type { VideoLike } from '../../../../src/content/VideoPlaneContent'
import type { ContentDescription } from '../../../../src/protocol/meta'

/** Counts `dispose` events of geometries, materials and textures (what frees GPU memory). */
export class DisposeCounter {
  created = 0
  disposed = 0
  track<T extends { addEventListener(type: 'dispose', l: () => void): void }>(resource: T): T {
    this.created++
    resource.addEventListener('dispose', () => this.disposed++)
    return resource
  }
  get live() {
    return this.created - this.disposed
  }
}

/** A tiny "GLTF": two meshes sharing a material, textures, one clip. */
export function fakeGltf(counter: DisposeCounter) {
  const scene = new Group()
  const texture = counter.track(new Texture())
  const normal = counter.track(new Texture())
  const material = counter.track(new MeshStandardMaterial({ map: texture, normalMap: normal }))
  const a = new Mesh(counter.track(new BoxGeometry(2, 1, 1)), material)
  const b = new Mesh(counter.track(new BoxGeometry(1, 1, 1)), material)
  b.position.x = 1
  a.name = 'body'
  scene.add(a, b)
  const clip = new AnimationClip('Wave', 2, [new NumberKeyframeTrack('body.position[y]', [0, 2], [0, 1])])
  const idle = new AnimationClip('Idle', 1, [new NumberKeyframeTrack('body.position[x]', [0, 1], [0, 1])])
  return { scene, animations: [idle, clip] }
}

export function desc(overrides: Partial<ContentDescription> = {}): ContentDescription {
  return {
    type: 'model',
    url: 'https://app.test/content/robot.glb',
    scale: 1,
    position: [0, 0, 0],
    rotation: [0, 0, 0],
    loop: true,
    autoplay: true,
    muted: true,
    anchor: 'print',
    ...overrides,
  }
}

type PlayBehaviour = 'resolve' | 'reject' | 'abort'

/** A `<video>` stand-in: fires events on demand, records calls. */
export class FakeVideo implements VideoLike {
  src = ''
  muted = false
  loop = false
  playsInline = false
  crossOrigin: string | null = null
  preload = ''
  videoWidth = 1920
  videoHeight = 1080
  currentTime = 0
  paused = true
  error: { code: number; message: string } | null = null
  readonly attributes = new Map<string, string>()
  readonly listeners = new Map<string, Set<() => void>>()
  readonly calls: string[] = []
  playBehaviour: PlayBehaviour = 'resolve'

  setAttribute(name: string, value: string) {
    this.attributes.set(name, value)
  }
  removeAttribute(name: string) {
    this.attributes.delete(name)
    if (name === 'src') this.src = ''
  }
  addEventListener(type: string, l: () => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set())
    this.listeners.get(type)!.add(l)
  }
  removeEventListener(type: string, l: () => void) {
    this.listeners.get(type)?.delete(l)
  }
  listenerCount() {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }
  emit(type: string) {
    for (const l of [...(this.listeners.get(type) ?? [])]) l()
  }
  play() {
    this.calls.push('play')
    if (this.playBehaviour === 'resolve') {
      this.paused = false
      return Promise.resolve()
    }
    const name = this.playBehaviour === 'reject' ? 'NotAllowedError' : 'AbortError'
    return Promise.reject(Object.assign(new Error(name), { name }))
  }
  pause() {
    this.calls.push('pause')
    this.paused = true
  }
  load() {
    this.calls.push(`load:${this.src}`)
  }
}

export const fakeRenderer = {} as WebGLRenderer

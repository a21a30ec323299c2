import { BoxGeometry, Box3, Group, Mesh, MeshBasicMaterial, PerspectiveCamera, Scene, Color, Vector3, type WebGLRenderer } from 'three'
import { describe, expect, it } from 'vitest'
import { ArSession, type WorldContent } from '../../../../src/xr/ArSession'

/** A column-major pose matrix: a translation to (x, y, z). */
const at = (x: number, y: number, z: number) => new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1])

class FakeSession extends EventTarget {
  enabledFeatures = ['hit-test', 'local-floor', 'viewer', 'local']
  ended = 0
  hitSource = { cancelled: 0, cancel: () => void this.hitSource.cancelled++ }
  async requestReferenceSpace() {
    return {}
  }
  async requestHitTestSource() {
    return this.hitSource
  }
  async end() {
    this.ended++
    this.dispatchEvent(new Event('end'))
  }
}

function setup(options: { requestSession?: () => Promise<unknown>; setSession?: () => Promise<void> } = {}) {
  const session = new FakeSession()
  let hit: Float32Array | null = null
  const frame = { getHitTestResults: () => (hit ? [{ getPose: () => ({ transform: { matrix: hit } }) }] : []) }
  const xrManager = {
    enabled: false,
    referenceSpaceType: '',
    setReferenceSpaceType(type: string) {
      this.referenceSpaceType = type
    },
    setSession: options.setSession ?? (async () => {}),
    getFrame: () => frame,
    getReferenceSpace: () => ({}),
  }
  const renderer = { xr: xrManager } as unknown as WebGLRenderer
  const scene = new Scene()
  const background = new Color(0x112233)
  scene.background = background
  const camera = new PerspectiveCamera()
  camera.position.set(0, 1.6, 0)
  // The content anchor as the ContentManager has it: in front of the camera, a 2×1×1 box inside.
  const anchor = new Group()
  anchor.position.set(0, 1.6, -1.5)
  anchor.add(new Mesh(new BoxGeometry(2, 1, 1), new MeshBasicMaterial()))
  scene.add(anchor)
  const follow: boolean[] = []
  const content: WorldContent = { object: anchor, setFollowCamera: (f) => void follow.push(f) }
  let frameCallback: ((dt: number) => void) | null = null
  const overlayRoot = new EventTarget() as unknown as HTMLElement
  const xr = { requestSession: options.requestSession ?? (async () => session) } as unknown as XRSystem
  const ar = new ArSession({
    xr,
    renderer,
    scene,
    camera,
    content,
    overlayRoot,
    onFrame: (cb) => {
      frameCallback = cb
      return () => (frameCallback = null)
    },
    widthM: 0.3,
  })
  const ends: Array<string | null> = []
  const placements: string[] = []
  ar.on('end', ({ error }) => ends.push(error))
  ar.on('placement', ({ placement }) => placements.push(placement))
  return {
    ar,
    session,
    scene,
    background,
    overlayRoot,
    camera,
    anchor,
    follow,
    ends,
    placements,
    xrManager,
    setHit: (m: Float32Array | null) => (hit = m),
    tick: () => frameCallback?.(0),
    hasFrameCallback: () => frameCallback !== null,
  }
}

describe('ArSession', () => {
  it('a refused session ends once with the reason and touches nothing', async () => {
    const t = setup({ requestSession: () => Promise.reject(new DOMException('The user declined', 'NotAllowedError')) })
    expect(await t.ar.start()).toBe(false)
    expect(t.ends).toEqual(['NotAllowedError: The user declined'])
    expect(t.follow).toEqual([])
    expect(t.scene.background).toBe(t.background)
    expect(t.xrManager.enabled).toBe(false)
    t.ar.end() // nothing left to end
    expect(t.ends).toHaveLength(1)
  })

  it('a start that fails after the session was granted ends that session and restores the screen mode', async () => {
    const t = setup({ setSession: () => Promise.reject(new Error('makeXRCompatible failed')) })
    expect(await t.ar.start()).toBe(false)
    expect(t.session.ended).toBe(1)
    expect(t.ends).toEqual(['makeXRCompatible failed'])
    expect(t.scene.background).toBe(t.background)
    expect(t.follow).toEqual([false, true])
    expect(t.anchor.visible).toBe(true)
    expect(t.scene.getObjectByName('xr:reticle')).toBeUndefined()
    expect(t.xrManager.enabled).toBe(false)
  })

  it('reticle on a hit, a select places the content standing on the surface at real width, the session end restores', async () => {
    const t = setup()
    expect(await t.ar.start()).toBe(true)
    expect(t.xrManager.referenceSpaceType).toBe('local-floor')
    expect(t.scene.background).toBeNull() // passthrough shows the room
    expect(t.anchor.visible).toBe(false) // hidden until placed
    t.tick()
    expect(t.placements).toEqual(['seeking'])
    t.setHit(at(0.2, 0.76, -1))
    t.tick()
    expect(t.placements).toEqual(['seeking', 'aiming'])
    expect(t.ar.info().reticle).toEqual([expect.closeTo(0.2), expect.closeTo(0.76), expect.closeTo(-1)])

    t.session.dispatchEvent(new Event('select'))
    expect(t.placements.at(-1)).toBe('placed')
    const info = t.ar.info()
    expect(info.placedAt).toEqual([expect.closeTo(0.2), expect.closeTo(0.76), expect.closeTo(-1)])
    expect(info.contentBottom).toBeCloseTo(0.76, 5)
    expect(info.footprintM).toBeCloseTo(0.3, 5)
    const bounds = new Box3().setFromObject(t.anchor)
    expect(bounds.min.y).toBeCloseTo(0.76, 5)

    // Placing again moves it.
    t.setHit(at(-0.5, 0, -2))
    t.tick()
    t.session.dispatchEvent(new Event('select'))
    expect(t.ar.info().contentBottom).toBeCloseTo(0, 5)

    await t.session.end() // the system ends it
    expect(t.ends).toEqual([null])
    expect(t.session.ended).toBe(1) // not ended a second time by us
    expect(t.session.hitSource.cancelled).toBe(1)
    expect(t.hasFrameCallback()).toBe(false)
    expect(t.scene.background).toBe(t.background)
    expect(t.scene.getObjectByName('xr:reticle')).toBeUndefined()
    expect(t.anchor.scale.x).toBe(1)
    expect(t.camera.position.toArray()).toEqual([0, 1.6, 0])
    expect(t.follow).toEqual([false, true])
    t.ar.end()
    expect(t.ends).toHaveLength(1)
  })

  it('pinch scales about the surface, twist turns about the vertical; a select right after a gesture is ignored', async () => {
    const t = setup()
    await t.ar.start()
    t.setHit(at(0, 0.76, -1))
    t.tick()
    t.session.dispatchEvent(new Event('select'))
    const placed = t.ar.info()
    const yaw0 = new Vector3(0, 0, 1).applyQuaternion(t.anchor.quaternion)
    const touch = (type: string, points: Array<[number, number]>) => {
      const event = new Event(type) as Event & { touches: unknown }
      event.touches = points.map(([clientX, clientY]) => ({ clientX, clientY }))
      t.overlayRoot.dispatchEvent(event)
    }
    touch('touchstart', [
      [100, 100],
      [200, 100],
    ])
    touch('touchmove', [
      [150, 0],
      [150, 200],
    ]) // twice as far apart, turned a quarter clockwise
    touch('touchend', [])
    const after = t.ar.info()
    expect(after.scale / placed.scale).toBeCloseTo(2, 5)
    expect(after.contentBottom).toBeCloseTo(0.76, 5)
    const yaw1 = new Vector3(0, 0, 1).applyQuaternion(t.anchor.quaternion)
    expect(yaw0.angleTo(yaw1)).toBeCloseTo(Math.PI / 2, 5)
    expect(Math.abs(yaw1.y)).toBeLessThan(1e-9) // still upright
    // Lifting two fingers is not a tap.
    t.setHit(at(1, 0, -1))
    t.tick()
    t.session.dispatchEvent(new Event('select'))
    expect(t.ar.info().placedAt![0]).toBeCloseTo(0, 5)
  })

  it('taps on the overlay buttons are not placements; taps on the room are', async () => {
    const t = setup()
    await t.ar.start()
    const tap = (onControl: boolean) => {
      const event = new Event('beforexrselect', { cancelable: true })
      Object.defineProperty(event, 'target', { value: { closest: () => (onControl ? {} : null) } })
      t.overlayRoot.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(tap(true)).toBe(true)
    expect(tap(false)).toBe(false)
    t.ar.dispose()
    expect(tap(true)).toBe(false) // listener gone with the session
  })
})

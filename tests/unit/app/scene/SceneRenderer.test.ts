import { describe, expect, it, vi } from 'vitest'
import { SceneRenderer, type RenderStatus } from '../../../../src/scene/SceneRenderer'
import { fakeScene } from './fakes'

function setup(maxPixelRatio = 2) {
  const fake = fakeScene({ maxPixelRatio })
  const scene = new SceneRenderer(fake.options)
  const statuses: RenderStatus[] = []
  scene.on('status', ({ status }) => statuses.push(status))
  return { ...fake, scene, statuses }
}

describe('SceneRenderer', () => {
  it('caps the pixel ratio, fills the canvas box and matches the camera to it', () => {
    const { scene, renderer } = setup(2)
    expect(renderer.pixelRatio).toBe(2) // the window says 3
    expect(renderer.size).toEqual([400, 800])
    expect(scene.size).toEqual({ width: 400, height: 800 })
    expect(scene.camera.aspect).toBe(0.5)
    // At a capped 2x density MSAA is not worth its fill rate; the buffer stays readable for photos.
    expect(renderer.parameters.antialias).toBe(false)
    expect(renderer.parameters.preserveDrawingBuffer).toBe(true)
  })

  it('uses MSAA below 2x density', () => {
    const { renderer } = setup(1.5)
    expect(renderer.parameters.antialias).toBe(true)
  })

  it('runs the loop only while started and visible, and says so', () => {
    const { scene, renderer, doc, statuses } = setup()
    expect(scene.status).toBe('stopped')
    expect(renderer.loop).toBeNull()
    scene.start()
    scene.start() // idempotent
    expect(renderer.loop).not.toBeNull()
    doc.setHidden(true)
    expect(renderer.loop).toBeNull()
    doc.setHidden(false)
    expect(renderer.loop).not.toBeNull()
    scene.stop()
    expect(renderer.loop).toBeNull()
    expect(statuses).toEqual(['running', 'paused', 'running', 'stopped'])
  })

  it('calls frame callbacks with dt in seconds, capped after a stall; one that throws does not stop the others', () => {
    const { scene, renderer } = setup()
    const dts: number[] = []
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    scene.onFrame(() => {
      throw new Error('broken')
    })
    const off = scene.onFrame((dt) => dts.push(dt))
    scene.start()
    renderer.tick(1000)
    renderer.tick(1016)
    renderer.tick(3000) // a 2 s stall
    off()
    renderer.tick(3016)
    error.mockRestore()
    expect(dts).toEqual([0, 0.016, 0.1])
    expect(renderer.renders).toHaveLength(4)
  })

  it('measures fps while running, 0 otherwise', () => {
    const { scene, renderer } = setup()
    scene.start()
    for (let t = 0; t <= 1000; t += 20) renderer.tick(1000 + t)
    expect(scene.fps).toBeCloseTo(50, 0)
    scene.stop()
    expect(scene.fps).toBe(0)
  })

  it('survives a lost WebGL context: stops, asks for it back, and lets owners rebuild before resuming', () => {
    const { scene, renderer, canvas, statuses } = setup()
    const order: string[] = []
    scene.on('contextlost', () => order.push('lost'))
    scene.on('contextrestored', () => order.push(`restored (loop ${renderer.loop ? 'on' : 'off'})`))
    scene.start()
    const lost = new Event('webglcontextlost', { cancelable: true })
    canvas.dispatchEvent(lost)
    expect(lost.defaultPrevented).toBe(true)
    expect(renderer.loop).toBeNull()
    expect(scene.status).toBe('context-lost')
    expect(() => scene.renderAt(10, 10, () => {})).toThrow(/no WebGL context/)
    canvas.dispatchEvent(new Event('webglcontextrestored'))
    expect(renderer.loop).not.toBeNull()
    expect(order).toEqual(['lost', 'restored (loop off)'])
    expect(statuses).toEqual(['running', 'context-lost', 'running'])
  })

  it('renders one frame at another size for a photo, then puts the screen size back', () => {
    const { scene, renderer } = setup()
    const views: string[] = []
    let read: [number, number] | null = null
    scene.renderAt(
      1280,
      720,
      () => (read = [...renderer.size]),
      (w, h) => views.push(`${w}x${h}`),
    )
    expect(read).toEqual([1280, 720])
    expect(renderer.renders[0]).toEqual({ size: [1280, 720], pixelRatio: 1 })
    expect(views).toEqual(['1280x720', '400x800'])
    expect(renderer.size).toEqual([400, 800])
    expect(renderer.pixelRatio).toBe(2)
    expect(scene.camera.aspect).toBe(0.5)
  })

  it('emits resize only when the size or density changed; setMaxPixelRatio applies at once', () => {
    const { scene, canvas, renderer } = setup()
    const sizes: string[] = []
    scene.on('resize', ({ width, height }) => sizes.push(`${width}x${height}`))
    scene.resize()
    canvas.box = { width: 800, height: 400 }
    scene.resize()
    scene.setMaxPixelRatio(1)
    expect(sizes).toEqual(['800x400', '800x400'])
    expect(renderer.pixelRatio).toBe(1)
  })

  it('follows window resizes while started; dispose() removes every listener and frees the renderer', () => {
    const { scene, win, canvas, renderer } = setup()
    scene.start()
    expect([...win.listeners].sort()).toEqual(['orientationchange', 'resize'])
    canvas.box = { width: 500, height: 500 }
    win.dispatchEvent(new Event('resize'))
    expect(scene.size).toEqual({ width: 500, height: 500 })
    scene.dispose()
    expect(win.listeners.size).toBe(0)
    expect(canvas.listeners.get('webglcontextlost')).toBe(0)
    expect(canvas.listeners.get('webglcontextrestored')).toBe(0)
    expect(renderer.disposed).toBe(true)
    expect(renderer.loop).toBeNull()
    scene.start() // final
    expect(renderer.loop).toBeNull()
  })
})

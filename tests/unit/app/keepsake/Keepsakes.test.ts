import { describe, expect, it, vi } from 'vitest'
import type { Flash } from '../../../../src/core/status'
import { Keepsakes, type KeepsakeState } from '../../../../src/keepsake/Keepsakes'
import { CameraBackground } from '../../../../src/scene/CameraBackground'
import { SceneRenderer } from '../../../../src/scene/SceneRenderer'
import { fakeScene } from '../scene/fakes'

/** A document that records the download link it is asked to click. */
function fakeDocument() {
  const downloads: string[] = []
  const doc = {
    createElement: () => {
      const link = { href: '', download: '', rel: '', style: {}, click: () => downloads.push(link.download), remove: () => {} }
      return link
    },
    body: { append: () => {} },
  } as unknown as Document
  return { doc, downloads }
}

function setup(blob: Blob | null = new Blob([new Uint8Array(10)], { type: 'image/jpeg' })) {
  const fake = fakeScene()
  const sizes: string[] = []
  Object.assign(fake.canvas, {
    toBlob: (done: (b: Blob | null) => void) => {
      sizes.push(fake.renderer.size.join('x'))
      done(blob)
    },
  })
  const scene = new SceneRenderer(fake.options)
  const background = new CameraBackground(scene.scene)
  background.attach({ videoWidth: 1280, videoHeight: 720 } as unknown as HTMLVideoElement, false)
  const { doc, downloads } = fakeDocument()
  const keepsakes = new Keepsakes({ scene, background, media: () => null, navigator: {} as Navigator, document: doc })
  const states: KeepsakeState[] = []
  const flashes: Flash[] = []
  keepsakes.on('change', ({ state }) => states.push(state))
  keepsakes.on('flash', (flash) => flashes.push(flash))
  return { keepsakes, states, flashes, downloads, sizes }
}

describe('Keepsakes', () => {
  it('can take photos once the render loop exists; clips only where MediaRecorder exists (not in Node)', () => {
    expect(setup().keepsakes.state).toEqual({ canPhoto: true, canRecord: false, recording: null, photoBusy: false })
  })

  it('a photo is one frame at the camera’s own resolution, saved, and remembered', async () => {
    const { keepsakes, states, flashes, downloads, sizes } = setup()
    const photo = await keepsakes.takePhoto()
    expect(photo?.type).toBe('image/jpeg')
    expect(sizes).toEqual(['1280x720'])
    expect(states.map((s) => s.photoBusy)).toEqual([true, false])
    expect(downloads).toHaveLength(1)
    expect(downloads[0]).toMatch(/^printar-.*\.jpg$/)
    expect(flashes).toEqual([{ kind: 'photo-saved' }])
    expect(keepsakes.last).toEqual({ kind: 'photo', type: 'image/jpeg', bytes: 10, width: 1280, height: 720, delivered: 'downloaded' })
  })

  it('says so when the canvas gives no image, and is ready again', async () => {
    const { keepsakes, flashes, states } = setup(null)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await keepsakes.takePhoto()).toBeNull()
    warn.mockRestore()
    expect(flashes).toEqual([{ kind: 'capture-failed' }])
    expect(states.at(-1)?.photoBusy).toBe(false)
    expect(keepsakes.last).toBeNull()
  })

  it('does not record where it cannot, and nothing after dispose()', async () => {
    const { keepsakes, states } = setup()
    await keepsakes.toggleRecording()
    keepsakes.dispose()
    expect(await keepsakes.takePhoto()).toBeNull()
    expect(states).toEqual([])
  })
})

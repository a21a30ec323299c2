import { CanvasTexture, Color, LinearFilter, Scene, SRGBColorSpace, VideoTexture } from 'three'
import { describe, expect, it } from 'vitest'
import { CameraBackground } from '../../../../src/scene/CameraBackground'
import { coverFit } from '../../../../src/core/coverFit'
import { SceneRenderer } from '../../../../src/scene/SceneRenderer'
import { fakeScene } from './fakes'

const video = (width = 1280, height = 720) => ({ videoWidth: width, videoHeight: height }) as unknown as HTMLVideoElement
const photo = (width = 600, height = 800) => ({ width, height }) as unknown as HTMLCanvasElement

/** Counts `dispose()` on a texture (three dispatches a 'dispose' event the renderer frees it on). */
function disposals(texture: { addEventListener(type: 'dispose', listener: () => void): void }): { count: number } {
  const seen = { count: 0 }
  texture.addEventListener('dispose', () => seen.count++)
  return seen
}

describe('CameraBackground', () => {
  it('starts on the plain page colour', () => {
    const scene = new Scene()
    new CameraBackground(scene)
    expect(scene.background).toBeInstanceOf(Color)
    expect((scene.background as Color).getHex()).toBe(0x0b0d12)
  })

  it('shows the camera video as an sRGB, unmipmapped texture, cover-fitted to the view', () => {
    const scene = new Scene()
    const background = new CameraBackground(scene)
    background.setViewSize(720, 1280)
    background.attach(video(), false)
    const texture = scene.background as VideoTexture
    expect(texture).toBeInstanceOf(VideoTexture)
    expect(texture.colorSpace).toBe(SRGBColorSpace)
    expect(texture.minFilter).toBe(LinearFilter)
    expect(texture.generateMipmaps).toBe(false)
    const fit = coverFit(1280, 720, 720, 1280, false)
    expect(texture.repeat.toArray()).toEqual(fit.repeat)
    expect(texture.offset.toArray()).toEqual(fit.offset)
    expect(background.sourceSize).toEqual({ width: 1280, height: 720 })
  })

  it('mirrors the front camera, and keeps one texture for the same video', () => {
    const scene = new Scene()
    const background = new CameraBackground(scene)
    const camera = video()
    background.attach(camera, false)
    const texture = scene.background as VideoTexture
    background.attach(camera, true)
    expect(scene.background).toBe(texture)
    expect(background.mirrored).toBe(true)
    expect(texture.repeat.x).toBeLessThan(0)
  })

  it('replaces the video with a chosen photo, freeing the video texture; detach() frees the photo’s', () => {
    const scene = new Scene()
    const background = new CameraBackground(scene)
    background.attach(video(), true)
    const videoTexture = scene.background as VideoTexture
    const videoFreed = disposals(videoTexture)
    background.showImage(photo())
    expect(videoFreed.count).toBe(1)
    expect(scene.background).toBeInstanceOf(CanvasTexture)
    expect(background.mirrored).toBe(false)
    expect(background.sourceSize).toEqual({ width: 600, height: 800 })
    const photoFreed = disposals(scene.background as CanvasTexture)
    background.detach()
    expect(photoFreed.count).toBe(1)
    expect(scene.background).toBeInstanceOf(Color)
    expect(background.sourceSize).toBeNull()
  })

  it('after a context restore makes a fresh texture without disposing the dead one', () => {
    const scene = new Scene()
    const background = new CameraBackground(scene)
    background.attach(video(), false)
    const dead = scene.background as VideoTexture
    const freed = disposals(dead)
    background.rebuild()
    expect(scene.background).toBeInstanceOf(VideoTexture)
    expect(scene.background).not.toBe(dead)
    expect(freed.count).toBe(0)
  })

  it('follows the renderer: refits on resize and rebuilds on context restore, until told to stop', () => {
    const fake = fakeScene()
    const renderer = new SceneRenderer(fake.options)
    const background = new CameraBackground(renderer.scene)
    const stop = background.follow(renderer)
    background.attach(video(), false)
    const portrait = (renderer.scene.background as VideoTexture).repeat.x
    fake.canvas.box = { width: 1280, height: 720 }
    renderer.resize()
    expect((renderer.scene.background as VideoTexture).repeat.x).not.toBe(portrait)
    const before = renderer.scene.background
    fake.canvas.dispatchEvent(new Event('webglcontextrestored'))
    expect(renderer.scene.background).not.toBe(before)
    stop()
    const after = renderer.scene.background
    fake.canvas.dispatchEvent(new Event('webglcontextrestored'))
    expect(renderer.scene.background).toBe(after)
  })
})

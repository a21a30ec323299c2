import { Box3, BufferGeometry, MeshBasicMaterial, SkinnedMesh, Skeleton, Vector3 } from 'three'
import { describe, expect, it, vi } from 'vitest'
import { disposeObject } from '../../../../src/content/disposeObject'
import { FIT_HEIGHT_FRACTION, GltfContent } from '../../../../src/content/GltfContent'
import { DisposeCounter, desc, fakeGltf } from './fakes'

const frame = { width: 1, height: 2 }

describe('GltfContent', () => {
  it('fits the model to a fraction of the view height, centred, then applies meta scale/position/rotation', () => {
    const counter = new DisposeCounter()
    const content = new GltfContent(fakeGltf(counter), desc({ scale: 1 }), { width: 10, height: 2 })
    content.object.updateMatrixWorld(true)
    const size = new Box3().setFromObject(content.object).getSize(new Vector3())
    expect(size.x).toBeCloseTo(FIT_HEIGHT_FRACTION * 2) // largest dimension (2.5 wide) → 0.8 m
    const center = new Box3().setFromObject(content.object).getCenter(new Vector3())
    expect(center.length()).toBeCloseTo(0)

    const moved = new GltfContent(fakeGltf(counter), desc({ scale: 2, position: [0.1, 0.2, 0.3], rotation: [0, 90, 0] }), {
      width: 10,
      height: 2,
    })
    expect(moved.object.scale.x).toBe(2)
    expect(moved.object.position.toArray()).toEqual([0.1, 0.2, 0.3])
    expect(moved.object.rotation.y).toBeCloseTo(Math.PI / 2)
  })

  it('plays the named clip (looping per meta) and advances with update()', () => {
    const content = new GltfContent(fakeGltf(new DisposeCounter()), desc({ animation: 'Wave' }), frame)
    expect(content.clipName).toBe('Wave')
    content.update(0.5)
    expect(content.animationTime).toBeCloseTo(0.5)
    content.update(2)
    expect(content.animationTime).toBeCloseTo(0.5) // looped
  })

  it('falls back to the first clip with a warning, and honours loop: false', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const content = new GltfContent(fakeGltf(new DisposeCounter()), desc({ animation: 'Nope', loop: false }), frame)
    expect(content.clipName).toBe('Idle')
    expect(warn).toHaveBeenCalledOnce()
    content.update(5)
    expect(content.animationTime).toBeCloseTo(1) // clamped at the end
    warn.mockRestore()
  })

  it('replay() restarts the clip, even a LoopOnce clip that has finished', () => {
    const content = new GltfContent(fakeGltf(new DisposeCounter()), desc({ animation: 'Wave', loop: false }), frame)
    content.update(5)
    expect(content.animationTime).toBeGreaterThan(0.5) // clamped at the end of the clip
    content.replay()
    expect(content.animationTime).toBe(0)
    content.update(0.25)
    expect(content.animationTime).toBeCloseTo(0.25)
  })

  it('dispose() frees every geometry, material and texture once (shared ones too)', () => {
    const counter = new DisposeCounter()
    const content = new GltfContent(fakeGltf(counter), desc(), frame)
    expect(counter.live).toBe(5)
    content.dispose()
    content.dispose()
    expect(counter.live).toBe(0)
    expect(counter.disposed).toBe(5)
  })

  it('disposeObject also frees skeleton bone textures and reports counts', () => {
    const counter = new DisposeCounter()
    const gltf = fakeGltf(counter)
    const skeleton = new Skeleton([])
    const dispose = vi.spyOn(skeleton, 'dispose')
    const skinned = new SkinnedMesh(counter.track(new BufferGeometry()), counter.track(new MeshBasicMaterial()))
    skinned.bind(skeleton)
    gltf.scene.add(skinned)
    expect(disposeObject(gltf.scene)).toEqual({ geometries: 3, materials: 2, textures: 2 })
    expect(dispose).toHaveBeenCalled()
    expect(counter.live).toBe(0)
  })
})

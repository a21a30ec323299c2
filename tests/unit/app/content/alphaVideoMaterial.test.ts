import { Texture } from 'three'
import { describe, expect, it } from 'vitest'
import { createAlphaVideoMaterial, visibleAspect } from '../../../../src/content/alphaVideoMaterial'

describe('alphaVideoMaterial', () => {
  it('shows a packed frame at the aspect of its colour half', () => {
    expect(visibleAspect(640, 320, { mode: 'packed', layout: 'side-by-side' })).toBe(1)
    expect(visibleAspect(320, 640, { mode: 'packed', layout: 'stacked' })).toBe(1)
    expect(visibleAspect(480, 270, { mode: 'chroma', color: [0, 1, 0], similarity: 0.4, smoothness: 0.08, spill: 0.1 })).toBeCloseTo(16 / 9)
    expect(visibleAspect(0, 0, undefined)).toBeCloseTo(16 / 9)
  })

  it('passes the meta settings as uniforms, and opacity (tweened by the animations) drives its uniform', () => {
    const map = new Texture()
    const chroma = createAlphaVideoMaterial(map, { mode: 'chroma', color: [1, 0, 1], similarity: 0.3, smoothness: 0.1, spill: 0.2 })
    expect(chroma.uniforms.mode!.value).toBe(1)
    expect(chroma.uniforms.keyColor!.value.toArray()).toEqual([1, 0, 1])
    expect(chroma.uniforms.similarity!.value).toBe(0.3)
    expect(chroma.uniforms.map!.value).toBe(map)
    expect(chroma.transparent).toBe(true)
    chroma.opacity = 0.25
    expect(chroma.uniforms.opacity!.value).toBe(0.25)
    expect(chroma.opacity).toBe(0.25)

    const stacked = createAlphaVideoMaterial(map, { mode: 'packed', layout: 'stacked' })
    expect(stacked.uniforms.mode!.value).toBe(0)
    expect(stacked.uniforms.stacked!.value).toBe(true)
    chroma.dispose()
    stacked.dispose()
  })
})

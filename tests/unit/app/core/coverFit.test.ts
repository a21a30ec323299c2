import { describe, expect, it } from 'vitest'
import { coverFit, visibleRect } from '../../../../src/core/coverFit'

/** Maps a texture u (0..1 of the visible screen) through repeat/offset like three's uvTransform. */
const mapU = (fit: ReturnType<typeof coverFit>, u: number) => u * fit.repeat[0] + fit.offset[0]
const mapV = (fit: ReturnType<typeof coverFit>, v: number) => v * fit.repeat[1] + fit.offset[1]

describe('coverFit', () => {
  it('leaves a video alone when its aspect matches the view', () => {
    expect(coverFit(1280, 720, 640, 360)).toEqual({ repeat: [1, 1], offset: [0, 0] })
  })

  it('crops the sides of a landscape video on a portrait phone, centred', () => {
    const fit = coverFit(1280, 720, 720, 1280)
    const expected = 720 / 1280 / (1280 / 720)
    expect(fit.repeat[0]).toBeCloseTo(expected, 10)
    expect(fit.repeat[1]).toBe(1)
    expect(fit.offset[0]).toBeCloseTo((1 - expected) / 2, 10)
    expect(fit.offset[1]).toBe(0)
    // the visible window is centred in the texture
    expect(mapU(fit, 0) + mapU(fit, 1)).toBeCloseTo(1, 10)
  })

  it('crops top and bottom of a portrait video in a landscape view', () => {
    const fit = coverFit(720, 1280, 1600, 900)
    const expected = 720 / 1280 / (1600 / 900)
    expect(fit.repeat).toEqual([1, expect.closeTo(expected, 10)])
    expect(fit.offset[0]).toBe(0)
    expect(mapV(fit, 0) + mapV(fit, 1)).toBeCloseTo(1, 10)
  })

  it('crops top and bottom when a 4:3 video fills a 16:9 view', () => {
    const fit = coverFit(640, 480, 1920, 1080)
    expect(fit.repeat[0]).toBe(1)
    expect(fit.repeat[1]).toBeCloseTo(0.75, 10)
    expect(fit.offset[1]).toBeCloseTo(0.125, 10)
  })

  it('crops a portrait video in a narrower portrait view on the sides', () => {
    const fit = coverFit(720, 1280, 390, 844)
    expect(fit.repeat[1]).toBe(1)
    expect(fit.repeat[0]).toBeLessThan(1)
    expect(fit.repeat[0]).toBeCloseTo(390 / 844 / (720 / 1280), 10)
  })

  it('never stretches: the visible texture window has the view aspect', () => {
    for (const [vw, vh, w, h] of [
      [1280, 720, 390, 844],
      [640, 480, 1024, 768],
      [720, 1280, 1366, 768],
      [1920, 1080, 800, 800],
    ] as const) {
      const fit = coverFit(vw, vh, w, h)
      const windowAspect = (Math.abs(fit.repeat[0]) * vw) / (fit.repeat[1] * vh)
      expect(windowAspect).toBeCloseTo(w / h, 8)
      expect(Math.abs(fit.repeat[0])).toBeLessThanOrEqual(1)
      expect(fit.repeat[1]).toBeLessThanOrEqual(1)
    }
  })

  it('mirrors with a negative repeat.x and keeps the same crop window', () => {
    const plain = coverFit(1280, 720, 720, 1280, false)
    const mirrored = coverFit(1280, 720, 720, 1280, true)
    expect(mirrored.repeat[0]).toBeCloseTo(-plain.repeat[0], 10)
    expect(mirrored.repeat[1]).toBe(plain.repeat[1])
    // screen left edge shows what was the right edge of the crop, and vice versa
    expect(mapU(mirrored, 0)).toBeCloseTo(mapU(plain, 1), 10)
    expect(mapU(mirrored, 1)).toBeCloseTo(mapU(plain, 0), 10)
    expect(mirrored.offset[1]).toBe(plain.offset[1])
  })

  it('mirrors an uncropped video as u → 1 - u', () => {
    const fit = coverFit(1280, 720, 1280, 720, true)
    expect(fit).toEqual({ repeat: [-1, 1], offset: [1, 0] })
  })

  it('returns the identity while the video size is unknown', () => {
    expect(coverFit(0, 0, 390, 844)).toEqual({ repeat: [1, 1], offset: [0, 0] })
    expect(coverFit(1280, 720, 0, 0)).toEqual({ repeat: [1, 1], offset: [0, 0] })
    expect(coverFit(0, 0, 390, 844, true)).toEqual({ repeat: [-1, 1], offset: [1, 0] })
  })
})

describe('visibleRect', () => {
  it('is the middle of a landscape camera behind a portrait page', () => {
    const rect = visibleRect(1280, 720, 390, 844)!
    expect(rect.height).toBe(720)
    expect(rect.y).toBe(0)
    expect(rect.width).toBeCloseTo((720 * 390) / 844, 6)
    expect(rect.x + rect.width / 2).toBeCloseTo(640, 6)
  })
  it('is the middle band of a portrait camera behind a landscape page', () => {
    const rect = visibleRect(720, 1280, 1280, 720)!
    expect(rect).toMatchObject({ x: 0, width: 720 })
    expect(rect.height).toBeCloseTo((720 * 720) / 1280, 6)
    expect(rect.y + rect.height / 2).toBeCloseTo(640, 6)
  })
  it("is the whole frame when the page has the camera's aspect, and null while a size is unknown", () => {
    expect(visibleRect(1280, 720, 640, 360)).toEqual({ x: 0, y: 0, width: 1280, height: 720 })
    expect(visibleRect(0, 0, 390, 844)).toBeNull()
    expect(visibleRect(1280, 720, 0, 844)).toBeNull()
  })
})

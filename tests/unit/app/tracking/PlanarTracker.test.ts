/**
 * The tracker on real pixels: a sample print rendered into 480×360 frames at known corners
 * (tests/helpers/printFrames.ts), with noise, defocus, a lighting ramp and a hand over it.
 */
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { PlanarTracker } from '../../../../src/tracking/PlanarTracker'
import { ReferenceTarget } from '../../../../src/tracking/ReferenceTarget'
import {
  cornersAt,
  loadRgb,
  makeBackground,
  renderPrint,
  toGrey,
  type Corners,
  type RgbImage,
  type RenderOptions,
} from '../../../helpers/printFrames'

const TARGETS = resolve(import.meta.dirname, '../../../../assets/targets')

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** Worst corner's distance from the truth, as a share of the print's diagonal. */
function cornerError(got: [number, number][], truth: Corners): number {
  const diagonal = Math.hypot(truth[2][0] - truth[0][0], truth[2][1] - truth[0][1])
  return Math.max(...got.map(([x, y], i) => Math.hypot(x - truth[i]![0], y - truth[i]![1]))) / diagonal
}

let print: RgbImage
let background: RgbImage
let reference: ReferenceTarget

beforeAll(async () => {
  print = await loadRgb(resolve(TARGETS, 'tea-box.png'))
  background = await makeBackground(480, 360, resolve(TARGETS, 'booth-wall.png'))
  reference = new ReferenceTarget(toGrey(print))
})

function frame(corners: Corners, options: RenderOptions = {}) {
  return toGrey(renderPrint(print, background, corners, { noise: 2, blur: 0.6, ...options }))
}

describe('PlanarTracker', () => {
  it('finds the print from its image alone and follows a smooth move within 1 % of its diagonal', () => {
    const tracker = new PlanarTracker(reference, { random: seeded(1) })
    const errors: number[] = []
    for (let f = 0; f < 24; f++) {
      const truth = cornersAt(
        print,
        240 + 50 * Math.sin(f / 6),
        180 + 15 * Math.cos(f / 5),
        200 + 30 * Math.sin(f / 9),
        12 * Math.sin(f / 8),
        30 * Math.sin(f / 7),
      )
      const step = tracker.process(frame(truth, { seed: f }))
      expect(step.mode, `frame ${f}`).toBe('tracking')
      expect(step.method).toBe(f === 0 ? 'detect' : 'flow')
      errors.push(cornerError(step.corners!, truth))
    }
    errors.sort((a, b) => a - b)
    expect(errors[errors.length >> 1]).toBeLessThan(0.01)
    expect(errors[errors.length - 1]).toBeLessThan(0.03)
  })

  it('keeps the print through a lighting ramp, defocus and a hand over 30 % of it', () => {
    const tracker = new PlanarTracker(reference, { random: seeded(2) })
    const truth = cornersAt(print, 250, 175, 230, -8, 20)
    const conditions: RenderOptions[] = [
      {},
      { gain: 0.55 },
      { gain: 0.45, noise: 5 },
      { gain: 1.35 },
      { blur: 1.8 },
      { motionBlur: 6 },
      { occlusion: 0.3 },
      { occlusion: 0.3, gain: 0.7 },
    ]
    for (const [i, options] of conditions.entries()) {
      const step = tracker.process(frame(truth, { seed: 40 + i, ...options }))
      expect(step.mode, JSON.stringify(options)).toBe('tracking')
      expect(cornerError(step.corners!, truth), JSON.stringify(options)).toBeLessThan(0.02)
    }
  })

  it('loses the print when it leaves the view and re-locks when it returns', () => {
    const tracker = new PlanarTracker(reference, { random: seeded(3) })
    const truth = cornersAt(print, 240, 180, 220, 5, 10)
    expect(tracker.process(frame(truth)).mode).toBe('tracking')
    const empty = toGrey(renderPrint(print, background, cornersAt(print, 2000, 180, 220), { noise: 2 }))
    expect(tracker.process(empty).mode).toBe('lost')
    expect(tracker.process(empty).corners).toBeNull()
    // Back somewhere else, turned: the last pose does not fit, detection finds it again.
    const moved = cornersAt(print, 190, 200, 180, -20, -15)
    const back = tracker.process(frame(moved, { seed: 9 }))
    expect(back.mode).toBe('tracking')
    expect(cornerError(back.corners!, moved)).toBeLessThan(0.01)
  })

  it('does not lock onto a different print', async () => {
    const other = await loadRgb(resolve(TARGETS, 'neon-concert.png'))
    const tracker = new PlanarTracker(reference, { random: seeded(4) })
    for (let f = 0; f < 4; f++) {
      const corners = cornersAt(other, 240, 180, 260, f * 5, 10)
      const step = tracker.process(toGrey(renderPrint(other, background, corners, { noise: 2, seed: f })))
      expect(step.mode).toBe('lost')
    }
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import {
  changedFraction,
  DEFAULT_THRESHOLDS,
  FrameGate,
  MISS_MEMORY,
  measureFrame,
  smoothThumbnail,
  type Thumbnail,
} from '../../../../src/camera/frameGate'
import { lumaThumbnail, thumbnailSize } from '../../../../src/camera/lumaThumbnail'
import { makeGateScenes, type GateScenes } from './gateScenes'

let scenes: GateScenes

beforeAll(async () => {
  scenes = await makeGateScenes()
})

function smoothed(t: Thumbnail): Uint8Array {
  const out = new Uint8Array(t.data.length)
  smoothThumbnail(t, out, new Uint16Array(t.data.length))
  return out
}

describe('thumbnails', () => {
  it('thumbnailSize keeps the aspect with the long side at 96 px, portrait too', () => {
    expect(thumbnailSize(1280, 720, 96)).toEqual({ width: 96, height: 54 })
    expect(thumbnailSize(720, 1280, 96)).toEqual({ width: 54, height: 96 })
    expect(thumbnailSize(0, 720, 96)).toBeNull()
  })

  it('lumaThumbnail averages factor × factor blocks of BT.601 luma', () => {
    // 2 × 1 thumbnail from a 4 × 2 RGBA image: a white block and a block of pure red/green/blue/black.
    const white = [255, 255, 255, 255]
    const rgba = Uint8Array.from([...white, ...white, 255, 0, 0, 255, 0, 255, 0, 255, ...white, ...white, 0, 0, 255, 255, 0, 0, 0, 255])
    const out = new Uint8Array(2)
    lumaThumbnail(rgba, 2, 1, 2, out)
    expect(out[0]).toBe(255) // (77 + 150 + 29) · 255 >> 8
    expect(out[1]).toBe(63) // (76 + 149 + 28 + 0) / 4, rounded
  })
})

describe('FrameGate on generated camera frames', () => {
  it('sends a sharp, well-lit target photo, with metrics well inside the thresholds', () => {
    const metrics = measureFrame(scenes.target[0]!)
    expect(metrics.meanLuma).toBeGreaterThan(2 * DEFAULT_THRESHOLDS.minMeanLuma)
    expect(metrics.contrast).toBeGreaterThan(4 * DEFAULT_THRESHOLDS.minContrast)
    expect(metrics.sharpness).toBeGreaterThan(1.4 * DEFAULT_THRESHOLDS.minSharpness)
    expect(new FrameGate().assess(scenes.target[0]!)).toEqual({ send: true, settled: false })
  })

  it('skips a strongly blurred frame as blurry', () => {
    expect(new FrameGate().assess(scenes.blurred)).toEqual({ send: false, reason: 'blurry' })
  })

  it('skips a dark frame as dark, and a blank wall as flat', () => {
    expect(new FrameGate().assess(scenes.dark)).toEqual({ send: false, reason: 'dark' })
    expect(new FrameGate().assess(scenes.wall)).toEqual({ send: false, reason: 'flat' })
  })

  it('skips the same view after a miss, through hand shake, until the view changes', () => {
    const gate = new FrameGate()
    const [first, ...shakes] = scenes.clutter
    expect(gate.assess(first!).send).toBe(true)
    gate.noteSent()
    gate.noteResult('miss')
    for (const frame of [first!, ...shakes]) expect(gate.assess(frame)).toEqual({ send: false, reason: 'unchanged' })
    expect(gate.assess(scenes.target[0]!).send).toBe(true)
  })

  it(`remembers the last ${MISS_MEMORY} missed views: a phone swaying between positions is not re-sent`, () => {
    const gate = new FrameGate()
    const views = scenes.pan.slice(0, MISS_MEMORY + 1)
    for (const view of views.slice(0, MISS_MEMORY)) {
      expect(gate.assess(view).send).toBe(true)
      gate.noteSent()
      gate.noteResult('miss')
    }
    // Every remembered view is skipped, not only the latest…
    for (const view of views.slice(0, MISS_MEMORY)) expect(gate.assess(view)).toEqual({ send: false, reason: 'unchanged' })
    // …a new one is sent, and once it missed too, the oldest is forgotten.
    expect(gate.assess(views[MISS_MEMORY]!).send).toBe(true)
    gate.noteSent()
    gate.noteResult('miss')
    expect(gate.assess(views[0]!).send).toBe(true)
    expect(gate.assess(views[MISS_MEMORY]!)).toEqual({ send: false, reason: 'unchanged' })
  })

  it('only a miss makes the view skippable: after a hit or an error the same view is sent', () => {
    const gate = new FrameGate()
    gate.assess(scenes.clutter[0]!)
    gate.noteSent()
    gate.noteResult('other')
    expect(gate.assess(scenes.clutter[1]!).send).toBe(true)
  })

  it('a view that changed and then settled is sent at once (settled), only once', () => {
    const gate = new FrameGate()
    gate.assess(scenes.clutter[0]!)
    gate.noteSent()
    gate.noteResult('miss')
    expect(gate.assess(scenes.clutter[1]!)).toEqual({ send: false, reason: 'unchanged' })
    // The view changes: new, but still moving (it differs from the frame before).
    expect(gate.assess(scenes.target[0]!)).toEqual({ send: true, settled: false })
    // The next look sees the same new view (shaken a little): it has settled.
    expect(gate.assess(scenes.target[1]!)).toEqual({ send: true, settled: true })
    gate.noteSent()
    gate.noteResult('miss')
    expect(gate.assess(scenes.target[2]!)).toEqual({ send: false, reason: 'unchanged' })
  })

  it('blurry frames while moving end in a settled send as soon as the view is sharp', () => {
    const gate = new FrameGate()
    gate.assess(scenes.clutter[0]!)
    gate.noteSent()
    gate.noteResult('miss')
    expect(gate.assess(scenes.blurred).reason).toBe('blurry')
    // Blurred and sharp shots of the same view are one view to the gate: it is already at rest.
    expect(gate.assess(scenes.target[3]!)).toEqual({ send: true, settled: true })
  })

  it('hand shake changes under 1.5 % of the pixels; another view changes far more', () => {
    const a = smoothed(scenes.clutter[0]!)
    const { width, height } = scenes.clutter[0]!
    for (const shake of scenes.clutter.slice(1)) {
      expect(changedFraction(a, smoothed(shake), width, height, DEFAULT_THRESHOLDS.changedLevel)).toBeLessThanOrEqual(
        DEFAULT_THRESHOLDS.maxSameFraction,
      )
    }
    expect(changedFraction(a, smoothed(scenes.target[0]!), width, height, DEFAULT_THRESHOLDS.changedLevel)).toBeGreaterThan(
      10 * DEFAULT_THRESHOLDS.maxSameFraction,
    )
  })

  it('reset() forgets the last miss; a new frame size starts over', () => {
    const gate = new FrameGate()
    gate.assess(scenes.clutter[0]!)
    gate.noteSent()
    gate.noteResult('miss')
    gate.reset()
    expect(gate.assess(scenes.clutter[0]!).send).toBe(true)
    gate.noteSent()
    gate.noteResult('miss')
    const portrait: Thumbnail = { data: scenes.clutter[0]!.data.slice(0, 54 * 96), width: 54, height: 96 }
    expect(gate.assess(portrait).send).toBe(true)
  })
})

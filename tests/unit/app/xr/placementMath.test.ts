import { describe, expect, it } from 'vitest'
import { DEFAULT_PRINT_WIDTH_M, placedWidthM, targetWidthM } from '../../../../src/xr/realScale'
import { pinchTwist, TwoFingerGesture, type GestureChange } from '../../../../src/xr/twoFingerGesture'

describe('real scale', () => {
  it('reads the CRS target size (cm, a string) as metres', () => {
    expect(targetWidthM('20')).toBeCloseTo(0.2)
    expect(targetWidthM(' 29.7 ')).toBeCloseTo(0.297)
    expect(targetWidthM(50)).toBeCloseTo(0.5)
  })
  it('ignores absent, unreadable and absurd sizes', () => {
    for (const bad of [undefined, null, '', 'abc', '-5', '0', '0.5', '1e3', '99999', {}]) expect(targetWidthM(bad)).toBeNull()
  })
  it('the placed width is the print width times meta scale, A4-ish without a size', () => {
    expect(placedWidthM(0.2, 1)).toBeCloseTo(0.2)
    expect(placedWidthM(0.2, 0.5)).toBeCloseTo(0.1)
    expect(placedWidthM(null, 2)).toBeCloseTo(2 * DEFAULT_PRINT_WIDTH_M)
    expect(placedWidthM(null, Number.NaN)).toBeCloseTo(DEFAULT_PRINT_WIDTH_M)
  })
})

describe('pinch and twist', () => {
  const a = { x: 100, y: 100 }
  const b = { x: 200, y: 100 }
  it('spreading the fingers to twice the distance scales by 2', () => {
    const c = pinchTwist(
      [a, b],
      [
        { x: 50, y: 100 },
        { x: 250, y: 100 },
      ],
    )
    expect(c.scale).toBeCloseTo(2)
    expect(c.rotation).toBeCloseTo(0)
  })
  it('turning the finger line a quarter clockwise (screen y down) is +π/2', () => {
    const c = pinchTwist(
      [a, b],
      [
        { x: 150, y: 50 },
        { x: 150, y: 150 },
      ],
    )
    expect(c.scale).toBeCloseTo(1)
    expect(c.rotation).toBeCloseTo(Math.PI / 2)
  })
  it('takes the short way round across ±180°', () => {
    const start = [
      { x: 0, y: 0 },
      { x: -100, y: 1 },
    ] as const
    const now = [
      { x: 0, y: 0 },
      { x: -100, y: -1 },
    ] as const
    expect(Math.abs(pinchTwist(start, now).rotation)).toBeLessThan(0.1)
  })
  it('coincident fingers do not divide by zero', () => {
    expect(pinchTwist([a, a], [a, b]).scale).toBe(1)
  })

  it('the gesture reports changes relative to its start and pairs its listeners', () => {
    const target = new EventTarget()
    const changes: GestureChange[] = []
    const active: boolean[] = []
    const gesture = new TwoFingerGesture({ target, onActive: (on) => active.push(on), onChange: (c) => changes.push(c) })
    const touch = (type: string, points: Array<[number, number]>) => {
      const event = new Event(type) as Event & { touches: unknown }
      event.touches = points.map(([clientX, clientY]) => ({ clientX, clientY }))
      target.dispatchEvent(event)
    }
    gesture.start()
    gesture.start() // idempotent: no double listeners
    touch('touchstart', [[0, 0]])
    touch('touchstart', [
      [0, 0],
      [100, 0],
    ])
    touch('touchmove', [
      [0, 0],
      [300, 0],
    ])
    touch('touchend', [[0, 0]])
    expect(active).toEqual([true, false])
    expect(changes).toHaveLength(1)
    expect(changes[0]!.scale).toBeCloseTo(3)
    gesture.dispose()
    touch('touchstart', [
      [0, 0],
      [100, 0],
    ])
    expect(active).toEqual([true, false])
  })
})

import { describe, expect, it } from 'vitest'
import { CORNER_FILTER, OneEuroFilter } from '../../../../src/tracking/OneEuroFilter'

function noise(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) >>> 0
    return s / 4294967296 - 0.5
  }
}

function rms(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
}

describe('OneEuroFilter', () => {
  it('passes the first sample through', () => {
    const filter = new OneEuroFilter()
    expect([...filter.filter([0.3, 0.4], 0)]).toEqual([0.3, 0.4])
  })

  it('cuts still-scene jitter (0.2 px at 640 px) by more than 1.8× at 30 fps', () => {
    const filter = new OneEuroFilter(CORNER_FILTER)
    const random = noise(3)
    const raw: number[] = []
    const out: number[] = []
    for (let f = 0; f < 300; f++) {
      const v = 0.5 + random() * 0.0006
      raw.push(v)
      out.push(filter.filter([v], f / 30)[0]!)
    }
    expect(rms(out.slice(30))).toBeLessThan(rms(raw.slice(30)) / 1.8)
  })

  it('follows a steady move with little lag', () => {
    const filter = new OneEuroFilter(CORNER_FILTER)
    let last = 0
    for (let f = 0; f < 60; f++) last = filter.filter([0.3 * (f / 30)], f / 30)[0]!
    const truth = 0.3 * (59 / 30)
    // 0.3 frame-widths per second; lag under 1 % of the frame after the filter settles.
    expect(truth - last).toBeGreaterThan(0)
    expect(truth - last).toBeLessThan(0.01)
  })

  it('keeps a vector coherent: one cutoff for every component', () => {
    const filter = new OneEuroFilter()
    filter.filter([0, 0], 0)
    const out = filter.filter([1, 0.001], 1 / 30)
    // The fast component opens the filter for the slow one too.
    expect(out[0]! / 1).toBeCloseTo(out[1]! / 0.001, 6)
  })

  it('restarts on reset and when time does not advance', () => {
    const filter = new OneEuroFilter()
    filter.filter([0], 0)
    filter.reset()
    expect(filter.filter([5], 1)[0]).toBe(5)
  })
})

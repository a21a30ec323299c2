/**
 * The capture → search loop with smart capture on, driven by a real FrameGate over thumbnails of
 * generated camera frames (tests/unit/app/camera/gateScenes.ts), with fake timers.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { FrameGate, type Thumbnail } from '../../../../src/camera/frameGate'
import { MIN_SEARCH_INTERVAL_MS } from '../../../../src/protocol/statusCodes'
import type { SearchResult } from '../../../../src/recognition/CrsClient'
import { RecognitionController, SMART_REFRESH_MS, type CaptureGate } from '../../../../src/recognition/RecognitionController'
import { makeGateScenes, type GateScenes } from '../camera/gateScenes'
import { FakeVisibility } from './FakeVisibility'

const metrics = { attempts: 1, tokenRefreshed: false, payloadBytes: 1000 }
const MISS: SearchResult = { kind: 'miss', httpStatus: 404, statusCode: 17, roundTripMs: 0, ...metrics }
const HIT: SearchResult = { kind: 'hit', target: { targetId: 't1', name: 'Poster', meta: 'META' }, roundTripMs: 0, ...metrics }
const LATENCY_MS = 120

let scenes: GateScenes

beforeAll(async () => {
  scenes = await makeGateScenes()
})
beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  vi.useRealTimers()
})

/** What the camera sees at time t: a name (for the fake recognizer) and the frame's thumbnail. */
type View = (t: number) => { name: 'clutter' | 'target' | 'other'; thumbnail: Thumbnail }

/** A hand-held camera on one view: the shake frame changes every 33 ms. */
const shaking =
  (name: 'clutter' | 'target', frames: () => Thumbnail[]): View =>
  (t) => {
    const all = frames()
    return { name, thumbnail: all[Math.floor(t / 33) % all.length]! }
  }

/** SmartCapture without the DOM: the real FrameGate judges the current view's thumbnail. */
class SceneGate implements CaptureGate {
  enabled = true
  checks = 0
  readonly #gate = new FrameGate()
  constructor(public view: View) {}
  assess() {
    this.checks++
    return this.#gate.assess(this.view(Date.now()).thumbnail)
  }
  noteSent() {
    this.#gate.noteSent()
  }
  noteResult(kind: 'miss' | 'other') {
    this.#gate.noteResult(kind)
  }
  reset() {
    this.#gate.reset()
  }
}

function setup(view: View, intervalMs = 1000) {
  const gate = new SceneGate(view)
  const visibility = new FakeVisibility()
  const state = { inFlight: 0, maxInFlight: 0, starts: [] as number[], seen: [] as string[] }
  const search = vi.fn(async () => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    state.starts.push(Date.now())
    // The recognizer answers about the frame that was sent (captured as the request left).
    const seen = gate.view(Date.now()).name
    state.seen.push(seen)
    await new Promise((r) => setTimeout(r, LATENCY_MS))
    state.inFlight--
    return { ...(seen === 'target' ? HIT : MISS), roundTripMs: LATENCY_MS }
  })
  const controller = new RecognitionController({
    client: { search },
    capture: async () => ({ image: 'QUJD', bytes: 3, width: 640, height: 360 }),
    gate,
    config: { intervalMs },
    visibility,
    now: () => Date.now(),
    random: () => 0.5,
  })
  return { controller, gate, visibility, state, search }
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!)

describe('RecognitionController with smart capture', () => {
  it('a static view with no target: at most 12 requests a simulated minute (a fixed loop sends 60)', async () => {
    const { controller, state } = setup(shaking('clutter', () => scenes.clutter))
    controller.start()
    await vi.advanceTimersByTimeAsync(60_000)
    const t = controller.telemetry
    expect(state.starts.length).toBeLessThanOrEqual(12)
    expect(state.starts.length).toBeGreaterThanOrEqual(5) // refreshed now and then, in case the gate is wrong
    expect(Math.min(...gaps(state.starts))).toBeGreaterThanOrEqual(SMART_REFRESH_MS)
    // Skipped checks are neither requests, misses nor errors.
    expect(t.requestsSent).toBe(state.starts.length)
    expect(t.misses).toBe(state.starts.length)
    expect(t.errors).toBe(0)
    expect(t.skipped.unchanged).toBeGreaterThan(100)
    expect(controller.status).toBe('scanning')
    controller.dispose()
  })

  it('switched off (enabled = false) it is the fixed-rate loop again', async () => {
    const { controller, gate, state } = setup(shaking('clutter', () => scenes.clutter))
    gate.enabled = false
    controller.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.starts.length).toBeGreaterThanOrEqual(60)
    expect(gate.checks).toBe(0)
    expect(controller.telemetry.lastCheckMs).toBeNull()
    controller.dispose()
  })

  it('a target coming into view is sent as soon as the view settles, sooner than the next interval', async () => {
    let appearAt = Infinity
    const clutter = shaking('clutter', () => scenes.clutter)
    const target = shaking('target', () => scenes.target)
    const { controller, state } = setup((t) => (t < appearAt ? clutter(t) : target(t)))
    const hits: number[] = []
    controller.on('hit', () => hits.push(Date.now()))
    controller.start()
    while (state.starts.length < 3) await vi.advanceTimersByTimeAsync(10)
    // The target comes into view just after a request left: a fixed 1 s loop would send it
    // about 950 ms later.
    appearAt = Date.now() + 50
    await vi.advanceTimersByTimeAsync(5000)
    expect(hits).toHaveLength(1)
    const sentAt = state.starts[state.seen.indexOf('target')]!
    // Two looks 250 ms apart (one sees the change, the next sees it at rest), never sooner than
    // 300 ms after the previous request.
    expect(sentAt - appearAt).toBeLessThanOrEqual(600)
    expect(controller.telemetry.settledSends).toBe(1)
    expect(Math.min(...gaps(state.starts))).toBeGreaterThanOrEqual(MIN_SEARCH_INTERVAL_MS)
    expect(state.maxInFlight).toBe(1)
    expect(controller.status).toBe('recognized')
    controller.dispose()
  })

  it('a view that keeps changing is sent at the interval, never faster', async () => {
    // Every look sees another view than the one before (the camera pans along a wall), so
    // nothing ever settles, and no view comes back while it is still remembered as a miss.
    const { controller, state } = setup((t) => ({ name: 'other', thumbnail: scenes.pan[Math.floor(t / 250) % scenes.pan.length]! }))
    controller.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(state.starts.length).toBeGreaterThanOrEqual(5)
    expect(state.starts.length).toBeLessThanOrEqual(11)
    expect(Math.min(...gaps(state.starts))).toBeGreaterThanOrEqual(1000)
    expect(controller.telemetry.settledSends).toBe(0)
    controller.dispose()
  })

  it('dark frames are never sent: zero requests, no misses, no errors, still scanning', async () => {
    const { controller, state } = setup(() => ({ name: 'other', thumbnail: scenes.dark }))
    controller.start()
    await vi.advanceTimersByTimeAsync(30_000)
    const t = controller.telemetry
    expect(state.starts).toEqual([])
    expect(t.skipped.dark).toBeGreaterThan(100)
    expect(t.misses + t.errors + t.requestsSent).toBe(0)
    expect(controller.status).toBe('scanning')
    controller.dispose()
  })

  it('a camera the gate always finds blurry still gets a request every 6 s, in case the gate is wrong', async () => {
    const { controller, state } = setup(() => ({ name: 'other', thumbnail: scenes.blurred }))
    controller.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.starts.length).toBeGreaterThanOrEqual(8)
    expect(state.starts.length).toBeLessThanOrEqual(10)
    expect(controller.telemetry.skipped.blurry).toBeGreaterThan(100)
    controller.dispose()
  })

  it('zero requests and zero checks while the page is hidden', async () => {
    const { controller, gate, visibility, state } = setup(shaking('clutter', () => scenes.clutter))
    controller.start()
    await vi.advanceTimersByTimeAsync(2000)
    visibility.set(true)
    const [requests, checks] = [state.starts.length, gate.checks]
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.starts.length).toBe(requests)
    expect(gate.checks).toBe(checks)
    expect(controller.status).toBe('paused')
    gate.view = shaking('target', () => scenes.target)
    visibility.set(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(controller.status).toBe('recognized')
    controller.dispose()
  })
})

/**
 * The page side of tracking with a scripted worker: the state machine (off → starting →
 * tracking ⇄ lost), one frame in flight, stale answers dropped, the start timeout, worker
 * failures, and the snapshot `printAR.tracking()` returns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TrackingController } from '../../../../src/tracking/TrackingController'
import type { Corners, FromWorker, ToWorker } from '../../../../src/tracking/workerProtocol'

const CORNERS: Corners = [
  [0.2, 0.2],
  [0.8, 0.2],
  [0.8, 0.7],
  [0.2, 0.7],
]

class FakeWorker {
  readonly sent: ToWorker[] = []
  readonly listeners = new Map<string, ((event: unknown) => void)[]>()
  terminated = false
  postMessage(message: ToWorker): void {
    this.sent.push(message)
  }
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  removeEventListener(): void {}
  terminate(): void {
    this.terminated = true
  }
  answer(message: FromWorker): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data: message })
  }
  fail(): void {
    for (const listener of this.listeners.get('error') ?? []) listener({ message: 'boom', preventDefault() {} })
  }
  frames(): Extract<ToWorker, { type: 'frame' }>[] {
    return this.sent.filter((m): m is Extract<ToWorker, { type: 'frame' }> => m.type === 'frame')
  }
}

/** A video whose frames the test presents one at a time. */
class FakeVideo {
  videoWidth = 640
  videoHeight = 360
  currentTime = 0
  #callbacks: ((now: number, meta: { presentedFrames: number }) => void)[] = []
  #presented = 0
  requestVideoFrameCallback(callback: (now: number, meta: { presentedFrames: number }) => void): number {
    this.#callbacks.push(callback)
    return this.#callbacks.length
  }
  cancelVideoFrameCallback(): void {
    this.#callbacks = []
  }
  present(): void {
    const callbacks = this.#callbacks
    this.#callbacks = []
    this.#presented++
    for (const callback of callbacks) callback(performance.now(), { presentedFrames: this.#presented })
  }
}

let worker: FakeWorker
let video: FakeVideo
let controller: TrackingController

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** Presents a frame and lets the bitmap promise settle; returns the frame message sent (if any). */
async function presentFrame(): Promise<Extract<ToWorker, { type: 'frame' }> | undefined> {
  const before = worker.frames().length
  video.present()
  await flush()
  return worker.frames()[before]
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  vi.stubGlobal('createImageBitmap', async () => ({ close: vi.fn(), width: 480, height: 270 }))
  worker = new FakeWorker()
  video = new FakeVideo()
  controller = new TrackingController({
    video: video as unknown as HTMLVideoElement,
    handOff: 'bitmap',
    createWorker: () => worker as unknown as Worker,
  })
})

afterEach(() => {
  controller.dispose()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('TrackingController', () => {
  it('is off until it follows a print, then starting, then tracking with corners and fps', async () => {
    expect(controller.snapshot()).toEqual({ state: 'off', targetId: null, corners: null, fps: 0 })
    const states: string[] = []
    controller.on('state', ({ state }) => states.push(state))
    controller.follow('t-1', new Blob(['jpeg']))
    expect(worker.sent[0]).toMatchObject({ type: 'target', generation: 1 })
    expect(controller.state).toBe('starting')
    const frame = (await presentFrame())!
    expect(frame).toMatchObject({ type: 'frame', generation: 1 })
    worker.answer({
      type: 'result',
      generation: 1,
      seq: frame.seq,
      mode: 'tracking',
      corners: CORNERS,
      method: 'detect',
      inliers: 40,
      ms: 9,
      tag: -1,
    })
    const snapshot = controller.snapshot()
    expect(snapshot.state).toBe('tracking')
    expect(snapshot.targetId).toBe('t-1')
    expect(snapshot.fps).toBe(1)
    snapshot.corners!.forEach((c, i) => {
      expect(c[0]).toBeCloseTo(CORNERS[i]![0], 9)
      expect(c[1]).toBeCloseTo(CORNERS[i]![1], 9)
    })
    expect(states).toEqual(['starting', 'tracking'])
    expect(controller.stats().lockMs).not.toBeNull()
  })

  it('keeps one frame in flight: frames presented meanwhile are not sent', async () => {
    controller.follow('t-1', new Blob(['jpeg']))
    const first = (await presentFrame())!
    expect(await presentFrame()).toBeUndefined()
    expect(await presentFrame()).toBeUndefined()
    worker.answer({ type: 'skipped', generation: 1, seq: first.seq })
    expect(await presentFrame()).toBeDefined()
  })

  it('goes lost when the worker stops finding the print, and back to tracking', async () => {
    controller.follow('t-1', new Blob(['jpeg']))
    const answer = async (mode: 'tracking' | 'lost') => {
      const frame = (await presentFrame())!
      worker.answer({
        type: 'result',
        generation: 1,
        seq: frame.seq,
        mode,
        corners: mode === 'tracking' ? CORNERS : null,
        method: mode === 'tracking' ? 'flow' : 'detect',
        inliers: 30,
        ms: 5,
        tag: -1,
      })
    }
    await answer('tracking')
    await answer('lost')
    expect(controller.snapshot()).toMatchObject({ state: 'lost', corners: null })
    expect(controller.cornersAt(performance.now())).toBeNull()
    await answer('tracking')
    expect(controller.state).toBe('tracking')
  })

  it('drops answers about a print it no longer follows', async () => {
    controller.follow('t-1', new Blob(['jpeg']))
    const frame = (await presentFrame())!
    controller.follow('t-2', new Blob(['jpeg']))
    worker.answer({
      type: 'result',
      generation: 1,
      seq: frame.seq,
      mode: 'tracking',
      corners: CORNERS,
      method: 'flow',
      inliers: 30,
      ms: 5,
      tag: -1,
    })
    expect(controller.snapshot()).toMatchObject({ state: 'starting', targetId: 't-2', corners: null })
  })

  it('says lost when the print is not found within the start timeout', () => {
    controller.follow('t-1', new Blob(['jpeg']))
    vi.advanceTimersByTime(2400)
    expect(controller.state).toBe('starting')
    vi.advanceTimersByTime(200)
    expect(controller.state).toBe('lost')
  })

  it('clear() is off, and a failed worker leaves the followed print lost, not stuck', async () => {
    controller.follow('t-1', new Blob(['jpeg']))
    worker.fail()
    expect(worker.terminated).toBe(true)
    expect(controller.state).toBe('lost')
    controller.clear()
    expect(controller.snapshot()).toEqual({ state: 'off', targetId: null, corners: null, fps: 0 })
  })

  it('an unreadable print image ends in lost', () => {
    controller.follow('t-1', new Blob(['not an image']))
    worker.answer({ type: 'failed', generation: 1, message: 'decode failed' })
    expect(controller.state).toBe('lost')
  })

  it('terminates its worker on dispose and sends nothing after', async () => {
    controller.follow('t-1', new Blob(['jpeg']))
    controller.dispose()
    expect(worker.terminated).toBe(true)
    const sent = worker.sent.length
    video.present()
    await flush()
    expect(worker.sent.length).toBe(sent)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SearchResult } from '../../../../src/recognition/CrsClient'
import { BACKOFF_CAP_MS, RecognitionController, THROTTLE_BASE_MS, backoffDelay } from '../../../../src/recognition/RecognitionController'
import type { RecognitionStatus } from '../../../../src/core/status'
import { FakeVisibility } from './FakeVisibility'

const metrics = { roundTripMs: 42, payloadBytes: 1000, attempts: 1, tokenRefreshed: false }
const MISS: SearchResult = { kind: 'miss', httpStatus: 404, statusCode: 17, ...metrics }
const HIT: SearchResult = { kind: 'hit', target: { targetId: 't1', name: 'Poster', meta: 'META' }, ...metrics }
const FAIL: SearchResult = { kind: 'retryable', reason: 'HTTP 502', httpStatus: 502, ...metrics }
const THROTTLED: SearchResult = { kind: 'throttled', reason: '21', scope: 'qps', statusCode: 21, ...metrics }
const OUT_OF_QUOTA: SearchResult = { kind: 'throttled', reason: '21', scope: 'quota', statusCode: 21, httpStatus: 402, ...metrics }

/** A search client whose answers the test hands out, with an optional latency. */
function fakeClient(script: (n: number) => SearchResult, latencyMs = 0) {
  const state = { inFlight: 0, maxInFlight: 0, startTimes: [] as number[], signals: [] as AbortSignal[] }
  const search = vi.fn(async (_image: string, signal?: AbortSignal) => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    state.startTimes.push(Date.now())
    state.signals.push(signal!)
    const n = state.startTimes.length
    try {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
      const result = script(n)
      // Like CrsClient: the round trip is the time the request itself took.
      return result.kind === 'aborted' ? result : { ...result, roundTripMs: latencyMs }
    } finally {
      state.inFlight--
    }
  })
  return { search, state }
}

const frame = { image: 'QUJD', bytes: 3, width: 640, height: 480 }

function setup(script: (n: number) => SearchResult, options: { latencyMs?: number; intervalMs?: number; random?: number } = {}) {
  const client = fakeClient(script, options.latencyMs)
  const visibility = new FakeVisibility()
  const config = { intervalMs: options.intervalMs ?? 1000 }
  const controller = new RecognitionController({
    client,
    capture: async () => frame,
    config,
    visibility,
    now: () => Date.now(),
    random: () => options.random ?? 0.5,
  })
  const statuses: RecognitionStatus[] = []
  controller.on('status', (e) => statuses.push(e.status))
  const errors: string[] = []
  controller.on('error', (e) => errors.push(e.detail.type))
  return { controller, client, visibility, config, statuses, errors }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('RecognitionController', () => {
  it('searches at once, then once per interval while missing', async () => {
    const { controller, client, statuses } = setup(() => MISS)
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.search).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(client.search).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(client.search).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(3000)
    expect(client.state.startTimes).toEqual([0, 1000, 2000, 3000, 4000])
    expect(statuses.slice(0, 3)).toEqual(['scanning', 'searching', 'scanning'])
    controller.dispose()
  })

  it('start() is idempotent', async () => {
    const { controller, client, visibility } = setup(() => MISS)
    controller.start()
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.search).toHaveBeenCalledTimes(1)
    expect(visibility.listeners.size).toBe(1)
    controller.stop()
    expect(visibility.listeners.size).toBe(0)
  })

  it('reads the interval live (debug panel) and clamps it to 300 ms', async () => {
    const { controller, client, config } = setup(() => MISS)
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    config.intervalMs = 50
    await vi.advanceTimersByTimeAsync(1000) // the tick already scheduled keeps its 1000 ms
    await vi.advanceTimersByTimeAsync(900)
    expect(client.state.startTimes).toEqual([0, 1000, 1300, 1600, 1900])
    controller.dispose()
  })

  it('paces by when a request left, so a slow first cycle (token fetch) does not pull the next one closer', async () => {
    const sent: number[] = []
    const client = {
      // The first search spends 400 ms fetching a token before its request leaves; each request takes 100 ms.
      search: vi.fn(async () => {
        if (client.search.mock.calls.length === 1) await new Promise((r) => setTimeout(r, 400))
        sent.push(Date.now())
        await new Promise((r) => setTimeout(r, 100))
        return { ...MISS, roundTripMs: 100 }
      }),
    }
    const controller = new RecognitionController({
      client,
      capture: async () => frame,
      config: { intervalMs: 1000 },
      visibility: new FakeVisibility(),
      now: () => Date.now(),
      random: () => 0.5,
    })
    controller.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(sent.length).toBeGreaterThanOrEqual(4)
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(1000)
    controller.dispose()
  })

  it('keeps ONE request in flight when the server is slower than the interval', async () => {
    const { controller, client } = setup(() => MISS, { latencyMs: 2500 })
    controller.start()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(client.state.maxInFlight).toBe(1)
    const starts = client.state.startTimes
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(2500)
    expect(controller.telemetry.inFlight).toBe(true)
    controller.dispose()
  })

  it('backs off exponentially with jitter on errors, then recovers by itself', async () => {
    let n = 0
    const { controller, client, statuses, errors } = setup(() => (++n <= 4 ? FAIL : MISS))
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.status).toBe('backoff')
    // random() = 0.5 → no jitter: 1 s, 2 s, 4 s, 8 s
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 8000)
    expect(client.state.startTimes).toEqual([0, 1000, 3000, 7000, 15000])
    expect(controller.status).toBe('scanning')
    expect(errors).toEqual(['search-failed', 'search-failed', 'search-failed', 'search-failed'])
    expect(statuses).toContain('backoff')
    expect(controller.telemetry).toMatchObject({ errors: 4, misses: 1, consecutiveErrors: 0 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.state.startTimes.at(-1)).toBe(16000)
    controller.dispose()
  })

  it('jitter stays within ±20% and the cap holds', () => {
    for (const attempt of [1, 2, 3, 4, 5]) {
      const raw = 1000 * 2 ** (attempt - 1)
      expect(backoffDelay(attempt, 1000, BACKOFF_CAP_MS, 0)).toBe(raw * 0.8)
      expect(backoffDelay(attempt, 1000, BACKOFF_CAP_MS, 0.999999)).toBeLessThanOrEqual(raw * 1.2)
      expect(backoffDelay(attempt, 1000, BACKOFF_CAP_MS, 0.999999)).toBeGreaterThan(raw * 1.19)
    }
    expect(backoffDelay(20, 1000, BACKOFF_CAP_MS, 0.999)).toBe(BACKOFF_CAP_MS)
    expect(backoffDelay(20, 1000, BACKOFF_CAP_MS, 0)).toBe(BACKOFF_CAP_MS * 0.8)
  })

  it('uses the jittered delay from random()', async () => {
    const { controller, client } = setup(() => FAIL, { random: 0 })
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(799)
    expect(client.search).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(client.search).toHaveBeenCalledTimes(2)
    controller.dispose()
  })

  it('waits longer when throttled', async () => {
    let n = 0
    const { controller, client, errors } = setup(() => (++n === 1 ? THROTTLED : MISS))
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.status).toBe('throttled')
    await vi.advanceTimersByTimeAsync(THROTTLE_BASE_MS - 1)
    expect(client.search).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(client.search).toHaveBeenCalledTimes(2)
    expect(errors).toEqual(['throttled'])
    expect(controller.telemetry.throttled).toBe(1)
    controller.dispose()
  })

  // The daily quota (HTTP 402 + 21) used to be treated like a QPS refusal: "the service is busy"
  // and a retry every minute, all day long.
  it('stops after a daily-quota refusal and sends nothing more until a rescan', async () => {
    let n = 0
    const { controller, client, errors } = setup(() => (++n === 1 ? OUT_OF_QUOTA : MISS))
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.status).toBe('quota-exhausted')
    await vi.advanceTimersByTimeAsync(6 * 3600_000)
    expect(client.search).toHaveBeenCalledTimes(1)
    expect(errors).toEqual(['throttled'])
    expect(controller.telemetry.throttled).toBe(1)
    // A tap on "Scan again" tries once more (the quota may have been raised).
    controller.rescan()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.search).toHaveBeenCalledTimes(2)
    expect(controller.status).toBe('scanning')
    controller.dispose()
  })

  it('pauses while the page is hidden (zero requests) and resumes on return', async () => {
    const { controller, client, visibility } = setup(() => MISS)
    controller.start()
    await vi.advanceTimersByTimeAsync(500)
    visibility.set(true)
    expect(controller.status).toBe('paused')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(client.search).toHaveBeenCalledTimes(1)
    visibility.set(false)
    // The wait had 500 ms left when the page was hidden.
    await vi.advanceTimersByTimeAsync(499)
    expect(client.search).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(client.search).toHaveBeenCalledTimes(2)
    controller.dispose()
  })

  it('hiding the page aborts the request in flight and drops its answer', async () => {
    const { controller, client, visibility } = setup(() => HIT, { latencyMs: 300 })
    const hits = vi.fn()
    controller.on('hit', hits)
    controller.start()
    await vi.advanceTimersByTimeAsync(100)
    visibility.set(true)
    expect(client.state.signals[0]!.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(hits).not.toHaveBeenCalled()
    expect(controller.status).toBe('paused')
    visibility.set(false)
    await vi.advanceTimersByTimeAsync(300)
    expect(hits).toHaveBeenCalledTimes(1)
    controller.dispose()
  })

  it('starting while hidden waits for the page to show', async () => {
    const { controller, client, visibility } = setup(() => MISS)
    visibility.hidden = true
    controller.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(controller.status).toBe('paused')
    expect(client.search).not.toHaveBeenCalled()
    visibility.set(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(client.search).toHaveBeenCalledTimes(1)
    controller.dispose()
  })

  it('stops on a hit, emits {target, meta}, and rescan() resumes', async () => {
    let n = 0
    const { controller, client, statuses } = setup(() => (++n === 2 ? HIT : MISS))
    const hits: unknown[] = []
    controller.on('hit', (e) => hits.push({ target: e.target, meta: e.meta }))
    controller.start()
    await vi.advanceTimersByTimeAsync(1000)
    expect(controller.status).toBe('recognized')
    expect(hits).toEqual([{ target: HIT.kind === 'hit' && HIT.target, meta: 'META' }])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(client.search).toHaveBeenCalledTimes(2)
    controller.markShowing()
    expect(controller.status).toBe('showing')
    controller.rescan()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.search).toHaveBeenCalledTimes(3)
    expect(statuses).toEqual([
      'scanning',
      'searching',
      'scanning',
      'searching',
      'recognized',
      'showing',
      'scanning',
      'searching',
      'scanning',
    ])
    controller.dispose()
  })

  it('drops a stale answer after stop()', async () => {
    const { controller, client } = setup(() => HIT, { latencyMs: 500 })
    const hits = vi.fn()
    controller.on('hit', hits)
    controller.start()
    await vi.advanceTimersByTimeAsync(100)
    controller.stop()
    expect(client.state.signals[0]!.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(5000)
    expect(hits).not.toHaveBeenCalled()
    expect(controller.status).toBe('idle')
    expect(client.search).toHaveBeenCalledTimes(1)
  })

  it('drops a stale answer from an older cycle after rescan()', async () => {
    let n = 0
    const { controller, client } = setup(() => (++n === 1 ? HIT : MISS), { latencyMs: 500 })
    const hits = vi.fn()
    controller.on('hit', hits)
    controller.start()
    await vi.advanceTimersByTimeAsync(100)
    controller.rescan() // a newer cycle starts while the first is in flight
    await vi.advanceTimersByTimeAsync(450)
    expect(hits).not.toHaveBeenCalled() // the first (HIT) answer landed at 500 ms and was dropped
    await vi.advanceTimersByTimeAsync(100)
    expect(controller.status).toBe('scanning')
    expect(client.state.signals[0]!.aborted).toBe(true)
    controller.dispose()
  })

  it('stops with a clear message on a config error', async () => {
    const { controller, client } = setup(() => ({
      kind: 'config-error',
      reason: 'statusCode 1: invalid appId (HTTP 400)',
      statusCode: 1,
      httpStatus: 400,
      ...metrics,
    }))
    const details: unknown[] = []
    controller.on('error', (e) => details.push(e.detail))
    controller.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(controller.status).toBe('config-error')
    expect(controller.statusMessage).toContain('invalid appId')
    expect(details).toEqual([
      { type: 'config', message: 'statusCode 1: invalid appId (HTTP 400)', fatal: true, statusCode: 1, httpStatus: 400 },
    ])
    expect(client.search).toHaveBeenCalledTimes(1)
    controller.dispose()
  })

  it('a bad frame (422/427) keeps the normal pace, and backs off only when it repeats', async () => {
    const { controller, client, errors } = setup(() => ({ kind: 'bad-frame', reason: '427', statusCode: 427, ...metrics }))
    controller.start()
    await vi.advanceTimersByTimeAsync(2000)
    expect(client.state.startTimes).toEqual([0, 1000, 2000])
    expect(errors).toEqual(['bad-frame', 'bad-frame', 'bad-frame'])
    expect(controller.status).toBe('backoff')
    controller.dispose()
  })

  it('repeated token rejections end as a config error', async () => {
    const { controller } = setup(() => ({ kind: 'token-invalid', reason: 'statusCode 6', statusCode: 6, ...metrics, tokenRefreshed: true }))
    controller.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(controller.status).toBe('config-error')
    expect(controller.statusMessage).toContain('token')
    controller.dispose()
  })

  it('skips a tick without a camera frame (not an error)', async () => {
    const client = fakeClient(() => MISS)
    let ready = false
    const controller = new RecognitionController({
      client,
      capture: async () => (ready ? frame : null),
      config: { intervalMs: 1000 },
      visibility: new FakeVisibility(),
      now: () => Date.now(),
    })
    controller.start()
    await vi.advanceTimersByTimeAsync(2500)
    expect(client.search).not.toHaveBeenCalled()
    expect(controller.telemetry.errors).toBe(0)
    ready = true
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.search).toHaveBeenCalledTimes(1)
    controller.dispose()
  })

  it('a throwing capture backs off with a capture-failed error', async () => {
    const client = fakeClient(() => MISS)
    const controller = new RecognitionController({
      client,
      capture: async () => Promise.reject(new Error('canvas tainted')),
      config: { intervalMs: 1000 },
      visibility: new FakeVisibility(),
      now: () => Date.now(),
    })
    const errors: string[] = []
    controller.on('error', (e) => errors.push(`${e.detail.type}: ${e.detail.message}`))
    controller.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.status).toBe('backoff')
    expect(errors[0]).toContain('capture-failed: capture failed: canvas tainted')
    controller.dispose()
  })

  it('reports telemetry: requests, hits, misses, errors, round trip, payload, in-flight', async () => {
    let n = 0
    const { controller } = setup(() => [MISS, FAIL, HIT][n++]!, { latencyMs: 10 })
    const seen: boolean[] = []
    controller.on('telemetry', (e) => seen.push(e.telemetry.inFlight))
    controller.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(controller.telemetry).toMatchObject({
      requestsSent: 3,
      hits: 1,
      misses: 1,
      errors: 1,
      lastRoundTripMs: 10, // the fake reports its latency as the round trip
      lastPayloadBytes: 1000,
      lastFrame: { width: 640, height: 480, bytes: 3 },
      inFlight: false,
    })
    expect(seen).toContain(true)
  })

  it('dispose() removes listeners and makes start() a no-op', async () => {
    const { controller, client, visibility } = setup(() => MISS)
    controller.start()
    controller.dispose()
    controller.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(client.search).not.toHaveBeenCalled()
    expect(visibility.listeners.size).toBe(0)
  })
})

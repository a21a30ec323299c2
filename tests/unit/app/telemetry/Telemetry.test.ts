import { describe, expect, it } from 'vitest'
import { Emitter } from '../../../../src/core/Emitter'
import type { RecognitionEventMap, RecognitionTelemetry } from '../../../../src/recognition/RecognitionController'
import { Telemetry } from '../../../../src/telemetry/Telemetry'

class FakeRecognition extends Emitter<RecognitionEventMap> {
  say<K extends keyof RecognitionEventMap>(type: K, payload: RecognitionEventMap[K]): void {
    this.emit(type, payload)
  }
}

const counters = (patch: Partial<RecognitionTelemetry>): RecognitionTelemetry => ({
  requestsSent: 0,
  skipped: { dark: 0, flat: 0, blurry: 0, unchanged: 0 },
  settledSends: 0,
  lastCheckMs: null,
  hits: 0,
  misses: 0,
  errors: 0,
  throttled: 0,
  lastRoundTripMs: null,
  lastPayloadBytes: null,
  lastFrame: null,
  inFlight: false,
  consecutiveErrors: 0,
  nextDelayMs: null,
  ...patch,
})

describe('Telemetry', () => {
  it('starts at zero, in the key order printAR.telemetry() always had', () => {
    expect(Object.keys(new Telemetry().snapshot(0))).toEqual([
      'lastRoundTripMs',
      'lastPayloadBytes',
      'requests',
      'hits',
      'misses',
      'errors',
      'skipped',
      'settledSends',
      'lastCheckMs',
      'fps',
      'recognition',
    ])
  })

  it('copies the loop’s counters, rounds the round trip, and keeps the last known figures while none are new', () => {
    const telemetry = new Telemetry()
    const loop = new FakeRecognition()
    telemetry.watch(loop)
    loop.say('status', { status: 'searching', message: '' })
    loop.say('telemetry', {
      telemetry: counters({
        requestsSent: 3,
        hits: 1,
        misses: 2,
        lastRoundTripMs: 123.6,
        lastPayloadBytes: 40_000,
        lastCheckMs: 1.25,
        skipped: { dark: 1, flat: 0, blurry: 2, unchanged: 3 },
        settledSends: 1,
      }),
    })
    loop.say('telemetry', { telemetry: counters({ requestsSent: 4, hits: 1, misses: 3 }) })
    expect(telemetry.snapshot(29.96)).toEqual({
      lastRoundTripMs: 124,
      lastPayloadBytes: 40_000,
      requests: 4,
      hits: 1,
      misses: 3,
      errors: 0,
      skipped: { dark: 0, flat: 0, blurry: 0, unchanged: 0 },
      settledSends: 0,
      lastCheckMs: 1.25,
      fps: 30,
      recognition: 'searching',
    })
  })

  it('counts photo searches, and stops following a loop when told', () => {
    const telemetry = new Telemetry()
    const loop = new FakeRecognition()
    const stop = telemetry.watch(loop)
    telemetry.countPhotoSearch('hit')
    telemetry.countPhotoSearch('miss')
    telemetry.countPhotoSearch('retryable')
    loop.say('error', { detail: { type: 'search-failed', message: 'x', fatal: false } })
    stop()
    loop.say('status', { status: 'scanning', message: '' })
    expect(telemetry.snapshot(0)).toMatchObject({ requests: 3, hits: 1, misses: 1, errors: 1, recognition: 'idle' })
  })
})

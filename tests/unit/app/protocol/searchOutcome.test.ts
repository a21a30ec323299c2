import { describe, expect, it } from 'vitest'
import { classifySearchResponse } from '../../../../src/protocol/searchOutcome'

const envelope = (statusCode: number, result: unknown = { message: 'x' }) => ({ statusCode, result, timestamp: 1 })

describe('classifySearchResponse', () => {
  it('a hit needs result.target.targetId', () => {
    const hit = classifySearchResponse(200, envelope(0, { target: { targetId: 't1', name: 'Poster' } }))
    expect(hit).toMatchObject({ kind: 'hit', target: { targetId: 't1' }, statusCode: 0, httpStatus: 200 })
    expect(classifySearchResponse(200, envelope(0, {})).kind).toBe('retryable')
  })

  it.each([
    [404, 17, 'miss'],
    [500, 18, 'retryable'],
    [408, 19, 'retryable'],
    [500, 20, 'retryable'],
    [501, 30, 'retryable'],
    [200, 21, 'throttled'],
    [402, 21, 'throttled'],
    [401, 6, 'token-invalid'],
    [200, 4001024, 'token-invalid'],
    [400, 4001018, 'token-invalid'],
    [400, 1, 'config-error'],
    [400, 2, 'config-error'],
    [400, 3, 'config-error'],
    [400, 4, 'config-error'],
    [400, 5, 'config-error'],
    [400, 414, 'config-error'],
    [200, 4001011, 'config-error'],
    [200, 4001012, 'config-error'],
    [200, 4001015, 'config-error'],
    [200, 4001017, 'config-error'],
    [422, 422, 'bad-frame'],
    [400, 427, 'bad-frame'],
    [415, 415, 'config-error'],
    [405, 405, 'config-error'],
  ])('HTTP %i + statusCode %i → %s', (http, code, kind) => {
    expect(classifySearchResponse(http, envelope(code)).kind).toBe(kind)
  })

  it('tells QPS from the daily quota', () => {
    expect(classifySearchResponse(200, envelope(21))).toMatchObject({ scope: 'qps' })
    expect(classifySearchResponse(402, envelope(21))).toMatchObject({ scope: 'quota' })
  })

  it.each([
    [502, 'retryable'],
    [503, 'retryable'],
    [200, 'retryable'],
    [408, 'retryable'],
    [401, 'token-invalid'],
    [403, 'token-invalid'],
    [402, 'throttled'],
    [429, 'throttled'],
    [413, 'bad-frame'],
    [404, 'config-error'],
    [400, 'config-error'],
  ])('a non-JSON body with HTTP %i → %s', (http, kind) => {
    expect(classifySearchResponse(http, undefined).kind).toBe(kind)
  })

  it('an unknown business code falls back to the HTTP status, and the reason carries the message', () => {
    const outcome = classifySearchResponse(503, envelope(999, { message: 'odd' }))
    expect(outcome).toMatchObject({ kind: 'retryable', statusCode: 999 })
    expect('reason' in outcome && outcome.reason).toContain('odd')
  })
})

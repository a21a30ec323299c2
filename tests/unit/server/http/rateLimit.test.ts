/**
 * Regressions found by the reliability suite (`npm run test:reliability`), pinned here so the
 * fast unit run keeps them fixed: the per-client token bucket.
 */
import { describe, expect, it } from 'vitest'
import { TokenBucketLimiter } from '../../../../server/src/http/rateLimit.ts'
import { NOW, TestClock } from '../support/httpFixtures.ts'

describe('the QPS token bucket', () => {
  it('does not lock a client out when the wall clock steps back', () => {
    const clock = new TestClock()
    const limiter = new TokenBucketLimiter(2, clock)
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false])
    clock.t = NOW + 1_000
    expect(limiter.take('a')).toBe(true)
    clock.t = NOW - 300_000 // NTP correction: five minutes back
    clock.t += 1_000
    expect(limiter.take('a')).toBe(true)
  })
})

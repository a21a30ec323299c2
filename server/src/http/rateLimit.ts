/**
 * @module
 * Per-client token buckets. Over the limit, CRS answers HTTP 200 with statusCode 21
 * "Exceed your QPS limitation." (HELP-SEARCH OUT_OF_QPS), which `qpsLimit` reproduces.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import type { Clock } from '../core/Clock.ts'
import { CrsError } from '../core/CrsError.ts'

/** Bound on remembered clients, so a flood of spoofed addresses cannot grow memory. */
const MAX_CLIENTS = 10_000

export class TokenBucketLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  /**
   * @param ratePerS refill rate; also the burst size (a full bucket holds one second's worth)
   */
  constructor(
    readonly ratePerS: number,
    readonly clock: Clock,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.clock.now()
    const capacity = Math.max(1, this.ratePerS)
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now }
    // Wall clocks step back (NTP): a negative refill would lock the client out for as long.
    const elapsedMs = Math.max(0, now - bucket.at)
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsedMs / 1000) * this.ratePerS)
    bucket.at = now
    // Re-insert so Map order is least-recently-used first.
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
    if (this.#buckets.size > MAX_CLIENTS) {
      const oldest = this.#buckets.keys().next().value
      if (oldest !== undefined) this.#buckets.delete(oldest)
    }
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}

export function qpsLimit(limiter: TokenBucketLimiter, clientKey: (c: Context) => string): MiddlewareHandler {
  return async function qpsLimit(c, next) {
    if (!limiter.take(clientKey(c))) throw new CrsError(StatusCode.OUT_OF_LIMIT)
    await next()
  }
}

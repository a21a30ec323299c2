/**
 * @module
 * Where every layer reads "now" (envelopes, token expiry, signature windows, rate limits); tests
 * inject a fixed clock. It lives below `http`, `auth` and `token` so none of them imports another
 * just for the time.
 */

export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

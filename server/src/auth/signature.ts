/**
 * @module
 * EasyAR's API-key signature: sort params by key, concatenate `key + value`, append the API
 * secret, SHA-256, lowercase hex. Used for signature auth on every API and for the EasyAR STS.
 * @see docs/crs-protocol.md §2.3 (its source: NODE-SDK auth.js genSign)
 */
import { createHash, timingSafeEqual } from 'node:crypto'

export type SignableValue = string | number | boolean

/** The string that gets hashed (exported for docs and tests). */
export function signingString(params: Record<string, SignableValue>, secret: string): string {
  const keys = Object.keys(params)
    .filter((key) => key !== 'signature')
    .sort()
  return keys.map((key) => key + String(params[key])).join('') + secret
}

/** Lowercase hex SHA-256 signature of `params` (any `signature` key is ignored). */
export function signParams(params: Record<string, SignableValue>, secret: string): string {
  return createHash('sha256').update(signingString(params, secret), 'utf8').digest('hex')
}

/** Adds `timestamp` (ms) and `signature` to `params`, as EasyAR's SDKs do. */
export function signRequest<T extends Record<string, SignableValue>>(
  params: T,
  secret: string,
  now = Date.now(),
): T & { timestamp: number; signature: string } {
  const withTime = { ...params, timestamp: now }
  return { ...withTime, signature: signParams(withTime, secret) }
}

/**
 * Constant-time string equality: both sides are hashed first, so the comparison runs on two
 * equal-length digests and leaks neither content nor length.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest()
  const db = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(da, db)
}

/**
 * Classifies a CRS `POST /search` answer (HTTP status + parsed body) into one outcome.
 * DOM-free and pure: the client uses it, tests pin it, the local server can check itself.
 *
 * Decisions (docs/crs-protocol.md §1.4, §1.5, §6, §7), business `statusCode` first, HTTP second:
 *
 * | statusCode                                  | outcome        | why |
 * |---------------------------------------------|----------------|-----|
 * | 0 with `result.target.targetId`             | hit            | |
 * | 0 without a target                          | retryable      | malformed answer |
 * | 17                                          | miss           | HTTP 404 + 17 is the normal "nothing found" |
 * | 18, 19, 20, 30                              | retryable      | server-side hiccups |
 * | 21                                          | throttled      | HTTP 402 = daily quota, 200 = QPS |
 * | 6, 4001018, 4001019, 4001024                | token-invalid  | bad/expired token → refresh once |
 * | 1–5, 7, 8, 414, 4001011/12/15/17/22         | config-error   | wrong appId/key/URL/request: retrying never helps |
 * | 422, 427                                    | bad-frame      | THIS frame is too large / not an image; the next may be fine |
 * | 4001025 (token generate fail)               | retryable      | |
 * | anything else                               | by HTTP status | |
 *
 * | HTTP (no known statusCode / non-JSON body) | outcome |
 * |--------------------------------------------|---------|
 * | 401, 403                                   | token-invalid |
 * | 402, 429                                   | throttled |
 * | 413                                        | bad-frame |
 * | 400, 404, 405, 415                         | config-error (wrong endpoint or request shape) |
 * | 408, 5xx, 2xx non-JSON, other              | retryable |
 */
import type { CrsTarget } from './types'

export type SearchOutcomeKind = 'hit' | 'miss' | 'retryable' | 'throttled' | 'token-invalid' | 'config-error' | 'bad-frame' | 'aborted'

interface Codes {
  /** HTTP status of the answer; absent for network errors / timeouts / aborts. */
  httpStatus?: number
  /** Business `statusCode` when the body had one. */
  statusCode?: number
}

export type SearchOutcome =
  | ({ kind: 'hit'; target: CrsTarget } & Codes)
  | ({ kind: 'miss' } & Codes)
  | ({ kind: 'retryable'; reason: string } & Codes)
  | ({ kind: 'throttled'; reason: string; scope: 'qps' | 'quota' } & Codes)
  | ({ kind: 'token-invalid'; reason: string } & Codes)
  | ({ kind: 'config-error'; reason: string } & Codes)
  | ({ kind: 'bad-frame'; reason: string } & Codes)
  | { kind: 'aborted' }

const RETRYABLE_CODES = new Set([18, 19, 20, 30, 4001025])
const TOKEN_CODES = new Set([6, 4001018, 4001019, 4001024])
const CONFIG_CODES = new Set([1, 2, 3, 4, 5, 7, 8, 414, 4001011, 4001012, 4001015, 4001017, 4001022])
const BAD_FRAME_CODES = new Set([422, 427])

/** Parses a response body text; `undefined` when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * @param httpStatus HTTP status of the response
 * @param body the parsed JSON body, or `undefined` when the body was not JSON
 */
export function classifySearchResponse(httpStatus: number, body: unknown): SearchOutcome {
  const envelope = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined
  const statusCode = typeof envelope?.statusCode === 'number' ? envelope.statusCode : undefined
  const codes: Codes = statusCode === undefined ? { httpStatus } : { httpStatus, statusCode }
  if (statusCode !== undefined) {
    const message = messageOf(envelope?.result) ?? messageOf(envelope) ?? ''
    const reason = `statusCode ${statusCode}${message ? `: ${message}` : ''} (HTTP ${httpStatus})`
    if (statusCode === 0) {
      const target = targetOf(envelope?.result)
      if (target) return { kind: 'hit', target, ...codes }
      return { kind: 'retryable', reason: `statusCode 0 without result.target.targetId (HTTP ${httpStatus})`, ...codes }
    }
    if (statusCode === 17) return { kind: 'miss', ...codes }
    if (statusCode === 21) return { kind: 'throttled', reason, scope: httpStatus === 402 ? 'quota' : 'qps', ...codes }
    if (TOKEN_CODES.has(statusCode)) return { kind: 'token-invalid', reason, ...codes }
    if (CONFIG_CODES.has(statusCode)) return { kind: 'config-error', reason, ...codes }
    if (BAD_FRAME_CODES.has(statusCode)) return { kind: 'bad-frame', reason, ...codes }
    if (RETRYABLE_CODES.has(statusCode)) return { kind: 'retryable', reason, ...codes }
    // Unknown business code: fall through to the HTTP status.
    return byHttpStatus(httpStatus, reason, codes)
  }
  const what = body === undefined ? 'non-JSON body' : 'JSON body without a numeric statusCode'
  return byHttpStatus(httpStatus, `HTTP ${httpStatus} with a ${what}`, codes)
}

function byHttpStatus(httpStatus: number, reason: string, codes: Codes): SearchOutcome {
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'token-invalid', reason, ...codes }
  if (httpStatus === 402) return { kind: 'throttled', reason, scope: 'quota', ...codes }
  if (httpStatus === 429) return { kind: 'throttled', reason, scope: 'qps', ...codes }
  if (httpStatus === 413) return { kind: 'bad-frame', reason, ...codes }
  if (httpStatus === 404 || httpStatus === 405) {
    return { kind: 'config-error', reason: `${reason}: is clientEndUrl right? (no search endpoint there)`, ...codes }
  }
  if (httpStatus === 400 || httpStatus === 415) return { kind: 'config-error', reason, ...codes }
  return { kind: 'retryable', reason, ...codes }
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record.message === 'string') return record.message
    if (typeof record.msg === 'string') return record.msg
  }
  return undefined
}

function targetOf(result: unknown): CrsTarget | undefined {
  if (typeof result !== 'object' || result === null) return undefined
  const target = (result as Record<string, unknown>).target
  if (typeof target !== 'object' || target === null) return undefined
  const id = (target as Record<string, unknown>).targetId
  return typeof id === 'string' && id !== '' ? (target as CrsTarget) : undefined
}

/**
 * @module
 * The pass rule for one answer of the CRS server, with the status codes read from
 * server/README.md's table, so the suite checks the documented contract rather than a copy of it.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * statusCode → the HTTP statuses it may travel with, from the "Status codes" table of
 * server/README.md (one row each: 6 is 401 for a bad token and 403 for a visitor token on the
 * target API).
 */
export function documentedStatusCodes(readme = resolve(import.meta.dirname, '../../../server/README.md')): Map<number, Set<number>> {
  const text = readFileSync(readme, 'utf8')
  const table = text.slice(text.indexOf('## Status codes'), text.indexOf('\n## ', text.indexOf('## Status codes') + 1))
  const codes = new Map<number, Set<number>>()
  for (const match of table.matchAll(/^\|\s*(\d+)\s*\|\s*\**(\d+)\**\s*\|/gm)) {
    const statusCode = Number(match[1])
    codes.set(statusCode, (codes.get(statusCode) ?? new Set()).add(Number(match[2])))
  }
  if (codes.size < 10) throw new Error(`server/README.md: expected the status code table, found ${codes.size} rows`)
  return codes
}

const DOCUMENTED = documentedStatusCodes()

/**
 * Codes that are documented but still count as failures under hostile input: 30 is "an unexpected
 * error", 417 means the store itself failed. Neither may be reachable by a request's content.
 */
const NEVER_FOR_INPUT = new Set([30, 417])

export interface Answer {
  status: number
  contentType: string | null
  body: Buffer
}

export type Verdict = { ok: true; statusCode: number | 'preflight' | 'head' } | { ok: false; reason: string }

/** True when `date` is exactly `timestamp` in ISO form, as the envelope promises. */
function consistentTime(date: unknown, timestamp: unknown): boolean {
  return (
    typeof date === 'string' && typeof timestamp === 'number' && Number.isFinite(timestamp) && new Date(timestamp).toISOString() === date
  )
}

/** Pass: no 5xx, a JSON envelope with a documented statusCode travelling with its documented HTTP status. */
export function judge(method: string, answer: Answer): Verdict {
  const { status } = answer
  if (status >= 500) return { ok: false, reason: `HTTP ${status}: ${answer.body.toString('utf8', 0, 300)}` }
  // A preflight is a bodiless 204; an OPTIONS the adapter could not read still gets an envelope.
  if (method === 'OPTIONS' && status === 204) {
    return answer.body.length === 0 ? { ok: true, statusCode: 'preflight' } : { ok: false, reason: 'preflight with a body' }
  }
  if (method === 'HEAD') {
    // No body by definition; the status must still be one the table documents.
    return [...DOCUMENTED.values()].some((statuses) => statuses.has(status))
      ? { ok: true, statusCode: 'head' }
      : { ok: false, reason: `HEAD answered ${status}` }
  }
  if (!answer.contentType?.toLowerCase().startsWith('application/json')) {
    return { ok: false, reason: `HTTP ${status} with Content-Type ${answer.contentType}: ${answer.body.toString('utf8', 0, 200)}` }
  }
  let body: unknown
  try {
    body = JSON.parse(answer.body.toString('utf8'))
  } catch {
    return { ok: false, reason: `HTTP ${status}, body is not JSON: ${answer.body.toString('utf8', 0, 200)}` }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body is not an object' }
  const envelope = body as Record<string, unknown>
  const keys = Object.keys(envelope).sort().join(',')
  if (keys !== 'date,result,statusCode,timestamp') return { ok: false, reason: `envelope keys ${keys}` }
  const { statusCode, result, date, timestamp } = envelope
  if (typeof statusCode !== 'number') return { ok: false, reason: `statusCode ${String(statusCode)}` }
  const http = DOCUMENTED.get(statusCode)
  if (http === undefined) return { ok: false, reason: `statusCode ${statusCode} is not in server/README.md` }
  if (!http.has(status))
    return { ok: false, reason: `statusCode ${statusCode} travelled with HTTP ${status}, documented ${[...http].join(' or ')}` }
  if (NEVER_FOR_INPUT.has(statusCode)) return { ok: false, reason: `statusCode ${statusCode}: ${JSON.stringify(result).slice(0, 300)}` }
  if (result === null || typeof result !== 'object') return { ok: false, reason: 'result is not an object' }
  if (statusCode !== 0 && typeof (result as { message?: unknown }).message !== 'string')
    return { ok: false, reason: 'error without result.message' }
  if (!consistentTime(date, timestamp)) return { ok: false, reason: `date ${String(date)} / timestamp ${String(timestamp)}` }
  return { ok: true, statusCode }
}

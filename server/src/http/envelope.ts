/**
 * @module
 * The CRS envelope `{statusCode, result, date, timestamp}` every answer of the local server uses.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { CrsEnvelope, CrsErrorResult } from '../../../src/protocol/types.ts'
import type { Clock } from '../core/Clock.ts'

export function envelope<R>(statusCode: number, result: R, now: number): Required<CrsEnvelope<R>> {
  return { statusCode, result, date: new Date(now).toISOString(), timestamp: now }
}

export function sendOk<R>(c: Context, clock: Clock, result: R): Response {
  return c.json(envelope(0, result, clock.now()), 200)
}

export function sendError(
  c: Context,
  clock: Clock,
  statusCode: number,
  message: string,
  httpStatus: ContentfulStatusCode,
  headers: Record<string, string> = {},
): Response {
  const body = envelope<CrsErrorResult>(statusCode, { message }, clock.now())
  return c.json(body, httpStatus, headers)
}

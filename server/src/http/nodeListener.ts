/**
 * @module
 * The Hono app on a Node HTTP server, with CRS envelopes for the two kinds of requests that never
 * reach it: those Node's HTTP parser refuses (no Host, bad framing, headers over 16 KB) and those
 * @hono/node-server cannot turn into a `Request` (a backslash in the path, `OPTIONS *`). Both used
 * to get a bare `400` with no body, the only answers of this server that were not envelopes.
 */
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { RequestError, getRequestListener } from '@hono/node-server'
import type { Hono } from 'hono'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import { type Clock, systemClock } from '../core/Clock.ts'
import { httpStatusFor } from '../core/CrsError.ts'
import { envelope } from './envelope.ts'

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout' }

export interface ListenerOptions {
  /** Host assumed when a request has none (HTTP/1.0). */
  hostname?: string
  clock?: Clock
}

/** `getRequestListener(app.fetch)`, answering requests the adapter cannot read with a 400 envelope. */
export function crsRequestListener(app: Hono, options: ListenerOptions = {}) {
  const clock = options.clock ?? systemClock
  return getRequestListener(app.fetch, {
    ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
    errorHandler(error) {
      // The app answers its own errors (onError); only the adapter's RequestError lands here.
      const bad = error instanceof RequestError
      const statusCode = bad ? StatusCode.BAD_REQUEST : StatusCode.OTHER_ERROR
      const message = `${bad ? 'Bad request' : 'Other error occur'}: ${error instanceof Error ? error.message : String(error)}`
      return Response.json(envelope(statusCode, { message }, clock.now()), { status: httpStatusFor(statusCode) })
    },
  })
}

/** Replaces Node's bare `400 Bad Request` for unparsable HTTP with the CRS envelope. */
export function answerClientErrors(server: Server, clock: Clock = systemClock): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Same conditions as Node's default handler: nobody to answer, or an answer already under way.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy()
      return
    }
    const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    const statusCode = timeout ? StatusCode.TIMEOUT : StatusCode.BAD_REQUEST
    const message = timeout ? 'Request timeout.' : `Bad request: malformed HTTP (${error.code ?? error.message})`
    const body = JSON.stringify(envelope(statusCode, { message }, clock.now()))
    const status = httpStatusFor(statusCode)
    const head = `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close`
    // Closed once written, even if the client never closes its side.
    socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy())
  })
}

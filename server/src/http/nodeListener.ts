/**
 * @module
 * The Hono app on a Node HTTP server, with CRS envelopes for the two kinds of requests that never
 * reach it: those Node's HTTP parser refuses (no Host, bad framing, headers over 16 KB) and those
 * @hono/node-server cannot turn into a `Request` (a backslash in the path, `OPTIONS *`). Both used
 * to get a bare `400` with no body, the only answers of this server that were not envelopes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { RequestError, getRequestListener } from '@hono/node-server'
import type { Hono } from 'hono'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import { type Clock, systemClock } from '../core/Clock.ts'
import { httpStatusFor } from '../core/CrsError.ts'
import { envelope } from './envelope.ts'

const REASONS: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 417: 'Expectation Failed' }

/** An envelope written straight to a socket, which is then closed (no HTTP exchange follows). */
function endWithEnvelope(socket: Duplex, status: number, statusCode: number, message: string, clock: Clock, extraHead = ''): void {
  const body = JSON.stringify(envelope(statusCode, { message }, clock.now()))
  const head = `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHead}Connection: close`
  // Closed once written, even if the client never closes its side.
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy())
}

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

/**
 * Replaces Node's own answers with CRS envelopes: the bare `400 Bad Request` for unparsable HTTP,
 * the silence after `CONNECT`, and the bare `417` for an unsupported `Expect`.
 */
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
    endWithEnvelope(socket, httpStatusFor(statusCode), statusCode, message, clock)
  })
  // CONNECT never reaches a request listener: without a 'connect' handler Node just drops the
  // socket, so the client waited for an answer that never came.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    endWithEnvelope(
      socket,
      405,
      StatusCode.METHOD_NOT_ALLOWED,
      `Method not allowed: CONNECT ${request.url ?? ''} (this server is not a proxy)`,
      clock,
      'Allow: GET, POST, PUT, DELETE, OPTIONS\r\n',
    )
  })
  // An Expect other than 100-continue: Node's default is a bare 417 with no body.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(
      envelope(
        StatusCode.BAD_REQUEST,
        { message: `Expectation failed: only "Expect: 100-continue" is supported, not "${String(request.headers.expect).slice(0, 100)}"` },
        clock.now(),
      ),
    )
    response.writeHead(417, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' })
    response.end(body)
  })
}

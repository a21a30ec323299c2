/**
 * @module
 * HTTP/1.1 over a bare TCP socket. `fetch` normalises what an attacker would not: it resolves
 * `..` and `%2e%2e`, merges duplicate headers and always frames the body. This client sends the
 * bytes as written, one request per connection (`Connection: close`), and reads the answer to EOF.
 */
import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

export interface RawRequest {
  method: string
  /** Request-target exactly as sent (not normalised, not encoded). */
  target: string
  headers: ReadonlyArray<readonly [string, string]>
  body?: Buffer
  /** Send the body with chunked framing instead of Content-Length. */
  chunked?: boolean
}

/** Serialises a request; values go out as latin1 bytes, which is what HTTP/1.1 headers are. */
export function serialize(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close']
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
  const body = request.body
  if (body !== undefined && request.chunked) lines.push('Transfer-Encoding: chunked')
  else if (body !== undefined) lines.push(`Content-Length: ${body.length}`)
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  if (body === undefined) return head
  if (!request.chunked) return Buffer.concat([head, body])
  const chunks: Buffer[] = [head]
  for (let at = 0; at < body.length; at += 64 * 1024) {
    const chunk = body.subarray(at, at + 64 * 1024)
    chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(chunks)
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = Number.parseInt(body.toString('latin1', at, lineEnd), 16)
    if (!Number.isFinite(size) || size === 0) break
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

export function parseAnswer(raw: Buffer): RawAnswer {
  // Skip interim answers (`100 Continue` for `Expect: 100-continue`).
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.toString('latin1', 0, 13))) raw = raw.subarray(raw.indexOf('\r\n\r\n') + 4)
  const headEnd = raw.indexOf('\r\n\r\n')
  if (headEnd < 0) throw new Error(`no HTTP head in ${JSON.stringify(raw.toString('latin1', 0, 120))}`)
  const [statusLine = '', ...headerLines] = raw.toString('latin1', 0, headEnd).split('\r\n')
  const status = Number(statusLine.split(' ')[1])
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const rest = raw.subarray(headEnd + 4)
  const body = headers['transfer-encoding']?.toLowerCase() === 'chunked' ? dechunk(rest) : rest
  return { status, headers, body }
}

/** Sends `bytes` to 127.0.0.1:`port` and resolves with the parsed answer once the server closes. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const received: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    // The server may answer and close before reading a large body: EPIPE/ECONNRESET then is fine.
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const raw = Buffer.concat(received)
      if (raw.length === 0) reject(new Error('connection closed without an answer'))
      else {
        try {
          resolve(parseAnswer(raw))
        } catch (error) {
          reject(error)
        }
      }
    })
    socket.write(bytes)
  })
}

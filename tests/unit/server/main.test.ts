/**
 * Regressions found by the reliability suite (`npm run test:reliability`), pinned here so the
 * fast unit run keeps them fixed: `crs serve`'s launcher (startServer) on a real socket.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../server/src/config.ts'
import { type RunningServer, startServer } from '../../../server/src/main.ts'
import { APP_ID, FIXED_TOKEN } from './support/httpFixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-regressions-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes raw bytes (what fetch would normalise away) and resolves with status + body text. */
function sendRaw(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      resolve({ status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) })
    })
    socket.write(request)
  })
}

describe('crs serve on a socket', () => {
  let running: RunningServer | undefined
  const logged: string[] = []

  afterAll(async () => {
    await running?.close()
  })

  it('answers requests Node or the adapter refuse with a CRS envelope, not a bare 400', async () => {
    const config = resolveConfig({ port: 0, dbPath: join(dir, 'served.db'), appId: APP_ID, operatorToken: FIXED_TOKEN }, {})
    running = await startServer(config, { workers: 1, log: (message) => logged.push(message) })
    const host = `Host: 127.0.0.1:${running.port}`
    const cases: Array<[string, number, number]> = [
      // [raw request, HTTP status, statusCode]
      [`GET /targets/count HTTP/1.1\r\nAuthorization: ${FIXED_TOKEN}\r\nConnection: close\r\n\r\n`, 200, 0], // no Host
      [`GET /a\\b HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`, 400, 400], // backslash: adapter
      [`OPTIONS * HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`, 400, 400],
      [`GET /a\u0000b HTTP/1.1\r\n${host}\r\n\r\n`, 400, 400], // NUL: Node's parser
      [`GET /ping HTTP/1.1\r\n${host}\r\nX: ${'x'.repeat(20_000)}\r\n\r\n`, 400, 400], // headers over 16 KB
      [`POST /search HTTP/1.1\r\n${host}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, 400, 400],
    ]
    for (const [request, status, statusCode] of cases) {
      const answer = await sendRaw(running.port, request)
      expect(answer.status).toBe(status)
      const body = JSON.parse(answer.body)
      expect(body).toMatchObject({ statusCode, result: expect.any(Object), timestamp: expect.any(Number) })
      if (statusCode !== 0) expect(body.result.message).toMatch(/^Bad request: /)
    }
  })

  it('does not log a client that hangs up mid-body as an unexpected server error', async () => {
    if (!running) throw new Error('needs the server of the previous test')
    const port = running.port
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.write(
          `POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${FIXED_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"image":`,
        )
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 100)
      })
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(logged.filter((line) => line.includes('unexpected'))).toEqual([])
  })
})

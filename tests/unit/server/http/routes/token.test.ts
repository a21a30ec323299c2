import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { signParams } from '../../../../../server/src/auth/signature.ts'
import { EasyArTokenClient } from '../../../../../server/src/token/EasyArTokenClient.ts'
import { APP_ID, makeApp, NOW, TestClock } from '../../support/httpFixtures.ts'

const STS_KEY = 'sts-key'
const STS_SECRET = 'sts-secret'
const CRS_APP = 'f9f903c3-real-crs-app'

interface StandIn {
  url: string
  calls: Array<Record<string, unknown>>
  server: Server
}

/** A local stand-in for EasyAR's STS that verifies the signature like the real one. */
async function startStandInSts(clock: TestClock, delayMs = 0): Promise<StandIn> {
  const calls: Array<Record<string, unknown>> = []
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, string | number>
      calls.push(body)
      const reply = (payload: unknown) =>
        setTimeout(() => {
          res.setHeader('Content-Type', 'application/json')
          res.end(JSON.stringify(payload))
        }, delayMs)
      if (body.apiKey !== STS_KEY) return reply({ statusCode: 4001011, msg: 'API Key invalid', result: null })
      if (signParams(body, STS_SECRET) !== body.signature) {
        return reply({ statusCode: 4001015, msg: 'Signature invalid', result: null })
      }
      const expires = Number(body.expires)
      reply({
        statusCode: 0,
        timestamp: clock.now(),
        msg: 'Success',
        result: {
          apiKey: STS_KEY,
          expires,
          token: `real-token-${calls.length}`,
          // EasyAR's own format: "+0000" offset, not "Z".
          expiration: new Date(clock.now() + expires * 1000).toISOString().replace('Z', '+0000'),
        },
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/token/v2`, calls, server }
}

let standIn: StandIn | undefined
afterEach(async () => {
  const server = standIn?.server
  standIn = undefined
  if (!server) return
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('POST /token, local mode', () => {
  it('returns {token, expiration, appId} in the envelope, never secrets', async () => {
    const { app } = makeApp({}, { tokenTtlS: 120 })
    const res = await app.request('/token', { method: 'POST' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await res.json()
    expect(body).toEqual({
      statusCode: 0,
      result: { token: expect.stringMatching(/^crs1\./), expiration: new Date(NOW + 120_000).toISOString(), appId: APP_ID },
      date: new Date(NOW).toISOString(),
      timestamp: NOW,
    })
    expect(JSON.stringify(body)).not.toContain('test-secret')
  })

  it('is rate-limited per client', async () => {
    const { app } = makeApp({}, { tokenQps: 2 })
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await (await app.request('/token', { method: 'POST' })).json()).statusCode)
    expect(codes).toEqual([0, 0, 21])
  })

  it('answers only the allowed origins when tokenOrigins is set (403 / 403 otherwise, no Origin included)', async () => {
    const { app } = makeApp({}, { tokenOrigins: ['https://ar.example.com'], allowedHosts: ['crs.example.org'] })
    const mint = async (headers: Record<string, string>) => {
      const res = await app.request('https://crs.example.org/token', { method: 'POST', headers })
      return [res.status, (await res.json()).statusCode]
    }
    expect(await mint({ Origin: 'https://ar.example.com' })).toEqual([200, 0])
    expect(await mint({ Origin: 'https://crs.example.org' })).toEqual([200, 0]) // the server's own pages
    expect(await mint({ Origin: 'http://localhost:5173' })).toEqual([200, 0])
    expect(await mint({ Origin: 'https://evil.example' })).toEqual([403, 403])
    expect(await mint({})).toEqual([403, 403])
  })

  it('hands out tokens that may only search', async () => {
    const { app } = makeApp()
    const token = (await (await app.request('/token', { method: 'POST' })).json()).result.token as string
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
    expect(payload.scope).toBe('search')
  })
})

describe('POST /token, EasyAR mode (stand-in STS)', () => {
  it('mints a real token with a signed STS call and the CRS READ acl', async () => {
    const clock = new TestClock()
    standIn = await startStandInSts(clock)
    const { app } = makeApp(
      { clock },
      {
        tokenTtlS: 3600,
        easyar: { apiKey: STS_KEY, apiSecret: STS_SECRET, appId: CRS_APP, tokenUrl: standIn.url },
      },
    )
    const body = await (await app.request('/token', { method: 'POST' })).json()
    expect(body.statusCode).toBe(0)
    expect(body.result).toEqual({
      token: 'real-token-1',
      expiration: new Date(NOW + 3_600_000).toISOString(),
      appId: CRS_APP,
    })
    const call = standIn.calls[0]!
    expect(call).toMatchObject({ apiKey: STS_KEY, expires: 3600, timestamp: NOW })
    expect(JSON.parse(String(call.acl))).toEqual([{ service: 'ecs:crs', resource: [CRS_APP], effect: 'Allow', permission: ['READ'] }])
    expect(JSON.stringify(body)).not.toContain(STS_SECRET)
  })

  it('caches the token until shortly before expiry, then refreshes', async () => {
    const clock = new TestClock()
    standIn = await startStandInSts(clock)
    const client = new EasyArTokenClient({
      apiKey: STS_KEY,
      apiSecret: STS_SECRET,
      appId: CRS_APP,
      expiresS: 3600,
      url: standIn.url,
      clock,
    })
    expect((await client.getToken()).token).toBe('real-token-1')
    clock.t += 3_600_000 - 61_000
    expect((await client.getToken()).token).toBe('real-token-1')
    clock.t += 2_000 // now inside the 60 s refresh margin
    expect((await client.getToken()).token).toBe('real-token-2')
    expect(standIn.calls).toHaveLength(2)
  })

  it('shares one in-flight STS call between concurrent callers', async () => {
    const clock = new TestClock()
    standIn = await startStandInSts(clock, 50)
    const client = new EasyArTokenClient({
      apiKey: STS_KEY,
      apiSecret: STS_SECRET,
      appId: CRS_APP,
      expiresS: 600,
      url: standIn.url,
      clock,
    })
    const tokens = await Promise.all([client.getToken(), client.getToken(), client.getToken()])
    expect(tokens.map((t) => t.token)).toEqual(['real-token-1', 'real-token-1', 'real-token-1'])
    expect(standIn.calls).toHaveLength(1)
  })

  it('passes STS errors through as an envelope with HTTP 502', async () => {
    const clock = new TestClock()
    standIn = await startStandInSts(clock)
    const { app } = makeApp(
      { clock },
      {
        easyar: { apiKey: STS_KEY, apiSecret: 'wrong-secret', appId: CRS_APP, tokenUrl: standIn.url },
      },
    )
    const res = await app.request('/token', { method: 'POST' })
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({
      statusCode: 4001015,
      result: { message: 'EasyAR token service: Signature invalid' },
    })
  })

  it('answers statusCode 20 when the STS cannot be reached', async () => {
    const { app } = makeApp(
      {},
      {
        easyar: { apiKey: STS_KEY, apiSecret: STS_SECRET, appId: CRS_APP, tokenUrl: 'http://127.0.0.1:1/token/v2' },
      },
    )
    const res = await app.request('/token', { method: 'POST' })
    expect(res.status).toBe(502)
    expect((await res.json()).statusCode).toBe(20)
  })
})

/**
 * Security of authentication at the HTTP surface: constant-time comparison of every credential,
 * the ±5 min signature window, what a replayed signed request gets, and the per-client rate limit
 * on a real socket (X-Forwarded-For cannot buy a fresh bucket unless CRS_TRUST_PROXY is set).
 */
import { readFileSync, readdirSync } from 'node:fs'
import * as crypto from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthenticator } from '../../server/src/auth/authenticate.ts'
import { signParams } from '../../server/src/auth/signature.ts'
import { createApp } from '../../server/src/http/app.ts'
import { answerClientErrors, crsRequestListener } from '../../server/src/http/nodeListener.ts'
import { LocalTokenIssuer } from '../../server/src/token/LocalTokenIssuer.ts'
import { SIGNATURE_WINDOW_MS } from '../../src/protocol/statusCodes.ts'
import { FakeEngine } from '../unit/server/support/fakeEngine.ts'
import {
  API_KEY,
  API_SECRET,
  APP_ID,
  FIXED_TOKEN,
  NOW,
  TestClock,
  makeApp,
  postJson,
  signedBody,
  withToken,
} from '../unit/server/support/httpFixtures.ts'
import { Tally, recordFigures } from './support/figures.ts'

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) }
})

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual)
const AUTH_SOURCES = [resolve('server/src/auth'), resolve('server/src/token')]

describe('credentials are compared in constant time', () => {
  const clock = new TestClock()
  const localTokens = new LocalTokenIssuer({ secret: API_SECRET, appId: APP_ID, ttlS: 60, clock })
  const authenticate = createAuthenticator({
    appId: APP_ID,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    fixedToken: FIXED_TOKEN,
    localTokens,
    clock,
  })
  const minted = localTokens.mint().token
  const signed = () => signedBody({ pageSize: 5 }, NOW, true)
  const [prefix, payload] = minted.split('.')

  const cases: Array<[label: string, header: string | undefined, params: Record<string, unknown>]> = [
    ['the fixed token', FIXED_TOKEN, {}],
    ['a wrong token of another length', 'x', {}],
    ['a wrong token one character off', `${FIXED_TOKEN.slice(0, -1)}X`, {}],
    ['a local token', minted, {}],
    ['a local token with a forged MAC', `${prefix}.${payload}.${'A'.repeat(43)}`, {}],
    ['the appId param next to a token', FIXED_TOKEN, { appId: 'another-app' }],
    ['a signature', undefined, signed()],
    ['a wrong signature', undefined, { ...signed(), signature: '0'.repeat(64) }],
    ['a wrong API key', undefined, { ...signed(), apiKey: 'k' }],
  ]

  beforeEach(() => {
    timingSafeEqual.mockClear()
  })

  it.each(cases)('checks %s with crypto.timingSafeEqual on equal-length digests', (_label, header, params) => {
    try {
      authenticate(header, params, 'operator')
    } catch {
      // refusals are expected for the wrong credentials; the comparison path is what is checked
    }
    expect(timingSafeEqual).toHaveBeenCalled()
    for (const [a, b] of timingSafeEqual.mock.calls) {
      // SHA-256 digests on both sides: neither the content nor the length of a secret leaks.
      expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32])
    }
  })

  it('never compares anything in the auth and token code with === except literals and constants', () => {
    const offending: string[] = []
    for (const dir of AUTH_SOURCES) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const match of line.matchAll(/([\w.[\]]+)\s*[!=]==\s*([\w.'"[\]]+)/g)) {
              const [, left = '', right = ''] = match
              const literal = /^(undefined|null|true|false|\d+|'[^']*'|"[^"]*"|[A-Z][A-Z0-9_]*|omit)$/.test(right)
              if (!literal && !line.includes('typeof')) offending.push(`${file}:${i + 1}: ${left} vs ${right}`)
            }
          })
      }
    }
    expect(offending).toEqual([])
  })
})

describe('signature timestamps', () => {
  const countWith = async (app: ReturnType<typeof makeApp>['app'], timestamp: number | string) => {
    const params: Record<string, string | number> = { apiKey: API_KEY, appId: APP_ID, timestamp }
    const query = new URLSearchParams({ ...params, signature: signParams(params, API_SECRET) } as Record<string, string>)
    const res = await app.request(`/targets/count?${query}`)
    return { status: res.status, body: (await res.json()) as { statusCode: number } }
  }

  it('accepts up to ±5 min of skew and answers 400 / statusCode 3 beyond it', async () => {
    const { app } = makeApp()
    const outcomes: Record<string, number> = {}
    for (const skew of [0, 1, -1, 299_999, -299_999, SIGNATURE_WINDOW_MS, -SIGNATURE_WINDOW_MS]) {
      const { status, body } = await countWith(app, NOW + skew)
      outcomes[String(skew)] = body.statusCode
      expect([status, body.statusCode]).toEqual([200, 0])
    }
    for (const skew of [SIGNATURE_WINDOW_MS + 1, -SIGNATURE_WINDOW_MS - 1, 3_600_000, -NOW]) {
      const { status, body } = await countWith(app, NOW + skew)
      outcomes[String(skew)] = body.statusCode
      expect([status, body.statusCode]).toEqual([400, 3])
    }
    for (const bad of ['', 'soon', '1e400', 'NaN', `${NOW}abc`]) {
      const { status, body } = await countWith(app, bad)
      outcomes[JSON.stringify(bad)] = body.statusCode
      expect([status, body.statusCode]).toEqual([400, 3])
    }
    recordFigures('security', { signatureSkewMsToStatusCode: outcomes })
  })
})

describe('replayed signed requests', () => {
  it('are accepted inside the ±5 min window (no replay cache, as documented) and refused with 3 after it', async () => {
    const { app, clock, engine } = makeApp()
    const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64, 1)]).toString('base64')
    const body = JSON.stringify(signedBody({ image, name: 'replayed' }, NOW))
    const send = () => app.request('/targets', postJson(body))
    const codes: Record<string, number> = {}

    codes.original = ((await (await send()).json()) as { statusCode: number }).statusCode
    clock.t = NOW + 60_000
    codes.replayAfter1Min = ((await (await send()).json()) as { statusCode: number }).statusCode
    clock.t = NOW + SIGNATURE_WINDOW_MS + 1
    const late = await send()
    codes.replayAfterWindow = ((await late.json()) as { statusCode: number }).statusCode
    // A tampered replay (one field changed, old signature kept) is refused whatever the time.
    clock.t = NOW + 1_000
    const tampered = JSON.stringify({ ...JSON.parse(body), name: 'tampered' })
    codes.tamperedReplay = ((await (await app.request('/targets', postJson(tampered))).json()) as { statusCode: number }).statusCode

    recordFigures('security', { replay: codes })
    expect(codes).toEqual({ original: 0, replayAfter1Min: 0, replayAfterWindow: 3, tamperedReplay: 2 })
    expect(late.status).toBe(400)
    // Only the two accepted ones were stored: the late replay did nothing.
    expect(engine.countTargets()).toBe(2)
  })
})

describe('per-client rate limit on a real socket', () => {
  let close: (() => Promise<void>) | undefined

  afterEach(async () => {
    await close?.()
    close = undefined
  })

  /**
   * The app's clock stands still unless the test moves it: on a busy machine 30 requests can take
   * over a second to arrive, and a running clock refills the bucket meanwhile (21 limited of 30 at
   * load 20, where the bound is 22).
   */
  const clock = new TestClock()

  async function listen(config: Parameters<typeof createApp>[0]['config']): Promise<string> {
    const app = createApp({
      engine: new FakeEngine(),
      clock,
      config: { appId: APP_ID, operatorToken: FIXED_TOKEN, ...config },
      log: () => {},
    })
    const server = createServer({ requireHostHeader: false }, crsRequestListener(app))
    answerClientErrors(server)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    close = () => new Promise((done) => server.close(() => done()))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  async function burst(base: string, count: number, headers: (i: number) => Record<string, string>) {
    const answers = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await fetch(`${base}/targets/count`, { headers: { ...withToken(), ...headers(i) } })
        return { status: res.status, body: (await res.json()) as { statusCode: number; result: { message?: string } } }
      }),
    )
    const codes = new Tally()
    for (const a of answers) codes.add(`${a.status}/${a.body.statusCode}`)
    return { answers, codes: codes.toJSON() }
  }

  it('answers HTTP 200 / statusCode 21 over the limit, and a spoofed X-Forwarded-For buys nothing', async () => {
    const base = await listen({ qps: 5 })
    const plain = await burst(base, 30, () => ({}))
    const limited = plain.answers.filter((a) => a.body.statusCode === 21)
    expect(limited.length).toBeGreaterThanOrEqual(22)
    for (const a of limited) expect([a.status, a.body.result.message]).toEqual([200, 'Exceed your QPS limitation.'])

    clock.t += 1_100 // a full bucket again
    const spoofed = await burst(base, 30, (i) => ({ 'X-Forwarded-For': `203.0.113.${i}` }))
    expect(spoofed.answers.filter((a) => a.body.statusCode === 21).length).toBeGreaterThanOrEqual(22)
    // /ping is never limited.
    const pings = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${base}/ping`)).status))
    expect(new Set(pings)).toEqual(new Set([200]))
    recordFigures('security', { rateLimitQps5Burst30: plain.codes, rateLimitSpoofedXff: spoofed.codes })
  })

  it('keys by X-Forwarded-For only when CRS_TRUST_PROXY is set', async () => {
    const base = await listen({ qps: 5, trustProxy: true })
    const { answers } = await burst(base, 30, (i) => ({ 'X-Forwarded-For': `203.0.113.${i}, 10.0.0.1` }))
    expect(answers.every((a) => a.body.statusCode === 0)).toBe(true)
  })
})

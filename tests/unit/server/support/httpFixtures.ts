/** Shared fixtures for the HTTP tests: a fake engine, a fixed clock and tiny real images. */
import sharp from 'sharp'
import { createApp, type CreateAppOptions } from '../../../../server/src/http/app.ts'
import { signParams } from '../../../../server/src/auth/signature.ts'
import { LocalTokenIssuer } from '../../../../server/src/token/LocalTokenIssuer.ts'
import { FakeEngine } from './fakeEngine.ts'

export const APP_ID = 'test-app'
export const API_KEY = 'test-key'
export const API_SECRET = 'test-secret'
export const FIXED_TOKEN = 'fixed-test-token'
export const NOW = 1_767_592_236_484

export class TestClock {
  constructor(public t = NOW) {}
  now = (): number => this.t
}

export async function pngImage(seed: number, width = 64, height = 48): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } },
  })
    .png()
    .toBuffer()
}

export function makeApp(overrides: Partial<CreateAppOptions> = {}, config: CreateAppOptions['config'] = {}) {
  const clock = new TestClock()
  const engine = new FakeEngine(clock.now)
  const app = createApp({
    engine,
    clock,
    log: () => {},
    clientKey: (c) => c.req.header('x-test-client') ?? 'client',
    ...overrides,
    config: {
      appId: APP_ID,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      token: FIXED_TOKEN,
      qps: 1000,
      tokenQps: 1000,
      ...config,
    },
  })
  return { app, engine, clock }
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;Charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }
}

export function withToken(token = FIXED_TOKEN): Record<string, string> {
  return { Authorization: token }
}

/** An operator token (`crs token --operator`) for APP_ID, minted at `now`, valid an hour. */
export function operatorToken(now = NOW): string {
  return new LocalTokenIssuer({ secret: API_SECRET, appId: APP_ID, ttlS: 3600, clock: { now: () => now } }).mint('operator').token
}

/** Headers for the target API: an operator token (the fixed token may only search). */
export function withOperator(now = NOW): Record<string, string> {
  return withToken(operatorToken(now))
}

/** Signature-auth body, signed over every field (`withImage`) or every field but `image`. */
export function signedBody(
  body: Record<string, string | number | boolean>,
  timestamp: number,
  withImage = true,
  secret = API_SECRET,
): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = { ...body, apiKey: API_KEY, appId: APP_ID, timestamp }
  const { image: _image, ...rest } = params
  return { ...params, signature: signParams(withImage ? params : rest, secret) }
}

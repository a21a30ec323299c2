/**
 * CORS of the CRS API, configured the way `crs serve` configures it (resolveConfig from env):
 * by default only the server's own origin and loopback origins get `Access-Control-Allow-Origin`;
 * `*` appears only when CRS_CORS_ORIGINS=* is set, and credentials are never allowed.
 */
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../server/src/config.ts'
import { createApp } from '../../server/src/http/app.ts'
import { FakeEngine } from '../unit/server/support/fakeEngine.ts'
import { FIXED_TOKEN } from '../unit/server/support/httpFixtures.ts'
import { recordFigures } from './support/figures.ts'

const HOST = 'ar.example.com:8787'

function appWith(env: Record<string, string>) {
  return createApp({
    engine: new FakeEngine(),
    config: { ...resolveConfig({ operatorToken: FIXED_TOKEN, allowedHosts: 'ar.example.com' }, env), qps: 1e6 },
    log: () => {},
  })
}

async function allowOrigin(
  app: ReturnType<typeof appWith>,
  origin: string,
): Promise<{ preflight: string | null; real: string | null; credentials: boolean }> {
  const preflight = await app.request(`http://${HOST}/search`, {
    method: 'OPTIONS',
    headers: {
      Host: HOST,
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  })
  const real = await app.request(`http://${HOST}/targets/count`, { headers: { Host: HOST, Origin: origin, Authorization: FIXED_TOKEN } })
  const credentials = [preflight, real].some((res) => res.headers.has('access-control-allow-credentials'))
  return {
    preflight: preflight.headers.get('access-control-allow-origin'),
    real: real.headers.get('access-control-allow-origin'),
    credentials,
  }
}

const ALLOWED_BY_DEFAULT = [
  'http://ar.example.com:8787',
  'http://localhost:5173',
  'https://localhost',
  'http://127.0.0.1:8080',
  'http://[::1]:3000',
]
const REFUSED_BY_DEFAULT = [
  'https://evil.example',
  'null',
  'http://localhost.evil.example',
  'http://127.0.0.1.nip.io',
  'http://localhost:5173.evil.example',
  'http://evil.example/?http://localhost',
  'https://ar.example.com:8787', // same host, other scheme: another origin
  'http://ar.example.com',
  'file://',
  '*',
]

describe('CORS', () => {
  it('allows only the own origin and loopback by default, echoing the origin (never *)', async () => {
    const app = appWith({})
    const seen: Record<string, string | null> = {}
    for (const origin of ALLOWED_BY_DEFAULT) {
      const got = await allowOrigin(app, origin)
      seen[origin] = got.real
      expect(got).toEqual({ preflight: origin, real: origin, credentials: false })
    }
    for (const origin of REFUSED_BY_DEFAULT) {
      const got = await allowOrigin(app, origin)
      seen[origin] = got.real
      expect(got).toEqual({ preflight: null, real: null, credentials: false })
    }
    recordFigures('security', { corsDefault: { allowed: ALLOWED_BY_DEFAULT.length, refused: REFUSED_BY_DEFAULT.length } })
  })

  it('adds configured origins exactly, and answers * only for CRS_CORS_ORIGINS=*', async () => {
    const listed = appWith({ CRS_CORS_ORIGINS: 'https://print.example, https://other.example/' })
    expect((await allowOrigin(listed, 'https://print.example')).real).toBe('https://print.example')
    expect((await allowOrigin(listed, 'https://other.example')).real).toBe('https://other.example')
    expect((await allowOrigin(listed, 'https://print.example.evil')).real).toBeNull()

    const star = appWith({ CRS_CORS_ORIGINS: '*' })
    for (const origin of ['https://evil.example', 'http://localhost:5173']) {
      expect(await allowOrigin(star, origin)).toEqual({ preflight: '*', real: '*', credentials: false })
    }
    expect(resolveConfig({}, {}).corsOrigins).toEqual([])
  })
})

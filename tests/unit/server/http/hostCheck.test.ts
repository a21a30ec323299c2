import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../../server/src/config.ts'
import { hostName, isHostAllowed, ownHostNames } from '../../../../server/src/http/hostCheck.ts'
import { startServer } from '../../../../server/src/main.ts'
import { makeApp, NOW } from '../support/httpFixtures.ts'
import { sendRaw, serialize } from '../../../reliability/support/rawHttp.ts'

describe('Host allow-list (like Vite server.allowedHosts)', () => {
  it('reads the host name out of a Host header', () => {
    expect(hostName('Example.COM:8787')).toBe('example.com')
    expect(hostName('example.com.')).toBe('example.com')
    expect(hostName('[::1]:8787')).toBe('::1')
    expect(hostName('[nonsense]:1')).toBe('')
  })

  it('allows IP literals, localhost, no Host, listed names and .domain suffixes; nothing else', () => {
    for (const host of [
      '127.0.0.1:8787',
      '192.168.1.20:8787',
      '10.0.0.5',
      '[::1]:8787',
      '[fe80::1]',
      'localhost:5173',
      'app.localhost',
      undefined,
    ]) {
      expect([host, isHostAllowed(host, [])]).toEqual([host, true])
    }
    for (const host of ['evil.example', 'evil.example:8787', 'localhost.evil.example', '127.0.0.1.nip.io', '[evil]', '']) {
      expect([host, isHostAllowed(host, [])]).toEqual([host, false])
    }
    expect(isHostAllowed('ar.example.com', ['ar.example.com'])).toBe(true)
    expect(isHostAllowed('x.ar.example.com', ['ar.example.com'])).toBe(false)
    expect(isHostAllowed('x.example.com:443', ['.example.com'])).toBe(true)
    expect(isHostAllowed('example.com', ['.example.com'])).toBe(true)
    expect(isHostAllowed('badexample.com', ['.example.com'])).toBe(false)
    expect(isHostAllowed('evil.example', true)).toBe(true)
  })

  it("adds the machine's own names when listening beyond loopback, and a bind name", () => {
    expect(ownHostNames('127.0.0.1', 'booth')).toEqual([])
    expect(ownHostNames('0.0.0.0', 'Booth')).toEqual(['booth', 'booth.local'])
    expect(ownHostNames('::', 'booth.local')).toEqual(['booth.local', 'booth.local'])
    expect(ownHostNames('crs.lan', 'booth')).toEqual(['crs.lan', 'booth', 'booth.local'])
  })

  it('parses --allowed-hosts / CRS_ALLOWED_HOSTS', () => {
    expect(resolveConfig({}, {}).allowedHosts).toEqual([])
    expect(resolveConfig({}, { CRS_ALLOWED_HOSTS: 'AR.example.com, .example.org' }).allowedHosts).toEqual([
      'ar.example.com',
      '.example.org',
    ])
    expect(resolveConfig({ allowedHosts: '*' }, { CRS_ALLOWED_HOSTS: 'x' }).allowedHosts).toBe(true)
  })

  it('answers a foreign Host with 403 and the JSON envelope on every route, /token and /ping included', async () => {
    const { app } = makeApp()
    for (const [method, path] of [
      ['POST', '/token'],
      ['GET', '/ping'],
      ['POST', '/search'],
      ['OPTIONS', '/search'],
      ['GET', '/targets/count'],
    ] as const) {
      const res = await app.request(`http://evil.example${path}`, { method, headers: { Host: 'evil.example' } })
      expect([path, res.status]).toEqual([path, 403])
      expect(await res.json()).toEqual({
        statusCode: 403,
        result: {
          message: 'Forbidden: Host "evil.example" is not allowed (crs serve --allowed-hosts evil.example, env CRS_ALLOWED_HOSTS)',
        },
        date: new Date(NOW).toISOString(),
        timestamp: NOW,
      })
    }
    const listed = makeApp({}, { allowedHosts: ['.example.com'] }).app
    expect((await listed.request('http://ar.example.com/token', { method: 'POST', headers: { Host: 'ar.example.com' } })).status).toBe(200)
  })

  it('refuses a rebinding Host over a real socket on crs serve, and answers the same request by IP and by localhost', async () => {
    const config = resolveConfig({ port: 0, host: '127.0.0.1', dbPath: ':memory:' }, {})
    const running = await startServer(config, { workers: 1, log: () => {} })
    try {
      const ask = (host: string) => sendRaw(running.port, serialize({ method: 'POST', target: '/token', headers: [] }, host))
      const refused = await ask('evil.example')
      expect(refused.status).toBe(403)
      expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ statusCode: 403 })
      expect((await ask(`127.0.0.1:${running.port}`)).status).toBe(200)
      expect((await ask(`localhost:${running.port}`)).status).toBe(200)
    } finally {
      await running.close()
    }
  })
})

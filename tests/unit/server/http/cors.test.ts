import { describe, expect, it } from 'vitest'
import { makeApp } from '../support/httpFixtures.ts'

function preflight(origin: string, url = 'http://localhost:8787/search') {
  return new Request(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    },
  })
}

describe('CORS', () => {
  it('answers a preflight from a localhost page on another port', async () => {
    const { app } = makeApp()
    const res = await app.request(preflight('http://localhost:5173'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('vary')).toContain('Origin')
  })

  it('allows 127.0.0.1 and https loopback origins', async () => {
    const { app } = makeApp()
    for (const origin of ['http://127.0.0.1:3000', 'https://localhost', 'http://[::1]:8080']) {
      const res = await app.request(preflight(origin))
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    }
  })

  it('allows the same origin (a LAN address serving the page and the API)', async () => {
    const { app } = makeApp()
    const res = await app.request(preflight('https://192.168.1.20:5173', 'https://192.168.1.20:5173/search'))
    expect(res.headers.get('access-control-allow-origin')).toBe('https://192.168.1.20:5173')
  })

  it('does not allow other origins by default', async () => {
    const { app } = makeApp()
    const res = await app.request(preflight('https://evil.example'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-headers')).toBeNull()
    const get = await app.request('http://localhost:8787/ping', { headers: { Origin: 'https://evil.example' } })
    expect(get.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows configured origins, and * only when configured', async () => {
    const listed = makeApp({}, { corsOrigins: ['https://ar.example.com'] }).app
    const ok = await listed.request(preflight('https://ar.example.com'))
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ar.example.com')
    expect((await listed.request(preflight('https://other.example'))).headers.get('access-control-allow-origin')).toBeNull()

    const star = makeApp({}, { corsOrigins: '*' }).app
    const any = await star.request(preflight('https://anything.example'))
    expect(any.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('adds Allow-Origin to real answers, errors included', async () => {
    const { app } = makeApp()
    const res = await app.request('http://localhost:8787/search', {
      method: 'POST',
      headers: { Origin: 'http://localhost:5173', 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })
})

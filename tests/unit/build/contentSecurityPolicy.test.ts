import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../scripts/contentSecurityPolicy.ts'

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1)

describe('contentSecurityPolicy', () => {
  it('allows no inline script and no eval, only the app origin (and WebAssembly for the decoders)', () => {
    const policy = contentSecurityPolicy({})
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(policy).not.toMatch(/'unsafe-eval'/)
    expect(directive(policy, 'object-src')).toEqual(["'none'"])
  })

  it('limits connect-src to the app, the recognizer, the token URL and listed content origins', () => {
    const policy = contentSecurityPolicy({
      clientEndUrl: 'https://0123abcd.cn1.crs.easyar.com:8443',
      tokenUrl: 'https://tokens.example.com/token',
      contentOrigins: 'https://cdn.example.com, https://media.example.org/path',
    })
    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'blob:',
      'https://0123abcd.cn1.crs.easyar.com:8443',
      'https://tokens.example.com',
      'https://cdn.example.com',
      'https://media.example.org',
    ])
    expect(directive(policy, 'media-src')).toContain('https://cdn.example.com')
  })

  it('treats empty and relative URLs as the app origin (the local recognizer, /token)', () => {
    expect(directive(contentSecurityPolicy({ clientEndUrl: '', tokenUrl: '/token' }), 'connect-src')).toEqual(["'self'", 'blob:'])
  })

  it('refuses a non-http(s) recognizer URL at build time rather than shipping a broken policy', () => {
    expect(() => contentSecurityPolicy({ clientEndUrl: 'javascript:alert(1)' })).toThrow(/VITE_CRS_CLIENT_URL must be an http\(s\) URL/)
  })
})

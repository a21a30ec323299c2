/**
 * @module
 * CORS for the CRS endpoints. The EasyAR web sample calls the recognition host straight from the
 * page with `Authorization` + JSON, i.e. a preflighted cross-origin request, so preflights must be
 * answered. Allowed origins: the server's own origin, any http(s)://localhost / 127.0.0.1 / [::1]
 * port, plus configured ones; `*` only when configured explicitly.
 */
import type { MiddlewareHandler } from 'hono'

const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS'
const ALLOW_HEADERS = 'Authorization, Content-Type'
/** Browsers cache a preflight this long (seconds); Chrome caps it at 7200. */
const PREFLIGHT_MAX_AGE_S = 600
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i

/** True when a page at `origin` may read answers of a server reached at `requestUrl`. */
export function isOriginAllowed(origin: string, requestUrl: string, host: string | undefined, configured: '*' | string[]): boolean {
  if (configured === '*') return true
  if (LOOPBACK_ORIGIN.test(origin)) return true
  const url = new URL(requestUrl)
  const own = `${url.protocol}//${host ?? url.host}`
  if (origin.toLowerCase() === own.toLowerCase()) return true
  return configured.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())
}

export function crsCors(configured: '*' | string[]): MiddlewareHandler {
  return async function crsCors(c, next) {
    const origin = c.req.header('origin')
    const allowed = origin !== undefined && isOriginAllowed(origin, c.req.url, c.req.header('host'), configured)
    const allowOrigin = configured === '*' ? '*' : origin

    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = { Allow: ALLOW_METHODS, Vary: 'Origin' }
      if (allowed && allowOrigin !== undefined) {
        headers['Access-Control-Allow-Origin'] = allowOrigin
        headers['Access-Control-Allow-Methods'] = ALLOW_METHODS
        headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS
        headers['Access-Control-Max-Age'] = String(PREFLIGHT_MAX_AGE_S)
      }
      return c.body(null, 204, headers)
    }

    await next()
    c.res.headers.append('Vary', 'Origin')
    if (allowed && allowOrigin !== undefined) {
      c.res.headers.set('Access-Control-Allow-Origin', allowOrigin)
    }
  }
}

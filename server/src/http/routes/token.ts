/**
 * @module
 * `POST /token` (GET works too, for curl): `{statusCode: 0, result: {token, expiration, appId}}`.
 * No auth, like EasyAR's sample token helper; rate-limited per client. Returns only the token:
 * API keys and secrets never leave the server.
 */
import type { Context, Hono } from 'hono'
import { sendOk } from '../envelope.ts'
import type { Services } from '../services.ts'

export function registerTokenRoutes(app: Hono, services: Services): void {
  const handler = async (c: Context) => {
    const token = await services.tokens.mint()
    c.header('Cache-Control', 'no-store')
    return sendOk(c, services.clock, token)
  }
  app.post('/token', handler)
  app.get('/token', handler)
}

/**
 * @module
 * `POST /token` (GET works too, for curl): `{statusCode: 0, result: {token, expiration, appId}}`.
 * No auth, like EasyAR's sample token helper; rate-limited per client, and limited to pages of
 * the configured origins when `tokenOrigins` is set. Returns only a token that may search: API
 * keys, secrets and operator tokens never leave the server.
 */
import type { Context, Hono } from 'hono'
import { StatusCode } from '../../../../src/protocol/statusCodes.ts'
import { CrsError } from '../../core/CrsError.ts'
import { isOriginAllowed } from '../cors.ts'
import { sendOk } from '../envelope.ts'
import type { Services } from '../services.ts'

export function registerTokenRoutes(app: Hono, services: Services): void {
  const { tokenOrigins } = services.config
  const handler = async (c: Context) => {
    const origin = c.req.header('origin')
    if (tokenOrigins && (origin === undefined || !isOriginAllowed(origin, c.req.url, c.req.header('host'), tokenOrigins))) {
      throw new CrsError(
        StatusCode.FORBIDDEN,
        `Forbidden: /token answers pages of the allowed origins only (CRS_TOKEN_ORIGINS), not ${origin ?? 'a request without an Origin'}`,
        { httpStatus: 403 },
      )
    }
    const token = await services.tokens.mint()
    c.header('Cache-Control', 'no-store')
    return sendOk(c, services.clock, token)
  }
  app.post('/token', handler)
  app.get('/token', handler)
}

/**
 * @module
 * Client-end recognition: `POST /search` (JSON, base64 image) and `POST /v2/search`
 * (multipart/form-data, file part `image`). Hit → 200 `{target}`, miss → 404 statusCode 17.
 */
import type { Context, Hono } from 'hono'
import { StatusCode } from '../../../../src/protocol/statusCodes.ts'
import type { SearchHitResult } from '../../../../src/protocol/types.ts'
import { sendOk } from '../envelope.ts'
import { CrsError } from '../../core/CrsError.ts'
import { type Params, booleanFlag, decodeImageField, formImage, formParams, jsonParams, optionalString } from '../requestInput.ts'
import type { Services } from '../services.ts'
import { toWireTarget } from '../targetWire.ts'

async function answerSearch(c: Context, services: Services, params: Params, image: Uint8Array): Promise<Response> {
  const noTracking = booleanFlag(params, 'notracking')
  const engine = await services.engine()
  const signal = AbortSignal.timeout(services.config.searchTimeoutMs)
  const timedOut = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(new CrsError(StatusCode.TIMEOUT)), { once: true })
  })
  const outcome = await Promise.race([engine.search(image, signal), timedOut])
  const hit = outcome.hit
  // The engine only matches active targets; checked again so a race with an update cannot leak one.
  if (hit === null || !hit.target.active) throw new CrsError(StatusCode.NO_RESULT)
  const trackingImage = noTracking ? undefined : engine.getTargetImage(hit.target.targetId)
  const result: SearchHitResult = { target: toWireTarget(hit.target, trackingImage) }
  return sendOk(c, services.clock, result)
}

/**
 * A token needs nothing from the body: it is checked before the body is parsed, so a client with a
 * bad one costs no parsing (the full check, with the body's `appId`, runs again after). Signature
 * requests carry their credentials in the body; the parsers bound what that costs.
 */
async function authenticateTokenFirst(c: Context, services: Services): Promise<void> {
  const authorization = c.req.header('authorization')
  if (authorization === undefined || authorization.trim() === '') return
  try {
    services.authenticate(authorization, {}, 'search')
  } catch (error) {
    // Read (not parse) the body before answering: a client still sending it would see the
    // connection close instead of the answer, and a page must see 4001024 to renew its token.
    await c.req.arrayBuffer().catch(() => undefined)
    throw error
  }
}

export function registerSearchRoutes(app: Hono, services: Services): void {
  app.post('/search', async (c) => {
    await authenticateTokenFirst(c, services)
    const params = await jsonParams(c)
    optionalString(params, 'appId')
    services.authenticate(c.req.header('authorization'), params, 'search')
    return answerSearch(c, services, params, decodeImageField(params))
  })

  app.post('/v2/search', async (c) => {
    await authenticateTokenFirst(c, services)
    const params = await formParams(c)
    optionalString(params, 'appId')
    // A file part cannot take part in a signature; the signed set is the form fields.
    const signed = Object.fromEntries(Object.entries(params).filter(([, v]) => !(v instanceof File)))
    services.authenticate(c.req.header('authorization'), signed, 'search')
    return answerSearch(c, services, params, await formImage(params))
  })
}

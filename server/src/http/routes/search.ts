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
import {
  type Params,
  booleanFlag,
  decodeImageField,
  formImage,
  formParams,
  jsonParams,
  optionalString,
} from '../requestInput.ts'
import type { Services } from '../services.ts'
import { toWireTarget } from '../targetWire.ts'

async function answerSearch(
  c: Context,
  services: Services,
  params: Params,
  image: Uint8Array,
): Promise<Response> {
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

export function registerSearchRoutes(app: Hono, services: Services): void {
  app.post('/search', async (c) => {
    const params = await jsonParams(c)
    optionalString(params, 'appId')
    services.authenticate(c.req.header('authorization'), params, 'search')
    return answerSearch(c, services, params, decodeImageField(params))
  })

  app.post('/v2/search', async (c) => {
    const params = await formParams(c)
    optionalString(params, 'appId')
    // A file part cannot take part in a signature; the signed set is the form fields.
    const signed = Object.fromEntries(Object.entries(params).filter(([, v]) => !(v instanceof File)))
    services.authenticate(c.req.header('authorization'), signed, 'search')
    return answerSearch(c, services, params, await formImage(params))
  })
}

/**
 * @module
 * Server-end target management, EasyAR-compatible: create, list, count, get, update, delete,
 * similar and grade. Operators only: the API key signature or an operator token; a visitor token
 * from `/token` (which may only search) gets 403 / statusCode 6.
 */
import type { Context, Hono } from 'hono'
import { StatusCode } from '../../../../src/protocol/statusCodes.ts'
import { sendOk } from '../envelope.ts'
import { CrsError, parameterError } from '../../core/CrsError.ts'
import { type Params, decodeImageField, jsonParams, queryParams } from '../requestInput.ts'
import type { Services } from '../services.ts'
import { parseTargetInput } from '../targetInput.ts'
import { explainGrade, toWireTarget } from '../targetWire.ts'
import type { CrsTarget } from '../../../../src/protocol/types.ts'

export const DEFAULT_PAGE_SIZE = 5
export const MAX_PAGE_SIZE = 100
/** Ids one bulk `DELETE /targets` may name (Java SDK RemoveTarget.removeMultiTargets). */
export const MAX_BULK_DELETE = 100

/**
 * Create and update answer the target twice: its fields flat under `result` (what EasyAR's SDKs
 * read: `resp.result.targetId` in the Node.js SDK's bin/addTarget, `result.getString("targetId")`
 * in the Java SDK's CreateTarget; docs/easyar-sdk-requests.md) and nested as `result.target` (what
 * EasyAR's create/update docs print). The flat copy leaves out `trackingImage`, which the nested
 * one carries, so the answer does not grow by another image.
 */
function bothShapes(target: CrsTarget): Record<string, unknown> {
  const { trackingImage: _image, ...flat } = target
  return { ...flat, target }
}

function positiveInt(params: Params, field: string, fallback: number): number {
  const raw = params[field]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw parameterError(field, 'a positive integer')
  return value
}

export function registerTargetRoutes(app: Hono, services: Services): void {
  const { authenticate, clock } = services

  async function authed(c: Context, read: 'json' | 'query'): Promise<Params> {
    const params = read === 'json' ? await jsonParams(c) : queryParams(c)
    authenticate(c.req.header('authorization'), params, 'operator')
    return params
  }

  app.post('/targets', async (c) => {
    const input = parseTargetInput(await authed(c, 'json'), false)
    const engine = await services.engine()
    const record = await engine.addTarget(input)
    return sendOk(c, clock, bothShapes(toWireTarget(record, engine.getTargetImage(record.targetId))))
  })

  app.get('/targets/infos', async (c) => {
    const params = await authed(c, 'query')
    const pageNum = positiveInt(params, 'pageNum', 1)
    const pageSize = Math.min(MAX_PAGE_SIZE, positiveInt(params, 'pageSize', DEFAULT_PAGE_SIZE))
    const engine = await services.engine()
    const targets = engine.listTargets(pageNum, pageSize).map((record) => toWireTarget(record))
    return sendOk(c, clock, { targets })
  })

  // Legacy list of the PHP SDKs (`targets($limit, $last)`, marked deprecated there): up to `limit`
  // targets after the one whose id is `last` (from the first when absent), in list order.
  app.get('/targets', async (c) => {
    const params = await authed(c, 'query')
    const limit = Math.min(MAX_PAGE_SIZE, positiveInt(params, 'limit', DEFAULT_PAGE_SIZE))
    const last = params.last === undefined || params.last === '' ? undefined : String(params.last)
    const engine = await services.engine()
    const targets: CrsTarget[] = []
    let after = last === undefined
    for (let page = 1; targets.length < limit; page++) {
      const records = engine.listTargets(page, MAX_PAGE_SIZE)
      for (const record of records) {
        if (after && targets.length < limit) targets.push(toWireTarget(record))
        if (record.targetId === last) after = true
      }
      if (records.length < MAX_PAGE_SIZE) break
    }
    return sendOk(c, clock, { targets })
  })

  // Bulk delete, from the Java SDK (RemoveTarget.removeMultiTargets): `targetId` is "id1,id2,…"
  // in a JSON body. Every named target that exists is deleted; the answer names both lists.
  app.delete('/targets', async (c) => {
    const params = await authed(c, c.req.header('content-type') ? 'json' : 'query')
    const raw = params.targetId
    if (typeof raw !== 'string' || raw.trim() === '') throw parameterError('targetId', 'one or more target ids separated by ","')
    const ids = [
      ...new Set(
        raw
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      ),
    ]
    if (ids.length > MAX_BULK_DELETE) throw parameterError('targetId', `at most ${MAX_BULK_DELETE} ids`)
    const engine = await services.engine()
    const deleted: string[] = []
    const notFound: string[] = []
    for (const id of ids) (engine.deleteTarget(id) ? deleted : notFound).push(id)
    if (deleted.length === 0) throw new CrsError(StatusCode.TARGET_NOT_FOUND)
    return sendOk(c, clock, { targetId: deleted.join(','), deleted, notFound })
  })

  app.get('/targets/count', async (c) => {
    await authed(c, 'query')
    const engine = await services.engine()
    return sendOk(c, clock, { count: engine.countTargets() })
  })

  app.get('/target/:id', async (c) => {
    await authed(c, 'query')
    const engine = await services.engine()
    const id = c.req.param('id')
    const record = engine.getTarget(id)
    if (!record) throw new CrsError(StatusCode.TARGET_NOT_FOUND)
    // EasyAR's GET answer carries the target fields directly under `result`.
    return sendOk(c, clock, toWireTarget(record, engine.getTargetImage(id)))
  })

  app.put('/target/:id', async (c) => {
    const patch = parseTargetInput(await authed(c, 'json'), true)
    const engine = await services.engine()
    const id = c.req.param('id')
    if (!engine.getTarget(id)) throw new CrsError(StatusCode.TARGET_NOT_FOUND)
    const record = await engine.updateTarget(id, patch)
    return sendOk(c, clock, bothShapes(toWireTarget(record, engine.getTargetImage(id))))
  })

  app.delete('/target/:id', async (c) => {
    await authed(c, 'query')
    const engine = await services.engine()
    const id = c.req.param('id')
    if (!engine.deleteTarget(id)) throw new CrsError(StatusCode.TARGET_NOT_FOUND)
    return sendOk(c, clock, { targetId: id })
  })

  app.post('/similar', async (c) => {
    const image = decodeImageField(await authed(c, 'json'))
    const engine = await services.engine()
    const entries = await engine.similar(image)
    const results = entries.map((entry) => ({
      ...toWireTarget(entry.target),
      score: entry.score,
      inliers: entry.inliers,
    }))
    return sendOk(c, clock, { results })
  })

  app.post('/grade/:kind{detection|tracking|detail}', async (c) => {
    const image = decodeImageField(await authed(c, 'json'))
    const engine = await services.engine()
    const report = await engine.grade(image)
    return sendOk(c, clock, {
      grade: report.grade,
      featureCount: report.featureCount,
      spread: report.spread,
      contrast: report.contrast,
      reasons: report.reasons,
      explanation: explainGrade(report),
    })
  })
}

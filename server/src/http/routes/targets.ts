/**
 * @module
 * Server-end target management, EasyAR-compatible: create, list, count, get, update, delete,
 * similar and grade. Same auth as search (token or signature).
 */
import type { Context, Hono } from 'hono'
import { StatusCode } from '../../../../src/protocol/statusCodes.ts'
import { sendOk } from '../envelope.ts'
import { CrsError, parameterError } from '../../core/CrsError.ts'
import { type Params, decodeImageField, jsonParams, queryParams } from '../requestInput.ts'
import type { Services } from '../services.ts'
import { parseTargetInput } from '../targetInput.ts'
import { explainGrade, toWireTarget } from '../targetWire.ts'

export const DEFAULT_PAGE_SIZE = 5
export const MAX_PAGE_SIZE = 100

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
    authenticate(c.req.header('authorization'), params)
    return params
  }

  app.post('/targets', async (c) => {
    const input = parseTargetInput(await authed(c, 'json'), false)
    const engine = await services.engine()
    const record = await engine.addTarget(input)
    return sendOk(c, clock, { target: toWireTarget(record, engine.getTargetImage(record.targetId)) })
  })

  app.get('/targets/infos', async (c) => {
    const params = await authed(c, 'query')
    const pageNum = positiveInt(params, 'pageNum', 1)
    const pageSize = Math.min(MAX_PAGE_SIZE, positiveInt(params, 'pageSize', DEFAULT_PAGE_SIZE))
    const engine = await services.engine()
    const targets = engine.listTargets(pageNum, pageSize).map((record) => toWireTarget(record))
    return sendOk(c, clock, { targets })
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
    return sendOk(c, clock, { target: toWireTarget(record, engine.getTargetImage(id)) })
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

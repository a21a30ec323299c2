import { beforeAll, describe, expect, it } from 'vitest'
import { EngineError } from '../../../../../server/src/engine/types.ts'
import { MAX_IMAGE_BYTES } from '../../../../../src/protocol/statusCodes.ts'
import { APP_ID, makeApp, NOW, pngImage, postJson, withOperator } from '../../support/httpFixtures.ts'

let imageA: string
let imageB: string

beforeAll(async () => {
  imageA = (await pngImage(10)).toString('base64')
  imageB = (await pngImage(20)).toString('base64')
})

type App = ReturnType<typeof makeApp>['app']

async function call(app: App, method: string, path: string, body?: unknown) {
  const init: RequestInit = body === undefined ? { method, headers: withOperator() } : { ...postJson(body, withOperator()), method }
  const res = await app.request(path, init)
  return { status: res.status, body: await res.json() }
}

const meta = Buffer.from(JSON.stringify({ video: 'clip.mp4' })).toString('base64')

describe('server-end target API', () => {
  it('creates a target and echoes custom fields, with EasyAR types', async () => {
    const { app } = makeApp()
    const res = await call(app, 'POST', '/targets', {
      image: imageA,
      name: 'cover',
      size: '15',
      meta,
      type: 'ImageTarget',
      active: '1',
      allowSimilar: '0',
      appId: APP_ID,
      campaign: 'spring',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      statusCode: 0,
      result: {
        target: {
          targetId: expect.any(String),
          name: 'cover',
          size: '15',
          meta,
          type: 'ImageTarget',
          active: '1',
          allowSimilar: '0',
          grade: '1',
          detectableRate: 1,
          modified: NOW,
          date: String(NOW),
          campaign: 'spring',
          trackingImage: imageA,
        },
      },
      timestamp: NOW,
    })
    expect(res.body.result.target).not.toHaveProperty('appId')
  })

  it('validates create fields with 414 naming the field, 422 for oversized meta', async () => {
    const { app } = makeApp()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ image: imageA }, 'name'],
      [{ image: imageA, name: '' }, 'name'],
      [{ image: imageA, name: 'x'.repeat(65) }, 'name'],
      [{ name: 'n' }, 'image'],
      [{ image: imageA, name: 'n', size: 'big' }, 'size'],
      [{ image: imageA, name: 'n', type: 'Cloud' }, 'type'],
      [{ image: imageA, name: 'n', active: 'yes' }, 'active'],
      [{ image: imageA, name: 'n', meta: { a: 1 } }, 'meta'],
      [{ image: imageA, name: 'n', custom: { nested: true } }, 'custom'],
    ]
    for (const [body, field] of cases) {
      const res = await call(app, 'POST', '/targets', body)
      expect(res.status).toBe(400)
      expect(res.body.statusCode).toBe(414)
      expect(res.body.result.message).toContain(`: ${field}`)
    }
    const big = await call(app, 'POST', '/targets', { image: imageA, name: 'n', meta: 'm'.repeat(MAX_IMAGE_BYTES + 1) })
    expect(big).toMatchObject({ status: 422, body: { statusCode: 422 } })
  })

  it('maps engine errors by statusCode (419 similar exists → HTTP 409)', async () => {
    const { app, engine } = makeApp()
    engine.addTarget = async () => {
      throw new EngineError(419, 'looks like "cover"')
    }
    const res = await call(app, 'POST', '/targets', { image: imageA, name: 'n' })
    expect(res).toMatchObject({
      status: 409,
      body: { statusCode: 419, result: { message: 'Cannot update target in database because similar target exists: looks like "cover"' } },
    })
  })

  it('lists with pageNum/pageSize (default 5, max 100) and counts', async () => {
    const { app, engine } = makeApp()
    for (let i = 0; i < 7; i++) await engine.addTarget({ image: new Uint8Array([i]), name: `t${i}` })
    const first = await call(app, 'GET', '/targets/infos')
    expect(first.body.result.targets.map((t: { name: string }) => t.name)).toEqual(['t0', 't1', 't2', 't3', 't4'])
    expect(first.body.result.targets[0]).not.toHaveProperty('trackingImage')
    expect(first.body.result.targets[0].active).toBe('1')
    const second = await call(app, 'GET', '/targets/infos?pageNum=2&pageSize=5')
    expect(second.body.result.targets).toHaveLength(2)
    const capped = await call(app, 'GET', '/targets/infos?pageSize=1000')
    expect(capped.body.result.targets).toHaveLength(7)
    expect((await call(app, 'GET', '/targets/infos?pageNum=0')).body.statusCode).toBe(414)
    expect(await call(app, 'GET', '/targets/count')).toMatchObject({ status: 200, body: { statusCode: 0, result: { count: 7 } } })
  })

  it('gets one target with its trackingImage, fields directly under result', async () => {
    const { app } = makeApp()
    const created = (await call(app, 'POST', '/targets', { image: imageA, name: 'one' })).body.result.target
    const res = await call(app, 'GET', `/target/${created.targetId}`)
    expect(res.body.result).toMatchObject({ targetId: created.targetId, name: 'one', trackingImage: imageA, active: '1' })
    expect(await call(app, 'GET', '/target/missing')).toMatchObject({
      status: 404,
      body: { statusCode: 404, result: { message: 'Target not found' } },
    })
  })

  it('updates with patch semantics', async () => {
    const { app } = makeApp()
    const created = (await call(app, 'POST', '/targets', { image: imageA, name: 'one', size: '10', meta, tag: 'a' })).body.result.target
    const res = await call(app, 'PUT', `/target/${created.targetId}`, { name: 'renamed', image: imageB })
    expect(res.body.result.target).toMatchObject({ name: 'renamed', size: '10', meta, tag: 'a', active: '1', trackingImage: imageB })
    expect((await call(app, 'PUT', '/target/missing', { name: 'x' })).status).toBe(404)
  })

  it('deletes, answering 404 "Target not found" the second time', async () => {
    const { app } = makeApp()
    const created = (await call(app, 'POST', '/targets', { image: imageA, name: 'gone' })).body.result.target
    const res = await call(app, 'DELETE', `/target/${created.targetId}`)
    expect(res.body).toMatchObject({ statusCode: 0, result: { targetId: created.targetId } })
    expect(await call(app, 'DELETE', `/target/${created.targetId}`)).toMatchObject({
      status: 404,
      body: { statusCode: 404, result: { message: 'Target not found' } },
    })
  })

  it('finds similar targets (results array, empty when none)', async () => {
    const { app } = makeApp()
    await call(app, 'POST', '/targets', { image: imageA, name: 'a' })
    const hit = await call(app, 'POST', '/similar', { image: imageA })
    expect(hit.body.result.results).toHaveLength(1)
    expect(hit.body.result.results[0]).toMatchObject({ name: 'a', score: 1 })
    expect((await call(app, 'POST', '/similar', { image: imageB })).body.result).toEqual({ results: [] })
  })

  it('grades an image with words', async () => {
    const { app, engine } = makeApp()
    engine.gradeReport = { grade: 4, featureCount: 12, spread: 0.1, contrast: 5, reasons: ['too few features'] }
    const res = await call(app, 'POST', '/grade/detection', { image: imageA })
    expect(res.body.result).toEqual({
      grade: 4,
      featureCount: 12,
      spread: 0.1,
      contrast: 5,
      reasons: ['too few features'],
      explanation: 'Grade 4 (poor: not suitable for production): 12 features, 10% of the image covered, contrast 5.0; too few features.',
    })
    expect((await call(app, 'POST', '/grade/tracking', { image: imageA })).body.result.grade).toBe(4)
    expect((await call(app, 'POST', '/grade/other', { image: imageA })).status).toBe(404)
  })

  it('requires auth on every management route', async () => {
    const { app } = makeApp()
    for (const [method, path] of [
      ['GET', '/targets/infos'],
      ['GET', '/targets/count'],
      ['GET', '/target/x'],
      ['DELETE', '/target/x'],
    ]) {
      const res = await app.request(path!, { method })
      expect(res.status).toBe(401)
      expect((await res.json()).statusCode).toBe(6)
    }
  })
})

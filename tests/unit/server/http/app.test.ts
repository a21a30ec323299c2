import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_IMAGE_BYTES } from '../../../../src/protocol/statusCodes.ts'
import { SEARCH_BODY_LIMIT_BYTES } from '../../../../server/src/http/app.ts'
import { APP_ID, makeApp, NOW, pngImage, postJson, withToken } from '../support/httpFixtures.ts'

let image: string

beforeAll(async () => {
  image = (await pngImage(4)).toString('base64')
})

function expectEnvelope(body: unknown, statusCode: number) {
  expect(body).toEqual({
    statusCode,
    result: { message: expect.any(String) },
    date: new Date(NOW).toISOString(),
    timestamp: NOW,
  })
}

describe('bad input always gets a CRS envelope', () => {
  it('answers 422 for a decoded image over 2 MB', async () => {
    const { app } = makeApp()
    // A PNG header followed by padding: decodes to 2 MB + 1 byte, raw body still under the cap.
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1)
    Buffer.from([0x89, 0x50, 0x4e, 0x47]).copy(big)
    const res = await app.request('/search', postJson({ image: big.toString('base64'), appId: APP_ID }, withToken()))
    expect(res.status).toBe(422)
    const body = await res.json()
    expectEnvelope(body, 422)
    expect(body.result.message).toMatch(/^The image or meta exceeds its maximum permitted size/)
  })

  it('answers 422 (not a bare 413) when the raw body is over the cap', async () => {
    const { app } = makeApp()
    const huge = 'A'.repeat(SEARCH_BODY_LIMIT_BYTES + 10)
    const res = await app.request('/search', postJson(`{"image":"${huge}"}`, withToken()))
    expect(res.status).toBe(422)
    expectEnvelope(await res.json(), 422)
  })

  it('answers 427 for base64 that is not an image, and for text that is not base64', async () => {
    const { app } = makeApp()
    for (const bad of [Buffer.from('hello, this is not a picture').toString('base64'), '***not base64***']) {
      const res = await app.request('/search', postJson({ image: bad, appId: APP_ID }, withToken()))
      expect(res.status).toBe(400)
      expectEnvelope(await res.json(), 427)
    }
  })

  it('answers 427 when the engine cannot decode the image', async () => {
    const { app } = makeApp()
    const res = await app.request('/search', postJson({ image: Buffer.from([0xff, 0xd8, 0xff, 0]).toString('base64') }, withToken()))
    const body = await res.json()
    expect(res.status).toBe(400)
    expect(body).toMatchObject({ statusCode: 427, result: { message: 'Image not correct: image could not be decoded' } })
  })

  it('answers 414 naming the field when image is missing or has the wrong type', async () => {
    const { app } = makeApp()
    for (const body of [{ appId: APP_ID }, { image: 42 }, { image: '' }]) {
      const res = await app.request('/search', postJson(body, withToken()))
      expect(res.status).toBe(400)
      const json = await res.json()
      expectEnvelope(json, 414)
      expect(json.result.message).toBe(
        `Parameter required not exists or not correct: image${body.image === 42 ? ' (expected a base64 string)' : ''}`,
      )
    }
  })

  it('answers 414 for a wrong-typed notracking or appId', async () => {
    const { app } = makeApp()
    const a = await (await app.request('/search', postJson({ image, notracking: 'yes' }, withToken()))).json()
    expect(a.result.message).toContain('notracking')
    const b = await (await app.request('/search', postJson({ image, appId: 7 }, withToken()))).json()
    expect(b).toMatchObject({ statusCode: 414, result: { message: expect.stringContaining('appId') } })
  })

  it('answers 414 for a JSON body that is not an object', async () => {
    const { app } = makeApp()
    const res = await app.request('/search', postJson('[1,2]', withToken()))
    expectEnvelope(await res.json(), 414)
  })

  it('answers 400 for a body that is not JSON', async () => {
    const { app } = makeApp()
    const res = await app.request('/search', postJson('{"image": ', withToken()))
    expect(res.status).toBe(400)
    expectEnvelope(await res.json(), 400)
  })

  it('answers 415 for a wrong or missing Content-Type', async () => {
    const { app } = makeApp()
    for (const type of ['text/plain', undefined]) {
      const headers: Record<string, string> = withToken()
      if (type) headers['Content-Type'] = type
      const res = await app.request('/search', { method: 'POST', headers, body: JSON.stringify({ image }) })
      expect(res.status).toBe(415)
      expectEnvelope(await res.json(), 415)
    }
  })

  it('answers HTTP 200 / statusCode 21 over the per-client QPS limit', async () => {
    const { app, clock } = makeApp({}, { qps: 2 })
    const send = (client: string) => app.request('/search', postJson({ image }, { ...withToken(), 'x-test-client': client }))
    expect((await send('a')).status).toBe(404)
    expect((await send('a')).status).toBe(404)
    const limited = await send('a')
    expect(limited.status).toBe(200)
    expect(await limited.json()).toEqual({
      statusCode: 21,
      result: { message: 'Exceed your QPS limitation.' },
      date: new Date(NOW).toISOString(),
      timestamp: NOW,
    })
    // Another client has its own bucket; the first refills with time.
    expect((await send('b')).status).toBe(404)
    clock.t += 500
    expect((await send('a')).status).toBe(404)
  })

  it('answers 404 with an envelope for an unknown route', async () => {
    const { app } = makeApp()
    const res = await app.request('/nope')
    expect(res.status).toBe(404)
    const body = await res.json()
    expectEnvelope(body, 404)
    expect(body.result.message).toBe('Not found: GET /nope')
  })

  it('answers 405 with an envelope and Allow for a wrong method', async () => {
    const { app } = makeApp()
    const cases: Array<[string, string, string]> = [
      ['GET', '/search', 'POST'],
      ['PUT', '/targets', 'GET, POST, DELETE'],
      ['PATCH', '/targets/', 'GET, POST, DELETE'],
      ['POST', '/target/abc', 'GET, PUT, DELETE'],
      ['PUT', '/ping', 'GET'],
    ]
    for (const [method, path, allow] of cases) {
      const res = await app.request(path, { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe(allow)
      expectEnvelope(await res.json(), 405)
    }
  })

  it('answers 501 / statusCode 30 (never a crash) when the engine throws unexpectedly', async () => {
    const { app, engine } = makeApp()
    engine.search = async () => {
      throw new Error('boom')
    }
    const res = await app.request('/search', postJson({ image }, withToken()))
    expect(res.status).toBe(501)
    expect(await res.json()).toMatchObject({ statusCode: 30, result: { message: 'Other error occur: boom' } })
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, FIXED_TOKEN, makeApp, NOW, pngImage, postJson, withOperator, withToken } from '../../support/httpFixtures.ts'

let poster: Buffer
let other: Buffer

beforeAll(async () => {
  poster = await pngImage(1)
  other = await pngImage(2)
})

async function appWithPoster(active = true) {
  const ctx = makeApp()
  const record = await ctx.engine.addTarget({
    image: poster,
    name: 'poster',
    meta: Buffer.from('{"video":"a.mp4"}').toString('base64'),
    size: '21',
    active,
    extra: { owner: 'lab' },
  })
  return { ...ctx, record }
}

describe('POST /search', () => {
  it('answers a hit with EasyAR field names and types', async () => {
    const { app, record } = await appWithPoster()
    const res = await app.request('/search', postJson({ image: poster.toString('base64'), appId: APP_ID, notracking: true }, withToken()))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await res.json()
    expect(body).toEqual({
      statusCode: 0,
      result: {
        target: {
          targetId: record.targetId,
          name: 'poster',
          meta: Buffer.from('{"video":"a.mp4"}').toString('base64'),
          active: '1',
          type: 'ImageTarget',
          size: '21',
          allowSimilar: '0',
          grade: '1',
          detectableRate: 1,
          trackableRate: 1,
          date: String(record.created),
          modified: record.modified,
          owner: 'lab',
        },
      },
      date: new Date(NOW).toISOString(),
      timestamp: NOW,
    })
    expect(typeof body.result.target.modified).toBe('number')
    expect(typeof body.result.target.date).toBe('string')
  })

  it('includes trackingImage unless notracking is true (boolean or string)', async () => {
    const { app } = await appWithPoster()
    const image = poster.toString('base64')
    for (const notracking of [false, 'false', undefined]) {
      const res = await app.request('/search', postJson({ image, appId: APP_ID, notracking }, withToken()))
      expect((await res.json()).result.target.trackingImage).toBe(image)
    }
    for (const notracking of [true, 'true']) {
      const res = await app.request('/search', postJson({ image, appId: APP_ID, notracking }, withToken()))
      expect((await res.json()).result.target).not.toHaveProperty('trackingImage')
    }
  })

  it('answers a miss with HTTP 404 and statusCode 17', async () => {
    const { app } = await appWithPoster()
    const res = await app.request('/search', postJson({ image: other.toString('base64'), appId: APP_ID, notracking: true }, withToken()))
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      statusCode: 17,
      result: { message: 'No result: there is no matching.' },
      date: new Date(NOW).toISOString(),
      timestamp: NOW,
    })
  })

  it('never returns an inactive target', async () => {
    const { app } = await appWithPoster(false)
    const res = await app.request('/search', postJson({ image: poster.toString('base64'), appId: APP_ID }, withToken()))
    expect(res.status).toBe(404)
    expect((await res.json()).statusCode).toBe(17)
  })

  it('stops returning a target once it is deactivated through PUT', async () => {
    const { app, record } = await appWithPoster()
    const put = await app.request(`/target/${record.targetId}`, {
      ...postJson({ active: '0', appId: APP_ID }, withOperator()),
      method: 'PUT',
    })
    expect((await put.json()).result.target.active).toBe('0')
    const res = await app.request('/search', postJson({ image: poster.toString('base64') }, withToken()))
    expect(res.status).toBe(404)
  })

  it('answers statusCode 19 with HTTP 408 when the engine is too slow', async () => {
    const ctx = makeApp({}, { searchTimeoutMs: 50 })
    ctx.engine.hang = true
    const res = await ctx.app.request('/search', postJson({ image: poster.toString('base64') }, withToken()))
    expect(res.status).toBe(408)
    expect(await res.json()).toMatchObject({ statusCode: 19, result: { message: 'Request timeout.' } })
  })

  it('sheds load like the QPS limit: HTTP 200, statusCode 21, when the engine queue is full', async () => {
    const ctx = makeApp()
    ctx.engine.busy = true
    const res = await ctx.app.request('/search', postJson({ image: poster.toString('base64') }, withToken()))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      statusCode: 21,
      result: { message: expect.stringMatching(/^Exceed your QPS limitation: the recognizer is busy/) },
    })
  })

  it('accepts the token with a Bearer prefix', async () => {
    const { app } = await appWithPoster()
    const res = await app.request('/search', postJson({ image: poster.toString('base64') }, { Authorization: `Bearer ${FIXED_TOKEN}` }))
    expect(res.status).toBe(200)
  })
})

describe('POST /v2/search (multipart)', () => {
  it('recognizes a file part named image', async () => {
    const { app, record } = await appWithPoster()
    const form = new FormData()
    form.set('image', new Blob([new Uint8Array(poster)], { type: 'image/png' }), 'frame.png')
    form.set('appId', APP_ID)
    form.set('notracking', 'true')
    const res = await app.request('/v2/search', { method: 'POST', body: form, headers: withToken() })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.result.target.targetId).toBe(record.targetId)
    expect(body.result.target).not.toHaveProperty('trackingImage')
  })

  it('answers 404/17 for a miss and 414 without an image', async () => {
    const { app } = await appWithPoster()
    const form = new FormData()
    form.set('image', new Blob([new Uint8Array(other)]), 'x.png')
    const miss = await app.request('/v2/search', { method: 'POST', body: form, headers: withToken() })
    expect(miss.status).toBe(404)
    expect((await miss.json()).statusCode).toBe(17)

    const empty = new FormData()
    empty.set('appId', APP_ID)
    const res = await app.request('/v2/search', { method: 'POST', body: empty, headers: withToken() })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ statusCode: 414, result: { message: expect.stringContaining('image') } })
  })

  it('refuses a JSON body with 415', async () => {
    const { app } = await appWithPoster()
    const res = await app.request('/v2/search', postJson({ image: poster.toString('base64') }, withToken()))
    expect(res.status).toBe(415)
    expect((await res.json()).statusCode).toBe(415)
  })
})

describe('GET /ping', () => {
  it('answers without auth', async () => {
    const { app } = makeApp()
    const res = await app.request('/ping')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ statusCode: 0, result: { message: 'pong' }, timestamp: NOW })
  })
})

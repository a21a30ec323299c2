/**
 * The HTTP layer on the REAL engine (SQLite + ORB workers) with real pixels: a generated poster
 * is added through POST /targets, then found in a warped, cluttered camera photo through /search.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../../server/src/config.ts'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import { createApp } from '../../../../server/src/http/app.ts'
import { type RunningServer, startServer } from '../../../../server/src/main.ts'
import { makeClutterScene, makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'
import { API_SECRET, APP_ID, FIXED_TOKEN, postJson, withOperator, withToken } from '../support/httpFixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-http-real-'))
let engine: RecognitionEngine
let app: ReturnType<typeof createApp>
let poster: Buffer
let photo: Buffer
let targetId: string

beforeAll(async () => {
  engine = await RecognitionEngine.open({ dbPath: join(dir, 'targets.db'), workers: 2 })
  app = createApp({ engine, config: { appId: APP_ID, apiSecret: API_SECRET, token: FIXED_TOKEN }, log: () => {} })
  poster = await makePoster(4242, { kind: 'poster' })
  photo = await makeQueryPhoto(poster, {
    seed: 7,
    width: 640,
    height: 480,
    coverage: 0.4,
    tiltDeg: 20,
    blur: 0.6,
    jpegQuality: 80,
  })
  const created = await app.request(
    '/targets',
    postJson({ image: poster.toString('base64'), name: 'real-poster', size: '30', appId: APP_ID }, withOperator(Date.now())),
  )
  const body = await created.json()
  expect(body.statusCode).toBe(0)
  targetId = body.result.target.targetId
})

afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('HTTP on the real engine', () => {
  it('recognizes a warped photo of a stored poster', async () => {
    const res = await app.request('/search', postJson({ image: photo.toString('base64'), appId: APP_ID, notracking: true }, withToken()))
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.result.target).toMatchObject({ targetId, name: 'real-poster', size: '30', active: '1', type: 'ImageTarget' })
    expect(typeof body.result.target.grade).toBe('string')
  })

  it('returns the stored image as trackingImage when tracking is asked for', async () => {
    const res = await app.request('/search', postJson({ image: photo.toString('base64'), appId: APP_ID }, withToken()))
    const body = await res.json()
    const tracking = Buffer.from(body.result.target.trackingImage, 'base64')
    expect(tracking.length).toBeGreaterThan(100)
  })

  it('answers 404 / 17 for a scene without the poster', async () => {
    const scene = await makeClutterScene({ seed: 99, width: 640, height: 480 })
    const res = await app.request('/search', postJson({ image: scene.toString('base64'), appId: APP_ID }, withToken()))
    expect(res.status).toBe(404)
    expect((await res.json()).statusCode).toBe(17)
  })

  it('answers 427 for a corrupt JPEG that passes the magic-byte check', async () => {
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])
    const res = await app.request('/search', postJson({ image: corrupt.toString('base64') }, withToken()))
    const body = await res.json()
    expect(body.statusCode).toBe(427)
    // The engine's component name is for the logs: the client reads the status and the reason.
    expect(body.result.message).toMatch(/^Image not correct: not an image/)
  })

  it('grades and finds similar through the API', async () => {
    const grade = await (
      await app.request('/grade/detection', postJson({ image: poster.toString('base64') }, withOperator(Date.now())))
    ).json()
    expect(grade.result.grade).toBeGreaterThanOrEqual(0)
    expect(grade.result.explanation).toMatch(/^Grade \d/)
    const similar = await (await app.request('/similar', postJson({ image: poster.toString('base64') }, withOperator(Date.now())))).json()
    expect(similar.result.results.map((t: { targetId: string }) => t.targetId)).toContain(targetId)
  })

  it('never returns the poster once it is inactive', async () => {
    const put = await app.request(`/target/${targetId}`, { ...postJson({ active: '0' }, withOperator(Date.now())), method: 'PUT' })
    expect((await put.json()).result.target.active).toBe('0')
    const res = await app.request('/search', postJson({ image: photo.toString('base64') }, withToken()))
    expect(res.status).toBe(404)
    await app.request(`/target/${targetId}`, { ...postJson({ active: '1' }, withOperator(Date.now())), method: 'PUT' })
  })
})

describe('the launcher on a real socket', () => {
  let running: RunningServer

  afterAll(async () => {
    await running?.close()
  })

  it('serves /ping and /search on port 0 and closes cleanly', async () => {
    const config = resolveConfig({ port: 0, dbPath: join(dir, 'served.db'), appId: APP_ID, token: FIXED_TOKEN }, {})
    running = await startServer(config, { workers: 1, log: () => {} })
    expect(running.port).toBeGreaterThan(0)
    const ping = await fetch(`${running.url}/ping`)
    expect(await ping.json()).toMatchObject({ statusCode: 0 })
    const miss = await fetch(`${running.url}/search`, postJson({ image: poster.toString('base64'), appId: APP_ID }, withToken()))
    expect(miss.status).toBe(404)
    await running.close()
    await expect(fetch(`${running.url}/ping`)).rejects.toThrow()
  })
})

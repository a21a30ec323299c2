/**
 * The target API driven the way EasyAR's own server-end SDKs (Node.js, Java, PHP) call it: same
 * paths (trailing slashes included), same body bytes, same signature scheme, same fields read
 * back. Each request names the excerpt it copies in docs/easyar-sdk-requests.md (N1…, J1…, P1…).
 * Real engine (SQLite + one ORB worker): create, similar and grade see real pixels.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import { createApp } from '../../../../server/src/http/app.ts'
import { makePoster } from '../../../helpers/scenes.ts'
import { API_KEY, API_SECRET, APP_ID } from '../support/httpFixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-sdk-'))
let engine: RecognitionEngine
let app: ReturnType<typeof createApp>
const posters: string[] = []

type Params = Record<string, string | number>

/** N1 `genSign`: sorted keys, key + value, secret appended, sha256 hex. */
function genSign(params: Params, secret: string): string {
  const text =
    Object.keys(params)
      .sort()
      .map((key) => key + String(params[key]))
      .join('') + secret
  return createHash('sha256').update(text).digest('hex')
}

/** N1 `signParamsByAPIKeys`: number timestamp, then appId, apiKey, signature (insertion order kept). */
function nodeSign(params: Params = {}): Params {
  const out: Params = { ...params, timestamp: Date.now(), appId: APP_ID, apiKey: API_KEY }
  return { ...out, signature: genSign(out, API_SECRET) }
}

/** N1 `signParamsByAppkey` (deprecated scheme): appKey, no appId. */
function nodeSignByAppKey(params: Params = {}): Params {
  const out: Params = { ...params, timestamp: Date.now(), appKey: API_KEY }
  return { ...out, signature: genSign(out, API_SECRET) }
}

/** J1 `Auth.signParam`: the timestamp is a string. */
function javaSign(params: Params = {}): Params {
  const out: Params = { ...params, timestamp: String(Date.now()), appId: APP_ID, apiKey: API_KEY }
  return { ...out, signature: genSign(out, API_SECRET) }
}

/** P1 `getSign`: integer timestamp, keys sorted (ksort) before the signature is appended. */
function phpSign(params: Params = {}): Params {
  const all: Params = { ...params, apiKey: API_KEY, appId: APP_ID, timestamp: Math.floor(Date.now() / 1000) * 1000 }
  const sorted = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((key) => [key, all[key]!]),
  )
  return { ...sorted, signature: genSign(sorted, API_SECRET) }
}

/** PHP's `json_encode`: escapes `/` as `\/` (every base64 image has some). */
function phpJson(params: Params): string {
  return JSON.stringify(params).replaceAll('/', '\\/')
}

/** J1 `Common.toParam`: key=value joined by &, no URL encoding. */
function javaQuery(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** superagent's `.query(obj)` and PHP's `http_build_query`: URL-encoded key=value pairs. */
function encodedQuery(params: Params): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
}

/** The SDKs read answers as loose JSON; so does this test. */
// biome-ignore lint/suspicious/noExplicitAny: the answer's shape is what the test checks
type Loose = Record<string, any>

interface Answer {
  status: number
  statusCode: number
  result: Loose
}

async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  const headers: Record<string, string> =
    body === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) }
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) })
  const json = (await res.json()) as { statusCode: number; result: Loose }
  return { status: res.status, statusCode: json.statusCode, result: json.result }
}

beforeAll(async () => {
  engine = await RecognitionEngine.open({ dbPath: join(dir, 'targets.db'), workers: 1 })
  app = createApp({ engine, config: { appId: APP_ID, apiKey: API_KEY, apiSecret: API_SECRET, qps: 1000 }, log: () => {} })
  for (const seed of [8_101, 8_202, 8_303, 8_404]) posters.push((await makePoster(seed, { kind: 'poster' })).toString('base64'))
})

afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('EasyAR Node.js SDK (farmer.js)', () => {
  let targetId: string

  it('creates at POST /targets/ and answers result.targetId flat and result.target nested (N2)', async () => {
    const body = nodeSign({
      image: posters[0]!,
      name: 'sdk-test',
      size: '20',
      meta: 'http://my.com/my-3d-model-example',
      type: 'ImageTarget',
    })
    const created = await call('POST', '/targets/', JSON.stringify(body))
    expect(created.statusCode).toBe(0) // N7: anything else rejects the SDK's promise
    targetId = created.result.targetId
    expect(targetId).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.result.target.targetId).toBe(targetId)
    expect(created.result).toMatchObject({
      name: 'sdk-test',
      size: '20',
      meta: 'http://my.com/my-3d-model-example',
      type: 'ImageTarget',
      active: '1',
    })
    expect(created.result.trackingImage).toBeUndefined() // carried once, in result.target
    expect(typeof created.result.target.trackingImage).toBe('string')
  })

  it('lists with the page params sent twice (N4)', async () => {
    const signed = nodeSign({ pageNum: 1, pageSize: 10 })
    const listed = await call('GET', `/targets/infos?pageNum=1&pageSize=10&${encodedQuery(signed)}`)
    expect(listed.statusCode).toBe(0)
    expect(listed.result.targets.map((t: { targetId: string }) => t.targetId)).toContain(targetId)
  })

  it('counts, gets, updates (N3, N5)', async () => {
    const count = await call('GET', `/targets/count?${encodedQuery(nodeSign())}`)
    expect(count.result.count).toBeGreaterThanOrEqual(1)
    const got = await call('GET', `/target/${targetId}?${encodedQuery(nodeSign())}`)
    expect(got.result.targetId).toBe(targetId)
    const body = nodeSign({ image: posters[1]!, name: 'sdk-test-update', size: '20', meta: 'update meta data', type: 'ImageTarget' })
    const updated = await call('PUT', `/target/${targetId}`, JSON.stringify(body))
    expect(updated.statusCode).toBe(0)
    expect(updated.result.targetId).toBe(targetId) // bin/updateTarget prints resp.result.targetId
    expect(updated.result.target).toMatchObject({ targetId, name: 'sdk-test-update', meta: 'update meta data' })
  })

  it('finds similar and grades at the trailing-slash paths (N6)', async () => {
    const similar = await call('POST', '/similar/', JSON.stringify(nodeSign({ image: posters[1]! })))
    expect(similar.statusCode).toBe(0)
    expect(similar.result.results.map((t: { targetId: string }) => t.targetId)).toContain(targetId)
    for (const path of ['/grade/detection/', '/grade/tracking/']) {
      const grade = await call('POST', path, JSON.stringify(nodeSign({ image: posters[1]! })))
      expect(grade.statusCode).toBe(0)
      expect(grade.result.grade).toBeGreaterThanOrEqual(0)
    }
  })

  it('accepts the deprecated appKey signature (N1 signParamsByAppkey) and refuses it with a wrong secret', async () => {
    const count = await call('GET', `/targets/count?${encodedQuery(nodeSignByAppKey())}`)
    expect(count.statusCode).toBe(0)
    const forged = { ...nodeSignByAppKey(), signature: genSign({ appKey: API_KEY, timestamp: Date.now() }, 'not-the-secret') }
    const refused = await call('GET', `/targets/count?${encodedQuery(forged)}`)
    expect(refused.statusCode).toBe(2)
  })

  it('deletes and answers result.targetId (N5)', async () => {
    const deleted = await call('DELETE', `/target/${targetId}?${encodedQuery(nodeSign())}`)
    expect(deleted.statusCode).toBe(0)
    expect(deleted.result.targetId).toBe(targetId)
  })
})

describe('EasyAR Java SDK', () => {
  const ids: string[] = []

  it('creates with a string timestamp and reads result.targetId (J1, J2)', async () => {
    for (const [i, image] of [posters[2]!, posters[3]!].entries()) {
      const body = javaSign({ name: `java-sdk-test-${i}`, image, type: 'ImageTarget', size: '20', meta: 'Your customized meta info' })
      const created = await call('POST', '/targets', JSON.stringify(body), 'application/json; charset=utf-8')
      expect(created.statusCode).toBe(0)
      expect(created.result.targetId).toBe(created.result.target.targetId)
      ids.push(created.result.targetId)
    }
  })

  it('counts, lists without page params, updates, grades detail, similar (J3, J5, J6, J7)', async () => {
    const count = await call('GET', `/targets/count?${javaQuery(javaSign())}`)
    expect(Number.isInteger(count.result.count)).toBe(true) // result.getInt("count")
    const listed = await call('GET', `/targets/infos?${javaQuery(javaSign())}`)
    expect(listed.result.targets.length).toBeGreaterThanOrEqual(1)
    const updated = await call(
      'PUT',
      `/target/${ids[0]}`,
      JSON.stringify(javaSign({ image: posters[2]!, name: 'java-sdk-test-update' })),
      'application/json; charset=utf-8',
    )
    expect(updated.statusCode).toBe(0)
    expect(updated.result.name).toBe('java-sdk-test-update')
    for (const path of ['/grade/detail', '/grade/detection', '/grade/tracking']) {
      const grade = await call('POST', path, JSON.stringify(javaSign({ image: posters[2]! })), 'application/json; charset=utf-8')
      expect(grade.result.grade).toBeGreaterThanOrEqual(0) // result.get("grade")
    }
    const similar = await call('POST', '/similar', JSON.stringify(javaSign({ image: posters[3]! })), 'application/json; charset=utf-8')
    expect(similar.result.results.map((t: { targetId: string }) => t.targetId)).toContain(ids[1])
  })

  it('bulk-deletes with DELETE /targets and targetId "id1,id2" (J4)', async () => {
    const missing = '00000000-0000-0000-0000-000000000000'
    const body = JSON.stringify(javaSign({ targetId: `${ids[0]},${ids[1]},${missing}` }))
    const deleted = await call('DELETE', '/targets', body, 'application/json; charset=utf-8')
    expect(deleted.statusCode).toBe(0)
    expect(deleted.result.deleted).toEqual([ids[0], ids[1]])
    expect(deleted.result.notFound).toEqual([missing])
    const again = await call('DELETE', '/targets', JSON.stringify(javaSign({ targetId: `${ids[0]}` })), 'application/json; charset=utf-8')
    expect(again.statusCode).toBe(404)
    const single = await call('DELETE', `/target/${ids[1]}?${javaQuery(javaSign())}`)
    expect(single.statusCode).toBe(404)
  })
})

describe('EasyAR PHP SDK (EasyARClientSdk_Apikey.php)', () => {
  let targetId: string

  it('creates at POST /targets/ with json_encode bytes (\\/ escapes) and sorted keys (P1, P2)', async () => {
    const body = phpJson(
      phpSign({
        name: 'image 1',
        active: '1',
        size: '1',
        meta: Buffer.from('hello world').toString('base64'),
        image: posters[0]!,
        type: 'ImageTarget',
      }),
    )
    expect(body).toContain('\\/')
    const created = await call('POST', '/targets/', body, 'application/json; charset=utf-8')
    expect(created.statusCode).toBe(0)
    targetId = created.result.targetId
    expect(created.result.target.name).toBe('image 1')
  })

  it('lists with string page params, and the deprecated limit/last list at GET /targets/ (P4, P5)', async () => {
    const v3 = await call('GET', `/targets/infos?${encodedQuery(phpSign({ pageNum: '1', pageSize: '10' }))}`)
    expect(v3.result.targets.map((t: { targetId: string }) => t.targetId)).toContain(targetId)
    const legacy = await call('GET', `/targets/?${encodedQuery(phpSign({ limit: '10', last: '' }))}`)
    expect(legacy.statusCode).toBe(0)
    expect(legacy.result.targets.map((t: { targetId: string }) => t.targetId)).toContain(targetId)
    const after = await call('GET', `/targets/?${encodedQuery(phpSign({ limit: '10', last: targetId }))}`)
    expect(after.result.targets.map((t: { targetId: string }) => t.targetId)).not.toContain(targetId)
  })

  it('gets, updates, counts, similar, detection, delete (P3, P6, P7)', async () => {
    const info = await call('GET', `/target/${targetId}?${encodedQuery(phpSign())}`)
    expect(info.result.targetId).toBe(targetId)
    const update = phpJson(
      phpSign({ name: 'update image', active: '0', size: '1', meta: Buffer.from('hello world').toString('base64'), image: posters[0]! }),
    )
    const updated = await call('PUT', `/target/${targetId}`, update, 'application/json; charset=utf-8')
    expect(updated.statusCode).toBe(0)
    expect(updated.result).toMatchObject({ targetId, active: '0', name: 'update image' })
    const count = await call('GET', `/targets/count?${encodedQuery(phpSign())}`)
    expect(count.statusCode).toBe(0)
    const similar = await call('POST', '/similar/', phpJson(phpSign({ image: posters[0]! })), 'application/json; charset=utf-8')
    expect(similar.statusCode).toBe(0)
    const grade = await call('POST', '/grade/detection/', phpJson(phpSign({ image: posters[0]! })), 'application/json; charset=utf-8')
    expect(grade.result.grade).toBeGreaterThanOrEqual(0)
    const deleted = await call('DELETE', `/target/${targetId}?${encodedQuery(phpSign())}`)
    expect(deleted.result.targetId).toBe(targetId)
  })
})

import { createHash, createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { LocalTokenIssuer } from '../../../../server/src/token/LocalTokenIssuer.ts'
import { signParams, signingString } from '../../../../server/src/auth/signature.ts'
import { API_SECRET, APP_ID, makeApp, NOW, pngImage, postJson, signedBody, withOperator, withToken } from '../support/httpFixtures.ts'

let image: string

beforeAll(async () => {
  image = (await pngImage(3)).toString('base64')
})

async function search(app: ReturnType<typeof makeApp>['app'], body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request('/search', postJson(body, headers))
  return { status: res.status, body: await res.json() }
}

describe('signature algorithm', () => {
  it('sorts keys, concatenates key+value, appends the secret and hashes with SHA-256', () => {
    const params = { timestamp: 1514736000000, appId: 'a', apiKey: 'k', signature: 'ignored' }
    expect(signingString(params, 'S')).toBe('apiKeykappIdatimestamp1514736000000S')
    expect(signParams(params, 'S')).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('token auth', () => {
  it('rejects a request without any credentials with 401 / statusCode 6', async () => {
    const { app } = makeApp()
    expect(await search(app, { image, appId: APP_ID })).toMatchObject({
      status: 401,
      body: { statusCode: 6, result: { message: 'invalid token' }, timestamp: NOW },
    })
  })

  it('rejects a wrong token with 401 / statusCode 6', async () => {
    const { app } = makeApp()
    const res = await search(app, { image, appId: APP_ID }, withToken('nope'))
    expect(res).toMatchObject({ status: 401, body: { statusCode: 6 } })
  })

  it('rejects a token for the right library but a wrong appId with 400 / statusCode 4', async () => {
    const { app } = makeApp()
    const res = await search(app, { image, appId: 'someone-else' }, withToken())
    expect(res).toMatchObject({ status: 400, body: { statusCode: 4, result: { message: 'appId (appKey) not exist' } } })
  })

  it('accepts a local token until it expires, then answers 401 / 4001024', async () => {
    const { app, clock } = makeApp({}, { tokenTtlS: 60 })
    const minted = await (await app.request('/token', { method: 'POST' })).json()
    expect(minted.result.appId).toBe(APP_ID)
    const token = minted.result.token as string
    expect((await search(app, { image, appId: APP_ID }, withToken(token))).body.statusCode).toBe(17)
    clock.t += 60_000
    expect(await search(app, { image, appId: APP_ID }, withToken(token))).toMatchObject({
      status: 401,
      body: { statusCode: 4001024, result: { message: 'Token is expired' } },
    })
  })

  it('rejects a local token minted with another secret or for another library', async () => {
    const { app, clock } = makeApp()
    const foreign = new LocalTokenIssuer({ secret: 'other', appId: APP_ID, ttlS: 60, clock }).mint()
    expect((await search(app, { image }, withToken(foreign.token))).body.statusCode).toBe(6)
    const otherLib = new LocalTokenIssuer({ secret: API_SECRET, appId: 'other-lib', ttlS: 60, clock }).mint()
    expect((await search(app, { image }, withToken(otherLib.token))).body.statusCode).toBe(6)
    const tampered = `${foreign.token.slice(0, -2)}AA`
    expect((await search(app, { image }, withToken(tampered))).body.statusCode).toBe(6)
  })
})

describe('signature auth', () => {
  it('accepts a signature computed with image in the signed set', async () => {
    const { app } = makeApp()
    const res = await search(app, signedBody({ image, notracking: true }, NOW, true))
    expect(res.status).toBe(404)
    expect(res.body.statusCode).toBe(17)
  })

  it('accepts a signature computed without image', async () => {
    const { app } = makeApp()
    const res = await search(app, signedBody({ image, notracking: 'true' }, NOW, false))
    expect(res.body.statusCode).toBe(17)
  })

  it('accepts an uppercase hex signature and a string timestamp', async () => {
    const { app } = makeApp()
    const body = signedBody({ image }, NOW)
    const res = await search(app, { ...body, signature: String(body.signature).toUpperCase() })
    expect(res.body.statusCode).toBe(17)
    const asString = signedBody({ image, timestamp: String(NOW) }, NOW)
    expect((await search(app, { ...asString, timestamp: String(NOW) })).body.statusCode).toBe(17)
  })

  it('rejects a wrong signature with 400 / statusCode 2', async () => {
    const { app } = makeApp()
    const res = await search(app, signedBody({ image }, NOW, true, 'wrong-secret'))
    expect(res).toMatchObject({ status: 400, body: { statusCode: 2, result: { message: 'invalid signature' } } })
  })

  it('rejects a body changed after signing', async () => {
    const { app } = makeApp()
    const body = signedBody({ image, notracking: true }, NOW)
    expect((await search(app, { ...body, notracking: false })).body.statusCode).toBe(2)
  })

  it('accepts timestamps within ±5 minutes and rejects stale or future ones with 400 / 3', async () => {
    const { app } = makeApp()
    const fiveMin = 5 * 60 * 1000
    for (const ts of [NOW - fiveMin, NOW + fiveMin]) {
      expect((await search(app, signedBody({ image }, ts))).body.statusCode).toBe(17)
    }
    for (const ts of [NOW - fiveMin - 1, NOW + fiveMin + 1]) {
      expect(await search(app, signedBody({ image }, ts))).toMatchObject({
        status: 400,
        body: { statusCode: 3, result: { message: 'invalid date' } },
      })
    }
    const nan = { ...signedBody({ image }, NOW), timestamp: 'yesterday' }
    expect((await search(app, nan)).body.statusCode).toBe(3)
  })

  it('rejects a wrong apiKey with 400 / statusCode 1', async () => {
    const { app } = makeApp()
    const res = await search(app, { ...signedBody({ image }, NOW), apiKey: 'wrong' })
    expect(res).toMatchObject({ status: 400, body: { statusCode: 1 } })
  })

  it('rejects an unknown or missing appId with 400 / statusCode 4', async () => {
    const { app } = makeApp()
    expect((await search(app, { ...signedBody({ image }, NOW), appId: 'other' })).body.statusCode).toBe(4)
    const { appId: _appId, ...noAppId } = signedBody({ image }, NOW)
    expect(await search(app, noAppId)).toMatchObject({ status: 400, body: { statusCode: 4 } })
  })

  it('allows replaying the same signed request inside its window', async () => {
    const { app } = makeApp()
    const body = signedBody({ image }, NOW)
    expect((await search(app, body)).body.statusCode).toBe(17)
    expect((await search(app, body)).body.statusCode).toBe(17)
  })

  it('authenticates GET management calls from query params', async () => {
    const { app } = makeApp()
    const q = new URLSearchParams(Object.entries(signedBody({}, NOW)).map(([k, v]) => [k, String(v)]))
    const res = await app.request(`/targets/count?${q}`)
    expect(await res.json()).toMatchObject({ statusCode: 0, result: { count: 0 } })
  })
})

describe('credential scopes: a page may search, only operators manage targets', () => {
  const count = async (app: ReturnType<typeof makeApp>['app'], headers: Record<string, string>) => {
    const res = await app.request('/targets/count', { headers })
    return { status: res.status, body: await res.json() }
  }

  it('refuses a visitor token from /token on the target API with 403 / statusCode 6, and lets it search', async () => {
    const { app } = makeApp()
    const visitor = (await (await app.request('/token', { method: 'POST' })).json()).result.token as string
    expect((await search(app, { image, appId: APP_ID }, withToken(visitor))).body.statusCode).toBe(17)
    const refused = await count(app, withToken(visitor))
    expect(refused).toMatchObject({ status: 403, body: { statusCode: 6 } })
    expect(refused.body.result.message).toContain('may only search')
  })

  it('refuses the fixed --token on the target API (it is what a dev page holds)', async () => {
    const { app } = makeApp()
    expect(await count(app, withToken())).toMatchObject({ status: 403, body: { statusCode: 6 } })
  })

  it('accepts an operator token (crs token --operator) on the target API and on search', async () => {
    const { app } = makeApp()
    expect(await count(app, withOperator())).toMatchObject({ status: 200, body: { statusCode: 0 } })
    expect((await search(app, { image }, withOperator())).body.statusCode).toBe(17)
  })

  it('accepts the fixed operator token (CRS_OPERATOR_TOKEN) on the target API', async () => {
    const { app } = makeApp({}, { operatorToken: 'operator-fixed-token' })
    expect(await count(app, withToken('operator-fixed-token'))).toMatchObject({ status: 200, body: { statusCode: 0 } })
  })

  it('cannot upgrade a visitor token: the scope is inside the MAC, and a token without one may only search', async () => {
    const { app, clock } = makeApp()
    const issuer = new LocalTokenIssuer({ secret: API_SECRET, appId: APP_ID, ttlS: 60, clock })
    const [prefix, payload, mac] = issuer.mint('search').token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    expect(claims.scope).toBe('search')
    const upgraded = Buffer.from(JSON.stringify({ ...claims, scope: 'operator' })).toString('base64url')
    expect(await count(app, withToken(`${prefix}.${upgraded}.${mac}`))).toMatchObject({ status: 401, body: { statusCode: 6 } })
    // A token minted before scopes existed (no claim), correctly MACed: search only.
    const { scope: _scope, ...legacy } = claims
    const legacyBody = `${prefix}.${Buffer.from(JSON.stringify(legacy)).toString('base64url')}`
    const key = createHash('sha256').update(`crs-local-token:${API_SECRET}`).digest()
    const legacyToken = `${legacyBody}.${createHmac('sha256', key).update(legacyBody).digest('base64url')}`
    expect((await search(app, { image }, withToken(legacyToken))).body.statusCode).toBe(17)
    expect(await count(app, withToken(legacyToken))).toMatchObject({ status: 403, body: { statusCode: 6 } })
  })
})

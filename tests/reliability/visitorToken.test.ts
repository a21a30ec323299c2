/**
 * Two kinds of credentials (issue 10): what a page can hold (a token from `/token`, the fixed
 * `--token`, a plain `crs token`, one minted before tokens had a scope) may search and nothing
 * else. Every other route of the app's route table (and its trailing-slash spelling) is sent a
 * real change or read by each visitor credential on the real engine over a socket: each is
 * refused with 403 / statusCode 6 and the store is byte for byte what it was. The same requests,
 * signed with the API key and secret, still work.
 */
import { createHash, createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signParams } from '../../server/src/auth/signature.ts'
import { ROUTES } from '../../server/src/http/app.ts'
import { LocalTokenIssuer } from '../../server/src/token/LocalTokenIssuer.ts'
import { assetTargets } from '../helpers/sampleTargets.ts'
import { Tally, recordFigures } from './support/figures.ts'
import { API_KEY, API_SECRET, APP_ID, type RealServer, TOKEN, addTarget, startRealServer } from './support/realServer.ts'

const VISITOR_FIXED = 'visitor-fixed-token'
/** Routes a visitor may call: search, and the open ones. */
const VISITOR_ROUTES = new Set(['/search', '/v2/search', '/ping', '/token'])

type Params = Record<string, string>

interface Call {
  method: string
  path: string
  /** JSON body for POST/PUT, query for GET/DELETE. */
  params: Params
}

let server: RealServer
let base: string
let targetId: string
let image: string
let other: string

beforeAll(async () => {
  server = await startRealServer({ token: VISITOR_FIXED })
  base = `http://127.0.0.1:${server.port}`
  const [first, second] = assetTargets()
  if (!first || !second) throw new Error('assets/targets needs two sample images')
  image = first.png.toString('base64')
  other = second.png.toString('base64')
  targetId = await addTarget(server.app, first.name, first.png, 'b3JpZ2luYWw=')
})

afterAll(async () => {
  await server?.close()
})

/** Every concrete request the route table allows, except the visitor's own routes. */
function operatorCalls(): Call[] {
  const calls: Call[] = []
  for (const [pattern, methods] of ROUTES) {
    if (VISITOR_ROUTES.has(pattern)) continue
    const paths = pattern.startsWith('/grade/')
      ? ['detection', 'tracking', 'detail'].map((kind) => `/grade/${kind}`)
      : [pattern.replace(':id', targetId)]
    for (const path of paths) {
      for (const method of methods.split(',').map((m) => m.trim())) {
        // Each write carries a real change: a foreign image and meta, a deactivation, a delete.
        const params: Params =
          method === 'POST'
            ? { image: other, name: 'intruder', meta: 'aHR0cHM6Ly9ldmlsLmV4YW1wbGU=', allowSimilar: '1' }
            : method === 'PUT'
              ? { active: '0', meta: 'aHR0cHM6Ly9ldmlsLmV4YW1wbGU=', name: 'hijacked' }
              : method === 'DELETE'
                ? { targetId }
                : { pageNum: '1', pageSize: '100' }
        calls.push({ method, path, params })
        calls.push({ method, path: `${path}/`, params })
      }
    }
  }
  return calls
}

async function send(call: Call, authorization?: string): Promise<{ status: number; statusCode: number; message: string }> {
  const withBody = call.method === 'POST' || call.method === 'PUT'
  const query = withBody ? '' : `?${new URLSearchParams(call.params)}`
  const res = await fetch(`${base}${call.path}${query}`, {
    method: call.method,
    headers: { ...(withBody ? { 'Content-Type': 'application/json' } : {}), ...(authorization ? { Authorization: authorization } : {}) },
    ...(withBody ? { body: JSON.stringify(call.params) } : {}),
  })
  const body = (await res.json()) as { statusCode: number; result: { message?: string } }
  return { status: res.status, statusCode: body.statusCode, message: body.result.message ?? '' }
}

function signed(call: Call): Call {
  const params = { ...call.params, apiKey: API_KEY, appId: APP_ID, timestamp: String(Date.now()) }
  return { ...call, params: { ...params, signature: signParams(params, API_SECRET) } }
}

/** A token minted before tokens carried a scope: same MAC, no `scope` claim. */
function legacyToken(): string {
  const payload = { appId: APP_ID, iat: Date.now(), exp: Date.now() + 60_000, nonce: 'legacy' }
  const body = `crs1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  const key = createHash('sha256').update(`crs-local-token:${API_SECRET}`).digest()
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

/** Everything a visitor could have changed: the listing and the stored image of every target. */
async function snapshot(): Promise<string> {
  const targets = server.engine.listTargets(1, 1000).map((t) => ({
    ...t,
    image: createHash('sha256')
      .update(server.engine.getTargetImage(t.targetId) ?? '')
      .digest('hex'),
  }))
  return JSON.stringify({ count: server.engine.countTargets(), targets })
}

describe('a visitor token may search and nothing else', () => {
  it('refuses every non-search route (and its trailing-slash spelling) with 403 / 6 for every visitor credential, store unchanged', async () => {
    const minted = (await (await fetch(`${base}/token`, { method: 'POST' })).json()) as { result: { token: string } }
    const visitors: Record<string, string> = {
      'POST /token': minted.result.token,
      'fixed --token': VISITOR_FIXED,
      'crs token (no --operator)': new LocalTokenIssuer({ secret: API_SECRET, appId: APP_ID, ttlS: 60 }).mint().token,
      'token without a scope claim': legacyToken(),
    }
    // The credentials are live: each one searches (and finds the stored target).
    for (const [label, token] of Object.entries(visitors)) {
      const hit = await send({ method: 'POST', path: '/search', params: { image, notracking: 'true' } }, token)
      expect([label, hit.statusCode]).toEqual([label, 0])
    }

    const before = await snapshot()
    const calls = operatorCalls()
    const outcomes = new Tally()
    const accepted: string[] = []
    for (const [label, token] of Object.entries(visitors)) {
      for (const call of calls) {
        const answer = await send(call, token)
        outcomes.add(`${answer.status}/${answer.statusCode}`)
        // A trailing-slash spelling the server does not route is a 404; anything routed is a 403.
        const refused = (answer.status === 403 && answer.statusCode === 6) || (call.path.endsWith('/') && answer.status === 404)
        if (!refused) accepted.push(`${label}: ${call.method} ${call.path} → ${answer.status}/${answer.statusCode} ${answer.message}`)
      }
    }
    recordFigures('visitorToken', { routesTried: calls.length, credentials: Object.keys(visitors), outcomes: outcomes.toJSON() })
    expect(accepted).toEqual([])
    expect(await snapshot()).toBe(before)
    // Still recognized as itself: nothing was swapped.
    const hit = await send({ method: 'POST', path: '/search', params: { image, notracking: 'true' } }, visitors['POST /token'])
    expect(hit.statusCode).toBe(0)
  })

  it('lets the same requests through when signed with the API key and secret (and with an operator token)', async () => {
    const calls = operatorCalls().filter((call) => !call.path.endsWith('/') && call.method !== 'DELETE')
    const failures: string[] = []
    for (const call of calls) {
      const answer = await send(signed(call))
      if (answer.statusCode !== 0) failures.push(`${call.method} ${call.path} → ${answer.status}/${answer.statusCode} ${answer.message}`)
    }
    expect(failures).toEqual([])
    // The writes really happened: the PUT deactivated and renamed the target, the POST added one.
    expect(server.engine.getTarget(targetId)).toMatchObject({ name: 'hijacked', active: false })
    expect(server.engine.listTargets(1, 100).some((t) => t.name === 'intruder')).toBe(true)
    const removed = await send(signed({ method: 'DELETE', path: `/target/${targetId}`, params: {} }))
    expect(removed.statusCode).toBe(0)
    expect(server.engine.getTarget(targetId)).toBeUndefined()
    expect((await send({ method: 'GET', path: '/targets/count', params: {} }, TOKEN)).statusCode).toBe(0)
  })
})

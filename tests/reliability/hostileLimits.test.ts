/**
 * Issue 10's hostile inputs at the HTTP surface, each with its documented 4xx, no 5xx, no unexpected
 * log line, no stall of other clients (/ping measured alongside) and, for the strip image, no leak.
 * The real engine and `crs serve`'s launcher on a socket (support/realServer.ts).
 */
import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_IMAGE_BYTES } from '../../src/protocol/statusCodes.ts'
import { MAX_FORM_PARTS } from '../../server/src/http/requestInput.ts'
import { MAX_CUSTOM_FIELDS } from '../../server/src/engine/targetText.ts'
import { makePoster } from '../helpers/scenes.ts'
import { recordFigures } from './support/figures.ts'
import { sendRaw } from './support/rawHttp.ts'
import { API_KEY, API_SECRET, APP_ID, type RealServer, TOKEN, startRealServer } from './support/realServer.ts'

let server: RealServer
let base: string

beforeAll(async () => {
  server = await startRealServer()
  base = `http://127.0.0.1:${server.port}`
})

afterAll(async () => {
  await server?.close()
})

/** The target API takes the API key signature (EasyAR's SDKs' way, docs/easyar-sdk-requests.md N1). */
function signed(fields: Record<string, string>): Record<string, string | number> {
  const params: Record<string, string | number> = { ...fields, apiKey: API_KEY, appId: APP_ID, timestamp: Date.now() }
  const text =
    Object.keys(params)
      .sort()
      .map((k) => k + String(params[k]))
      .join('') + API_SECRET
  return { ...params, signature: createHash('sha256').update(text).digest('hex') }
}

async function postJson(
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; statusCode: number; message: string; result: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
  const json = (await res.json()) as { statusCode: number; result: { message?: string } & Record<string, unknown> }
  return { status: res.status, statusCode: json.statusCode, message: json.result.message ?? '', result: json.result }
}

/** /ping round trips (ms) measured every 50 ms while `load` runs. */
async function pingDuring(load: () => Promise<void>): Promise<{ median: number; max: number; count: number }> {
  const times: number[] = []
  let running = true
  const pinger = (async () => {
    while (running) {
      const started = performance.now()
      await (await fetch(`${base}/ping`)).text()
      times.push(performance.now() - started)
      await new Promise((r) => setTimeout(r, 50))
    }
  })()
  await load()
  running = false
  await pinger
  times.sort((a, b) => a - b)
  return { median: Math.round(times[Math.floor(times.length / 2)] ?? 0), max: Math.round(times.at(-1) ?? 0), count: times.length }
}

/** Resident memory once collected and settled: gc (the suite runs with --expose-gc), then 1 s. */
async function restingRssMb(): Promise<number> {
  gc?.()
  await new Promise((r) => setTimeout(r, 1_000))
  gc?.()
  return process.memoryUsage().rss / 2 ** 20
}

describe('hostile inputs of issue 10', () => {
  it('answers 427 to an image whose short side resizing makes 1 px, 300 times, without leaking', async () => {
    const strip = await sharp({ create: { width: 64_000, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer()
    const body = JSON.stringify({ image: strip.toString('base64') })
    const statuses = new Map<string, number>()
    const send = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const answer = await postJson('/search', body, { Authorization: TOKEN })
        const key = `${answer.status}/${answer.statusCode}`
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
      }
    }
    // Warm up first (JIT, the HTTP client and server of this one process, allocator high-water
    // marks), then read resident memory at rest before and after the 300 counted requests.
    await send(100)
    const before = await restingRssMb()
    await send(300)
    const after = await restingRssMb()
    const growth = after - before
    recordFigures('hostileLimits', {
      stripImage: { answers: Object.fromEntries(statuses), rssBeforeMb: Math.round(before), rssGrowthMb: Math.round(growth) },
    })
    expect([...statuses.keys()]).toEqual(['400/427'])
    // The leak was ~100 MB per 300 requests (WASM memory of a worker ORB threw in). Without it,
    // resting RSS wanders 296-314 MB over 6 x 300 of these requests with no trend (measured), and
    // a single before/after pair read +21 to +25 MB: half the leak is the bound.
    expect(growth).toBeLessThan(50)
    expect(server.unexpected).toEqual([])
  })

  it('refuses /v2/search bodies of 50,000 fields without credentials, with /ping unharmed', async () => {
    const boundary = 'b7'
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n`
    const body = Buffer.from(`${part.repeat(50_000)}--${boundary}--\r\n`)
    expect(body.length).toBeGreaterThan(2_500_000)
    const statuses = new Map<string, number>()
    const send = async (headers: Record<string, string>) => {
      const res = await fetch(`${base}/v2/search`, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, ...headers },
        body,
      })
      const json = (await res.json()) as { statusCode: number }
      const key = `${res.status}/${json.statusCode}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
    }
    // /ping on its own first: the machine is shared, so the bound is relative to what it gives now.
    const idle = await pingDuring(() => new Promise((r) => setTimeout(r, 2_000)))
    // 20 requests a second for 5 s (inside the per-client limit), as in the report.
    const ping = await pingDuring(async () => {
      const pending: Promise<void>[] = []
      for (let i = 0; i < 100; i++) {
        pending.push(send(i % 2 === 0 ? {} : { Authorization: 'not-a-token' }))
        await new Promise((r) => setTimeout(r, 50))
      }
      await Promise.all(pending)
    })
    recordFigures('hostileLimits', { manyFormFields: { answers: Object.fromEntries(statuses), pingMs: ping, idlePingMs: idle } })
    for (const key of statuses.keys()) expect(key).toMatch(/^4\d\d\//)
    // Parsing them all pushed the median to 2 s; answered at the part count it stays near idle.
    expect(ping.median).toBeLessThan(Math.max(300, 3 * idle.median))
    // A body within the part limit from a client without credentials is parsed and refused.
    const few = Buffer.from(`${part.repeat(MAX_FORM_PARTS)}--${boundary}--\r\n`)
    const res = await fetch(`${base}/v2/search`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: few,
    })
    expect(((await res.json()) as { statusCode: number }).statusCode).toBe(6)
  })

  it('refuses a target with 200,000 custom fields (414) and lists fast with the most it allows', async () => {
    const image = (await makePoster(6_001, { kind: 'poster' })).toString('base64')
    const many: Record<string, string> = {}
    for (let i = 0; i < 200_000; i++) many[`f${i}`] = 'x'
    const refused = await postJson('/targets', JSON.stringify(signed({ ...many, image, name: 'many-fields', allowSimilar: '1' })))
    expect(refused.statusCode).toBe(414)
    expect(refused.message).toMatch(/custom fields/)
    const allowed: Record<string, string> = {}
    for (let i = 0; i < MAX_CUSTOM_FIELDS; i++) allowed[`field${i}`] = 'y'.repeat(400)
    const created = await postJson('/targets', JSON.stringify(signed({ ...allowed, image, name: 'most-fields', allowSimilar: '1' })))
    expect(created.statusCode).toBe(0)
    const tooMuch = await postJson(
      '/targets',
      JSON.stringify(signed({ ...allowed, field0: 'z'.repeat(20_000), image, name: 'big-fields', allowSimilar: '1' })),
    )
    expect(tooMuch.statusCode).toBe(414)
    const started = performance.now()
    const q = new URLSearchParams(Object.entries(signed({ pageSize: '100' })).map(([k, v]) => [k, String(v)]))
    const listed = await fetch(`${base}/targets/infos?${q}`)
    expect(((await listed.json()) as { statusCode: number }).statusCode).toBe(0)
    const listMs = performance.now() - started
    recordFigures('hostileLimits', { customFields: { refused: refused.message, listMs: Math.round(listMs) } })
    expect(listMs).toBeLessThan(500)
  })

  it('refuses lone surrogates in name, meta and custom fields with 414 naming the field', async () => {
    const image = (await makePoster(6_002, { kind: 'poster' })).toString('base64')
    for (const [field, value] of [
      ['name', 'a\ud800b'],
      ['meta', 'x\udc00'],
      ['note', '\ud83d'],
    ] as const) {
      const fields = { name: 'surrogate', image, allowSimilar: '1', [field]: value }
      // JSON.stringify writes a lone surrogate as a \u escape, as any client would have to.
      const answer = await postJson('/targets', JSON.stringify(signed(fields)))
      expect(answer.statusCode, field).toBe(414)
      expect(answer.message, field).toMatch(new RegExp(`${field}.*lone UTF-16 surrogate`))
    }
  })

  it('accepts a 2 MB image with 2 MB of meta that JSON escapes (six bytes a character)', async () => {
    // Noise compresses badly: a PNG just under the 2 MB decoded limit.
    const noise = await sharp({
      create: { width: 800, height: 800, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
    })
      .png()
      .toBuffer()
    expect(noise.length).toBeGreaterThan(1_800_000)
    expect(noise.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES)
    const meta = '\u0001'.repeat(MAX_IMAGE_BYTES)
    const body = JSON.stringify(signed({ image: noise.toString('base64'), name: 'escaped-meta', meta, allowSimilar: '1' }))
    expect(body.length).toBeGreaterThan(14_000_000)
    const answer = await postJson('/targets', body)
    recordFigures('hostileLimits', { escapedMeta: { bodyBytes: body.length, statusCode: answer.statusCode } })
    expect(answer.statusCode).toBe(0)
    // One byte of meta more is still a 422, whatever its spelling.
    const over = await postJson(
      '/targets',
      JSON.stringify(signed({ image: noise.toString('base64'), name: 'escaped-meta-2', meta: `${meta}a`, allowSimilar: '1' })),
    )
    expect(over.statusCode).toBe(422)
  })

  it('answers CONNECT and an unsupported Expect with JSON envelopes', async () => {
    const connect = await sendRaw(server.port, Buffer.from('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 'latin1'))
    expect(connect.status).toBe(405)
    expect(connect.headers['content-type']).toMatch(/application\/json/)
    expect((JSON.parse(connect.body.toString('utf8')) as { statusCode: number }).statusCode).toBe(405)
    const expectBogus = await sendRaw(
      server.port,
      Buffer.from(
        `POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: ${TOKEN}\r\nExpect: bogus\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        'latin1',
      ),
    )
    expect(expectBogus.status).toBe(417)
    expect(expectBogus.headers['content-type']).toMatch(/application\/json/)
    const envelope = JSON.parse(expectBogus.body.toString('utf8')) as { statusCode: number; result: { message: string }; timestamp: number }
    expect(envelope.result.message).toMatch(/Expect/)
    expect(typeof envelope.timestamp).toBe('number')
  })

  it('logged nothing unexpected', () => {
    expect(server.unexpected).toEqual([])
  })
})

/**
 * Hostile input at the HTTP surface, property-based, against the REAL engine.
 *
 * Most requests go through `app.request()`: the same Hono app `crs serve` runs, minus the socket,
 * so ~10 000 requests fit in a couple of minutes on 2 cores. A smaller share goes over real TCP
 * sockets to the same engine served by `crs serve`'s own launcher (startServer), because only
 * there do duplicate headers stay duplicates, `..` stays unnormalised, bodies arrive chunked, and
 * Node's HTTP parser and the @hono/node-server adapter have their say.
 *
 * Pass: no HTTP 5xx, no crash, every answer a CRS envelope with a statusCode documented in
 * server/README.md (30 "unexpected" never), and resident memory after the run within 10 % of
 * what it was after the first 1 000 requests.
 *
 * RELIABILITY_SEED reproduces a run (default fixed); RELIABILITY_REQUESTS and
 * RELIABILITY_SOCKET_REQUESTS scale it.
 */
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_INPUT_PIXELS } from '../../server/src/engine/decodeImage.ts'
import { assetTargets } from '../helpers/sampleTargets.ts'
import { type Answer, judge } from './support/answers.ts'
import { Tally, percentile, recordFigures, round } from './support/figures.ts'
import { type HostileContext, type HostileRequest, type Materialized, hostileRequest, materialize } from './support/hostileRequests.ts'
import { BOMB_SIZES, type ImagePool, imageBytes, loadImagePool } from './support/images.ts'
import { type RawRequest, sendRaw, serialize } from './support/rawHttp.ts'
import { API_KEY, API_SECRET, APP_ID, type RealServer, TOKEN, addTarget, startRealServer } from './support/realServer.ts'

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_251_202)
const IN_PROCESS = Number(process.env.RELIABILITY_REQUESTS ?? 10_000)
const OVER_SOCKET = Number(process.env.RELIABILITY_SOCKET_REQUESTS ?? 1_500)
/** Requests in flight together: enough to keep both ORB workers busy and to race writes. */
const BATCH = 4
/** "After the first 1 000 requests" is the memory baseline (smaller for scaled-down runs). */
const WARMUP = Math.min(1_000, Math.floor((IN_PROCESS + OVER_SOCKET) / 5))
const MAX_RSS_GROWTH = 0.1
/**
 * Uncounted fuzz requests before the campaign (see beforeAll), in process and over sockets: over
 * 31 500 requests the main malloc heap stayed flat during the in-process part and first grew by
 * 16 MB in the socket part (the HTTP server's own buffers), so both paths are primed.
 */
const PRIMING = Number(process.env.RELIABILITY_PRIMING_REQUESTS ?? 3_000)
const PRIMING_OVER_SOCKET = Math.ceil(PRIMING / 6)
let primingFigures: { requests: number; failures: number } | undefined
/** The store is kept small: targets created by the fuzz beyond this are removed, oldest first. */
const MAX_CREATED = 8

let server: RealServer
let ctx: HostileContext
let pool: ImagePool
let readTargets: Array<{ name: string; png: Buffer; targetId: string }>

const gc = (globalThis as { gc?: () => void }).gc

const rssNowMb = (): number => round(process.memoryUsage().rss / 1024 / 1024)

/**
 * Resident memory at rest: gc() here and in both ORB workers (RecognitionEngine.collectGarbage),
 * then wait at least 10 s (V8's memory reducer returns idle heap pages on its own, ~30 MB) and
 * until RSS stops falling. The breakdown says where it lives (see residentByMapping).
 */
async function restingRssMb(): Promise<{ mb: number; waitedS: number; detail: Record<string, number> }> {
  const started = performance.now()
  const elapsed = () => performance.now() - started
  let previous = Number.POSITIVE_INFINITY
  let steadySeconds = 0
  for (;;) {
    gc?.()
    server.engine.collectGarbage?.()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const mb = rssNowMb()
    steadySeconds = previous - mb < 1 ? steadySeconds + 1 : 0
    previous = mb
    if ((elapsed() >= 10_000 && steadySeconds >= 3) || elapsed() >= 25_000) {
      const usage = process.memoryUsage()
      const detail = {
        heapUsedMb: round(usage.heapUsed / 2 ** 20),
        heapTotalMb: round(usage.heapTotal / 2 ** 20),
        externalMb: round(usage.external / 2 ** 20),
        arrayBuffersMb: round(usage.arrayBuffers / 2 ** 20),
        ...residentByMapping(),
      }
      return { mb, waitedS: round(elapsed() / 1000), detail }
    }
  }
}

/**
 * Resident memory by kind of mapping (Linux /proc/self/smaps): WebAssembly memories live in huge
 * reservations (≥ 1 GiB of address space each), glibc's per-thread malloc arenas in 64 MiB
 * regions, the main malloc heap in [heap]; everything else (V8 heaps, libraries) is "other".
 */
function residentByMapping(): Record<string, number> {
  let text: string
  try {
    text = readFileSync('/proc/self/smaps', 'utf8')
  } catch {
    return {}
  }
  const kb = { wasmMb: 0, arenasMb: 0, brkHeapMb: 0, otherMb: 0 }
  let kind: keyof typeof kb = 'otherMb'
  for (const line of text.split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (range) {
      const size = Number.parseInt(range[2]!, 16) - Number.parseInt(range[1]!, 16)
      const name = range[3] ?? ''
      kind =
        name === '[heap]'
          ? 'brkHeapMb'
          : size >= 2 ** 30
            ? 'wasmMb'
            : name === '' && size <= 2 ** 26 && size >= 2 ** 25
              ? 'arenasMb'
              : 'otherMb'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss) kb[kind] += Number(rss[1])
  }
  return Object.fromEntries(Object.entries(kb).map(([k, v]) => [k, round(v / 1024)]))
}

/**
 * The heaviest legitimate work the fuzz can ask for, a few times on both workers, before anything
 * is counted. OpenCV's WASM heaps and the allocator's arenas only grow to their high-water mark;
 * without this the 1 000-request baseline would depend on whether the seed happened to send a
 * 36 Mpx image early. A leak still shows: it keeps growing after this.
 */
async function primeEngine(): Promise<void> {
  const heavy = [
    imageBytes({ kind: 'bomb', format: 'png', width: 6_000, height: 6_000 }, pool),
    imageBytes({ kind: 'bomb', format: 'jpeg', width: 6_000, height: 6_000 }, pool),
    ...assetTargets().map((asset) => asset.png),
    ...pool.valid,
  ]
  for (let pass = 0; pass < 3; pass++) {
    const calls = heavy.flatMap((image) =>
      ['/search', '/similar', '/grade/detection'].map((route) =>
        server.app.request(route, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: TOKEN },
          body: JSON.stringify({ image: image.toString('base64') }),
        }),
      ),
    )
    await Promise.all(calls)
  }
}

/** Sends requests, judges answers, and keeps the figures. */
class Campaign {
  sent = 0
  restAfterWarmup: { mb: number; waitedS: number; detail: Record<string, number> } | undefined
  /** Resident memory every 1 000 requests, mid-flight: a leak climbs, noise does not. */
  readonly rssSeriesMb: number[] = []
  /** …and of it, the main malloc heap ([heap]): where allocator growth showed. */
  readonly heapSeriesMb: number[] = []
  readonly failures: string[] = []
  readonly byRoute = new Tally()
  readonly byStatus = new Tally()
  readonly latencies = new Map<string, number[]>()
  readonly created: string[] = []

  async send(request: HostileRequest, via: 'app' | 'socket'): Promise<string | undefined> {
    const wire = materialize(request, ctx, this.created.at(-1))
    const started = performance.now()
    let answer: Answer
    try {
      answer = via === 'app' ? await sendToApp(wire) : await sendToSocket(wire)
    } catch (error) {
      return this.fail(request, wire, `no answer: ${String(error)}`)
    }
    const ms = performance.now() - started
    this.sent++
    if (this.sent % 1_000 === 0) {
      this.rssSeriesMb.push(rssNowMb())
      this.heapSeriesMb.push(residentByMapping().brkHeapMb ?? 0)
    }
    const verdict = judge(wire.method, answer)
    this.byRoute.add(request.route)
    if (!verdict.ok) return this.fail(request, wire, verdict.reason)
    this.byStatus.add(verdict.statusCode)
    const list = this.latencies.get(request.route) ?? []
    list.push(ms)
    this.latencies.set(request.route, list)
    await this.trackTargets(request, wire, answer)
    return undefined
  }

  private fail(request: HostileRequest, wire: Materialized, reason: string): string {
    const line = `${request.route}: ${wire.method} ${wire.target.slice(0, 160)} → ${reason}`
    this.failures.push(line)
    return line
  }

  /** Remembers targets the fuzz created (DELETE may aim at them) and keeps the store small. */
  private async trackTargets(request: HostileRequest, wire: Materialized, answer: Answer): Promise<void> {
    if (answer.status !== 200) return
    if (request.route === 'POST /targets' && wire.method === 'POST') {
      const id = (JSON.parse(answer.body.toString('utf8')) as { result: { target?: { targetId?: string } } }).result.target?.targetId
      if (id) this.created.push(id)
      while (this.created.length > MAX_CREATED) server.engine.deleteTarget(this.created.shift() ?? '')
    }
    if (request.route === 'DELETE /target/:id' && wire.method === 'DELETE') {
      const id = (JSON.parse(answer.body.toString('utf8')) as { result: { targetId?: string } }).result.targetId
      const at = this.created.indexOf(id ?? '')
      if (at >= 0) this.created.splice(at, 1)
    }
  }

  latencyFigures(): Record<string, { n: number; p50: number; p99: number; max: number }> {
    const out: Record<string, { n: number; p50: number; p99: number; max: number }> = {}
    for (const [route, list] of [...this.latencies].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b)
      out[route] = {
        n: sorted.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
      }
    }
    return out
  }
}

async function sendToApp(wire: Materialized): Promise<Answer> {
  const headers = new Headers()
  for (const [name, value] of wire.headers) headers.append(name, value)
  const res = await server.app.request(`http://127.0.0.1${wire.target}`, {
    method: wire.method,
    headers,
    ...(wire.body ? { body: new Uint8Array(wire.body) } : {}),
  })
  return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) }
}

async function sendToSocket(wire: Materialized): Promise<Answer> {
  const request: RawRequest = { method: wire.method, target: wire.target, headers: wire.headers, ...(wire.body ? { body: wire.body } : {}) }
  const raw = await sendRaw(server.port, serialize(request, `127.0.0.1:${server.port}`))
  return { status: raw.status, contentType: raw.headers['content-type'] ?? null, body: raw.body }
}

const campaign = new Campaign()
const runStarted = performance.now()

beforeAll(async () => {
  server = await startRealServer()
  pool = await loadImagePool()
  const assets = assetTargets()
  const meta = (title: string) => Buffer.from(JSON.stringify({ type: 'image', title })).toString('base64')
  readTargets = []
  for (const asset of assets.filter((a) => a.name === 'tea-box' || a.name === 'city-postcard')) {
    readTargets.push({ ...asset, targetId: await addTarget(server.app, asset.name, asset.png, meta(asset.name)) })
  }
  const victim = assets.find((a) => a.name === 'booth-wall')
  if (readTargets.length !== 2 || !victim) throw new Error('assets/targets must hold tea-box, city-postcard and booth-wall')
  ctx = {
    token: TOKEN,
    appId: APP_ID,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    readIds: readTargets.map((t) => t.targetId),
    victimId: await addTarget(server.app, victim.name, victim.png, meta(victim.name)),
    images: pool,
  }
  await primeEngine()
  // A first pass of the same fuzz (other seeds, both paths), not counted, so the baseline reading
  // comes after the allocators and heaps have seen every kind of request once (high-water marks,
  // not retained objects). A leak still shows: it keeps growing over the 11 500 counted requests.
  // The other half of a stable reading is glibc's mmap threshold: see vitest.reliability.config.ts.
  const priming = new Campaign()
  await runCampaign(PRIMING, 'app', SEED + 7, priming)
  await runCampaign(PRIMING_OVER_SOCKET, 'socket', SEED + 8, priming)
  for (const id of priming.created) server.engine.deleteTarget(id)
  primingFigures = { requests: priming.sent, failures: priming.failures.length }
  if (priming.failures.length > 0) throw new Error(`priming pass: ${priming.failures.join('\n')}`)
})

afterAll(async () => {
  await server?.close()
})

async function runCampaign(requests: number, via: 'app' | 'socket', seed: number, into: Campaign = campaign): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(hostileRequest(ctx), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const failures = (await Promise.all(batch.map((request) => into.send(request, via)))).filter((f) => f !== undefined)
      if (failures.length > 0) throw new Error(failures.join('\n'))
      // Between batches, so nothing is in flight: the same conditions as the final reading.
      if (into === campaign && campaign.restAfterWarmup === undefined && campaign.sent >= WARMUP)
        campaign.restAfterWarmup = await restingRssMb()
    }),
    { seed, numRuns: Math.ceil(requests / BATCH) },
  )
}

describe('hostile input on the real engine', () => {
  it(`answers ${IN_PROCESS} generated requests through app.request() with documented envelopes`, async () => {
    const started = performance.now()
    await runCampaign(IN_PROCESS, 'app', SEED)
    recordFigures('hostileInput', {
      seed: SEED,
      inProcessRequests: campaign.sent,
      inProcessSeconds: round((performance.now() - started) / 1000),
    })
    expect(campaign.failures).toEqual([])
  })

  it(`answers ${OVER_SOCKET} generated requests over real TCP sockets`, async () => {
    const before = campaign.sent
    const started = performance.now()
    await runCampaign(OVER_SOCKET, 'socket', SEED + 1)
    recordFigures('hostileInput', { socketRequests: campaign.sent - before, socketSeconds: round((performance.now() - started) / 1000) })
    expect(campaign.failures).toEqual([])
  })

  it('keeps resident memory within 10 % of what it was after the first requests', async () => {
    const afterRun = await restingRssMb()
    const afterWarmup = campaign.restAfterWarmup
    recordFigures('hostileInput', {
      warmupRequests: WARMUP,
      rssAfterWarmupMb: afterWarmup?.mb,
      rssAfterRunMb: afterRun.mb,
      rssGrowth: afterWarmup ? round(afterRun.mb / afterWarmup.mb - 1, 3) : null,
      restBeforeReadingS: [afterWarmup?.waitedS, afterRun.waitedS],
      primingPass: primingFigures,
      memoryAtRestMb: [afterWarmup?.detail, afterRun.detail],
      rssEvery1000RequestsMb: campaign.rssSeriesMb,
      mallocHeapEvery1000RequestsMb: campaign.heapSeriesMb,
    })
    expect(afterWarmup).toBeDefined()
    expect(afterRun.mb).toBeLessThanOrEqual((afterWarmup?.mb ?? 0) * (1 + MAX_RSS_GROWTH))
  })

  it('answers hand-written HTTP edge cases over a socket with envelopes, even those Node’s parser refuses', async () => {
    const host = `127.0.0.1:${server.port}`
    const image = pool.valid[0]?.toString('base64') ?? ''
    const json = (fields: object) => Buffer.from(JSON.stringify(fields))
    const raw = (text: string) => Buffer.from(text, 'latin1')
    const head = (lines: string[], body = '') => raw(`${lines.join('\r\n')}\r\n\r\n${body}`)
    const cases: Array<{ name: string; bytes: Buffer }> = [
      {
        name: 'duplicate Authorization',
        bytes: serialize(
          {
            method: 'POST',
            target: '/search',
            headers: [
              ['Content-Type', 'application/json'],
              ['Authorization', TOKEN],
              ['Authorization', TOKEN],
            ],
            body: json({ image }),
          },
          host,
        ),
      },
      {
        name: 'duplicate Content-Type',
        bytes: serialize(
          {
            method: 'POST',
            target: '/search',
            headers: [
              ['Content-Type', 'application/json'],
              ['Content-Type', 'application/json'],
              ['Authorization', TOKEN],
            ],
            body: json({ image }),
          },
          host,
        ),
      },
      {
        name: 'missing Content-Type',
        bytes: serialize(
          { method: 'POST', target: '/targets', headers: [['Authorization', TOKEN]], body: json({ image, name: 'x' }) },
          host,
        ),
      },
      { name: 'missing Authorization', bytes: serialize({ method: 'GET', target: '/targets/count', headers: [] }, host) },
      {
        name: 'chunked body',
        bytes: serialize(
          {
            method: 'POST',
            target: '/search',
            headers: [
              ['Content-Type', 'application/json'],
              ['Authorization', TOKEN],
            ],
            body: json({ image }),
            chunked: true,
          },
          host,
        ),
      },
      {
        name: 'chunked body over the cap',
        bytes: serialize(
          {
            method: 'POST',
            target: '/search',
            headers: [
              ['Content-Type', 'application/json'],
              ['Authorization', TOKEN],
            ],
            body: Buffer.alloc(3 * 1024 * 1024 + 100, 0x41),
            chunked: true,
          },
          host,
        ),
      },
      {
        name: 'Content-Length 0 with a body behind it',
        bytes: head(
          [
            'POST /search HTTP/1.1',
            `Host: ${host}`,
            'Content-Type: application/json',
            `Authorization: ${TOKEN}`,
            'Content-Length: 0',
            'Connection: close',
          ],
          '{"image":"x"}',
        ),
      },
      {
        name: 'Expect: 100-continue',
        bytes: serialize(
          {
            method: 'POST',
            target: '/similar',
            headers: [
              ['Content-Type', 'application/json'],
              ['Authorization', TOKEN],
              ['Expect', '100-continue'],
            ],
            body: json({ image }),
          },
          host,
        ),
      },
      { name: 'HTTP/1.0 without Host', bytes: head(['GET /targets/count HTTP/1.0', `Authorization: ${TOKEN}`]) },
      {
        name: 'absolute-form target',
        bytes: head([`GET http://${host}/targets/count HTTP/1.1`, `Host: ${host}`, `Authorization: ${TOKEN}`, 'Connection: close']),
      },
      {
        name: 'raw .. in the path',
        bytes: head(['GET /target/../../../../etc/passwd HTTP/1.1', `Host: ${host}`, `Authorization: ${TOKEN}`, 'Connection: close']),
      },
      { name: 'asterisk-form OPTIONS', bytes: head(['OPTIONS * HTTP/1.1', `Host: ${host}`, 'Connection: close']) },
      { name: 'missing Host (HTTP/1.1)', bytes: head(['GET /targets/count HTTP/1.1', `Authorization: ${TOKEN}`, 'Connection: close']) },
      {
        name: 'two different Content-Lengths',
        bytes: head(
          [
            'POST /search HTTP/1.1',
            `Host: ${host}`,
            'Content-Type: application/json',
            'Content-Length: 2',
            'Content-Length: 3',
            'Connection: close',
          ],
          '{}',
        ),
      },
      {
        name: 'Content-Length and chunked together',
        bytes: head(
          [
            'POST /search HTTP/1.1',
            `Host: ${host}`,
            'Content-Type: application/json',
            'Content-Length: 5',
            'Transfer-Encoding: chunked',
            'Connection: close',
          ],
          '0\r\n\r\n',
        ),
      },
      {
        name: 'invalid chunk size',
        bytes: head(
          [
            'POST /search HTTP/1.1',
            `Host: ${host}`,
            'Content-Type: application/json',
            `Authorization: ${TOKEN}`,
            'Transfer-Encoding: chunked',
            'Connection: close',
          ],
          'zz\r\n{}\r\n0\r\n\r\n',
        ),
      },
      { name: 'NUL in the path', bytes: head(['GET /target/a\u0000b HTTP/1.1', `Host: ${host}`, 'Connection: close']) },
      {
        name: 'header section over 16 KB',
        bytes: head(['GET /targets/count HTTP/1.1', `Host: ${host}`, `Authorization: ${'x'.repeat(20_000)}`, 'Connection: close']),
      },
    ]
    const outcomes: Record<string, string> = {}
    const problems: string[] = []
    for (const { name, bytes } of cases) {
      let answer: Answer
      try {
        const got = await sendRaw(server.port, bytes)
        answer = { status: got.status, contentType: got.headers['content-type'] ?? null, body: got.body }
      } catch (error) {
        problems.push(`${name}: ${String(error)}`)
        continue
      }
      const method = name === 'asterisk-form OPTIONS' ? 'GET' : 'POST'
      const verdict = judge(method, answer)
      outcomes[name] = verdict.ok ? `${answer.status}/${verdict.statusCode}` : `${answer.status}`
      if (!verdict.ok) problems.push(`${name}: ${verdict.reason}`)
    }
    recordFigures('hostileInput', { httpEdgeCases: outcomes })
    expect(problems).toEqual([])
  })

  it('refuses decompression bombs in milliseconds without growing memory', async () => {
    // Over the 40 Mpx guard: refused from the header. 6000×6000 is under it, so it may be decoded
    // (36 Mpx is a legal photo): any documented answer, but still bounded in time and memory.
    const bombs = BOMB_SIZES.flatMap(([width, height]) =>
      (['png', 'jpeg'] as const).map((format) => ({
        overGuard: width * height > MAX_INPUT_PIXELS,
        bytes: imageBytes({ kind: 'bomb', format, width: Math.min(width, 65_535), height }, pool),
      })),
    )
    const routes = ['/search', '/similar', '/grade/detection', '/targets', `/target/${ctx.victimId}`]
    gc?.()
    const rssBefore = rssNowMb()
    let peakRss = rssBefore
    const refusedMs: number[] = []
    const underGuardMs: number[] = []
    const statusCodes = new Tally()
    const wrong: string[] = []
    for (let pass = 0; pass < 4; pass++) {
      for (const bomb of bombs) {
        for (const route of routes) {
          const started = performance.now()
          const res = await server.app.request(route, {
            method: route.startsWith('/target/') ? 'PUT' : 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: TOKEN },
            body: JSON.stringify({ image: bomb.bytes.toString('base64'), name: 'bomb', allowSimilar: '1' }),
          })
          ;(bomb.overGuard ? refusedMs : underGuardMs).push(performance.now() - started)
          const answer = { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) }
          const verdict = judge('POST', answer)
          const statusCode = verdict.ok ? verdict.statusCode : 'invalid'
          statusCodes.add(statusCode)
          if (!verdict.ok || (bomb.overGuard && statusCode !== 427)) wrong.push(`${route}: ${answer.body.toString('utf8', 0, 200)}`)
          if (statusCode === 0 && route === '/targets')
            server.engine.deleteTarget(
              (JSON.parse(answer.body.toString('utf8')) as { result: { target: { targetId: string } } }).result.target.targetId,
            )
        }
        peakRss = Math.max(peakRss, process.memoryUsage().rss / 1024 / 1024)
      }
    }
    const summary = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b)
      return {
        requests: sorted.length,
        p50Ms: round(percentile(sorted, 50)),
        p99Ms: round(percentile(sorted, 99)),
        maxMs: round(sorted.at(-1) ?? 0),
      }
    }
    const figures = {
      overPixelGuard: summary(refusedMs),
      underPixelGuard: summary(underGuardMs),
      rssBeforeMb: rssBefore,
      peakRssGrowthMb: round(peakRss - rssBefore),
      statusCodes: statusCodes.toJSON(),
    }
    recordFigures('decompressionBombs', figures)
    expect(wrong).toEqual([])
    // Refused from the header: no pixel buffer is ever allocated (20000² RGBA would be 1.6 GB).
    expect(figures.overPixelGuard.maxMs).toBeLessThan(1_000)
    expect(figures.underPixelGuard.maxMs).toBeLessThan(10_000)
    expect(figures.peakRssGrowthMb).toBeLessThan(256)
  })

  it('is still whole afterwards: no unexpected error, store intact, recognition working', async () => {
    const integrity = new Database(server.dbPath, { readonly: true })
    const check = integrity.pragma('integrity_check', { simple: true })
    const tables = (
      integrity.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
    ).map((r) => r.name)
    integrity.close()
    const hits: Record<string, boolean> = {}
    for (const target of readTargets) {
      const res = await server.app.request('/search', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: TOKEN },
        body: JSON.stringify({ image: target.png.toString('base64'), notracking: true }),
      })
      const body = (await res.json()) as { result: { target?: { targetId: string } } }
      hits[target.name] = body.result.target?.targetId === target.targetId
    }
    recordFigures('hostileInput', {
      requests: campaign.sent,
      failures: campaign.failures.length,
      unexpectedErrorsLogged: server.unexpected.length,
      byRoute: campaign.byRoute,
      byStatusCode: campaign.byStatus,
      latencyMs: campaign.latencyFigures(),
      storeIntegrity: check,
      storeTables: tables,
      targetsAtEnd: server.engine.countTargets(),
      readTargetsStillRecognized: hits,
      totalSeconds: round((performance.now() - runStarted) / 1000),
    })
    expect(server.unexpected).toEqual([])
    expect(check).toBe('ok')
    expect(tables).toEqual(['settings', 'sqlite_sequence', 'target_changes', 'target_data', 'targets'])
    expect(Object.values(hits)).toEqual([true, true])
    expect(campaign.sent).toBeGreaterThanOrEqual(IN_PROCESS + OVER_SOCKET)
  })
})

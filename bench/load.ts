/**
 * `npm run bench:load`: the local recognizer under load, as a booth laptop or a shared campaign URL
 * sees it. `crs serve` runs in its own process with 100 targets (the samples + generated posters);
 * 50 concurrent keep-alive clients on loopback send a mix of hits, misses and bad requests for
 * LOAD_SECONDS (default 60) and stop by themselves, while a separate client pings `/ping` every
 * 100 ms. Prints one JSON document: searches per second, latency percentiles per kind, `/ping`
 * latency during the load, and every error (network error, timeout, 5xx, or an answer that is not
 * the protocol envelope we expect). Searches the server sheds with statusCode 21 (its queue is
 * full: EasyAR's "Exceed your QPS limitation", which clients back off from) are counted, not
 * errors; their latency is not a search latency. `--check` exits 1 unless there were 0 errors and `/ping` p99
 * stayed under 50 ms (the reliability suite's pass condition).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { ALLOCATOR_ENV, ALLOCATOR_VALUE } from '../server/src/allocatorHint.ts'
import { RecognitionEngine } from '../server/src/engine/RecognitionEngine.ts'
import { assetTargets, type NamedImage } from '../tests/helpers/sampleTargets.ts'
import { makeClutterScene, makeQueryPhoto } from '../tests/helpers/scenes.ts'
import { cachedPoster } from './posters.ts'

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60)
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50)
const TARGETS = Number(process.env.LOAD_TARGETS ?? 100)
const PING_EVERY_MS = 100
/** A client told 21 waits this long before its next request (the app: THROTTLE_BASE_MS). */
const THROTTLE_BACKOFF_MS = 5000
/** A request still unanswered after this is a timeout (an error). */
const CLIENT_TIMEOUT_MS = 30_000
const TOKEN = 'load-bench-token'
const APP_ID = 'local-crs-app'
const check = process.argv.includes('--check')

const log = (msg: string) => process.stderr.write(`[bench:load] ${msg}\n`)

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })
}

/** The frame the app would send: 800-px long side, JPEG 0.5 (src/core/config.ts defaults). */
async function asCaptured(photo: Buffer): Promise<string> {
  return (await sharp(photo).resize(800, 800, { fit: 'inside' }).jpeg({ quality: 50 }).toBuffer()).toString('base64')
}

type Kind = 'hit' | 'miss' | 'bad'
interface Probe {
  kind: Kind
  body: string
  /** What a correct answer looks like. */
  expect: (status: number, statusCode: unknown) => boolean
}

const dir = mkdtempSync(join(tmpdir(), 'bench-load-'))
const dbPath = join(dir, 'load.db')
let server: ReturnType<typeof spawn> | undefined
try {
  // 1. The library, stored by the engine's own add path.
  const targets: NamedImage[] = [...assetTargets()]
  for (let seed = 1; targets.length < TARGETS; seed++) targets.push(await cachedPoster(seed))
  const engine = await RecognitionEngine.open({ dbPath })
  for (const t of targets) await engine.addTarget({ image: t.png, name: t.name, allowSimilar: true })
  await engine.close()
  log(`${targets.length} targets stored`)

  // 2. The request mix: 20 photos of targets, 10 clutter frames, 3 kinds of bad request.
  const probes: Probe[] = []
  for (let i = 0; i < 20; i++) {
    const target = targets[Math.floor((i * targets.length) / 20)]!
    const photo = await makeQueryPhoto(target.png, {
      seed: 300 + i,
      width: 1280,
      height: 720,
      coverage: 0.35,
      tiltDeg: 15,
      blur: 1,
      jpegQuality: 85,
    })
    const body = JSON.stringify({ image: await asCaptured(photo), appId: APP_ID, notracking: true })
    probes.push({ kind: 'hit', body, expect: (s, c) => (s === 200 && (c === 0 || c === 21)) || (s === 404 && c === 17) })
  }
  for (let i = 0; i < 10; i++) {
    const body = JSON.stringify({
      image: await asCaptured(await makeClutterScene({ seed: 700 + i, width: 1280, height: 720 })),
      appId: APP_ID,
      notracking: true,
    })
    probes.push({ kind: 'miss', body, expect: (s, c) => (s === 404 && c === 17) || (s === 200 && (c === 0 || c === 21)) })
  }
  probes.push({ kind: 'bad', body: '{"image": "not base64!", "appId": "local-crs-app"}', expect: (s, c) => s === 400 && c === 427 })
  probes.push({ kind: 'bad', body: '{"appId": "local-crs-app"}', expect: (s, c) => s === 400 && c === 414 })
  probes.push({ kind: 'bad', body: '{"image": ', expect: (s, c) => s === 400 && c === 400 })

  // 3. The server, in its own process as in production.
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  server = spawn(
    process.execPath,
    [resolve(import.meta.dirname, '../bin/crs.js'), 'serve', '--db', dbPath, '--port', String(port), '--token', TOKEN],
    {
      // As server/README.md "Running for days" recommends for a long-running server.
      env: { [ALLOCATOR_ENV]: ALLOCATOR_VALUE, ...process.env, CRS_QPS: '100000', CRS_APP_ID: APP_ID },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let serverLog = ''
  server.stderr!.on('data', (chunk: Buffer) => (serverLog += chunk.toString()))
  const readyBy = Date.now() + 60_000
  for (;;) {
    try {
      if ((await fetch(`${base}/ping`)).ok) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > readyBy || server.exitCode !== null) throw new Error(`crs serve did not start:\n${serverLog}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  log(`server up on ${base}; ${CLIENTS} clients for ${SECONDS} s`)

  // 4. The load: CLIENTS loops, each one request at a time, until the deadline.
  const latencies: Record<Kind, number[]> = { hit: [], miss: [], bad: [] }
  const errors: string[] = []
  let hits = 0
  /** Searches the server refused at once with statusCode 21 (its queue was full): an answer, not an error. */
  let shed = 0
  const started = performance.now()
  const deadline = started + SECONDS * 1000
  let next = 0
  const client = async () => {
    while (performance.now() < deadline) {
      const probe = probes[next++ % probes.length]!
      const t0 = performance.now()
      try {
        const response = await fetch(`${base}/search`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json;Charset=UTF-8', Authorization: TOKEN },
          body: probe.body,
          signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
        })
        const text = await response.text()
        const elapsed = performance.now() - t0
        let statusCode: unknown
        try {
          const json = JSON.parse(text) as { statusCode?: unknown; date?: unknown; timestamp?: unknown }
          statusCode = json.statusCode
          if (typeof json.date !== 'string' || typeof json.timestamp !== 'number')
            errors.push(`${probe.kind}: envelope without date/timestamp`)
        } catch {
          errors.push(`${probe.kind}: HTTP ${response.status}, body is not JSON`)
          continue
        }
        if (!probe.expect(response.status, statusCode))
          errors.push(`${probe.kind}: HTTP ${response.status}, statusCode ${String(statusCode)}`)
        if (statusCode !== 21) latencies[probe.kind].push(elapsed)
        // Like the app (RecognitionController): a 21 means back off, not retry at once.
        else await new Promise((r) => setTimeout(r, THROTTLE_BACKOFF_MS))
        if (statusCode === 0) hits++
        if (statusCode === 21) shed++
      } catch (error) {
        errors.push(`${probe.kind}: ${error instanceof Error ? `${error.name} ${error.message}` : String(error)}`)
      }
    }
  }
  const pings: number[] = []
  const pinger = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        const response = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })
        await response.text()
        pings.push(performance.now() - t0)
      } catch (error) {
        errors.push(`ping: ${error instanceof Error ? error.message : String(error)}`)
      }
      await new Promise((r) => setTimeout(r, PING_EVERY_MS))
    }
  }
  await Promise.all([pinger(), ...Array.from({ length: CLIENTS }, client)])
  const seconds = (performance.now() - started) / 1000

  const searches = latencies.hit.length + latencies.miss.length
  const all = [...latencies.hit, ...latencies.miss]
  const report = {
    machine: { cores: availableParallelism(), node: process.version },
    setup: { targets: targets.length, clients: CLIENTS, seconds: Math.round(seconds), mix: { hit: 20, miss: 10, bad: 3 } },
    searchesPerSecond: Math.round((searches / seconds) * 10) / 10,
    requests: searches + latencies.bad.length,
    hitsAnswered: hits,
    shedWith21: shed,
    searchLatencyMs: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) },
    badRequestLatencyMs: { p50: percentile(latencies.bad, 50), p99: percentile(latencies.bad, 99) },
    pingDuringLoadMs: { count: pings.length, p50: percentile(pings, 50), p99: percentile(pings, 99), max: percentile(pings, 100) },
    errors: { count: errors.length, first: [...new Set(errors)].slice(0, 10) },
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  if (check && (errors.length > 0 || (report.pingDuringLoadMs.p99 ?? Infinity) >= 50)) {
    log('FAILED: errors or /ping p99 >= 50 ms under load')
    process.exitCode = 1
  }
} finally {
  server?.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 500))
  rmSync(dir, { recursive: true, force: true })
}

/**
 * `npm run bench:client`: the visitor's wait and the bill, measured in headless Chromium against
 * the built app and the local recognizer (vite preview + the CRS plugin).
 *
 * 1. `targetInView`: the fake camera shows a sample target from the first frame. For each of RUNS
 *    fresh page loads: time from "camera live" to "content shown", requests it took, payload.
 * 2. `phases`: the camera plays a generated clip — floor (a static view with no target), a hand
 *    sweeping past (moving, blurred), the target held in view, floor again — through the app as
 *    shipped (smart capture) and through the baseline EasyAR's web sample uses: one full-frame
 *    JPEG at quality 0.8 every second, no checks. Requests per minute in each phase, time from
 *    the target's appearance to content visible, payload bytes; same clip, same run.
 * Prints one JSON document with medians.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import sharp from 'sharp'
import { preview } from 'vite'
import { clipPath, manifest } from '../tests/e2e/clips'
import { BASE_ARGS } from '../tests/e2e/fixtures'
import globalSetup from '../tests/e2e/global-setup'
import { makeClutterScene, makeQueryPhoto } from '../tests/helpers/scenes'
import { writeY4m } from '../tests/helpers/y4m'

const RUNS = Number(process.env.RUNS ?? 7)
const PHASE_RUNS = Number(process.env.PHASE_RUNS ?? 3)
const median = (xs: number[]) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

process.env.CRS_DB ??= join(mkdtempSync(join(tmpdir(), 'bench-client-')), 'targets.db')
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('bash', ['scripts/find-chromium.sh'], { encoding: 'utf8' }).trim()

await globalSetup()
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
const address = server.httpServer.address()
const baseURL = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : ''

interface PageRun {
  /** performance.now() in the page when the camera went live / content was shown. */
  marks: Record<string, number>
  /** Page-clock times (same origin as marks) and payload bytes of each search request. */
  requests: Array<{ at: number; bytes: number }>
}

/** One fresh browser + page on `clip` with the given URL query, until content shows or `untilMs`. */
async function runPage(clip: string, query: string, untilMs: number): Promise<PageRun> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      ...BASE_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 412, height: 860 } })
    const pending: Array<Promise<{ at: number; bytes: number }>> = []
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.endsWith('/search')) return
      const body = request.postData() ?? ''
      const image = /"image":"([^"]*)"/.exec(body)?.[1] ?? ''
      const bytes = Math.floor((image.length * 3) / 4)
      pending.push(
        page
          .evaluate(() => performance.now())
          .then(
            (at) => ({ at, bytes }),
            () => ({ at: NaN, bytes }),
          ),
      )
    })
    await page.addInitScript(() => {
      const marks: Record<string, number> = {}
      ;(window as unknown as { __marks: Record<string, number> }).__marks = marks
      // Init scripts run before <html> exists: observe the document for the root's attributes.
      new MutationObserver(() => {
        const d = document.documentElement?.dataset
        if (d?.camera === 'live' && marks.live === undefined) marks.live = performance.now()
        if (d?.content === 'shown' && marks.shown === undefined) marks.shown = performance.now()
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-camera', 'data-content'] })
    })
    await page.goto(`${baseURL}/${query}`)
    await page.getByRole('button', { name: /start/i }).first().click()
    await page.waitForFunction(() => document.documentElement.dataset.content === 'shown', null, { timeout: untilMs }).catch(() => {})
    const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks)
    return { marks, requests: await Promise.all(pending) }
  } finally {
    await browser.close()
  }
}

// ── 1. target in view from the first frame ────────────────────────────────────────────────
const runs: Array<{ timeToContentMs: number; requests: number; payloadBytes: number[] }> = []
for (let i = 0; i < RUNS; i++) {
  const { marks, requests } = await runPage(clipPath('model'), '', 60_000)
  runs.push({
    timeToContentMs: Math.round(marks.shown! - marks.live!),
    requests: requests.length,
    payloadBytes: requests.map((r) => r.bytes),
  })
  console.error(`target in view, run ${i + 1}/${RUNS}: ${runs.at(-1)!.timeToContentMs} ms, ${requests.length} request(s)`)
}

// ── 2. floor → hand → target → floor ──────────────────────────────────────────────────────
const CLIP_W = 640
const CLIP_H = 360
const FPS = 10
/** Phase lengths in seconds, in clip order. */
const PHASES = [
  ['floor', 15],
  ['hand', 5],
  ['target', 15],
  ['floor again', 10],
] as const
const SHAKE = [
  [0, 0],
  [3, 1],
  [-2, 3],
  [4, -3],
  [-3, -2],
] as const

async function shaken(image: Buffer, count: number): Promise<Buffer[]> {
  const margin = 8
  const big = await sharp(image)
    .resize(CLIP_W + 2 * margin, CLIP_H + 2 * margin)
    .toBuffer()
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const [dx, dy] = SHAKE[Math.floor(i / 2) % SHAKE.length]!
      return sharp(big)
        .extract({ left: margin + dx, top: margin + dy, width: CLIP_W, height: CLIP_H })
        .png()
        .toBuffer()
    }),
  )
}

/** A hand sweeping across the floor view: a skin-coloured shape, motion-blurred. */
async function handFrames(floor: Buffer, count: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const x = Math.round(-200 + ((CLIP_W + 400) * i) / count)
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CLIP_W}" height="${CLIP_H}"><ellipse cx="${x}" cy="${CLIP_H * 0.55}" rx="170" ry="230" fill="#d9a07b"/><rect x="${x - 60}" y="${CLIP_H * 0.75}" width="120" height="${CLIP_H}" fill="#c98f6b"/></svg>`
      return sharp(
        await sharp(floor)
          .resize(CLIP_W, CLIP_H)
          .composite([{ input: Buffer.from(svg) }])
          .png()
          .toBuffer(),
      )
        .blur(7)
        .png()
        .toBuffer()
    }),
  )
}

const phaseClip = resolve('.cache/bench-client/phases.y4m')
if (!existsSync(phaseClip)) {
  mkdirSync(resolve('.cache/bench-client'), { recursive: true })
  const floor = await makeClutterScene({ seed: 4242, width: 1280, height: 720, jpegQuality: 90 })
  const target = readFileSync(resolve('assets/targets', `${manifest().modelTarget}.png`))
  const photo = await makeQueryPhoto(target, {
    seed: 77,
    width: 1280,
    height: 720,
    coverage: 0.35,
    tiltDeg: 15,
    blur: 0.8,
    jpegQuality: 90,
  })
  const frames: Buffer[] = []
  for (const [name, seconds] of PHASES) {
    const count = seconds * FPS
    if (name === 'hand') frames.push(...(await handFrames(floor, count)))
    else frames.push(...(await shaken(name === 'target' ? photo : floor, count)))
  }
  await writeY4m(phaseClip, frames, { width: CLIP_W, height: CLIP_H, fps: FPS })
  console.error(`phases clip written: ${frames.length} frames`)
}

const phaseStarts: number[] = []
PHASES.reduce((t, [, seconds]) => {
  phaseStarts.push(t)
  return t + seconds * 1000
}, 0)
const targetAt = phaseStarts[2]!
const clipEnd = PHASES.reduce((t, [, s]) => t + s * 1000, 0)

interface PhaseRun {
  perPhase: Array<{ phase: string; requests: number; perMinute: number | null }>
  timeToContentMs: number | null
  payloadBytes: number | null
}

async function phaseRuns(query: string) {
  const results: PhaseRun[] = []
  for (let i = 0; i < PHASE_RUNS; i++) {
    const { marks, requests } = await runPage(phaseClip, query, clipEnd + 10_000)
    const live = marks.live!
    const perPhase = PHASES.map(([name, seconds], p) => {
      const from = phaseStarts[p]!
      const to = from + seconds * 1000
      // Requests only count while the loop could run: until content is shown.
      const end = marks.shown !== undefined ? Math.min(to, marks.shown - live) : to
      const span = Math.max(0, end - from)
      const sent = requests.filter((r) => r.at - live >= from && r.at - live < to).length
      return { phase: name, requests: sent, perMinute: span > 1000 ? Math.round((sent / span) * 60_000 * 10) / 10 : null }
    })
    results.push({
      perPhase,
      timeToContentMs: marks.shown !== undefined ? Math.round(marks.shown - live - targetAt) : null,
      payloadBytes: median(requests.map((r) => r.bytes)),
    })
    console.error(`phases ${query || '(app defaults)'} run ${i + 1}/${PHASE_RUNS}: ${JSON.stringify(results.at(-1))}`)
  }
  return {
    query,
    requestsPerMinute: Object.fromEntries(
      PHASES.map(([name], p) => [name, median(results.map((r) => r.perPhase[p]!.perMinute).filter((v): v is number => v !== null))]),
    ) as Record<(typeof PHASES)[number][0], number | null>,
    timeFromTargetToContentMs: median(results.map((r) => r.timeToContentMs).filter((v): v is number => v !== null)),
    payloadBytes: median(results.map((r) => r.payloadBytes).filter((v): v is number => v !== null)),
    runs: results,
  }
}

const app = await phaseRuns('')
// EasyAR's web sample: a frame a second, the whole frame, JPEG 0.8, no checks.
const baseline = await phaseRuns('?smart=0&interval=1000&longSide=1920&quality=0.8')
await server.close()

const allPayloads = runs.flatMap((r) => r.payloadBytes)
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && a > 0 ? Math.round((b / a) * 100) / 100 : null)
console.log(
  JSON.stringify(
    {
      targetInView: {
        runs: RUNS,
        timeToContentMs: { median: median(runs.map((r) => r.timeToContentMs)), all: runs.map((r) => r.timeToContentMs) },
        requestsToHit: { median: median(runs.map((r) => r.requests)) },
        payloadBytes: { median: median(allPayloads), min: Math.min(...allPayloads), max: Math.max(...allPayloads) },
      },
      phases: {
        clip: { size: `${CLIP_W}x${CLIP_H}`, fps: FPS, phases: Object.fromEntries(PHASES), targetAppearsAtMs: targetAt },
        app,
        baseline,
        baselineOverApp: {
          floorRequestsPerMinute: ratio(app.requestsPerMinute.floor, baseline.requestsPerMinute.floor),
          payloadBytes: ratio(app.payloadBytes, baseline.payloadBytes),
          timeFromTargetToContent: ratio(app.timeFromTargetToContentMs, baseline.timeFromTargetToContentMs),
        },
      },
    },
    null,
    2,
  ),
)
process.exit(0)

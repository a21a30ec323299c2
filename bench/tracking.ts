/**
 * `npm run bench:tracking`: the print tracker measured in headless Chromium on generated clips
 * with exact ground truth (tests/helpers/trackingClip.ts): still, smooth moves (roll ±30°, tilt to
 * 45°, 25–70 % of the width), defocus, motion blur, noise, a lighting ramp, a hand over 30 %, the
 * print leaving and coming back, and a label round a can. The page (bench/tracking/page.ts) runs
 * the app's own TrackingController, worker, scene and pose code on Chromium's fake camera, after
 * one real search against the local recognizer (the hand-off the app makes on a hit).
 *
 * Prints one JSON document: per clip and overall medians. Env: TARGETS (comma-separated sample
 * names), DURATION_MS (per clip, default 30000), KEEP=1 keeps the per-frame logs in .cache.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { createServer } from 'vite'
import { BASE_ARGS } from '../tests/e2e/fixtures'
import { loadRgb, makeBackground } from '../tests/helpers/printFrames'
import { makeClutterScene } from '../tests/helpers/scenes'
import { benchmarkScript, writeTrackingClip, type FrameTruth } from '../tests/helpers/trackingClip'
import type { Corners } from '../src/tracking/workerProtocol'

const CACHE = resolve('.cache/bench-tracking')
const TARGETS = (process.env.TARGETS ?? 'tea-box,city-postcard,ticket-stub').split(',')
const DURATION_MS = Number(process.env.DURATION_MS ?? 30_000)
/** Bump when the script or the renderer changes, so cached clips are made again. */
const CLIP_VERSION = 4
const CLIP_W = 640
const CLIP_H = 360

interface PageLog {
  results: {
    t: number
    tag: number
    presented: number
    state: string
    method: string
    raw: Corners | null
    filtered: Corners | null
    workerMs: number
  }[]
  draws: {
    t: number
    presented: number
    predicted: Corners | null
    latest: Corners | null
    poseMs: number
    heldTag: number
    heldAt: number
  }[]
  searchMs: number
  lockMs: number | null
  loadMs: number | null
  lockFrames: number | null
  referenceMs: number | null
  mainThreadMs: number
  workerMs: number
  error: string
  done: boolean
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const quantile = (xs: number[], q: number): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const round = (v: number | null, digits = 4): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits)

async function ensureClip(name: string): Promise<{ clip: string; truth: FrameTruth[] }> {
  const dir = resolve(CACHE, 'clips')
  mkdirSync(dir, { recursive: true })
  const clip = resolve(dir, `${name}-v${CLIP_VERSION}.y4m`)
  const truthFile = `${clip}.json`
  if (existsSync(clip) && existsSync(truthFile)) return { clip, truth: JSON.parse(readFileSync(truthFile, 'utf8')) as FrameTruth[] }
  const print = await loadRgb(resolve('assets/targets', `${name}.png`), 800)
  const background = await makeBackground(CLIP_W, CLIP_H, await makeClutterScene({ seed: 3, width: CLIP_W, height: CLIP_H }))
  const truth = await writeTrackingClip(clip, print, background, benchmarkScript(print.height / print.width, CLIP_H / CLIP_W))
  writeFileSync(truthFile, JSON.stringify(truth))
  return { clip, truth }
}

function cornerError(got: Corners, truth: Corners): number {
  // Mean corner distance in pixels over the diagonal, both in the clip's pixel frame.
  const px = (c: readonly [number, number]) => [c[0] * CLIP_W, c[1] * CLIP_H]
  const t = truth.map(px)
  const diagonal = Math.max(
    Math.hypot(t[2]![0]! - t[0]![0]!, t[2]![1]! - t[0]![1]!),
    Math.hypot(t[3]![0]! - t[1]![0]!, t[3]![1]! - t[1]![1]!),
  )
  return got.map(px).reduce((sum, g, i) => sum + Math.hypot(g[0]! - t[i]![0]!, g[1]! - t[i]![1]!), 0) / 4 / diagonal
}

/** Distance between the centre a fit implies (its diagonals' crossing) and the true centre, over the diagonal. */
function centreError(got: Corners, truth: FrameTruth): number {
  const p = (c: readonly [number, number]) => [c[0] * CLIP_W, c[1] * CLIP_H] as const
  const [a, b, c, d] = got.map(p) as [
    readonly [number, number],
    readonly [number, number],
    readonly [number, number],
    readonly [number, number],
  ]
  // Intersection of AC and BD.
  const r = [c[0] - a[0], c[1] - a[1]]
  const s = [d[0] - b[0], d[1] - b[1]]
  const den = r[0]! * s[1]! - r[1]! * s[0]!
  const t = ((b[0] - a[0]) * s[1]! - (b[1] - a[1]) * s[0]!) / den
  const x = a[0] + t * r[0]!
  const y = a[1] + t * r[1]!
  return Math.hypot(x - truth.centre[0] * CLIP_W, y - truth.centre[1] * CLIP_H) / diagonalPx(truth.corners)
}

function diagonalPx(c: Corners): number {
  return Math.hypot((c[2][0] - c[0][0]) * CLIP_W, (c[2][1] - c[0][1]) * CLIP_H)
}

/** Scores one page run against the clip's truth. */
function score(log: PageLog, truth: FrameTruth[]) {
  const n = truth.length
  const flatVisible = (t: FrameTruth | undefined) => !!t && t.inView && t.visibleShare === 1 && !t.curved
  const afterLock = log.results.filter((r) => r.tag >= 0 && r.tag < n)
  const firstLock = afterLock.findIndex((r) => r.state === 'tracking')
  const scored = firstLock < 0 ? [] : afterLock.slice(firstLock)
  const errors: number[] = []
  const filteredErrors: number[] = []
  const curvedErrors: number[] = []
  const curvedCentre: number[] = []
  const counts = { still: [0, 0], moving: [0, 0], curved: [0, 0], occluded: [0, 0] }
  for (const r of scored) {
    const t = truth[r.tag]!
    const ok = r.state === 'tracking' && r.raw !== null && cornerError(r.raw, t.corners) < 0.05
    if (t.curved && t.inView) {
      const held = r.state === 'tracking' && r.raw !== null && centreError(r.raw, t) < 0.05
      counts.curved[1]!++
      if (held) counts.curved[0]!++
      if (r.raw && r.state === 'tracking') {
        curvedErrors.push(cornerError(r.raw, t.corners))
        curvedCentre.push(centreError(r.raw, t))
      }
      continue
    }
    if (!flatVisible(t)) continue
    const bucket = t.still ? counts.still : counts.moving
    bucket[1]!++
    if (ok) bucket[0]!++
    if (t.occluded) {
      counts.occluded[1]!++
      if (ok) counts.occluded[0]!++
    }
    if (r.raw && r.state === 'tracking') errors.push(cornerError(r.raw, t.corners))
    if (r.filtered && r.state === 'tracking') filteredErrors.push(cornerError(r.filtered, t.corners))
  }

  // Jitter: on each still stretch (after 10 frames of settling), RMS of each filtered corner
  // around its mean, over the print's diagonal; the median over stretches.
  const jitters: number[] = []
  let run: { c: Corners; d: number; tag: number }[] = []
  let runSegment = ''
  const flush = () => {
    const tail = run.slice(10)
    if (tail.length >= 15) {
      let sum = 0
      for (let corner = 0; corner < 4; corner++) {
        const mx = tail.reduce((a, p) => a + p.c[corner]![0], 0) / tail.length
        const my = tail.reduce((a, p) => a + p.c[corner]![1], 0) / tail.length
        sum += tail.reduce((a, p) => a + ((p.c[corner]![0] - mx) * CLIP_W) ** 2 + ((p.c[corner]![1] - my) * CLIP_H) ** 2, 0) / tail.length
      }
      jitters.push(Math.sqrt(sum / 4) / tail[0]!.d)
    }
    run = []
  }
  for (const r of scored) {
    const t = truth[r.tag]!
    const usable = t.still && flatVisible(t) && r.state === 'tracking' && r.filtered !== null
    // A stretch ends when the segment changes, the clip loops, or a frame is not usable.
    if (!usable || t.segment !== runSegment || (run.length > 0 && r.tag < run.at(-1)!.tag)) flush()
    runSegment = t.segment
    if (usable) run.push({ c: r.filtered!, d: diagonalPx(t.corners), tag: r.tag })
  }
  flush()

  // Re-lock after the print comes back: from the first fully visible 'return'/'back' frame the
  // tracker saw to the first tracked answer after it, per lap.
  const relocks: number[] = []
  let backAt: number | null = null
  for (const r of scored) {
    const t = truth[r.tag]!
    if (t.segment === 'away' && backAt === null) backAt = -1
    if (backAt === -1 && (t.segment === 'return' || t.segment === 'back') && t.visibleShare >= 0.5) backAt = r.t
    if (backAt !== null && backAt >= 0 && r.state === 'tracking') {
      relocks.push(r.t - backAt)
      backAt = null
    }
  }

  // Tracked fps: answers in 'tracking' per second of the run (after the lock), median over seconds.
  const perSecond = new Map<number, number>()
  for (const r of scored)
    if (r.state === 'tracking') perSecond.set(Math.floor(r.t / 1000), (perSecond.get(Math.floor(r.t / 1000)) ?? 0) + 1)
  const seconds = [...perSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(1, -1)
    .map(([, v]) => v)

  // Swim: what is drawn against the frame on screen. Each draw's on-screen frame is found from the
  // nearest tagged answer (presentedFrames counts frames shown); the drawn corners are scored
  // against that frame's truth, predicted to the draw time and not.
  const tagged = log.results.filter((r) => r.tag >= 0 && r.presented >= 0)
  const tagOf = (presented: number): number | null => {
    let best: (typeof tagged)[number] | null = null
    for (const r of tagged) if (!best || Math.abs(r.presented - presented) < Math.abs(best.presented - presented)) best = r
    if (!best || Math.abs(best.presented - presented) > 3) return null
    return (((best.tag + presented - best.presented) % n) + n) % n
  }
  const swimPredicted: number[] = []
  const swimLatest: number[] = []
  // In-step mode: the background is the held frame, so the drawn corners are scored against it;
  // its cost is latency (capture → draw) and a background that only changes when a frame is tracked.
  const inStepSwim: number[] = []
  const inStepLatency: number[] = []
  const heldPerSecond = new Map<number, Set<number>>()
  for (const d of log.draws) {
    if (d.heldTag < 0 || !d.predicted) continue
    const t = truth[d.heldTag]
    if (!flatVisible(t) || t!.still) continue
    inStepSwim.push(cornerError(d.predicted, t!.corners))
    inStepLatency.push(d.t - d.heldAt)
    const second = Math.floor(d.t / 1000)
    if (!heldPerSecond.has(second)) heldPerSecond.set(second, new Set())
    heldPerSecond.get(second)!.add(d.heldTag)
  }
  for (const d of log.draws) {
    if (d.heldTag >= 0) continue
    if (!d.predicted || !d.latest) continue
    const tag = tagOf(d.presented)
    const t = tag === null ? undefined : truth[tag]
    if (!flatVisible(t) || t!.still) continue
    swimPredicted.push(cornerError(d.predicted, t!.corners))
    swimLatest.push(cornerError(d.latest, t!.corners))
  }

  const share = ([ok, all]: number[]) => (all ? round(ok! / all!, 4) : null)
  return {
    cornerError: { p50: round(median(errors)), p90: round(quantile(errors, 0.9)), frames: errors.length },
    cornerErrorFiltered: { p50: round(median(filteredErrors)), p90: round(quantile(filteredErrors, 0.9)) },
    trackedShare: {
      still: share(counts.still),
      moving: share(counts.moving),
      occluded: share(counts.occluded),
      frames: counts.still[1]! + counts.moving[1]!,
    },
    jitter: { median: round(median(jitters), 5), stretches: jitters.length },
    trackedFps: round(median(seconds), 1),
    lockMs: round(log.lockMs, 0),
    // Where the lock's time goes: reading the print (decode + reference features) in the worker,
    // then the frames answered before one locked.
    lockParts: { loadMs: round(log.loadMs, 0), workerReferenceMs: round(log.referenceMs, 0), framesBeforeLock: log.lockFrames },
    relockMs: { median: round(median(relocks), 0), laps: relocks.length },
    inStep: inStepSwim.length
      ? {
          swimP50: round(median(inStepSwim)),
          swimP90: round(quantile(inStepSwim, 0.9)),
          latencyMs: round(median(inStepLatency), 0),
          backgroundFps: round(median([...heldPerSecond.values()].map((s) => s.size).slice(1, -1)), 1),
        }
      : null,
    swim: {
      predicted: { p50: round(median(swimPredicted)), p90: round(quantile(swimPredicted, 0.9)) },
      latest: { p50: round(median(swimLatest)), p90: round(quantile(swimLatest, 0.9)) },
      draws: swimPredicted.length,
    },
    // On a can the four corners of a flat fit extrapolate the curve, so the label's centre is
    // scored too; 'tracked' here means state tracking (no corner threshold).
    curved: {
      trackedShare: share(counts.curved),
      cornerErrorP50: round(median(curvedErrors)),
      centreErrorP50: round(median(curvedCentre)),
    },
    mainThreadMs: { frameHandOff: round(log.mainThreadMs, 2), posePerDraw: round(median(log.draws.map((d) => d.poseMs)), 3) },
    workerMs: round(log.workerMs, 1),
    searchMs: round(log.searchMs, 0),
  }
}

const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('bash', ['scripts/find-chromium.sh'], { encoding: 'utf8' }).trim()
mkdirSync(CACHE, { recursive: true })
const db = resolve(CACHE, 'targets.db')
rmSync(db, { force: true })
process.env.CRS_DB = db
const clips = []
for (const name of TARGETS) clips.push({ name, ...(await ensureClip(name)) })

// The recognizer's start-up lines go to stderr: stdout carries only the JSON.
const printJson = console.log.bind(console)
console.log = console.error.bind(console)
// The app's dev server serves the app only (server.fs.allow); this loopback-only run also needs
// its page under bench/, so it allows the project.
const server = await createServer({ server: { port: 0, host: '127.0.0.1', fs: { allow: [resolve('.')] } }, logLevel: 'warn' })
await server.listen()
const address = server.httpServer!.address()
const baseURL = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : ''

const perClip: Record<string, ReturnType<typeof score>> = {}
try {
  for (const { name, clip, truth } of clips) {
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
      const page = await browser.newPage({ viewport: { width: 640, height: 360 } })
      await page.goto(
        `${baseURL}/bench/tracking/index.html?duration=${DURATION_MS}&handoff=${process.env.HANDOFF ?? 'auto'}&instep=${process.env.IN_STEP === '1' ? 1 : 0}`,
      )
      await page.waitForFunction(() => (window as unknown as { benchLog?: { done: boolean } }).benchLog?.done, undefined, {
        timeout: DURATION_MS + 120_000,
        polling: 500,
      })
      const log = (await page.evaluate(() => (window as unknown as { benchLog: unknown }).benchLog)) as PageLog
      if (log.error) throw new Error(`bench:tracking page failed on ${name}: ${log.error}`)
      if (process.env.KEEP) writeFileSync(resolve(CACHE, `${name}.log.json`), JSON.stringify(log))
      perClip[name] = score(log, truth)
    } finally {
      await browser.close()
    }
  }
} finally {
  await server.close()
}

const all = Object.values(perClip)
const pick = (f: (s: ReturnType<typeof score>) => number | null) => round(median(all.map(f).filter((v): v is number => v !== null)))
printJson(
  JSON.stringify(
    {
      machine: { cores: (await import('node:os')).cpus().length, browser: 'headless Chromium (Debian), software GL' },
      clip: { width: CLIP_W, height: CLIP_H, fps: 30, frames: clips[0]?.truth.length, durationMs: DURATION_MS },
      summary: {
        cornerErrorP50: pick((s) => s.cornerError.p50),
        cornerErrorP90: pick((s) => s.cornerError.p90),
        trackedStill: pick((s) => s.trackedShare.still),
        trackedMoving: pick((s) => s.trackedShare.moving),
        jitter: pick((s) => s.jitter.median),
        trackedFps: pick((s) => s.trackedFps),
        lockMs: pick((s) => s.lockMs),
        relockMs: pick((s) => s.relockMs.median),
        swimPredictedP50: pick((s) => s.swim.predicted.p50),
        swimLatestP50: pick((s) => s.swim.latest.p50),
        mainThreadMsPerFrame: pick((s) => (s.mainThreadMs.frameHandOff ?? 0) + (s.mainThreadMs.posePerDraw ?? 0)),
        curvedTracked: pick((s) => s.curved.trackedShare),
      },
      perClip,
    },
    null,
    2,
  ),
)

/**
 * `npm run bench:tracking-libs`: the tracker's two hot paths done three ways — jsfeat, opencv.js
 * (@techstark/opencv-js) and our own TypeScript (src/tracking) — on the same frames, scored the
 * same way (issue 13, part 5). Frames are bench:tracking's clips with exact ground truth, read as
 * the app's worker reads the camera (Y plane, 480 px long side). Each pipeline runs in its own
 * Web Worker, one at a time, in headless Chromium and, when WebKitGTK's MiniBrowser and Xvfb are
 * installed, in WebKit too. Prints one JSON document: bundle sizes, start-up, per-frame detection and
 * tracking times (medians, and ratios to ours measured in the same run), accuracy.
 *
 * Env: TARGETS (sample names, default tea-box,city-postcard,ticket-stub), PIPELINES (default
 * ours,ours-shipped,jsfeat,jsfeat-ref,opencv,opencv-ref), ROUNDS (default 1), DETECT_EVERY
 * (default 10), BROWSERS (chromium,webkit), PORT (default 4460), KEEP=1 writes the raw runs to
 * .cache/bench-tracking-libs/runs.json.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { cpus } from 'node:os'
import { extname, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { build } from 'esbuild'
import { BASE_ARGS } from '../tests/e2e/fixtures'
import { clipFrames, WORK_H, WORK_W, type ClipFrames } from './trackingLibs/clipFrames'
import type { Manifest } from './trackingLibs/page'
import type { RunResult } from './trackingLibs/protocol'
import { median, round, scoreRun, type RunScore } from './trackingLibs/score'

const OUT = resolve('.cache/bench-tracking-libs')
const WWW = resolve(OUT, 'www')
const TARGETS = (process.env.TARGETS ?? 'tea-box,city-postcard,ticket-stub').split(',')
const PIPELINES = (process.env.PIPELINES ?? 'ours,ours-shipped,jsfeat,jsfeat-ref,opencv,opencv-ref').split(',')
const ROUNDS = Number(process.env.ROUNDS ?? 1)
const DETECT_EVERY = Number(process.env.DETECT_EVERY ?? 10)
const BROWSERS = (process.env.BROWSERS ?? 'chromium,webkit').split(',')
const PORT = Number(process.env.PORT ?? 4460)
/** Each pipeline family's worker bundle: what the browser would download to track with it. */
const WORKERS: Record<string, string> = { ours: 'ours.worker', jsfeat: 'jsfeat.worker', opencv: 'opencv.worker' }
const familyOf = (pipeline: string): string => pipeline.split('-')[0]!

// Progress goes to stderr: stdout carries only the JSON.
const log = (...args: unknown[]): void => console.error('bench:tracking-libs:', ...args)

mkdirSync(WWW, { recursive: true })

// 1. Bundles: minified like a production build, one classic-worker script per family.
const bundles: Record<string, { rawKB: number; gzipKB: number }> = {}
const kb = (n: number): number => Math.round((n / 1024) * 10) / 10
const sizeOf = (file: string): { rawKB: number; gzipKB: number } => ({
  rawKB: kb(statSync(file).size),
  gzipKB: kb(gzipSync(readFileSync(file), { level: 9 }).length),
})
await build({
  entryPoints: [
    ...Object.values(WORKERS).map((w) => ({ in: `bench/trackingLibs/${w}.ts`, out: w })),
    { in: 'bench/trackingLibs/page.ts', out: 'page' },
    // The app's own worker, for scale: the bench's "ours" adds only the shared driver to it.
    { in: 'src/tracking/tracker.worker.ts', out: 'tracker.worker' },
  ],
  outdir: WWW,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  // opencv.js requires these only on its Node.js branch, never taken in a browser.
  external: ['fs', 'path', 'crypto'],
  logLevel: 'warning',
})
for (const [family, file] of Object.entries(WORKERS)) bundles[family] = sizeOf(resolve(WWW, `${file}.js`))
const libraries = {
  jsfeat: sizeOf(resolve('node_modules/jsfeat/build/jsfeat-min.js')),
  opencv: sizeOf(resolve('node_modules/@techstark/opencv-js/dist/opencv.js')),
  appTrackerWorker: sizeOf(resolve(WWW, 'tracker.worker.js')),
}
writeFileSync(resolve(WWW, 'index.html'), readFileSync('bench/trackingLibs/index.html'))

// 2. Frames: the same bytes for every pipeline and browser.
const clips: ClipFrames[] = []
for (const name of TARGETS) {
  log(`frames of ${name}…`)
  const clip = await clipFrames(name)
  writeFileSync(resolve(WWW, `frames-${name}.bin`), clip.frames)
  writeFileSync(resolve(WWW, `reference-${name}.bin`), clip.reference.data)
  clips.push(clip)
}
const manifest: Manifest = {
  clips: clips.map((c) => ({
    name: c.name,
    frames: `frames-${c.name}.bin`,
    reference: `reference-${c.name}.bin`,
    referenceWidth: c.reference.width,
    referenceHeight: c.reference.height,
    count: c.truth.length,
    width: WORK_W,
    height: WORK_H,
  })),
  pipelines: PIPELINES.map((name) => ({ name, worker: `${WORKERS[familyOf(name)]}.js` })),
  rounds: ROUNDS,
  detectEvery: DETECT_EVERY,
}
writeFileSync(resolve(WWW, 'manifest.json'), JSON.stringify(manifest))

// 3. A static server that also takes the page's results.
interface Posted {
  clip: string
  round: number
  result?: RunResult
  error?: string
  name?: string
}
let sink: { results: Posted[]; done: (info: Record<string, unknown>) => void } | null = null
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
}
const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  if (process.env.DEBUG) log(req.method, path)
  if (req.method === 'POST') {
    void readBody(req).then((body) => {
      const data = JSON.parse(body) as Record<string, unknown>
      if (path === '/result') {
        const posted = data as unknown as Posted
        sink?.results.push(posted)
        log(`${posted.clip} r${posted.round} ${posted.result?.name ?? posted.name}${posted.error ? ` FAILED: ${posted.error}` : ''}`)
      }
      if (path === '/done') sink?.done(data)
      res.writeHead(204).end()
    })
    return
  }
  const file = resolve(WWW, `.${path === '/' ? '/index.html' : path}`)
  if (!file.startsWith(WWW) || !existsSync(file)) {
    res.writeHead(404).end()
    return
  }
  res
    .writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
    .end(readFileSync(file))
})
await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r))
const url = `http://127.0.0.1:${PORT}/index.html`

/** Runs the page in one browser until it POSTs /done (or the time runs out). */
async function collect(
  launch: () => Promise<() => Promise<void>>,
  timeoutMs: number,
): Promise<{ results: Posted[]; info: Record<string, unknown> }> {
  const results: Posted[] = []
  let finish!: (info: Record<string, unknown>) => void
  const done = new Promise<Record<string, unknown>>((r) => (finish = r))
  sink = { results, done: finish }
  const close = await launch()
  let timer: NodeJS.Timeout | undefined
  try {
    const info = await Promise.race([
      done,
      new Promise<Record<string, unknown>>((r) => (timer = setTimeout(() => r({ error: `timed out after ${timeoutMs} ms` }), timeoutMs))),
    ])
    return { results, info }
  } finally {
    clearTimeout(timer)
    await close()
    sink = null
  }
}

const timeoutMs = 60_000 + clips.length * PIPELINES.length * ROUNDS * 240_000
const perBrowser: Record<string, { results: Posted[]; info: Record<string, unknown> } | { skipped: string }> = {}
try {
  if (BROWSERS.includes('chromium')) {
    log('Chromium…')
    const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('bash', ['scripts/find-chromium.sh'], { encoding: 'utf8' }).trim()
    perBrowser.chromium = await collect(async () => {
      const browser = await chromium.launch({ executablePath, headless: true, args: BASE_ARGS })
      const page = await browser.newPage()
      await page.goto(url)
      return () => browser.close()
    }, timeoutMs)
  }
  if (BROWSERS.includes('webkit')) {
    const miniBrowser = findMiniBrowser()
    if (!miniBrowser)
      perBrowser.webkit = {
        skipped: 'no WebKitGTK MiniBrowser or Xvfb (scripts/find-webkit.sh could not install them; set MINIBROWSER_PATH)',
      }
    else {
      log('WebKit (MiniBrowser under Xvfb)…')
      perBrowser.webkit = await collect(async () => {
        // MiniBrowser has no headless mode: a virtual X display of our own (Xvfb picks a free
        // number), each process ended by its id when the page is done.
        const xvfb = await startXvfb()
        const browser = spawn(miniBrowser, [url], { detached: true, stdio: 'ignore', env: { ...process.env, DISPLAY: xvfb.display } })
        return async () => {
          // Its own process group: the web and network processes go with it.
          if (browser.exitCode === null && browser.pid) process.kill(-browser.pid, 'SIGTERM')
          xvfb.process.kill('SIGTERM')
        }
      }, timeoutMs)
    }
  }
} finally {
  server.close()
}

/** Starts Xvfb on a display number it chooses itself (-displayfd), so parallel runs never collide. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  })
  const display = await new Promise<string>((resolve, reject) => {
    let text = ''
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('\n')) resolve(`:${text.trim()}`)
    })
    xvfb.on('error', reject)
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it chose a display`)))
  })
  return { display, process: xvfb }
}

/** MiniBrowser's path from the WebKit suite's finder, which installs it (and Xvfb) from Debian when missing. */
function findMiniBrowser(): string | null {
  try {
    const path = execFileSync('bash', ['scripts/find-webkit.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
    return path && existsSync('/usr/bin/Xvfb') ? path : null
  } catch {
    return null
  }
}

// 4. Scores: per browser, clip, round and pipeline; ratios to ours from the same clip and round.
if (process.env.KEEP) writeFileSync(resolve(OUT, 'runs.json'), JSON.stringify(perBrowser))
const truthOf = new Map(clips.map((c) => [c.name, c.truth]))

function summarise(results: Posted[]) {
  const scored = new Map<string, { clip: string; round: number; score: RunScore }[]>()
  const failures: { clip: string; name: string; error: string }[] = []
  for (const posted of results) {
    if (!posted.result) {
      failures.push({ clip: posted.clip, name: posted.name ?? '?', error: posted.error ?? '?' })
      continue
    }
    const list = scored.get(posted.result.name) ?? []
    list.push({ clip: posted.clip, round: posted.round, score: scoreRun(posted.result, truthOf.get(posted.clip)!) })
    scored.set(posted.result.name, list)
  }
  const ours = scored.get('ours') ?? []
  const ratio = (list: { clip: string; round: number; score: RunScore }[], pick: (s: RunScore) => number | null): number | null => {
    const ratios: number[] = []
    for (const entry of list) {
      const base = ours.find((o) => o.clip === entry.clip && o.round === entry.round)
      const a = pick(entry.score)
      const b = base && pick(base.score)
      if (a !== null && b) ratios.push(a / b)
    }
    return round(median(ratios), 2)
  }
  const med = (list: { score: RunScore }[], pick: (s: RunScore) => number | null, digits = 4): number | null =>
    round(median(list.map((e) => pick(e.score)).filter((v): v is number => v !== null)), digits)
  const pipelines: Record<string, unknown> = {}
  for (const name of PIPELINES) {
    const list = scored.get(name)
    if (!list) continue
    pipelines[name] = {
      bundle: bundles[familyOf(name)],
      readyMs: med(list, (s) => s.readyMs, 0),
      initMs: med(list, (s) => s.initMs, 0),
      detectMs: med(list, (s) => s.detection.msP50, 2),
      detectVsOurs: ratio(list, (s) => s.detection.msP50),
      trackMs: med(list, (s) => s.tracking.trackMsP50, 2),
      trackVsOurs: ratio(list, (s) => s.tracking.trackMsP50),
      frameMsP50: med(list, (s) => s.tracking.frameMsP50, 2),
      frameMsP90: med(list, (s) => s.tracking.frameMsP90, 2),
      detectRecall: med(list, (s) => s.detection.recall),
      cornerErrorP50: med(list, (s) => s.tracking.cornerErrorP50),
      cornerErrorP90: med(list, (s) => s.tracking.cornerErrorP90),
      trackedStill: med(list, (s) => s.tracking.trackedStill),
      trackedMoving: med(list, (s) => s.tracking.trackedMoving),
      trackedOccluded: med(list, (s) => s.tracking.trackedOccluded),
      wrongShare: med(list, (s) => s.tracking.wrongShare),
      detectShare: med(list, (s) => s.tracking.detectShare),
      ...(stagesOf(name, results) ?? {}),
      perClip: Object.fromEntries(list.map((e) => [`${e.clip}#${e.round}`, e.score])),
    }
  }
  return { pipelines, failures }
}

/** Ours' per-stage medians (ms per call), median over clips and rounds: where the time goes. */
function stagesOf(name: string, results: Posted[]): { stagesMs: Record<string, number | null> } | null {
  const runs = results.flatMap((p) => (p.result?.name === name && p.result.stagesMs ? [p.result.stagesMs] : []))
  if (!runs.length) return null
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))]
  return { stagesMs: Object.fromEntries(keys.map((k) => [k, round(median(runs.flatMap((r) => (r[k] === undefined ? [] : [r[k]!]))), 2)])) }
}

const browsers: Record<string, unknown> = {}
for (const [name, run] of Object.entries(perBrowser)) {
  if ('skipped' in run) browsers[name] = { skipped: run.skipped }
  else browsers[name] = { info: run.info, ...summarise(run.results) }
}

console.log(
  JSON.stringify(
    {
      machine: { cores: cpus().length, loadAverage: (await import('node:os')).loadavg().map((v) => round(v, 1)) },
      frames: { clips: TARGETS, perClip: clips[0]?.truth.length, width: WORK_W, height: WORK_H, detectEvery: DETECT_EVERY, rounds: ROUNDS },
      bundles: { workers: bundles, libraries },
      browsers,
    },
    null,
    2,
  ),
)

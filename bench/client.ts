/**
 * `npm run bench:client`: the visitor's wait, measured in headless Chromium against the built
 * app and the local recognizer (vite preview + the CRS plugin), with a fake camera showing a
 * sample target from the first frame. For each of RUNS fresh page loads it records the time from
 * "camera live" (the target is already in view) to "content shown", the requests it took and the
 * payload bytes per request. Prints one JSON document with medians.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { preview } from 'vite'
import globalSetup from '../tests/e2e/global-setup'
import { BASE_ARGS } from '../tests/e2e/fixtures'
import { clipPath } from '../tests/e2e/clips'
import { execFileSync } from 'node:child_process'

const RUNS = Number(process.env.RUNS ?? 7)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

process.env.CRS_DB ??= join(mkdtempSync(join(tmpdir(), 'bench-client-')), 'targets.db')
const executablePath =
  process.env.CHROMIUM_PATH ?? execFileSync('bash', ['scripts/find-chromium.sh'], { encoding: 'utf8' }).trim()

await globalSetup()
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
const address = server.httpServer.address()
const baseURL = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : ''

const runs: Array<{ timeToContentMs: number; requests: number; payloadBytes: number[] }> = []
for (let i = 0; i < RUNS; i++) {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...BASE_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clipPath('model')}`],
  })
  const page = await browser.newPage({ viewport: { width: 412, height: 860 } })
  const payloadBytes: number[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/search')) {
      const body = request.postData() ?? ''
      const image = /"image":"([^"]*)"/.exec(body)?.[1] ?? ''
      payloadBytes.push(Math.floor((image.length * 3) / 4))
    }
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
  await page.goto(baseURL + '/')
  await page.getByRole('button', { name: /start/i }).first().click()
  await page.waitForFunction(() => document.documentElement.dataset.content === 'shown', null, { timeout: 60_000 })
  const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks)
  runs.push({ timeToContentMs: Math.round(marks.shown! - marks.live!), requests: payloadBytes.length, payloadBytes })
  console.error(`run ${i + 1}/${RUNS}: ${runs.at(-1)!.timeToContentMs} ms, ${payloadBytes.length} request(s)`)
  await browser.close()
}
await server.close()

const allPayloads = runs.flatMap((r) => r.payloadBytes)
console.log(
  JSON.stringify(
    {
      runs: RUNS,
      timeToContentMs: { median: median(runs.map((r) => r.timeToContentMs)), all: runs.map((r) => r.timeToContentMs) },
      requestsToHit: { median: median(runs.map((r) => r.requests)) },
      payloadBytes: { median: median(allPayloads), min: Math.min(...allPayloads), max: Math.max(...allPayloads) },
    },
    null,
    2,
  ),
)
process.exit(0)

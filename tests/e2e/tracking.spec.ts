/**
 * Content that stands on the print, in Chromium: the fake camera plays a clip of the model print
 * moving through known poses, leaving the view and coming back (tests/helpers/trackingClip.ts,
 * made by global-setup with each frame's true corners). The app runs with `?trackprobe`, so the
 * tracker reports which clip frame each answer is about.
 */
import { readFileSync } from 'node:fs'
import type { FrameTruth } from '../helpers/trackingClip'
import { test, expect } from './fixtures'
import { clipPath, TRACKING_CLIP, TRACKING_TRUTH_PATH } from './clips'
import { expectLiveCamera, root, tapStart, watchSearches } from './helpers'

type Corners = [number, number][]
interface Sample {
  at: number
  state: string
  corners: Corners | null
  tag: number
}

/** Mean corner distance over the print's diagonal (pixels of the clip). */
function cornerError(got: Corners, truth: Corners): number {
  const px = ([x, y]: [number, number]) => [x * TRACKING_CLIP.width, y * TRACKING_CLIP.height] as const
  const t = truth.map(px)
  const diagonal = Math.hypot(t[2]![0] - t[0]![0], t[2]![1] - t[0]![1])
  return got.map(px).reduce((sum, g, i) => sum + Math.hypot(g[0] - t[i]![0], g[1] - t[i]![1]), 0) / 4 / diagonal
}

test('the tracked corners follow the print; it is lost when it leaves and found again without a search', async ({ openApp }) => {
  test.setTimeout(120_000)
  const truth = JSON.parse(readFileSync(TRACKING_TRUTH_PATH, 'utf8')) as FrameTruth[]
  const page = await openApp({ clip: clipPath('tracking'), query: '?trackprobe' })
  const searches = watchSearches(page)
  await page.evaluate(() => {
    const log: { state: string; at: number }[] = []
    ;(window as unknown as { trackingLog: typeof log }).trackingLog = log
    new MutationObserver(() => {
      const state = document.documentElement.dataset.tracking ?? ''
      if (log.at(-1)?.state !== state) log.push({ state, at: performance.now() })
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-tracking'] })
  })
  await tapStart(page)
  await expectLiveCamera(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-tracking', 'tracking', { timeout: 15_000 })
  const searchesAtLock = searches.sent

  // Where the whole print is in view, the corners are those of the frame the tracker saw.
  const wholePrint = (s: Sample) =>
    s.state === 'tracking' &&
    s.corners !== null &&
    s.tag >= 0 &&
    s.tag < truth.length &&
    truth[s.tag]!.inView &&
    truth[s.tag]!.visibleShare === 1
  // A little more than one loop of the clip (the clip is 270 frames, 9 s), and on until 21 samples
  // of the whole print are in: how many a loop gives depends on how fast this machine answers.
  const samples: Sample[] = []
  const started = Date.now()
  while (Date.now() - started < 12_000 || (samples.filter(wholePrint).length <= 20 && Date.now() - started < 60_000)) {
    samples.push(
      await page.evaluate(() => {
        const hook = (
          window as unknown as {
            printAR: { tracking(): { state: string; corners: Corners | null }; trackingStats(): { tag: number } | null }
          }
        ).printAR
        const snapshot = hook.tracking()
        return { at: performance.now(), state: snapshot.state, corners: snapshot.corners, tag: hook.trackingStats()?.tag ?? -1 }
      }),
    )
    await page.waitForTimeout(80)
  }

  const errors = samples
    .filter(wholePrint)
    .map((s) => cornerError(s.corners!, truth[s.tag]!.corners))
    .sort((a, b) => a - b)
  const states = samples.map((s) => s.state[0]).join('')
  expect(errors.length, `tracked samples with the whole print in view; states ${states}`).toBeGreaterThan(20)
  expect(errors[errors.length >> 1]!, 'median corner error').toBeLessThan(0.02)
  expect(errors[Math.floor(errors.length * 0.9)]!, 'p90 corner error').toBeLessThan(0.05)

  // Out of view it is lost (never "tracking" on a frame without the print); back, it is found.
  for (const s of samples) {
    if (s.tag >= 0 && s.tag < truth.length && truth[s.tag]!.visibleShare === 0) {
      expect(s.state, `frame ${s.tag} has no print in view, yet tracked at ${JSON.stringify(s.corners)}`).not.toBe('tracking')
    }
  }
  const log = (await page.evaluate(() => (window as unknown as { trackingLog: { state: string }[] }).trackingLog)).map((e) => e.state)
  const lostAt = log.indexOf('lost')
  expect(lostAt, `data-tracking went ${log.join(' → ')}`).toBeGreaterThan(0)
  expect(log.slice(0, lostAt)).toContain('tracking')
  expect(log.slice(lostAt)).toContain('tracking')
  // …without asking the recognizer again: the tracker found it by itself.
  expect(searches.sent, `searches after the lock; data-tracking went ${log.join(' → ')}`).toBe(searchesAtLock)
  await expect(root(page)).toHaveAttribute('data-content', 'shown')
})

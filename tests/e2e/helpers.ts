/** Small page helpers shared by the specs: start the app, read state, count requests. */
import type { Page, Request } from '@playwright/test'
import { expect } from './fixtures'

/** Taps the start screen's button, as a visitor does; it is the gesture that unlocks media. */
export async function tapStart(page: Page): Promise<void> {
  await page.getByRole('button', { name: /start/i }).first().click()
}

export function root(page: Page) {
  return page.locator('html')
}

export async function contentInfo(
  page: Page,
): Promise<{ type?: string; visible?: boolean; animationTime?: number; videoTime?: number; entered?: boolean }> {
  return page.evaluate(() => (window as unknown as { printAR: { content(): Record<string, unknown> } }).printAR.content())
}

/**
 * Waits until the shown content's entrance animation (0.6 s) has finished: a fixed wait is not
 * enough on a busy machine, where gsap stretches the animation (a frame late by over 0.5 s
 * advances it by 33 ms only).
 */
export async function contentEntered(page: Page): Promise<void> {
  await expect.poll(async () => (await contentInfo(page)).entered, { timeout: 15_000 }).toBe(true)
}

/** three's live GPU geometries and textures in the page. */
export async function gpuMemory(page: Page): Promise<{ geometries: number; textures: number }> {
  return page.evaluate(() =>
    (window as unknown as { printAR: { gpuMemory(): { geometries: number; textures: number } } }).printAR.gpuMemory(),
  )
}

/** Counts recognition requests at the network layer and records the most ever in flight at once. */
export function watchSearches(page: Page) {
  const stats = { sent: 0, inFlight: 0, maxInFlight: 0, times: [] as number[] }
  const isSearch = (request: Request) => new URL(request.url()).pathname.endsWith('/search')
  const done = (request: Request) => {
    if (isSearch(request)) stats.inFlight--
  }
  page.on('request', (request) => {
    if (!isSearch(request)) return
    stats.sent++
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    stats.times.push(Date.now())
  })
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return stats
}

/**
 * When each finished /search request left and when its answer ended, on the page's own clock
 * (Resource Timing: `startTime` is when the page called fetch). Gaps between requests are timed
 * here, not by `watchSearches`: the test runner hears of requests over CDP, late by an amount
 * that varies under load (a 1 s loop once showed a 738 ms gap there).
 */
export async function searchTimesInPage(page: Page): Promise<() => Promise<Array<{ start: number; end: number }>>> {
  // The default buffer (250 entries) fills with the app's own assets and would drop later searches.
  await page.evaluate(() => performance.setResourceTimingBufferSize(10_000))
  return () =>
    page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => new URL(entry.name).pathname.endsWith('/search'))
        .map((entry) => ({ start: entry.startTime, end: entry.responseEnd })),
    )
}

export async function expectLiveCamera(page: Page): Promise<void> {
  await expect(root(page)).toHaveAttribute('data-camera', 'live')
}

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

export async function contentInfo(page: Page): Promise<{ type?: string; visible?: boolean; animationTime?: number; videoTime?: number }> {
  return page.evaluate(() => (window as unknown as { printAR: { content(): Record<string, unknown> } }).printAR.content())
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

export async function expectLiveCamera(page: Page): Promise<void> {
  await expect(root(page)).toHaveAttribute('data-camera', 'live')
}

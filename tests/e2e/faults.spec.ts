/**
 * Client faults in a real browser against the real app: the network drops, the recognizer fails or
 * crawls, the token endpoint is down, a model download breaks off. In each case the visitor sees
 * what is happening, the loop never has two searches in flight (counted at the network layer),
 * and it recovers by itself without a reload.
 */
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { expectLiveCamera, root, tapStart, watchSearches } from './helpers'

const MISS = { statusCode: 17, result: { message: 'No result: there is no matching.' }, date: '2026-01-01T00:00:00.000Z', timestamp: 0 }

/** Records every navigation after the first load: recovering must never mean reloading. */
function watchNavigations(page: Page): string[] {
  const navigations: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url())
  })
  return navigations
}

const statusText = (page: Page) => page.getByRole('status')

test.describe('client faults: the visitor sees what happens and the app recovers by itself', () => {
  test('the network goes offline mid-scan, then comes back', async ({ openApp }) => {
    // Fixed-rate loop (smart=0) so requests keep flowing while the model clip is in view.
    const page = await openApp({ clip: clipPath('model'), query: '?interval=300&smart=0' })
    const searches = watchSearches(page)
    const navigations = watchNavigations(page)
    // Scanning finds nothing at first…
    await page.route('**/search', (route) => route.fulfill({ status: 404, json: MISS }))
    await tapStart(page)
    await expectLiveCamera(page)
    await expect.poll(() => searches.sent, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    // …then the connection drops. Offline first, then unroute: the other order leaves a window in
    // which a search reaches the real recognizer and hits (seen on a fast clean-clone CI machine).
    await page.context().setOffline(true)
    await page.unroute('**/search')
    await expect(root(page)).toHaveAttribute('data-recognition', 'backoff', { timeout: 15_000 })
    await expect(statusText(page)).toContainText(/can.t reach/i)
    await page.context().setOffline(false)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 45_000 })
    expect(searches.maxInFlight).toBe(1)
    expect(navigations).toEqual([])
  })

  test('the recognizer answers 500s, then recovers', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model'), query: '?interval=300&smart=0' })
    const searches = watchSearches(page)
    const navigations = watchNavigations(page)
    let failures = 0
    await page.route('**/search', (route) => {
      failures++
      return route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' })
    })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-recognition', 'backoff', { timeout: 15_000 })
    await expect(statusText(page)).toContainText(/can.t reach/i)
    // Backoff: failures slow the loop down instead of hammering at the 300 ms interval.
    await page.waitForTimeout(3000)
    expect(failures).toBeLessThanOrEqual(5)
    await page.unroute('**/search')
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 45_000 })
    expect(searches.maxInFlight).toBe(1)
    expect(navigations).toEqual([])
  })

  test('a recognizer that takes 5 s is waited for, one request at a time, and a timeout backs off', async ({ openApp }) => {
    // Request timeout 2 s: a 5 s answer is a timeout; the app says so, backs off, and recovers.
    const page = await openApp({ clip: clipPath('model'), query: '?interval=300&smart=0&timeout=2000' })
    const searches = watchSearches(page)
    const navigations = watchNavigations(page)
    await page.route('**/search', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 5000))
      await route.continue().catch(() => {}) // the page may have given up on it already
    })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-recognition', 'searching', { timeout: 15_000 })
    await expect(root(page)).toHaveAttribute('data-recognition', 'backoff', { timeout: 15_000 })
    expect(searches.maxInFlight).toBe(1)
    await page.unroute('**/search')
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 45_000 })
    expect(searches.maxInFlight).toBe(1)
    expect(navigations).toEqual([])
  })

  test('the token endpoint is down, then back', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model'), query: '?interval=300&smart=0' })
    const searches = watchSearches(page)
    const navigations = watchNavigations(page)
    let tokenCalls = 0
    await page.route('**/token', (route) => {
      tokenCalls++
      return route.abort('connectionrefused')
    })
    await tapStart(page)
    await expectLiveCamera(page)
    await expect(root(page)).toHaveAttribute('data-recognition', 'backoff', { timeout: 15_000 })
    await expect(statusText(page)).toContainText(/can.t reach/i)
    expect(tokenCalls).toBeGreaterThanOrEqual(1)
    // No token, no search: nothing reaches the recognizer meanwhile.
    expect(searches.sent).toBe(0)
    await page.unroute('**/token')
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 45_000 })
    expect(searches.maxInFlight).toBe(1)
    expect(navigations).toEqual([])
  })

  test('a model download that breaks off halfway says so, and scanning again recovers', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    const navigations = watchNavigations(page)
    let broken = true
    await page.route('**/content/*.glb', async (route) => {
      if (!broken) return route.continue()
      const response = await route.fetch()
      const body = await response.body()
      // Half the file, with the full length announced: the connection "dropped" mid-download.
      await route.fulfill({ status: 200, headers: { 'content-type': 'model/gltf-binary' }, body: body.subarray(0, body.length >> 1) })
    })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'error', { timeout: 30_000 })
    await expect(statusText(page)).toContainText(/couldn.t load/i)
    broken = false
    await page.getByRole('button', { name: /scan again/i }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    expect(navigations).toEqual([])
  })
})

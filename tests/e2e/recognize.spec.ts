import { test, expect } from './fixtures'
import { clipPath, manifest } from './clips'
import { contentInfo, expectLiveCamera, root, tapStart, watchSearches } from './helpers'

test.describe('recognition through the real recognizer', () => {
  test('a model target in view shows its model, animating', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    const searches = watchSearches(page)
    await tapStart(page)
    await expectLiveCamera(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-content-type', 'model')
    await expect(root(page)).toHaveAttribute('data-target-name', manifest().modelTarget)
    const first = await contentInfo(page)
    await page.waitForTimeout(1000)
    const later = await contentInfo(page)
    expect(later.visible).toBe(true)
    expect(later.animationTime!).toBeGreaterThan(first.animationTime!)
    // The loop stops on a hit: no more searches while the content is shown.
    const sentAtHit = searches.sent
    await page.waitForTimeout(2000)
    expect(searches.sent).toBe(sentAtHit)
    expect(searches.maxInFlight).toBe(1)
  })

  test('a video target in view plays its video', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('video') })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-content-type', 'video')
    await expect(root(page)).toHaveAttribute('data-target-name', manifest().videoTarget)
    const first = await contentInfo(page)
    await page.waitForTimeout(1200)
    const later = await contentInfo(page)
    expect(later.videoTime!).toBeGreaterThan(first.videoTime!)
  })

  test('a scene with no target keeps scanning at the configured rate and shows nothing', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), query: '?interval=1000' })
    const searches = watchSearches(page)
    await tapStart(page)
    await expectLiveCamera(page)
    await expect.poll(() => searches.sent, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    const start = searches.sent
    await page.waitForTimeout(8000)
    const sent = searches.sent - start
    // 8 s at one request per second is 8. Never faster than configured; on this shared 2-core
    // machine a software-rendered page can lag a little behind, never by half.
    expect(sent).toBeGreaterThanOrEqual(4)
    expect(sent).toBeLessThanOrEqual(9)
    // Request starts are never closer than the interval (seen from the network layer, which
    // adds a few ms of jitter either way).
    const gaps = searches.times.slice(1).map((t, i) => t - searches.times[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(850)
    expect(searches.maxInFlight).toBe(1)
    await expect(root(page)).toHaveAttribute('data-content', 'none')
  })
})

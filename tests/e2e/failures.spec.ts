import { test, expect } from './fixtures'
import { clipPath, manifest } from './clips'
import { expectLiveCamera, root, tapStart, watchSearches } from './helpers'

test.describe('the visitor is never left stuck', () => {
  test('a blocked camera says so and how to fix it', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), allowCamera: false })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'denied')
    const notice = page.getByRole('alert')
    await expect(notice).toContainText(/camera/i)
    await expect(notice).toContainText(/allow/i)
    await expect(notice.getByRole('button', { name: /try again/i })).toBeVisible()
  })

  test('a recognizer that is down backs off, then recovers with no reload', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model'), query: '?interval=300' })
    const searches = watchSearches(page)
    await page.route('**/search', (route) => route.abort('connectionrefused'))
    await tapStart(page)
    await expectLiveCamera(page)
    await expect(root(page)).toHaveAttribute('data-recognition', 'backoff', { timeout: 15_000 })
    const failed = searches.sent
    expect(failed).toBeGreaterThanOrEqual(1)
    const navigations: string[] = []
    page.on('framenavigated', (frame) => navigations.push(frame.url()))
    await page.unroute('**/search')
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 45_000 })
    expect(navigations).toEqual([])
    expect(searches.maxInFlight).toBe(1)
  })

  test('a target with broken meta gets a clear message, and scan again works', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    let broken = true
    await page.route('**/search', async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      if (broken && body.statusCode === 0) {
        body.result.target.meta = Buffer.from('{"type": "model", "url": ').toString('base64')
      }
      await route.fulfill({ response, json: body })
    })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'error', { timeout: 30_000 })
    await expect(page.getByRole('status')).toContainText(new RegExp(manifest().modelTarget))
    await expect(page.getByRole('status')).toContainText(/content/i)
    broken = false
    await page.getByRole('button', { name: /scan again/i }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  })

  test('an expired token is refreshed without the visitor noticing', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    let tokenCalls = 0
    await page.route('**/token', async (route) => {
      tokenCalls++
      if (tokenCalls > 1) return route.continue()
      // The first token the page gets has already been revoked on the server side.
      const response = await route.fetch()
      const body = await response.json()
      body.result.token = 'revoked-token-the-server-never-issued'
      await route.fulfill({ response, json: body })
    })
    const statuses: string[] = []
    await page.exposeFunction('__recordStatus', (s: string) => statuses.push(s))
    await page.addInitScript(() => {
      // Init scripts run before <html> exists: observe the document for the root's attribute.
      new MutationObserver(() => {
        const w = window as unknown as { __recordStatus(s: string): void }
        w.__recordStatus(document.documentElement?.dataset.recognition ?? '')
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-recognition'] })
    })
    await page.reload()
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    expect(tokenCalls).toBeGreaterThanOrEqual(2)
    expect(statuses).toContain('searching')
    expect(statuses).not.toContain('config-error')
  })
})

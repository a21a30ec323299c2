/**
 * AR Quick Look on an iPhone, as far as Chromium can pretend: an iPhone user agent and
 * `relList.supports('ar')` answering yes. The app must then offer "View in your space" for a
 * model, linking a USDZ it exported from the loaded model in the page.
 */
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { root, tapStart } from './helpers'

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

test('an iPhone without WebXR gets "View in your space" with a USDZ made from the model', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('model') })
  await page.context().addInitScript((ua) => {
    Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => ua })
    Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 })
    const supports = DOMTokenList.prototype.supports
    DOMTokenList.prototype.supports = function (token: string) {
      return token === 'ar' || supports.call(this, token)
    }
  }, IPHONE_UA)
  await page.reload()
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-xr', 'unsupported')
  await expect(root(page)).toHaveAttribute('data-quick-look', 'ready', { timeout: 15_000 })
  const link = page.getByRole('link', { name: 'View in your space' })
  await expect(link).toBeVisible()
  expect(await link.getAttribute('rel')).toBe('ar')
  // Safari needs an <img> as the link's first child.
  expect(await link.evaluate((a) => a.firstElementChild?.tagName)).toBe('IMG')
  const href = (await link.getAttribute('href'))!
  expect(href).toMatch(/^blob:.*#allowsContentScaling=1$/)
  const head = await page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url.split('#')[0]!)).arrayBuffer())
    const nameLength = bytes[26]! | (bytes[27]! << 8)
    return { magic: [...bytes.slice(0, 4)], first: new TextDecoder().decode(bytes.slice(30, 30 + nameLength)), size: bytes.length }
  }, href)
  expect(head.magic).toEqual([0x50, 0x4b, 0x03, 0x04])
  expect(head.first).toMatch(/\.usd[ac]$/)
  expect(head.size).toBeGreaterThan(10_000)

  // Content gone: the offer and its blob URL go too.
  await page.getByRole('button', { name: /close/i }).click()
  await expect(link).toBeHidden()
  await expect(
    page.evaluate(
      (url) =>
        fetch(url.split('#')[0]!).then(
          () => 'readable',
          () => 'revoked',
        ),
      href,
    ),
  ).resolves.toBe('revoked')
})

/**
 * In-app browsers (Instagram, Facebook, LINE, WeChat, TikTok…) often block the camera. Their user
 * agent is set here, the camera refused as their web views refuse it: a photo of the print is
 * offered first; Android gets an intent link to Chrome, iOS the app menu's "Open in Safari".
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect } from './fixtures'
import { manifest } from './clips'
import { root } from './helpers'
import { makeQueryPhoto } from '../helpers/scenes'

const INSTAGRAM_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A.230805.019; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.0.0.32.112 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 548323754)'
const FACEBOOK_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/443.0.0.32.118;FBBV/549130930;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]'

test('Instagram on Android: a photo of the print first, then “Open in Chrome” by intent link; the photo shows its content', async ({
  openApp,
  baseURL,
}) => {
  const page = await openApp({ allowCamera: false, userAgent: INSTAGRAM_ANDROID })
  await expect(page.locator('#start-in-app')).toContainText('Instagram’s built-in browser, which often blocks the camera')
  await page.locator('#btn-start').click()
  await expect(root(page)).toHaveAttribute('data-camera', 'in-app-browser')
  const notice = page.getByRole('alert')
  await expect(notice).toContainText('Open this page in your browser')
  await expect(notice).toContainText(/Instagram.*Open in Chrome.*choose a photo/)
  // The ways out lead the actions: Chrome, then a photo; copy link and try again after.
  const actions = notice.locator('#notice-actions > :visible')
  await expect(actions.first()).toHaveText('Open in Chrome')
  await expect(actions.nth(1)).toHaveText('Choose a photo')
  const host = new URL(baseURL!).host
  await expect(notice.getByRole('link', { name: 'Open in Chrome' })).toHaveAttribute(
    'href',
    `intent://${host}/#Intent;scheme=http;package=com.android.chrome;end`,
  )

  const target = readFileSync(resolve('assets/targets', `${manifest().modelTarget}.png`))
  const photo = await makeQueryPhoto(target, {
    seed: 31,
    width: 1600,
    height: 1200,
    coverage: 0.4,
    tiltDeg: 15,
    blur: 0.8,
    jpegQuality: 85,
  })
  await page.locator('#photo-input').setInputFiles({ name: 'print.jpg', mimeType: 'image/jpeg', buffer: photo })
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-target-name', manifest().modelTarget)
})

test('Facebook on iOS: the app menu’s “Open in Safari”, and a photo of the print; no intent link', async ({ openApp }) => {
  const page = await openApp({ allowCamera: false, userAgent: FACEBOOK_IOS })
  await page.locator('#btn-start').click()
  await expect(root(page)).toHaveAttribute('data-camera', 'in-app-browser')
  const notice = page.getByRole('alert')
  await expect(notice).toContainText(/Facebook.*menu.*Open in Safari/)
  await expect(notice.locator('#notice-actions > :visible').first()).toHaveText('Choose a photo')
  await expect(page.locator('#open-in-browser')).toBeHidden()
})

test('a regular browser sees no in-app advice', async ({ openApp }) => {
  const page = await openApp({ allowCamera: false })
  await expect(page.getByRole('button', { name: 'Tap to start' })).toBeVisible()
  await expect(page.locator('#start-in-app')).toBeHidden()
})

/**
 * No-camera fallback: with the camera refused, "Choose a photo" sends a photo through the same
 * recognition (the real recognizer) and shows the content over it.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect } from './fixtures'
import { clipPath, manifest } from './clips'
import { contentInfo, root, tapStart } from './helpers'
import { makeClutterScene, makeQueryPhoto } from '../helpers/scenes'

test('camera refused: a chosen photo of a print is recognized and its content shown over the photo', async ({ openApp }) => {
  const page = await openApp({ allowCamera: false })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-camera', 'denied')
  const choose = page.locator('#btn-choose-photo')
  await expect(choose).toBeVisible()
  await expect(choose).toHaveText(/Choose a photo/)

  // A phone photo of the model target: tilted, cluttered, JPEG, as a visitor would take it.
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
  const searched = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/search'))
  await page.locator('#photo-input').setInputFiles({ name: 'print.jpg', mimeType: 'image/jpeg', buffer: photo })
  // Re-encoded like a camera capture: long side from the config, not the 1600 px original.
  const request = await searched
  const body = JSON.parse(request.postData() ?? '{}') as { image?: string }
  const sent = Buffer.from(body.image ?? '', 'base64')
  expect(sent.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
  const longSide = await page.evaluate(
    () => (window as unknown as { printAR: { config: { captureLongSide: number } } }).printAR.config.captureLongSide,
  )
  const sharp = (await import('sharp')).default
  const meta = await sharp(sent).metadata()
  expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(1600, longSide))

  await expect(root(page)).toHaveAttribute('data-photo', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-target-name', manifest().modelTarget)
  expect((await contentInfo(page)).visible).toBe(true)
  // The notice card gave way to the photo; another photo can be chosen.
  await expect(page.locator('#notice')).toBeHidden()
  await expect(choose).toBeVisible()
})

test('camera refused: a photo with no print in it says so and offers another', async ({ openApp }) => {
  const page = await openApp({ allowCamera: false })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-camera', 'denied')
  const clutter = await makeClutterScene({ seed: 9, width: 1200, height: 900 })
  await page.locator('#photo-input').setInputFiles({ name: 'desk.jpg', mimeType: 'image/jpeg', buffer: clutter })
  await expect(root(page)).toHaveAttribute('data-photo', 'no-match', { timeout: 30_000 })
  await expect(page.getByRole('status')).toContainText('No print found')
  await expect(root(page)).toHaveAttribute('data-content', 'none')
  await expect(page.locator('#btn-choose-photo')).toBeVisible()
})

test('a daily-quota refusal (HTTP 402, statusCode 21) of a chosen photo says what the camera path says', async ({ openApp }) => {
  const quota = (route: import('@playwright/test').Route) =>
    route.fulfill({ status: 402, json: { statusCode: 21, timestamp: Date.now(), msg: 'quota exceeded' } })

  // The camera path's words.
  const camera = await openApp({ clip: clipPath('model') })
  await camera.route('**/search', quota)
  await tapStart(camera)
  await expect(root(camera)).toHaveAttribute('data-recognition', 'quota-exhausted', { timeout: 30_000 })
  const cameraWords = (await camera.locator('#status-text').textContent()) ?? ''
  expect(cameraWords).toMatch(/scan limit for today/)

  // A chosen photo refused the same way.
  const page = await openApp({ allowCamera: false })
  await page.route('**/search', quota)
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-camera', 'denied')
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
  await expect(root(page)).toHaveAttribute('data-photo', 'quota', { timeout: 30_000 })
  await expect(page.locator('#status-text')).toHaveText(cameraWords)
  await expect(page.getByRole('status')).toHaveAttribute('aria-live', 'assertive')
})

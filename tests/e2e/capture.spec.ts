/**
 * Photo and clip capture of the AR view, through the real recognizer and the fake camera.
 * Desktop Chromium cannot share files, so captures arrive as downloads.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { contentEntered, root, tapStart } from './helpers'

interface Rgb {
  data: Buffer
  width: number
  height: number
}
async function rgb(image: Buffer): Promise<Rgb> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

/** Mean absolute difference (0–255) of `a` and `b` shifted by (dx, dy), over a region, subsampled. */
function regionDiff(
  a: Rgb,
  b: Rgb,
  dx: number,
  dy: number,
  region: { x0: number; y0: number; x1: number; y1: number },
  over?: number,
): number {
  let sum = 0
  let count = 0
  let above = 0
  for (let y = region.y0; y < region.y1; y += 2) {
    for (let x = region.x0; x < region.x1; x += 2) {
      const bx = x + dx
      const by = y + dy
      if (bx < 0 || by < 0 || bx >= b.width || by >= b.height) continue
      const i = (y * a.width + x) * 3
      const j = (by * b.width + bx) * 3
      const d =
        (Math.abs(a.data[i]! - b.data[j]!) + Math.abs(a.data[i + 1]! - b.data[j + 1]!) + Math.abs(a.data[i + 2]! - b.data[j + 2]!)) / 3
      sum += d
      if (over !== undefined && d > over) above++
      count++
    }
  }
  return over === undefined ? sum / count : above / count
}

/** Grabs the camera frame as the page's <video> has it at the next click. */
async function grabFrameOnNextClick(page: Page): Promise<() => Promise<Buffer>> {
  await page.evaluate(() => {
    const grab = () => {
      const video = document.getElementById('camera-video') as HTMLVideoElement
      const canvas = document.createElement('canvas')
      canvas.width = video.videoWidth
      canvas.height = video.videoHeight
      canvas.getContext('2d')!.drawImage(video, 0, 0)
      ;(window as unknown as { __frame: string }).__frame = canvas.toDataURL('image/png')
    }
    document.addEventListener('click', grab, { capture: true, once: true })
  })
  return async () => {
    const dataUrl = await page.evaluate(() => (window as unknown as { __frame: string }).__frame)
    return Buffer.from(dataUrl.split(',')[1]!, 'base64')
  }
}

test('a photo is the camera frame at the camera resolution with the content composited over it', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('model') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await contentEntered(page)
  const frameAtClick = await grabFrameOnNextClick(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Photo' }).click()
  const download = await downloading
  const frame = await frameAtClick()
  expect(download.suggestedFilename()).toMatch(/^printar-.*\.jpg$/)
  const photo = readFileSync((await download.path())!)
  const meta = await sharp(photo).metadata()
  expect(meta.format).toBe('jpeg')
  const frameMeta = await sharp(frame).metadata()
  expect([meta.width, meta.height]).toEqual([frameMeta.width, frameMeta.height])

  // The fake camera shakes (each frame is the same picture shifted a few px) and the texture
  // may hold a neighbouring frame: align the two on a camera-only band first.
  const a = await rgb(photo)
  const b = await rgb(frame)
  const band = { x0: 40, y0: 30, x1: a.width - 40, y1: Math.round(a.height * 0.22) }
  let best = { d: Infinity, dx: 0, dy: 0 }
  for (let dy = -24; dy <= 24; dy++) {
    for (let dx = -24; dx <= 24; dx += 1) {
      const d = regionDiff(a, b, dx, dy, { ...band, y1: band.y0 + 40 })
      if (d < best.d) best = { d, dx, dy }
    }
  }
  // Camera-only: the photo is the camera image (JPEG noise only)…
  expect(regionDiff(a, b, best.dx, best.dy, band)).toBeLessThan(5)
  // …and where the model stands (middle of the view), it is not.
  const middle = {
    x0: Math.round(a.width * 0.42),
    y0: Math.round(a.height * 0.35),
    x1: Math.round(a.width * 0.58),
    y1: Math.round(a.height * 0.65),
  }
  expect(regionDiff(a, b, best.dx, best.dy, middle, 60)).toBeGreaterThan(0.05)
  const last = await page.evaluate(() =>
    (window as unknown as { printAR: { lastCapture(): { kind: string; delivered: string } } }).printAR.lastCapture(),
  )
  expect(last).toMatchObject({ kind: 'photo', delivered: 'downloaded' })
})

test('a clip records the view with a visible indicator and arrives as MP4 or WebM, as the browser supports', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('video') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  const mp4 = await page.evaluate(() => MediaRecorder.isTypeSupported('video/mp4'))
  await page.getByRole('button', { name: 'Record' }).click()
  await expect(root(page)).toHaveAttribute('data-recording', 'true')
  await expect(page.getByRole('status')).toContainText('Recording')
  await page.waitForTimeout(2500)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: /^Stop/ }).click()
  const download = await downloading
  await expect(root(page)).not.toHaveAttribute('data-recording', 'true')
  const bytes = readFileSync((await download.path())!)
  expect(bytes.length).toBeGreaterThan(1000)
  if (mp4) {
    expect(download.suggestedFilename()).toMatch(/\.mp4$/)
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp')
  } else {
    expect(download.suggestedFilename()).toMatch(/\.webm$/)
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]) // EBML
  }
  const last = await page.evaluate(() =>
    (window as unknown as { printAR: { lastCapture(): { kind: string; type: string } } }).printAR.lastCapture(),
  )
  expect(last).toMatchObject({ kind: 'clip', type: mp4 ? 'video/mp4' : 'video/webm' })
})

test('recording stops by itself at the time limit', async ({ openApp }) => {
  test.setTimeout(60_000)
  const page = await openApp({ clip: clipPath('model') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  const downloading = page.waitForEvent('download', { timeout: 25_000 })
  await page.getByRole('button', { name: 'Record' }).click()
  await expect(root(page)).toHaveAttribute('data-recording', 'true')
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.(mp4|webm)$/)
  await expect(root(page)).not.toHaveAttribute('data-recording', 'true')
  await expect(page.getByRole('button', { name: 'Record' })).toBeVisible()
})

/** The kinds of the tracks a recorded clip holds, read from its container (MP4 handler types, WebM codec ids). */
function clipTrackKinds(bytes: Buffer): { video: boolean; audio: boolean } {
  const text = bytes.toString('latin1')
  if (text.slice(4, 8) === 'ftyp') return { video: /hdlr[\s\S]{8}vide/.test(text), audio: /hdlr[\s\S]{8}soun/.test(text) }
  return { video: /V_(VP8|VP9|AV1|MPEG4)/.test(text), audio: /A_(OPUS|VORBIS|AAC)/.test(text) }
}

async function recordClip(page: Page): Promise<Buffer> {
  await page.getByRole('button', { name: 'Record' }).click()
  await expect(root(page)).toHaveAttribute('data-recording', 'true')
  await page.waitForTimeout(2500)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: /^Stop/ }).click()
  const download = await downloading
  await expect(root(page)).not.toHaveAttribute('data-recording', 'true')
  return readFileSync((await download.path())!)
}

test('a clip of a model with sound carries the sound while the visitor hears it, and none once muted', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('clutter') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-camera', 'live')
  await page.evaluate(() =>
    (window as unknown as { printAR: { showMeta(m: object): unknown } }).printAR.showMeta({
      url: 'content/robot.glb',
      audio: 'content/robot-theme.mp3',
      anchor: 'screen',
    }),
  )
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-audio', 'on')
  expect(clipTrackKinds(await recordClip(page))).toEqual({ video: true, audio: true })

  // The visitor's mute holds in clips too.
  await page.getByRole('button', { name: 'Mute' }).click()
  await expect(root(page)).toHaveAttribute('data-audio', 'off')
  expect(clipTrackKinds(await recordClip(page))).toEqual({ video: true, audio: false })
})

/**
 * "AR: place in your room" end to end, with WebXR emulated by IWER + @iwer/sem (the synthetic
 * office_small room) injected before the app by an init script. The app itself is the
 * production build; the emulator never is part of it (last test).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { clipPath, manifest } from './clips'
import { expectLiveCamera, gpuMemory, root, tapStart } from './helpers'
import { buildXrEmulator } from './xr/buildEmulator'

interface XrSnapshot {
  state: string | null
  session: {
    presenting: boolean
    placement: string
    reticle: [number, number, number] | null
    placedAt: [number, number, number] | null
    contentBottom: number | null
    scale: number
    enabledFeatures: string[]
    footprintM: number | null
  } | null
}

/** The desk of SEM's office_small, as seen 60° down from the default head pose. */
const DESK_Y = 0.76

let emulator = ''
test.beforeAll(async () => {
  test.setTimeout(120_000)
  emulator = await buildXrEmulator()
})

const xr = (page: Page) => page.evaluate(() => (window as unknown as { printAR: { xr(): XrSnapshot } }).printAR.xr())

/** A tap on the room: the emulated controller's trigger, pressed for a few frames (an XR 'select'). */
async function tapRoom(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { device } = (
      window as unknown as { __xrEmulator: { device: { controllers: { right: { updateButtonValue(b: string, v: number): void } } } } }
    ).__xrEmulator
    // IWER reads the controller once per animation frame (window.requestAnimationFrame), so each
    // state is held for a few frames: a fixed 150 ms could pass without one on a busy machine,
    // and the tap went unseen.
    const wait = () =>
      new Promise<void>((done) => {
        const after = (frames: number) => (frames === 0 ? done() : requestAnimationFrame(() => after(frames - 1)))
        after(3)
      })
    device.controllers.right.updateButtonValue('trigger', 1)
    await wait()
    device.controllers.right.updateButtonValue('trigger', 0)
    await wait()
  })
}

/** Two fingers on the DOM overlay: from `from` px apart to `to` px apart, turned by `turnDeg`. */
async function pinch(page: Page, from: number, to: number, turnDeg: number): Promise<void> {
  await page.evaluate(
    ({ from, to, turnDeg }) => {
      const cx = 200
      const cy = 400
      const pair = (d: number, deg: number) => {
        const a = (deg * Math.PI) / 180
        const dx = (Math.cos(a) * d) / 2
        const dy = (Math.sin(a) * d) / 2
        return [
          new Touch({ identifier: 1, target: document.body, clientX: cx - dx, clientY: cy - dy }),
          new Touch({ identifier: 2, target: document.body, clientX: cx + dx, clientY: cy + dy }),
        ]
      }
      const fire = (type: string, touches: Touch[]) =>
        document.body.dispatchEvent(new TouchEvent(type, { touches, changedTouches: touches, bubbles: true }))
      fire('touchstart', pair(from, 0))
      fire('touchmove', pair(to, turnDeg))
      fire('touchend', [])
    },
    { from, to, turnDeg },
  )
}

/** Answers with the real recognizer's hit plus a printed size (cm), as EasyAR does for targets with one. */
async function withPrintedSize(page: Page, sizeCm: string): Promise<void> {
  await page.route('**/search', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { result?: { target?: Record<string, unknown> } }
    if (body.result?.target) body.result.target.size = sizeCm
    await route.fulfill({ response, json: body })
  })
}

test.describe('WebXR immersive-ar, emulated', () => {
  test('after a recognition: reticle on the desk, a tap places the content on it at real scale, pinch/twist, exit keeps the content', async ({
    openApp,
  }) => {
    const page = await openApp({ clip: clipPath('model'), initScripts: [emulator] })
    await withPrintedSize(page, '20')
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-xr', 'ready')
    const button = page.getByRole('button', { name: 'AR: place in your room' })
    await expect(button).toBeHidden() // only once content is shown
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-target-name', manifest().modelTarget)
    expect(
      await page.evaluate(() => (window as unknown as { __xrEmulator: { environment: Promise<string> } }).__xrEmulator.environment),
    ).toBe('loaded')
    const before = await gpuMemory(page)

    await button.click()
    await expect(root(page)).toHaveAttribute('data-xr', 'presenting')
    await expect(root(page)).toHaveAttribute('data-xr-placement', 'aiming', { timeout: 15_000 })
    await expect(page.getByRole('button', { name: 'Exit AR' })).toBeVisible()
    await expect(page.getByRole('status')).toContainText('Tap to place')
    const aiming = await xr(page)
    expect(aiming.session?.presenting).toBe(true)
    expect(aiming.session?.enabledFeatures).toContain('hit-test')
    expect(aiming.session?.reticle?.[1]).toBeCloseTo(DESK_Y, 1)
    expect(aiming.session?.placedAt).toBeNull()

    await tapRoom(page)
    await expect(root(page)).toHaveAttribute('data-xr-placement', 'placed')
    const placed = (await xr(page)).session!
    expect(placed.placedAt![1]).toBeCloseTo(DESK_Y, 1)
    // The content stands on the desk: its bounds' bottom is the surface (1 cm).
    expect(Math.abs(placed.contentBottom! - placed.placedAt![1])).toBeLessThan(0.01)
    // Real scale: as wide as the 20 cm print, times the target's meta scale.
    const metaScale =
      (JSON.parse(readFileSync(resolve('assets/targets', `${manifest().modelTarget}.json`), 'utf8')) as { scale?: number }).scale ?? 1
    expect(placed.footprintM!).toBeCloseTo(0.2 * metaScale, 3)

    await pinch(page, 100, 200, 30)
    const pinched = (await xr(page)).session!
    expect(pinched.scale / placed.scale).toBeCloseTo(2, 1)
    expect(pinched.footprintM!).toBeCloseTo(2 * placed.footprintM!, 3)
    expect(Math.abs(pinched.contentBottom! - placed.placedAt![1])).toBeLessThan(0.01)

    // IWER has no DOM overlay: its own view of the session covers the page, so a pointer click
    // would land on it. The button's own click is what a tap on the overlay delivers.
    await page.getByRole('button', { name: 'Exit AR' }).dispatchEvent('click')
    await expect(root(page)).toHaveAttribute('data-xr', 'ready')
    expect(await root(page).getAttribute('data-xr-placement')).toBeNull()
    await expectLiveCamera(page)
    // Same content, no reload: still shown, same target, back in front of the camera.
    await expect(root(page)).toHaveAttribute('data-content', 'shown')
    await expect(root(page)).toHaveAttribute('data-target-name', manifest().modelTarget)
    expect((await xr(page)).session).toBeNull()
    const info = await page.evaluate(() => (window as unknown as { printAR: { content(): { visible: boolean } } }).printAR.content())
    expect(info.visible).toBe(true)
    // The reticle's geometry was freed with the session.
    await expect.poll(() => gpuMemory(page).then((m) => m.geometries)).toBe(before.geometries)
    await expect(button).toBeVisible()

    // Again, and this time the system ends the session (back gesture, phone locked): same way back.
    await button.click()
    await expect(root(page)).toHaveAttribute('data-xr', 'presenting')
    await page.evaluate(() =>
      (window as unknown as { __xrEmulator: { device: { activeSession?: XRSession } } }).__xrEmulator.device.activeSession?.end(),
    )
    await expect(root(page)).toHaveAttribute('data-xr', 'ready')
    await expectLiveCamera(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown')
    expect((await xr(page)).session).toBeNull()
  })

  test('a session that fails to start returns to the camera with the content; the button stays', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model'), initScripts: [emulator] })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-xr', 'ready')
    await page.evaluate(() => {
      const xrSystem = (navigator as Navigator & { xr: { requestSession: unknown } }).xr
      xrSystem.requestSession = () => Promise.reject(new DOMException('The user declined', 'NotAllowedError'))
    })
    await page.getByRole('button', { name: 'AR: place in your room' }).click()
    await expect(root(page)).toHaveAttribute('data-xr', 'failed')
    await expect(page.getByRole('status')).toContainText('AR didn’t start')
    await expectLiveCamera(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown')
    await expect(page.getByRole('button', { name: 'AR: place in your room' })).toBeVisible()
  })
})

test('without WebXR AR (Chromium has navigator.xr but no immersive-ar) the button is never offered', async ({ openApp }) => {
  const page = await openApp({ clip: clipPath('model') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
  await expect(root(page)).toHaveAttribute('data-xr', 'unsupported')
  await expect(page.getByRole('button', { name: 'AR: place in your room' })).toBeHidden()
  // Not iOS either: no Quick Look link.
  await expect(page.getByRole('link', { name: 'View in your space' })).toBeHidden()
})

test('the production build contains no WebXR emulator code', () => {
  const dist = resolve('dist')
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  })(dist).filter((f) => /\.(js|html|css)$/.test(f))
  expect(files.length).toBeGreaterThan(0)
  const offenders = files.filter((file) => /iwer|XRDevice|SyntheticEnvironmentModule/.test(readFileSync(file, 'utf8')))
  expect(offenders).toEqual([])
})

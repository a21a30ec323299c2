/**
 * What a campaign team authors in meta, seen in the browser: calls to action (safe links in a
 * new tab, "replay"), title and caption as text. Content is shown through the printAR.showMeta
 * hook (the same path as a recognition hit), over the clutter camera (no target in view).
 */
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { clipPath } from './clips'
import { contentEntered, contentInfo, gpuMemory, root, tapStart } from './helpers'

type Hook = { printAR: { showMeta(m: object | string): { ok: boolean; error?: { message: string } } } }

async function showMeta(page: Page, meta: object | string) {
  return page.evaluate((m) => (window as unknown as Hook).printAR.showMeta(m), meta)
}

async function startOnClutter(openApp: (o: { clip: string }) => Promise<Page>): Promise<Page> {
  const page = await openApp({ clip: clipPath('clutter') })
  await tapStart(page)
  await expect(root(page)).toHaveAttribute('data-camera', 'live')
  return page
}

test.describe('calls to action', () => {
  test('buttons with a label open http(s) pages in a new tab without access to the app; replay restarts the clip', async ({ openApp }) => {
    const page = await startOnClutter(openApp)
    const result = await showMeta(page, {
      type: 'model',
      url: 'content/robot.glb',
      animation: 'Dance',
      loop: false, // the clip stops at its end, so "replay" has something to restart
      title: '<b>Volt</b> & friends',
      caption: 'Tickets on sale now <script>alert(1)</script>',
      actions: [
        { label: 'Get tickets', url: 'https://neonnights.example/tickets' },
        { label: 'Play again', action: 'replay' },
      ],
    })
    expect(result.ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })

    // Text, never HTML.
    await expect(page.locator('#content-title')).toHaveText('<b>Volt</b> & friends')
    await expect(page.locator('#content-caption')).toHaveText('Tickets on sale now <script>alert(1)</script>')
    expect(await page.locator('#content-info b, #content-info script').count()).toBe(0)

    const tickets = page.getByRole('link', { name: 'Get tickets' })
    await expect(tickets).toBeVisible()
    expect(await tickets.getAttribute('href')).toBe('https://neonnights.example/tickets')
    expect(await tickets.getAttribute('target')).toBe('_blank')
    expect(await tickets.getAttribute('rel')).toContain('noopener')

    // The link opens a new tab; the app's page stays where it was.
    await page
      .context()
      .route('https://neonnights.example/**', (route) => route.fulfill({ body: '<p>tickets</p>', contentType: 'text/html' }))
    const [popup] = await Promise.all([page.context().waitForEvent('page'), tickets.click()])
    await popup.waitForLoadState()
    expect(popup.url()).toBe('https://neonnights.example/tickets')
    expect(await popup.evaluate(() => window.opener)).toBeNull()
    await popup.close()
    await expect(root(page)).toHaveAttribute('data-content', 'shown')

    await expect.poll(async () => (await contentInfo(page)).animationTime!, { timeout: 10_000 }).toBeGreaterThan(1)
    await page.getByRole('button', { name: 'Play again' }).click()
    expect((await contentInfo(page)).animationTime!).toBeLessThan(0.5)
  })

  test('javascript: and data: calls to action are refused with a clear message, and Scan again works', async ({ openApp }) => {
    const page = await startOnClutter(openApp)
    for (const url of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'JaVaScRiPt:alert(1)']) {
      const result = await showMeta(page, { type: 'model', url: 'content/robot.glb', actions: [{ label: 'Win a prize', url }] })
      expect(result.ok).toBe(false)
      expect(result.error!.message).toMatch(/actions\[0\]\.url.*refused scheme/)
      await expect(root(page)).toHaveAttribute('data-content', 'error')
      await expect(page.locator('#status-text')).toContainText('has content we can’t read')
      expect(await page.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0)
    }
    await page.getByRole('button', { name: 'Scan again' }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'none')
  })
})

/**
 * Transparent video, read back from the screen: the camera is a flat grey clip, so "the camera
 * shows through" is a pixel that is that grey. The plane is centred on screen, its size follows
 * from the view (ContentManager: half the view height, at most 90 % of its width).
 */
test.describe('transparent video', () => {
  const GREY = 128
  let greyClip: string

  test.beforeAll(async () => {
    const { mkdirSync } = await import('node:fs')
    const { resolve } = await import('node:path')
    const sharp = (await import('sharp')).default
    const { writeY4m } = await import('../helpers/y4m')
    const dir = resolve('.cache/e2e/clips')
    mkdirSync(dir, { recursive: true })
    greyClip = resolve(dir, 'grey.y4m')
    const frame = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: GREY, g: GREY, b: GREY } } })
      .png()
      .toBuffer()
    await writeY4m(greyClip, [frame, frame], { width: 640, height: 360 })
  })

  /** RGB of the screen at (x, y), averaged over a 3x3 patch (video compression wobbles single pixels). */
  async function pixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
    const png = await page.screenshot({ clip: { x: x - 1, y: y - 1, width: 3, height: 3 } })
    const sharp = (await import('sharp')).default
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const sum = [0, 0, 0]
    for (let i = 0; i < info.width * info.height; i++) for (let c = 0; c < 3; c++) sum[c]! += data[i * 3 + c]!
    return sum.map((v) => Math.round(v / (info.width * info.height))) as [number, number, number]
  }

  const isGrey = ([r, g, b]: number[]) => [r, g, b].every((v) => Math.abs(v! - GREY) < 24)

  /** Shows `meta` and returns the plane's centre and width on screen (`aspect`: the visible frame's). */
  async function showTransparent(page: Page, meta: object, aspect: number): Promise<{ cx: number; cy: number; w: number }> {
    expect((await showMeta(page, meta)).ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect.poll(async () => (await contentInfo(page)).videoTime!, { timeout: 15_000 }).toBeGreaterThan(0.5)
    await contentEntered(page)
    const view = page.viewportSize()!
    return { cx: view.width / 2, cy: view.height / 2, w: Math.min(0.9 * view.width, 0.5 * view.height * aspect) }
  }

  test('packed alpha: where the matte is black the camera shows, where white the colour half does', async ({ openApp }) => {
    const page = await openApp({ clip: greyClip })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    expect(isGrey(await pixel(page, 206, 430))).toBe(true) // the camera alone
    const { cx, cy, w } = await showTransparent(
      page,
      { type: 'video', url: 'content/sticker-packed.mp4', alpha: { mode: 'packed', layout: 'side-by-side' } },
      1,
    )
    const size = w // square: 320x320 once the matte half is taken away
    // Inside the sticker's disc (above the "HI!" text): the sticker's yellow.
    const inside = await pixel(page, cx, cy - size * 0.125)
    expect(inside[0]).toBeGreaterThan(200)
    expect(inside[1]).toBeGreaterThan(150)
    expect(inside[2]).toBeLessThan(120)
    // The four corners of the plane: the matte is black, so the grey camera (never the magenta
    // that fills the colour half there).
    for (const [dx, dy] of [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ] as const) {
      const corner = await pixel(page, cx + dx * size * 0.4, cy + dy * size * 0.4)
      expect(isGrey(corner), `corner ${dx},${dy}: ${corner.join(',')}`).toBe(true)
    }
    // The same clip without "alpha" is opaque: the magenta is on screen (the test can fail).
    await page.getByRole('button', { name: /close/i }).click()
    const whole = await showTransparent(page, { type: 'video', url: 'content/sticker-packed.mp4' }, 2)
    // The top-left corner of the frame's colour (left) half.
    const opaque = await pixel(page, whole.cx - whole.w * 0.45, whole.cy - (whole.w / 2) * 0.4)
    expect(opaque[0] > 200 && opaque[2] > 200 && opaque[1] < 80, `opaque: ${opaque.join(',')}`).toBe(true)
  })

  test('chroma key: the green screen disappears, the cloud stays', async ({ openApp }) => {
    const page = await openApp({ clip: greyClip })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    const { cx, cy, w } = await showTransparent(
      page,
      {
        type: 'video',
        url: 'content/weather-chroma.mp4',
        alpha: { mode: 'chroma', color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 },
      },
      16 / 9,
    )
    const h = (w * 9) / 16
    const cloud = await pixel(page, cx, cy)
    expect(cloud.every((v) => v > 200)).toBe(true)
    for (const [dx, dy] of [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ] as const) {
      const corner = await pixel(page, cx + dx * w * 0.42, cy + dy * h * 0.4)
      expect(isGrey(corner), `corner ${dx},${dy}: ${corner.join(',')}`).toBe(true)
    }
    // The same clip without a key is opaque: its green is on screen (the test can fail).
    await page.getByRole('button', { name: /close/i }).click()
    await showTransparent(page, { type: 'video', url: 'content/weather-chroma.mp4' }, 16 / 9)
    const green = await pixel(page, cx - w * 0.42, cy - h * 0.4)
    expect(green[1] - Math.max(green[0], green[2])).toBeGreaterThan(120)
  })
})

/**
 * Sound: unlocked by the start tap, an explicit sound button, and where the browser refuses
 * (no gesture yet), a "Tap for sound" state instead of silence. `data-audio` mirrors it.
 */
test.describe('sound', () => {
  const MODEL_WITH_SOUND = { type: 'model', url: 'content/robot.glb', animation: 'Dance', audio: 'content/robot-theme.mp3' }
  const VIDEO_WITH_SOUND = { type: 'video', url: 'content/forge-promo.mp4', muted: false }

  const muted = (page: Page) =>
    page.evaluate(() => (window as unknown as { printAR: { content(): { muted: boolean } } }).printAR.content().muted)

  test('after the start tap a model plays its sound; the sound button turns it off and on', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('clutter'), autoplay: 'browser' })
    await tapStart(page) // a real tap: the gesture that unlocks audio
    await expect(root(page)).toHaveAttribute('data-camera', 'live')
    expect((await showMeta(page, MODEL_WITH_SOUND)).ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-audio', 'on', { timeout: 15_000 })
    await page.getByRole('button', { name: 'Mute' }).click()
    await expect(root(page)).toHaveAttribute('data-audio', 'off')
    await page.getByRole('button', { name: 'Sound on' }).click()
    await expect(root(page)).toHaveAttribute('data-audio', 'on')

    // The visitor's choice holds for the next content: a video the author left unmuted plays with sound.
    await page.getByRole('button', { name: /close/i }).click()
    await expect(root(page)).not.toHaveAttribute('data-audio', /.*/)
    expect((await showMeta(page, VIDEO_WITH_SOUND)).ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-audio', 'on', { timeout: 15_000 })
    expect(await muted(page)).toBe(false)
  })

  test('where the browser refuses sound (no gesture yet), the button says "Tap for sound", and a tap turns it on', async ({ openApp }) => {
    // No gesture may reach the page before the tap under test. Playwright's page.evaluate runs as
    // a user gesture (sticky for the page), and Chromium lets a page that captures the camera play
    // sound; so here there is no camera, and an init script (no gesture) presses "Tap to start"
    // and shows the meta, as a hit would; it records whether the page had seen a gesture by then.
    const SOUND_TRIED = 'test: the sound has been tried'
    const open = async (meta: object, name: string) => {
      // A file, not page.addInitScript + reload: Playwright's reload counts as a gesture.
      const { mkdirSync, writeFileSync } = await import('node:fs')
      const { resolve } = await import('node:path')
      const script = resolve('.cache/e2e', `sound-${name}.js`)
      mkdirSync(resolve('.cache/e2e'), { recursive: true })
      writeFileSync(
        script,
        `(${(
          (m: object, soundTried: string) => {
            const tryStart = () => {
              const hook = (window as unknown as Hook).printAR
              const start = document.getElementById('btn-start')
              if (!hook || !start) return void setTimeout(tryStart, 100)
              start.click()
              const show = () => {
                const camera = document.documentElement.dataset.camera
                if (camera === 'starting' || camera === 'idle') return void setTimeout(show, 100)
                document.documentElement.dataset.testActivated = String(navigator.userActivation?.hasBeenActive ?? 'unknown')
                hook.showMeta(m)
                // Says so once the sound has been tried (data-audio is set only then), and keeps
                // saying it, so a test that starts listening late still hears it.
                setInterval(() => {
                  if (document.documentElement.dataset.audio) console.log(soundTried)
                }, 200)
              }
              show()
            }
            addEventListener('DOMContentLoaded', tryStart)
          }
        ).toString()})(${JSON.stringify(meta)}, ${JSON.stringify(SOUND_TRIED)})`,
      )
      const page = await openApp({ allowCamera: false, autoplay: 'browser', initScripts: [script] })
      // Playwright's own page queries can count as a gesture too: wait without touching the page
      // until the content has been shown and its sound tried (a fixed 6 s wait could end before
      // that on a busy machine, and the next query would then count as the gesture).
      await page.waitForEvent('console', { predicate: (message) => message.text() === SOUND_TRIED, timeout: 45_000 })
      await expect(root(page)).toHaveAttribute('data-test-activated', 'false')
      return page
    }
    const page = await open(MODEL_WITH_SOUND, 'model')
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(page)).toHaveAttribute('data-audio', 'blocked', { timeout: 15_000 })
    const tapForSound = page.getByRole('button', { name: 'Tap for sound' })
    await expect(tapForSound).toBeVisible()
    await tapForSound.click()
    await expect(root(page)).toHaveAttribute('data-audio', 'on')

    // A video the author left unmuted: plays muted at once (allowed), says "Tap for sound", and a
    // tap unmutes it.
    const fresh = await open(VIDEO_WITH_SOUND, 'video')
    await expect(root(fresh)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect(root(fresh)).toHaveAttribute('data-audio', 'blocked', { timeout: 15_000 })
    await fresh.getByRole('button', { name: 'Tap for sound' }).click()
    await expect(root(fresh)).toHaveAttribute('data-audio', 'on')
    expect(await muted(fresh)).toBe(false)
    await expect.poll(async () => (await contentInfo(fresh)).videoTime!, { timeout: 15_000 }).toBeGreaterThan(0.3)
  })
})

test.describe('several pieces per target', () => {
  test('a model, a text card and a video panel come in one after the other, and all of it is freed on close', async ({ openApp }) => {
    const page = await startOnClutter(openApp)
    const meta = {
      title: 'Open day',
      items: [
        { type: 'model', url: 'content/robot.glb', animation: 'Wave', position: [-0.12, -0.05, 0], scale: 0.7 },
        { type: 'text', text: 'Welcome! Labs open 10:00–16:00', position: [0, 0.22, 0], delay: 0.4 },
        { type: 'video', url: 'content/sticker-packed.mp4', alpha: { mode: 'packed' }, position: [0.14, -0.05, 0], scale: 0.5, delay: 0.8 },
      ],
    }
    const before = await gpuMemory(page)
    expect((await showMeta(page, meta)).ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await expect.poll(async () => (await contentInfo(page)) as { pieces?: number }).toMatchObject({ pieces: 3 })
    // Both the clip and the video run.
    await expect.poll(async () => (await contentInfo(page)).videoTime!, { timeout: 15_000 }).toBeGreaterThan(0.3)
    await expect.poll(async () => (await contentInfo(page)).animationTime!, { timeout: 15_000 }).toBeGreaterThan(0.3)
    const during = await gpuMemory(page)
    expect(during.textures).toBeGreaterThan(before.textures) // the text card and the video frame
    await page.getByRole('button', { name: /close/i }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'none')
    // Closing animates the pieces out before freeing them: wait for the geometries to go (a
    // texture the first show creates for good, the environment map, may stay).
    await expect.poll(async () => (await gpuMemory(page)).geometries, { timeout: 15_000 }).toBe(before.geometries)
    const afterFirst = await gpuMemory(page)
    expect((await showMeta(page, meta)).ok).toBe(true)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    await page.getByRole('button', { name: /close/i }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'none')
    await expect.poll(() => gpuMemory(page)).toEqual(afterFirst)
  })
})

test.describe('preloading and cache', () => {
  test('a target recognized again in the same visit shows from memory: its model is not fetched again', async ({ openApp }) => {
    const page = await openApp({ clip: clipPath('model') })
    const modelRequests: string[] = []
    page.on('request', (request) => {
      if (/\/content\/[^/]+\.(glb|gltf)$/.test(new URL(request.url()).pathname)) modelRequests.push(request.url())
    })
    await tapStart(page)
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    expect(modelRequests).toHaveLength(1)

    await page.getByRole('button', { name: 'Scan again' }).click()
    await expect(root(page)).toHaveAttribute('data-content', 'none')
    // The same print is still in view: recognized again, shown again, no second download.
    await expect(root(page)).toHaveAttribute('data-content', 'shown', { timeout: 30_000 })
    expect((await contentInfo(page)).visible).toBe(true)
    expect(modelRequests).toHaveLength(1)
  })
})

test('the dev preview page (/preview.html) is not in the production build', async ({ request }) => {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs')
  const { join, resolve } = await import('node:path')
  const dist = resolve('dist')
  expect(existsSync(join(dist, 'index.html'))).toBe(true)
  expect(existsSync(join(dist, 'preview.html'))).toBe(false)
  const scripts = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'))
  // src/preview/main.ts is the only code that calls the dev server's preview checks (/grade, /similar).
  for (const file of scripts) expect(readFileSync(join(dist, 'assets', file), 'utf8'), file).not.toContain('/__crs/preview/')
  // The preview server answers with the app (SPA fallback), never the preview page.
  expect(await (await request.get('/preview.html')).text()).not.toContain('Preview a target')
})

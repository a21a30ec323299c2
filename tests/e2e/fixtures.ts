/**
 * A Playwright fixture that starts Debian's Chromium with a fake camera playing a given y4m clip.
 * Each test gets its own browser because the fake-camera file is a launch flag.
 */
import { test as base, chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'

export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
]

export interface CameraOptions {
  /** Path of a y4m clip for the fake camera; omit for a browser with no camera permission. */
  clip?: string
  /** Grant the camera permission (default true). */
  allowCamera?: boolean
  /** Scripts run in the page before the app (e.g. the WebXR emulator). */
  initScripts?: string[]
  /**
   * `open` (default): media may play with sound without a gesture, so tests need no clicks.
   * `browser`: the policy visitors have (sound needs a user gesture).
   */
  autoplay?: 'open' | 'browser'
  /** The browser's language (navigator.languages), e.g. 'ja-JP'; Playwright's default otherwise. */
  locale?: string
  /** A user agent string (e.g. an in-app browser's); Chromium's own otherwise. */
  userAgent?: string
}

interface Fixtures {
  openApp: (options: CameraOptions & { query?: string }) => Promise<Page>
}

export const test = base.extend<Fixtures>({
  openApp: async ({ baseURL }, use) => {
    const opened: Array<{ browser: Browser; context: BrowserContext }> = []
    await use(async ({ clip, allowCamera = true, query = '', initScripts = [], autoplay = 'open', locale, userAgent }) => {
      // Without the flag Chromium applies its desktop default, document-user-activation-required,
      // which also holds Web Audio back (the mobile-style user-gesture-required does not).
      const base = autoplay === 'open' ? BASE_ARGS : BASE_ARGS.filter((arg) => !arg.startsWith('--autoplay-policy='))
      const args = [...base, '--use-fake-device-for-media-stream']
      if (clip) args.push(`--use-file-for-fake-video-capture=${clip}`)
      if (allowCamera) args.push('--use-fake-ui-for-media-stream')
      else args.push('--deny-permission-prompts')
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH!, headless: true, args })
      const context = await browser.newContext({
        baseURL: baseURL!,
        viewport: { width: 412, height: 860 },
        permissions: allowCamera ? ['camera'] : [],
        ...(locale ? { locale } : {}),
        ...(userAgent ? { userAgent } : {}),
      })
      opened.push({ browser, context })
      for (const path of initScripts) await context.addInitScript({ path })
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error(`[pageerror] ${error.message}`))
      await page.goto(`/${query}`)
      return page
    })
    for (const { browser } of opened) await browser.close()
  },
})

export { expect } from '@playwright/test'

/**
 * Renders views (viewSpecs.ts) with the project's own three.js in Debian's headless Chromium
 * (scene.browser.js). Nothing leaves the machine: the page and every file it loads are answered
 * by Playwright's router from disk under a made-up origin. One page renders views one after
 * another; textures are reused across views of the same print.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import type { ViewSpec } from './viewSpecs.ts'

const ORIGIN = 'http://bench.invalid'
const root = resolve(import.meta.dirname, '../..')

export class ViewRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly files: Map<string, string>,
  ) {}

  static async launch(): Promise<ViewRenderer> {
    const executablePath =
      process.env.CHROMIUM_PATH ||
      execFileSync('bash', [resolve(root, 'scripts/find-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    })
    const page = await browser.newPage()
    const files = new Map<string, string>([
      ['/three/three.module.js', resolve(root, 'node_modules/three/build/three.module.js')],
      ['/three/three.core.js', resolve(root, 'node_modules/three/build/three.core.js')],
      ['/scene.js', resolve(import.meta.dirname, 'scene.browser.js')],
    ])
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname
      if (path === '/')
        return route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><body style="margin:0"><script type="module" src="/scene.js"></script></body>',
        })
      const file = files.get(decodeURIComponent(path))
      if (!file) return route.fulfill({ status: 404, body: 'not found' })
      const contentType = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.png') ? 'image/png' : 'image/jpeg'
      return route.fulfill({ contentType, body: readFileSync(file) })
    })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${ORIGIN}/`)
    await page
      .waitForFunction(() => (window as unknown as { sceneReady?: boolean }).sceneReady === true, undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the render page did not start: ${errors.join('; ') || 'no error reported'}`)
      })
    return new ViewRenderer(browser, page, files)
  }

  /** The view as PNG bytes (spec.width × spec.height), before any camera effect. */
  async render(spec: ViewSpec, printFile: string, backdropFile: string): Promise<Buffer> {
    const printPath = `/files/${encodeURIComponent(printFile)}`
    const backdropPath = `/files/${encodeURIComponent(backdropFile)}`
    this.files.set(decodeURIComponent(printPath), printFile)
    this.files.set(decodeURIComponent(backdropPath), backdropFile)
    const dataUrl = await this.page.evaluate(
      ([s, p, b]) => (window as unknown as { renderView: (s: unknown, p: string, b: string) => Promise<string> }).renderView(s, p, b),
      [spec, printPath, backdropPath] as const,
    )
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
  }

  async close(): Promise<void> {
    await this.browser.close()
  }
}

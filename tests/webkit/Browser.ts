/**
 * The page as the WebKit suite sees it: a WebDriver session on MiniBrowser plus the waits and
 * reads every test needs (html data-* states, the printAR hook, the canvas camera).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { WebDriverSession } from './WebDriver'

export type CameraMode = 'canvas' | 'device' | 'denied' | 'none'

export class Browser {
  constructor(
    readonly session: WebDriverSession,
    readonly baseUrl: string,
  ) {}

  /** A fresh page load of the app (with the test scripts), the camera in `camera` mode. */
  async open(query = '', camera: CameraMode = 'canvas'): Promise<void> {
    await this.session.navigate(`${this.baseUrl}/${query}`)
    await this.waitFor('the app and the test scripts are loaded', () =>
      this.js<boolean>('return !!window.printAR && !!window.__webkitCamera'),
    )
    await this.js('window.__webkitCamera.use(arguments[0])', camera)
  }

  js<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.session.execute<T>(body, ...args)
  }

  /** Awaits a promise in the page: `body` is an async function body, its return value comes back. */
  async jsAsync<T>(body: string, ...args: unknown[]): Promise<T> {
    const result = await this.session.executeAsync<{ ok: boolean; value?: T; error?: string }>(
      `const done = arguments[arguments.length - 1];
       (async (...args) => { ${body} })(...Array.prototype.slice.call(arguments, 0, -1))
         .then((value) => done({ ok: true, value }), (e) => done({ ok: false, error: String(e && e.stack || e) }))`,
      ...args,
    )
    if (!result.ok) throw new Error(`in the page: ${result.error}`)
    return result.value as T
  }

  /** Draws `url` (an image the app serves, e.g. targets/tea-box.png) in front of the canvas camera. */
  async showPrint(url: string): Promise<void> {
    await this.jsAsync('return window.__webkitCamera.show(args[0])', url)
  }

  /** A trusted click (unlocks media, as a tap does). */
  click(css: string): Promise<void> {
    return this.session.click(css)
  }

  async tapStart(): Promise<void> {
    await this.click('#btn-start')
  }

  state(): Promise<Record<string, string>> {
    return this.js('return Object.assign({}, document.documentElement.dataset)')
  }

  /** Waits until every given data-* attribute on <html> has its value. */
  async waitForState(expected: Record<string, string>, timeoutMs = 20_000): Promise<void> {
    await this.waitFor(
      `html ${Object.entries(expected)
        .map(([k, v]) => `data-${k}="${v}"`)
        .join(' ')}`,
      async () => {
        const state = await this.state()
        return Object.entries(expected).every(([key, value]) => state[toCamel(key)] === value)
      },
      timeoutMs,
    )
  }

  content(): Promise<{
    status: string
    type: string | null
    visible: boolean
    animationTime: number
    videoTime: number
    targetName: string | null
    entered: boolean
  }> {
    return this.js('return window.printAR.content()')
  }

  async waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (await check()) return
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; state: ${JSON.stringify(await this.state().catch(() => ({})))}`,
        )
      }
      await sleep(150)
    }
  }

  /** What the page reported as errors (tests/webkit/page/errors.js), and clears the list. */
  async pageErrors(): Promise<{ errors: string[]; warnings: string[] }> {
    return this.js(`const out = { errors: window.__pageErrors.slice(), warnings: window.__pageWarnings.slice() };
      window.__pageErrors.length = 0; window.__pageWarnings.length = 0; return out`)
  }
}

function toCamel(attr: string): string {
  return attr.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
}

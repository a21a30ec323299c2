/**
 * A minimal W3C WebDriver client over fetch, enough for the WebKit suite: WebKitGTK's
 * WebKitWebDriver speaks classic WebDriver only (no BiDi), and Playwright cannot drive it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

/** The W3C element reference key. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf'

export class WebDriverError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`WebDriver ${command}: ${error}: ${message}`)
  }
}

export interface ElementRef {
  [ELEMENT_KEY]: string
}

/** Starts `WebKitWebDriver --port=N` and resolves once it answers /status. */
export async function startDriver(port: number, binary = 'WebKitWebDriver'): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(binary, [`--port=${port}`, '--host=127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${stderr}`)
    try {
      const res = await fetch(`${url}/status`)
      if (res.ok) return { url, process: child }
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  child.kill()
  throw new Error(`WebKitWebDriver did not answer on ${url}: ${stderr}`)
}

export class WebDriverSession {
  private constructor(
    readonly base: string,
    readonly id: string,
  ) {}

  static async create(driverUrl: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await call<{ sessionId: string }>(
      'POST',
      `${driverUrl}/session`,
      { capabilities: { alwaysMatch: capabilities } },
      'new session',
    )
    return new WebDriverSession(driverUrl, value.sessionId)
  }

  #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(method, `${this.base}/session/${this.id}${path}`, body, `${method} ${path}`)
  }

  navigate(url: string): Promise<void> {
    return this.#call('POST', '/url', { url })
  }

  setWindowRect(rect: { width: number; height: number; x?: number; y?: number }): Promise<unknown> {
    return this.#call('POST', '/window/rect', rect)
  }

  setTimeouts(timeouts: { script?: number; pageLoad?: number; implicit?: number }): Promise<void> {
    return this.#call('POST', '/timeouts', timeouts)
  }

  /** Runs `body` as a function body in the page; `arguments` holds `args`. */
  execute<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.#call<T>('POST', '/execute/sync', { script: body, args })
  }

  /** Like execute, but the page calls `arguments[arguments.length - 1](result)` to finish. */
  executeAsync<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.#call<T>('POST', '/execute/async', { script: body, args })
  }

  async find(css: string): Promise<ElementRef> {
    return this.#call<ElementRef>('POST', '/element', { using: 'css selector', value: css })
  }

  /** A real click through the driver (a trusted event, which unlocks media like a tap). */
  async click(css: string): Promise<void> {
    const element = await this.find(css)
    await this.#call('POST', `/element/${element[ELEMENT_KEY]}/click`, {})
  }

  /** Types into an element; for a file input, `text` is the path of the file to choose. */
  async sendKeys(css: string, text: string): Promise<void> {
    const element = await this.find(css)
    await this.#call('POST', `/element/${element[ELEMENT_KEY]}/value`, { text })
  }

  /** The viewport as PNG. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.#call<string>('GET', '/screenshot'), 'base64')
  }

  async delete(): Promise<void> {
    await this.#call('DELETE', '')
  }
}

async function call<T>(method: string, url: string, body: unknown, command: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? null : JSON.stringify(body),
  })
  const json = (await res.json()) as { value: T & { error?: string; message?: string } }
  if (!res.ok || (json.value && typeof json.value === 'object' && 'error' in json.value && json.value.error)) {
    throw new WebDriverError(command, String(json.value?.error), String(json.value?.message ?? res.status))
  }
  return json.value
}

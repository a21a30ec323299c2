/**
 * The WebKit suite (`npm run test:webkit`, part of `npm test`): the production build in
 * WebKitGTK's MiniBrowser, driven over WebDriver, under Xvfb. It installs what it needs with
 * apt (scripts/find-webkit.sh), serves dist/ with the local recognizer and the test-only page
 * scripts (serveApp.ts), runs suite.ts in one browser session, and prints `N passed, N failed`;
 * any failure fails the run.
 *
 * WEBKIT_PORT (default 4318) is the app's port; the driver takes a free one. WEBKIT_GREP=text
 * runs only the tests whose names contain it.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { Browser } from './Browser'
import { serveApp } from './serveApp'
import { tests } from './suite'
import { startDriver, WebDriverSession } from './WebDriver'

const APP_PORT = Number(process.env.WEBKIT_PORT ?? 4318)
const TEST_TIMEOUT_MS = 60_000
const OUT_DIR = resolve('.cache/webkit')

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took over ${ms} ms`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function main(): Promise<number> {
  const miniBrowser = execFileSync('bash', ['scripts/find-webkit.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
  // The GTK port has no headless mode: without a display, run this same script under Xvfb.
  if (!process.env.DISPLAY) {
    const rerun = spawnSync(
      'xvfb-run',
      ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: 'inherit' },
    )
    return rerun.status ?? 1
  }
  const started = Date.now()
  rmSync(OUT_DIR, { recursive: true, force: true })
  mkdirSync(OUT_DIR, { recursive: true })
  // A fresh recognizer store: the preview server seeds the sample targets into it.
  process.env.CRS_DB = resolve(OUT_DIR, 'targets.db')
  process.env.CRS_QPS = '50'
  const app = await serveApp(APP_PORT)
  const driver = await startDriver(await freePort())
  let passed = 0
  let failed = 0
  try {
    const session = await WebDriverSession.create(driver.url, {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation', '--enable-mock-capture-devices=true'] },
    })
    try {
      await session.setTimeouts({ script: 30_000, pageLoad: 30_000 })
      // The narrowest MiniBrowser window (a phone-shaped viewport is not available in WebKitGTK).
      await session.setWindowRect({ width: 412, height: 860 })
      const browser = new Browser(session, app.url)
      const ua = await (async () => {
        await session.navigate(`${app.url}/ping`)
        return session.execute<string>('return navigator.userAgent')
      })()
      console.log(`WebKit suite: ${ua}`)
      const grep = process.env.WEBKIT_GREP?.toLowerCase()
      for (const test of tests.filter((t) => !grep || t.name.toLowerCase().includes(grep))) {
        const t0 = Date.now()
        try {
          await withTimeout(test.run(browser), TEST_TIMEOUT_MS, test.name)
          const { errors, warnings } = await browser.pageErrors()
          if (errors.length) throw new Error(`the page reported errors:\n    ${errors.join('\n    ')}`)
          passed++
          console.log(`  ✓ ${test.name} (${Date.now() - t0} ms)`)
          // Warnings are the app's own reports of recoverable trouble: shown, not failed on.
          for (const warning of warnings) console.log(`    ${warning}`)
        } catch (error) {
          failed++
          console.log(`  ✗ ${test.name} (${Date.now() - t0} ms)\n    ${String(error instanceof Error ? error.message : error)}`)
          const slug = test.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)
          await session.screenshot().then(
            (png) => writeFileSync(resolve(OUT_DIR, `${slug}.png`), png),
            () => undefined,
          )
          const report = await browser.pageErrors().catch(() => null)
          if (report?.errors.length) console.log(`    page errors:\n      ${report.errors.join('\n      ')}`)
          if (report?.warnings.length) console.log(`    page warnings:\n      ${report.warnings.join('\n      ')}`)
        }
      }
    } finally {
      await session.delete().catch(() => undefined)
    }
  } finally {
    driver.process.kill()
    await app.close()
  }
  console.log(`WebKit suite took ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`${passed} passed, ${failed} failed`)
  return failed === 0 && passed > 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    console.log('0 passed, 1 failed')
    process.exit(1)
  },
)

/** crsPlugin inside real Vite dev and preview servers: CRS paths answered, the rest falls through. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createServer, preview } from 'vite'
import Database from 'better-sqlite3'
import { FEATURE_RECIPE } from '../../../server/src/engine/tuning.ts'
import { crsPlugin, isCrsPath } from '../../../server/src/vitePlugin.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-vite-'))
const seedDir = resolve('assets/targets')
mkdirSync(join(dir, 'dist'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>')
writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>built</title>')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function origin(address: AddressInfo | string | null | undefined): string {
  if (!address || typeof address === 'string') throw new Error('no address')
  return `http://127.0.0.1:${address.port}`
}

describe('crsPlugin', () => {
  it('routes exactly the CRS paths', () => {
    for (const path of [
      '/search',
      '/v2/search',
      '/ping',
      '/token',
      '/targets',
      '/targets/infos?pageNum=1',
      '/target/x',
      '/similar',
      '/grade/detection',
      '/targets/',
      '/similar/',
      '/grade/tracking/',
    ]) {
      expect(isCrsPath(path)).toBe(true)
    }
    for (const path of [
      '/',
      '/index.html',
      '/src/main.ts',
      '/searchable',
      '/assets/targets/tea-box.png',
      '/targets/tea-box.png',
      '/targetsx',
    ]) {
      expect(isCrsPath(path)).toBe(false)
    }
  })

  it('serves /ping and /search (seeded samples) inside vite dev, and lets other paths through', async () => {
    const server = await createServer({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      plugins: [crsPlugin({ dbPath: join(dir, 'dev.db'), seedDir, token: 'vite-token' })],
      server: { port: 0, host: '127.0.0.1' },
    })
    await server.listen()
    try {
      const base = origin(server.httpServer?.address())
      expect(await (await fetch(`${base}/ping`)).json()).toMatchObject({ statusCode: 0 })

      const image = readFileSync(join(seedDir, 'tea-box.png')).toString('base64')
      const res = await fetch(`${base}/search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'vite-token' },
        body: JSON.stringify({ image, appId: 'local-crs-app', notracking: true }),
      })
      expect(res.status).toBe(200)
      const body = await res.json()
      expect(body.result.target.name).toBe('tea-box')
      const meta = JSON.parse(Buffer.from(body.result.target.meta, 'base64').toString('utf8'))
      expect(meta).toEqual(JSON.parse(readFileSync(join(seedDir, 'tea-box.json'), 'utf8')))

      const page = await fetch(`${base}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>app</title>')

      // The preview page's checks: run with operator credentials for a same-origin page on this
      // machine, refused to another site's page; the page's own token may not call /grade itself.
      const check = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ image }),
        })
      const graded = await check('/__crs/preview/grade', { 'Sec-Fetch-Site': 'same-origin' })
      expect(graded.status).toBe(200)
      expect((await graded.json()).result.grade).toBeTypeOf('number')
      const similar = await (await check('/__crs/preview/similar')).json()
      expect(similar.result.results.map((t: { name: string }) => t.name)).toContain('tea-box')
      const crossSite = await check('/__crs/preview/grade', { 'Sec-Fetch-Site': 'cross-site' })
      expect([crossSite.status, (await crossSite.json()).statusCode]).toEqual([403, 403])
      const direct = await check('/grade/detection', { Authorization: 'vite-token' })
      expect([direct.status, (await direct.json()).statusCode]).toEqual([403, 6])
    } finally {
      await server.close()
    }
  })

  it('re-extracts, in the background, a store an older engine made, while searches keep working', async () => {
    const dbPath = join(dir, 'upgrade.db')
    const start = async () => {
      const server = await createServer({
        configFile: false,
        root: dir,
        logLevel: 'silent',
        plugins: [crsPlugin({ dbPath, seedDir, token: 'vite-token' })],
        server: { port: 0, host: '127.0.0.1' },
      })
      await server.listen()
      return server
    }
    const recipe = () => {
      const db = new Database(dbPath, { readonly: true })
      try {
        return (db.prepare("SELECT value FROM settings WHERE key = 'featureRecipe'").get() as { value: string } | undefined)?.value
      } finally {
        db.close()
      }
    }
    const search = async (base: string) => {
      const image = readFileSync(join(seedDir, 'tea-box.png')).toString('base64')
      const res = await fetch(`${base}/search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'vite-token' },
        body: JSON.stringify({ image, appId: 'local-crs-app', notracking: true }),
      })
      return (await res.json()).result?.target?.name
    }
    // The samples, seeded by this engine; then the store is made to look like an older engine's.
    const first = await start()
    try {
      expect(await search(origin(first.httpServer?.address()))).toBe('tea-box')
    } finally {
      await first.close()
    }
    const db = new Database(dbPath)
    db.prepare("UPDATE settings SET value = 'orb:640px:500' WHERE key = 'featureRecipe'").run()
    db.close()

    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const second = await start()
    try {
      const base = origin(second.httpServer?.address())
      expect(await search(base)).toBe('tea-box')
      const deadline = Date.now() + 60_000
      while (recipe() !== FEATURE_RECIPE && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(recipe()).toBe(FEATURE_RECIPE)
      expect(await search(base)).toBe('tea-box')
      // The engine's "run crs reindex" is followed by what the dev server does instead.
      const lines = logged.mock.calls.map((call) => String(call[0]))
      expect(lines.some((line) => /re-extracting the features .* in the background \(no need to run crs reindex\)/.test(line))).toBe(true)
    } finally {
      logged.mockRestore()
      await second.close()
    }
  }, 120_000)

  it('serves the API inside vite preview too', async () => {
    const server = await preview({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      plugins: [crsPlugin({ dbPath: join(dir, 'preview.db'), seedDir: join(dir, 'no-samples') })],
      preview: { port: 0, host: '127.0.0.1' },
    })
    try {
      const base = origin(server.httpServer.address())
      expect((await (await fetch(`${base}/ping`)).json()).statusCode).toBe(0)
      const token = await (await fetch(`${base}/token`, { method: 'POST' })).json()
      expect(token.result.appId).toBe('local-crs-app')
      expect(
        (
          await (
            await fetch(`${base}/search`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: token.result.token },
              body: '{}',
            })
          ).json()
        ).statusCode,
      ).toBe(414)
      // A page's token may only search: the target API refuses it here too.
      const count = await fetch(`${base}/targets/count`, { headers: { Authorization: token.result.token } })
      expect([count.status, (await count.json()).statusCode]).toEqual([403, 6])
      expect(await (await fetch(`${base}/`)).text()).toContain('<title>built</title>')
    } finally {
      await server.close()
    }
  })
})

/**
 * `npm run dev` (and `dev:lan`, which opens the same server to the LAN) serves the app and nothing
 * else: the real vite.config.ts, on a real dev server, refuses the store, the server's source,
 * the project's own files and caches in every spelling Vite knows (?raw, ?import, /@fs/), and
 * still serves the pages, the app's modules and its public files. A caller that widens
 * `server.fs.allow` to the whole project (bench:tracking, for its page) still cannot read the
 * store or the server's source.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ViteDevServer, createServer } from 'vite'

const ROOT = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'dev-files-'))
const probe = `devServerFiles-${randomBytes(6).toString('hex')}`
const hadData = existsSync(join(ROOT, 'data'))
const created = [join(ROOT, 'data', `${probe}.db`), join(ROOT, '.cache', `${probe}.json`)]
const env = { ...process.env }
const servers: ViteDevServer[] = []

async function start(allow: string[] = []): Promise<string> {
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'silent',
    cacheDir: join(dir, `vite-cache-${servers.length}`),
    server: { port: 0, host: '127.0.0.1', fs: { allow } },
    optimizeDeps: { noDiscovery: true, include: [] },
  })
  await server.listen()
  servers.push(server)
  const address = server.httpServer?.address() as AddressInfo
  return `http://127.0.0.1:${address.port}`
}

/** Paths that must be refused, each in the spellings Vite's middlewares understand. */
const REFUSED = [
  `/data/${probe}.db`,
  '/server/src/main.ts',
  '/server/src/auth/signature.ts',
  '/package.json',
  '/vite.config.ts',
  '/tests/unit/build/devServerFiles.test.ts',
  `/.cache/${probe}.json`,
].flatMap((path) => [path, `${path}?raw`, `${path}?import`, `${path}?url`, `/@fs${ROOT}${path}`])

const SERVED = [
  '/',
  '/index.html',
  '/preview.html',
  '/src/main.ts',
  '/src/protocol/statusCodes.ts',
  '/targets/tea-box.png',
  '/@vite/client',
  '/ping',
]

async function status(base: string, path: string): Promise<number> {
  const res = await fetch(`${base}${path}`)
  await res.arrayBuffer()
  return res.status
}

beforeAll(() => {
  mkdirSync(join(ROOT, 'data'), { recursive: true })
  mkdirSync(join(ROOT, '.cache'), { recursive: true })
  for (const file of created) writeFileSync(file, 'SQLite format 3\0 the store')
  process.env.CRS_DB = join(dir, 'crs.db')
  process.env.CRS_SEED_DIR = join(dir, 'no-samples')
})

afterAll(async () => {
  for (const server of servers) await server.close()
  for (const file of created) rmSync(file, { force: true })
  // Only the folder this test made, and only while empty: a dev server may have made a store since.
  if (!hadData && readdirSync(join(ROOT, 'data')).length === 0) rmdirSync(join(ROOT, 'data'))
  for (const name of ['CRS_DB', 'CRS_SEED_DIR']) {
    if (env[name] === undefined) delete process.env[name]
    else process.env[name] = env[name]
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('the dev server (vite.config.ts server.fs)', () => {
  it('refuses the store, the server source, project files and caches with 403, and serves the app', async () => {
    const base = await start()
    const answers: Record<string, number> = {}
    for (const path of [...REFUSED, ...SERVED]) answers[path] = await status(base, path)
    expect(Object.entries(answers).filter(([path, code]) => REFUSED.includes(path) && code !== 403)).toEqual([])
    expect(Object.entries(answers).filter(([path, code]) => SERVED.includes(path) && code !== 200)).toEqual([])
  })

  it('keeps refusing the store and the server source when a caller allows the whole project', async () => {
    const base = await start([ROOT])
    expect(await status(base, '/bench/tracking/index.html')).toBe(200)
    for (const path of [
      `/data/${probe}.db`,
      `/data/${probe}.db?raw`,
      '/server/src/main.ts',
      '/server/src/main.ts?raw',
      `/.cache/${probe}.json`,
      `/@fs${ROOT}/server/src/main.ts`,
    ]) {
      expect([path, await status(base, path)]).toEqual([path, 403])
    }
  })
})

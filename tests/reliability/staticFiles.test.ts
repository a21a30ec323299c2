/**
 * The static side of the app's origin cannot be walked out of: `vite` (dev) and `vite preview`,
 * both with the project's real vite.config.ts (public dir `assets/` at `/targets/…`, `/content/…`,
 * three's decoders, the CRS plugin), are sent `..` in every spelling over a raw socket (fetch
 * would normalise it away). A file outside the project, /etc/passwd and .git/config must never come
 * back; the legitimate files must.
 */
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type InlineConfig, createServer, preview } from 'vite'
import { Tally, recordFigures } from './support/figures.ts'
import { sendRaw, serialize } from './support/rawHttp.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'crs-static-'))
const SECRET = `outside-${randomBytes(12).toString('hex')}`
const SECRET_FILE = join(dir, 'outside', 'secret.txt')
const DIST = join(dir, 'dist')

/** What must never appear in an answer body. */
const LEAKS: Array<[label: string, marker: string]> = [
  ['file outside the project', SECRET],
  ['/etc/passwd', 'root:x:0:0'],
  ['.git/config', 'repositoryformatversion'],
]

/** `..` and `/` as an attacker spells them. */
const DOT_DOT_SLASH = [
  '../',
  '%2e%2e/',
  '%2e%2e%2f',
  '..%2f',
  '.%2e/',
  '%2e./',
  '%252e%252e%252f',
  '..%252f',
  '..\\',
  '..%5c',
  '%2e%2e%5c',
  '..%c0%af',
  '..%ef%bc%8f',
  '....//',
  '..;/',
  '%00../',
]
const MOUNTS = ['/targets/', '/content/', '/', '/decoders/draco/', '/@fs/', '/node_modules/', '/src/', '/target/', '/search/']

function attackPaths(): string[] {
  const outside = SECRET_FILE.slice(1) // absolute, without the leading slash
  const paths = new Set<string>()
  for (const mount of MOUNTS) {
    for (const step of DOT_DOT_SLASH) {
      paths.add(`${mount}${step.repeat(12)}${outside}`)
      paths.add(`${mount}${step.repeat(12)}etc/passwd`)
    }
    paths.add(`${mount}${'../'.repeat(3)}.git/config`)
  }
  for (const target of [SECRET_FILE, '/etc/passwd', join(ROOT, '.git/config')]) {
    paths.add(`/@fs${target}`)
    for (const query of ['?raw', '?import&raw', '?url', '?raw??', '?import&raw??', '?inline']) paths.add(`/@fs${target}${query}`)
  }
  for (const query of ['', '?raw', '?import', '?raw??']) {
    paths.add(`/.git/config${query}`)
    paths.add(`/%2egit/config${query}`)
    paths.add(`/.git%2fconfig${query}`)
  }
  paths.add(`/targets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f${SECRET_FILE.slice(1).replaceAll('/', '%2f')}`)
  paths.add(`/${'..%2f'.repeat(12)}etc%2fpasswd?raw`)
  return [...paths]
}

interface Probe {
  base: string
  port: number
  close(): Promise<void>
}

const servers = new Map<string, Probe>()
const env = { ...process.env }

function viteConfig(): InlineConfig {
  return {
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'silent',
    // Our own dep cache: the shared node_modules/.vite belongs to whoever else runs `vite`.
    cacheDir: join(dir, 'vite-cache'),
    server: { port: 0, host: '127.0.0.1', strictPort: false },
    preview: { port: 0, host: '127.0.0.1' },
    build: { outDir: DIST },
  }
}

function portOf(address: AddressInfo | string | null | undefined): number {
  if (!address || typeof address === 'string') throw new Error('no address')
  return address.port
}

beforeAll(async () => {
  mkdirSync(join(dir, 'outside'))
  writeFileSync(SECRET_FILE, SECRET)
  // A stand-in for a built dist/: preview serves whatever outDir holds.
  mkdirSync(join(DIST, 'targets'), { recursive: true })
  writeFileSync(join(DIST, 'index.html'), '<!doctype html><title>built</title>')
  copyFileSync(join(ROOT, 'assets/targets/tea-box.png'), join(DIST, 'targets/tea-box.png'))
  // The CRS plugin opens its own store on listen: a temp one, with no samples to seed.
  process.env.CRS_DB = join(dir, 'crs.db')
  process.env.CRS_SEED_DIR = join(dir, 'no-samples')
  // /target/… attempts land in the CRS API: 404 envelopes, not its QPS limit.
  process.env.CRS_QPS = '100000'

  const dev = await createServer(viteConfig())
  await dev.listen()
  const devPort = portOf(dev.httpServer?.address())
  servers.set('vite dev', { base: `http://127.0.0.1:${devPort}`, port: devPort, close: () => dev.close() })

  const built = await preview(viteConfig())
  const previewPort = portOf(built.httpServer.address())
  servers.set('vite preview', { base: `http://127.0.0.1:${previewPort}`, port: previewPort, close: () => built.close() })
})

afterAll(async () => {
  for (const server of servers.values()) await server.close()
  for (const name of ['CRS_DB', 'CRS_SEED_DIR', 'CRS_QPS']) {
    if (env[name] === undefined) delete process.env[name]
    else process.env[name] = env[name]
  }
  rmSync(dir, { recursive: true, force: true })
})

describe.each(['vite dev', 'vite preview'])('%s', (name) => {
  it('serves the public sample targets (so the refusals below are not vacuous)', async () => {
    const server = servers.get(name)
    if (!server) throw new Error(`${name} did not start`)
    const answer = await sendRaw(
      server.port,
      serialize({ method: 'GET', target: '/targets/tea-box.png', headers: [] }, `127.0.0.1:${server.port}`),
    )
    expect(answer.status).toBe(200)
    expect(answer.body.equals(readFileSync(join(ROOT, 'assets/targets/tea-box.png')))).toBe(true)
  })

  it('never answers a file outside its roots, whatever the spelling of ..', async () => {
    const server = servers.get(name)
    if (!server) throw new Error(`${name} did not start`)
    const paths = attackPaths()
    const statuses = new Tally()
    const leaks: string[] = []
    for (const path of paths) {
      let status: number
      let body: Buffer
      try {
        ;({ status, body } = await sendRaw(
          server.port,
          serialize({ method: 'GET', target: path, headers: [] }, `127.0.0.1:${server.port}`),
        ))
      } catch (error) {
        statuses.add(`no answer`)
        leaks.push(`${path}: ${String(error)}`) // a hang is a failure too
        continue
      }
      statuses.add(status)
      const text = body.toString('latin1')
      for (const [label, marker] of LEAKS) if (text.includes(marker)) leaks.push(`${path} → ${status} leaked ${label}`)
    }
    recordFigures('staticTraversal', { [name]: { attempts: paths.length, statuses: statuses.toJSON(), leaks: leaks.length } })
    expect(leaks).toEqual([])
  })
})

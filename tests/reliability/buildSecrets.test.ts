/**
 * Secrets never reach the browser bundle: `vite build` runs with EASYAR_API_KEY,
 * EASYAR_API_SECRET, CRS_API_KEY, CRS_API_SECRET and CRS_TOKEN set to fresh random values, and no
 * built file may contain any of them (raw, base64 or hex), nor the dev-default secret, nor server code.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEV_API_SECRET } from '../../server/src/config.ts'
import { recordFigures, round } from './support/figures.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const outDir = mkdtempSync(join(tmpdir(), 'crs-build-secrets-'))

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('vite build', () => {
  it('bundles none of the server-side secrets set in its environment', () => {
    const secrets: Record<string, string> = {}
    for (const name of ['EASYAR_API_KEY', 'EASYAR_API_SECRET', 'CRS_API_KEY', 'CRS_API_SECRET', 'CRS_TOKEN']) {
      secrets[name] = `${name.toLowerCase()}-${randomBytes(16).toString('hex')}`
    }
    const started = performance.now()
    const build = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        env: { ...process.env, ...secrets, EASYAR_CRS_APP_ID: 'reliability-app' },
        encoding: 'utf8',
        timeout: 240_000,
      },
    )
    const seconds = round((performance.now() - started) / 1000)
    expect(build.status, build.stderr).toBe(0)

    const forbidden: Array<[label: string, needle: Buffer]> = [
      ['dev-default CRS_API_SECRET', Buffer.from(DEV_API_SECRET)],
      // Server-only modules that would drag secrets in with them.
      ['server code (timingSafeEqual)', Buffer.from('timingSafeEqual')],
      ['server code (better-sqlite3)', Buffer.from('better-sqlite3')],
    ]
    for (const [name, value] of Object.entries(secrets)) {
      forbidden.push(
        [name, Buffer.from(value)],
        [`${name} base64`, Buffer.from(Buffer.from(value).toString('base64'))],
        [`${name} hex`, Buffer.from(Buffer.from(value).toString('hex'))],
      )
    }
    const files = filesUnder(outDir)
    let bytes = 0
    const found: string[] = []
    for (const file of files) {
      const content = readFileSync(file)
      bytes += content.length
      for (const [label, needle] of forbidden) if (content.includes(needle)) found.push(`${relative(outDir, file)} contains ${label}`)
    }
    recordFigures('buildSecrets', {
      files: files.length,
      megabytes: round(bytes / 1024 / 1024, 2),
      needles: forbidden.length,
      found: found.length,
      buildSeconds: seconds,
    })
    expect(files.length).toBeGreaterThan(3)
    expect(found).toEqual([])
  })
})

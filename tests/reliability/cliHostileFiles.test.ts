/**
 * The `crs` CLI against hostile files and names (issue 10): every file is checked before it is
 * read (a symlink to /dev/zero, a FIFO named x.png, a 200 MB file), names are held to the HTTP
 * API's rules (control characters, invalid UTF-8 / lone surrogates), and nothing a store or a file
 * name holds reaches the terminal as a raw control character.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePoster } from '../helpers/scenes.ts'
import { ROOT, finished } from './support/crsChild.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-files-'))
const db = join(dir, 'targets.db')
let poster: string

/** A raw control character (C0, DEL or C1) anywhere in `text`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** `node bin/crs.js …`, killed (and failed) if it has not exited within `timeoutMs`. */
async function crs(args: string[], timeoutMs = 60_000): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'bin/crs.js'), ...args, '--db', db, '--workers', '1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const done = await finished(child)
  clearTimeout(timer)
  return { ...done, ms: performance.now() - started }
}

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code, run.stderr).not.toBe(0)
  expect(run.code, 'killed: it hung').not.toBeNull()
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^crs: /)
  expect(lines[0]).toMatch(pattern)
  expect(run.stderr).not.toMatch(RAW_CONTROL)
}

beforeAll(async () => {
  poster = join(dir, 'poster.png')
  writeFileSync(poster, await makePoster(9_301, { kind: 'poster' }))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('crs reads only regular files within the size limit, and checks before reading', () => {
  it('refuses a symlink to /dev/zero at once', async () => {
    const link = join(dir, 'zero.png')
    symlinkSync('/dev/zero', link)
    const run = await crs(['add', link, '--name', 'zero'])
    expectOneLineError(run, /zero\.png: a device, not a regular file/)
    expect(run.ms).toBeLessThan(20_000)
  })

  it('refuses a FIFO named x.png without waiting for a writer', async () => {
    const fifo = join(dir, 'x.png')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const run = await crs(['add', fifo, '--name', 'fifo'])
    expectOneLineError(run, /x\.png: a FIFO, not a regular file/)
    const meta = await crs(['add', poster, '--name', 'fifo-meta', '--meta-file', fifo])
    expectOneLineError(meta, /x\.png: a FIFO/)
  })

  it('refuses a 200 MB file by its size, before reading it', async () => {
    const big = join(dir, 'big.png')
    writeFileSync(big, Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    truncateSync(big, 200 * 1024 * 1024) // sparse: costs no disk
    const run = await crs(['add', big, '--name', 'big'])
    expectOneLineError(run, /big\.png: 209715200 bytes, over the limit of 2097152/)
    expect(run.ms).toBeLessThan(20_000)
  })

  it('crs import reports a FIFO, a device link and an oversized file as failed items and goes on', async () => {
    const folder = join(dir, 'import-special')
    mkdirSync(folder)
    expect(spawnSync('mkfifo', [join(folder, 'a-fifo.png')]).status).toBe(0)
    symlinkSync('/dev/zero', join(folder, 'b-zero.png'))
    writeFileSync(join(folder, 'c-big.png'), Buffer.alloc(0))
    truncateSync(join(folder, 'c-big.png'), 50 * 1024 * 1024)
    const run = await crs(['import', folder])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/a-fifo: failed: .*a FIFO/)
    expect(run.stderr).toMatch(/b-zero: failed: .*a device/)
    expect(run.stderr).toMatch(/c-big: failed: .*over the limit/)
    expect(run.stderr).toMatch(/0 added, 0 updated, 0 skipped, 3 failed/)
  })
})

describe('crs holds names to the HTTP API rules and prints no raw control characters', () => {
  it('refuses --name with a newline and an escape sequence, naming it escaped', async () => {
    const run = await crs(['add', poster, '--name', 'a\nb\u001b[2J'])
    expectOneLineError(run, /--name a\\x0ab\\x1b\[2J: control characters/)
    expect(run.code).toBe(2)
  })

  it('refuses a name that is not valid UTF-8 (a lone surrogate as argv carries it) instead of storing U+FFFD', async () => {
    const run = await crs(['add', poster, '--name', 'lone\ud800'])
    expectOneLineError(run, /not valid UTF-8/)
  })

  it('crs import fails files named with ESC or a newline, printing their names escaped', async () => {
    const folder = join(dir, 'import-names')
    mkdirSync(folder)
    writeFileSync(join(folder, 'evil\u001b[2J.png'), await makePoster(9_302, { kind: 'poster' }))
    writeFileSync(join(folder, 'two\nlines.png'), await makePoster(9_303, { kind: 'poster' }))
    const run = await crs(['import', folder])
    expect(run.code).toBe(1)
    expect(run.stderr).not.toMatch(RAW_CONTROL)
    expect(run.stderr).toContain('evil\\x1b[2J: failed: name: control characters')
    expect(run.stderr).toContain('two\\x0alines: failed: name: control characters')
  })

  it('crs list escapes control characters a store from an older version holds', async () => {
    const added = await crs(['add', poster, '--name', 'clean', '--json'], 240_000)
    expect(added.code, added.stderr).toBe(0)
    const store = new Database(db)
    store.prepare('UPDATE targets SET name = ? WHERE name = ?').run('old\u001b]0;pwned\u0007\nname', 'clean')
    store.close()
    const listed = await crs(['list'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).not.toMatch(RAW_CONTROL)
    expect(listed.stdout).toContain('old\\x1b]0;pwned\\x07\\x0aname')
    const json = await crs(['list', '--json'])
    expect(json.stdout).not.toMatch(RAW_CONTROL)
  })
})

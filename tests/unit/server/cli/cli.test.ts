/** End-to-end runs of `node bin/crs.js …` on a temp store: exit codes, one-line errors, JSON. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClutterScene, makePoster } from '../../../helpers/scenes.ts'

const CRS = resolve('bin/crs.js')
const SAMPLES = resolve('assets/targets')
const dir = mkdtempSync(join(tmpdir(), 'crs-cli-'))
const db = join(dir, 'targets.db')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CRS_DB: db, CRS_WORKERS: '1', ...extra }
  for (const key of ['CRS_TOKEN', 'CRS_APP_ID', 'CRS_API_SECRET', 'CRS_DEBUG', 'EASYAR_API_KEY']) {
    if (!(key in extra)) delete env[key]
  }
  return env
}

function crs(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CRS, ...args], { env: baseEnv(extraEnv) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

function expectOneLineError(run: Run, code: number, pattern: RegExp) {
  expect(run.code).toBe(code)
  const lines = run.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^crs: /)
  expect(lines[0]).toMatch(pattern)
  expect(run.stderr).not.toMatch(/\n\s+at /)
}

let posterPath: string
let scenePath: string

beforeAll(async () => {
  posterPath = join(dir, 'my-poster.png')
  scenePath = join(dir, 'scene.jpg')
  writeFileSync(posterPath, await makePoster(77, { kind: 'label' }))
  writeFileSync(scenePath, await makeClutterScene({ seed: 5, width: 640, height: 480 }))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('crs CLI', () => {
  it('documents every command in --help', async () => {
    const run = await crs(['--help'])
    expect(run.code).toBe(0)
    for (const command of ['serve', 'add', 'import', 'list', 'remove', 'grade', 'similar', 'search', 'token']) {
      expect(run.stdout).toContain(`  ${command}`)
    }
    const add = await crs(['add', '--help'])
    expect(add.code).toBe(0)
    expect(add.stdout).toContain('--raw-meta')
    expect(add.stdout).toContain('--db <file>')
  })

  it('imports a folder with one progress line per item, then skips existing names', async () => {
    const run = await crs(['import', SAMPLES])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/\[1\/4\] booth-wall: added \(/)
    expect(run.stderr).toContain('crs import: 4 added, 0 updated, 0 skipped, 0 failed')
    const again = await crs(['import', SAMPLES])
    expect(again.stderr).toContain('0 added, 0 updated, 4 skipped, 0 failed')
  })

  it('adds an image with JSON meta stored as base64', async () => {
    const run = await crs(['add', posterPath, '--name', 'my-poster', '--meta', '{ "video": "a.mp4" }', '--size', '12', '--json'])
    expect(run.code).toBe(0)
    const { target } = JSON.parse(run.stdout)
    expect(target).toMatchObject({ name: 'my-poster', size: '12', active: '1', type: 'ImageTarget' })
    expect(Buffer.from(target.meta, 'base64').toString('utf8')).toBe('{"video":"a.mp4"}')
  })

  it('refuses invalid JSON meta unless --raw-meta is given', async () => {
    expectOneLineError(await crs(['add', posterPath, '--name', 'x', '--meta', 'not json']), 2, /not valid JSON.*--raw-meta/)
    const raw = await crs(['add', scenePath, '--name', 'raw', '--meta', 'https://example.com/x', '--raw-meta', '--inactive', '--allow-similar', '--json'])
    expect(raw.code).toBe(0)
    expect(JSON.parse(raw.stdout).target).toMatchObject({ meta: 'https://example.com/x', active: '0', allowSimilar: '1' })
  })

  it('lists the targets as JSON', async () => {
    const run = await crs(['list', '--json'])
    expect(run.code).toBe(0)
    const names = JSON.parse(run.stdout).targets.map((t: { name: string }) => t.name).sort()
    expect(names).toEqual(['booth-wall', 'city-postcard', 'my-poster', 'neon-concert', 'raw', 'tea-box'])
  })

  it('prints the /search JSON: exit 0 on a hit, 1 on a miss', async () => {
    const hit = await crs(['search', join(SAMPLES, 'city-postcard.png')])
    expect(hit.code).toBe(0)
    const body = JSON.parse(hit.stdout)
    expect(Object.keys(body)).toEqual(['statusCode', 'result', 'date', 'timestamp'])
    expect(body.result.target).toMatchObject({ name: 'city-postcard', active: '1', type: 'ImageTarget' })
    expect(body.result.target).not.toHaveProperty('trackingImage')

    // The inactive "raw" target is the scene itself, yet search must not return it.
    const miss = await crs(['search', scenePath])
    expect(miss.code).toBe(1)
    expect(JSON.parse(miss.stdout)).toMatchObject({ statusCode: 17, result: { message: 'No result: there is no matching.' } })
  })

  it('grades and finds similar images in words', async () => {
    const grade = await crs(['grade', posterPath])
    expect(grade.code).toBe(0)
    expect(grade.stdout).toMatch(/^Grade -?\d \(.+\): \d+ features/)
    const similar = await crs(['similar', posterPath])
    expect(similar.stdout).toContain('my-poster')
  })

  it('removes by name, then reports a missing target in one line', async () => {
    const run = await crs(['remove', 'raw'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^removed \S+ {2}raw/)
    expectOneLineError(await crs(['remove', 'raw']), 1, /no target with id or name "raw"/)
  })

  it('answers bad usage with one line and a non-zero exit, stack only with CRS_DEBUG=1', async () => {
    expectOneLineError(await crs(['frobnicate']), 2, /unknown command "frobnicate"/)
    expectOneLineError(await crs(['list', '--bogus']), 2, /Unknown option '--bogus'/)
    expectOneLineError(await crs(['add', posterPath]), 2, /--name is required/)
    expectOneLineError(await crs(['grade', join(dir, 'missing.png')]), 1, /cannot read .*missing\.png: no such file/)
    expectOneLineError(await crs(['grade', join(SAMPLES, 'tea-box.json')]), 1, /427/)
    const debug = await crs(['grade', join(dir, 'missing.png')], { CRS_DEBUG: '1' })
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })
})

describe('crs serve', () => {
  let child: ChildProcess | undefined

  afterAll(() => {
    child?.kill('SIGKILL')
  })

  function startServe(): Promise<{ url: string; token: string; process: ChildProcess }> {
    return new Promise((done, fail) => {
      const proc = spawn(process.execPath, [CRS, 'serve', '--port', '0'], { env: baseEnv() })
      child = proc
      let out = ''
      proc.stdout!.on('data', (chunk) => {
        out += chunk
        const url = /serving the CRS API on (\S+)/.exec(out)?.[1]
        const token = /token {3}(\S+)/.exec(out)?.[1]
        if (url && token && out.includes('curl -s')) done({ url, token, process: proc })
      })
      proc.on('close', (code) => fail(new Error(`serve exited with ${code}`)))
    })
  }

  function stop(proc: ChildProcess): Promise<number | null> {
    return new Promise((done) => {
      proc.on('close', (code) => done(code))
      proc.kill('SIGTERM')
    })
  }

  it('keeps the store across restarts and accepts a token from crs token', async () => {
    const first = await startServe()
    const minted = (await crs(['token'])).stdout.trim()
    const count = await fetch(`${first.url}/targets/count`, { headers: { Authorization: minted } })
    const before = (await count.json()).result.count
    expect(before).toBe(5)

    const image = (await import('node:fs')).readFileSync(posterPath).toString('base64')
    const search = await fetch(`${first.url}/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: first.token },
      body: JSON.stringify({ image, appId: 'local-crs-app', notracking: true }),
    })
    expect((await search.json()).result.target.name).toBe('my-poster')
    const del = await fetch(`${first.url}/target/${(await (await fetch(`${first.url}/targets/infos?pageSize=100`, { headers: { Authorization: minted } })).json()).result.targets.find((t: { name: string }) => t.name === 'my-poster').targetId}`, {
      method: 'DELETE',
      headers: { Authorization: minted },
    })
    expect((await del.json()).statusCode).toBe(0)
    expect(await stop(first.process)).toBe(0)

    const second = await startServe()
    const after = await fetch(`${second.url}/targets/count`, { headers: { Authorization: second.token } })
    expect((await after.json()).result.count).toBe(4)
    expect(await stop(second.process)).toBe(0)
    child = undefined
  })
})

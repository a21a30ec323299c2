/** End-to-end runs of `node bin/crs.js …` on a temp store: exit codes, one-line errors, JSON. */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeClutterScene, makePoster } from '../../../helpers/scenes.ts'

const CRS = resolve('bin/crs.js')
const SAMPLES = resolve('assets/targets')
const dir = mkdtempSync(join(tmpdir(), 'crs-cli-'))
const db = join(dir, 'targets.db')
/** The sample library grows with the project; the tests count it instead of hard-coding it. */
const SAMPLE_NAMES = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.png'))
  .map((f) => f.replace(/\.png$/, ''))
  .sort()
const SAMPLE_COUNT = SAMPLE_NAMES.length

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

// Each case runs several `node bin/crs.js` processes (tsx, OpenCV): seconds each on a busy machine.
vi.setConfig({ testTimeout: 240_000 })

describe('crs CLI', () => {
  it('documents every command in --help', async () => {
    const run = await crs(['--help'])
    expect(run.code).toBe(0)
    for (const command of ['serve', 'add', 'import', 'reindex', 'meta', 'list', 'remove', 'grade', 'similar', 'search', 'token']) {
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
    expect(run.stderr).toMatch(new RegExp(`\\[1/${SAMPLE_COUNT}\\] booth-wall: added \\(`))
    expect(run.stderr).toContain(`crs import: ${SAMPLE_COUNT} added, 0 updated, 0 skipped, 0 failed`)
    const again = await crs(['import', SAMPLES])
    expect(again.stderr).toContain(`0 added, 0 updated, ${SAMPLE_COUNT} skipped, 0 failed`)
  })

  it('reindexes the imported targets with progress, and they are still recognized', async () => {
    const run = await crs(['reindex'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(`[${SAMPLE_COUNT}/${SAMPLE_COUNT}] re-extracted`)
    expect(run.stderr).toMatch(new RegExp(`crs reindex: ${SAMPLE_COUNT} target\\(s\\) re-extracted with orb:\\d+px:\\d+\\S* in [\\d.]+ s`))
    expect((await crs(['search', join(SAMPLES, 'tea-box.png')])).code).toBe(0)
  })

  it('adds an image with JSON meta stored as base64', async () => {
    const run = await crs(['add', posterPath, '--name', 'my-poster', '--meta', '{ "url": "a.mp4" }', '--size', '12', '--json'])
    expect(run.code).toBe(0)
    const { target } = JSON.parse(run.stdout)
    expect(target).toMatchObject({ name: 'my-poster', size: '12', active: '1', type: 'ImageTarget' })
    expect(Buffer.from(target.meta, 'base64').toString('utf8')).toBe('{"url":"a.mp4"}')
  })

  it('refuses meta that breaks the schema, naming the JSON path and the rule, unless --force', async () => {
    const bad = '{ "url": "javascript:alert(1)", "type": "video", "scale": 500 }'
    const run = await crs(['add', scenePath, '--name', 'bad-meta', '--meta', bad, '--inactive', '--allow-similar'])
    expectOneLineError(
      run,
      2,
      /--meta is not valid meta: .*\$\.url: .*\(rule: pattern\).*\$\.scale: must be <= 100, got 500 \(rule: maximum\).*--force/,
    )
    const forced = await crs(['add', scenePath, '--name', 'bad-meta', '--meta', bad, '--inactive', '--allow-similar', '--force'])
    expect(forced.code).toBe(0)
    expect((await crs(['remove', 'bad-meta'])).code).toBe(0)
  })

  it('crs meta: validate names path and rule, encode prints the base64 CRS stores, decode reverses it', async () => {
    const good = join(dir, 'good.json')
    const bad = join(dir, 'bad.json')
    writeFileSync(good, JSON.stringify({ type: 'model', url: 'content/robot.glb', title: 'Volt ✨', titel: 'typo' }, null, 2))
    writeFileSync(bad, JSON.stringify({ url: 'content/robot.glb', link: 'data:text/html,hi', position: [0, 0] }))

    const valid = await crs(['meta', 'validate', good])
    expect(valid.code).toBe(0)
    expect(valid.stdout).toContain('valid meta: model content/robot.glb (on the app\'s origin) - "Volt ✨"')
    expect(valid.stderr).toContain(`warning: ${good}: $.titel: "titel" is not a meta field; the app ignores it (rule: unknown-key)`)

    const invalid = await crs(['meta', 'validate', bad])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toContain('$.link: "data:text/html,hi" is not allowed')
    expect(invalid.stderr).toContain('(rule: pattern)')
    expect(invalid.stderr).toContain('$.position: must NOT have fewer than 3 items (rule: minItems)')
    const asJson = JSON.parse((await crs(['meta', 'validate', bad, '--json'])).stdout)
    expect(asJson.valid).toBe(false)
    expect(asJson.errors).toContainEqual(expect.objectContaining({ path: '$.position', rule: 'minItems' }))

    const encoded = await crs(['meta', 'encode', good])
    expect(encoded.code).toBe(0)
    const base64 = encoded.stdout.trim()
    expect(JSON.parse(Buffer.from(base64, 'base64').toString('utf8'))).toMatchObject({ title: 'Volt ✨' })
    const refused = await crs(['meta', 'encode', bad])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect((await crs(['meta', 'encode', bad, '--force'])).code).toBe(0)

    const decoded = await crs(['meta', 'decode', base64])
    expect(decoded.code).toBe(0)
    expect(JSON.parse(decoded.stdout)).toMatchObject({ type: 'model', url: 'content/robot.glb', title: 'Volt ✨' })
    expectOneLineError(await crs(['meta', 'decode', 'not base64!']), 2, /not base64/)
    expectOneLineError(await crs(['meta', 'frob', good]), 2, /unknown meta action "frob"/)
  })

  it('import fails an item whose sidecar breaks the schema (the others go in), unless --force', async () => {
    const folder = join(dir, 'campaign')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'clutter.jpg'), await makeClutterScene({ seed: 9, width: 640, height: 480 }))
    writeFileSync(join(folder, 'clutter.json'), JSON.stringify({ url: 'content/a.glb', scale: 0 }))
    const run = await crs(['import', folder, '--db', join(dir, 'campaign.db')])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/clutter: failed: clutter\.json is not valid meta: \$\.scale: must be >= 0\.001, got 0 \(rule: minimum\)/)
    const forced = await crs(['import', folder, '--db', join(dir, 'campaign.db'), '--force'])
    expect(forced.code).toBe(0)
    expect(forced.stderr).toContain('1 added')
  })

  it('refuses invalid JSON meta unless --raw-meta is given', async () => {
    expectOneLineError(await crs(['add', posterPath, '--name', 'x', '--meta', 'not json']), 2, /not valid JSON.*--raw-meta/)
    const raw = await crs([
      'add',
      scenePath,
      '--name',
      'raw',
      '--meta',
      'https://example.com/x',
      '--raw-meta',
      '--inactive',
      '--allow-similar',
      '--json',
    ])
    expect(raw.code).toBe(0)
    expect(JSON.parse(raw.stdout).target).toMatchObject({ meta: 'https://example.com/x', active: '0', allowSimilar: '1' })
  })

  it('lists the targets as JSON', async () => {
    const run = await crs(['list', '--json'])
    expect(run.code).toBe(0)
    const names = JSON.parse(run.stdout)
      .targets.map((t: { name: string }) => t.name)
      .sort()
    expect(names).toEqual([...SAMPLE_NAMES, 'my-poster', 'raw'].sort())
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

  it('refuses careless input in one line: an ambiguous name to remove, a bad --size or --ttl, a blank name, a mistyped --db', async () => {
    // Two targets with one name (names need not be unique): removing by that name is refused.
    const first = await crs(['add', posterPath, '--name', 'twin', '--allow-similar', '--json'])
    expect(first.code).toBe(0)
    const second = await crs(['add', posterPath, '--name', 'twin', '--allow-similar', '--json'])
    expect(second.code).toBe(0)
    const ids = [first, second].map((r) => (JSON.parse(r.stdout) as { target: { targetId: string } }).target.targetId)
    expectOneLineError(
      await crs(['remove', 'twin']),
      1,
      new RegExp(`2 targets are named "twin" \\(${ids[0]}, ${ids[1]}\\): remove one by its id`),
    )
    for (const id of ids) expect((await crs(['remove', id])).code).toBe(0)

    for (const size of ['abc', '0', '1e9', 'Infinity', '12.5cm']) {
      expectOneLineError(await crs(['add', posterPath, '--name', 'sized', `--size=${size}`]), 2, /--size .*: a positive width in cm/)
    }
    expectOneLineError(await crs(['add', posterPath, '--name', '   ']), 2, /--name .*: only spaces/)
    for (const ttl of ['0', '99999999999']) expectOneLineError(await crs(['token', '--ttl', ttl]), 2, /--ttl must be 1-2592000 seconds/)

    // A mistyped --db is an error for commands that read the store, and leaves nothing behind;
    // grade needs no targets and runs without one.
    const nowhere = join(dir, 'typo', 'targets.db')
    expectOneLineError(await crs(['list', '--db', nowhere]), 1, /no target store at .*typo/)
    expectOneLineError(await crs(['search', posterPath, '--db', nowhere]), 1, /no target store at/)
    expect((await crs(['grade', posterPath, '--db', nowhere])).code).toBe(0)
    expect(existsSync(join(dir, 'typo'))).toBe(false)

    expectOneLineError(await crs(['import', posterPath]), 1, /cannot read folder .*: not a folder$/)
    const empty = join(dir, 'empty.json')
    writeFileSync(empty, '  \n')
    expectOneLineError(await crs(['add', posterPath, '--name', 'e', '--meta-file', empty]), 2, /empty\.json is empty/)
    expectOneLineError(await crs(['grade', posterPath, '--out', join(dir, 'features.jpg')]), 2, /drawn as a PNG/)
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

describe('crs grade, similar and add: image advice on real generated images', () => {
  const store = join(dir, 'advice.db')
  let flat: string
  let tiled: string
  let altered: string

  beforeAll(async () => {
    const sharp = (await import('sharp')).default
    flat = join(dir, 'flat.png')
    tiled = join(dir, 'tiled.png')
    altered = join(dir, 'tea-box-altered.jpg')
    // A flat, low-texture image: pale grey with one soft shape.
    const blob = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#d8d8d8"/><circle cx="320" cy="240" r="120" fill="#c8c8c8"/></svg>',
    )
    writeFileSync(flat, await sharp(blob).png().toBuffer())
    // One poster tile repeated 4x4: every feature has look-alikes.
    const tile = await sharp(await makePoster(3))
      .resize(160, 120)
      .png()
      .toBuffer()
    writeFileSync(
      tiled,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
        .composite(Array.from({ length: 16 }, (_, i) => ({ input: tile, left: (i % 4) * 160, top: Math.floor(i / 4) * 120 })))
        .png()
        .toBuffer(),
    )
    // A slightly altered copy of a target: turned 3°, brighter, a little cropped, JPEG.
    writeFileSync(
      altered,
      await sharp(join(SAMPLES, 'tea-box.png'))
        .rotate(3, { background: '#ffffff' })
        .modulate({ brightness: 1.1 })
        .extract({ left: 20, top: 20, width: 780, height: 580 })
        .jpeg({ quality: 80 })
        .toBuffer(),
    )
  })

  it('a flat image grades worse than a rich one and is told why; --out draws the features', async () => {
    const out = join(dir, 'features.png')
    const rich = await crs(['grade', join(SAMPLES, 'tea-box.png'), '--json', '--out', out, '--db', store])
    const poor = await crs(['grade', flat, '--json', '--db', store])
    expect(rich.code).toBe(0)
    const richReport = JSON.parse(rich.stdout)
    const poorReport = JSON.parse(poor.stdout)
    expect(richReport.grade).toBeGreaterThanOrEqual(0)
    expect(richReport.grade).toBeLessThanOrEqual(1)
    expect(poorReport.grade === -1 || poorReport.grade > richReport.grade).toBe(true)
    expect(poorReport.explanation).toMatch(/features|contrast/)
    expect(poorReport.explanation).toMatch(/To improve: /)
    const sharp = (await import('sharp')).default
    const drawn = await sharp(out).metadata()
    expect(drawn.format).toBe('png')
    expect(Math.max(drawn.width!, drawn.height!)).toBe(640) // the engine's target size
    const words = await crs(['grade', flat, '--db', store])
    expect(words.stdout).toMatch(/^Grade -?\d \(/)
  })

  it('a repetitive pattern is named as such; a varied poster is not', async () => {
    const repeated = await crs(['grade', tiled, '--db', store])
    expect(repeated.stdout).toMatch(/Repetitive pattern: \d+% of the features have a look-alike/)
    const varied = await crs(['grade', join(SAMPLES, 'neon-concert.png'), '--db', store])
    expect(varied.stdout).not.toMatch(/Repetitive/)
  })

  it('similar lists a slightly altered copy of a target with its score, and nothing for a different image; add refuses the copy unless --allow-similar, then names it', async () => {
    expect((await crs(['add', join(SAMPLES, 'tea-box.png'), '--name', 'tea-box', '--db', store])).code).toBe(0)
    const similar = await crs(['similar', altered, '--db', store])
    expect(similar.stdout).toMatch(/tea-box .* score \d\.\d\d/)
    const different = await crs(['similar', join(SAMPLES, 'city-postcard.png'), '--db', store])
    expect(different.stdout.trim()).toBe('no similar targets')

    expectOneLineError(await crs(['add', altered, '--name', 'tea-box-2', '--db', store]), 1, /similar target exists: tea-box/)
    const allowed = await crs(['add', altered, '--name', 'tea-box-2', '--allow-similar', '--db', store])
    expect(allowed.code).toBe(0)
    expect(allowed.stderr).toMatch(/warning: tea-box-2 looks like tea-box \(score \d\.\d\d\)/)
  })

  it('add warns when the image will be hard to recognize, and says why', async () => {
    const run = await crs(['add', tiled, '--name', 'tiles', '--db', store])
    expect(run.code).toBe(0)
    // The tiles grade well by feature count; the repeat is what the warning is about.
    expect(run.stderr).toMatch(/warning: tiles may be hard to recognize despite its grade: Grade [0-2] .*Repetitive pattern/)
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

  it('keeps the store across restarts and accepts a token from crs token --operator', async () => {
    const first = await startServe()
    // The banner's token and a plain `crs token` may only search; the target API refuses them.
    for (const visitor of [first.token, (await crs(['token'])).stdout.trim()]) {
      const refused = await fetch(`${first.url}/targets/count`, { headers: { Authorization: visitor } })
      expect([refused.status, (await refused.json()).statusCode]).toEqual([403, 6])
    }
    const minted = (await crs(['token', '--operator'])).stdout.trim()
    const count = await fetch(`${first.url}/targets/count`, { headers: { Authorization: minted } })
    const before = (await count.json()).result.count
    expect(before).toBe(SAMPLE_COUNT + 1)

    const image = (await import('node:fs')).readFileSync(posterPath).toString('base64')
    const search = await fetch(`${first.url}/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: first.token },
      body: JSON.stringify({ image, appId: 'local-crs-app', notracking: true }),
    })
    expect((await search.json()).result.target.name).toBe('my-poster')
    const del = await fetch(
      `${first.url}/target/${(await (await fetch(`${first.url}/targets/infos?pageSize=100`, { headers: { Authorization: minted } })).json()).result.targets.find((t: { name: string }) => t.name === 'my-poster').targetId}`,
      {
        method: 'DELETE',
        headers: { Authorization: minted },
      },
    )
    expect((await del.json()).statusCode).toBe(0)
    expect(await stop(first.process)).toBe(0)

    const second = await startServe()
    const after = await fetch(`${second.url}/targets/count`, { headers: { Authorization: minted } })
    expect((await after.json()).result.count).toBe(SAMPLE_COUNT)
    expect(await stop(second.process)).toBe(0)
    child = undefined
  })
})

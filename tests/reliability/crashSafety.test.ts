/**
 * Crash safety of `crs import`: the real CLI (`node bin/crs.js import`) of 50 images is SIGKILLed
 * 20 times at moments drawn from a seeded PRNG: while it starts (store being created or opened,
 * OpenCV loading) or a random few ms after its 1st/2nd newly written target (decoding, extracting
 * or committing the next). After every kill the store must be a consistent SQLite file holding only
 * whole targets (row + image + features, unique names from the folder); after the last one
 * `crs serve` starts on it and recognizes a photo of a completed target; a final plain run
 * finishes the job, skipping what is there. One more kill hits an `--update` re-import.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { RecognitionEngine } from '../../server/src/engine/RecognitionEngine.ts'
import { makePoster, makeQueryPhoto } from '../helpers/scenes.ts'
import { crsChild, recognize, serveChild } from './support/crsChild.ts'
import { recordFigures, round } from './support/figures.ts'

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_251_202)
const dir = mkdtempSync(join(tmpdir(), 'crs-crash-'))
const folder = join(dir, 'targets')
const dbPath = join(dir, 'targets.db')
const COUNT = 50
const KILLS = 20
/** Share of the kills that land while the CLI starts, before its first target. */
const STARTUP_KILL_SHARE = 0.2
const names = Array.from({ length: COUNT }, (_, i) => `poster-${String(i).padStart(2, '0')}`)
const posters = new Map<string, Buffer>()

/** A sidecar the CLI accepts as app meta; the title carries which import wrote it. */
const metaFile = (name: string, version: number) =>
  JSON.stringify({ type: 'model', url: 'content/tea-can.glb', title: `${name} v${version}` })

beforeAll(async () => {
  mkdirSync(folder)
  for (const [i, name] of names.entries()) {
    // Small posters: 50 adds (and 20 restarts) stay within the suite's time on 2 shared cores.
    const png = await makePoster(7_000 + i, { width: 320, height: 240 })
    posters.set(name, png)
    writeFileSync(join(folder, `${name}.png`), png)
    if (i % 2 === 0) writeFileSync(join(folder, `${name}.json`), metaFile(name, 1))
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function crs(...args: string[]): ChildProcess {
  const child = crsChild([...args, '--db', dbPath])
  child.stdout?.resume()
  return child
}

/** When to kill: `startupMs` after the spawn, or `delayMs` after the `nth` newly written target. */
type KillMoment = { startupMs: number } | { nth: number; delayMs: number }

function drawMoment(rnd: () => number, kill: number): KillMoment {
  // The first kill always hits a store being created (schema migration in its transaction).
  if (kill === 0 || rnd() < STARTUP_KILL_SHARE) return { startupMs: Math.round(rnd() * 1_500) }
  return { nth: 1 + Math.floor(rnd() * 2), delayMs: Math.round(rnd() * 120) }
}

/** SIGKILLs the import at `moment` (progress lines go to stderr). */
function killAt(child: ChildProcess, moment: KillMoment): Promise<void> {
  return new Promise((done, fail) => {
    let written = 0
    let buffered = ''
    child.once('exit', (code) => fail(new Error(`import ended by itself (exit ${code}) before the kill`)))
    const kill = () => {
      child.removeAllListeners('exit')
      child.once('exit', () => done())
      child.kill('SIGKILL')
    }
    if ('startupMs' in moment) {
      setTimeout(kill, moment.startupMs)
      child.stderr?.resume()
      return
    }
    const { nth, delayMs } = moment
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      written += lines.filter((line) => / (added|updated) \(/.test(line)).length
      if (written >= nth) {
        child.stderr?.removeAllListeners('data')
        child.stderr?.resume()
        setTimeout(kill, delayMs)
      }
    })
  })
}

interface StoreState {
  integrity: string
  targets: number
  orphanRows: number
  orphanData: number
  duplicateNames: number
  foreignNames: string[]
  /** Targets whose image, keypoints or descriptors are empty or disagree with the row's feature count. */
  incompleteData: number
  /** Targets imported with a sidecar whose meta is empty. */
  missingMeta: number
  metas: string[]
  names: string[]
}

const EMPTY: StoreState = {
  integrity: 'ok',
  targets: 0,
  orphanRows: 0,
  orphanData: 0,
  duplicateNames: 0,
  foreignNames: [],
  incompleteData: 0,
  missingMeta: 0,
  metas: [],
  names: [],
}

function inspect(): StoreState {
  // Killed before the store was created, or before its schema committed: every target is absent.
  if (!existsSync(dbPath)) return EMPTY
  const db = new Database(dbPath, { readonly: true })
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
    const integrity = db.pragma('integrity_check', { simple: true }) as string
    if (count("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'targets'") === 0) return { ...EMPTY, integrity }
    const rows = db.prepare('SELECT name, meta FROM targets').all() as Array<{ name: string; meta: string }>
    return {
      integrity,
      targets: rows.length,
      orphanRows: count('SELECT COUNT(*) AS n FROM targets t LEFT JOIN target_data d USING (target_id) WHERE d.target_id IS NULL'),
      orphanData: count('SELECT COUNT(*) AS n FROM target_data d LEFT JOIN targets t USING (target_id) WHERE t.target_id IS NULL'),
      duplicateNames: count('SELECT COUNT(*) AS n FROM (SELECT name FROM targets GROUP BY name HAVING COUNT(*) > 1)'),
      foreignNames: rows.map((r) => r.name).filter((name) => !names.includes(name)),
      // Keypoints are (x, y) float32 pairs, descriptors 32-byte ORB rows.
      incompleteData: count(`SELECT COUNT(*) AS n FROM targets t JOIN target_data d USING (target_id)
        WHERE length(d.image) = 0 OR t.feature_count = 0 OR length(d.keypoints) != t.feature_count * 8 OR length(d.descriptors) != t.feature_count * 32`),
      missingMeta: rows.filter((r) => names.indexOf(r.name) % 2 === 0 && r.meta === '').length,
      metas: rows.map((r) => r.meta),
      names: rows.map((r) => r.name),
    }
  } finally {
    db.close()
  }
}

function expectWhole(state: StoreState): void {
  expect(state).toMatchObject({
    integrity: 'ok',
    orphanRows: 0,
    orphanData: 0,
    duplicateNames: 0,
    foreignNames: [],
    incompleteData: 0,
    missingMeta: 0,
  })
}

describe('crs import under SIGKILL', () => {
  const afterKills: number[] = []

  it(`leaves only whole targets after ${KILLS} kills at random moments, the server finds them, a plain rerun completes it`, async () => {
    const started = performance.now()
    const rnd = mulberry32(SEED)
    const moments: string[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      const moment = drawMoment(rnd, kill)
      moments.push('startupMs' in moment ? `start+${moment.startupMs}ms` : `add${moment.nth}+${moment.delayMs}ms`)
      await killAt(crs('import', folder), moment)
      const state = inspect()
      expectWhole(state)
      afterKills.push(state.targets)
    }
    const killed = afterKills.at(-1) ?? 0
    expect(killed).toBeGreaterThan(0)
    expect(killed).toBeLessThan(COUNT)
    const killSeconds = round((performance.now() - started) / 1000)

    // The store as the last kill left it: the real server starts on it and finds a completed target.
    const serverStarted = performance.now()
    const done = inspect().names
    const server = await serveChild(dbPath)
    let found: string | null
    try {
      const name = done[Math.floor(rnd() * done.length)] ?? ''
      const photo = await makeQueryPhoto(posters.get(name) ?? Buffer.alloc(0), {
        seed: 11,
        width: 640,
        height: 480,
        coverage: 0.6,
        tiltDeg: 8,
        blur: 0,
        jpegQuality: 85,
      })
      found = await recognize(server.url, photo)
      expect(found).toBe(name)
      expect(server.stderr()).not.toContain('unexpected error')
    } finally {
      await server.kill()
    }
    const serverSeconds = round((performance.now() - serverStarted) / 1000)

    const rerun = crs('import', folder)
    let stderr = ''
    rerun.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => rerun.once('exit', done))
    expect(code, stderr).toBe(0)
    const before = afterKills.at(-1) ?? 0
    expect(stderr).toContain(`crs import: ${COUNT - before} added, 0 updated, ${before} skipped, 0 failed`)
    const final = inspect()
    expectWhole(final)
    expect(final.targets).toBe(COUNT)
    recordFigures('crashSafety', {
      images: COUNT,
      kills: KILLS,
      killMoments: moments,
      targetsAfterEachKill: afterKills,
      serverFoundAfterLastKill: found,
      targetsAfterRerun: final.targets,
      killSeconds,
      serverSeconds,
      seconds: round((performance.now() - started) / 1000),
    })
  })

  it('keeps every target whole, each with its old or its new meta, when an --update re-import is killed', async () => {
    for (const [i, name] of names.entries()) {
      if (i % 2 === 0) writeFileSync(join(folder, `${name}.json`), metaFile(name, 2))
    }
    await killAt(crs('import', folder, '--update'), { nth: 3, delayMs: 20 })
    const state = inspect()
    expectWhole(state)
    expect(state.targets).toBe(COUNT)
    const versions = state.metas
      .filter(Boolean)
      .map((meta) => Number((JSON.parse(Buffer.from(meta, 'base64').toString('utf8')) as { title: string }).title.split(' v')[1]))
    expect(versions.length).toBe(COUNT / 2)
    expect(versions.filter((v) => v === 2).length).toBeGreaterThanOrEqual(1)
    expect(versions.every((v) => v === 1 || v === 2)).toBe(true)
    recordFigures('crashSafety', { updateKilledAfter: versions.filter((v) => v === 2).length })
  })

  it('reopens the killed store and recognizes what it holds', async () => {
    const engine = await RecognitionEngine.open({ dbPath, workers: 1 })
    try {
      expect(engine.stats.loadedTargets).toBe(COUNT)
      for (const name of names.filter((_, i) => i % 6 === 0)) {
        const { hit } = await engine.search(new Uint8Array(posters.get(name) ?? Buffer.alloc(0)))
        expect(hit?.target.name).toBe(name)
      }
    } finally {
      await engine.close()
    }
  })
})

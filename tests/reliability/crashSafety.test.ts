/**
 * Crash safety of `crs import`: the real CLI (`node bin/crs.js import`) is SIGKILLed again and
 * again in the middle of a folder import (and once in an `--update` re-import). After every kill
 * the store must be a consistent SQLite file holding only whole targets (row + image + features,
 * unique names from the folder); a final plain run finishes the job, skipping what is there.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../server/src/engine/RecognitionEngine.ts'
import { makePoster } from '../helpers/scenes.ts'
import { recordFigures, round } from './support/figures.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'crs-crash-'))
const folder = join(dir, 'targets')
const dbPath = join(dir, 'targets.db')
const COUNT = 24
const KILLS = 5
const names = Array.from({ length: COUNT }, (_, i) => `poster-${String(i).padStart(2, '0')}`)
const posters = new Map<string, Buffer>()

/** A sidecar the CLI accepts as app meta; the title carries which import wrote it. */
const metaFile = (name: string, version: number) => JSON.stringify({ type: 'model', url: 'content/tea-can.glb', title: `${name} v${version}` })

beforeAll(async () => {
  mkdirSync(folder)
  for (const [i, name] of names.entries()) {
    const png = await makePoster(7_000 + i, { width: 320, height: 240 })
    posters.set(name, png)
    writeFileSync(join(folder, `${name}.png`), png)
    if (i % 2 === 0) writeFileSync(join(folder, `${name}.json`), metaFile(name, 1))
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function crs(...args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin/crs.js'), ...args, '--db', dbPath, '--workers', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
}

/** Kills the import `delayMs` after its `nth` newly written target (progress lines go to stderr). */
function killAfter(child: ChildProcess, nth: number, delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    let written = 0
    let buffered = ''
    child.once('exit', (code) => fail(new Error(`import ended by itself (exit ${code}) before the kill`)))
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      written += lines.filter((line) => / (added|updated) \(/.test(line)).length
      if (written >= nth) {
        child.stderr?.removeAllListeners('data')
        setTimeout(() => {
          child.removeAllListeners('exit')
          child.once('exit', () => done())
          child.kill('SIGKILL')
        }, delayMs)
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
  metas: string[]
}

function inspect(): StoreState {
  const db = new Database(dbPath, { readonly: true })
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
    const rows = db.prepare('SELECT name, meta FROM targets').all() as Array<{ name: string; meta: string }>
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      targets: rows.length,
      orphanRows: count('SELECT COUNT(*) AS n FROM targets t LEFT JOIN target_data d USING (target_id) WHERE d.target_id IS NULL'),
      orphanData: count('SELECT COUNT(*) AS n FROM target_data d LEFT JOIN targets t USING (target_id) WHERE t.target_id IS NULL'),
      duplicateNames: count('SELECT COUNT(*) AS n FROM (SELECT name FROM targets GROUP BY name HAVING COUNT(*) > 1)'),
      foreignNames: rows.map((r) => r.name).filter((name) => !names.includes(name)),
      metas: rows.map((r) => r.meta),
    }
  } finally {
    db.close()
  }
}

function expectWhole(state: StoreState): void {
  expect(state).toMatchObject({ integrity: 'ok', orphanRows: 0, orphanData: 0, duplicateNames: 0, foreignNames: [] })
}

describe('crs import under SIGKILL', () => {
  const afterKills: number[] = []

  it(`leaves only whole targets after ${KILLS} kills mid-import, and a plain rerun completes it`, async () => {
    const started = performance.now()
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill at different points of an add: while decoding/extracting, or right as it commits.
      await killAfter(crs('import', folder), 2 + (kill % 2), [0, 15, 40, 90, 5][kill] ?? 0)
      const state = inspect()
      expectWhole(state)
      afterKills.push(state.targets)
    }
    expect(afterKills.at(-1)).toBeLessThan(COUNT)

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
    recordFigures('crashSafety', { kills: KILLS, targetsAfterEachKill: afterKills, targetsAfterRerun: final.targets, seconds: round((performance.now() - started) / 1000) })
  })

  it('keeps every target whole, each with its old or its new meta, when an --update re-import is killed', async () => {
    for (const [i, name] of names.entries()) {
      if (i % 2 === 0) writeFileSync(join(folder, `${name}.json`), metaFile(name, 2))
    }
    await killAfter(crs('import', folder, '--update'), 3, 20)
    const state = inspect()
    expectWhole(state)
    expect(state.targets).toBe(COUNT)
    const versions = state.metas.filter(Boolean).map((meta) => Number((JSON.parse(Buffer.from(meta, 'base64').toString('utf8')) as { title: string }).title.split(' v')[1]))
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

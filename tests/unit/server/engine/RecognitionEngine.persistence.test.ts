import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import { posterTargets } from '../../../helpers/sampleTargets.ts'
import { makeQueryPhoto } from '../../../helpers/scenes.ts'

const dir = mkdtempSync(join(tmpdir(), 'engine-persist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('RecognitionEngine persistence', () => {
  it('reopens a file database with the same targets and recognises them without re-extracting features', async () => {
    const dbPath = join(dir, 'nested', 'targets.db')
    const posters = await posterTargets(3, 40)
    const first = await RecognitionEngine.open({ dbPath, workers: 1 })
    const records = []
    for (const p of posters) records.push(await first.addTarget({ image: p.png, name: p.name, meta: p.name }))
    await first.updateTarget(records[2]!.targetId, { active: false })
    expect(first.stats.extractions).toBe(3)
    await first.close()

    const second = await RecognitionEngine.open({ dbPath, workers: 1 })
    try {
      expect(second.stats).toMatchObject({ loadedTargets: 3, extractions: 0 })
      expect(second.countTargets()).toBe(3)
      expect(second.getTarget(records[0]!.targetId)).toEqual(records[0])
      const photo = await makeQueryPhoto(posters[0]!.png, {
        seed: 5,
        width: 1280,
        height: 720,
        coverage: 0.3,
        tiltDeg: 20,
        blur: 1,
        jpegQuality: 70,
      })
      expect((await second.search(photo)).hit?.target.targetId).toBe(records[0]!.targetId)
      const inactivePhoto = await makeQueryPhoto(posters[2]!.png, {
        seed: 6,
        width: 1280,
        height: 720,
        coverage: 0.3,
        tiltDeg: 20,
        blur: 1,
        jpegQuality: 70,
      })
      expect((await second.search(inactivePhoto)).hit).toBeNull()
      expect(second.stats.extractions).toBe(0)
    } finally {
      await second.close()
    }
  })

  it('flags features made with other settings, and reindex re-extracts them (same settings: same features) while searches work', async () => {
    const dbPath = join(dir, 'reindex.db')
    const posters = await posterTargets(2, 60)
    const first = await RecognitionEngine.open({ dbPath, workers: 1 })
    const records = []
    for (const p of posters) records.push(await first.addTarget({ image: p.png, name: p.name }))
    expect(first.featuresStale).toBe(false)
    await first.close()
    const featuresOf = () => {
      const db = new Database(dbPath, { readonly: true })
      try {
        return db.prepare('SELECT target_id, descriptors FROM target_data ORDER BY target_id').all() as {
          target_id: string
          descriptors: Buffer
        }[]
      } finally {
        db.close()
      }
    }
    const before = featuresOf()
    // Pretend an older engine extracted them (as an upgrade would leave them).
    const db = new Database(dbPath)
    db.prepare("UPDATE settings SET value = 'orb:480px:300' WHERE key = 'featureRecipe'").run()
    db.close()

    const logs: string[] = []
    const second = await RecognitionEngine.open({ dbPath, workers: 1, logger: (m) => logs.push(m) })
    try {
      expect(second.featuresStale).toBe(true)
      expect(logs.join('\n')).toMatch(/made with orb:480px:300.*run "crs reindex"/)
      const progress: number[] = []
      const photo = await makeQueryPhoto(posters[1]!.png, {
        seed: 8,
        width: 1280,
        height: 720,
        coverage: 0.3,
        tiltDeg: 15,
        blur: 1,
        jpegQuality: 75,
      })
      const [result, duringSearch] = await Promise.all([second.reindex((done) => progress.push(done)), second.search(photo)])
      expect(result.targets).toBe(2)
      expect(progress).toEqual([1, 2])
      expect(duringSearch.hit?.target.targetId).toBe(records[1]!.targetId)
      expect(second.featuresStale).toBe(false)
      expect(second.stats.extractions).toBe(2)
      expect((await second.search(photo)).hit?.target.targetId).toBe(records[1]!.targetId)
    } finally {
      await second.close()
    }
    // Deterministic extraction from the stored image: the same settings give the same bytes.
    expect(featuresOf()).toEqual(before)
  })

  it('leaves only whole targets after a SIGKILL in the middle of an import', async () => {
    const dbPath = join(dir, 'crash.db')
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../../helpers/importForever.ts'), dbPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((done, fail) => {
      child.on('exit', (code) => fail(new Error(`importer exited early (${code})`)))
      child.stdout.on('data', (chunk: Buffer) => {
        // Kill between two commits, while the next add is decoding/extracting or writing.
        if (/added 3/.test(chunk.toString()))
          setTimeout(() => {
            child.kill('SIGKILL')
            done()
          }, 40)
      })
    })
    await new Promise((r) => child.once('exit', r))

    const db = new Database(dbPath, { readonly: true })
    const orphans = db
      .prepare('SELECT COUNT(*) AS n FROM targets t LEFT JOIN target_data d USING (target_id) WHERE d.target_id IS NULL')
      .get() as { n: number }
    const rows = db.prepare('SELECT COUNT(*) AS n FROM targets').get() as { n: number }
    db.close()
    expect(orphans.n).toBe(0)
    expect(rows.n).toBeGreaterThanOrEqual(3)

    const engine = await RecognitionEngine.open({ dbPath, workers: 1 })
    try {
      expect(engine.stats.loadedTargets).toBe(rows.n)
      for (const t of engine.listTargets(1, 100)) expect(engine.getTargetImage(t.targetId)?.length).toBeGreaterThan(0)
    } finally {
      await engine.close()
    }
  }, 60_000)
})

/**
 * The store's change log: what a running server learns about changes other processes make to the
 * same file (issue 10: a target added with `crs add` next to `npm run dev` was not recognized
 * until a restart). Two connections on one file stand in for two processes.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type StoredTarget, TargetStore } from '../../../../server/src/engine/TargetStore.ts'

let dir: string
let server: TargetStore
let cli: TargetStore

function stored(targetId: string, active = true): StoredTarget {
  return {
    record: {
      targetId,
      name: targetId,
      meta: '',
      size: '20',
      active,
      allowSimilar: false,
      type: 'ImageTarget',
      grade: 0,
      width: 4,
      height: 4,
      featureCount: 1,
      created: 1,
      modified: 1,
      extra: {},
    },
    image: new Uint8Array([1, 2, 3]),
    features: { width: 4, height: 4, keypoints: new Float32Array([1, 2]), descriptors: new Uint8Array(32).fill(7) },
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crs-store-'))
  server = new TargetStore(join(dir, 'targets.db'))
  cli = new TargetStore(join(dir, 'targets.db'))
})

afterEach(() => {
  server.close()
  cli.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('TargetStore change log', () => {
  it('reports nothing while no other connection writes, not even its own writes', () => {
    expect(server.changedByOthers()).toBeNull()
    server.insert(stored('own'))
    server.update(stored('own', false).record)
    expect(server.changedByOthers()).toBeNull()
  })

  it('reports targets another connection added, changed or removed, each once', () => {
    cli.insert(stored('a'))
    cli.insert(stored('b'))
    expect(server.changedByOthers()).toEqual({ ids: ['a', 'b'], all: false })
    expect(server.changedByOthers()).toBeNull()
    cli.update(stored('a', false).record)
    cli.replaceFeatures('b', stored('b').features, 1)
    cli.delete('b')
    expect(server.changedByOthers()).toEqual({ ids: ['a', 'b'], all: false })
    expect(server.indexEntry('a')?.active).toBe(false)
    expect(server.indexEntry('b')).toBeUndefined()
  })

  it('reports its own writes too when they are interleaved with foreign ones (re-reading them is harmless)', () => {
    cli.insert(stored('foreign'))
    server.insert(stored('own'))
    expect(server.changedByOthers()?.ids.sort()).toEqual(['foreign', 'own'])
  })

  it('sees writes made by any SQLite client, through the triggers', () => {
    cli.insert(stored('x'))
    server.changedByOthers()
    const raw = new Database(join(dir, 'targets.db'))
    raw.prepare("UPDATE targets SET active = 0 WHERE target_id = 'x'").run()
    raw.close()
    expect(server.changedByOthers()).toEqual({ ids: ['x'], all: false })
  })

  it('says "all" when the log was pruned past what this connection has read', () => {
    cli.insert(stored('first'))
    const raw = new Database(join(dir, 'targets.db'))
    // As if 10,000 more changes had come and gone: the pruning trigger leaves only the newest.
    raw.prepare('DELETE FROM target_changes').run()
    raw.prepare("INSERT INTO target_changes (seq, target_id) VALUES (20000, 'late')").run()
    raw.close()
    expect(server.changedByOthers()).toEqual({ ids: ['late'], all: true })
  })

  it('keeps the log bounded', () => {
    const raw = new Database(join(dir, 'targets.db'))
    const insert = raw.prepare('INSERT INTO target_changes (target_id) VALUES (?)')
    raw.transaction(() => {
      for (let i = 0; i < 12_000; i++) insert.run(`t${i}`)
    })()
    expect((raw.prepare('SELECT COUNT(*) AS n FROM target_changes').get() as { n: number }).n).toBe(10_000)
    raw.close()
  })
})

/** A v3 store (before indexed_count) with one target, at `file`. */
function makeV3Store(file: string): void {
  const old = new TargetStore(file)
  old.insert(stored('old'))
  old.close()
  const raw = new Database(file)
  raw.exec('ALTER TABLE target_data DROP COLUMN indexed_count')
  raw.pragma('user_version = 3')
  raw.close()
}

describe('TargetStore feature sets', () => {
  it('keeps how many features the index holds, through insert, replaceFeatures and a second connection', () => {
    const target = stored('rich')
    const features = { ...target.features, keypoints: new Float32Array([1, 2, 3, 4]), descriptors: new Uint8Array(64).fill(9), indexed: 1 }
    server.insert({ ...target, features })
    expect(cli.indexEntry('rich')?.features.indexed).toBe(1)
    server.replaceFeatures('rich', { ...features, indexed: 2 }, 0)
    expect(cli.indexEntry('rich')?.features.indexed).toBe(2)
    // A feature set without the mark is indexed whole, as every set stored before the mark was.
    server.replaceFeatures('rich', stored('rich').features, 0)
    expect(cli.indexEntry('rich')?.features).not.toHaveProperty('indexed')
  })

  it('opens a store made before the mark existed (schema v3): its feature sets are indexed whole', () => {
    const file = join(dir, 'old.db')
    makeV3Store(file)
    const reopened = new TargetStore(file)
    try {
      expect(reopened.indexEntry('old')?.features).not.toHaveProperty('indexed')
      expect([...reopened.allFeatures()].map((e) => e.targetId)).toEqual(['old'])
      const rich = { ...stored('new'), features: { ...stored('new').features, indexed: 1 } }
      reopened.insert(rich)
      expect(reopened.indexEntry('new')?.features.indexed).toBe(1)
    } finally {
      reopened.close()
    }
  })

  it('migrates once when several processes open an older store at the same instant', async () => {
    const file = join(dir, 'raced.db')
    makeV3Store(file)
    const run = promisify(execFile)
    const tsx = resolve(import.meta.dirname, '../../../../node_modules/tsx/dist/cli.mjs')
    const helper = resolve(import.meta.dirname, '../../../helpers/openStoreAt.ts')
    // Late enough for every process to have started (tsx takes ~0.5–1 s here).
    const at = Date.now() + 3000
    const outs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, [tsx, helper, file, String(at)])))
    // Without the lock: 11 of 20 opens failed with "duplicate column name: indexed_count" (5 rounds of 4).
    expect(outs.map((o) => o.stdout.trim())).toEqual(['ok', 'ok', 'ok', 'ok'])
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(4)
    raw.close()
  }, 30_000)
})

/**
 * A store that refuses writes (full or read-only disk) must surface as a 417 naming SQLite's reason,
 * for updates as for adds (420 for deletes), and leave the stored target as it was. The refusal is a trigger created
 * from a second connection: real SQLite errors, with no root, mount or disk filling needed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import { EngineError } from '../../../../server/src/engine/types.ts'
import { toCrsError } from '../../../../server/src/http/app.ts'
import { posterTargets } from '../../../helpers/sampleTargets.ts'

const dir = mkdtempSync(join(tmpdir(), 'engine-store-fail-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function refuseWrites(dbPath: string, table: string, reason: string, events = ['INSERT', 'UPDATE']): void {
  const db = new Database(dbPath)
  for (const event of events) {
    db.exec(`CREATE TRIGGER refuse_${event.toLowerCase()}_${table} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, '${reason}'); END`)
  }
  db.close()
}

describe('RecognitionEngine on a store that refuses writes', () => {
  it('answers 417 with the reason for an update (was an unexpected 501), keeping the old version whole', async () => {
    const dbPath = join(dir, 'full.db')
    const [first, second] = await posterTargets(2, 60)
    const engine = await RecognitionEngine.open({ dbPath, workers: 1 })
    try {
      const before = await engine.addTarget({ image: first!.png, name: 'old', meta: 'old-meta' })
      const imageBefore = engine.getTargetImage(before.targetId)
      refuseWrites(dbPath, 'target_data', 'database or disk is full')

      const failure = await engine
        .updateTarget(before.targetId, { image: second!.png, name: 'new', meta: 'new-meta' })
        .catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(EngineError)
      expect((failure as EngineError).statusCode).toBe(417)
      const crs = toCrsError(failure)
      expect(crs?.httpStatus).toBe(500)
      expect(crs?.message).toMatch(/^fail to add image: .*database or disk is full/)
      // The row update and the data write are one transaction: neither happened.
      expect(engine.getTarget(before.targetId)).toEqual(before)
      expect(engine.getTargetImage(before.targetId)).toEqual(imageBefore)

      await expect(engine.addTarget({ image: second!.png, name: 'other' })).rejects.toSatisfy(
        (error: unknown) => error instanceof EngineError && error.statusCode === 417,
      )
      expect(engine.countTargets()).toBe(1)
    } finally {
      await engine.close()
    }
  })

  it('answers 420 with the reason for a delete (was an unexpected 501), keeping the target', async () => {
    const dbPath = join(dir, 'readonly.db')
    const [first] = await posterTargets(1, 61)
    const engine = await RecognitionEngine.open({ dbPath, workers: 1 })
    try {
      const kept = await engine.addTarget({ image: first!.png, name: 'kept' })
      refuseWrites(dbPath, 'targets', 'attempt to write a readonly database', ['DELETE'])

      let failure: unknown
      try {
        engine.deleteTarget(kept.targetId)
      } catch (error) {
        failure = error
      }
      expect(failure).toBeInstanceOf(EngineError)
      expect((failure as EngineError).statusCode).toBe(420)
      const crs = toCrsError(failure)
      expect(crs?.httpStatus).toBe(500)
      expect(crs?.message).toMatch(/^Target delete failed: .*attempt to write a readonly database/)
      expect(engine.getTarget(kept.targetId)).toEqual(kept)
      const { hit } = await engine.search(first!.png)
      expect(hit?.target.targetId).toBe(kept.targetId)
      // A target that is not there is still a plain "not found", not a refused write.
      expect(engine.deleteTarget('no-such-target')).toBe(false)
    } finally {
      await engine.close()
    }
  })
})

/**
 * A running engine follows changes other processes make to its store (issue 10: `crs add` next to
 * `npm run dev` was not searchable until the server restarted). Two engines on one file stand in
 * for the server and the CLI; the reliability suite does it with real processes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import { makePoster, makeQueryPhoto } from '../../../helpers/scenes.ts'

const dir = mkdtempSync(join(tmpdir(), 'crs-follow-'))
let server: RecognitionEngine
let cli: RecognitionEngine

beforeAll(async () => {
  server = await RecognitionEngine.open({ dbPath: join(dir, 'targets.db'), workers: 1, watchStoreMs: 100 })
  cli = await RecognitionEngine.open({ dbPath: join(dir, 'targets.db'), workers: 1, lazyWorkers: true, watchStoreMs: 0 })
})

afterAll(async () => {
  await server?.close()
  await cli?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Searches until `accept` holds for the answer, or the deadline passes; the last answer's target id. */
async function searchUntil(
  photo: Buffer,
  accept: (targetId: string | undefined) => boolean,
  deadlineMs = 10_000,
): Promise<string | undefined> {
  const started = Date.now()
  for (;;) {
    const { hit } = await server.search(photo)
    if (accept(hit?.target.targetId) || Date.now() - started > deadlineMs) return hit?.target.targetId
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Waits until the server has applied `count` foreign changes to its index. Each step below waits
 * for this before it searches: the search itself re-checks the store, so a deactivation or removal
 * shows in its answer before the index follows, and two quick changes can reach the index in one
 * look (a clean-clone CI run counted 3 by the end, where the steps had raced the 100 ms poll).
 */
async function untilFollowed(count: number, deadlineMs = 10_000): Promise<number> {
  const started = Date.now()
  while (server.stats.followed < count && Date.now() - started < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return server.stats.followed
}

describe('RecognitionEngine following its store', () => {
  it('finds a target another process added, stops finding it once deactivated there, and once removed', async () => {
    const png = await makePoster(611, { kind: 'poster' })
    const photo = await makeQueryPhoto(png, { seed: 3, width: 1280, height: 720, coverage: 0.4, tiltDeg: 15, blur: 1, jpegQuality: 75 })
    expect((await server.search(photo)).hit).toBeNull()

    const added = await cli.addTarget({ image: png, name: 'added-elsewhere' })
    expect(await untilFollowed(1)).toBe(1)
    expect(await searchUntil(photo, (id) => id === added.targetId)).toBe(added.targetId)

    await cli.updateTarget(added.targetId, { active: false })
    expect(await untilFollowed(2)).toBe(2)
    expect(await searchUntil(photo, (id) => id === undefined)).toBeUndefined()
    await cli.updateTarget(added.targetId, { active: true })
    expect(await untilFollowed(3)).toBe(3)
    expect(await searchUntil(photo, (id) => id === added.targetId)).toBe(added.targetId)

    expect(cli.deleteTarget(added.targetId)).toBe(true)
    expect(await untilFollowed(4)).toBe(4)
    expect(await searchUntil(photo, (id) => id === undefined)).toBeUndefined()
  })
})

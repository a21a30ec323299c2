/**
 * Crash safety of `PUT /target/:id`: the real `crs serve` (a child process) replaces one target's
 * image, meta and name again and again, and is SIGKILLed at moments drawn from a seeded PRNG,
 * mostly with a PUT in flight. After every kill the store passes `integrity_check` and holds the
 * target entirely as one version (name, meta, stored image, feature rows all agree), namely the last
 * acknowledged one or the one in flight; the restarted server recognizes a photo of that version.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { makePoster, makeQueryPhoto } from '../helpers/scenes.ts'
import { type ServeChild, call, integrity, recognize, serveChild, sleep } from './support/crsChild.ts'
import { recordFigures, round } from './support/figures.ts'

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_251_202)
const KILLS = 12
const VERSIONS = 4
/** Kills land uniformly within this long after the PUTs start: a few PUTs on a shared 2-core machine. */
const KILL_WINDOW_MS = 700

const dir = mkdtempSync(join(tmpdir(), 'crs-crash-put-'))
const dbPath = join(dir, 'targets.db')
const posters: Buffer[] = []
const photos: Buffer[] = []
let running: ServeChild | undefined

const nameOf = (v: number) => `swap-v${v}`
const metaOf = (v: number) => Buffer.from(JSON.stringify({ type: 'model', url: 'content/tea-can.glb', title: `v${v}` })).toString('base64')
const bodyOf = (v: number) => ({ image: posters[v]!.toString('base64'), name: nameOf(v), meta: metaOf(v), allowSimilar: '1' })
/** A friendly phone photo: these tests are about crashes, not recognition limits. */
const PHOTO = (seed: number) => ({ seed, width: 640, height: 480, coverage: 0.6, tiltDeg: 8, blur: 0, jpegQuality: 85 })
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** What each version looks like once stored (normalised image, feature count), learnt from a live server. */
const stored = new Map<number, { imageHash: string; featureCount: number }>()

interface TargetState {
  integrity: string
  rows: number
  /** The version the row's name says, or -1. */
  version: number
  /** Name, meta, image and features all belong to `version`. */
  consistent: boolean
  detail: string
}

function inspect(): TargetState {
  const check = integrity(dbPath)
  const db = new Database(dbPath, { readonly: true })
  try {
    const rows = db
      .prepare(
        'SELECT t.name, t.meta, t.feature_count AS fc, d.image, length(d.keypoints) AS kp, length(d.descriptors) AS ds FROM targets t LEFT JOIN target_data d USING (target_id)',
      )
      .all() as Array<{ name: string; meta: string; fc: number; image: Buffer | null; kp: number | null; ds: number | null }>
    const row = rows[0]
    if (!row) return { integrity: check, rows: 0, version: -1, consistent: false, detail: 'no target' }
    const version = Number(/^swap-v(\d+)$/.exec(row.name)?.[1] ?? -1)
    const expected = stored.get(version)
    const facts = {
      meta: row.meta === metaOf(version),
      image: row.image !== null && sha(row.image) === expected?.imageHash,
      featureCount: row.fc === expected?.featureCount,
      featureRows: row.kp === row.fc * 8 && row.ds === row.fc * 32,
    }
    const consistent = Object.values(facts).every(Boolean)
    return { integrity: check, rows: rows.length, version, consistent, detail: `${row.name} ${JSON.stringify(facts)}` }
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  for (let v = 0; v < VERSIONS; v++) {
    posters.push(await makePoster(8_100 + v))
    photos.push(await makeQueryPhoto(posters[v]!, PHOTO(21 + v)))
  }
})

afterAll(async () => {
  await running?.kill()
  rmSync(dir, { recursive: true, force: true })
})

/** PUTs other versions back to back until the server is SIGKILLed `killMs` after the first one. */
async function putUntilKilled(server: ServeChild, id: string, from: number, killMs: number, rnd: () => number) {
  let killed = false
  const killing = sleep(killMs).then(async () => {
    killed = true
    await server.kill()
  })
  let acked = from
  let inFlight: number | null = null
  let puts = 0
  while (!killed) {
    const next = (acked + 1 + Math.floor(rnd() * (VERSIONS - 1))) % VERSIONS
    inFlight = next
    try {
      const answer = await call(server.url, 'PUT', `/target/${id}`, bodyOf(next))
      expect(answer.statusCode, answer.result.message).toBe(0)
      acked = next
      inFlight = null
      puts++
    } catch (error) {
      if (!killed) throw error
    }
  }
  await killing
  return { acked, inFlight, puts }
}

describe('crs serve under SIGKILL during PUT /target/:id', () => {
  it(`keeps the target entirely old or entirely new through ${KILLS} kills, and the restarted server recognizes it`, async () => {
    const started = performance.now()
    running = await serveChild(dbPath)
    const added = await call<{ target: { targetId: string } }>(running.url, 'POST', '/targets', bodyOf(0))
    expect(added.statusCode, added.result.message).toBe(0)
    const id = added.result.target.targetId
    // Learn each version's stored form while nothing is killed, then go back to version 0.
    for (let v = 0; v < VERSIONS; v++) {
      if (v > 0) expect((await call(running.url, 'PUT', `/target/${id}`, bodyOf(v))).statusCode).toBe(0)
      const db = new Database(dbPath, { readonly: true })
      const row = db.prepare('SELECT t.feature_count AS fc, d.image FROM targets t JOIN target_data d USING (target_id)').get() as {
        fc: number
        image: Buffer
      }
      db.close()
      stored.set(v, { imageHash: sha(row.image), featureCount: row.fc })
    }
    expect((await call(running.url, 'PUT', `/target/${id}`, bodyOf(0))).statusCode).toBe(0)
    await running.kill()

    const rnd = mulberry32(SEED + 1)
    let version = 0
    const counts = { putsAcked: 0, killsWithPutInFlight: 0, inFlightCommitted: 0, inFlightLost: 0, recognizedAfterRestart: 0 }
    const versionsAfterKills: number[] = []
    for (let kill = 0; kill <= KILLS; kill++) {
      running = await serveChild(dbPath)
      // The restarted server holds the version the last kill left, and finds it in a photo.
      expect(await recognize(running.url, photos[version]!)).toBe(nameOf(version))
      counts.recognizedAfterRestart++
      if (kill === KILLS) break

      const { acked, inFlight, puts } = await putUntilKilled(running, id, version, Math.round(rnd() * KILL_WINDOW_MS), rnd)
      counts.putsAcked += puts
      const state = inspect()
      expect(state.integrity).toBe('ok')
      expect(state.rows).toBe(1)
      expect(state.consistent, state.detail).toBe(true)
      expect([acked, inFlight]).toContain(state.version)
      if (inFlight !== null) {
        counts.killsWithPutInFlight++
        if (state.version === inFlight && inFlight !== acked) counts.inFlightCommitted++
        else counts.inFlightLost++
      }
      version = state.version
      versionsAfterKills.push(version)
    }
    await running.kill()
    expect(counts.killsWithPutInFlight).toBeGreaterThanOrEqual(KILLS / 2)
    recordFigures('crashSafetyPut', { kills: KILLS, ...counts, versionsAfterKills, seconds: round((performance.now() - started) / 1000) })
  })
})

/**
 * A read-only or full disk gives a clear error, not a corrupt store. The real `crs` (child
 * processes) runs on a store that refuses writes:
 * - read-only: `chattr +i` on the db file (root cannot write it either), or, where chattr is
 *   refused, the child runs as nobody (uid/gid 65534) on a 0444 file in a 0555 directory;
 * - full: the store lives on a small tmpfs filled up to its last few KB, or, where mounting is
 *   refused, the child runs under `ulimit -f` (SQLite then says "disk I/O error").
 * `crs add` exits non-zero with ONE `crs: ` line naming SQLite's reason and status 417; reading
 * still works (`crs list`, `crs search`, `crs serve`'s /search); the server answers POST /targets
 * and PUT /target/:id with 417 and DELETE /target/:id with 420 (HTTP 500, server/README.md), never
 * 501; the store passes `integrity_check` and still holds every earlier target.
 * What could not be simulated is skipped, and the reason recorded in the figures.
 */
import { type SpawnOptions, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../server/src/engine/RecognitionEngine.ts'
import { makePoster, makeQueryPhoto } from '../helpers/scenes.ts'
import {
  type Answer,
  type ChildOptions,
  ROOT,
  type ServeChild,
  call,
  crsChild,
  finished,
  integrity,
  recognize,
  serveChild,
} from './support/crsChild.ts'
import { recordFigures, round } from './support/figures.ts'

const NOBODY = 65_534
/** Bytes left free on the filled tmpfs: less than one WAL frame (4 KiB page + 24-byte header + 32-byte WAL header). */
const FREE_BYTES = 4_096
const TMPFS_SIZE = '1m'
/** `ulimit -f` fallback, in 512-byte blocks: room for the 32 KiB -shm file, not for a target's WAL frames. */
const ULIMIT_BLOCKS = 80

const dir = mkdtempSync(join(tmpdir(), 'crs-storage-faults-'))
// World-readable, so the nobody fallback can reach its store.
chmodSync(dir, 0o755)
const seedDb = join(dir, 'seed.db')
const images: { first?: Buffer; second?: Buffer; extra?: Buffer; photoOfFirst?: Buffer; extraFile: string; photoFile: string } = {
  extraFile: join(dir, 'extra.png'),
  photoFile: join(dir, 'photo-of-first.jpg'),
}
const ids: { first: string; second: string } = { first: '', second: '' }
/** Cleanups that must run even when a test fails (chattr -i, umount). */
const undo: Array<() => void> = []

function run(command: string, args: string[], options: SpawnOptions = {}): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000, ...options })
  return {
    ok: result.status === 0,
    output: `${result.stderr ?? ''}${result.stdout ?? ''}${result.error ? String(result.error) : ''}`.trim(),
  }
}

type ReadOnlyMode = { kind: 'chattr' } | { kind: 'nobody' } | { kind: 'skip'; reason: string }
type FullMode = { kind: 'tmpfs' } | { kind: 'ulimit' } | { kind: 'skip'; reason: string }

/** Decided before the tests are collected (it.skipIf needs it): does this machine let us take write access away? */
function probeReadOnly(): ReadOnlyMode {
  const forced = process.env.STORAGE_FAULTS_READONLY
  const probe = join(dir, 'probe-readonly')
  writeFileSync(probe, 'x')
  const reasons: string[] = []
  if (forced !== 'nobody') {
    const set = run('chattr', ['+i', probe])
    let refused = false
    try {
      closeSync(openSync(probe, 'r+'))
    } catch {
      refused = true
    }
    run('chattr', ['-i', probe])
    if (set.ok && refused) return { kind: 'chattr' }
    reasons.push(`chattr +i: ${set.ok ? 'set, but root could still write the file' : set.output || 'failed'}`)
  }
  // Fallback: drop root. Nobody must be able to run the CLI (read the checkout) but not write the store.
  const roDir = join(dir, 'probe-ro-dir')
  mkdirSync(roDir)
  copyFileSync(probe, join(roDir, 'file'))
  chmodSync(join(roDir, 'file'), 0o444)
  chmodSync(roDir, 0o555)
  const asNobody = { uid: NOBODY, gid: NOBODY, cwd: ROOT }
  const cli = run(process.execPath, [join(ROOT, 'bin/crs.js'), '--help'], asNobody)
  const write = run(process.execPath, ['-e', `require('node:fs').writeFileSync(${JSON.stringify(join(roDir, 'file'))}, 'y')`], asNobody)
  if (cli.ok && !write.ok) return { kind: 'nobody' }
  reasons.push(`uid ${NOBODY}: ${cli.ok ? 'could write a 0444 file' : `cannot run crs (${cli.output.split('\n')[0]})`}`)
  return { kind: 'skip', reason: reasons.join('; ') }
}

function probeFull(): FullMode {
  const forced = process.env.STORAGE_FAULTS_FULL
  const reasons: string[] = []
  if (forced !== 'ulimit') {
    const mnt = join(dir, 'probe-mnt')
    mkdirSync(mnt)
    const mounted = run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt])
    if (mounted.ok) {
      run('umount', [mnt])
      return { kind: 'tmpfs' }
    }
    reasons.push(`mount -t tmpfs: ${mounted.output || 'failed'}`)
  }
  const limited = run('/bin/sh', [
    '-c',
    `ulimit -f ${ULIMIT_BLOCKS} && exec ${process.execPath} -e "require('node:fs').writeFileSync(process.argv[1], Buffer.alloc(${ULIMIT_BLOCKS * 512 + 4096}))" ${join(dir, 'probe-ulimit')}`,
  ])
  if (!limited.ok && /EFBIG|too large/i.test(limited.output)) return { kind: 'ulimit' }
  reasons.push(`ulimit -f: ${limited.ok ? 'did not limit the file size' : limited.output.split('\n')[0]}`)
  return { kind: 'skip', reason: reasons.join('; ') }
}

const readOnlyMode = probeReadOnly()
const fullMode = probeFull()

beforeAll(async () => {
  const started = performance.now()
  const [first, second, extra] = await Promise.all([8_101, 8_103, 8_102].map((seed) => makePoster(seed, { width: 320, height: 240 })))
  Object.assign(images, { first, second, extra })
  images.photoOfFirst = await makeQueryPhoto(first!, {
    seed: 11,
    width: 640,
    height: 480,
    coverage: 0.6,
    tiltDeg: 8,
    blur: 0,
    jpegQuality: 85,
  })
  writeFileSync(images.extraFile, extra!)
  writeFileSync(images.photoFile, images.photoOfFirst)
  chmodSync(images.extraFile, 0o644)
  chmodSync(images.photoFile, 0o644)
  const engine = await RecognitionEngine.open({ dbPath: seedDb, workers: 1 })
  try {
    ids.first = (await engine.addTarget({ image: first!, name: 'first' })).targetId
    ids.second = (await engine.addTarget({ image: second!, name: 'second', allowSimilar: true })).targetId
  } finally {
    await engine.close()
  }
  // Closed by its last connection: checkpointed, no -wal/-shm left to copy along.
  expect(existsSync(`${seedDb}-wal`)).toBe(false)
  recordFigures('storageFaults', { seedStoreSeconds: round((performance.now() - started) / 1000) })
})

afterAll(() => {
  for (const step of undo.reverse()) {
    try {
      step()
    } catch {
      // keep undoing the rest
    }
  }
  rmSync(dir, { recursive: true, force: true })
})

/** Runs `crs <args> --db <db>` to its end. */
async function crs(dbPath: string, args: string[], options: ChildOptions = {}) {
  return finished(crsChild([...args, '--db', dbPath], options))
}

function stored(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true })
  try {
    return (db.prepare('SELECT name FROM targets ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name)
  } finally {
    db.close()
  }
}

const brief = (answer: Answer) => ({ httpStatus: answer.httpStatus, statusCode: answer.statusCode, message: answer.result.message })

/** What the server answers when its store refuses writes, and whether it still reads. */
async function exerciseServer(server: ServeChild, reason: RegExp) {
  const found = await recognize(server.url, images.photoOfFirst!)
  const added = await call(server.url, 'POST', '/targets', { image: images.extra!.toString('base64'), name: 'third' })
  const updated = await call(server.url, 'PUT', `/target/${ids.first}`, { image: images.extra!.toString('base64'), name: 'renamed' })
  const deleted = await call(server.url, 'DELETE', `/target/${ids.second}`)
  const count = await call<{ count: number }>(server.url, 'GET', '/targets/count')
  const foundAfter = await recognize(server.url, images.photoOfFirst!)
  expect(found).toBe('first')
  expect(brief(added)).toMatchObject({
    httpStatus: 500,
    statusCode: 417,
    message: expect.stringMatching(new RegExp(`^fail to add image: .*${reason.source}`)),
  })
  expect(brief(updated)).toMatchObject({ httpStatus: 500, statusCode: 417, message: expect.stringMatching(reason) })
  expect(brief(deleted)).toMatchObject({
    httpStatus: 500,
    statusCode: 420,
    message: expect.stringMatching(new RegExp(`^Target delete failed: .*${reason.source}`)),
  })
  expect(count.result.count).toBe(2)
  expect(foundAfter).toBe('first')
  expect(server.stderr()).not.toContain('unexpected error')
  return {
    search: found,
    postTargets: brief(added),
    putTarget: brief(updated),
    deleteTarget: brief(deleted),
    countAfter: count.result.count,
  }
}

function expectOneLine(stderr: string, pattern: RegExp): string {
  const lines = stderr.trim().split('\n')
  expect(lines, stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  return lines[0] ?? ''
}

describe('a read-only store', () => {
  it.skipIf(readOnlyMode.kind === 'skip')(
    `refuses crs add with one clear line, still lists and serves searches (${readOnlyMode.kind})`,
    async () => {
      const started = performance.now()
      const roDir = join(dir, 'readonly')
      mkdirSync(roDir)
      const dbPath = join(roDir, 'targets.db')
      copyFileSync(seedDb, dbPath)
      let options: ChildOptions = {}
      if (readOnlyMode.kind === 'chattr') {
        expect(run('chattr', ['+i', dbPath]).ok).toBe(true)
        undo.push(() => run('chattr', ['-i', dbPath]))
      } else {
        chmodSync(dbPath, 0o444)
        // Like the chattr case, where SQLite creates them beside the immutable file: a WAL store opens
        // only with a writable -shm (in a directory nobody cannot write, opening fails before any add).
        for (const suffix of ['-wal', '-shm']) {
          writeFileSync(`${dbPath}${suffix}`, '')
          chmodSync(`${dbPath}${suffix}`, 0o666)
        }
        chmodSync(roDir, 0o555)
        undo.push(() => chmodSync(roDir, 0o755))
        options = { spawn: { uid: NOBODY, gid: NOBODY } }
      }
      let server: ServeChild | undefined
      try {
        const add = await crs(dbPath, ['add', images.extraFile, '--name', 'third'], options)
        expect(add.code).not.toBe(0)
        const addLine = expectOneLine(add.stderr, /^crs: .*attempt to write a readonly database.*\(status 417\)$/)
        const list = await crs(dbPath, ['list'], options)
        expect(list.code, list.stderr).toBe(0)
        expect(list.stdout).toMatch(/\bfirst\b/)
        expect(list.stdout).toMatch(/\bsecond\b/)

        server = await serveChild(dbPath, options)
        const served = await exerciseServer(server, /readonly/)
        await server.kill()
        server = undefined
        const check = integrity(dbPath)
        expect(check).toBe('ok')
        expect(stored(dbPath)).toEqual(['first', 'second'])
        recordFigures('storageFaults', {
          readOnly: {
            simulation:
              readOnlyMode.kind === 'chattr'
                ? 'chattr +i on the db file (root)'
                : `uid ${NOBODY} on a 0444 file in a 0555 directory (with empty, writable -wal/-shm files)`,
            crsAdd: { exitCode: add.code, stderr: addLine },
            crsList: { exitCode: list.code },
            serve: served,
            integrity: check,
            targetsAfter: stored(dbPath),
            seconds: round((performance.now() - started) / 1000),
          },
        })
      } finally {
        await server?.kill()
        if (readOnlyMode.kind === 'chattr') run('chattr', ['-i', dbPath])
      }
    },
  )

  it.runIf(readOnlyMode.kind === 'skip')('records why the read-only case was skipped', () => {
    recordFigures('storageFaults', { readOnly: { skipped: readOnlyMode.kind === 'skip' ? readOnlyMode.reason : '' } })
  })
})

describe('a full disk', () => {
  it.skipIf(fullMode.kind === 'skip')(
    `refuses writes with one clear line and 417/420 envelopes, keeps every earlier target (${fullMode.kind})`,
    async () => {
      const started = performance.now()
      const mnt = join(dir, 'full')
      mkdirSync(mnt)
      let options: ChildOptions = {}
      let reason = /database or disk is full/
      if (fullMode.kind === 'tmpfs') {
        const mounted = run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mnt])
        expect(mounted.ok, mounted.output).toBe(true)
        undo.push(() => {
          if (!run('umount', [mnt]).ok) run('umount', ['-l', mnt])
        })
      } else {
        options = { shellPrefix: `ulimit -f ${ULIMIT_BLOCKS}` }
        reason = /disk I\/O error|database or disk is full/
      }
      const dbPath = join(mnt, 'targets.db')
      copyFileSync(seedDb, dbPath)
      const filler = join(mnt, 'filler')
      /** Fills the tmpfs up to its last FREE_BYTES; returns the bytes left. */
      const fill = () => {
        const { bavail, bsize } = statfsSync(mnt)
        writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - FREE_BYTES)))
        const after = statfsSync(mnt)
        return after.bavail * after.bsize
      }
      let server: ServeChild | undefined
      try {
        // The server opens the store first (its -shm file exists), then the disk fills up under it.
        server = await serveChild(dbPath, options)
        const freeBytes = fullMode.kind === 'tmpfs' ? fill() : null
        const add = await crs(dbPath, ['add', images.extraFile, '--name', 'third'], options)
        expect(add.code).not.toBe(0)
        const addLine = expectOneLine(add.stderr, new RegExp(`^crs: .*(${reason.source}).*\\(status 417\\)$`))
        const search = await crs(dbPath, ['search', images.photoFile], options)
        expect(search.code, search.stderr).toBe(0)
        expect((JSON.parse(search.stdout) as { result: { target: { name: string } } }).result.target.name).toBe('first')
        const served = await exerciseServer(server, reason)
        await server.kill()
        server = undefined
        const check = integrity(dbPath)
        expect(check).toBe('ok')
        expect(stored(dbPath)).toEqual(['first', 'second'])

        // A process that opens the store on a disk with no room for its -shm file cannot even read:
        // it must say why in one line (SQLite alone says "disk I/O error").
        let openLine: string | null = null
        if (fullMode.kind === 'tmpfs') {
          rmSync(filler)
          const last = new Database(dbPath)
          last.pragma('wal_checkpoint(TRUNCATE)')
          last.close() // the last connection: removes -wal and -shm
          expect(existsSync(`${dbPath}-shm`)).toBe(false)
          fill()
          const list = await crs(dbPath, ['list'], options)
          expect(list.code).not.toBe(0)
          openLine = expectOneLine(
            list.stderr,
            /^crs: .*cannot open .*disk I\/O error \(SQLITE_IOERR_SHMSIZE: no room for its -shm file, is the disk full\?\)$/,
          )
          rmSync(filler)
          expect(integrity(dbPath)).toBe('ok')
          expect(stored(dbPath)).toEqual(['first', 'second'])
        }
        recordFigures('storageFaults', {
          full: {
            simulation:
              fullMode.kind === 'tmpfs'
                ? `tmpfs of ${TMPFS_SIZE} filled to ${freeBytes} bytes free, crs serve started before the fill`
                : `ulimit -f ${ULIMIT_BLOCKS} (512-byte blocks) on every crs child`,
            crsAdd: { exitCode: add.code, stderr: addLine },
            crsSearch: { exitCode: search.code, found: 'first' },
            serve: served,
            integrity: check,
            targetsAfter: stored(dbPath),
            openWithNoRoomForShm: openLine ?? 'not applicable (ulimit)',
            seconds: round((performance.now() - started) / 1000),
          },
        })
      } finally {
        await server?.kill()
      }
    },
  )

  it.runIf(fullMode.kind === 'skip')('records why the full-disk case was skipped', () => {
    recordFigures('storageFaults', { full: { skipped: fullMode.kind === 'skip' ? fullMode.reason : '' } })
  })
})

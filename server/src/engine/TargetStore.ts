import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Features } from './extractFeatures.ts'
import type { TargetRecord } from './types.ts'

/** Bump with a migration step in `migrate()` whenever the schema changes. */
const SCHEMA_VERSION = 4
/**
 * Entries of the change log kept for other connections to follow. A follower that falls further
 * behind than this (a server stopped for a long time while a script rewrote 10,000 targets) is
 * told to reload everything instead.
 */
const CHANGE_LOG_ENTRIES = 10_000
/** Concurrent CLI + server on one file: wait this long for a lock instead of failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000

/** Everything written for one target, computed before the transaction opens. */
export interface StoredTarget {
  record: TargetRecord
  image: Uint8Array
  features: Features
}

interface TargetRow {
  target_id: string
  name: string
  meta: string
  size: string
  active: number
  allow_similar: number
  grade: number
  width: number
  height: number
  feature_count: number
  created: number
  modified: number
  extra: string
}

interface FeatureRow {
  target_id: string
  active: number
  feature_width: number
  feature_height: number
  keypoints: Buffer
  descriptors: Buffer
  indexed_count: number | null
}

const RECORD_COLUMNS = 'target_id, name, meta, size, active, allow_similar, grade, width, height, feature_count, created, modified, extra'

/** What other connections changed since the last look (see `TargetStore.changedByOthers`). */
export interface ForeignChanges {
  /** Targets added, changed or removed, each once. */
  ids: string[]
  /** The log no longer reaches back to the last look: every target may have changed. */
  all: boolean
}

/**
 * SQLite persistence (WAL) for targets, their normalised image and their ORB features, so a
 * restart recomputes nothing. Every write is one transaction; callers do the expensive work first.
 *
 * Every change to a target, by any connection (this process, `crs add` in another terminal, a
 * second server), is also written to a change log by triggers, so a running server can follow the
 * store: `PRAGMA data_version` tells cheaply whether another connection committed anything, and
 * the log tells which targets.
 */
export class TargetStore {
  private readonly db: Database.Database
  /** Last change-log entry this connection has accounted for (applied, or written itself). */
  #seen = 0
  /** `PRAGMA data_version` at the last look: it moves only when another connection commits. */
  #dataVersion = 0

  constructor(dbPath: string) {
    if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true })
    this.db = new Database(dbPath)
    try {
      this.db.pragma('journal_mode = WAL')
    } catch (error) {
      this.db.close()
      // Opening a WAL store maps its -shm file; with no room left for it SQLite only says "disk I/O error".
      const code = (error as { code?: unknown }).code
      if (code !== 'SQLITE_IOERR_SHMSIZE') throw error
      throw new Error(
        `TargetStore: cannot open ${dbPath}: ${(error as Error).message} (${code}: no room for its -shm file, is the disk full?)`,
      )
    }
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    this.db.pragma('foreign_keys = ON')
    // Migrating, one writer at a time, reading the version again under the lock: two processes
    // opening an older store at once would otherwise both run a step (ALTER TABLE twice fails).
    // An up-to-date store takes no lock here, so opening it never waits for a busy writer.
    if (this.db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) this.db.transaction(() => this.migrate()).immediate()
    this.#seen = this.latestChange()
    this.#dataVersion = this.db.pragma('data_version', { simple: true }) as number
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) {
      throw new Error(`TargetStore: database schema v${version} is newer than this engine (v${SCHEMA_VERSION})`)
    }
    if (version < 1) {
      this.db.transaction(() => {
        this.db.exec(`
          CREATE TABLE targets (
            target_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            meta TEXT NOT NULL,
            size TEXT NOT NULL,
            active INTEGER NOT NULL,
            allow_similar INTEGER NOT NULL,
            grade INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            feature_count INTEGER NOT NULL,
            created INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            extra TEXT NOT NULL
          );
          CREATE INDEX targets_name ON targets(name);
          CREATE INDEX targets_created ON targets(created, target_id);
          CREATE TABLE target_data (
            target_id TEXT PRIMARY KEY REFERENCES targets(target_id) ON DELETE CASCADE,
            image BLOB NOT NULL,
            feature_width INTEGER NOT NULL,
            feature_height INTEGER NOT NULL,
            keypoints BLOB NOT NULL,
            descriptors BLOB NOT NULL
          );
        `)
        this.db.pragma('user_version = 1')
      })()
    }
    if (version < 2) {
      // v2: engine settings, e.g. which feature recipe the stored features were extracted with.
      this.db.transaction(() => {
        this.db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
        this.db.pragma('user_version = 2')
      })()
    }
    if (version < 3) {
      // v3: the change log other connections follow. Triggers write it, so every writer (this
      // engine, an older CLI, a hand-written script) is seen; AUTOINCREMENT keeps seq increasing.
      this.db.transaction(() => {
        this.db.exec(`
          CREATE TABLE target_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, target_id TEXT NOT NULL);
          CREATE TRIGGER targets_inserted AFTER INSERT ON targets BEGIN INSERT INTO target_changes (target_id) VALUES (NEW.target_id); END;
          CREATE TRIGGER targets_updated AFTER UPDATE ON targets BEGIN INSERT INTO target_changes (target_id) VALUES (NEW.target_id); END;
          CREATE TRIGGER targets_deleted AFTER DELETE ON targets BEGIN INSERT INTO target_changes (target_id) VALUES (OLD.target_id); END;
          CREATE TRIGGER target_data_updated AFTER UPDATE ON target_data BEGIN INSERT INTO target_changes (target_id) VALUES (NEW.target_id); END;
          CREATE TRIGGER target_changes_pruned AFTER INSERT ON target_changes BEGIN
            DELETE FROM target_changes WHERE seq <= NEW.seq - ${CHANGE_LOG_ENTRIES};
          END;
        `)
        this.db.pragma('user_version = 3')
      })()
    }
    if (version < 4) {
      // v4: how many leading features the candidate index holds (Features.indexed); NULL = all,
      // as every feature set stored before had.
      this.db.transaction(() => {
        this.db.exec('ALTER TABLE target_data ADD COLUMN indexed_count INTEGER')
        this.db.pragma('user_version = 4')
      })()
    }
  }

  /** The newest change-log entry (0 for none). */
  private latestChange(): number {
    return (this.db.prepare('SELECT MAX(seq) AS seq FROM target_changes').get() as { seq: number | null }).seq ?? 0
  }

  /**
   * Targets that other connections added, changed or removed since the last call, or null when
   * none committed anything (one `PRAGMA data_version`: no table is read while the store is idle).
   * This connection's own writes are left out as long as nothing foreign came between them.
   */
  changedByOthers(): ForeignChanges | null {
    const version = this.db.pragma('data_version', { simple: true }) as number
    if (version === this.#dataVersion) return null
    this.#dataVersion = version
    const rows = this.db.prepare('SELECT seq, target_id FROM target_changes WHERE seq > ? ORDER BY seq').all(this.#seen) as {
      seq: number
      target_id: string
    }[]
    if (rows.length === 0) return { ids: [], all: false }
    // seq values are gapless (a rolled-back insert takes its AUTOINCREMENT step back with it), so
    // a first entry past #seen + 1 means the pruning trigger removed entries not yet read.
    const all = rows[0]!.seq > this.#seen + 1
    this.#seen = rows.at(-1)!.seq
    return { ids: [...new Set(rows.map((row) => row.target_id))], all }
  }

  /**
   * One write transaction, taken at once (BEGIN IMMEDIATE: the write lock is waited for here, not
   * met half-way). The log entries it makes follow `before` contiguously, since no one else can
   * write meanwhile; when nothing foreign was pending, they are this connection's to skip.
   */
  private write<T>(body: () => T): T {
    let skipTo: number | undefined
    const result = this.db
      .transaction(() => {
        const before = this.latestChange()
        const value = body()
        if (before === this.#seen) skipTo = this.latestChange()
        return value
      })
      .immediate()
    // Only after COMMIT succeeded: a failed commit gives those seq values back to the next writer.
    if (skipTo !== undefined) this.#seen = skipTo
    return result
  }

  getSetting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  /** Every target id, oldest first. */
  ids(): string[] {
    return (this.db.prepare('SELECT target_id FROM targets ORDER BY created, target_id').all() as { target_id: string }[]).map(
      (r) => r.target_id,
    )
  }

  /** Swaps a target's features (and the grade and count derived from them) in one transaction; false if it is gone. */
  replaceFeatures(targetId: string, features: Features, grade: number): boolean {
    return this.write(() => {
      const { changes } = this.db
        .prepare('UPDATE targets SET grade = ?, feature_count = ? WHERE target_id = ?')
        .run(grade, features.keypoints.length / 2, targetId)
      if (changes === 0) return false
      this.db
        .prepare(
          'UPDATE target_data SET feature_width = ?, feature_height = ?, keypoints = ?, descriptors = ?, indexed_count = ? WHERE target_id = ?',
        )
        .run(
          features.width,
          features.height,
          bytesOf(features.keypoints),
          Buffer.from(features.descriptors),
          features.indexed ?? null,
          targetId,
        )
      return true
    })
  }

  insert({ record, image, features }: StoredTarget): void {
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO targets (${RECORD_COLUMNS}) VALUES (@target_id, @name, @meta, @size, @active, @allow_similar, @grade, @width, @height, @feature_count, @created, @modified, @extra)`,
        )
        .run(toRow(record))
      this.writeData(record.targetId, image, features)
    })
  }

  /** Rewrites a target's row, and its image + features when given, in one transaction. */
  update(record: TargetRecord, data?: { image: Uint8Array; features: Features }): boolean {
    return this.write(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE targets SET name=@name, meta=@meta, size=@size, active=@active, allow_similar=@allow_similar, grade=@grade,
             width=@width, height=@height, feature_count=@feature_count, modified=@modified, extra=@extra WHERE target_id=@target_id`,
        )
        .run(toRow(record))
      if (changes === 0) return false
      if (data) this.writeData(record.targetId, data.image, data.features)
      return true
    })
  }

  delete(targetId: string): boolean {
    return this.write(() => this.db.prepare('DELETE FROM targets WHERE target_id = ?').run(targetId).changes > 0)
  }

  get(targetId: string): TargetRecord | undefined {
    const row = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM targets WHERE target_id = ?`).get(targetId) as TargetRow | undefined
    return row && fromRow(row)
  }

  getImage(targetId: string): Uint8Array | undefined {
    const row = this.db.prepare('SELECT image FROM target_data WHERE target_id = ?').get(targetId) as { image: Buffer } | undefined
    return row && new Uint8Array(row.image)
  }

  findByName(name: string): TargetRecord | undefined {
    const row = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM targets WHERE name = ? ORDER BY created, target_id LIMIT 1`).get(name) as
      | TargetRow
      | undefined
    return row && fromRow(row)
  }
  findAllByName(name: string, limit: number): TargetRecord[] {
    const rows = this.db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM targets WHERE name = ? ORDER BY created, target_id LIMIT ?`)
      .all(name, limit) as TargetRow[]
    return rows.map(fromRow)
  }

  /** Oldest first, so pages are stable while targets are added. */
  list(offset: number, limit: number): TargetRecord[] {
    const rows = this.db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM targets ORDER BY created, target_id LIMIT ? OFFSET ?`)
      .all(limit, offset) as TargetRow[]
    return rows.map(fromRow)
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM targets').get() as { n: number }).n
  }

  /** Every stored feature set, for building the in-memory index at open. */
  *allFeatures(): Generator<IndexEntry> {
    const rows = this.db.prepare(FEATURES_QUERY).iterate() as Iterable<FeatureRow>
    for (const row of rows) yield toIndexEntry(row)
  }

  /** One target's feature set as the index holds it, or undefined once it is gone. */
  indexEntry(targetId: string): IndexEntry | undefined {
    const row = this.db.prepare(`${FEATURES_QUERY} WHERE target_id = ?`).get(targetId) as FeatureRow | undefined
    return row && toIndexEntry(row)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  private writeData(targetId: string, image: Uint8Array, features: Features): void {
    this.db
      .prepare(
        `INSERT INTO target_data (target_id, image, feature_width, feature_height, keypoints, descriptors, indexed_count) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(target_id) DO UPDATE SET image=excluded.image, feature_width=excluded.feature_width,
           feature_height=excluded.feature_height, keypoints=excluded.keypoints, descriptors=excluded.descriptors,
           indexed_count=excluded.indexed_count`,
      )
      .run(
        targetId,
        Buffer.from(image),
        features.width,
        features.height,
        bytesOf(features.keypoints),
        Buffer.from(features.descriptors),
        features.indexed ?? null,
      )
  }
}

/** A target as the descriptor index needs it. */
export interface IndexEntry {
  targetId: string
  active: boolean
  features: Features
}

const FEATURES_QUERY =
  'SELECT d.target_id, t.active, d.feature_width, d.feature_height, d.keypoints, d.descriptors, d.indexed_count FROM target_data d JOIN targets t USING (target_id)'

function toIndexEntry(row: FeatureRow): IndexEntry {
  return {
    targetId: row.target_id,
    active: row.active === 1,
    features: {
      width: row.feature_width,
      height: row.feature_height,
      keypoints: new Float32Array(
        row.keypoints.buffer.slice(row.keypoints.byteOffset, row.keypoints.byteOffset + row.keypoints.byteLength),
      ),
      descriptors: new Uint8Array(row.descriptors),
      // A count outside the set (a hand-edited row) would slice the index from the wrong end: all then.
      ...(row.indexed_count !== null && row.indexed_count >= 0 && row.indexed_count <= row.keypoints.byteLength / 8
        ? { indexed: row.indexed_count }
        : {}),
    },
  }
}

function bytesOf(array: Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength)
}

function toRow(r: TargetRecord): TargetRow {
  return {
    target_id: r.targetId,
    name: r.name,
    meta: r.meta,
    size: r.size,
    active: r.active ? 1 : 0,
    allow_similar: r.allowSimilar ? 1 : 0,
    grade: r.grade,
    width: r.width,
    height: r.height,
    feature_count: r.featureCount,
    created: r.created,
    modified: r.modified,
    extra: JSON.stringify(r.extra),
  }
}

function fromRow(row: TargetRow): TargetRecord {
  return {
    targetId: row.target_id,
    name: row.name,
    meta: row.meta,
    size: row.size,
    active: row.active === 1,
    allowSimilar: row.allow_similar === 1,
    type: 'ImageTarget',
    grade: row.grade,
    width: row.width,
    height: row.height,
    featureCount: row.feature_count,
    created: row.created,
    modified: row.modified,
    extra: JSON.parse(row.extra) as Record<string, string>,
  }
}

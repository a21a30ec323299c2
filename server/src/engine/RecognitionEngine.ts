import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { hitScore, lookAlikes, pickHit } from './rankCandidates.ts'
import { FEATURE_RECIPE } from './tuning.ts'
import { TargetStore } from './TargetStore.ts'
import { checkCustomFields, checkTexts, validName, validSize } from './targetText.ts'
import {
  EngineError,
  type GradeReport,
  type NewTarget,
  type RecognitionEngineApi,
  type SearchOutcome,
  type SimilarEntry,
  type TargetPatch,
  type TargetRecord,
} from './types.ts'
import {
  DEFAULT_MAX_QUEUE_WAIT_MS,
  DEFAULT_MAX_QUEUED_SEARCHES,
  DEFAULT_WATCH_STORE_MS,
  type RecognitionEngineOptions,
} from './RecognitionEngineOptions.ts'
import type { IndexMessage } from './workerProtocol.ts'
import { WorkerPool } from './WorkerPool.ts'

/** EasyAR's default printed width (docs/crs-protocol.md §3). */
const DEFAULT_SIZE_CM = '20'
/** EasyAR caps list pages at 100 (docs/crs-protocol.md §3). */
const MAX_PAGE_SIZE = 100

/** Settings key of the recipe the stored features were extracted with. */
const RECIPE_KEY = 'featureRecipe'
/** Weight of the newest search in the running average of search time (≈ the last 10 searches). */
const RECENT_SEARCH_WEIGHT = 0.1

/** Counters for tests and logs: how much feature extraction this process has done. */
export interface EngineStats {
  /** Targets whose features were loaded from the database at open (no extraction). */
  loadedTargets: number
  /** Feature extractions for add/update since open. */
  extractions: number
  searches: number
  /** Searches refused with statusCode 21 because too many were already waiting. */
  shed: number
  /** Targets changed by another process and applied to the index since open. */
  followed: number
}

/**
 * The local CRS recognition engine: SQLite store + in-memory descriptor index + ORB/homography
 * verification in a worker pool.
 *
 * @example
 * const engine = await RecognitionEngine.open({ dbPath: 'data/targets.db' })
 * const { hit } = await engine.search(jpegBytes)
 * await engine.close()
 */
export class RecognitionEngine implements RecognitionEngineApi {
  readonly stats: EngineStats
  /** Running average of one search's work in a worker (ms); seeds the queue-wait estimate. */
  #recentSearchMs = 150
  /** Targets the workers' index holds (what a resync after a long gap must remove from it). */
  readonly #indexed: Set<string>
  #watch: NodeJS.Timeout | undefined
  private closed = false

  private constructor(
    private readonly store: TargetStore,
    private readonly pool: WorkerPool,
    loadedTargets: number,
    private readonly maxQueuedSearches: number,
    private readonly maxQueueWaitMs: number,
    watchStoreMs: number,
    private readonly warn: (msg: string) => void,
  ) {
    this.stats = { loadedTargets, extractions: 0, searches: 0, shed: 0, followed: 0 }
    this.#indexed = new Set(store.ids())
    // unref: following the store never keeps a process (a CLI command) alive on its own.
    if (watchStoreMs > 0) this.#watch = setInterval(() => this.followStore(), watchStoreMs).unref()
  }

  static async open({
    dbPath,
    workers = availableParallelism(),
    logger = () => {},
    warn = logger,
    lazyWorkers = false,
    maxQueuedSearches = DEFAULT_MAX_QUEUED_SEARCHES,
    maxQueueWaitMs = DEFAULT_MAX_QUEUE_WAIT_MS,
    watchStoreMs = DEFAULT_WATCH_STORE_MS,
  }: RecognitionEngineOptions): Promise<RecognitionEngine> {
    const store = new TargetStore(dbPath)
    try {
      // Each (re)started worker reads the index from the store when it is ready, so a worker
      // started late or replaced after a crash holds every target added in the meantime.
      const snapshot = (): IndexMessage[] => {
        const messages: IndexMessage[] = []
        for (const { targetId, active, features } of store.allFeatures()) messages.push({ type: 'upsert', targetId, active, features })
        return messages
      }
      const loadedTargets = store.count()
      // Features extracted with other settings still load, but match worse: say so, once.
      const recipe = store.getSetting(RECIPE_KEY)
      if (loadedTargets === 0 && recipe !== FEATURE_RECIPE) store.setSetting(RECIPE_KEY, FEATURE_RECIPE)
      else if (recipe !== FEATURE_RECIPE) {
        warn(
          `RecognitionEngine: the stored features were made with ${recipe ?? 'an older engine'}, this engine uses ${FEATURE_RECIPE}; run "crs reindex" to re-extract them`,
        )
      }
      const pool = new WorkerPool(workers, snapshot, warn)
      if (!lazyWorkers) {
        const started = performance.now()
        await pool.start()
        logger(`RecognitionEngine: ${loadedTargets} targets, ${pool.size} workers ready in ${Math.round(performance.now() - started)} ms`)
      }
      return new RecognitionEngine(store, pool, loadedTargets, maxQueuedSearches, maxQueueWaitMs, watchStoreMs, warn)
    } catch (error) {
      store.close()
      throw error
    }
  }

  async addTarget(input: NewTarget): Promise<TargetRecord> {
    this.assertOpen()
    const name = validName(input.name)
    checkTexts(input)
    checkCustomFields(input.extra ?? {})
    const prepared = await this.pool.run('prepareTarget', { image: input.image })
    this.stats.extractions++
    const allowSimilar = input.allowSimilar ?? false
    if (!allowSimilar) this.refuseSimilar(prepared.similar)
    const now = Date.now()
    const record: TargetRecord = {
      targetId: randomUUID(),
      name,
      meta: input.meta ?? '',
      size: input.size === undefined ? DEFAULT_SIZE_CM : validSize(input.size),
      active: input.active ?? true,
      allowSimilar,
      type: 'ImageTarget',
      grade: prepared.grade.grade,
      width: prepared.features.width,
      height: prepared.features.height,
      featureCount: prepared.features.keypoints.length / 2,
      created: now,
      modified: now,
      extra: { ...input.extra },
    }
    try {
      this.store.insert({ record, image: prepared.image, features: prepared.features })
    } catch (error) {
      throw new EngineError(417, `RecognitionEngine: failed to add target (${(error as Error).message})`)
    }
    this.pool.broadcast({ type: 'upsert', targetId: record.targetId, active: record.active, features: prepared.features })
    this.#indexed.add(record.targetId)
    return record
  }

  async updateTarget(targetId: string, patch: TargetPatch): Promise<TargetRecord> {
    this.assertOpen()
    const current = this.requireTarget(targetId)
    if (patch.name !== undefined) validName(patch.name)
    checkTexts(patch)
    checkCustomFields({ ...current.extra, ...patch.extra })
    const prepared = patch.image ? await this.pool.run('prepareTarget', { image: patch.image, excludeId: targetId }) : null
    if (prepared) this.stats.extractions++
    const allowSimilar = patch.allowSimilar ?? current.allowSimilar
    if (prepared && !allowSimilar) this.refuseSimilar(prepared.similar)
    // Re-read after the await: a concurrent delete must win, not be resurrected.
    const fresh = this.requireTarget(targetId)
    const record: TargetRecord = {
      ...fresh,
      name: patch.name === undefined ? fresh.name : validName(patch.name),
      meta: patch.meta ?? fresh.meta,
      size: patch.size === undefined ? fresh.size : validSize(patch.size),
      active: patch.active ?? fresh.active,
      allowSimilar,
      extra: { ...fresh.extra, ...patch.extra },
      modified: Math.max(Date.now(), fresh.modified + 1),
      ...(prepared && {
        grade: prepared.grade.grade,
        width: prepared.features.width,
        height: prepared.features.height,
        featureCount: prepared.features.keypoints.length / 2,
      }),
    }
    let updated: boolean
    try {
      updated = this.store.update(record, prepared ?? undefined)
    } catch (error) {
      // Like add: a full or read-only disk is a 417 naming SQLite's reason, not an "unexpected" 501.
      throw new EngineError(417, `RecognitionEngine: failed to update target (${(error as Error).message})`)
    }
    if (!updated) throw new EngineError(404, `RecognitionEngine: target ${targetId} not found`)
    if (prepared) this.pool.broadcast({ type: 'upsert', targetId, active: record.active, features: prepared.features })
    else if (record.active !== fresh.active) this.pool.broadcast({ type: 'setActive', targetId, active: record.active })
    return record
  }

  deleteTarget(targetId: string): boolean {
    this.assertOpen()
    let deleted: boolean
    try {
      deleted = this.store.delete(targetId)
    } catch (error) {
      // A full or read-only disk: 420 "Target delete failed" naming SQLite's reason, not an "unexpected" 501.
      throw new EngineError(420, `RecognitionEngine: failed to delete target (${(error as Error).message})`)
    }
    if (deleted) {
      this.pool.broadcast({ type: 'remove', targetId })
      this.#indexed.delete(targetId)
    }
    return deleted
  }

  /**
   * Applies what other processes changed in the store to the workers' index (see `watchStoreMs`).
   * Reads nothing but `PRAGMA data_version` while the store is idle.
   */
  followStore(): void {
    if (this.closed) return
    let changes: ReturnType<TargetStore['changedByOthers']>
    try {
      changes = this.store.changedByOthers()
    } catch (error) {
      // A locked or vanished file: the next look tries again; searches keep the index they have.
      this.warn(`RecognitionEngine: could not read the store's changes: ${(error as Error).message}`)
      return
    }
    if (!changes) return
    const ids = changes.all ? new Set([...this.store.ids(), ...this.#indexed]) : changes.ids
    for (const targetId of ids) {
      const entry = this.store.indexEntry(targetId)
      if (entry) {
        this.pool.broadcast({ type: 'upsert', ...entry })
        this.#indexed.add(targetId)
      } else if (this.#indexed.delete(targetId)) {
        this.pool.broadcast({ type: 'remove', targetId })
      }
      this.stats.followed++
    }
  }

  /**
   * Asks every worker to run a full garbage collection, where the process was started with
   * `--expose-gc` (the reliability suite's memory readings); a no-op otherwise. Resident memory
   * read after gc() on the main thread alone still held whatever garbage the two workers' heaps
   * had not collected yet, and swung by ±12 % between identical runs.
   */
  collectGarbage(): void {
    this.assertOpen()
    this.pool.broadcast({ type: 'collectGarbage' })
  }

  getTarget(targetId: string): TargetRecord | undefined {
    return this.store.get(targetId)
  }

  getTargetImage(targetId: string): Uint8Array | undefined {
    return this.store.getImage(targetId)
  }

  listTargets(pageNum: number, pageSize: number): TargetRecord[] {
    const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)))
    const page = Math.max(1, Math.floor(pageNum))
    const offset = (page - 1) * size
    // SQLite's OFFSET is 64-bit: pageNum=1e21 threw "datatype mismatch" (a 501). No row lives that far.
    if (!Number.isSafeInteger(offset)) return []
    return this.store.list(offset, size)
  }

  countTargets(): number {
    return this.store.count()
  }

  findTargetByName(name: string): TargetRecord | undefined {
    return this.store.findByName(name)
  }

  findTargetsByName(name: string, limit: number): TargetRecord[] {
    return this.store.findAllByName(name, limit)
  }

  async search(image: Uint8Array, signal?: AbortSignal): Promise<SearchOutcome> {
    this.assertOpen()
    const queued = this.pool.queued
    const expectedWaitMs = (queued * this.#recentSearchMs) / Math.max(1, this.pool.size)
    if (queued >= this.maxQueuedSearches || expectedWaitMs > this.maxQueueWaitMs) {
      this.stats.shed++
      throw new EngineError(21, `the recognizer is busy (${queued} searches waiting); try again shortly`)
    }
    const started = performance.now()
    const { candidates, timings } = await this.pool.run('search', { image }, signal)
    const workMs = timings.decodeMs + timings.extractMs + timings.matchMs + timings.verifyMs
    this.#recentSearchMs += (workMs - this.#recentSearchMs) * RECENT_SEARCH_WEIGHT
    this.stats.searches++
    const best = pickHit(candidates)
    // The worker only votes for active targets; re-check against the store in case a change raced the search.
    const contenders = (best ? lookAlikes(candidates, best) : [])
      .map((candidate) => ({ candidate, target: this.store.get(candidate.targetId) }))
      .filter((c): c is { candidate: typeof c.candidate; target: TargetRecord } => c.target?.active === true)
      .sort((a, b) => a.target.created - b.target.created)
    const chosen = contenders[0]
    const hit = chosen ? { target: chosen.target, inliers: chosen.candidate.inliers, score: hitScore(chosen.candidate.inliers) } : null
    return { hit, timings: { ...timings, totalMs: performance.now() - started } }
  }

  async similar(image: Uint8Array): Promise<SimilarEntry[]> {
    this.assertOpen()
    const { candidates } = await this.pool.run('similar', { image })
    return this.toEntries(candidates)
  }

  /** True when the stored features were extracted with other settings than this engine's (see `reindex`). */
  get featuresStale(): boolean {
    return this.store.count() > 0 && this.store.getSetting(RECIPE_KEY) !== FEATURE_RECIPE
  }

  /**
   * Re-extracts every target's features (and grade) from its stored image with this engine's
   * settings, one transaction per target, and updates the index as it goes: searches keep
   * working throughout. The recipe is recorded only when every target is done, so an interrupted
   * reindex is simply run again.
   */
  async reindex(onProgress: (done: number, total: number) => void = () => {}): Promise<{ targets: number; ms: number }> {
    this.assertOpen()
    const started = performance.now()
    const ids = this.store.ids()
    const total = ids.length
    let done = 0
    // Two at a time keeps both workers of a 2-core machine busy without flooding the queue.
    const next = async (): Promise<void> => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        const image = this.store.getImage(id)
        if (image) {
          const { features, grade } = await this.pool.run('extractTarget', { image })
          this.stats.extractions++
          const record = this.store.get(id)
          if (record && this.store.replaceFeatures(id, features, grade.grade)) {
            this.pool.broadcast({ type: 'upsert', targetId: id, active: record.active, features })
          }
        }
        onProgress(++done, total)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.pool.size) }, next))
    this.store.setSetting(RECIPE_KEY, FEATURE_RECIPE)
    return { targets: done, ms: Math.round(performance.now() - started) }
  }

  async grade(image: Uint8Array): Promise<GradeReport> {
    this.assertOpen()
    return this.pool.run('grade', { image })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.#watch)
    await this.pool.dispose()
    this.store.close()
  }

  private refuseSimilar(similar: readonly { targetId: string; inliers: number }[]): void {
    const entries = this.toEntries(similar)
    if (entries.length > 0) {
      const names = entries.map((e) => `${e.target.name} (${e.inliers} inliers)`).join(', ')
      throw new EngineError(419, `RecognitionEngine: similar target exists: ${names}`, 'image')
    }
  }

  private toEntries(candidates: readonly { targetId: string; inliers: number }[]): SimilarEntry[] {
    const entries: SimilarEntry[] = []
    for (const { targetId, inliers } of candidates) {
      const target = this.store.get(targetId)
      if (target) entries.push({ target, inliers, score: hitScore(inliers) })
    }
    return entries
  }

  private requireTarget(targetId: string): TargetRecord {
    const target = this.store.get(targetId)
    if (!target) throw new EngineError(404, `RecognitionEngine: target ${targetId} not found`)
    return target
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('RecognitionEngine: closed')
  }
}

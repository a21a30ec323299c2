import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { EngineError } from './types.ts'
import type { BroadcastMessage, IndexMessage, TaskMap, TaskType, WorkerReply } from './workerProtocol.ts'

/** A worker that has not loaded OpenCV by then is broken (load measures 0.2–0.3 s, docs/opencv-node-notes.md). */
const WORKER_START_TIMEOUT_MS = 30_000

/** Worker deaths in a row (no successful start in between) after which the pool stops replacing them. */
const MAX_RESPAWNS_IN_A_ROW = 3

const WORKER_ENTRY = new URL('./engineWorker.ts', import.meta.url)
/**
 * Node 20 does not apply `--import tsx/esm` hooks (worker execArgv) to the worker's own entry file
 * (ERR_UNKNOWN_FILE_EXTENSION ".ts", measured), so a plain-JS bootstrap registers tsx's hooks in the
 * worker first and then imports the .ts entry. Resolved from this file, never from process.cwd().
 */
const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry) })
  .catch((error) => { setImmediate(() => { throw error }) })
`

/**
 * URL of tsx's ESM API (`tsx/esm/api`, import condition). Its `register()` installs the .ts hooks in
 * the calling thread; plain `import 'tsx/esm'` skips registration inside workers on Node 20, and the
 * CJS build of the API resolves its loader to a missing path (both measured with tsx 4.23).
 * `createRequire` only sees the require condition, so the import target is read from tsx's exports map.
 */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url)
  const manifestPath = require.resolve('tsx/package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> }
  const target = manifest.exports['./esm/api']?.import?.default
  if (!target) throw new Error('WorkerPool: this tsx version has no ./esm/api import export')
  return pathToFileURL(join(dirname(manifestPath), target)).href
}

interface Job {
  id: number
  type: TaskType
  args: unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  signal?: AbortSignal | undefined
  onAbort?: () => void
}

interface Slot {
  worker: Worker
  job: Job | null
}

/**
 * A fixed pool of engine workers. Each worker is spawned from engineWorker.ts with tsx's ESM loader
 * in its execArgv, which works the same whether the parent runs under vitest, `tsx`, `node --import tsx`
 * or Vite's config loader (which bundles the config but keeps the original `import.meta.url`).
 */
export class WorkerPool {
  private readonly slots: Slot[] = []
  /** Every worker not yet exited, including those still loading OpenCV (not in `slots` yet). */
  private readonly spawned = new Set<Worker>()
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false
  private starting: Promise<void> | null = null
  /** Consecutive worker deaths without a successful start; bounds the respawn loop. */
  private failures = 0

  /**
   * @param size workers to run
   * @param initial the index every new worker must hold, read when the worker is ready (so a
   *   worker started or restarted later still sees every target added since the pool was made)
   */
  constructor(
    private readonly size_: number,
    private readonly initial: () => IndexMessage[],
    private readonly logger: (msg: string) => void,
  ) {}

  /** Starts every worker now (idempotent); resolves once they all loaded OpenCV and the index. */
  start(): Promise<void> {
    this.starting ??= Promise.all(Array.from({ length: Math.max(1, this.size_) }, () => this.spawn())).then(
      () => undefined,
      async (error: unknown) => {
        await this.dispose()
        throw error
      },
    )
    return this.starting
  }

  /** Jobs waiting for a worker (not counting the ones running). */
  get queued(): number {
    return this.queue.length
  }

  /** Workers running now. */
  get size(): number {
    return this.slots.length
  }

  /** Sends an index update (or a GC request) to every worker; each applies it before its next task. */
  broadcast(message: BroadcastMessage): void {
    for (const slot of this.slots) slot.worker.postMessage(message)
  }

  run<K extends TaskType>(type: K, args: TaskMap[K]['args'], signal?: AbortSignal): Promise<TaskMap[K]['result']> {
    if (this.closed) return Promise.reject(new Error('WorkerPool: closed'))
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, type, args, resolve: resolve as (v: unknown) => void, reject, signal }
      if (signal) {
        // Queued work is dropped on abort; a running job finishes in its worker but its answer is ignored.
        job.onAbort = () => {
          const queued = this.queue.indexOf(job)
          if (queued >= 0) this.queue.splice(queued, 1)
          reject(signal.reason)
        }
        signal.addEventListener('abort', job.onAbort, { once: true })
      }
      this.queue.push(job)
      if (!this.starting) this.start().catch((error: unknown) => this.failAll(error))
      this.pump()
    })
  }

  private failAll(error: unknown): void {
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error))
  }

  async dispose(): Promise<void> {
    this.closed = true
    const error = new Error('WorkerPool: closed')
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error))
    for (const slot of this.slots) if (slot.job) this.settle(slot.job, () => slot.job!.reject(error))
    this.slots.splice(0)
    // Workers still starting too: a CLI command whose one job ran on the first worker ready used
    // to close while the others loaded OpenCV; they kept the process alive and then read the
    // closed store ("The database connection is not open": exit code 7 after a success).
    await Promise.all([...this.spawned].map((worker) => worker.terminate()))
  }

  private spawn(): Promise<void> {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { tsxApi: tsxApiUrl(), entry: WORKER_ENTRY.href } })
    this.spawned.add(worker)
    const slot: Slot = { worker, job: null }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('WorkerPool: worker did not start in time')), WORKER_START_TIMEOUT_MS)
      worker.on('message', (reply: WorkerReply) => {
        if (reply.id === -1) {
          clearTimeout(timer)
          // Ready after dispose(): there is no index (nor store) to read any more.
          if (this.closed) {
            resolve()
            return
          }
          const initial = this.initial()
          if (initial.length > 0) worker.postMessage(initial)
          this.failures = 0
          this.slots.push(slot)
          this.pump()
          resolve()
          return
        }
        this.finish(slot, reply)
      })
      worker.on('error', (error) => {
        clearTimeout(timer)
        this.logger(`WorkerPool: worker error: ${error.stack ?? error.message}`)
        reject(error)
        if (slot.job) this.settle(slot.job, () => slot.job!.reject(error))
        slot.job = null
      })
      worker.on('exit', (code) => {
        clearTimeout(timer)
        this.spawned.delete(worker)
        // Before it was ready: nothing else settles this start, and the timer would hold the process for 30 s.
        reject(new Error(`WorkerPool: worker exited with code ${code} before it was ready`))
        const index = this.slots.indexOf(slot)
        if (index >= 0) this.slots.splice(index, 1)
        if (this.closed) return
        this.logger(`WorkerPool: worker exited with code ${code}`)
        if (slot.job) this.settle(slot.job, () => slot.job!.reject(new Error(`WorkerPool: worker exited with code ${code}`)))
        slot.job = null
        // Replace a worker that died (out of memory, a crash in WASM): a pool that shrinks to
        // zero would leave every later search queued until its timeout. Give up after a few
        // deaths in a row rather than spin.
        if (index >= 0 && ++this.failures <= MAX_RESPAWNS_IN_A_ROW) {
          this.spawn().catch((error: unknown) => this.logger(`WorkerPool: respawn failed: ${String(error)}`))
        } else if (this.slots.length === 0) {
          this.failAll(new Error('WorkerPool: no engine worker is running'))
        }
      })
    })
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue
      const job = this.queue.shift()
      if (!job) return
      slot.job = job
      slot.worker.postMessage({ type: job.type, id: job.id, args: job.args })
    }
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const job = slot.job
    slot.job = null
    if (job && job.id === reply.id) {
      this.settle(job, () => {
        if (reply.ok) job.resolve(reply.result)
        else {
          const { statusCode, message, field } = reply.error
          job.reject(
            statusCode ? new EngineError(statusCode as EngineError['statusCode'], message, field) : new Error(`engine worker: ${message}`),
          )
        }
      })
    }
    this.pump()
  }

  private settle(job: Job, action: () => void): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort)
    if (job.signal?.aborted) return // already rejected by the abort handler
    action()
  }
}

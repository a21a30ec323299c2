import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { EngineError } from './types.ts'
import type { IndexMessage, TaskMap, TaskType, WorkerReply } from './workerProtocol.ts'

/** A worker that has not loaded OpenCV by then is broken (load measures 0.2–0.3 s, machine-notes §4). */
const WORKER_START_TIMEOUT_MS = 30_000

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
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false

  private constructor(private readonly logger: (msg: string) => void) {}

  static async start(size: number, initial: IndexMessage[], logger: (msg: string) => void): Promise<WorkerPool> {
    const pool = new WorkerPool(logger)
    try {
      await Promise.all(Array.from({ length: Math.max(1, size) }, () => pool.spawn(initial)))
    } catch (error) {
      await pool.dispose()
      throw error
    }
    return pool
  }

  get size(): number {
    return this.slots.length
  }

  /** Sends an index update to every worker; each applies it before its next task. */
  broadcast(message: IndexMessage): void {
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
      this.pump()
    })
  }

  async dispose(): Promise<void> {
    this.closed = true
    const error = new Error('WorkerPool: closed')
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error))
    for (const slot of this.slots) if (slot.job) this.settle(slot.job, () => slot.job!.reject(error))
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()))
  }

  private spawn(initial: IndexMessage[]): Promise<void> {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { tsxApi: tsxApiUrl(), entry: WORKER_ENTRY.href } })
    const slot: Slot = { worker, job: null }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('WorkerPool: worker did not start in time')), WORKER_START_TIMEOUT_MS)
      worker.on('message', (reply: WorkerReply) => {
        if (reply.id === -1) {
          clearTimeout(timer)
          if (initial.length > 0) worker.postMessage(initial)
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
        if (!this.closed) this.logger(`WorkerPool: worker exited with code ${code}`)
        const index = this.slots.indexOf(slot)
        if (index >= 0) this.slots.splice(index, 1)
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
          job.reject(statusCode ? new EngineError(statusCode as EngineError['statusCode'], message, field) : new Error(`engine worker: ${message}`))
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

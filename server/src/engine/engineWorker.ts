/**
 * Worker-thread entry: owns one OpenCV instance and a copy of the descriptor index, and runs the
 * CPU-heavy work (decode, ORB, voting, homography) off the main event loop. Spawned by WorkerPool.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { decodeImage, normaliseTargetImage } from './decodeImage.ts'
import { extractFeatures, type Features } from './extractFeatures.ts'
import { gradeImage } from './gradeImage.ts'
import { loadOpenCv } from './loadOpenCv.ts'
import { rankCandidates } from './rankCandidates.ts'
import { queryFeatures, targetFeatures } from './searchFeatures.ts'
import { TargetIndex } from './TargetIndex.ts'
import { SIMILAR_MIN_INLIERS, TARGET_MAX_SIDE_PX, TARGET_NFEATURES, VERIFY_TOP_K } from './tuning.ts'
import { EngineError } from './types.ts'
import type { BroadcastMessage, TaskMap, TaskMessage, WorkerReply } from './workerProtocol.ts'

/** similar() looks a little deeper than search: it reports every look-alike, not just the winner. */
const SIMILAR_TOP_K = 8

const port = parentPort
if (!port) throw new Error('engineWorker: must run in a worker thread')

/**
 * Nice value for engine threads. On a 2-core booth laptop the workers keep every core busy under
 * load, and the HTTP thread (/ping, the target API, admission of new searches) then waits its
 * turn behind them; niced workers yield to it at once (bench/load.ts measures /ping under load).
 */
const WORKER_NICE = 10

/** Linux only, best effort: a thread is its own scheduling entity there, named by its TID. */
function lowerThreadPriority(): void {
  if (process.env.CRS_WORKER_NICE === '0') return
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, WORKER_NICE)
  } catch {
    // Not Linux, or not allowed: the workers run at normal priority.
  }
}
lowerThreadPriority()

const cv = await loadOpenCv()
const library = new TargetIndex()
const { index, targets } = library

const handlers: { [K in keyof TaskMap]: (args: TaskMap[K]['args']) => Promise<TaskMap[K]['result']> } = {
  async search({ image }) {
    const { features: query, decodeMs, extractMs } = await queryFeatures(cv, image)
    const { candidates, timings } = rankCandidates(cv, index, targets, query, { topK: VERIFY_TOP_K, activeOnly: true })
    return { candidates, timings: { decodeMs, extractMs, ...timings } }
  },
  async similar({ image }) {
    const { features: query } = await queryFeatures(cv, image)
    return { candidates: similarTo(query) }
  },
  async prepareTarget({ image, excludeId }) {
    const normalised = await normaliseTargetImage(image, TARGET_MAX_SIDE_PX)
    // Extract from the stored bytes themselves so a re-extraction after restart gives identical features.
    const { grey, upright, features } = await targetFeatures(cv, normalised)
    return { image: normalised, features, grade: gradeImage(grey, upright), similar: similarTo(upright, excludeId) }
  },
  async grade({ image }) {
    const grey = await decodeImage(image, TARGET_MAX_SIDE_PX)
    return gradeImage(grey, extractFeatures(cv, grey, TARGET_NFEATURES))
  },
  async extractTarget({ image }) {
    // The same steps as prepareTarget after normalising, so a reindex of unchanged settings is a no-op.
    const { grey, upright, features } = await targetFeatures(cv, image)
    return { features, grade: gradeImage(grey, upright) }
  },
}

function similarTo(query: Features, excludeId?: string) {
  const options =
    excludeId === undefined
      ? { topK: SIMILAR_TOP_K, activeOnly: false, exhaustive: true }
      : { topK: SIMILAR_TOP_K, activeOnly: false, excludeId, exhaustive: true }
  return rankCandidates(cv, index, targets, query, options).candidates.filter((c) => c.inliers >= SIMILAR_MIN_INLIERS)
}

function applyIndex(message: BroadcastMessage): void {
  if (message.type === 'collectGarbage') {
    // Only where the process runs with --expose-gc (memory measurements); a no-op elsewhere.
    ;(globalThis as { gc?: () => void }).gc?.()
  } else {
    library.apply(message)
  }
}

// Messages are handled strictly one at a time so index updates land before any later task.
let queue = Promise.resolve()
port.on('message', (message: BroadcastMessage | BroadcastMessage[] | TaskMessage) => {
  queue = queue.then(() => handle(message))
})

async function handle(message: BroadcastMessage | BroadcastMessage[] | TaskMessage): Promise<void> {
  if (Array.isArray(message)) return message.forEach(applyIndex)
  if (!('id' in message)) return applyIndex(message)
  let reply: WorkerReply
  try {
    const handler = handlers[message.type] as (args: unknown) => Promise<unknown>
    reply = { id: message.id, ok: true, result: await handler(message.args) }
  } catch (error) {
    // OpenCV's WASM throws bare numbers (C++ exception pointers), which have neither stack nor message.
    const text = error instanceof Error ? (error.stack ?? error.message) : `non-Error thrown: ${String(error)}`
    reply = {
      id: message.id,
      ok: false,
      error:
        error instanceof EngineError
          ? { message: error.message, statusCode: error.statusCode, ...(error.field ? { field: error.field } : {}) }
          : { message: text },
    }
  }
  port!.postMessage(reply)
}

port.postMessage({ id: -1, ok: true, result: 'ready' } satisfies WorkerReply)

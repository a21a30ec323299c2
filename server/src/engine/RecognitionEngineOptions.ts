/**
 * @module
 * What `RecognitionEngine.open()` takes, with the defaults and why each is what it is.
 */

/** Same default as the server config's `maxQueuedSearches` (CRS_MAX_QUEUE). */
export const DEFAULT_MAX_QUEUED_SEARCHES = 32
export const DEFAULT_MAX_QUEUE_WAIT_MS = 4000
export const DEFAULT_WATCH_STORE_MS = 500

export interface RecognitionEngineOptions {
  /** SQLite file, or ':memory:' for tests. Parent directories are created. */
  dbPath: string
  /** Worker threads for decode/ORB/matching. @default os.availableParallelism() */
  workers?: number
  logger?: (msg: string) => void
  /**
   * Where problems go: a store whose features need `crs reindex`, a crashed worker. The server
   * passes its log here and keeps `logger` (progress lines such as "workers ready") quiet.
   * @default logger
   */
  warn?: (msg: string) => void
  /**
   * Searches allowed to wait for a worker; one more is refused at once with statusCode 21 (EasyAR's
   * "Exceed your QPS limitation", HTTP 200) instead of queueing towards a timeout. A client that
   * gets 21 backs off (the app does); one that waits 10 s for a 408 has learnt nothing.
   * @default 32 (≈ 2–6 s of work on 2 workers)
   */
  maxQueuedSearches?: number
  /**
   * …and a search is also refused when the work already queued is expected to take longer than
   * this before it could start (queued × recent search time ÷ workers). On a slow or shared
   * machine a fixed count alone still let queued searches reach the HTTP timeout (measured with
   * bench/load.ts at 4 searches/s: 6 timeouts in 20 s). @default 4000
   */
  maxQueueWaitMs?: number
  /**
   * Start the workers on the first task that needs them instead of at open. For tools that may
   * only read or delete (the CLI's list/remove): loading OpenCV costs ~1–3 s per process.
   * @default false
   */
  lazyWorkers?: boolean
  /**
   * How often to look whether another process changed the store (`crs add` next to a running
   * server, a second server on the same file): one `PRAGMA data_version` per look, and the
   * changed targets' features read and sent to the workers only when something changed. 0 turns
   * it off. @default 500 (a target added elsewhere is searchable within ~0.5 s)
   */
  watchStoreMs?: number
}

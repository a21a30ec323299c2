/**
 * The capture → search loop. Over 400 lines on purpose: the state machine below, its timers and
 * the smart-capture gate decide together when the next request may go out, and the guarantees
 * (one request in flight, the interval, nothing while hidden, no stale answer) hold only if one
 * class owns all of them.
 *
 * States (`RecognitionStatus`):
 * ```
 * idle ─start()→ scanning ⇄ searching ─hit→ recognized ─markShowing()→ showing ─rescan()→ scanning
 *                   searching ─error→ backoff ─(delay)→ searching
 *                   searching ─21/402/429→ throttled ─(longer delay)→ searching
 *                   any running state ─page hidden→ paused ─visible→ (where it was)
 *                   searching ─config error→ config-error (loop stopped; rescan() retries)
 *                   searching ─402 + 21→ quota-exhausted (loop stopped; rescan() tries once more)
 * any ─stop()→ idle
 * ```
 * Guarantees: at most ONE request in flight, ever (the next tick is only scheduled once a cycle
 * has finished); request starts are at least `config.intervalMs` apart (read at every tick, so
 * the debug panel can tune it live, min 300 ms); zero requests while the page is hidden;
 * a stale answer (after `stop()`, `rescan()`, a pause or a newer cycle) never lands: each cycle
 * has a generation number checked after every `await`, and its `AbortSignal` is aborted.
 *
 * Smart capture (an enabled `gate`, see src/camera/SmartCapture.ts): every tick first asks the
 * gate about the current frame. A skipped frame (blurry, dark, flat, unchanged since the last
 * miss) is no request, no miss and no error: the loop looks again after `SKIP_RECHECK_MS`. A view
 * that moved and then settled on something new is sent at once, as soon as `MIN_SEARCH_INTERVAL_MS`
 * has passed since the last request start, instead of waiting for the interval. A frame skipped
 * as unchanged or blurry is still sent once `SMART_REFRESH_MS` has passed since the last request,
 * in case the gate is wrong about it.
 *
 * Events (`on(type, fn)` returns its unsubscribe, see src/core/Emitter.ts):
 * - `status` `{status, message}`: every state change
 * - `hit` `{target, meta}`: the CRS target and its raw (base64) meta; the loop has stopped
 * - `error` `{detail: {type, message, fatal}}`: each failed cycle (`fatal` for config errors)
 * - `telemetry` `{telemetry}`: counters, after every change
 *
 * Over 400 lines on purpose: one state machine, every transition of the diagram above in one
 * class, next to the streaks, timers and generation it touches.
 */
import type { CapturedFrame } from '../camera/captureFrame'
import type { GateVerdict, SkipReason } from '../camera/frameGate'
import type { AppConfig } from '../core/config'
import { MIN_SEARCH_INTERVAL_MS } from '../protocol/statusCodes'
import type { CrsTarget } from '../protocol/types'
import type { RecognitionStatus } from '../core/status'
import type { SearchClient, SearchResult } from './CrsClient'
import { Emitter } from '../core/Emitter'

/** Used when `config.intervalMs` is not a number. EasyAR's web sample polls every 1 s. */
export const DEFAULT_INTERVAL_MS = 1000
/** First error backoff (or the interval, if longer); doubles per consecutive error… */
export const BACKOFF_BASE_MS = 1000
/** …up to this cap. */
export const BACKOFF_CAP_MS = 30_000
/** Throttling (statusCode 21, HTTP 402/429) waits longer: the service asked us to slow down. */
export const THROTTLE_BASE_MS = 5000
export const THROTTLE_CAP_MS = 60_000
/** ± fraction of random jitter on every backoff, so a crowd of phones does not retry in step. */
export const BACKOFF_JITTER = 0.2
/** Pause between back-to-back requests when the server is slower than the interval. */
export const MIN_IDLE_GAP_MS = 100
/** Consecutive rejected frames (422/427/413) tolerated at the normal pace before backing off. */
export const BAD_FRAME_LIMIT = 3
/** Consecutive token failures (each already refreshed once) before giving up as a config error. */
export const TOKEN_FAILURE_LIMIT = 3
/**
 * Smart capture: how soon to look again after a skipped frame, and how often the gate is asked
 * while waiting for the interval (so a target coming into view is noticed within this, not a
 * whole interval later). A check costs well under 2 ms.
 */
export const SKIP_RECHECK_MS = 250
/**
 * Smart capture: a frame skipped as unchanged or blurry is sent anyway once this long has passed
 * since the last request (in case the gate is wrong about it): at most 10 requests a minute on a
 * static view. Dark and flat frames are never sent: there is nothing to recognize in them.
 */
export const SMART_REFRESH_MS = 6000

export type RecognitionErrorType = 'search-failed' | 'throttled' | 'token-rejected' | 'bad-frame' | 'capture-failed' | 'config'

export interface RecognitionErrorDetail {
  type: RecognitionErrorType
  message: string
  /** True when the loop has stopped (config errors). */
  fatal: boolean
  statusCode?: number
  httpStatus?: number
}

export type SkipCounts = Record<SkipReason, number>

export interface RecognitionTelemetry {
  /** HTTP search requests sent (a token refresh retry counts twice). */
  requestsSent: number
  /** Smart capture: checks that found the frame not worth sending, by reason (not requests). */
  skipped: SkipCounts
  /** Smart capture: requests sent before the interval because the view changed and settled. */
  settledSends: number
  /** Smart capture: duration of the last check (thumbnail + gate), ms; null when off. */
  lastCheckMs: number | null
  hits: number
  misses: number
  /** Failed cycles: retryable, token, config, bad-frame and capture errors (not throttling). */
  errors: number
  throttled: number
  lastRoundTripMs: number | null
  lastPayloadBytes: number | null
  lastFrame: { width: number; height: number; bytes: number } | null
  inFlight: boolean
  /** Consecutive failed cycles driving the current backoff. */
  consecutiveErrors: number
  /** Delay of the currently scheduled tick (ms), or null. */
  nextDelayMs: number | null
}

export interface RecognitionEventMap {
  status: { status: RecognitionStatus; message: string }
  hit: { target: CrsTarget; meta: string | undefined }
  error: { detail: RecognitionErrorDetail }
  telemetry: { telemetry: Readonly<RecognitionTelemetry> }
}

/** Smart capture's side of the loop; src/camera/SmartCapture.ts implements it. */
export interface CaptureGate {
  /** Read at every tick; false = the fixed-rate loop (`?smart=0`). */
  readonly enabled: boolean
  /** Verdict on the current frame; `null` = no frame to judge (the capture then decides). */
  assess(): GateVerdict | null
  /** The frame judged last is being sent. */
  noteSent(): void
  noteResult(kind: 'miss' | 'other'): void
  /** Scanning starts over: forget the frames seen. */
  reset(): void
}

/** `document` satisfies this; tests pass a fake. */
export interface VisibilitySource {
  readonly hidden: boolean
  addEventListener(type: 'visibilitychange', listener: () => void): void
  removeEventListener(type: 'visibilitychange', listener: () => void): void
}

export interface RecognitionControllerDeps {
  client: SearchClient
  /** Grabs the current frame; `null` = no frame yet (the tick is skipped, not an error). */
  capture: () => Promise<CapturedFrame | null>
  /** `intervalMs` is read live at every tick. */
  config: Pick<AppConfig, 'intervalMs'>
  /** Smart capture; absent = every tick sends a frame. */
  gate?: CaptureGate
  /** @default globalThis.document (never hidden when there is none) */
  visibility?: VisibilitySource
  /** Monotonic ms. @default performance.now */
  now?: () => number
  /** [0, 1) for jitter. @default Math.random */
  random?: () => number
  /** Parts built for this loop alone (frame and thumbnail canvases): disposed with it. */
  owned?: readonly { dispose(): void }[]
}

type WaitingStatus = 'scanning' | 'backoff' | 'throttled'

const NEVER_HIDDEN: VisibilitySource = { hidden: false, addEventListener() {}, removeEventListener() {} }

/** Exponential backoff with ± `BACKOFF_JITTER` jitter, capped. `attempt` starts at 1. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: number): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  const jittered = raw * (1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random)
  return Math.round(Math.min(capMs, jittered))
}

/**
 * @example
 * const tokens = new TokenProvider({ config })
 * const client = new CrsClient({ config, tokens })
 * const frames = new FrameCapture({ video, config })
 * const recognition = new RecognitionController({ client, capture: () => frames.capture(), config })
 * recognition.on('hit', ({ target, meta }) => {
 *   const result = decodeMeta(meta, { baseUrl: document.baseURI })
 *   if (result.ok) void content.show(result.value).then(() => recognition.markShowing())
 *   else recognition.rescan() // after telling the user `${target.name}: ${result.error.message}`
 * })
 * recognition.start()
 */
export class RecognitionController extends Emitter<RecognitionEventMap> {
  readonly #client: SearchClient
  readonly #capture: () => Promise<CapturedFrame | null>
  readonly #config: Pick<AppConfig, 'intervalMs'>
  readonly #gate: CaptureGate | null
  readonly #visibility: VisibilitySource
  readonly #now: () => number
  readonly #random: () => number
  readonly #owned: readonly { dispose(): void }[]

  #running = false
  #disposed = false
  #status: RecognitionStatus = 'idle'
  #message = ''
  /** Bumped whenever in-flight work must be forgotten (stop, pause, rescan, new cycle). */
  #generation = 0
  #abort: AbortController | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #dueAt = 0
  #waitingStatus: WaitingStatus = 'scanning'
  /** Where to go back to when the page becomes visible again. */
  #resume: { status: WaitingStatus; delayMs: number } | null = null
  #errorStreak = 0
  #throttleStreak = 0
  #tokenStreak = 0
  #badFrameStreak = 0
  /** When the last request left (monotonic ms), for the gate's pacing; null = none this scan. */
  #lastSentAt: number | null = null
  /** This tick's frame was judged by the gate (so the gate hears what became of it). */
  #gated = false
  readonly #telemetry: RecognitionTelemetry = {
    requestsSent: 0,
    skipped: { dark: 0, flat: 0, blurry: 0, unchanged: 0 },
    settledSends: 0,
    lastCheckMs: null,
    hits: 0,
    misses: 0,
    errors: 0,
    throttled: 0,
    lastRoundTripMs: null,
    lastPayloadBytes: null,
    lastFrame: null,
    inFlight: false,
    consecutiveErrors: 0,
    nextDelayMs: null,
  }

  constructor(deps: RecognitionControllerDeps) {
    super()
    this.#client = deps.client
    this.#capture = deps.capture
    this.#config = deps.config
    this.#gate = deps.gate ?? null
    this.#visibility = deps.visibility ?? (globalThis.document as VisibilitySource | undefined) ?? NEVER_HIDDEN
    this.#now = deps.now ?? (() => performance.now())
    this.#random = deps.random ?? Math.random
    this.#owned = deps.owned ?? []
  }

  get status(): RecognitionStatus {
    return this.#status
  }

  /** Why we are in the current status (error reason, config problem…); '' when nothing to say. */
  get statusMessage(): string {
    return this.#message
  }

  get telemetry(): Readonly<RecognitionTelemetry> {
    return { ...this.#telemetry, skipped: { ...this.#telemetry.skipped } }
  }

  /** Starts scanning (first search right away). Idempotent. */
  start(): void {
    if (this.#running || this.#disposed) return
    this.#running = true
    this.#visibility.addEventListener('visibilitychange', this.#onVisibilityChange)
    this.#begin()
  }

  /** Stops the loop, aborts the request in flight, drops its answer. Idempotent. */
  stop(): void {
    if (!this.#running) return
    this.#running = false
    this.#visibility.removeEventListener('visibilitychange', this.#onVisibilityChange)
    this.#cancel()
    this.#resume = null
    this.#setStatus('idle', '')
  }

  /** Resumes scanning after a hit (or retries after a config error); starts if stopped. */
  rescan(): void {
    if (this.#disposed) return
    if (!this.#running) {
      this.start()
      return
    }
    this.#cancel()
    this.#begin()
  }

  /** Tells the controller the recognized content is on screen (`recognized → showing`). */
  markShowing(): void {
    if (this.#status === 'recognized') this.#setStatus('showing', this.#message)
  }

  /** Stops for good. */
  dispose(): void {
    if (this.#disposed) return
    this.stop()
    this.#disposed = true
    for (const part of this.#owned) part.dispose()
    this.removeAllListeners()
  }

  // ── loop ──────────────────────────────────────────────────────────────────

  #begin(): void {
    this.#errorStreak = this.#throttleStreak = this.#tokenStreak = this.#badFrameStreak = 0
    this.#telemetry.consecutiveErrors = 0
    this.#lastSentAt = null
    this.#gate?.reset()
    if (this.#visibility.hidden) {
      this.#resume = { status: 'scanning', delayMs: 0 }
      this.#setStatus('paused', '')
      return
    }
    this.#schedule(0, 'scanning', '')
  }

  #schedule(delayMs: number, status: WaitingStatus, message: string): void {
    this.#clearTimer()
    this.#waitingStatus = status
    this.#dueAt = this.#now() + delayMs
    this.#telemetry.nextDelayMs = delayMs
    this.#timer = setTimeout(this.#tick, delayMs)
    this.#setStatus(status, message)
    this.#emitTelemetry()
  }

  readonly #tick = async (): Promise<void> => {
    this.#timer = null
    this.#telemetry.nextDelayMs = null
    if (!this.#running || this.#visibility.hidden) return
    if (!this.#gateAllows()) return
    const generation = ++this.#generation
    const abort = new AbortController()
    this.#abort = abort
    const startedAt = this.#now()

    let frame: CapturedFrame | null
    try {
      frame = await this.#capture()
    } catch (error) {
      if (generation !== this.#generation) return
      this.#fail('capture-failed', `capture failed: ${errorMessage(error)}`)
      return
    }
    if (generation !== this.#generation) return
    if (!frame) {
      // No video frame yet (camera warming up): not an error, just try again next tick.
      this.#schedule(this.#nextDelay(startedAt), 'scanning', 'waiting for camera frames')
      return
    }

    this.#telemetry.lastFrame = { width: frame.width, height: frame.height, bytes: frame.bytes }
    if (this.#gated) this.#gate?.noteSent()
    this.#telemetry.inFlight = true
    this.#setStatus('searching', '')
    this.#emitTelemetry()
    let result: SearchResult
    try {
      result = await this.#client.search(frame.image, abort.signal)
    } catch (error) {
      // SearchClient promises not to throw; a fake or a future client might.
      result = { kind: 'retryable', reason: errorMessage(error), roundTripMs: 0, payloadBytes: 0, attempts: 0, tokenRefreshed: false }
    }
    if (generation !== this.#generation) return
    this.#abort = null
    this.#telemetry.inFlight = false
    this.#telemetry.requestsSent += result.attempts
    if (result.attempts > 0) {
      this.#telemetry.lastRoundTripMs = result.roundTripMs
      this.#telemetry.lastPayloadBytes = result.payloadBytes
    }
    // Pace by when the request actually left, not when the tick began: a first cycle that also
    // fetched a token (or a slow capture) must not pull the next request closer than the interval.
    const sentAt = result.attempts > 0 ? Math.max(startedAt, this.#now() - result.roundTripMs) : startedAt
    if (result.attempts > 0) this.#lastSentAt = sentAt
    if (this.#gated) this.#gate?.noteResult(result.kind === 'miss' ? 'miss' : 'other')
    this.#handle(result, sentAt)
  }

  #handle(result: SearchResult, startedAt: number): void {
    const codes = {
      ...('statusCode' in result && result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      ...('httpStatus' in result && result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
    }
    switch (result.kind) {
      case 'hit':
        this.#telemetry.hits++
        this.#resetStreaks()
        this.#setStatus('recognized', result.target.name ?? result.target.targetId)
        this.#emitTelemetry()
        this.emit('hit', { target: result.target, meta: result.target.meta })
        return
      case 'miss':
        this.#telemetry.misses++
        this.#resetStreaks()
        // With smart capture the gate keeps watching between requests (a settled new view goes
        // out early); it still holds every frame back until the interval has passed.
        this.#schedule(
          this.#gate?.enabled ? Math.min(SKIP_RECHECK_MS, this.#nextDelay(startedAt)) : this.#nextDelay(startedAt),
          'scanning',
          '',
        )
        return
      case 'bad-frame':
        this.#badFrameStreak++
        if (this.#badFrameStreak >= BAD_FRAME_LIMIT) {
          this.#fail('bad-frame', `frame rejected ${this.#badFrameStreak}× in a row: ${result.reason}`, codes)
          return
        }
        this.#telemetry.errors++
        this.#emitError({ type: 'bad-frame', message: `frame rejected: ${result.reason}`, fatal: false, ...codes })
        this.#schedule(this.#nextDelay(startedAt), 'scanning', '')
        return
      case 'throttled': {
        this.#telemetry.throttled++
        if (result.scope === 'quota') {
          // EasyAR's daily quota (HTTP 402 + statusCode 21, docs/crs-protocol.md §1.4): every search
          // is refused until the quota resets the next day, so retrying only spends the phone's
          // battery and data. Stop, and say so; rescan() (a tap) tries once more.
          this.#stopFor('quota-exhausted', `daily quota exceeded: ${result.reason}`, 'throttled', codes)
          return
        }
        this.#throttleStreak++
        const delay = backoffDelay(this.#throttleStreak, Math.max(THROTTLE_BASE_MS, this.#interval()), THROTTLE_CAP_MS, this.#random())
        // The QPS limit (HTTP 200 + 21) or an HTTP 429 (no rate headers are documented): back
        // off, doubling from 5 s to a minute, with jitter so a crowd does not retry in step.
        const message = `too many requests: ${result.reason}`
        this.#emitError({ type: 'throttled', message, fatal: false, ...codes })
        this.#schedule(delay, 'throttled', message)
        return
      }
      case 'token-invalid':
        this.#tokenStreak++
        if (this.#tokenStreak >= TOKEN_FAILURE_LIMIT) {
          this.#configError(`the recognition service keeps rejecting the token (${result.reason})`, codes)
          return
        }
        this.#fail('token-rejected', `token rejected: ${result.reason}`, codes)
        return
      case 'config-error':
        this.#configError(result.reason, codes)
        return
      case 'retryable':
        this.#fail('search-failed', result.reason, codes)
        return
      case 'aborted':
        // Aborted by someone else while still current: carry on at the normal pace.
        this.#schedule(this.#nextDelay(startedAt), 'scanning', '')
        return
    }
  }

  /**
   * Asks the gate about the current frame. `true`: go on and send it. `false`: it is not worth a
   * request yet, and the next look has been scheduled.
   */
  #gateAllows(): boolean {
    this.#gated = false
    const gate = this.#gate
    if (!gate?.enabled) {
      this.#telemetry.lastCheckMs = null
      return true
    }
    const checkedAt = this.#now()
    const verdict = gate.assess()
    const now = this.#now()
    this.#telemetry.lastCheckMs = Math.round((now - checkedAt) * 100) / 100
    if (!verdict) return true
    this.#gated = true
    const since = this.#lastSentAt === null ? Infinity : now - this.#lastSentAt
    const interval = this.#interval()
    if (verdict.send) {
      const wait = (verdict.settled ? MIN_SEARCH_INTERVAL_MS : interval) - since
      if (wait <= 0) {
        if (since < interval) this.#telemetry.settledSends++
        return true
      }
      this.#schedule(Math.min(SKIP_RECHECK_MS, wait), 'scanning', '')
      return false
    }
    const reason = verdict.reason ?? 'unchanged'
    const refreshable = reason === 'unchanged' || reason === 'blurry'
    if (refreshable && since >= Math.max(SMART_REFRESH_MS, interval)) return true
    this.#telemetry.skipped[reason]++
    this.#schedule(SKIP_RECHECK_MS, 'scanning', '')
    return false
  }

  /** A failed cycle: count it, report it, back off. */
  #fail(type: RecognitionErrorType, message: string, codes: { statusCode?: number; httpStatus?: number } = {}): void {
    this.#abort = null
    this.#telemetry.inFlight = false
    this.#telemetry.errors++
    this.#errorStreak++
    this.#telemetry.consecutiveErrors = this.#errorStreak
    const delay = backoffDelay(this.#errorStreak, Math.max(BACKOFF_BASE_MS, this.#interval()), BACKOFF_CAP_MS, this.#random())
    this.#emitError({ type, message, fatal: false, ...codes })
    this.#schedule(delay, 'backoff', message)
  }

  #configError(message: string, codes: { statusCode?: number; httpStatus?: number }): void {
    this.#telemetry.errors++
    this.#stopFor('config-error', message, 'config', codes)
  }

  /** Stops the loop in a state only a rescan() leaves (a fatal error for the app to show). */
  #stopFor(
    status: 'config-error' | 'quota-exhausted',
    message: string,
    type: RecognitionErrorType,
    codes: { statusCode?: number; httpStatus?: number },
  ): void {
    this.#cancel()
    this.#emitError({ type, message, fatal: true, ...codes })
    this.#setStatus(status, message)
    this.#emitTelemetry()
  }

  #resetStreaks(): void {
    this.#errorStreak = this.#throttleStreak = this.#tokenStreak = this.#badFrameStreak = 0
    this.#telemetry.consecutiveErrors = 0
  }

  #interval(): number {
    const value = this.#config.intervalMs
    return Math.max(MIN_SEARCH_INTERVAL_MS, Number.isFinite(value) ? value : DEFAULT_INTERVAL_MS)
  }

  /** Keeps request starts `interval` apart; a slow server gets `MIN_IDLE_GAP_MS` of rest. */
  #nextDelay(startedAt: number): number {
    return Math.max(MIN_IDLE_GAP_MS, this.#interval() - (this.#now() - startedAt))
  }

  // ── visibility ────────────────────────────────────────────────────────────

  readonly #onVisibilityChange = (): void => {
    if (!this.#running) return
    if (this.#visibility.hidden) {
      const status = this.#status
      if (status !== 'scanning' && status !== 'searching' && status !== 'backoff' && status !== 'throttled') return
      // A request in flight is abandoned; waits keep their remaining time.
      this.#resume =
        status === 'searching'
          ? { status: 'scanning', delayMs: 0 }
          : { status: this.#waitingStatus, delayMs: Math.max(0, this.#dueAt - this.#now()) }
      this.#cancel()
      this.#setStatus('paused', '')
      this.#emitTelemetry()
    } else if (this.#status === 'paused') {
      const resume = this.#resume ?? { status: 'scanning' as const, delayMs: 0 }
      this.#resume = null
      this.#schedule(resume.delayMs, resume.status, resume.status === 'scanning' ? '' : this.#message)
    }
  }

  // ── plumbing ──────────────────────────────────────────────────────────────

  /** Forgets the cycle in flight and the scheduled tick. */
  #cancel(): void {
    this.#generation++
    this.#abort?.abort()
    this.#abort = null
    this.#clearTimer()
    this.#telemetry.inFlight = false
    this.#telemetry.nextDelayMs = null
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #setStatus(status: RecognitionStatus, message: string): void {
    if (status === this.#status && message === this.#message) return
    this.#status = status
    this.#message = message
    this.emit('status', { status, message })
  }

  #emitError(detail: RecognitionErrorDetail): void {
    this.emit('error', { detail })
  }

  #emitTelemetry(): void {
    this.emit('telemetry', { telemetry: this.telemetry })
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

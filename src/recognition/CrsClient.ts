/**
 * EasyAR CRS client-end search: `POST {clientEndUrl}/search` with `{image, appId, notracking}`
 * (notracking false while print tracking is on), `Content-Type: application/json;Charset=UTF-8`
 * and the raw token in `Authorization` (docs/crs-protocol.md §1.2). The body is always parsed,
 * whatever the HTTP status (a miss is HTTP 404 + statusCode 17), and classified by
 * `classifySearchResponse`.
 *
 * On `token-invalid` the client invalidates the token and retries ONCE with a fresh one;
 * a second token failure is returned to the caller (`tokenRefreshed: true`).
 * Never throws: every failure is an outcome.
 */
import type { AppConfig } from '../core/config'
import { classifySearchResponse, parseJsonBody, type SearchOutcome } from '../protocol/searchOutcome'
import type { SearchRequestBody } from '../protocol/types'
import { TokenError, type TokenSource } from './TokenProvider'

export type { SearchOutcome, SearchOutcomeKind } from '../protocol/searchOutcome'

export interface SearchMetrics {
  /** Duration of the last HTTP attempt, from sending to the parsed body (ms); 0 if none was sent. */
  roundTripMs: number
  /** UTF-8 bytes of the last request body; 0 if none was sent. */
  payloadBytes: number
  /** HTTP requests sent for this search (2 after a token refresh). */
  attempts: number
  /** Whether the token was refreshed (and the search retried) during this call. */
  tokenRefreshed: boolean
}

/** One outcome per kind (`hit`, `miss`, `retryable`, `throttled`, `token-invalid`, `config-error`, `bad-frame`, `aborted`), plus metrics. */
export type SearchResult = SearchOutcome & SearchMetrics

/** What the recognition controller needs; a fake implements it in tests. */
export interface SearchClient {
  search(image: string, signal?: AbortSignal): Promise<SearchResult>
}

export interface CrsClientDeps {
  /** Read live at each request (the debug panel may edit it). */
  /** `tracking`: ask for the print's image (`trackingImage`) with every hit (absent: not asked). */
  config: Pick<AppConfig, 'clientEndUrl' | 'requestTimeoutMs'> & Partial<Pick<AppConfig, 'tracking'>>
  tokens: TokenSource
  fetch?: typeof fetch
  /** Monotonic clock in ms for round trips. @default performance.now */
  now?: () => number
}

const TIMEOUT_REASON = 'CrsClient: request timed out'

export class CrsClient implements SearchClient {
  readonly #config: CrsClientDeps['config']
  readonly #tokens: TokenSource
  readonly #fetch: typeof fetch
  readonly #now: () => number
  readonly #encoder = new TextEncoder()

  constructor(deps: CrsClientDeps) {
    this.#config = deps.config
    this.#tokens = deps.tokens
    this.#fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#now = deps.now ?? (() => performance.now())
  }

  /**
   * Searches one frame.
   * @param image base64 JPEG/PNG without a `data:` prefix
   * @param signal aborts the search (→ `aborted`), combined with the request timeout
   */
  async search(image: string, signal?: AbortSignal): Promise<SearchResult> {
    const metrics: SearchMetrics = { roundTripMs: 0, payloadBytes: 0, attempts: 0, tokenRefreshed: false }
    let outcome = await this.#attempt(image, signal, metrics)
    if (outcome.kind === 'token-invalid' && this.#tokens.canRefresh) {
      metrics.tokenRefreshed = true
      outcome = await this.#attempt(image, signal, metrics)
    }
    return { ...outcome, ...metrics }
  }

  async #attempt(image: string, signal: AbortSignal | undefined, metrics: SearchMetrics): Promise<SearchOutcome> {
    if (signal?.aborted) return { kind: 'aborted' }
    let token: string
    let appId: string
    try {
      const info = await this.#tokens.getToken(signal)
      token = info.token
      appId = info.appId
    } catch (error) {
      if (signal?.aborted) return { kind: 'aborted' }
      if (error instanceof TokenError) {
        return error.kind === 'config-error'
          ? { kind: 'config-error', reason: error.message }
          : { kind: 'retryable', reason: error.message }
      }
      return { kind: 'retryable', reason: `CrsClient: token: ${errorMessage(error)}` }
    }

    // EasyAR returns `trackingImage` only with notracking false, and only on a hit: a miss costs
    // nothing extra. Without tracking, notracking true keeps hits small (as EasyAR advises).
    const requestBody: SearchRequestBody = { image, appId, notracking: !this.#config.tracking }
    const body = JSON.stringify(requestBody)
    metrics.payloadBytes = this.#encoder.encode(body).byteLength
    metrics.attempts += 1

    // One controller per attempt: aborted by our timeout or by the caller's signal.
    const controller = new AbortController()
    const onCallerAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onCallerAbort)
    const timeoutMs = this.#config.requestTimeoutMs
    const timer = setTimeout(() => controller.abort(new Error(TIMEOUT_REASON)), timeoutMs)
    const startedAt = this.#now()
    try {
      const response = await this.#fetch(searchUrl(this.#config.clientEndUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;Charset=UTF-8', Authorization: token },
        body,
        signal: controller.signal,
        cache: 'no-store',
      })
      const text = await response.text()
      metrics.roundTripMs = this.#now() - startedAt
      const outcome = classifySearchResponse(response.status, parseJsonBody(text))
      if (outcome.kind === 'token-invalid') this.#tokens.invalidate(token)
      return outcome
    } catch (error) {
      metrics.roundTripMs = this.#now() - startedAt
      if (signal?.aborted) return { kind: 'aborted' }
      if (controller.signal.aborted) return { kind: 'retryable', reason: `CrsClient: no answer within ${timeoutMs} ms (timeout)` }
      return { kind: 'retryable', reason: `CrsClient: network error: ${errorMessage(error)}` }
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onCallerAbort)
    }
  }
}

/** `{clientEndUrl}/search`; '' = same origin (`/search`). A trailing slash is tolerated. */
export function searchUrl(clientEndUrl: string): string {
  return `${clientEndUrl.trim().replace(/\/+$/, '')}/search`
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

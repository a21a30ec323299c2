/**
 * Supplies the CRS token for `Authorization`. Nothing secret is bundled: either a fixed
 * (public test) token from config, or a token fetched at run time from our own token URL
 * (EasyAR: "generate tokens on a server", docs/crs-protocol.md §2.1).
 *
 * - `config.tokenUrl` set → URL mode (it wins over `config.token`): `POST {tokenUrl}`, answer
 *   `{statusCode: 0, result: {token, expiration, appId}}` or a bare `{token, expiration, appId}`
 *   (`crsAppId` and `expires` seconds are accepted too, as EasyAR's own helper sends them).
 * - else `config.token` → fixed mode (never refreshed; `invalidate()` is a no-op).
 * - neither → `getToken()` throws a config `TokenError`.
 *
 * Cached, refreshed lazily on the next `getToken()` once inside the refresh margin
 * (`min(60 s, 10% of lifetime)` before expiry), and after `invalidate()`. Concurrent callers
 * share one request (single flight); aborting one caller's signal does not cancel it for others.
 */
import type { AppConfig } from '../core/config'

/** Refresh this long before expiry at most… */
export const TOKEN_REFRESH_MARGIN_MS = 60_000
/** …or this fraction of the token lifetime, whichever is smaller (short test tokens). */
export const TOKEN_REFRESH_MARGIN_FRACTION = 0.1
/** Lifetime assumed when an answer's expiry is already past by our clock (device clock skew). */
export const SKEWED_TOKEN_CACHE_MS = 30_000

export interface TokenInfo {
  token: string
  /** The appId to send with searches: the token answer's, else config's. */
  appId: string
  /** Local `now()` time at which we stop using the token; `null` = until invalidated. */
  refreshAt: number | null
}

export type TokenErrorKind = 'retryable' | 'config-error'

/** Thrown by `getToken()`; `kind` tells the caller whether retrying later can help. */
export class TokenError extends Error {
  override readonly name = 'TokenError'
  constructor(
    readonly kind: TokenErrorKind,
    message: string,
  ) {
    super(`TokenProvider: ${message}`)
  }
}

export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<TokenInfo>
  /** Forget the cached token. Pass the rejected token so a fresher one is not dropped. */
  invalidate(rejectedToken?: string): void
  /** Whether a new, different token can be obtained (URL mode). */
  readonly canRefresh: boolean
}

export interface TokenProviderDeps {
  /** Read live at each fetch. */
  config: Pick<AppConfig, 'token' | 'tokenUrl' | 'appId' | 'requestTimeoutMs'>
  fetch?: typeof fetch
  /** Wall clock in epoch ms (injectable for tests); compared with `expiration`. @default Date.now */
  now?: () => number
}

export class TokenProvider implements TokenSource {
  readonly #config: TokenProviderDeps['config']
  readonly #fetch: typeof fetch
  readonly #now: () => number
  #cached: TokenInfo | null = null
  #inflight: Promise<TokenInfo> | null = null

  constructor(deps: TokenProviderDeps) {
    this.#config = deps.config
    this.#fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#now = deps.now ?? Date.now
  }

  get canRefresh(): boolean {
    return this.#config.tokenUrl.trim() !== ''
  }

  /** Resolves with a usable token; rejects with `TokenError` or the signal's abort reason. */
  async getToken(signal?: AbortSignal): Promise<TokenInfo> {
    signal?.throwIfAborted()
    if (!this.canRefresh) {
      const token = this.#config.token.trim()
      if (token === '') throw new TokenError('config-error', 'no token configured (set tokenUrl or token)')
      return { token, appId: this.#config.appId, refreshAt: null }
    }
    const cached = this.#cached
    if (cached && (cached.refreshAt === null || this.#now() < cached.refreshAt)) return cached
    this.#inflight ??= this.#fetchToken().finally(() => {
      this.#inflight = null
    })
    return signal ? raceAbort(this.#inflight, signal) : this.#inflight
  }

  invalidate(rejectedToken?: string): void {
    if (rejectedToken === undefined || this.#cached?.token === rejectedToken) this.#cached = null
  }

  async #fetchToken(): Promise<TokenInfo> {
    const url = this.#config.tokenUrl.trim()
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.#config.requestTimeoutMs)
    const startedAt = this.#now()
    let response: Response
    let text: string
    try {
      response = await this.#fetch(url, { method: 'POST', signal: controller.signal, cache: 'no-store' })
      text = await response.text()
    } catch (error) {
      const why = controller.signal.aborted ? `timed out after ${this.#config.requestTimeoutMs} ms` : errorMessage(error)
      throw new TokenError('retryable', `token request to ${url} failed: ${why}`)
    } finally {
      clearTimeout(timer)
    }
    const info = this.#parse(url, response.status, text, startedAt)
    this.#cached = info
    return info
  }

  #parse(url: string, httpStatus: number, text: string, fetchedAt: number): TokenInfo {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    const record = isRecord(body) ? body : undefined
    if (httpStatus < 200 || httpStatus >= 300 || !record) {
      const what = `token URL ${url} answered HTTP ${httpStatus}${record ? '' : ' with a non-JSON body'}`
      const permanent = httpStatus === 400 || httpStatus === 401 || httpStatus === 403 || httpStatus === 404 || httpStatus === 405
      throw new TokenError(permanent ? 'config-error' : 'retryable', what)
    }
    if (typeof record.statusCode === 'number' && record.statusCode !== 0) {
      const message =
        typeof record.msg === 'string'
          ? record.msg
          : isRecord(record.result) && typeof record.result.message === 'string'
            ? record.result.message
            : ''
      // 4001025 "Token generate fail" is transient; the other STS codes are key/ACL problems.
      const kind: TokenErrorKind = record.statusCode === 4001025 ? 'retryable' : 'config-error'
      throw new TokenError(kind, `token service answered statusCode ${record.statusCode}${message ? `: ${message}` : ''}`)
    }
    const payload = isRecord(record.result) ? record.result : record
    const token = payload.token
    if (typeof token !== 'string' || token.trim() === '') {
      throw new TokenError('retryable', `token answer from ${url} has no "token"`)
    }
    const appIdRaw = payload.appId ?? payload.crsAppId
    const appId = typeof appIdRaw === 'string' && appIdRaw !== '' ? appIdRaw : this.#config.appId
    return { token, appId, refreshAt: this.#refreshAt(payload, record, fetchedAt) }
  }

  #refreshAt(payload: Record<string, unknown>, envelope: Record<string, unknown>, fetchedAt: number): number | null {
    const expiresAt = parseExpiration(payload.expiration)
    let lifetimeMs: number | undefined
    if (expiresAt !== undefined) {
      // Prefer the server's own clock when it tells us ("timestamp"): device clocks drift.
      const serverNow = typeof envelope.timestamp === 'number' ? envelope.timestamp : fetchedAt
      lifetimeMs = expiresAt - serverNow
    } else if (typeof payload.expires === 'number' && payload.expires > 0) {
      lifetimeMs = payload.expires * 1000
    }
    if (lifetimeMs === undefined) return null
    if (lifetimeMs <= 0) return fetchedAt + SKEWED_TOKEN_CACHE_MS
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs * TOKEN_REFRESH_MARGIN_FRACTION)
    return fetchedAt + lifetimeMs - margin
  }
}

/** ISO string (also EasyAR's `+0000` offsets, which Safari cannot parse) or epoch ms. */
export function parseExpiration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const normalized = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(normalized)
  return Number.isFinite(ms) ? ms : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Lets one caller stop waiting without cancelling the shared request. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

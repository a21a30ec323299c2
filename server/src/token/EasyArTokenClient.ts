/**
 * @module
 * Mints real EasyAR Cloud Tokens from the EasyAR STS (`POST /token/v2`), signed with the API key
 * and secret, and caches each token until shortly before it expires. Concurrent callers share one
 * in-flight request (single-flight), so a burst of page loads costs one STS call.
 * @see docs/crs-protocol.md §2.2
 */
import type { TokenResponse } from '../../../src/protocol/types.ts'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import { signRequest } from '../auth/signature.ts'
import { type Clock, systemClock } from '../core/Clock.ts'
import { CrsError } from '../core/CrsError.ts'

/** EasyAR's public STS endpoint (China; `https://uac-na1.easyar.com/token/v2` for North America). */
export const DEFAULT_EASYAR_TOKEN_URL = 'https://uac.easyar.com/token/v2'
/** Refresh this long before `expiration`, so a token handed out still has time to be used. */
const REFRESH_MARGIN_MS = 60_000
/** An STS call that takes longer than this fails with statusCode 19. */
const STS_TIMEOUT_MS = 10_000

export interface EasyArTokenClientOptions {
  apiKey: string
  apiSecret: string
  /** CRS AppId the token is scoped to (READ permission on `ecs:crs`). */
  appId: string
  /** Requested token lifetime in seconds. */
  expiresS: number
  url?: string
  clock?: Clock
  fetch?: typeof fetch
}

interface StsAnswer {
  statusCode?: number
  msg?: string
  result?: { token?: string; expiration?: string; expires?: number } | null
}

export class EasyArTokenClient {
  readonly #options: Required<Omit<EasyArTokenClientOptions, 'clock' | 'fetch'>>
  readonly #clock: Clock
  readonly #fetch: typeof fetch
  #cached: { token: TokenResponse; refreshAt: number } | undefined
  #inFlight: Promise<TokenResponse> | undefined

  constructor(options: EasyArTokenClientOptions) {
    this.#options = { url: DEFAULT_EASYAR_TOKEN_URL, ...options }
    this.#clock = options.clock ?? systemClock
    this.#fetch = options.fetch ?? fetch
  }

  /** A cached token while it is fresh, otherwise one new STS call shared by all waiters. */
  async getToken(): Promise<TokenResponse> {
    if (this.#cached && this.#clock.now() < this.#cached.refreshAt) return this.#cached.token
    this.#inFlight ??= this.#request().finally(() => {
      this.#inFlight = undefined
    })
    return this.#inFlight
  }

  async #request(): Promise<TokenResponse> {
    const { apiKey, apiSecret, appId, expiresS, url } = this.#options
    const acl = JSON.stringify([{ service: 'ecs:crs', resource: [appId], effect: 'Allow', permission: ['READ'] }])
    const requestedAt = this.#clock.now()
    const body = signRequest({ apiKey, expires: expiresS, acl }, apiSecret, requestedAt)

    let answer: StsAnswer
    try {
      const res = await this.#fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(STS_TIMEOUT_MS),
      })
      answer = (await res.json()) as StsAnswer
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new CrsError(StatusCode.RPC_ERROR, `EasyAR token service unreachable: ${reason}`)
    }
    const token = answer.result?.token
    if (answer.statusCode !== 0 || typeof token !== 'string' || token === '') {
      throw new CrsError(
        typeof answer.statusCode === 'number' && answer.statusCode !== 0 ? answer.statusCode : StatusCode.RPC_ERROR,
        `EasyAR token service: ${answer.msg ?? 'no token in the answer'}`,
        { httpStatus: 502 },
      )
    }
    const parsed = Date.parse(answer.result?.expiration ?? '')
    const expiresAt = Number.isFinite(parsed) ? parsed : requestedAt + (answer.result?.expires ?? expiresS) * 1000
    const lifetime = expiresAt - requestedAt
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 10)
    const result: TokenResponse = { token, expiration: new Date(expiresAt).toISOString(), appId }
    this.#cached = { token: result, refreshAt: expiresAt - margin }
    return result
  }
}

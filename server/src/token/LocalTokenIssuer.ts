/**
 * @module
 * Local access tokens for the local CRS: `crs1.<payload>.<mac>`, where payload is base64url JSON
 * `{appId, scope, iat, exp, nonce}` and mac is HMAC-SHA256 over `crs1.<payload>`. Stateless: any process
 * that shares the HMAC key (derived from the API secret) accepts them until `exp`, so a token
 * minted by `crs token` works against `crs serve` started with the same secret.
 *
 * `scope` is `search` (what `/token` hands a page) or `operator` (`crs token --operator`, for the
 * target API). The MAC covers it, and a token without one (minted before scopes) may only search.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { TokenResponse } from '../../../src/protocol/types.ts'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import type { Scope, TokenCheck, TokenVerifier } from '../auth/authenticate.ts'
import { safeEqual } from '../auth/signature.ts'
import { type Clock, systemClock } from '../core/Clock.ts'

const PREFIX = 'crs1'

interface TokenPayload {
  appId: string
  scope: Scope
  iat: number
  exp: number
  nonce: string
}

export interface LocalTokenIssuerOptions {
  /** Secret the HMAC key is derived from (the local API secret). */
  secret: string
  appId: string
  /** Lifetime of minted tokens in seconds. */
  ttlS: number
  clock?: Clock
}

export class LocalTokenIssuer implements TokenVerifier {
  readonly #key: Buffer
  readonly #appId: string
  readonly #ttlMs: number
  readonly #clock: Clock

  constructor(options: LocalTokenIssuerOptions) {
    // Domain-separated so the HMAC key is never the raw API secret.
    this.#key = createHash('sha256').update(`crs-local-token:${options.secret}`).digest()
    this.#appId = options.appId
    this.#ttlMs = Math.max(1, options.ttlS) * 1000
    this.#clock = options.clock ?? systemClock
  }

  /** @param scope `search` for a page; `operator` only for the people who run the library. */
  mint(scope: Scope = 'search'): TokenResponse {
    const iat = this.#clock.now()
    const payload: TokenPayload = {
      appId: this.#appId,
      scope,
      iat,
      exp: iat + this.#ttlMs,
      nonce: randomBytes(9).toString('base64url'),
    }
    const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
    return {
      token: `${body}.${this.#mac(body)}`,
      expiration: new Date(payload.exp).toISOString(),
      appId: this.#appId,
    }
  }

  /** Checks the MAC first (6 invalid token), then the expiry (4001024 token expired). */
  verify(token: string): TokenCheck {
    const invalid = { ok: false, statusCode: StatusCode.INVALID_TOKEN } as const
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== PREFIX) return invalid
    const body = `${parts[0]}.${parts[1]}`
    if (!safeEqual(this.#mac(body), parts[2] ?? '')) return invalid
    let payload: Partial<TokenPayload>
    try {
      payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'))
    } catch {
      return invalid
    }
    if (typeof payload.exp !== 'number' || typeof payload.appId !== 'string') return invalid
    if (this.#clock.now() >= payload.exp) return { ok: false, statusCode: StatusCode.TOKEN_EXPIRED }
    const scope = payload.scope === 'operator' ? 'operator' : 'search'
    return { ok: true, appId: payload.appId, expiresAt: payload.exp, scope }
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url')
  }
}

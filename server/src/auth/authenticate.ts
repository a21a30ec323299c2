/**
 * @module
 * Request authentication, like EasyAR CRS:
 * - token: `Authorization: <token>` (a leading "Bearer " is tolerated) plus an optional `appId`
 *   param that must name this library;
 * - signature: `apiKey`, `appId`, `timestamp` (ms, ±5 min) and `signature` params, signed over all
 *   params with or without `image` (EasyAR's docs and SDKs disagree; both are accepted); the older
 *   `appKey` + `timestamp` + `signature` (no `appId`) is checked against the same key pair.
 *
 * Two kinds of credentials, as EasyAR has them: what a page holds (a visitor token from `/token`,
 * the fixed `--token`) may only search; the target API needs the API key signature or an operator
 * token (`crs token --operator`), whose scope is inside its MAC so a visitor token cannot be
 * upgraded.
 */
import { SIGNATURE_WINDOW_MS, StatusCode } from '../../../src/protocol/statusCodes.ts'
import type { Clock } from '../core/Clock.ts'
import { CrsError } from '../core/CrsError.ts'
import { type SignableValue, safeEqual, signParams } from './signature.ts'

/** What checking a local token tells: whose library it was minted for, or why it is refused. */
export type TokenCheck =
  | { ok: true; appId: string; expiresAt: number; scope: Scope }
  | { ok: false; statusCode: typeof StatusCode.INVALID_TOKEN | typeof StatusCode.TOKEN_EXPIRED }

/** What a credential may do: `search` only (a page's token), or everything (`operator`). */
export type Scope = 'search' | 'operator'

/**
 * Whatever verifies local tokens (token/LocalTokenIssuer.ts). Declared here, by its one use, so
 * auth never imports the token module that builds on it.
 */
export interface TokenVerifier {
  verify(token: string): TokenCheck
}

export interface AuthOptions {
  appId: string
  apiKey: string
  apiSecret: string
  /** A fixed token that never expires (`--token` / `CRS_TOKEN`); it may only search. */
  fixedToken: string | undefined
  /** A fixed token that never expires and may also manage targets (`CRS_OPERATOR_TOKEN`). */
  operatorToken?: string | undefined
  localTokens: TokenVerifier
  clock: Clock
}

export type AuthMode = 'token' | 'signature'

/** Request params as received; only strings, numbers and booleans take part in signatures. */
export type RequestParams = Record<string, unknown>

function signable(params: RequestParams, omit?: string): Record<string, SignableValue> {
  const out: Record<string, SignableValue> = {}
  for (const [key, value] of Object.entries(params)) {
    if (key === omit) continue
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value
    }
  }
  return out
}

export const SEARCH_ONLY =
  'invalid token: this token may only search; the target API needs the API key signature or an operator token (crs token --operator)'

export function createAuthenticator(options: AuthOptions) {
  const { appId, clock } = options

  function checkAppId(given: unknown, required: boolean): void {
    if (given === undefined && !required) return
    if (typeof given !== 'string' || !safeEqual(given, appId)) {
      throw new CrsError(StatusCode.APP_ID_NOT_EXIST)
    }
  }

  function byToken(header: string, params: RequestParams): Scope {
    const token = header.replace(/^Bearer\s+/i, '').trim()
    if (token === '') throw new CrsError(StatusCode.INVALID_TOKEN)
    if (options.operatorToken !== undefined && safeEqual(token, options.operatorToken)) {
      checkAppId(params.appId, false)
      return 'operator'
    }
    if (options.fixedToken !== undefined && safeEqual(token, options.fixedToken)) {
      checkAppId(params.appId, false)
      return 'search'
    }
    const check = options.localTokens.verify(token)
    if (!check.ok) throw new CrsError(check.statusCode)
    // The token is bound to the library it was minted for.
    if (!safeEqual(check.appId, appId)) throw new CrsError(StatusCode.INVALID_TOKEN)
    checkAppId(params.appId, false)
    return check.scope
  }

  function bySignature(params: RequestParams): void {
    const { timestamp, signature } = params
    // `appKey` instead of `apiKey` + `appId`: the older scheme the Node.js and Java SDKs still
    // carry ("for EasyAR SDK 3.x and lower"); here it names the same key pair.
    const legacy = params.apiKey === undefined && params.appKey !== undefined
    const apiKey = legacy ? params.appKey : params.apiKey
    if (typeof apiKey !== 'string' || !safeEqual(apiKey, options.apiKey)) {
      throw new CrsError(StatusCode.INVALID_APP_ID)
    }
    checkAppId(params.appId, !legacy)
    const ms = typeof timestamp === 'number' ? timestamp : Number(timestamp)
    if (
      (typeof timestamp !== 'number' && typeof timestamp !== 'string') ||
      !Number.isFinite(ms) ||
      Math.abs(clock.now() - ms) > SIGNATURE_WINDOW_MS
    ) {
      throw new CrsError(StatusCode.INVALID_DATE)
    }
    if (typeof signature !== 'string') throw new CrsError(StatusCode.INVALID_SIGNATURE)
    const given = signature.toLowerCase()
    const withImage = safeEqual(given, signParams(signable(params), options.apiSecret))
    const withoutImage = safeEqual(given, signParams(signable(params, 'image'), options.apiSecret))
    if (!withImage && !withoutImage) throw new CrsError(StatusCode.INVALID_SIGNATURE)
  }

  /**
   * Throws a `CrsError` (6, 4001024, 1, 2, 3 or 4) unless the request is authentic, and 6 with
   * HTTP 403 when its credential may not do what `need` says (a visitor token on the target API).
   * @param authorization the raw `Authorization` header
   * @param params body fields (JSON or form) merged over query params
   * @param need `search` for the client-end search routes, `operator` for everything else
   */
  return function authenticate(authorization: string | undefined, params: RequestParams, need: Scope): AuthMode {
    if (authorization !== undefined && authorization.trim() !== '') {
      if (byToken(authorization, params) === 'search' && need === 'operator')
        throw new CrsError(StatusCode.INVALID_TOKEN, SEARCH_ONLY, { httpStatus: 403 })
      return 'token'
    }
    if (params.signature !== undefined || params.apiKey !== undefined || params.appKey !== undefined) {
      bySignature(params)
      return 'signature'
    }
    throw new CrsError(StatusCode.INVALID_TOKEN)
  }
}

export type Authenticate = ReturnType<typeof createAuthenticator>

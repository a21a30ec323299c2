/**
 * @module
 * The local EasyAR-CRS-compatible HTTP app: a pure Hono value, no sockets. `main.ts`, the CLI and
 * the Vite plugin serve it; tests call `app.request()`.
 *
 * Every answer, errors included, is a CRS envelope `{statusCode, result, date, timestamp}`.
 */
import type { IncomingMessage } from 'node:http'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { MAX_IMAGE_BYTES, StatusCode, StatusMessage } from '../../../src/protocol/statusCodes.ts'
import { createAuthenticator } from '../auth/authenticate.ts'
import { resolveConfig } from '../config.ts'
import { engineReason, type RecognitionEngineApi } from '../engine/types.ts'
import { LocalTokenIssuer } from '../token/LocalTokenIssuer.ts'
import { type TokenService, createTokenService } from '../token/TokenService.ts'
import { crsCors } from './cors.ts'
import { hostCheck, ownHostNames } from './hostCheck.ts'
import { type Clock, systemClock } from '../core/Clock.ts'
import { CrsError, parameterError } from '../core/CrsError.ts'
import { sendError, sendOk } from './envelope.ts'
import { TokenBucketLimiter } from './rateLimit.ts'
import { registerSearchRoutes } from './routes/search.ts'
import { registerTargetRoutes } from './routes/targets.ts'
import { registerTokenRoutes } from './routes/token.ts'
import type { AppConfig, Services } from './services.ts'

/** Raw body cap for search and small JSON calls: a 2 MB image in base64 (×4/3) plus fields. */
export const SEARCH_BODY_LIMIT_BYTES = 3 * 1024 * 1024
/**
 * Raw body cap for target writes: a 2 MB image in base64 plus up to 2 MB of meta as JSON may spell
 * it. Meta is measured after decoding (UTF-8 bytes), and JSON writes a control character as
 * `\u00XX`, six bytes for one: a maximal meta of such characters is 12 MB on the wire (a 6 MB cap
 * answered 422 to a body inside every documented limit). Plus 64 KB for the other fields.
 */
export const TARGET_BODY_LIMIT_BYTES = Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 6 * MAX_IMAGE_BYTES + 64 * 1024

/**
 * Every route and its methods; anything else on a known path is a 405 with `Allow`. Exported so
 * the reliability suite can prove that a visitor token is refused on every route but search.
 */
export const ROUTES: ReadonlyArray<readonly [path: string, methods: string]> = [
  ['/ping', 'GET'],
  ['/search', 'POST'],
  ['/v2/search', 'POST'],
  ['/token', 'GET, POST'],
  ['/targets', 'GET, POST, DELETE'],
  ['/targets/infos', 'GET'],
  ['/targets/count', 'GET'],
  ['/target/:id', 'GET, PUT, DELETE'],
  ['/similar', 'POST'],
  ['/grade/:kind{detection|tracking|detail}', 'POST'],
]

export interface CreateAppOptions {
  /** The engine, or a function that opens it on first use (called once). */
  engine: RecognitionEngineApi | (() => Promise<RecognitionEngineApi>)
  /** Overrides over `resolveConfig({}, {})` defaults (env is not read here). */
  config?: Partial<AppConfig>
  clock?: Clock
  /** Rate-limit key; defaults to the socket's remote address (or X-Forwarded-For with trustProxy). */
  clientKey?: (c: Context) => string
  /** Override the `/token` minting (tests). */
  tokens?: TokenService
  /** Where unexpected errors are reported. */
  log?: (message: string) => void
}

function socketClientKey(trustProxy: boolean) {
  return function clientKey(c: Context): string {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
      if (forwarded) return forwarded
    }
    const env = c.env as { incoming?: IncomingMessage } | undefined
    return env?.incoming?.socket?.remoteAddress ?? 'unknown'
  }
}

/** The path as routes see it (one trailing slash dropped: the app is not strict about it). */
function routePath(c: Context): string {
  const path = c.req.path
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

function lazy<T>(open: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= open().catch((error: unknown) => {
      pending = undefined // let the next request try again
      throw error
    })
    return pending
  }
}

/** Duck-typed so it also recognises errors re-created across worker or module boundaries. */
function asEngineError(error: unknown): { statusCode: number; message: string; field?: string } | undefined {
  if (!(error instanceof Error) || error.name !== 'EngineError') return undefined
  const { statusCode, field } = error as Error & { statusCode?: unknown; field?: unknown }
  if (typeof statusCode !== 'number') return undefined
  return { statusCode, message: engineReason(error.message), ...(typeof field === 'string' ? { field } : {}) }
}

export function toCrsError(error: unknown): CrsError | undefined {
  if (error instanceof CrsError) return error
  const engineError = asEngineError(error)
  if (engineError) {
    if (engineError.statusCode === StatusCode.PARAMETER_ERROR) {
      return parameterError(engineError.field ?? 'image', engineError.message)
    }
    const base = StatusMessage[engineError.statusCode] ?? 'Other error occur'
    const message = engineError.message && engineError.message !== base ? `${base.replace(/\.$/, '')}: ${engineError.message}` : base
    return new CrsError(engineError.statusCode, message)
  }
  // The client hung up mid-body (Node's "aborted"): not a server fault, and nobody reads the answer.
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
    return new CrsError(StatusCode.BAD_REQUEST, 'Bad request: the connection closed before the body was complete')
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return new CrsError(StatusCode.TOO_LARGE)
    if (error.status === 400) return new CrsError(StatusCode.BAD_REQUEST, `Bad request: ${error.message}`)
  }
  return undefined
}

export function createApp(options: CreateAppOptions): Hono {
  const config: AppConfig = { ...resolveConfig({}, {}), ...options.config }
  const clock = options.clock ?? systemClock
  const log = options.log ?? ((message: string) => console.error(message))
  const { engine } = options
  const localTokens = new LocalTokenIssuer({
    secret: config.apiSecret,
    appId: config.appId,
    ttlS: config.tokenTtlS,
    clock,
  })
  const services: Services = {
    config,
    clock,
    engine: typeof engine === 'function' ? lazy(engine) : async () => engine,
    authenticate: createAuthenticator({
      appId: config.appId,
      apiKey: config.apiKey,
      apiSecret: config.apiSecret,
      fixedToken: config.token,
      operatorToken: config.operatorToken,
      localTokens,
      clock,
    }),
    tokens: options.tokens ?? createTokenService({ easyar: config.easyar, tokenTtlS: config.tokenTtlS, localTokens, clock }),
    clientKey: options.clientKey ?? socketClientKey(config.trustProxy),
  }

  // strict: false: `/targets/` is `/targets`, as EasyAR's SDKs and docs write some paths
  // (`POST /targets/`, `/similar/`, `/grade/detection/`; docs/easyar-sdk-requests.md).
  const app = new Hono({ strict: false })

  const allowedHosts = config.allowedHosts === true ? true : [...config.allowedHosts, ...ownHostNames(config.host)]
  app.use('*', hostCheck(allowedHosts, clock))
  app.use('*', crsCors(config.corsOrigins))

  const apiLimiter = new TokenBucketLimiter(config.qps, clock)
  const tokenLimiter = new TokenBucketLimiter(config.tokenQps, clock)
  app.use('*', async function qpsLimit(c, next) {
    const path = routePath(c)
    if (path === '/ping') return next()
    const limiter = path === '/token' ? tokenLimiter : apiLimiter
    if (!limiter.take(services.clientKey(c))) throw new CrsError(StatusCode.OUT_OF_LIMIT)
    return next()
  })

  const tooLarge = (c: Context) =>
    sendError(
      c,
      clock,
      StatusCode.TOO_LARGE,
      `${StatusMessage[StatusCode.TOO_LARGE]}: the request body is over its limit (images ≤ ${MAX_IMAGE_BYTES} bytes decoded)`,
      422,
    )
  const searchLimit = bodyLimit({ maxSize: SEARCH_BODY_LIMIT_BYTES, onError: tooLarge })
  const targetLimit = bodyLimit({ maxSize: TARGET_BODY_LIMIT_BYTES, onError: tooLarge })
  app.use('*', async function crsBodyLimit(c, next) {
    const path = routePath(c)
    const targetWrite = path === '/targets' || path.startsWith('/target/')
    return (targetWrite ? targetLimit : searchLimit)(c, next)
  })

  app.get('/ping', (c) => sendOk(c, clock, { message: 'pong' }))
  registerSearchRoutes(app, services)
  registerTokenRoutes(app, services)
  registerTargetRoutes(app, services)

  for (const [path, methods] of ROUTES) {
    app.all(path, (c) => {
      throw new CrsError(StatusCode.METHOD_NOT_ALLOWED, `Method not allowed: ${c.req.method} ${c.req.path} (allowed: ${methods})`, {
        headers: { Allow: methods },
      })
    })
  }

  app.notFound((c) => sendError(c, clock, StatusCode.TARGET_NOT_FOUND, `Not found: ${c.req.method} ${c.req.path}`, 404))

  app.onError((error, c) => {
    const crs = toCrsError(error)
    if (crs) return sendError(c, clock, crs.statusCode, crs.message, crs.httpStatus, crs.headers)
    log(`crs: unexpected error on ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`)
    return sendError(c, clock, StatusCode.OTHER_ERROR, `Other error occur: ${error.message}`, 501)
  })

  return app
}

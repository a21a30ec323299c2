/**
 * @module
 * Vite plugin that serves the local CRS API on the app's own origin, in the same process, for both
 * `vite dev` and `vite preview`. Only the CRS paths are handled; everything else falls through.
 *
 * @example
 * // vite.config.ts
 * import { crsPlugin } from './server/src/vitePlugin.ts'
 * export default defineConfig({ plugins: [crsPlugin()] })
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import { QUEUE_WAIT_SHARE_OF_TIMEOUT, resolveConfig } from './config.ts'
import { RecognitionEngine } from './engine/RecognitionEngine.ts'
import type { RecognitionEngineApi } from './engine/types.ts'
import type { Hono } from 'hono'
import { SEARCH_BODY_LIMIT_BYTES, createApp } from './http/app.ts'
import { envelope } from './http/envelope.ts'
import { crsRequestListener } from './http/nodeListener.ts'
import { seedSamples } from './seed.ts'
import { LocalTokenIssuer } from './token/LocalTokenIssuer.ts'

export interface CrsPluginOptions {
  /** SQLite store. @default 'data/targets.db' (env CRS_DB wins) */
  dbPath?: string
  /** Sample targets added on first run. @default 'assets/targets' */
  seedDir?: string
  /** @default 'local-crs-app' (env CRS_APP_ID wins) */
  appId?: string
  /** A fixed token the API accepts (env CRS_TOKEN wins). */
  token?: string
  /** Lifetime of tokens from `/token`, seconds. @default 3600 (env CRS_TOKEN_TTL_S wins) */
  tokenTtlS?: number
  /** Requests per second per client. @default 20 (env CRS_QPS wins) */
  qps?: number
}

const EXACT_PATHS = new Set(['/search', '/v2/search', '/ping', '/token', '/targets', '/targets/infos', '/targets/count', '/similar'])
// `/targets/<file>` is NOT ours: the app's public dir serves the printable sample targets there.
const PATH_PREFIXES = ['/target/', '/grade/']

/** True for the URLs the CRS app answers (query strings ignored). */
export function isCrsPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0] ?? ''
  // One trailing slash is the same route (`POST /targets/`, `/similar/`: EasyAR's SDKs write them so).
  return EXACT_PATHS.has(path) || EXACT_PATHS.has(path.replace(/(.)\/$/, '$1')) || PATH_PREFIXES.some((prefix) => path.startsWith(prefix))
}

/**
 * Dev only (`vite`, not `vite preview`): the preview page's checks of a dropped target image.
 * `/grade/*` and `/similar` need operator credentials, which a page never holds; these two routes
 * run them with an operator token minted in this process, for a same-origin page on this machine
 * only (a phone on the LAN, or another site's page, gets 403). The token never leaves the server.
 */
export const PREVIEW_ROUTES: Readonly<Record<string, string>> = {
  '/__crs/preview/grade': '/grade/detection',
  '/__crs/preview/similar': '/similar',
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address ?? '')
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function answerPreview(
  req: IncomingMessage,
  res: ServerResponse,
  app: Hono,
  target: string,
  operatorToken: () => string,
): Promise<void> {
  const sameOrigin = (req.headers['sec-fetch-site'] ?? 'same-origin') === 'same-origin'
  if (req.method !== 'POST' || !isLoopback(req.socket.remoteAddress) || !sameOrigin) {
    const message = 'Forbidden: the preview checks answer a same-origin page on this machine only'
    sendJson(res, 403, envelope(403, { message }, Date.now()))
    return
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > SEARCH_BODY_LIMIT_BYTES) {
      sendJson(res, 422, envelope(422, { message: 'The image or meta exceeds its maximum permitted size' }, Date.now()))
      return
    }
    chunks.push(chunk)
  }
  const answer = await app.request(target, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: operatorToken() },
    body: Buffer.concat(chunks),
  })
  sendJson(res, answer.status, await answer.json())
}

type Middlewares = { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): unknown }
interface HostServer {
  middlewares: Middlewares
  httpServer: { once(event: 'close' | 'listening', listener: () => void): unknown } | null
}

export function crsPlugin(options: CrsPluginOptions = {}): Plugin {
  const env = process.env
  const log = (message: string) => console.error(message)
  let engine: Promise<RecognitionEngineApi> | undefined
  let users = 0

  function config() {
    const num = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value))
    const pick = <T>(fromEnv: T | undefined, fromOptions: T | undefined) => fromEnv ?? fromOptions
    const flags = {
      dbPath: pick(env.CRS_DB || undefined, options.dbPath),
      appId: pick(env.CRS_APP_ID || undefined, options.appId),
      token: pick(env.CRS_TOKEN || undefined, options.token),
      tokenTtlS: pick(num(env.CRS_TOKEN_TTL_S), options.tokenTtlS),
      qps: pick(num(env.CRS_QPS), options.qps),
      seedDir: pick(env.CRS_SEED_DIR || undefined, options.seedDir),
    }
    const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined))
    return resolveConfig(defined, env)
  }

  function mount(server: HostServer, dev: boolean): void {
    const resolved = config()
    // Opened once the server listens (or on the first CRS request), and shared by dev and preview servers of this process.
    const openEngine = () =>
      (engine ??= (async () => {
        const opened = await RecognitionEngine.open({
          dbPath: resolved.dbPath,
          warn: log,
          maxQueuedSearches: resolved.maxQueuedSearches,
          maxQueueWaitMs: resolved.searchTimeoutMs * QUEUE_WAIT_SHARE_OF_TIMEOUT,
        })
        try {
          await seedSamples(opened, resolved.seedDir, log)
        } catch (error) {
          log(`crs: could not seed samples from ${resolved.seedDir}: ${String(error)}`)
        }
        refreshStaleFeatures(opened, log)
        return opened
      })().catch((error: unknown) => {
        engine = undefined
        throw error
      }))
    // Vite has checked the Host already, against its own server.allowedHosts.
    const app = createApp({ engine: openEngine, config: { ...resolved, allowedHosts: true }, log })
    const listener = crsRequestListener(app)
    const operators = new LocalTokenIssuer({ secret: resolved.apiSecret, appId: resolved.appId, ttlS: 60 })
    users++
    server.middlewares.use((req, res, next) => {
      const preview = dev ? PREVIEW_ROUTES[(req.url ?? '').split('?')[0] ?? ''] : undefined
      if (preview) void answerPreview(req, res, app, preview, () => operators.mint('operator').token).catch(next)
      else if (isCrsPath(req.url)) void listener(req, res)
      else next()
    })
    server.httpServer?.once('close', () => {
      users--
      if (users > 0 || !engine) return
      const closing = engine
      engine = undefined
      closing.then((e) => e.close()).catch((error: unknown) => log(`crs: closing the engine: ${String(error)}`))
    })
    // Warm up as soon as the server listens (OpenCV load + seeding take seconds), so the
    // visitor's first search does not pay for it. A failure here is retried on first request.
    server.httpServer?.once('listening', () => {
      openEngine().catch((error: unknown) => log(`crs: could not open the engine: ${String(error)}`))
    })
    log(`crs: CRS API mounted (appId ${resolved.appId}, store ${resolved.dbPath})`)
  }

  return {
    name: 'crs',
    configureServer(server) {
      mount(server, true)
    },
    configurePreviewServer(server) {
      mount(server, false)
    },
  }
}

/**
 * A development store whose features an older engine extracted (an upgrade changed the feature
 * recipe) is re-extracted in the background, so `npm run dev` stays zero-configuration: searches
 * keep working meanwhile, with the old features. `crs serve` only warns (RecognitionEngine.open),
 * since a production library of thousands of targets is the operator's to reindex when it suits.
 */
function refreshStaleFeatures(engine: RecognitionEngine, log: (message: string) => void): void {
  if (!engine.featuresStale) return
  // The engine has just said to run `crs reindex`; here it runs by itself, so say that too.
  log(
    `crs: re-extracting the features of ${engine.countTargets()} target(s) for this engine, in the background (no need to run crs reindex)`,
  )
  engine
    .reindex()
    .then(({ targets, ms }) => log(`crs: ${targets} target(s) re-extracted in ${(ms / 1000).toFixed(1)} s`))
    .catch((error: unknown) => log(`crs: could not re-extract the features (${String(error)}); run "npx crs reindex"`))
}

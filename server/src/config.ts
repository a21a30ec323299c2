/**
 * @module
 * Resolves the local CRS options from command-line flags, then environment variables, then
 * defaults. One place for every tunable; see server/README.md "Environment variables".
 */

/** Dev-only API credentials for the local signature scheme. Set real ones outside a laptop. */
export const DEV_API_KEY = 'local-dev-api-key'
export const DEV_API_SECRET = 'local-dev-api-secret'

export interface EasyArCredentials {
  apiKey: string
  apiSecret: string
  appId: string
  tokenUrl: string
}

export interface CrsConfig {
  port: number
  host: string
  dbPath: string
  /** The CRS AppId of this library (opaque string). */
  appId: string
  /** A fixed token accepted in `Authorization` forever, for search only (curl, a dev page). */
  token: string | undefined
  /**
   * A fixed token accepted forever on the target API too (`CRS_OPERATOR_TOKEN`): for the
   * operator's own scripts, never for a page. Without it the target API takes the API key
   * signature or `crs token --operator`.
   */
  operatorToken: string | undefined
  /** Lifetime of locally minted tokens, seconds. */
  tokenTtlS: number
  /** Requests per second per client IP on the search and management APIs (token bucket). */
  qps: number
  /** Requests per second per client IP on `/token`. */
  tokenQps: number
  /** `'*'`, or extra allowed origins; same-origin and localhost/127.0.0.1 are always allowed. */
  corsOrigins: '*' | string[]
  /**
   * Extra `Host` names the server answers (`--allowed-hosts`, `CRS_ALLOWED_HOSTS`; `.example.com`
   * allows subdomains too), or `true` for any (`*`). IP literals, localhost and this machine's own
   * names are always allowed (http/hostCheck.ts).
   */
  allowedHosts: true | string[]
  /**
   * When set, `/token` answers only requests whose `Origin` is the server's own, a loopback one or
   * on this list (`CRS_TOKEN_ORIGINS`, `--token-origins`); requests without an Origin are refused.
   */
  tokenOrigins: string[] | undefined
  /** API key/secret of the local signature scheme (and the local token HMAC key). */
  apiKey: string
  apiSecret: string
  /** Set when EASYAR_API_KEY/SECRET/CRS_APP_ID are all present: `/token` mints real tokens. */
  easyar: EasyArCredentials | undefined
  /** Search requests slower than this answer statusCode 19 "Request timeout.". */
  searchTimeoutMs: number
  /** Searches that may wait for a worker; beyond, statusCode 21 at once (load shedding). */
  maxQueuedSearches: number
  /** Read the client IP from X-Forwarded-For (only behind a reverse proxy you control). */
  trustProxy: boolean
  seedDir: string
}

export type ConfigFlags = Partial<
  Omit<CrsConfig, 'easyar' | 'corsOrigins' | 'tokenOrigins' | 'allowedHosts'> & {
    corsOrigins: string
    tokenOrigins: string
    allowedHosts: string
  }
>

/** Queued search work may be expected to take at most this share of the search timeout. */
export const QUEUE_WAIT_SHARE_OF_TIMEOUT = 0.4

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export const DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  dbPath: 'data/targets.db',
  appId: 'local-crs-app',
  tokenTtlS: 3600,
  qps: 20,
  tokenQps: 5,
  searchTimeoutMs: 10_000,
  maxQueuedSearches: 32,
  seedDir: 'assets/targets',
} as const

type Env = Record<string, string | undefined>

function numberOption(name: string, raw: string | number | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = typeof raw === 'number' ? raw : Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive number, got "${raw}"`)
  }
  return value
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

export function parseCorsOrigins(raw: string | undefined): '*' | string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean)
  return list.includes('*') ? '*' : list
}

/** `a.example,.example.org` → names; `*` or `true` → every host. */
export function parseAllowedHosts(raw: string | undefined): true | string[] {
  const list = (raw ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
  return list.includes('*') || list.includes('true') ? true : list
}

/** A comma-separated list of origins, or undefined when none is given. `*` is not a choice here. */
export function parseOriginList(raw: string | undefined): string[] | undefined {
  const list = parseCorsOrigins(raw)
  if (list === '*') throw new ConfigError('CRS_TOKEN_ORIGINS cannot be "*": leave it unset to answer every origin')
  return list.length > 0 ? list : undefined
}

/**
 * @param flags values given on the command line (win over env)
 * @param env usually `process.env`
 * @example resolveConfig({ port: 9000 }, process.env)
 */
export function resolveConfig(flags: ConfigFlags = {}, env: Env = process.env): CrsConfig {
  const easyarKey = nonEmpty(env.EASYAR_API_KEY)
  const easyarSecret = nonEmpty(env.EASYAR_API_SECRET)
  const easyarAppId = nonEmpty(env.EASYAR_CRS_APP_ID)
  const easyar =
    easyarKey && easyarSecret && easyarAppId
      ? {
          apiKey: easyarKey,
          apiSecret: easyarSecret,
          appId: easyarAppId,
          tokenUrl: nonEmpty(env.EASYAR_TOKEN_URL) ?? 'https://uac.easyar.com/token/v2',
        }
      : undefined

  const port = flags.port ?? numberOption('CRS_PORT', env.CRS_PORT, DEFAULTS.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`port must be an integer 0–65535, got "${port}"`)
  }
  return {
    port,
    host: flags.host ?? nonEmpty(env.CRS_HOST) ?? DEFAULTS.host,
    dbPath: flags.dbPath ?? nonEmpty(env.CRS_DB) ?? DEFAULTS.dbPath,
    appId: flags.appId ?? nonEmpty(env.CRS_APP_ID) ?? DEFAULTS.appId,
    token: flags.token ?? nonEmpty(env.CRS_TOKEN),
    operatorToken: flags.operatorToken ?? nonEmpty(env.CRS_OPERATOR_TOKEN),
    tokenTtlS: numberOption('CRS_TOKEN_TTL_S', flags.tokenTtlS ?? env.CRS_TOKEN_TTL_S, DEFAULTS.tokenTtlS),
    qps: numberOption('CRS_QPS', flags.qps ?? env.CRS_QPS, DEFAULTS.qps),
    tokenQps: numberOption('CRS_TOKEN_QPS', flags.tokenQps ?? env.CRS_TOKEN_QPS, DEFAULTS.tokenQps),
    corsOrigins: parseCorsOrigins(flags.corsOrigins ?? env.CRS_CORS_ORIGINS),
    tokenOrigins: parseOriginList(flags.tokenOrigins ?? env.CRS_TOKEN_ORIGINS),
    allowedHosts: parseAllowedHosts(flags.allowedHosts ?? env.CRS_ALLOWED_HOSTS),
    apiKey: flags.apiKey ?? nonEmpty(env.CRS_API_KEY) ?? DEV_API_KEY,
    apiSecret: flags.apiSecret ?? nonEmpty(env.CRS_API_SECRET) ?? DEV_API_SECRET,
    easyar,
    searchTimeoutMs: numberOption('CRS_SEARCH_TIMEOUT_MS', flags.searchTimeoutMs ?? env.CRS_SEARCH_TIMEOUT_MS, DEFAULTS.searchTimeoutMs),
    maxQueuedSearches: numberOption('CRS_MAX_QUEUE', flags.maxQueuedSearches ?? env.CRS_MAX_QUEUE, DEFAULTS.maxQueuedSearches),
    trustProxy: flags.trustProxy ?? env.CRS_TRUST_PROXY === '1',
    seedDir: flags.seedDir ?? nonEmpty(env.CRS_SEED_DIR) ?? DEFAULTS.seedDir,
  }
}

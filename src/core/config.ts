/**
 * Runtime configuration: build-time Vite env vars, overridable per page load with URL
 * parameters (handy on a booth laptop and in tests), clamped to safe ranges.
 * The lil-gui debug panel edits this object in place; it holds no state of its own.
 * Nothing secret lives here: tokens come from the token URL at run time, or a fixed
 * public test token.
 */
import { MIN_SEARCH_INTERVAL_MS } from '../protocol/statusCodes'

export interface AppConfig {
  /** Skip frames not worth a search (blurry, dark, unchanged); see docs/smart-capture.md. */
  smartCapture: boolean
  /** Client-end URL of the CRS library; '' = same origin (the local recognizer in dev). */
  clientEndUrl: string
  appId: string
  /** A fixed token (only for quick tests; prefer tokenUrl). */
  token: string
  /** Where to fetch `{token, expiration, appId}`; '' disables. */
  tokenUrl: string
  /** Time between searches while scanning (ms). */
  intervalMs: number
  /** Request timeout (ms). */
  requestTimeoutMs: number
  /** Long side of the captured frame, in pixels. */
  captureLongSide: number
  /** JPEG quality 0–1 of the captured frame. */
  jpegQuality: number
  /** Cap on devicePixelRatio for the WebGL canvas. */
  maxPixelRatio: number
  /** Show the lil-gui debug panel. */
  debug: boolean
  /**
   * Follow the recognized print so content stands on it (searches then ask for EasyAR's
   * `trackingImage`, which only hits carry). `?tracking=0` keeps content in front of the camera.
   */
  tracking: boolean
  /** Test clips only: read the frame number each clip frame carries (`?trackprobe`). */
  trackingProbe: boolean
}

const env = import.meta.env

/** Defaults for the capture come from measurement; see README "Performance". */
export const DEFAULT_CONFIG: AppConfig = {
  clientEndUrl: env.VITE_CRS_CLIENT_URL ?? '',
  appId: env.VITE_CRS_APP_ID ?? 'local-crs-app',
  token: env.VITE_CRS_TOKEN ?? '',
  tokenUrl: env.VITE_CRS_TOKEN_URL ?? (env.VITE_CRS_TOKEN ? '' : '/token'),
  intervalMs: 1000,
  requestTimeoutMs: 8000,
  // `npm run bench:payload` (40 generated photos, real engine): quality barely moves recall
  // (0.5–0.7 within one frame) while bytes grow ~15 % per step; the long side does (640 px:
  // 0.78, 800 px: 0.88, 960 px: 0.90). 800 px at 0.5 is the cheapest setting within one frame of
  // the best recall: 33.5 KB median, the size 640 px at 0.7 costs.
  captureLongSide: 800,
  jpegQuality: 0.5,
  maxPixelRatio: 2,
  smartCapture: true,
  debug: false,
  tracking: true,
  trackingProbe: false,
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** Reads `?interval=…&longSide=…&quality=…&smart=0&debug` style overrides; bad values are ignored. */
export function readConfig(search: string = globalThis.location?.search ?? ''): AppConfig {
  const params = new URLSearchParams(search)
  const config = { ...DEFAULT_CONFIG }
  const num = (key: string) => {
    const raw = params.get(key)
    if (raw === null || raw.trim() === '') return undefined
    const value = Number(raw)
    return Number.isFinite(value) ? value : undefined
  }
  const interval = num('interval')
  if (interval !== undefined) config.intervalMs = interval
  const longSide = num('longSide')
  if (longSide !== undefined) config.captureLongSide = longSide
  const quality = num('quality')
  if (quality !== undefined) config.jpegQuality = quality
  const timeout = num('timeout')
  if (timeout !== undefined) config.requestTimeoutMs = timeout
  // `?smart=0` (or `off`/`false`) switches smart capture off; `?smart` or `?smart=1` on.
  const smart = params.get('smart')
  if (smart !== null) config.smartCapture = !['0', 'off', 'false', 'no'].includes(smart.trim().toLowerCase())
  config.debug = params.has('debug')
  const tracking = params.get('tracking')
  if (tracking !== null) config.tracking = !['0', 'off', 'false', 'no'].includes(tracking.trim().toLowerCase())
  config.trackingProbe = params.has('trackprobe')
  return sanitizeConfig(config)
}

/** Clamps every tunable into its safe range; used after URL overrides and debug-panel edits. */
export function sanitizeConfig(config: AppConfig): AppConfig {
  config.intervalMs = clamp(Math.round(config.intervalMs), MIN_SEARCH_INTERVAL_MS, 60_000)
  config.captureLongSide = clamp(Math.round(config.captureLongSide), 160, 1920)
  config.jpegQuality = clamp(config.jpegQuality, 0.3, 0.95)
  config.requestTimeoutMs = clamp(Math.round(config.requestTimeoutMs), 1000, 60_000)
  config.maxPixelRatio = clamp(config.maxPixelRatio, 1, 3)
  return config
}

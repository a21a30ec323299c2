/**
 * @module
 * What the route modules share: engine access, auth, clocks and limits. Built once by `createApp`.
 */
import type { Context } from 'hono'
import type { Authenticate } from '../auth/authenticate.ts'
import type { CrsConfig } from '../config.ts'
import type { RecognitionEngineApi } from '../engine/types.ts'
import type { TokenService } from '../token/TokenService.ts'
import type { Clock } from '../core/Clock.ts'

export type AppConfig = Pick<
  CrsConfig,
  | 'appId'
  | 'token'
  | 'operatorToken'
  | 'tokenTtlS'
  | 'qps'
  | 'tokenQps'
  | 'corsOrigins'
  | 'tokenOrigins'
  | 'allowedHosts'
  | 'host'
  | 'apiKey'
  | 'apiSecret'
  | 'easyar'
  | 'searchTimeoutMs'
  | 'trustProxy'
>

export interface Services {
  config: AppConfig
  clock: Clock
  engine: () => Promise<RecognitionEngineApi>
  authenticate: Authenticate
  tokens: TokenService
  /** Key for rate limiting: the client IP. */
  clientKey: (c: Context) => string
}

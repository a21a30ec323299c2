/**
 * @module
 * What `POST /token` hands out: a real EasyAR Cloud Token when EasyAR credentials are configured,
 * otherwise a local token the local `/search` accepts until it expires.
 */
import type { TokenResponse } from '../../../src/protocol/types.ts'
import type { EasyArCredentials } from '../config.ts'
import type { Clock } from '../core/Clock.ts'
import { EasyArTokenClient } from './EasyArTokenClient.ts'
import type { LocalTokenIssuer } from './LocalTokenIssuer.ts'

export interface TokenService {
  readonly mode: 'easyar' | 'local'
  mint(): Promise<TokenResponse>
}

export function createTokenService(options: {
  easyar: EasyArCredentials | undefined
  tokenTtlS: number
  localTokens: LocalTokenIssuer
  clock: Clock
}): TokenService {
  const { easyar } = options
  if (easyar) {
    const client = new EasyArTokenClient({
      apiKey: easyar.apiKey,
      apiSecret: easyar.apiSecret,
      appId: easyar.appId,
      url: easyar.tokenUrl,
      expiresS: options.tokenTtlS,
      clock: options.clock,
    })
    return { mode: 'easyar', mint: () => client.getToken() }
  }
  return { mode: 'local', mint: async () => options.localTokens.mint() }
}

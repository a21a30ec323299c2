/**
 * @module
 * What `crs serve` prints when it listens: the truth for the mode it is in, and never a token that
 * may do more than search (the target API needs the API key signature or `crs token --operator`).
 */
import type { CrsConfig } from '../config.ts'
import { LocalTokenIssuer } from '../token/LocalTokenIssuer.ts'

export interface BannerFacts {
  url: string
  targetCount: number
}

const OPERATOR_HINT =
  '  admin   the target API takes the API key signature (CRS_API_KEY/CRS_API_SECRET) or TOKEN=$(npx crs token --operator)'

export function serveBanner(config: CrsConfig, facts: BannerFacts): string {
  const { url } = facts
  const store = `  store   ${config.dbPath} (${facts.targetCount} targets)`
  if (config.easyar) {
    // /token hands out EasyAR's own tokens, for EasyAR's Client-end URL: this server's AppId and
    // local tokens are not what a page in this mode uses, so neither is printed as if it were.
    return [
      `crs: serving the CRS API on ${url}`,
      `  /token  mints EasyAR Cloud tokens (search only) for EasyAR AppId ${config.easyar.appId}, for EasyAR's Client-end URL`,
      `  local   this server's own library (AppId ${config.appId}) takes local tokens: TOKEN=$(npx crs token)`,
      store,
      OPERATOR_HINT,
      'Try:',
      `  curl -s -X POST ${url}/token`,
      '',
    ].join('\n')
  }
  const token =
    config.token ?? new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint('search').token
  const image = `${config.seedDir}/tea-box.png`
  return [
    `crs: serving the CRS API on ${url}`,
    `  appId   ${config.appId}`,
    store,
    `  token   ${token}${config.token ? ' (fixed, search only)' : ` (search only, valid ${config.tokenTtlS} s; more from POST /token)`}`,
    OPERATOR_HINT,
    'Try:',
    `  (printf '{"appId":"${config.appId}","notracking":true,"image":"'; base64 < ${image} | tr -d '\\n'; printf '"}') |`,
    `    curl -s ${url}/search -H 'Content-Type: application/json' -H 'Authorization: ${token}' -d @-`,
    '',
  ].join('\n')
}

/**
 * @module
 * `crs token`: mints a local access token (for curl and scripts). A visitor token may only search,
 * like one from `POST /token`; `--operator` mints one for the target API, which is never handed
 * to a page (the server has no route that mints it).
 */
import { LocalTokenIssuer } from '../../token/LocalTokenIssuer.ts'
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { configOf, positiveInt, str } from '../options.ts'
import { json } from '../output.ts'

/** Longest lifetime `--ttl` accepts: 30 days. */
const MAX_TOKEN_TTL_S = 30 * 24 * 3600

export const token: Command = {
  options: { json: { type: 'boolean' }, ttl: { type: 'string' }, operator: { type: 'boolean' } },
  positionals: [],
  async run(context) {
    const ttl = positiveInt('ttl', str(context, 'ttl'))
    // A token outliving a campaign is a leak waiting to happen; 0 would be dead on arrival.
    if (ttl !== undefined && (ttl < 1 || ttl > MAX_TOKEN_TTL_S))
      throw new CliError(`--ttl must be 1-${MAX_TOKEN_TTL_S} seconds (30 days), got ${ttl}`, 2)
    const config = configOf(context, ttl !== undefined ? { tokenTtlS: ttl } : {})
    const scope = context.values.operator === true ? 'operator' : 'search'
    const minted = new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint(scope)
    if (context.values.json) json(context.io, { ...minted, scope })
    else context.io.stdout(`${minted.token}\n`)
    return 0
  },
}

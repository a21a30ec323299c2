/**
 * @module
 * `crs token`: mints a local access token (for curl and scripts).
 */
import { LocalTokenIssuer } from '../../token/LocalTokenIssuer.ts'
import type { Command } from '../Command.ts'
import { configOf, positiveInt, str } from '../options.ts'
import { json } from '../output.ts'

export const token: Command = {
  options: { json: { type: 'boolean' }, ttl: { type: 'string' } },
  positionals: [],
  async run(context) {
    const ttl = positiveInt('ttl', str(context, 'ttl'))
    const config = configOf(context, ttl ? { tokenTtlS: ttl } : {})
    const minted = new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint()
    if (context.values.json) json(context.io, minted)
    else context.io.stdout(`${minted.token}\n`)
    return 0
  },
}

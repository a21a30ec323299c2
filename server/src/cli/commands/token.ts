/**
 * @module
 * `crs token`: mints a local access token (for curl and scripts). A visitor token may only search,
 * like one from `POST /token`; `--operator` mints one for the target API, which is never handed
 * to a page (the server has no route that mints it).
 */
import { LocalTokenIssuer } from '../../token/LocalTokenIssuer.ts'
import type { Command } from '../Command.ts'
import { configOf, positiveInt, str } from '../options.ts'
import { json } from '../output.ts'

export const token: Command = {
  options: { json: { type: 'boolean' }, ttl: { type: 'string' }, operator: { type: 'boolean' } },
  positionals: [],
  async run(context) {
    const ttl = positiveInt('ttl', str(context, 'ttl'))
    const config = configOf(context, ttl ? { tokenTtlS: ttl } : {})
    const scope = context.values.operator === true ? 'operator' : 'search'
    const minted = new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint(scope)
    if (context.values.json) json(context.io, { ...minted, scope })
    else context.io.stdout(`${minted.token}\n`)
    return 0
  },
}
